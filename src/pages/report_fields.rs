//! The inputs of the report-a-problem form and their translated messages.

use civic_api::FieldError;
use civic_api::problem_report::{DESCRIPTION_MAX, DESCRIPTION_MIN};
use leptos::prelude::*;

use crate::first_page::textarea_text;
use crate::i18n::{I18n, t_string, use_i18n};
use crate::pages::report_form::{ReportField, ReportForm};

/// One labelled input (or textarea), its hint, and its error once there is
/// one, tied together with `aria-describedby`.
#[component]
pub fn FormField(
    form: ReportForm,
    field: ReportField,
    label: Signal<String>,
    hint: Signal<String>,
    #[prop(optional)] multiline: bool,
    #[prop(optional)] input_type: Option<&'static str>,
    #[prop(optional)] autocomplete: Option<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    let value = form.value(field);
    let has_error = move || form.error(field).is_some();
    let invalid = move || has_error().then_some("true");
    let described_by = move || match has_error() {
        true => format!("{} {}", field.hint_id(), field.error_id()),
        false => field.hint_id(),
    };
    let on_input = move |event| form.edit(field, event_target_value(&event));
    let on_blur = move |_| form.touch(field);
    // What the field starts with, written in the HTML too, so a form the
    // server draws again after a post keeps what was typed.
    let initial = value.get_untracked();
    let control = if multiline {
        view! {
            <textarea
                id=field.id()
                name=field.name()
                rows="6"
                prop:value=move || value.get()
                on:input=on_input
                on:blur=on_blur
                aria-invalid=invalid
                aria-describedby=described_by
            >
                {textarea_text(initial)}
            </textarea>
        }
        .into_any()
    } else {
        view! {
            <input
                id=field.id()
                name=field.name()
                type=input_type.unwrap_or("text")
                autocomplete=autocomplete.unwrap_or("off")
                value=initial
                prop:value=move || value.get()
                on:input=on_input
                on:blur=on_blur
                aria-invalid=invalid
                aria-describedby=described_by
            />
        }
        .into_any()
    };
    view! {
        <div class="field">
            <label for=field.id()>{label}</label>
            <p class="hint" id=field.hint_id()>
                {hint}
            </p>
            {control}
            {move || {
                form.error(field)
                    .map(|error| {
                        view! {
                            <p class="field-error" id=field.error_id()>
                                {error_text(i18n, field, error)}
                            </p>
                        }
                    })
            }}
        </div>
    }
}

/// Why a field was refused, in words that say how to put it right.
fn error_text(i18n: I18n, field: ReportField, error: FieldError) -> String {
    let (min, max) = (DESCRIPTION_MIN, DESCRIPTION_MAX);
    let text = match (field, error) {
        (ReportField::Page, FieldError::Required) => t_string!(i18n, report.errors.page_required),
        (ReportField::Page, FieldError::TooLong) => t_string!(i18n, report.errors.page_too_long),
        (ReportField::Page, _) => t_string!(i18n, report.errors.page_invalid),
        (ReportField::Description, FieldError::Required) => t_string!(i18n, report.errors.description_required),
        (ReportField::Description, FieldError::TooShort) => {
            return t_string!(i18n, report.errors.description_too_short, min = min).to_string();
        }
        (ReportField::Description, FieldError::TooLong) => {
            return t_string!(i18n, report.errors.description_too_long, max = max).to_string();
        }
        (ReportField::Description, FieldError::Invalid) => t_string!(i18n, report.errors.other),
        (ReportField::Email, FieldError::TooLong) => t_string!(i18n, report.errors.email_too_long),
        (ReportField::Email, _) => t_string!(i18n, report.errors.email_invalid),
    };
    text.to_string()
}

/// A field that people never see nor reach, and assistive technology
/// ignores; automated senders fill it in and give themselves away.
#[component]
pub fn Honeypot(form: ReportForm) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="honeypot" aria-hidden="true">
            <label for="report-website">{move || t_string!(i18n, report.website_label)}</label>
            <input
                id="report-website"
                name="website"
                type="text"
                tabindex="-1"
                autocomplete="off"
                value=form.website.get_untracked()
                prop:value=move || form.website.get()
                on:input=move |event| form.website.set(event_target_value(&event))
            />
        </div>
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
