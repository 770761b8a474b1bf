//! A thread's status and assignee, saved together from the version they
//! were shown at. When someone else changed them meanwhile, the choices
//! stay in the form and the thread can be shown as it is now.

use civic_api::inbox::{InboxItem, InboxStatus, InboxUpdate};
use civic_api::{FieldError, Locale};
use leptos::prelude::*;

use crate::api::{self, staff_inbox};
use crate::form_kit::{FormAlert, FormKit, SelectField, SubmitButton};
use crate::i18n::{self, td_string};
use crate::pages::console::inbox_thread::Thread;
use crate::pages::console::inbox_words::{inbox_failure, is_conflict, refusal, status_name};
use crate::pages::console::petition_fields::focus_first_error;
use crate::pages::console::petition_words::failure_texts;
use crate::ui_locale;

fn check_status(text: &str) -> Option<FieldError> {
    InboxStatus::parse(text).is_none().then_some(FieldError::Invalid)
}

/// Anyone on the list, or nobody; the server says whether they are staff.
fn anyone(_: &str) -> Option<FieldError> {
    None
}

fn assignee_error(ui: i18n::Locale, _error: FieldError) -> String {
    td_string!(ui, console.inbox_assignee_invalid).to_owned()
}

/// Whom the thread may be assigned to: the staff the server named, and
/// whoever it is assigned to now, staff or no longer.
fn assignees(item: &InboxItem) -> Vec<(String, String)> {
    let mut addresses = item.assignable.clone();
    if let Some(current) = &item.assignee
        && !addresses.contains(current)
    {
        addresses.insert(0, current.clone());
    }
    addresses
        .into_iter()
        .map(|address| (address.clone(), address))
        .collect()
}

#[component]
pub fn StateForm(locale: Locale, thread: Thread) -> impl IntoView {
    let ui = ui_locale(locale);
    let base = StoredValue::new(api::api_base());
    let kit = FormKit::new();
    let status = kit.field("status", "inbox-status", check_status);
    let assignee = kit.field("assignee", "inbox-assignee", anyone);
    // The version the choices were shown at, which a save goes from; the
    // thread may be newer (a note came back with someone's change).
    let version = RwSignal::new(0_i64);
    let fill = move |item: &InboxItem| {
        status.value().set(item.status.as_str().to_owned());
        assignee.value().set(item.assignee.clone().unwrap_or_default());
        version.set(item.version);
    };
    thread.item.with_untracked(|item| fill(item));
    let pending = RwSignal::new(false);
    let reloading = RwSignal::new(false);
    let notice = RwSignal::new(None::<&'static str>);
    let problem = RwSignal::new(None::<&'static str>);
    let conflict = RwSignal::new(false);
    let save = Callback::new(move |()| {
        if pending.get_untracked() {
            return;
        }
        notice.set(None);
        problem.set(None);
        let Some(to) = InboxStatus::parse(&status.text()) else {
            kit.check(&[status]);
            return;
        };
        let chosen = assignee.text().trim().to_owned();
        let request = InboxUpdate {
            version: version.get_untracked(),
            status: to,
            assignee: (!chosen.is_empty()).then_some(chosen),
            idempotency_key: kit.key_for_request(),
        };
        pending.set(true);
        let (base, reference) = (base.get_value(), thread.reference());
        leptos::task::spawn_local(async move {
            let result = staff_inbox::update(&base, &reference, &request).await;
            if pending.try_set(false).is_some() {
                return thread.closed_meanwhile(result);
            }
            if let Err(error) = &result {
                if is_conflict(error) {
                    // Said with its own button; an older failure is void.
                    kit.failure.set(None);
                    conflict.set(true);
                    return;
                }
                if let Some(refused) = refusal(ui, error) {
                    return kit.refuse(refused.to_owned());
                }
            }
            match kit.answer(result) {
                Some(saved) => {
                    conflict.set(false);
                    fill(&saved);
                    thread.show(saved);
                    notice.set(Some(td_string!(ui, console.inbox_saved)));
                }
                None => focus_first_error(&[status, assignee]),
            }
        });
    });
    // The thread as it is now: its status and assignee replace the choices.
    let reload = move |_| {
        if reloading.get_untracked() {
            return;
        }
        reloading.set(true);
        notice.set(None);
        problem.set(None);
        let (base, reference) = (base.get_value(), thread.reference());
        leptos::task::spawn_local(async move {
            let result = staff_inbox::thread(&base, &reference, None).await;
            if reloading.try_set(false).is_some() {
                return thread.closed_meanwhile(result);
            }
            match result {
                Ok(current) => {
                    kit.start_over(&[]);
                    conflict.set(false);
                    fill(&current);
                    thread.show(current);
                    notice.set(Some(td_string!(ui, console.inbox_current_shown)));
                    if let Some(heading) = thread.heading.get_untracked() {
                        let _ = heading.focus();
                    }
                }
                Err(error) => problem.set(Some(inbox_failure(ui, &error))),
            }
        });
    };
    let statuses = InboxStatus::ALL
        .map(|each| (each.as_str().to_owned(), status_name(ui, each).to_owned()))
        .to_vec();
    // Drawn again only when the list of staff changes.
    let people = Memo::new(move |_| thread.item.with(assignees));
    let assignee_field = move || {
        view! {
            <SelectField
                field=assignee
                label=td_string!(ui, console.inbox_assignee_label).to_owned()
                hint=td_string!(ui, console.inbox_assignee_hint).to_owned()
                error_text=Callback::new(move |error| assignee_error(ui, error))
                options=people.get()
                choose=td_string!(ui, console.inbox_nobody).to_owned()
            />
        }
    };
    let stale = move || {
        conflict.get().then(|| {
            view! {
                <p>{td_string!(ui, console.inbox_conflict)}</p>
                <button type="button" class="secondary" disabled=move || reloading.get() on:click=reload>
                    {move || match reloading.get() {
                        true => td_string!(ui, console.inbox_thread_loading),
                        false => td_string!(ui, console.inbox_load_current),
                    }}
                </button>
            }
        })
    };
    view! {
        <section class="inbox-state" aria-labelledby="inbox-state-heading">
            <h4 id="inbox-state-heading">{td_string!(ui, console.inbox_state_heading)}</h4>
            <form
                class="inbox-state-form"
                novalidate
                on:submit=move |event| {
                    event.prevent_default();
                    save.run(());
                }
            >
                <div class="inbox-state-fields">
                    <SelectField
                        field=status
                        label=td_string!(ui, console.inbox_status_label).to_owned()
                        hint=td_string!(ui, console.inbox_status_hint).to_owned()
                        error_text=Callback::new(move |_| td_string!(ui, console.petition_error_required).to_owned())
                        options=statuses
                    />
                    {assignee_field}
                </div>
                <FormAlert kit locale texts=failure_texts(ui) retry=save />
                <SubmitButton
                    kit
                    pending
                    label=td_string!(ui, console.inbox_save)
                    sending=td_string!(ui, console.saving)
                />
                <div class="console-status" role="status">
                    {move || notice.get().map(|text| view! { <p class="success">{text}</p> })}
                </div>
                <div class="console-alert" role="alert">
                    {move || problem.get().map(|text| view! { <p>{text}</p> })}
                    {stale}
                </div>
            </form>
        </section>
    }
}
