//! The form's live region: why the last step did not go through, and a
//! retry where one can help. Everything typed stays in the form.

use civic_api::ErrorCode;
use leptos::prelude::*;

use crate::api::ApiError;
use crate::components::survey::state::SurveyState;
use crate::i18n::td_string;
use crate::ui_locale;

#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Some answers were refused; each says why under it.
    Invalid,
    Failed(ApiError),
    /// The survey stopped taking answers while the visitor answered.
    Closed,
    /// This person's answer is already counted.
    AlreadyAnswered,
    /// The invitation link is not (or no longer) valid.
    InvitationRefused,
    /// A preview's answers would be taken; nothing was sent.
    Previewed,
}

#[component]
pub fn SurveyAlert(state: SurveyState, outcome: RwSignal<Option<Outcome>>, retry: Callback<()>) -> impl IntoView {
    let ui = ui_locale(state.locale);
    let content = move || {
        let outcome = outcome.get()?;
        let (text, can_retry) = match outcome {
            Outcome::Invalid => (td_string!(ui, survey_form.invalid), false),
            Outcome::Closed => (td_string!(ui, survey_form.error_closed), false),
            Outcome::AlreadyAnswered => (td_string!(ui, survey_form.error_already_answered), false),
            Outcome::InvitationRefused => (td_string!(ui, survey_form.error_invitation), false),
            Outcome::Previewed => (td_string!(ui, survey_form.preview_checked), false),
            Outcome::Failed(ApiError::Network) => (td_string!(ui, survey_form.error_network), true),
            Outcome::Failed(ApiError::Server(body)) if body.code == ErrorCode::RateLimited => {
                (td_string!(ui, survey_form.error_rate_limited), false)
            }
            Outcome::Failed(_) => (td_string!(ui, survey_form.error_server), true),
        };
        Some(view! {
            <p>{text}</p>
            {can_retry
                .then(|| {
                    view! {
                        <button type="button" on:click=move |_| retry.run(())>
                            {td_string!(ui, page.retry)}
                        </button>
                    }
                })}
        })
    };
    view! {
        <div class="form-alert" id="survey-alert" role="alert">
            {content}
        </div>
    }
}
