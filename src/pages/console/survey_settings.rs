//! The survey's own part of the builder: its address (typed for a new
//! survey only), who may answer and whether its results are published;
//! the languages it is written in, and which one the text fields show;
//! and its title, summary and thanks message in that language.

use civic_api::survey::Limit;
use civic_api::{Locale, SiteRoute, Slug, Target};
use leptos::prelude::*;

use crate::i18n::td_string;
use crate::pages::console::survey_builder::{
    Builder, BuilderCheckbox, BuilderField, PlaceProblems, described_by, place_id,
};
use crate::pages::console::survey_draft::{Draft, Words, language_index};
use crate::pages::console::survey_problems::Place;
use crate::pages::console::survey_words::limit_choice;

pub const SLUG_ID: &str = "survey-slug";
const LIMIT_ID: &str = "survey-limit";
const TEXT_LOCALE_ID: &str = "survey-text-locale";

#[component]
pub fn SurveySettings(builder: Builder, #[prop(into)] saved_slug: Signal<Option<Slug>>) -> impl IntoView {
    let ui = builder.ui;
    let address = move || match saved_slug.get() {
        None => view! {
            <div id=place_id(Place::Address)>
                <BuilderField
                    builder
                    id=SLUG_ID.to_owned()
                    label=td_string!(ui, console.survey_address_label)
                    hint=td_string!(ui, console.survey_address_hint)
                    value=Signal::derive(move || builder.read(|draft| draft.slug.clone()))
                    on_input=Callback::new(move |typed| builder.change(Place::Address, |draft| draft.set_slug(typed)))
                    plain=true
                />
                <PlaceProblems builder place=Place::Address />
            </div>
        }
        .into_any(),
        Some(slug) => {
            let path = SiteRoute {
                locale: Locale::DEFAULT,
                target: Target::Survey(slug),
            }
            .path();
            view! {
                <div id=place_id(Place::Address)>
                    <p>
                        {td_string!(ui, console.survey_address_saved)} " " <a href=path.clone()>
                            <bdi>{path.clone()}</bdi>
                        </a>
                    </p>
                    <PlaceProblems builder place=Place::Address />
                </div>
            }
            .into_any()
        }
    };
    let limits = [Limit::Anonymous, Limit::Email, Limit::Invitation]
        .map(|limit| {
            view! { <option value=limit_value(limit)>{limit_choice(ui, limit)}</option> }
        })
        .into_iter()
        .collect_view();
    view! {
        <fieldset class="survey-settings">
            <legend>{td_string!(ui, console.survey_settings_legend)}</legend>
            {address}
            <div class="field">
                <label for=LIMIT_ID>{td_string!(ui, console.survey_limit_label)}</label>
                <p class="hint" id="survey-limit-hint">
                    {td_string!(ui, console.survey_limit_hint)}
                </p>
                <select
                    id=LIMIT_ID
                    aria-describedby="survey-limit-hint"
                    disabled=move || builder.locked.get()
                    prop:value=move || limit_value(builder.read(|draft| draft.limit))
                    on:change=move |event| {
                        let limit = limit_of(&event_target_value(&event));
                        builder.change(Place::Address, |draft| draft.limit = limit);
                    }
                >
                    {limits}
                </select>
            </div>
            <BuilderCheckbox
                id="survey-results-public".to_owned()
                label=td_string!(ui, console.survey_public_label)
                hint=td_string!(ui, console.survey_public_hint)
                checked=Signal::derive(move || builder.read(|draft| draft.results_public))
                on_change=Callback::new(move |ticked| {
                    builder.change(Place::Address, |draft| draft.results_public = ticked)
                })
                disabled=builder.locked
            />
        </fieldset>
        <Languages builder />
        <SurveyTexts builder />
    }
}

fn limit_value(limit: Limit) -> &'static str {
    match limit {
        Limit::Anonymous => "anonymous",
        Limit::Email => "email",
        Limit::Invitation => "invitation",
    }
}

fn limit_of(value: &str) -> Limit {
    match value {
        "email" => Limit::Email,
        "invitation" => Limit::Invitation,
        _ => Limit::Anonymous,
    }
}

/// English always; a box for each other language; and which language's
/// words the text fields show.
#[component]
fn Languages(builder: Builder) -> impl IntoView {
    let ui = builder.ui;
    let boxes = Locale::ALL
        .into_iter()
        .filter(|locale| *locale != Locale::DEFAULT)
        .map(|locale| {
            let index = language_index(locale);
            view! {
                <BuilderCheckbox
                    id=format!("survey-language-{locale}")
                    label=locale.native_name()
                    checked=Signal::derive(move || builder.read(|draft| draft.written[index]))
                    on_change=Callback::new(move |ticked| {
                        builder.change(Place::Survey, |draft| draft.written[index] = ticked);
                        if !ticked && builder.text_locale.get_untracked() == locale {
                            builder.text_locale.set(Locale::DEFAULT);
                        }
                    })
                    label_locale=locale
                />
            }
        })
        .collect_view();
    // Keyed, each saying whether it is the one chosen: a language ticked
    // or unticked leaves the others' options, and the choice, in place.
    let options = view! {
        <For each=move || builder.read(|draft| draft.languages()) key=|locale| *locale let:locale>
            <option
                value=locale.as_str()
                lang=locale.as_str()
                dir=locale.dir()
                prop:selected=move || builder.locale() == locale
            >
                {locale.native_name()}
            </option>
        </For>
    };
    view! {
        <fieldset class="survey-languages">
            <legend>{td_string!(ui, console.survey_languages_legend)}</legend>
            <p class="hint">{td_string!(ui, console.survey_languages_hint)}</p>
            {boxes}
        </fieldset>
        <div class="field">
            <label for=TEXT_LOCALE_ID>{td_string!(ui, console.survey_text_locale_label)}</label>
            <p class="hint" id="survey-text-locale-hint">
                {td_string!(ui, console.survey_text_locale_hint)}
            </p>
            <select
                id=TEXT_LOCALE_ID
                aria-describedby="survey-text-locale-hint"
                prop:value=move || builder.locale().as_str()
                on:change=move |event| {
                    if let Ok(locale) = Locale::parse(&event_target_value(&event)) {
                        builder.text_locale.set(locale);
                    }
                }
            >
                {options}
            </select>
        </div>
    }
}

/// One of the survey's own texts.
#[derive(Debug, Clone, Copy)]
enum Part {
    Title,
    Summary,
    Thanks,
}

impl Part {
    fn of(self, draft: &Draft) -> &Words {
        match self {
            Part::Title => &draft.title,
            Part::Summary => &draft.summary,
            Part::Thanks => &draft.thanks,
        }
    }

    fn of_mut(self, draft: &mut Draft) -> &mut Words {
        match self {
            Part::Title => &mut draft.title,
            Part::Summary => &mut draft.summary,
            Part::Thanks => &mut draft.thanks,
        }
    }
}

/// The survey's title, summary and thanks, in the text language.
#[component]
fn SurveyTexts(builder: Builder) -> impl IntoView {
    let ui = builder.ui;
    let value = move |part: Part| {
        Signal::derive(move || {
            let locale = builder.locale();
            builder.read(|draft| part.of(draft).get(locale).to_owned())
        })
    };
    let on_input = move |part: Part| {
        Callback::new(move |typed: String| {
            let locale = builder.text_locale.get_untracked();
            builder.change(Place::Survey, |draft| part.of_mut(draft).set(locale, typed));
        })
    };
    view! {
        <fieldset class="survey-texts" id=place_id(Place::Survey) aria-describedby=described_by(builder, Place::Survey)>
            <legend>{td_string!(ui, console.survey_texts_legend)}</legend>
            <BuilderField
                builder
                id="survey-title".to_owned()
                label=td_string!(ui, console.survey_title_label)
                value=value(Part::Title)
                on_input=on_input(Part::Title)
                words=true
            />
            <BuilderField
                builder
                id="survey-summary".to_owned()
                label=td_string!(ui, console.survey_summary_label)
                hint=td_string!(ui, console.survey_summary_hint)
                value=value(Part::Summary)
                on_input=on_input(Part::Summary)
                rows=3
                words=true
            />
            <BuilderField
                builder
                id="survey-thanks".to_owned()
                label=td_string!(ui, console.survey_thanks_label)
                hint=td_string!(ui, console.survey_thanks_hint)
                value=value(Part::Thanks)
                on_input=on_input(Part::Thanks)
                rows=3
                words=true
            />
            <PlaceProblems builder place=Place::Survey />
        </fieldset>
    }
}
