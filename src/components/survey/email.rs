//! The address of a survey that counts one answer per person: the answer
//! counts once the link we e-mail to it is followed.

use civic_api::FieldError;
use leptos::prelude::*;

use crate::components::survey::state::SurveyState;
use crate::i18n::td_string;
use crate::ui_locale;

pub const EMAIL_ID: &str = "survey-email";

#[component]
pub fn SurveyEmail(state: SurveyState) -> impl IntoView {
    let ui = ui_locale(state.locale);
    let error = move || state.errors.with(|errors| errors.get("email").copied());
    let message = move |error: FieldError| match error {
        FieldError::Required => td_string!(ui, survey_form.errors.email_required),
        FieldError::TooLong => td_string!(ui, survey_form.errors.email_too_long),
        _ => td_string!(ui, survey_form.errors.email_invalid),
    };
    view! {
        <div class="field survey-email">
            <label for=EMAIL_ID>
                {td_string!(ui, survey_form.email_label)}
                <span class="required-mark" aria-hidden="true">
                    " *"
                </span>
            </label>
            <p class="hint" id="survey-email__help">
                {td_string!(ui, survey_form.email_hint)}
            </p>
            <input
                id=EMAIL_ID
                name="email"
                type="email"
                autocomplete="email"
                required
                prop:value=move || state.email.get()
                on:input=move |event| state.set_email(event_target_value(&event))
                aria-invalid=move || error().is_some().then_some("true")
                aria-describedby=move || match error().is_some() {
                    true => "survey-email__help survey-email__error",
                    false => "survey-email__help",
                }
            />
            {move || {
                error()
                    .map(|error| {
                        view! {
                            <p class="field-error" id="survey-email__error">
                                {message(error)}
                            </p>
                        }
                    })
            }}
        </div>
    }
}
