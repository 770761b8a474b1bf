//! A petition's past invalidations, newest first: when, by whom, why, which
//! signatures and how many; and for each not undone yet, the button that
//! makes them count again.

use civic_api::Locale;
use civic_api::signature_review::{Invalidation, UndoRequest};
use leptos::prelude::*;

use crate::api::{self, staff_petitions};
use crate::browser::focus_element;
use crate::form_kit::FormKit;
use crate::i18n::{self, td_string};
use crate::pages::console::petition_signatures::SignatureReview;
use crate::pages::console::petition_signatures_words::{Counted, counted, filter_words, time_text};
use crate::pages::console::petition_words::{is_conflict, petition_failure};
use crate::pages::console::texts::{ADDRESS, Said};
use crate::ui_locale;

/// What the last undo came to, for the list's status and alert.
#[derive(Debug, Clone, Copy)]
struct UndoNotes {
    notice: RwSignal<Option<String>>,
    problem: RwSignal<Option<String>>,
}

impl UndoNotes {
    fn done(self, text: String) {
        self.problem.try_set(None);
        self.notice.try_set(Some(text));
    }

    fn failed(self, text: String) {
        self.notice.try_set(None);
        self.problem.try_set(Some(text));
    }

    fn clear(self) {
        self.notice.set(None);
        self.problem.set(None);
    }
}

fn undone_id(id: i64) -> String {
    format!("invalidation-{id}-undone")
}

#[component]
pub fn PastInvalidations(locale: Locale, review: SignatureReview) -> impl IntoView {
    let ui = ui_locale(locale);
    let notes = UndoNotes {
        notice: RwSignal::new(None),
        problem: RwSignal::new(None),
    };
    // The ids only: a row's change redraws that row, not the list.
    let ids = Memo::new(move |_| {
        review.summary.with(|summary| {
            summary
                .iter()
                .flat_map(|summary| summary.invalidations.iter().map(|invalidation| invalidation.id))
                .collect::<Vec<_>>()
        })
    });
    let empty = Memo::new(move |_| ids.with(Vec::is_empty));
    view! {
        <section class="past-invalidations" aria-labelledby="past-invalidations-heading">
            <h5 id="past-invalidations-heading">{td_string!(ui, console.invalidations_heading)}</h5>
            <div class="console-status" role="status">
                {move || notes.notice.get().map(|text| view! { <p class="success">{text}</p> })}
            </div>
            <div class="console-alert" role="alert">
                {move || notes.problem.get().map(|text| view! { <p>{text}</p> })}
            </div>
            {move || match empty.get() {
                true => view! { <p>{td_string!(ui, console.invalidations_none)}</p> }.into_any(),
                false => view! {
                    <ul class="invalidation-list">
                        <For
                            each=move || ids.get()
                            key=|id| *id
                            children=move |id| view! { <InvalidationRow ui id review notes /> }
                        />
                    </ul>
                }
                .into_any(),
            }}
        </section>
    }
}

#[component]
fn InvalidationRow(ui: i18n::Locale, id: i64, review: SignatureReview, notes: UndoNotes) -> impl IntoView {
    let base = StoredValue::new(api::api_base());
    let kit = FormKit::new();
    let pending = RwSignal::new(false);
    let invalidation = Memo::new(move |_| {
        review.summary.with(|summary| {
            summary
                .as_ref()
                .and_then(|summary| summary.invalidations.iter().find(|each| each.id == id).cloned())
        })
    });
    let Some(first) = invalidation.get_untracked() else {
        return ().into_any();
    };
    let undone_at =
        Memo::new(move |_| invalidation.with(|shown| shown.as_ref().and_then(|shown| shown.undone_at.clone())));
    let count = first.count;
    let undo = move |_| {
        if pending.get_untracked() {
            return;
        }
        let request = UndoRequest {
            idempotency_key: kit.key_for_request(),
        };
        pending.set(true);
        notes.clear();
        let base = base.get_value();
        leptos::task::spawn_local(async move {
            let result = staff_petitions::undo_invalidation(&base, review.petition, id, &request).await;
            if pending.try_set(false).is_some() {
                return;
            }
            match result {
                Ok(undone) => {
                    kit.answer(Ok(()));
                    notes.done(counted(ui, Counted::UndoneNow, undone.count));
                    review.show_invalidation(undone);
                    review.changed.run(());
                    // The button is gone: the focus goes to what replaced it.
                    request_animation_frame(move || focus_element(&undone_id(id)));
                }
                // Undone already, by someone else or by an answer lost.
                Err(error) if is_conflict(&error) => {
                    notes.failed(td_string!(ui, console.invalidation_already_undone).to_owned());
                    review.changed.run(());
                }
                Err(error) => notes.failed(petition_failure(ui, &error).to_owned()),
            }
        });
    };
    let state = move || match undone_at.get() {
        Some(at) => view! {
            <p class="invalidation-undone" id=undone_id(id) tabindex="-1">
                {td_string!(ui, console.invalidation_undone, when = time_text(ui, &at))}
            </p>
        }
        .into_any(),
        None => view! {
            <button type="button" class="secondary" disabled=move || pending.get() on:click=undo>
                {move || match pending.get() {
                    true => td_string!(ui, console.invalidation_undoing).to_owned(),
                    false => counted(ui, Counted::Undo, count),
                }}
            </button>
        }
        .into_any(),
    };
    view! {
        <li class="invalidation-entry">
            <p class="invalidation-what">
                <strong>{counted(ui, Counted::Invalidated, count)}</strong>
            </p>
            <ul class="invalidation-facts">
                <li>{time_text(ui, &first.at)}</li>
                <li>{by_view(ui, &first)}</li>
                <li>{filter_words(ui, &first.filter)}</li>
                <li>
                    {td_string!(ui, console.invalidation_reason)} " " <span dir="auto">{first.reason.clone()}</span>
                </li>
            </ul>
            {state}
        </li>
    }
    .into_any()
}

/// Who invalidated them, while their account exists.
fn by_view(ui: i18n::Locale, invalidation: &Invalidation) -> AnyView {
    match &invalidation.by {
        Some(email) => Said::with(td_string!(ui, console.invalidation_by, who = ADDRESS), email).into_view(),
        None => td_string!(ui, console.invalidation_by_gone).into_any(),
    }
}
