//! Short and long text answers, with a count of the characters left.

use civic_api::survey::{Answer, Question, QuestionKind};
use leptos::prelude::*;

use crate::components::survey::question::{describe, dom_id, error_text, help_text, invalid, question_text};
use crate::components::survey::state::{SurveyState, part_id};
use crate::i18n::td_string;
use crate::ui_locale;

#[component]
pub fn TextQuestion(state: SurveyState, question: Question) -> impl IntoView {
    let ui = ui_locale(state.locale);
    let (long, max) = match question.kind {
        QuestionKind::LongText { max_chars } => (true, max_chars),
        QuestionKind::ShortText { max_chars } => (false, max_chars),
        _ => (false, 0),
    };
    let id = StoredValue::new(question.id.clone());
    let value = move || match id.with_value(|id| state.answer(id)) {
        Some(Answer::Text(text)) => text,
        _ => String::new(),
    };
    // Characters as the server counts them: Unicode scalar values.
    let used = move || value().chars().count() as u32;
    let on_input = move |event| {
        let text = event_target_value(&event);
        id.with_value(|id| state.set_answer(id, Some(Answer::Text(text))));
    };
    let over = move || used() > max;
    let input_id = part_id(&question.id, "input");
    let required = question.required;
    let control = if long {
        view! {
            <textarea
                id=input_id.clone()
                name=question.id.to_string()
                rows="5"
                required=required
                prop:value=value
                on:input=on_input
                aria-invalid=invalid(state, &question)
                aria-describedby=describe(state, &question, Some("count"))
            ></textarea>
        }
        .into_any()
    } else {
        view! {
            <input
                id=input_id.clone()
                name=question.id.to_string()
                type="text"
                autocomplete="off"
                required=required
                prop:value=value
                on:input=on_input
                aria-invalid=invalid(state, &question)
                aria-describedby=describe(state, &question, Some("count"))
            />
        }
        .into_any()
    };
    view! {
        <div class="question field" class:long-text=long id=dom_id(&question) data-type=question.kind.type_name()>
            <label for=input_id id=part_id(&question.id, "label")>
                {question_text(state, &question, false)}
            </label>
            {help_text(&question)}
            {control}
            <p class="char-count" class:over=over id=part_id(&question.id, "count")>
                {move || td_string!(ui, survey_form.characters, used = used(), max = max).to_string()}
            </p>
            {error_text(state, &question)}
        </div>
    }
}
