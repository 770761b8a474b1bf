//! The form to report a problem with the website.

use civic_api::Locale;
use civic_api::form_post::{FormOutcome, FormPost};
use civic_api::problem_report::{DESCRIPTION_MIN, ProblemReportReceipt, ProblemReportRequest, REPORT_FORM_ID};
use leptos::html::H1;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use leptos_router::params::ParamsMap;

use crate::api::{self, ApiError};
use crate::browser::{focus_heading_after_navigation, set_document_meta};
use crate::first_page;
use crate::form_kit::{FormAlert, FormStatus, Honeypot, IdempotencyKeyInput, SubmitButton, TextField};
use crate::i18n::td_string;
use crate::pages::report_form::{ReportForm, description_error, email_error, failure_texts, page_error};
use crate::request::Request;
use crate::ui_locale;

#[component]
pub fn ReportProblem(locale: Locale) -> impl IntoView {
    let heading = NodeRef::<H1>::new();
    focus_heading_after_navigation(heading);
    let ui = ui_locale(locale);
    set_document_meta(td_string!(ui, report.title), Some(td_string!(ui, report.description)));

    let form = ReportForm::new();
    // The reference of the last report that went through.
    let received = RwSignal::new(None::<String>);
    // A form the browser posted by itself comes back drawn with its answer.
    let posted = first_page::take_form_post::<ProblemReportRequest>(REPORT_FORM_ID);
    if let Some(FormPost { request, outcome, .. }) = &posted {
        form.fill(request);
        if form.kit.restore(&request.idempotency_key, &request.website, outcome) {
            form.start_over();
            if let FormOutcome::Received { reference } = outcome {
                received.set(Some(reference.clone()));
            }
        }
    }
    // The footer's link says which page the visitor was on: read at once,
    // so the server draws it too, and in an effect, since on a client-side
    // navigation the query may settle after the path that created this page.
    // A posted form keeps the page it was sent with.
    if posted.is_none() {
        let query = use_query_map();
        let prefill = move |query: &ParamsMap| {
            if let Some(page) = query.get("page") {
                form.page.prefill(page);
            }
        };
        query.with_untracked(prefill);
        Effect::new(move || query.with(prefill));
    }
    let send = Request::<Result<ProblemReportReceipt, ApiError>>::new();
    let pending = send.pending();
    Effect::new(move || {
        let Some(result) = send.answer().get() else { return };
        if let Some(receipt) = form.kit.answer(result) {
            form.start_over();
            received.set(Some(receipt.reference));
        }
    });
    let base = StoredValue::new(api::api_base());
    let submit = Callback::new(move |()| {
        if pending.get_untracked() || !form.kit.check(&form.fields()) {
            return;
        }
        received.set(None);
        let request = form.request(locale);
        let base = base.get_value();
        send.send(async move { api::report_problem(&base, &request).await });
    });

    let min = DESCRIPTION_MIN;
    view! {
        <h1 tabindex="-1" node_ref=heading>
            {td_string!(ui, report.title)}
        </h1>
        <p>{td_string!(ui, report.intro)}</p>
        // Without the app the browser posts the form to this page, and the
        // server answers with it drawn again.
        <form
            class="report-form"
            method="post"
            novalidate
            on:submit=move |event| {
                event.prevent_default();
                submit.run(());
            }
        >
            <IdempotencyKeyInput kit=form.kit />
            <TextField
                field=form.page
                label=td_string!(ui, report.page_label).to_owned()
                hint=td_string!(ui, report.page_hint).to_owned()
                error_text=Callback::new(move |error| page_error(ui, error))
            />
            <TextField
                field=form.description
                rows=Some(6)
                label=td_string!(ui, report.description_label).to_owned()
                hint=td_string!(ui, report.description_hint, min = min).to_string()
                error_text=Callback::new(move |error| description_error(ui, error))
            />
            <TextField
                field=form.email
                input_type="email"
                autocomplete="email"
                label=td_string!(ui, report.email_label).to_owned()
                hint=td_string!(ui, report.email_hint).to_owned()
                error_text=Callback::new(move |error| email_error(ui, error))
            />
            <Honeypot kit=form.kit locale id="report-website".to_owned() />
            <SubmitButton
                kit=form.kit
                pending
                label=td_string!(ui, report.submit)
                sending=td_string!(ui, report.sending)
            />
        </form>
        <FormStatus message=Signal::derive(move || {
            received.get().map(|reference| td_string!(ui, report.success, reference = &reference).to_string())
        }) />
        <FormAlert kit=form.kit locale texts=failure_texts(ui) retry=submit />
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use civic_api::Locale;
    use leptos::prelude::*;
    use leptos_router::components::Router;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::*;

    use crate::components::site_context::SiteContext;
    use crate::pages::report_problem::ReportProblem;
    use crate::test_support::{container, find, fire, open};

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    async fn a_too_short_description_gets_a_translated_error_once_the_field_is_left() {
        open("/fr/report-a-problem?page=%2Ffr%2Fabout");
        let root = container();
        let _mounted = leptos::mount::mount_to(root.clone(), || {
            view! {
                <Router>
                    <SiteContext>
                        <ReportProblem locale=Locale::Fr />
                    </SiteContext>
                </Router>
            }
        });
        leptos::task::tick().await;
        let page: web_sys::HtmlInputElement = find(&root, "#report-page").expect("a page field").unchecked_into();
        assert_eq!(page.value(), "/fr/about", "the page comes from ?page=");

        let description = find(&root, "#report-description").expect("a description field");
        description
            .unchecked_ref::<web_sys::HtmlTextAreaElement>()
            .set_value("court");
        fire(&description, "input", true);
        leptos::task::tick().await;
        assert!(
            find(&root, "#report-description-error").is_none(),
            "no error while the field is being filled in"
        );

        fire(&description, "blur", false);
        leptos::task::tick().await;
        let error = find(&root, "#report-description-error").expect("an error once the field is left");
        assert_eq!(
            error.text_content().as_deref(),
            Some("Décrivez le problème en 10 caractères au moins.")
        );
        assert_eq!(description.get_attribute("aria-invalid").as_deref(), Some("true"));
        let described_by = description.get_attribute("aria-describedby").unwrap_or_default();
        assert!(
            described_by.split(' ').any(|id| id == "report-description-error"),
            "{described_by}"
        );
    }
}
