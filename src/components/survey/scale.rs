//! Rating (1 to 5) and scale (0 to 10): a row of numbered radios with the
//! meaning of both ends written beside them and spoken with the end values.

use civic_api::survey::{Answer, Question, QuestionKind, RATING, SCALE};
use leptos::prelude::*;

use crate::components::survey::clear::ClearAnswer;
use crate::components::survey::question::{describe, dom_id, error_text, help_text, invalid, question_text};
use crate::components::survey::state::{SurveyState, option_id, part_id};

#[component]
pub fn ScaleQuestion(state: SurveyState, question: Question) -> impl IntoView {
    let (range, low, high) = match &question.kind {
        QuestionKind::Rating { low, high } => (RATING, low.clone(), high.clone()),
        QuestionKind::Scale { low, high } => (SCALE, low.clone(), high.clone()),
        _ => (RATING, String::new(), String::new()),
    };
    let (first, last) = (*range.start(), *range.end());
    let id = StoredValue::new(question.id.clone());
    let options = range
        .map(|number| {
            let input_id = id.with_value(|id| option_id(id, &number.to_string()));
            let end = match number {
                n if n == first => Some(low.clone()),
                n if n == last => Some(high.clone()),
                _ => None,
            };
            let checked = move || id.with_value(|id| state.answer(id)) == Some(Answer::Number(number));
            view! {
                <li class="scale-option">
                    <input
                        type="radio"
                        id=input_id.clone()
                        name=id.with_value(|id| id.to_string())
                        value=number.to_string()
                        required=question.required
                        prop:checked=checked
                        on:change=move |_| id.with_value(|id| state.set_answer(id, Some(Answer::Number(number))))
                    />
                    <label for=input_id>
                        {number.to_string()}
                        {end.map(|end| view! { <span class="visually-hidden">{format!(": {end}")}</span> })}
                    </label>
                </li>
            }
        })
        .collect_view();
    let wide = last > 5;
    let clear = (!question.required).then(|| view! { <ClearAnswer state id=question.id.clone() /> });
    view! {
        <fieldset
            class="question scale"
            class:wide=wide
            id=dom_id(&question)
            data-type=question.kind.type_name()
            role="radiogroup"
            aria-labelledby=part_id(&question.id, "label")
            aria-required=question.required.then_some("true")
            aria-invalid=invalid(state, &question)
            aria-describedby=describe(state, &question, None)
        >
            <legend id=part_id(&question.id, "label")>{question_text(state, &question, false)}</legend>
            {help_text(&question)}
            // As wide as its buttons, so each end's meaning sits under its end.
            <div class="scale-body">
                <ul class="scale-options">{options}</ul>
                // Seen, not read: each end's meaning is already in its radio's name.
                <p class="scale-ends" aria-hidden="true">
                    <span>{format!("{first} = {low}")}</span>
                    <span>{format!("{last} = {high}")}</span>
                </p>
            </div>
            {clear}
            {error_text(state, &question)}
        </fieldset>
    }
}
