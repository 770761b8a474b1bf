//! Several rows rated on one set of columns: one radio group per row. On a
//! wide screen the rows line up under one row of column names; on a phone
//! each row stacks with its column names beside the radios.

use civic_api::survey::{Answer, Choice, Question, QuestionKind};
use leptos::prelude::*;

use crate::components::survey::clear::ClearAnswer;
use crate::components::survey::question::{describe, dom_id, error_text, help_text, invalid, question_text};
use crate::components::survey::state::{SurveyState, option_id, part_id};

#[component]
pub fn MatrixQuestion(state: SurveyState, question: Question) -> impl IntoView {
    let (rows, columns) = match &question.kind {
        QuestionKind::Matrix { rows, columns } => (rows.clone(), columns.clone()),
        _ => (Vec::new(), Vec::new()),
    };
    let head = columns
        .iter()
        .map(|column| view! { <span class="matrix-head-cell">{column.label.clone()}</span> })
        .collect_view();
    let columns = StoredValue::new(columns);
    let required = question.required;
    let id = question.id.clone();
    let rows = rows
        .into_iter()
        .map(|row| view! { <MatrixRow state question=id.clone() row columns required /> })
        .collect_view();
    let clear = (!required).then(|| view! { <ClearAnswer state id=question.id.clone() /> });
    view! {
        <fieldset
            class="question matrix"
            id=dom_id(&question)
            data-type=question.kind.type_name()
            aria-invalid=invalid(state, &question)
            aria-describedby=describe(state, &question, None)
        >
            <legend id=part_id(&question.id, "label")>{question_text(state, &question, true)}</legend>
            {help_text(&question)}
            <div class="matrix-head" aria-hidden="true">
                <span class="matrix-head-cell matrix-row-label"></span>
                {head}
            </div>
            {rows}
            {clear}
            {error_text(state, &question)}
        </fieldset>
    }
}

#[component]
fn MatrixRow(
    state: SurveyState,
    question: civic_api::survey::QuestionId,
    row: Choice,
    columns: StoredValue<Vec<Choice>>,
    required: bool,
) -> impl IntoView {
    let question = StoredValue::new(question);
    let row_id = StoredValue::new(row.id.clone());
    let chosen = move || match question.with_value(|id| state.answer(id)) {
        Some(Answer::Matrix(rated)) => row_id.with_value(|row| rated.get(row).map(|column| column.to_string())),
        _ => None,
    };
    let choose = move |column: civic_api::Slug| {
        question.with_value(|id| {
            let mut rated = match state.answer(id) {
                Some(Answer::Matrix(rated)) => rated,
                _ => Default::default(),
            };
            rated.insert(row_id.get_value(), column);
            state.set_answer(id, Some(Answer::Matrix(rated)));
        })
    };
    let base = question.with_value(|id| option_id(id, row.id.as_str()));
    let label_id = format!("{base}__label");
    let legend_id = label_id.clone();
    let name = format!("{}.{}", question.with_value(|id| id.to_string()), row.id);
    let cells = columns.with_value(|columns| {
        columns
            .iter()
            .map(|column| {
                let input_id = format!("{base}--{}", column.id);
                let value = column.id.to_string();
                let checked = {
                    let value = value.clone();
                    move || chosen().as_deref() == Some(value.as_str())
                };
                let column_id = column.id.clone();
                view! {
                    <li class="matrix-cell">
                        <input
                            type="radio"
                            id=input_id.clone()
                            name=name.clone()
                            value=value
                            required=required
                            prop:checked=checked
                            on:change=move |_| choose(column_id.clone())
                        />
                        <label for=input_id>
                            <span class="matrix-column-name">{column.label.clone()}</span>
                        </label>
                    </li>
                }
            })
            .collect_view()
    });
    view! {
        <fieldset
            class="matrix-row"
            id=base
            role="radiogroup"
            aria-labelledby=label_id
            aria-required=required.then_some("true")
        >
            <legend class="matrix-row-label" id=legend_id>
                {row.label}
            </legend>
            <ul class="matrix-cells">{cells}</ul>
        </fieldset>
    }
}
