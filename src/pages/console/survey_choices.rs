//! A question's list in the builder: its choices, or a grid's rows or
//! columns. Each entry is a fieldset with its label in the text language
//! and its id (proposed from the English label), and the buttons that
//! move or remove it; the list's own button adds one.

use leptos::prelude::*;

use crate::browser::focus_element;
use crate::i18n::{self, td_string};
use crate::pages::console::survey_builder::{Builder, BuilderField, PartButton};
use crate::pages::console::survey_draft::List;
use crate::pages::console::survey_problems::{Place, entry_name};
use crate::pages::console::survey_sections::refocus;

/// A list's words: its legend, and its buttons' (add, up, down, remove).
fn words(ui: i18n::Locale, list: List) -> [&'static str; 5] {
    match list {
        List::Choices => [
            td_string!(ui, console.survey_choices_legend),
            td_string!(ui, console.survey_add_choice),
            td_string!(ui, console.survey_choice_up),
            td_string!(ui, console.survey_choice_down),
            td_string!(ui, console.survey_choice_remove),
        ],
        List::Rows => [
            td_string!(ui, console.survey_rows_legend),
            td_string!(ui, console.survey_add_row),
            td_string!(ui, console.survey_row_up),
            td_string!(ui, console.survey_row_down),
            td_string!(ui, console.survey_row_remove),
        ],
        List::Columns => [
            td_string!(ui, console.survey_columns_legend),
            td_string!(ui, console.survey_add_column),
            td_string!(ui, console.survey_column_up),
            td_string!(ui, console.survey_column_down),
            td_string!(ui, console.survey_column_remove),
        ],
    }
}

fn list_name(list: List) -> &'static str {
    match list {
        List::Choices => "choices",
        List::Rows => "rows",
        List::Columns => "columns",
    }
}

#[component]
pub fn EntryList(builder: Builder, question: u32, list: List) -> impl IntoView {
    let ui = builder.ui;
    let [legend, add_text, ..] = words(ui, list);
    let entries = move || {
        builder.read(|draft| {
            draft
                .question(question)
                .map(|found| found.list(list).iter().map(|entry| entry.uid).collect::<Vec<_>>())
                .unwrap_or_default()
        })
    };
    let add_id = format!("sb-{question}-add-{}", list_name(list));
    let add = move |_| {
        let mut added = None;
        builder.change(Place::Question(question), |draft| {
            added = draft.add_entry(question, list)
        });
        if let Some(added) = added {
            request_animation_frame(move || focus_element(&format!("sb-{added}-label")));
        }
    };
    view! {
        <fieldset class="survey-entries">
            <legend>{legend}</legend>
            <For each=entries key=|uid| *uid let:uid>
                <EntryFields builder question list uid />
            </For>
            <p>
                <button
                    type="button"
                    class="secondary"
                    id=add_id
                    disabled=move || builder.locked.get()
                    on:click=add
                >
                    {add_text}
                </button>
            </p>
        </fieldset>
    }
}

#[component]
fn EntryFields(builder: Builder, question: u32, list: List, uid: u32) -> impl IntoView {
    let ui = builder.ui;
    let [_, _, up_text, down_text, remove_text] = words(ui, list);
    let place = Place::Question(question);
    let position = Memo::new(move |_| {
        builder.read(|draft| {
            draft
                .question(question)
                .map(|found| {
                    let entries = found.list(list);
                    (
                        entries.iter().position(|entry| entry.uid == uid).unwrap_or(0),
                        entries.len(),
                    )
                })
                .unwrap_or((0, 0))
        })
    });
    let read = move |label: bool| {
        Signal::derive(move || {
            let locale = builder.locale();
            builder.read(|draft| {
                draft
                    .question(question)
                    .and_then(|found| found.list(list).iter().find(|entry| entry.uid == uid))
                    .map(|entry| match label {
                        true => entry.label.get(locale).to_owned(),
                        false => entry.id.clone(),
                    })
                    .unwrap_or_default()
            })
        })
    };
    let (up_id, down_id) = (format!("sb-{uid}-up"), format!("sb-{uid}-down"));
    let move_by = move |up: bool| {
        let (up_id, down_id) = (format!("sb-{uid}-up"), format!("sb-{uid}-down"));
        Callback::new(move |()| {
            builder.change(place, |draft| draft.move_entry(question, list, uid, up));
            match up {
                true => refocus(up_id.clone(), down_id.clone()),
                false => refocus(down_id.clone(), up_id.clone()),
            }
        })
    };
    let add_id = format!("sb-{question}-add-{}", list_name(list));
    let remove = Callback::new(move |()| {
        builder.change(place, |draft| draft.remove_entry(question, list, uid));
        let add_id = add_id.clone();
        request_animation_frame(move || focus_element(&add_id));
    });
    view! {
        <fieldset class="survey-entry">
            <legend>{move || entry_name(ui, list, position.get().0 + 1)}</legend>
            <BuilderField
                builder
                id=format!("sb-{uid}-label")
                label=td_string!(ui, console.survey_entry_label)
                value=read(true)
                on_input=Callback::new(move |typed| {
                    let locale = builder.text_locale.get_untracked();
                    builder.change(place, |draft| draft.set_entry_label(question, list, uid, locale, typed));
                })
                words=true
            />
            <BuilderField
                builder
                id=format!("sb-{uid}-id")
                label=td_string!(ui, console.survey_entry_id)
                value=read(false)
                on_input=Callback::new(move |typed| {
                    builder.change(place, |draft| draft.set_entry_id(question, list, uid, typed))
                })
                plain=true
                readonly=builder.locked
            />
            <div class="actions survey-part-actions">
                <PartButton
                    builder
                    id=up_id
                    text=up_text
                    cannot=Signal::derive(move || position.get().0 == 0)
                    on_press=move_by(true)
                />
                <PartButton
                    builder
                    id=down_id
                    text=down_text
                    cannot=Signal::derive(move || {
                        let (at, count) = position.get();
                        at + 1 >= count
                    })
                    on_press=move_by(false)
                />
                <PartButton builder id=format!("sb-{uid}-remove") text=remove_text on_press=remove danger=true />
            </div>
        </fieldset>
    }
}
