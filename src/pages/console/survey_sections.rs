//! The survey's sections in the builder, each a fieldset: its id, its
//! title and optional introduction in the text language, its questions,
//! and the buttons that add a question, move the section or remove it.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::browser::focus_element;
use crate::i18n::td_string;
use crate::pages::console::survey_builder::{Builder, BuilderField, PartButton, PlaceProblems, described_by, place_id};
use crate::pages::console::survey_problems::Place;
use crate::pages::console::survey_question::QuestionFieldset;

pub const ADD_SECTION_ID: &str = "survey-add-section";

/// After a move, the focus stays on the button pressed, or goes to the
/// other one where the part reached an end (the list was redrawn).
pub fn refocus(pressed: String, other: String) {
    request_animation_frame(move || {
        let disabled = document()
            .get_element_by_id(&pressed)
            .and_then(|button| button.dyn_into::<web_sys::HtmlButtonElement>().ok())
            .is_none_or(|button| button.disabled());
        focus_element(if disabled { &other } else { &pressed });
    });
}

#[component]
pub fn SurveySections(builder: Builder) -> impl IntoView {
    let ui = builder.ui;
    let sections = move || builder.read(|draft| draft.sections.iter().map(|section| section.uid).collect::<Vec<_>>());
    let add = move |_| {
        let mut added = 0;
        builder.change(Place::Survey, |draft| added = draft.add_section());
        request_animation_frame(move || focus_element(&format!("sb-{added}-title")));
    };
    view! {
        <div class="survey-sections">
            <h4 id="survey-sections-heading">{td_string!(ui, console.survey_sections_heading)}</h4>
            <For each=sections key=|uid| *uid let:uid>
                <SectionFieldset builder uid />
            </For>
            <p>
                <button
                    type="button"
                    class="secondary"
                    id=ADD_SECTION_ID
                    disabled=move || builder.locked.get()
                    on:click=add
                >
                    {td_string!(ui, console.survey_add_section)}
                </button>
            </p>
        </div>
    }
}

#[component]
fn SectionFieldset(builder: Builder, uid: u32) -> impl IntoView {
    let ui = builder.ui;
    let place = Place::Section(uid);
    let position = Memo::new(move |_| {
        builder.read(|draft| {
            let at = draft
                .sections
                .iter()
                .position(|section| section.uid == uid)
                .unwrap_or(0);
            (at, draft.sections.len())
        })
    });
    let legend = move || td_string!(ui, console.survey_section_legend, number = position.get().0 + 1);
    let read = move |part: fn(&crate::pages::console::survey_draft::SectionDraft, civic_api::Locale) -> String| {
        Signal::derive(move || {
            let locale = builder.locale();
            builder.read(|draft| {
                draft
                    .section(uid)
                    .map(|section| part(section, locale))
                    .unwrap_or_default()
            })
        })
    };
    let id = read(|section, _| section.id.clone());
    let title = read(|section, locale| section.title.get(locale).to_owned());
    let intro = read(|section, locale| section.intro.get(locale).to_owned());
    // Once people have answered, an introduction is reworded, never added.
    let offers_intro = move || {
        !builder.locked.get() || builder.read(|draft| draft.section(uid).is_some_and(|section| section.had_intro))
    };
    let questions = move || {
        builder.read(|draft| {
            draft
                .section(uid)
                .map(|section| {
                    section
                        .questions
                        .iter()
                        .map(|question| question.uid)
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    let add_question_id = format!("sb-{uid}-add-question");
    let add_question = move |_| {
        let mut added = None;
        builder.change(place, |draft| added = draft.add_question(uid));
        if let Some(added) = added {
            request_animation_frame(move || focus_element(&format!("sb-{added}-text")));
        }
    };
    let (up_id, down_id) = (format!("sb-{uid}-up"), format!("sb-{uid}-down"));
    let move_by = move |up: bool| {
        let (up_id, down_id) = (format!("sb-{uid}-up"), format!("sb-{uid}-down"));
        Callback::new(move |()| {
            builder.change(place, |draft| draft.move_section(uid, up));
            match up {
                true => refocus(up_id.clone(), down_id.clone()),
                false => refocus(down_id.clone(), up_id.clone()),
            }
        })
    };
    let remove = Callback::new(move |()| {
        builder.change(place, |draft| draft.remove_section(uid));
        request_animation_frame(|| focus_element(ADD_SECTION_ID));
    });
    view! {
        <fieldset class="survey-section-edit" id=place_id(place) aria-describedby=described_by(builder, place)>
            <legend>{legend}</legend>
            <BuilderField
                builder
                id=format!("sb-{uid}-id")
                label=td_string!(ui, console.survey_section_id_label)
                hint=td_string!(ui, console.survey_id_hint)
                value=id
                on_input=Callback::new(move |typed| builder.change(place, |draft| draft.set_section_id(uid, typed)))
                plain=true
                readonly=builder.locked
            />
            <BuilderField
                builder
                id=format!("sb-{uid}-title")
                label=td_string!(ui, console.survey_section_title_label)
                value=title
                on_input=Callback::new(move |typed| {
                    let locale = builder.text_locale.get_untracked();
                    builder.change(place, |draft| draft.set_section_title(uid, locale, typed));
                })
                words=true
            />
            {move || {
                offers_intro()
                    .then(|| {
                        view! {
                            <BuilderField
                                builder
                                id=format!("sb-{uid}-intro")
                                label=td_string!(ui, console.survey_section_intro_label)
                                value=intro
                                on_input=Callback::new(move |typed| {
                                    let locale = builder.text_locale.get_untracked();
                                    builder.change(place, |draft| {
                                        if let Some(section) = draft.section_mut(uid) {
                                            section.intro.set(locale, typed);
                                        }
                                    });
                                })
                                rows=2
                                words=true
                            />
                        }
                    })
            }}
            <PlaceProblems builder place />
            <For each=questions key=|uid| *uid let:question>
                <QuestionFieldset builder uid=question />
            </For>
            <div class="actions survey-part-actions">
                <button
                    type="button"
                    class="secondary"
                    id=add_question_id
                    disabled=move || builder.locked.get()
                    on:click=add_question
                >
                    {td_string!(ui, console.survey_add_question)}
                </button>
                <PartButton
                    builder
                    id=up_id
                    text=td_string!(ui, console.survey_section_up)
                    cannot=Signal::derive(move || position.get().0 == 0)
                    on_press=move_by(true)
                />
                <PartButton
                    builder
                    id=down_id
                    text=td_string!(ui, console.survey_section_down)
                    cannot=Signal::derive(move || {
                        let (at, count) = position.get();
                        at + 1 >= count
                    })
                    on_press=move_by(false)
                />
                <PartButton
                    builder
                    id=format!("sb-{uid}-remove")
                    text=td_string!(ui, console.survey_section_remove)
                    cannot=Signal::derive(move || position.get().1 <= 1)
                    on_press=remove
                    danger=true
                />
            </div>
        </fieldset>
    }
}
