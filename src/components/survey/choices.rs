//! Questions answered by choosing: one of several (radios), several
//! (checkboxes), yes or no (radios), or one from a list (a select).

use civic_api::survey::{Answer, Choice, Question, QuestionKind};
use leptos::prelude::*;

use crate::components::survey::clear::ClearAnswer;
use crate::components::survey::question::{describe, dom_id, error_text, help_text, invalid, question_text};
use crate::components::survey::state::{SurveyState, option_id, part_id};
use crate::i18n::{self, td_string};
use crate::ui_locale;

/// Radios or checkboxes in a fieldset whose legend is the question.
#[component]
pub fn ChoiceGroup(state: SurveyState, question: Question) -> impl IntoView {
    let ui = ui_locale(state.locale);
    let (choices, multiple, rule) = match &question.kind {
        QuestionKind::SingleChoice { choices } => (choices.clone(), false, None),
        QuestionKind::MultipleChoice { choices, min, max } => (choices.clone(), true, selection_rule(ui, *min, *max)),
        _ => (yes_no_choices(ui), false, None),
    };
    let yes_no = matches!(question.kind, QuestionKind::YesNo);
    let id = StoredValue::new(question.id.clone());
    let options = choices
        .into_iter()
        .map(|choice| {
            let value = choice.id.to_string();
            let checked = {
                let value = value.clone();
                move || match id.with_value(|id| state.answer(id)) {
                    Some(Answer::Choice(chosen)) => chosen.as_str() == value,
                    Some(Answer::Choices(ticked)) => ticked.iter().any(|ticked| ticked.as_str() == value),
                    Some(Answer::YesNo(yes)) => (value == "yes") == yes,
                    _ => false,
                }
            };
            let on_change = {
                let choice = choice.id.clone();
                move |event| {
                    let on = event_target_checked(&event);
                    id.with_value(|id| {
                        let answer = match (multiple, yes_no) {
                            (true, _) => ticked_after(state.answer(id), &choice, on),
                            (false, true) => Some(Answer::YesNo(choice.as_str() == "yes")),
                            (false, false) => Some(Answer::Choice(choice.clone())),
                        };
                        state.set_answer(id, answer);
                    });
                }
            };
            let input_id = id.with_value(|id| option_id(id, &value));
            view! {
                <li class="choice">
                    <input
                        type=if multiple { "checkbox" } else { "radio" }
                        id=input_id.clone()
                        name=id.with_value(|id| id.to_string())
                        value=value
                        required=question.required && !multiple
                        prop:checked=checked
                        on:change=on_change
                    />
                    <label for=input_id>{choice.label}</label>
                </li>
            }
        })
        .collect_view();
    let rule_view = rule.map(|rule| {
        view! {
            <p class="hint" id=part_id(&question.id, "rule")>
                {rule}
            </p>
        }
    });
    let extra = rule_view.is_some().then_some("rule");
    let clear = (!question.required && !multiple).then(|| view! { <ClearAnswer state id=question.id.clone() /> });
    view! {
        <fieldset
            class="question choice-group"
            id=dom_id(&question)
            data-type=question.kind.type_name()
            role=(!multiple).then_some("radiogroup")
            aria-labelledby=part_id(&question.id, "label")
            aria-required=(question.required && !multiple).then_some("true")
            aria-invalid=invalid(state, &question)
            aria-describedby=describe(state, &question, extra)
        >
            <legend id=part_id(&question.id, "label")>{question_text(state, &question, multiple)}</legend>
            {help_text(&question)}
            {rule_view}
            <ul class="choices" class:inline=yes_no>
                {options}
            </ul>
            {clear}
            {error_text(state, &question)}
        </fieldset>
    }
}

/// The choices after one box is ticked or unticked, in the survey's order
/// (the order the boxes are in).
fn ticked_after(current: Option<Answer>, choice: &civic_api::Slug, on: bool) -> Option<Answer> {
    let mut ticked = match current {
        Some(Answer::Choices(ticked)) => ticked,
        _ => Vec::new(),
    };
    ticked.retain(|ticked| ticked != choice);
    if on {
        ticked.push(choice.clone());
    }
    Some(Answer::Choices(ticked))
}

fn yes_no_choices(ui: i18n::Locale) -> Vec<Choice> {
    [
        ("yes", td_string!(ui, survey_form.yes)),
        ("no", td_string!(ui, survey_form.no)),
    ]
    .into_iter()
    .map(|(id, label)| Choice {
        id: civic_api::Slug::parse(id).expect("yes and no are slugs"),
        label: label.to_owned(),
    })
    .collect()
}

/// "Choose up to 2", said before the boxes rather than after a mistake.
fn selection_rule(ui: i18n::Locale, min: Option<u32>, max: Option<u32>) -> Option<String> {
    match (min.filter(|min| *min > 1), max) {
        (Some(min), Some(max)) if min == max => {
            Some(td_string!(ui, survey_form.choose_exactly, count = min).to_string())
        }
        (Some(min), Some(max)) => Some(td_string!(ui, survey_form.choose_between, min = min, max = max).to_string()),
        (Some(min), None) => Some(td_string!(ui, survey_form.choose_at_least, min = min).to_string()),
        (None, Some(max)) => Some(td_string!(ui, survey_form.choose_up_to, max = max).to_string()),
        (None, None) => Some(td_string!(ui, survey_form.choose_any).to_string()),
    }
}

/// One answer from a list too long for radios.
#[component]
pub fn Dropdown(state: SurveyState, question: Question) -> impl IntoView {
    let ui = ui_locale(state.locale);
    let choices = match &question.kind {
        QuestionKind::Dropdown { choices } => choices.clone(),
        _ => Vec::new(),
    };
    let id = StoredValue::new(question.id.clone());
    let chosen = move || match id.with_value(|id| state.answer(id)) {
        Some(Answer::Choice(choice)) => choice.to_string(),
        _ => String::new(),
    };
    let options = choices
        .into_iter()
        .map(|choice| {
            let value = choice.id.to_string();
            let selected = {
                let value = value.clone();
                move || chosen() == value
            };
            view! {
                <option value=value prop:selected=selected>
                    {choice.label}
                </option>
            }
        })
        .collect_view();
    let on_change = move |event| {
        let value = event_target_value(&event);
        let answer = civic_api::Slug::parse(&value).ok().map(Answer::Choice);
        id.with_value(|id| state.set_answer(id, answer));
    };
    let input_id = part_id(&question.id, "input");
    view! {
        <div class="question field" id=dom_id(&question) data-type=question.kind.type_name()>
            <label for=input_id.clone() id=part_id(&question.id, "label")>
                {question_text(state, &question, false)}
            </label>
            {help_text(&question)}
            <select
                id=input_id
                name=question.id.to_string()
                required=question.required
                on:change=on_change
                aria-invalid=invalid(state, &question)
                aria-describedby=describe(state, &question, None)
            >
                <option value="" prop:selected=move || chosen().is_empty()>
                    {td_string!(ui, survey_form.choose_placeholder)}
                </option>
                {options}
            </select>
            {error_text(state, &question)}
        </div>
    }
}
