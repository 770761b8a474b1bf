//! A saved survey's state: open (since when) or closed, how many responses
//! count, and the button that closes or opens it from the version read.
//! Typing in the builder meanwhile is kept: only the version moves on.

use civic_api::Locale;
use civic_api::survey_editing::{EditableSurvey, SurveyStatusChange};
use leptos::prelude::*;

use crate::api::{self, staff_surveys};
use crate::dates::format_date;
use crate::form_kit::{FormAlert, FormKit};
use crate::i18n::td_string;
use crate::pages::console::petition_notes::{Notes, NotesView};
use crate::pages::console::petition_words::is_conflict;
use crate::pages::console::survey_words::{Count, count_text, failure_texts, refusal};
use crate::ui_locale;

/// The survey as the server last answered, and what its parts do with a
/// new version. `Copy`.
#[derive(Debug, Clone, Copy)]
pub struct SavedSurvey {
    pub survey: RwSignal<Option<EditableSurvey>>,
    /// A new version: the editor's heading, the list and every part show it.
    pub show: Callback<EditableSurvey>,
    /// Shows the survey as the server has it now, in place of what was
    /// typed: the button under a conflict.
    pub reload: Callback<Notes>,
    pub reloading: RwSignal<bool>,
}

impl SavedSurvey {
    /// Reads the saved survey (tracked); `None` before its first save.
    pub fn read<T>(self, read: impl FnOnce(&EditableSurvey) -> T) -> Option<T> {
        self.survey.with(|survey| survey.as_ref().map(read))
    }

    /// Whether it is closed (tracked).
    pub fn closed(self) -> bool {
        self.read(|survey| survey.translations.first().is_some_and(|first| first.closed))
            .unwrap_or(false)
    }
}

#[component]
pub fn SurveyStatus(locale: Locale, saved: SavedSurvey) -> impl IntoView {
    let ui = ui_locale(locale);
    let base = StoredValue::new(api::api_base());
    let kit = FormKit::new();
    let notes = Notes::new();
    let pending = RwSignal::new(false);
    let closed = Memo::new(move |_| saved.closed());
    let version = Signal::derive(move || saved.read(|survey| survey.version).unwrap_or(0));
    let change = Callback::new(move |()| {
        let Some((slug, version)) = saved
            .survey
            .with_untracked(|survey| survey.as_ref().map(|survey| (survey.slug.clone(), survey.version)))
        else {
            return;
        };
        if pending.get_untracked() {
            return;
        }
        notes.clear();
        let closing = !closed.get_untracked();
        let request = SurveyStatusChange {
            version,
            closed: closing,
            idempotency_key: kit.key_for_request(),
        };
        pending.set(true);
        let base = base.get_value();
        leptos::task::spawn_local(async move {
            let result = staff_surveys::change_status(&base, &slug, &request).await;
            if pending.try_set(false).is_some() {
                if let Ok(survey) = result {
                    saved.show.try_run(survey);
                }
                return;
            }
            if let Err(error) = &result {
                if is_conflict(error) {
                    kit.failure.set(None);
                    return notes.conflicted(version);
                }
                if let Some(refused) = refusal(ui, error) {
                    return kit.refuse(refused.to_owned());
                }
            }
            if let Some(survey) = kit.answer(result) {
                notes.done(match closing {
                    true => td_string!(ui, console.survey_closed_now),
                    false => td_string!(ui, console.survey_opened_now),
                });
                saved.show.run(survey);
            }
        });
    });
    let state = move || {
        let since = saved
            .read(|survey| survey.translations.first().map(|first| first.opened_on.clone()))
            .flatten()
            .and_then(|day| format_date(locale, &day));
        match (closed.get(), since) {
            (true, _) => td_string!(ui, console.survey_state_closed).to_owned(),
            (false, Some(date)) => td_string!(ui, console.survey_state_open_since, date = date),
            (false, None) => td_string!(ui, console.survey_state_open).to_owned(),
        }
    };
    let responses = move || count_text(ui, Count::Responses, saved.read(|survey| survey.responses).unwrap_or(0));
    view! {
        <section class="survey-status" aria-labelledby="survey-status-heading">
            <h4 id="survey-status-heading">{td_string!(ui, console.survey_status_heading)}</h4>
            <p class="survey-state">{state}</p>
            <p class="survey-responses">{responses}</p>
            <button
                type="button"
                class="secondary"
                id="survey-open-close"
                disabled=move || pending.get()
                on:click=move |_| change.run(())
            >
                {move || match (closed.get(), pending.get()) {
                    (true, false) => td_string!(ui, console.survey_open_button),
                    (true, true) => td_string!(ui, console.survey_opening),
                    (false, false) => td_string!(ui, console.survey_close_button),
                    (false, true) => td_string!(ui, console.survey_closing),
                }}
            </button>
            <FormAlert kit locale texts=failure_texts(ui) retry=change />
            <NotesView
                locale
                notes
                version
                conflict=td_string!(ui, console.survey_stale)
                reload=saved.reload
                reloading=saved.reloading
            />
        </section>
    }
}
