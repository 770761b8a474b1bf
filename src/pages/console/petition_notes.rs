//! What one part of the petition editor (its texts, its picture, its
//! state), or the page editor, says about its last request: done, in a
//! status; failed, in an alert; refused because someone else changed the
//! petition or page meanwhile, with the button that shows their version.

use civic_api::Locale;
use leptos::prelude::*;

use crate::i18n::td_string;
use crate::ui_locale;

/// `Copy`, for every handler of the part.
#[derive(Debug, Clone, Copy)]
pub struct Notes {
    notice: RwSignal<Option<String>>,
    problem: RwSignal<Option<String>>,
    /// The version a request was refused at as stale; said only while
    /// that version is the one shown.
    conflict: RwSignal<Option<i64>>,
}

impl Default for Notes {
    fn default() -> Self {
        Notes::new()
    }
}

impl Notes {
    pub fn new() -> Notes {
        Notes {
            notice: RwSignal::new(None),
            problem: RwSignal::new(None),
            conflict: RwSignal::new(None),
        }
    }

    pub fn done(self, text: impl Into<String>) {
        self.problem.try_set(None);
        self.conflict.try_set(None);
        self.notice.try_set(Some(text.into()));
    }

    pub fn failed(self, text: impl Into<String>) {
        self.notice.try_set(None);
        self.conflict.try_set(None);
        self.problem.try_set(Some(text.into()));
    }

    /// The server has a newer version than `version`, the one shown.
    pub fn conflicted(self, version: i64) {
        self.notice.try_set(None);
        self.problem.try_set(None);
        self.conflict.try_set(Some(version));
    }

    pub fn clear(self) {
        self.notice.try_set(None);
        self.problem.try_set(None);
        self.conflict.try_set(None);
    }
}

/// The part's status and alert, present from the start so that what
/// appears in them is read out. `version`: the one shown; `conflict`: the
/// words for someone else's newer one; `reload` shows it as the server
/// has it now (what was typed goes), only when pressed.
#[component]
pub fn NotesView(
    locale: Locale,
    notes: Notes,
    #[prop(into)] version: Signal<i64>,
    conflict: &'static str,
    reload: Callback<Notes>,
    #[prop(into)] reloading: Signal<bool>,
) -> impl IntoView {
    let ui = ui_locale(locale);
    let stale = move || notes.conflict.get() == Some(version.get());
    view! {
        <div class="console-status" role="status">
            {move || notes.notice.get().map(|text| view! { <p class="success">{text}</p> })}
        </div>
        <div class="console-alert" role="alert">
            {move || notes.problem.get().map(|text| view! { <p>{text}</p> })}
            {move || {
                stale()
                    .then(|| {
                        view! {
                            <p>{conflict}</p>
                            <button
                                type="button"
                                class="secondary"
                                disabled=move || reloading.get()
                                on:click=move |_| reload.run(notes)
                            >
                                {move || match reloading.get() {
                                    true => td_string!(ui, console.petition_loading_theirs),
                                    false => td_string!(ui, console.petition_load_theirs),
                                }}
                            </button>
                        }
                    })
            }}
        </div>
    }
}
