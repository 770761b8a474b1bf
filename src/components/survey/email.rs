//! The address of a survey that counts one answer per person: the answer
//! counts once the link we e-mail to it is followed.

use civic_api::FieldError;
use leptos::prelude::*;

use crate::components::survey::state::SurveyState;
use crate::form_kit::TextField;
use crate::i18n::{self, td_string};
use crate::ui_locale;

#[component]
pub fn SurveyEmail(state: SurveyState) -> impl IntoView {
    let ui = ui_locale(state.locale);
    view! {
        <div class="survey-email">
            <TextField
                field=state.email
                input_type="email"
                autocomplete="email"
                required=true
                label=td_string!(ui, survey_form.email_label).to_owned()
                hint=td_string!(ui, survey_form.email_hint).to_owned()
                error_text=Callback::new(move |error| email_error(ui, error))
            />
        </div>
    }
}

fn email_error(ui: i18n::Locale, error: FieldError) -> String {
    match error {
        FieldError::Required => td_string!(ui, survey_form.errors.email_required),
        FieldError::TooLong => td_string!(ui, survey_form.errors.email_too_long),
        _ => td_string!(ui, survey_form.errors.email_invalid),
    }
    .to_owned()
}
