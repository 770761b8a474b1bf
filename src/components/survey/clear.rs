//! A chosen radio cannot be unchosen by itself: this button takes an
//! optional question back to unanswered, as the survey promises.

use civic_api::survey::QuestionId;
use leptos::prelude::*;

use crate::components::survey::state::{SurveyState, part_id};
use crate::i18n::td_string;
use crate::ui_locale;

#[component]
pub fn ClearAnswer(state: SurveyState, id: QuestionId) -> impl IntoView {
    let ui = ui_locale(state.locale);
    let id = StoredValue::new(id);
    let answered = move || id.with_value(|id| state.answers.with(|answers| answers.contains_key(id)));
    move || {
        answered().then(|| {
            view! {
                <button
                    type="button"
                    class="link-button question-clear"
                    aria-describedby=id.with_value(|id| part_id(id, "label"))
                    on:click=move |_| id.with_value(|id| state.set_answer(id, None))
                >
                    {td_string!(ui, survey_form.clear_answer)}
                </button>
            }
        })
    }
}
