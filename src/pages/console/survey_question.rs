//! One question in the builder, a fieldset: its id and type, its text and
//! optional help in the text language, whether it is required, what its
//! type needs (a length, choices, ticks, the ends' labels, rows and
//! columns), its condition, and the buttons that move or remove it.

use civic_api::Locale;
use leptos::prelude::*;

use crate::browser::focus_element;
use crate::i18n::{self, td_string};
use crate::numbers::format_number;
use crate::pages::console::survey_builder::{
    Builder, BuilderCheckbox, BuilderField, PartButton, PlaceProblems, described_by, place_id,
};
use crate::pages::console::survey_choices::EntryList;
use crate::pages::console::survey_condition::ConditionFields;
use crate::pages::console::survey_draft::{Kind, List, QuestionDraft};
use crate::pages::console::survey_problems::Place;
use crate::pages::console::survey_sections::refocus;

pub fn kind_name(ui: i18n::Locale, kind: Kind) -> &'static str {
    match kind {
        Kind::ShortText => td_string!(ui, console.survey_kind_short_text),
        Kind::LongText => td_string!(ui, console.survey_kind_long_text),
        Kind::SingleChoice => td_string!(ui, console.survey_kind_single_choice),
        Kind::MultipleChoice => td_string!(ui, console.survey_kind_multiple_choice),
        Kind::Dropdown => td_string!(ui, console.survey_kind_dropdown),
        Kind::YesNo => td_string!(ui, console.survey_kind_yes_no),
        Kind::Rating => td_string!(ui, console.survey_kind_rating),
        Kind::Scale => td_string!(ui, console.survey_kind_scale),
        Kind::Matrix => td_string!(ui, console.survey_kind_matrix),
    }
}

#[component]
pub fn QuestionFieldset(builder: Builder, uid: u32) -> impl IntoView {
    let ui = builder.ui;
    let place = Place::Question(uid);
    let question = Memo::new(move |_| builder.read(|draft| draft.question(uid).cloned()));
    // The section it is in, its place there, and how many it holds.
    let position = Memo::new(move |_| {
        builder.read(|draft| {
            draft.sections.iter().find_map(|section| {
                let at = section.questions.iter().position(|question| question.uid == uid)?;
                Some((section.uid, at, section.questions.len()))
            })
        })
    });
    let number = Memo::new(move |_| builder.read(|draft| draft.question_number(uid)));
    let kind = Memo::new(move |_| question.with(|question| question.as_ref().map_or(Kind::ShortText, |q| q.kind)));
    let read = move |part: fn(&QuestionDraft, Locale) -> String| {
        Signal::derive(move || {
            let locale = builder.locale();
            question.with(|question| {
                question
                    .as_ref()
                    .map(|question| part(question, locale))
                    .unwrap_or_default()
            })
        })
    };
    let edit = move |change: fn(&mut QuestionDraft, Locale, String)| {
        Callback::new(move |typed: String| {
            let locale = builder.text_locale.get_untracked();
            builder.change(place, |draft| {
                if let Some(question) = draft.question_mut(uid) {
                    change(question, locale, typed);
                }
            });
        })
    };
    let offers_help = move || !builder.locked.get() || question.with(|q| q.as_ref().is_some_and(|q| q.had_help));
    let kinds = Kind::ALL
        .map(|each| view! { <option value=each.name()>{kind_name(ui, each)}</option> })
        .into_iter()
        .collect_view();
    let type_id = format!("sb-{uid}-type");
    let details = move || match kind.get() {
        Kind::ShortText | Kind::LongText => {
            let max = format_number(ui, u64::from(civic_api::survey::TEXT_MAX_CEILING));
            view! {
                <BuilderField
                    builder
                    id=format!("sb-{uid}-max-chars")
                    label=td_string!(ui, console.survey_max_chars_label)
                    hint=td_string!(ui, console.survey_max_chars_hint, max = max)
                    value=read(|question, _| question.max_chars.clone())
                    on_input=edit(|question, _, typed| question.max_chars = typed)
                    plain=true
                    inputmode="numeric"
                    readonly=builder.locked
                />
            }
            .into_any()
        }
        Kind::SingleChoice | Kind::Dropdown => {
            view! { <EntryList builder question=uid list=List::Choices /> }.into_any()
        }
        Kind::MultipleChoice => view! {
            <EntryList builder question=uid list=List::Choices />
            <div class="survey-bounds">
                <BuilderField
                    builder
                    id=format!("sb-{uid}-min")
                    label=td_string!(ui, console.survey_min_label)
                    hint=td_string!(ui, console.survey_bound_hint)
                    value=read(|question, _| question.min.clone())
                    on_input=edit(|question, _, typed| question.min = typed)
                    plain=true
                    inputmode="numeric"
                    readonly=builder.locked
                />
                <BuilderField
                    builder
                    id=format!("sb-{uid}-max")
                    label=td_string!(ui, console.survey_max_label)
                    hint=td_string!(ui, console.survey_bound_hint)
                    value=read(|question, _| question.max.clone())
                    on_input=edit(|question, _, typed| question.max = typed)
                    plain=true
                    inputmode="numeric"
                    readonly=builder.locked
                />
            </div>
        }
        .into_any(),
        Kind::YesNo => ().into_any(),
        each @ (Kind::Rating | Kind::Scale) => {
            let numbers = each.numbers();
            let (low, high) = (
                numbers.first().copied().unwrap_or(0),
                numbers.last().copied().unwrap_or(0),
            );
            view! {
                <BuilderField
                    builder
                    id=format!("sb-{uid}-low")
                    label=td_string!(ui, console.survey_end_label, value = low)
                    value=read(|question, locale| question.low.get(locale).to_owned())
                    on_input=edit(|question, locale, typed| question.low.set(locale, typed))
                    words=true
                />
                <BuilderField
                    builder
                    id=format!("sb-{uid}-high")
                    label=td_string!(ui, console.survey_end_label, value = high)
                    value=read(|question, locale| question.high.get(locale).to_owned())
                    on_input=edit(|question, locale, typed| question.high.set(locale, typed))
                    words=true
                />
            }
            .into_any()
        }
        Kind::Matrix => view! {
            <EntryList builder question=uid list=List::Rows />
            <EntryList builder question=uid list=List::Columns />
        }
        .into_any(),
    };
    let (up_id, down_id) = (format!("sb-{uid}-up"), format!("sb-{uid}-down"));
    let move_by = move |up: bool| {
        let (up_id, down_id) = (format!("sb-{uid}-up"), format!("sb-{uid}-down"));
        Callback::new(move |()| {
            builder.change(place, |draft| draft.move_question(uid, up));
            match up {
                true => refocus(up_id.clone(), down_id.clone()),
                false => refocus(down_id.clone(), up_id.clone()),
            }
        })
    };
    let remove = Callback::new(move |()| {
        let section = position.get_untracked().map(|(section, _, _)| section);
        builder.change(place, |draft| draft.remove_question(uid));
        if let Some(section) = section {
            request_animation_frame(move || focus_element(&format!("sb-{section}-add-question")));
        }
    });
    view! {
        <fieldset class="survey-question-edit" id=place_id(place) aria-describedby=described_by(builder, place)>
            <legend>{move || td_string!(ui, console.survey_question_legend, number = number.get())}</legend>
            <BuilderField
                builder
                id=format!("sb-{uid}-id")
                label=td_string!(ui, console.survey_question_id_label)
                hint=td_string!(ui, console.survey_id_hint)
                value=read(|question, _| question.id.clone())
                on_input=Callback::new(move |typed| builder.change(place, |draft| draft.set_question_id(uid, typed)))
                plain=true
                readonly=builder.locked
            />
            <div class="field">
                <label for=type_id.clone()>{td_string!(ui, console.survey_type_label)}</label>
                <select
                    id=type_id
                    disabled=move || builder.locked.get()
                    prop:value=move || kind.get().name()
                    on:change=move |event| {
                        if let Some(kind) = Kind::parse(&event_target_value(&event)) {
                            builder.change(place, |draft| draft.set_kind(uid, kind));
                        }
                    }
                >
                    {kinds}
                </select>
            </div>
            <BuilderField
                builder
                id=format!("sb-{uid}-text")
                label=td_string!(ui, console.survey_question_text_label)
                value=read(|question, locale| question.text.get(locale).to_owned())
                on_input=Callback::new(move |typed| {
                    let locale = builder.text_locale.get_untracked();
                    builder.change(place, |draft| draft.set_question_text(uid, locale, typed));
                })
                words=true
            />
            {move || {
                offers_help()
                    .then(|| {
                        view! {
                            <BuilderField
                                builder
                                id=format!("sb-{uid}-help")
                                label=td_string!(ui, console.survey_help_label)
                                value=read(|question, locale| question.help.get(locale).to_owned())
                                on_input=edit(|question, locale, typed| question.help.set(locale, typed))
                                words=true
                            />
                        }
                    })
            }}
            <BuilderCheckbox
                id=format!("sb-{uid}-required")
                label=td_string!(ui, console.survey_required_label)
                checked=Signal::derive(move || question.with(|q| q.as_ref().is_some_and(|q| q.required)))
                on_change=Callback::new(move |ticked| {
                    builder.change(place, |draft| {
                        if let Some(question) = draft.question_mut(uid) {
                            question.required = ticked;
                        }
                    })
                })
                disabled=builder.locked
            />
            {details}
            <ConditionFields builder uid />
            <PlaceProblems builder place />
            <div class="actions survey-part-actions">
                <PartButton
                    builder
                    id=up_id
                    text=td_string!(ui, console.survey_question_up)
                    cannot=Signal::derive(move || position.get().is_none_or(|(_, at, _)| at == 0))
                    on_press=move_by(true)
                />
                <PartButton
                    builder
                    id=down_id
                    text=td_string!(ui, console.survey_question_down)
                    cannot=Signal::derive(move || position.get().is_none_or(|(_, at, count)| at + 1 >= count))
                    on_press=move_by(false)
                />
                <PartButton
                    builder
                    id=format!("sb-{uid}-remove")
                    text=td_string!(ui, console.survey_question_remove)
                    cannot=Signal::derive(move || position.get().is_none_or(|(_, _, count)| count <= 1))
                    on_press=remove
                    danger=true
                />
            </div>
        </fieldset>
    }
}
