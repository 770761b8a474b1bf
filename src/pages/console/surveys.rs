//! Surveys (editors and admins): the button that starts a new survey, and
//! every survey, open ones first, with whether it is open, who may answer
//! it, whether its results are published, its languages and how many
//! responses count; its title is the button that opens it in the builder.
//! The server does not draw the list with the console: the app asks for
//! it. It stays in the page, hidden, while a survey is open.

use civic_api::survey_editing::{EditableSurvey, SurveyLine};
use civic_api::{Locale, Slug};
use leptos::prelude::*;

use crate::api::{self, ApiError, staff_surveys};
use crate::browser::focus_element;
use crate::i18n::{self, td_string};
use crate::numbers::format_number;
use crate::pages::console::loaded_view::LoadedView;
use crate::pages::console::survey_editor::SurveyEditor;
use crate::pages::console::survey_words::{
    english_title, languages_view, limit_short, results_name, state_name, survey_failure,
};
use crate::request::Request;
use crate::ui_locale;

pub const SURVEYS_HEADING_ID: &str = "surveys-heading";
const NEW_BUTTON_ID: &str = "survey-new";

fn open_button_id(slug: &Slug) -> String {
    format!("survey-open-{slug}")
}

/// The list's line for a survey the builder saved, opened or closed.
fn line_of(survey: &EditableSurvey) -> SurveyLine {
    let english = survey.translations.first();
    SurveyLine {
        slug: survey.slug.clone(),
        title: english_title(survey),
        limit: english.map(|english| english.limit).unwrap_or_default(),
        results_public: english.is_some_and(|english| english.results_public),
        closed: english.is_some_and(|english| english.closed),
        languages: survey
            .translations
            .iter()
            .map(|translation| translation.locale)
            .collect(),
        responses: survey.responses,
    }
}

/// Which survey the builder shows: a new one, or one of the list's.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Opened {
    New,
    Survey { slug: Slug, title: String },
}

#[component]
pub fn Surveys(locale: Locale) -> impl IntoView {
    let ui = ui_locale(locale);
    let base = StoredValue::new(api::api_base());
    let lines = RwSignal::new(None::<Vec<SurveyLine>>);
    let asked = Request::<Result<Vec<SurveyLine>, ApiError>>::new();
    let failure = RwSignal::new(None::<ApiError>);
    Effect::new(move || match asked.answer().get() {
        Some(Ok(found)) => {
            failure.set(None);
            lines.set(Some(found));
        }
        Some(Err(error)) => failure.set(Some(error)),
        None => {}
    });
    // Never drawn by the server: the app asks once it runs.
    if cfg!(target_arch = "wasm32") {
        asked.load(move |abort| {
            let base = base.get_value();
            async move { staff_surveys::surveys(&base, abort.as_ref()).await }
        });
    }
    let retry = move || {
        let base = base.get_value();
        asked.send(async move { staff_surveys::surveys(&base, None).await });
    };
    let opened = RwSignal::new(None::<Opened>);
    // The survey the builder last saved, so that closing it goes back to
    // its line (a new one has its line once saved).
    let last_saved = StoredValue::new(None::<Slug>);
    let on_change = Callback::new(move |survey: EditableSurvey| {
        last_saved.set_value(Some(survey.slug.clone()));
        lines.update(|lines| {
            let Some(lines) = lines else { return };
            let line = line_of(&survey);
            match lines.iter_mut().find(|shown| shown.slug == survey.slug) {
                Some(shown) => *shown = line,
                None => lines.insert(0, line),
            }
        });
    });
    let open = Callback::new(move |what: Opened| {
        last_saved.set_value(None);
        opened.set(Some(what));
    });
    let on_close = Callback::new(move |()| {
        let Some(closed) = opened.get_untracked() else { return };
        opened.set(None);
        let back_to = match (closed, last_saved.get_value()) {
            (Opened::Survey { slug, .. }, _) | (Opened::New, Some(slug)) => open_button_id(&slug),
            (Opened::New, None) => NEW_BUTTON_ID.to_owned(),
        };
        // Back to the button that opened it, once the list shows again.
        request_animation_frame(move || focus_element(&back_to));
    });
    let editing = Memo::new(move |_| opened.with(Option::is_some));
    let state = move || match lines.with(Option::is_some) {
        true => Some(Ok(())),
        false => failure.get().map(Err),
    };
    let overview = view! {
        <LoadedView
            ui
            state
            pending=asked.pending()
            loading=td_string!(ui, console.surveys_loading)
            failure=load_failure
            retry=Callback::new(move |()| retry())
            let:_lines
        >
            <p>
                <button type="button" id=NEW_BUTTON_ID on:click=move |_| open.run(Opened::New)>
                    {td_string!(ui, console.surveys_new)}
                </button>
            </p>
            <SurveyTable ui lines open />
        </LoadedView>
    };
    view! {
        <section class="console-section surveys" aria-labelledby=SURVEYS_HEADING_ID>
            <h2 id=SURVEYS_HEADING_ID tabindex="-1">{td_string!(ui, console.surveys_heading)}</h2>
            <div class="surveys-overview" hidden=move || editing.get()>
                <p>{td_string!(ui, console.surveys_intro)}</p>
                {overview}
            </div>
            {move || {
                opened
                    .get()
                    .map(|what| {
                        let (slug, title) = match what {
                            Opened::New => (None, String::new()),
                            Opened::Survey { slug, title } => (Some(slug), title),
                        };
                        view! { <SurveyEditor locale slug title on_change on_close /> }
                    })
            }}
        </section>
    }
}

fn load_failure(ui: i18n::Locale, error: &ApiError) -> &'static str {
    match error {
        ApiError::Network => td_string!(ui, console.surveys_load_failed),
        _ => survey_failure(ui, error),
    }
}

/// Every survey, open ones first, in a table that scrolls sideways in its
/// own box on a phone.
#[component]
fn SurveyTable(ui: i18n::Locale, lines: RwSignal<Option<Vec<SurveyLine>>>, open: Callback<Opened>) -> impl IntoView {
    let shown = Memo::new(move |_| lines.get().unwrap_or_default());
    move || {
        let shown = shown.get();
        if shown.is_empty() {
            return view! { <p>{td_string!(ui, console.surveys_none)}</p> }.into_any();
        }
        let rows = shown
            .into_iter()
            .map(|line| {
                let what = Opened::Survey {
                    slug: line.slug.clone(),
                    title: line.title.clone(),
                };
                view! {
                    <tr>
                        <th scope="row">
                            <button
                                type="button"
                                class="link-button"
                                id=open_button_id(&line.slug)
                                lang="en"
                                dir="auto"
                                on:click=move |_| open.run(what.clone())
                            >
                                {line.title}
                            </button>
                        </th>
                        <td>{state_name(ui, line.closed)}</td>
                        <td>{limit_short(ui, line.limit)}</td>
                        <td>{results_name(ui, line.results_public)}</td>
                        <td>{languages_view(ui, &line.languages)}</td>
                        <td class="survey-count">{format_number(ui, line.responses)}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="table-scroll" tabindex="0" role="region" aria-label=td_string!(ui, console.surveys_table_label)>
                <table class="chart-table surveys-table">
                    <caption>{td_string!(ui, console.surveys_caption)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{td_string!(ui, console.survey_title_column)}</th>
                            <th scope="col">{td_string!(ui, console.survey_state_column)}</th>
                            <th scope="col">{td_string!(ui, console.survey_limit_column)}</th>
                            <th scope="col">{td_string!(ui, console.survey_results_column)}</th>
                            <th scope="col">{td_string!(ui, console.survey_languages_column)}</th>
                            <th scope="col">{td_string!(ui, console.survey_responses_column)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    }
}
