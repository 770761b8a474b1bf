//! The form to report a problem with the website.

use civic_api::form_post::{FormOutcome, FormPost};
use civic_api::problem_report::{DESCRIPTION_MIN, ProblemReportReceipt, ProblemReportRequest, REPORT_FORM_ID};
use civic_api::{ErrorCode, FieldErrors, Locale};
use leptos::html::H1;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use leptos_router::params::ParamsMap;

use crate::api::{self, ApiError};
use crate::browser::{focus_element, focus_heading_after_navigation, set_document_meta};
use crate::first_page;
use crate::i18n::{t_string, td_string, use_i18n};
use crate::pages::report_fields::{FormField, Honeypot};
use crate::pages::report_form::{ReportField, ReportForm};
use crate::ui_locale;

/// How the last attempt to send ended.
#[derive(Debug, Clone, PartialEq)]
enum Outcome {
    Sent(String),
    Invalid,
    Failed(ApiError),
}

#[component]
pub fn ReportProblem(locale: Locale) -> impl IntoView {
    let i18n = use_i18n();
    let heading = NodeRef::<H1>::new();
    focus_heading_after_navigation(heading);
    let ui = ui_locale(locale);
    set_document_meta(td_string!(ui, report.title), Some(td_string!(ui, report.description)));

    // A form the browser posted by itself comes back drawn with its answer.
    let (form, posted) = match first_page::take_form_post::<ProblemReportRequest>(REPORT_FORM_ID) {
        Some(post) => from_post(post),
        None => (ReportForm::new(), None),
    };
    // The footer's link says which page the visitor was on: read at once,
    // so the server draws it too, and in an effect, since on a client-side
    // navigation the query may settle after the path that created this page.
    // A posted form keeps the page it was sent with.
    if posted.is_none() {
        let query = use_query_map();
        let prefill = move |query: &ParamsMap| {
            if let Some(page) = query.get("page") {
                form.prefill(ReportField::Page, page);
            }
        };
        query.with_untracked(prefill);
        Effect::new(move || query.with(prefill));
    }
    let outcome = RwSignal::new(posted);
    let base = api::api_base();
    let send = Action::new_local(move |request: &ProblemReportRequest| {
        let (base, request) = (base.clone(), request.clone());
        async move { api::report_problem(&base, &request).await }
    });
    let pending = send.pending();
    Effect::new(move || {
        let Some(result) = send.value().get() else { return };
        outcome.set(Some(answer(form, result)));
    });
    let submit = move || {
        if pending.get_untracked() {
            return;
        }
        if let Some(field) = form.check_all() {
            outcome.set(Some(Outcome::Invalid));
            focus_element(field.id());
            return;
        }
        outcome.set(None);
        send.dispatch(form.request(locale));
    };

    let min = DESCRIPTION_MIN;
    view! {
        <h1 tabindex="-1" node_ref=heading>
            {move || t_string!(i18n, report.title)}
        </h1>
        <p>{move || t_string!(i18n, report.intro)}</p>
        // Without the app the browser posts the form to this page, and the
        // server answers with it drawn again.
        <form
            class="report-form"
            method="post"
            novalidate
            on:submit=move |event| {
                event.prevent_default();
                submit();
            }
        >
            <input type="hidden" name="idempotency_key" value=move || form.idempotency_key() />
            <FormField
                form
                field=ReportField::Page
                label=Signal::derive(move || t_string!(i18n, report.page_label).to_string())
                hint=Signal::derive(move || t_string!(i18n, report.page_hint).to_string())
            />
            <FormField
                form
                field=ReportField::Description
                multiline=true
                label=Signal::derive(move || t_string!(i18n, report.description_label).to_string())
                hint=Signal::derive(move || t_string!(i18n, report.description_hint, min = min).to_string())
            />
            <FormField
                form
                field=ReportField::Email
                input_type="email"
                autocomplete="email"
                label=Signal::derive(move || t_string!(i18n, report.email_label).to_string())
                hint=Signal::derive(move || t_string!(i18n, report.email_hint).to_string())
            />
            <Honeypot form />
            <button type="submit" disabled=move || pending.get()>
                {move || match pending.get() {
                    true => t_string!(i18n, report.sending),
                    false => t_string!(i18n, report.submit),
                }}
            </button>
        </form>
        // Both regions exist from the start: screen readers announce changes
        // to a live region, not a region that appears.
        <div class="form-status" role="status" aria-live="polite">
            {move || match outcome.get() {
                Some(Outcome::Sent(reference)) => {
                    Some(
                        view! {
                            <p class="success">{move || t_string!(i18n, report.success, reference = &reference).to_string()}</p>
                        }
                            .into_any(),
                    )
                }
                _ => None,
            }}
        </div>
        <div class="form-alert" role="alert">
            {move || match outcome.get() {
                Some(Outcome::Invalid) => Some(view! { <p>{t_string!(i18n, report.invalid)}</p> }.into_any()),
                Some(Outcome::Failed(error)) => {
                    let reason = match error {
                        ApiError::Network => t_string!(i18n, report.error_network),
                        ApiError::Server(body) if body.code == ErrorCode::RateLimited => {
                            t_string!(i18n, report.error_rate_limited)
                        }
                        _ => t_string!(i18n, report.error_server),
                    };
                    Some(
                        view! {
                            <p>{reason}</p>
                            <button type="button" on:click=move |_| submit()>
                                {move || t_string!(i18n, page.retry)}
                            </button>
                        }
                            .into_any(),
                    )
                }
                _ => None,
            }}
        </div>
    }
}

/// The form and its outcome as the server answered a post of it.
fn from_post(post: FormPost<ProblemReportRequest>) -> (ReportForm, Option<Outcome>) {
    let FormPost { request, outcome, .. } = post;
    match outcome {
        FormOutcome::Received { reference } => {
            let form = ReportForm::from_post(&request, FieldErrors::new());
            form.start_over();
            (form, Some(Outcome::Sent(reference)))
        }
        FormOutcome::Invalid { fields } => (ReportForm::from_post(&request, fields), Some(Outcome::Invalid)),
        FormOutcome::RateLimited => (
            ReportForm::from_post(&request, FieldErrors::new()),
            Some(Outcome::Failed(ApiError::refused(ErrorCode::RateLimited))),
        ),
        FormOutcome::CheckInbox | FormOutcome::Closed | FormOutcome::Failed => (
            ReportForm::from_post(&request, FieldErrors::new()),
            Some(Outcome::Failed(ApiError::refused(ErrorCode::Internal))),
        ),
    }
}

/// Turns the API's answer into what the form shows; the typed text is kept
/// unless the report went through.
fn answer(form: ReportForm, result: Result<ProblemReportReceipt, ApiError>) -> Outcome {
    match result {
        Ok(receipt) => {
            form.start_over();
            Outcome::Sent(receipt.reference)
        }
        Err(ApiError::Server(body)) if body.code == ErrorCode::Validation => {
            form.set_server_errors(body.fields);
            Outcome::Invalid
        }
        Err(error) => Outcome::Failed(error),
    }
}
