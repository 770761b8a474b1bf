//! Where a petition stands, and the one step it can take from there:
//! publish a draft (saying so when visitors of a language will read it in
//! English), close an open petition, reopen a closed one.

use civic_api::petition_editing::{PetitionStatus, StatusChange};
use civic_api::{ErrorCode, Locale};
use leptos::prelude::*;

use crate::api::{self, ApiError, staff_petitions};
use crate::browser::focus_element;
use crate::form_kit::FormKit;
use crate::i18n::{self, td_string};
use crate::pages::console::petition_editor::Editing;
use crate::pages::console::petition_notes::{Notes, NotesView};
use crate::pages::console::petition_words::{is_conflict, missing_view, petition_failure};
use crate::ui_locale;

const FALLBACK_ID: &str = "petition-fallback";

/// Where a petition goes from `from`.
fn next(from: PetitionStatus) -> PetitionStatus {
    match from {
        PetitionStatus::Draft | PetitionStatus::Closed => PetitionStatus::Open,
        PetitionStatus::Open => PetitionStatus::Closed,
    }
}

fn button_text(ui: i18n::Locale, from: PetitionStatus) -> &'static str {
    match from {
        PetitionStatus::Draft => td_string!(ui, console.petition_publish),
        PetitionStatus::Open => td_string!(ui, console.petition_close),
        PetitionStatus::Closed => td_string!(ui, console.petition_reopen),
    }
}

/// What the button does, under it.
fn button_note(ui: i18n::Locale, from: PetitionStatus) -> &'static str {
    match from {
        PetitionStatus::Draft => td_string!(ui, console.petition_publish_note),
        PetitionStatus::Open => td_string!(ui, console.petition_close_note),
        PetitionStatus::Closed => td_string!(ui, console.petition_reopen_note),
    }
}

fn done_text(ui: i18n::Locale, from: PetitionStatus) -> &'static str {
    match from {
        PetitionStatus::Draft => td_string!(ui, console.petition_published),
        PetitionStatus::Open => td_string!(ui, console.petition_closed),
        PetitionStatus::Closed => td_string!(ui, console.petition_reopened),
    }
}

/// `unsaved`: the texts typed differ from the petition as saved, which is
/// what a change of state acts on.
#[component]
pub fn StatusActions(locale: Locale, editing: Editing, #[prop(into)] unsaved: Signal<bool>) -> impl IntoView {
    let ui = ui_locale(locale);
    let base = StoredValue::new(api::api_base());
    let kit = FormKit::new();
    let notes = Notes::new();
    let pending = RwSignal::new(false);
    let fallback = RwSignal::new(false);
    let status = Memo::new(move |_| editing.petition.with(|petition| petition.status));
    let missing = Memo::new(move |_| editing.petition.with(|petition| petition.missing.clone()));
    // Whether the box must be ticked and is not, as the browser or the
    // server found.
    let fallback_refused = RwSignal::new(false);
    let server_asked = RwSignal::new(false);
    // Asked for where publishing leaves languages to English, or where the
    // server said it must be; a memo, so that ticking it does not draw it
    // again (and take the focus away).
    let shows_checkbox = Memo::new(move |_| {
        let publishing_with_missing = status.get() == PetitionStatus::Draft && !missing.with(Vec::is_empty);
        publishing_with_missing || server_asked.get()
    });
    Effect::new(move || {
        editing.petition.with(|petition| petition.version);
        kit.changed();
    });
    let refuse_fallback = move || {
        fallback_refused.try_set(true);
        notes.failed(td_string!(ui, console.petition_fallback_required));
        // Once the box is drawn, where the server was the one to ask.
        request_animation_frame(|| focus_element(FALLBACK_ID));
    };
    let change = move |_| {
        if pending.get_untracked() {
            return;
        }
        let from = status.get_untracked();
        let english_fallback = fallback.get_untracked();
        if shows_checkbox.get_untracked() && !english_fallback {
            return refuse_fallback();
        }
        let version = editing.petition.with_untracked(|petition| petition.version);
        let id = editing.petition.with_untracked(|petition| petition.id);
        let request = StatusChange {
            version,
            to: next(from),
            english_fallback,
            idempotency_key: kit.key_for_request(),
        };
        notes.clear();
        pending.set(true);
        let base = base.get_value();
        leptos::task::spawn_local(async move {
            let result = staff_petitions::change_status(&base, id, &request).await;
            if pending.try_set(false).is_some() {
                return editing.closed_meanwhile(result);
            }
            match result {
                Ok(changed) => {
                    kit.answer(Ok(()));
                    fallback.try_set(false);
                    fallback_refused.try_set(false);
                    server_asked.try_set(false);
                    notes.done(done_text(ui, from));
                    editing.show(changed);
                }
                Err(error) if is_conflict(&error) => notes.conflicted(version),
                Err(ApiError::Server(body))
                    if body.code == ErrorCode::Validation && body.fields.contains_key("english_fallback") =>
                {
                    server_asked.try_set(true);
                    refuse_fallback();
                }
                Err(error) => notes.failed(petition_failure(ui, &error)),
            }
        });
    };
    let checkbox = move || {
        shows_checkbox.get().then(|| {
            let hint = missing.with(|missing| missing_view(ui, missing));
            let described_by = move || match fallback_refused.get() {
                true => format!("{FALLBACK_ID}-hint {FALLBACK_ID}-error"),
                false => format!("{FALLBACK_ID}-hint"),
            };
            view! {
                <div class="field fallback">
                    <div class="fallback-choice">
                        <input
                            type="checkbox"
                            id=FALLBACK_ID
                            prop:checked=move || fallback.get()
                            aria-invalid=move || fallback_refused.get().then_some("true")
                            aria-describedby=described_by
                            on:change=move |event| {
                                fallback.set(event_target_checked(&event));
                                fallback_refused.set(false);
                                kit.changed();
                            }
                        />
                        <label for=FALLBACK_ID>{td_string!(ui, console.petition_fallback_label)}</label>
                    </div>
                    <p class="hint" id=format!("{FALLBACK_ID}-hint")>
                        {hint}
                    </p>
                    {move || {
                        fallback_refused
                            .get()
                            .then(|| {
                                view! {
                                    <p class="field-error" id=format!("{FALLBACK_ID}-error")>
                                        {td_string!(ui, console.petition_fallback_required)}
                                    </p>
                                }
                            })
                    }}
                </div>
            }
        })
    };
    let described_by = move || match unsaved.get() {
        true => "petition-status-note petition-unsaved-note",
        false => "petition-status-note",
    };
    view! {
        <section class="petition-status" aria-labelledby="petition-status-heading">
            <h4 id="petition-status-heading">{td_string!(ui, console.petition_state_heading)}</h4>
            {checkbox}
            <p class="hint" id="petition-status-note">
                {move || button_note(ui, status.get())}
            </p>
            {move || {
                unsaved
                    .get()
                    .then(|| {
                        view! {
                            <p class="note" id="petition-unsaved-note">
                                {td_string!(ui, console.petition_unsaved)}
                            </p>
                        }
                    })
            }}
            <button
                type="button"
                class=move || (status.get() == PetitionStatus::Open).then_some("secondary danger-outline")
                disabled=move || pending.get()
                aria-describedby=described_by
                on:click=change
            >
                {move || match pending.get() {
                    true => td_string!(ui, console.saving),
                    false => button_text(ui, status.get()),
                }}
            </button>
            <NotesView
                locale
                notes
                version=editing.version()
                conflict=td_string!(ui, console.petition_conflict)
                reload=editing.reload
                reloading=editing.reloading
            />
        </section>
    }
}
