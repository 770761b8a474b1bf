//! One survey as staff build it: a new one (created on the first save,
//! its address chosen then and fixed after), or one read from the server
//! and saved from the version read. Before anything is sent, the
//! contract's own check (`SurveyEdit::validate`) runs here, and what it
//! refuses is said beside the part it names, as a refusal from the server
//! is; whatever is typed stays through every failure. Once people have
//! answered, only the wording may change, and the page says so first.
//! A saved survey also shows its state, its results and, for invited
//! people, the invitations.

use civic_api::survey_editing::EditableSurvey;
use civic_api::{ErrorCode, FieldErrors, Locale, Slug};
use leptos::html::H3;
use leptos::prelude::*;

use crate::api::{self, ApiError, staff_surveys};
use crate::form_kit::{FormAlert, FormKit, SubmitButton};
use crate::i18n::{self, td_string};
use crate::pages::console::editor_heading::EditorHeading;
use crate::pages::console::loaded_view::LoadedView;
use crate::pages::console::petition_notes::{Notes, NotesView};
use crate::pages::console::petition_words::is_conflict;
use crate::pages::console::survey_builder::{Builder, focus_first_problem};
use crate::pages::console::survey_draft::{Draft, language_index};
use crate::pages::console::survey_invitations::SurveyInvitationsForm;
use crate::pages::console::survey_preview::SurveyPreview;
use crate::pages::console::survey_problems::{Place, Problem, can_be_built, diagnose, refused};
use crate::pages::console::survey_results::SurveyResultsView;
use crate::pages::console::survey_sections::SurveySections;
use crate::pages::console::survey_settings::SurveySettings;
use crate::pages::console::survey_status::{SavedSurvey, SurveyStatus};
use crate::pages::console::survey_words::{Count, count_text, english_title, failure_texts, refusal, survey_failure};
use crate::request::Request;
use crate::ui_locale;

pub const SURVEY_EDITOR_HEADING_ID: &str = "survey-editor-heading";
/// The day the browser's check puts in a survey: the server sets its own.
const SOME_DAY: &str = "2026-01-01";

/// The survey `slug`, or a new one (`None`): `title` heads it while it
/// loads. `on_change` hears every new version; `on_close` goes back to
/// the list.
#[component]
pub fn SurveyEditor(
    locale: Locale,
    slug: Option<Slug>,
    title: String,
    on_change: Callback<EditableSurvey>,
    on_close: Callback<()>,
) -> impl IntoView {
    let ui = ui_locale(locale);
    let base = StoredValue::new(api::api_base());
    let heading = NodeRef::<H3>::new();
    let title = RwSignal::new(title);
    // The button pressed to come here is gone: the focus goes to the
    // editor's heading, which says what is being edited.
    Effect::new(move || {
        if let Some(heading) = heading.get() {
            request_animation_frame(move || {
                let _ = heading.focus();
            });
        }
    });
    let slug = StoredValue::new(slug);
    let loaded = Request::<Result<EditableSurvey, ApiError>>::new();
    if let Some(slug) = slug.get_value() {
        loaded.load(move |abort| {
            let base = base.get_value();
            async move { staff_surveys::survey(&base, &slug, abort.as_ref()).await }
        });
    }
    let retry = Callback::new(move |()| {
        let (Some(slug), base) = (slug.get_value(), base.get_value()) else {
            return;
        };
        loaded.send(async move { staff_surveys::survey(&base, &slug, None).await });
    });
    let answer = loaded.answer();
    view! {
        <div class="survey-editor">
            <EditorHeading
                id=SURVEY_EDITOR_HEADING_ID
                title
                untitled=td_string!(ui, console.surveys_new)
                back=td_string!(ui, console.survey_back)
                on_close
                heading
            />
            <LoadedView
                ui
                state=move || match slug.get_value() {
                    None => Some(Ok(None)),
                    Some(_) => answer.get().map(|answer| answer.map(Some)),
                }
                pending=loaded.pending()
                loading=td_string!(ui, console.survey_loading)
                failure=load_failure
                refusal
                retry
                let:first
            >
                <SurveyDesk locale first title on_change heading />
            </LoadedView>
        </div>
    }
}

fn load_failure(ui: i18n::Locale, error: &ApiError) -> &'static str {
    match error {
        ApiError::Network => td_string!(ui, console.survey_load_failed),
        _ => survey_failure(ui, error),
    }
}

#[component]
fn SurveyDesk(
    locale: Locale,
    first: Option<EditableSurvey>,
    title: RwSignal<String>,
    on_change: Callback<EditableSurvey>,
    heading: NodeRef<H3>,
) -> impl IntoView {
    let ui = ui_locale(locale);
    let base = StoredValue::new(api::api_base());
    let kit = FormKit::new();
    let draft = RwSignal::new(first.as_ref().map(Draft::from_saved).unwrap_or_default());
    let saved = RwSignal::new(first);
    let builder = Builder {
        ui,
        draft,
        text_locale: RwSignal::new(Locale::DEFAULT),
        locked: Signal::derive(move || saved.with(|saved| saved.as_ref().is_some_and(|saved| saved.responses > 0))),
        problems: RwSignal::new(Vec::new()),
        kit,
    };
    let show = move |survey: EditableSurvey| {
        title.try_set(english_title(&survey));
        on_change.try_run(survey.clone());
        saved.try_set(Some(survey));
    };
    let notes = Notes::new();
    let theirs_shown = RwSignal::new(false);
    let reloading = RwSignal::new(false);
    let reload = Callback::new(move |asking: Notes| {
        let Some(slug) = saved.with_untracked(|saved| saved.as_ref().map(|saved| saved.slug.clone())) else {
            return;
        };
        if reloading.get_untracked() {
            return;
        }
        reloading.set(true);
        theirs_shown.set(false);
        let base = base.get_value();
        leptos::task::spawn_local(async move {
            let result = staff_surveys::survey(&base, &slug, None).await;
            // The editor was closed meanwhile: nothing to show it in.
            if reloading.try_set(false).is_some() {
                return;
            }
            match result {
                Ok(theirs) => {
                    kit.start_over(&[]);
                    builder.problems.set(Vec::new());
                    let refilled = Draft::from_saved(&theirs);
                    if !refilled.written[language_index(builder.text_locale.get_untracked())] {
                        builder.text_locale.set(Locale::DEFAULT);
                    }
                    draft.set(refilled);
                    show(theirs);
                    notes.clear();
                    asking.clear();
                    theirs_shown.set(true);
                    if let Some(heading) = heading.get_untracked() {
                        let _ = heading.focus();
                    }
                }
                Err(error) => asking.failed(survey_failure(ui, &error)),
            }
        });
    });
    let saved_survey = SavedSurvey {
        survey: saved,
        show: Callback::new(show),
        reload,
        reloading,
    };
    let pending = RwSignal::new(false);
    // Says what stands in the way, beside each part, and goes to the first.
    let refuse = move |problems: Vec<Problem>| {
        builder.problems.set(problems);
        kit.refuse_fields(&[], FieldErrors::new());
        focus_first_problem(builder);
    };
    let save = Callback::new(move |()| {
        if pending.get_untracked() {
            return;
        }
        notes.clear();
        theirs_shown.set(false);
        let (slug, version, locked) = saved.with_untracked(|saved| match saved {
            Some(saved) => (Some(saved.slug.clone()), saved.version, saved.responses > 0),
            None => (None, 0, false),
        });
        let new = slug.is_none();
        if !draft.with_untracked(|draft| can_be_built(draft, new)) {
            return refuse(draft.with_untracked(|draft| diagnose(ui, draft, new, locked)));
        }
        // The same survey sent again goes with the same key, so a save
        // whose answer was lost is done once (a new survey created once).
        let edit = draft.with_untracked(|draft| draft.edit(version, kit.key_for_request(), locked));
        if let Err(fields) = edit.validate(false, SOME_DAY) {
            return refuse(draft.with_untracked(|draft| refused(ui, draft, new, locked, &fields)));
        }
        builder.problems.set(Vec::new());
        pending.set(true);
        let base = base.get_value();
        leptos::task::spawn_local(async move {
            let result = match &slug {
                Some(slug) => staff_surveys::save(&base, slug, &edit).await,
                None => staff_surveys::create(&base, &edit).await,
            };
            if pending.try_set(false).is_some() {
                // Closed meanwhile: the list still shows the new version.
                if let Ok(saved) = result {
                    on_change.try_run(saved);
                }
                return;
            }
            match result {
                Err(error) if is_conflict(&error) => {
                    // Said in its own words; an older failure is void.
                    kit.failure.set(None);
                    match new {
                        true => refuse(vec![Problem {
                            place: Place::Address,
                            text: td_string!(ui, console.survey_problem_slug_taken).to_owned(),
                        }]),
                        false => notes.conflicted(version),
                    }
                }
                Err(ApiError::Server(body)) if body.code == ErrorCode::Validation => {
                    refuse(draft.with_untracked(|draft| refused(ui, draft, new, locked, &body.fields)));
                }
                Err(error) => match refusal(ui, &error) {
                    Some(refused) => kit.refuse(refused.to_owned()),
                    // Said with a retry, which sends the same key.
                    None => {
                        kit.answer::<EditableSurvey>(Err(error));
                    }
                },
                Ok(survey) => {
                    kit.answer(Ok(()));
                    draft.update(Draft::saved);
                    notes.done(td_string!(ui, console.survey_saved));
                    show(survey);
                }
            }
        });
    });
    let version = Signal::derive(move || saved.with(|saved| saved.as_ref().map_or(0, |saved| saved.version)));
    // Changes once, when a new survey is first saved.
    let saved_slug = Memo::new(move |_| saved.with(|saved| saved.as_ref().map(|saved| saved.slug.clone())));
    let locked_note = move || {
        let answered = saved.with(|saved| saved.as_ref().map_or(0, |saved| saved.responses));
        (answered > 0).then(|| view! { <p class="note survey-locked">{count_text(ui, Count::Locked, answered)}</p> })
    };
    view! {
        <div class="console-status survey-notice" role="status">
            {move || theirs_shown.get().then(|| view! { <p class="success">{td_string!(ui, console.page_theirs_shown)}</p> })}
        </div>
        {locked_note}
        {move || saved_slug.get().is_some().then(|| view! { <SurveyStatus locale saved=saved_survey /> })}
        <form
            class="survey-builder"
            novalidate
            on:submit=move |event| {
                event.prevent_default();
                save.run(());
            }
        >
            <SurveySettings builder saved_slug />
            <SurveySections builder />
            <FormAlert kit locale texts=failure_texts(ui) retry=save />
            <SubmitButton kit pending label=td_string!(ui, console.survey_save) sending=td_string!(ui, console.saving) />
            <NotesView
                locale
                notes
                version
                conflict=td_string!(ui, console.survey_conflict)
                reload
                reloading
            />
        </form>
        {move || {
            saved_slug
                .get()
                .map(|slug| {
                    view! {
                        <SurveyResultsView locale slug=slug.clone() text_locale=builder.text_locale />
                        <SurveyInvitationsForm locale saved=saved_survey />
                    }
                })
        }}
        // Last: the visitors' form inside has headings of its own (h2),
        // which no heading of the editor follows.
        <SurveyPreview builder />
    }
}
