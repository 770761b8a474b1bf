//! The inbox (every staff member): contact messages and problem reports in
//! one queue, newest first, shown by status; each line opens its thread in
//! place of the queue. The queue stays in the page, hidden, while a thread
//! is open, so that the filter and the place are still there on the way
//! back.

use civic_api::inbox::{INBOX_PAGE, InboxItem, InboxKind, InboxLine, InboxStatus};
use civic_api::{FieldError, Locale};
use leptos::prelude::*;

use crate::api::{self, ApiError, staff_inbox};
use crate::browser::focus_element;
use crate::form_kit::{FormKit, SelectField};
use crate::i18n::{self, td_string};
use crate::pages::console::inbox_thread::InboxThread;
use crate::pages::console::inbox_words::{assignee_line, inbox_failure, kind_name, open_button_id, status_name};
use crate::pages::console::petition_signatures_words::time_text;
use crate::pages::console::texts::{ADDRESS, Said};
use crate::plural::is_singular;
use crate::request::Request;
use crate::ui_locale;

pub const INBOX_HEADING_ID: &str = "inbox-heading";

/// The filter's value for every status.
const ALL: &str = "all";

/// The filter checks nothing: it offers only what it takes.
fn anything(_: &str) -> Option<FieldError> {
    None
}

/// A thread as a line of the queue.
fn line_of(item: &InboxItem) -> InboxLine {
    InboxLine {
        reference: item.reference.clone(),
        kind: item.kind,
        status: item.status,
        assignee: item.assignee.clone(),
        received_at: item.received_at.clone(),
        subject: item.subject.clone(),
        from: match item.kind {
            InboxKind::Contact => item.name.clone(),
            InboxKind::Report => item.email.clone(),
        },
    }
}

/// `first`: the new lines, where the server drew them with the console.
#[component]
pub fn Inbox(locale: Locale, first: Option<Vec<InboxLine>>) -> impl IntoView {
    let ui = ui_locale(locale);
    let base = StoredValue::new(api::api_base());
    let kit = FormKit::new();
    let filter = kit.field("status", "inbox-filter", anything);
    filter.value().set(InboxStatus::New.as_str().to_owned());
    let shown_status = move || InboxStatus::parse(&filter.value().get_untracked());
    let lines = RwSignal::new(Vec::<InboxLine>::new());
    let loaded = RwSignal::new(None::<Result<(), ApiError>>);
    // Each answer names the status it was asked for: one that answers a
    // filter left meanwhile is dropped.
    let asked = Request::<(Option<InboxStatus>, Result<Vec<InboxLine>, ApiError>)>::new();
    Effect::new(move || {
        let Some((status, result)) = asked.answer().get() else {
            return;
        };
        if status != shown_status() {
            return;
        }
        match result {
            Ok(found) => {
                lines.set(found);
                loaded.set(Some(Ok(())));
            }
            Err(error) => loaded.set(Some(Err(error))),
        }
    });
    let load = move || {
        let status = shown_status();
        let base = base.get_value();
        loaded.set(None);
        asked.send(async move { (status, staff_inbox::queue(&base, status, None).await) });
    };
    match first {
        Some(found) => {
            lines.set(found);
            loaded.set(Some(Ok(())));
        }
        // The server draws it for staff; where it did not, the app asks.
        None if cfg!(target_arch = "wasm32") => load(),
        None => {}
    }
    // Another status chosen: its lines are asked for at once.
    Effect::new(move |before: Option<String>| {
        let now = filter.value().get();
        if before.is_some_and(|before| before != now) {
            untrack(load);
        }
        now
    });
    // The line whose thread is open in place of the queue.
    let opened = RwSignal::new(None::<InboxLine>);
    let on_change = Callback::new(move |item: InboxItem| {
        let line = line_of(&item);
        lines.update(|lines| {
            if let Some(shown) = lines.iter_mut().find(|shown| shown.reference == line.reference) {
                *shown = line;
            }
        });
    });
    let open = Callback::new(move |line: InboxLine| opened.set(Some(line)));
    let on_close = Callback::new(move |()| {
        let Some(closed) = opened.get_untracked() else { return };
        opened.set(None);
        // Back to the button that opened it, once the queue shows again.
        request_animation_frame(move || focus_element(&open_button_id(&closed.reference)));
    });
    let reading = Memo::new(move |_| opened.with(Option::is_some));
    let mut options: Vec<(String, String)> = InboxStatus::ALL
        .map(|status| (status.as_str().to_owned(), status_name(ui, status).to_owned()))
        .to_vec();
    options.push((ALL.to_owned(), td_string!(ui, console.inbox_filter_all).to_owned()));
    view! {
        <section class="console-section inbox" aria-labelledby=INBOX_HEADING_ID>
            <h2 id=INBOX_HEADING_ID tabindex="-1">{td_string!(ui, console.inbox_heading)}</h2>
            <div class="inbox-queue" hidden=move || reading.get()>
                <p>{td_string!(ui, console.inbox_intro)}</p>
                <div class="inbox-filter">
                    <SelectField
                        field=filter
                        label=td_string!(ui, console.inbox_filter_label).to_owned()
                        hint=td_string!(ui, console.inbox_filter_hint, max = INBOX_PAGE)
                        error_text=Callback::new(move |_| String::new())
                        options
                    />
                </div>
                <Queue ui lines loaded retry=Callback::new(move |()| load()) pending=asked.pending() open />
            </div>
            {move || {
                opened
                    .get()
                    .map(|line| {
                        view! { <InboxThread locale reference=line.reference subject=line.subject on_change on_close /> }
                    })
            }}
        </section>
    }
}

/// The queue's lines, or where their loading stands.
#[component]
fn Queue(
    ui: i18n::Locale,
    lines: RwSignal<Vec<InboxLine>>,
    loaded: RwSignal<Option<Result<(), ApiError>>>,
    retry: Callback<()>,
    pending: ReadSignal<bool>,
    open: Callback<InboxLine>,
) -> impl IntoView {
    let count = Memo::new(move |_| lines.with(Vec::len));
    // Said in a status, so that the answer to each filter is heard.
    let status = move || match loaded.get() {
        None => td_string!(ui, console.inbox_loading).to_owned(),
        Some(Err(_)) => String::new(),
        Some(Ok(())) => match count.get() {
            0 => td_string!(ui, console.inbox_none).to_owned(),
            count => match is_singular(ui, count as u64) {
                true => td_string!(ui, console.inbox_count_one, count = count),
                false => td_string!(ui, console.inbox_count_other, count = count),
            },
        },
    };
    let failure = move || {
        loaded.get().and_then(Result::err).map(|error| {
            view! {
                <p>{load_failure(ui, &error)}</p>
                <button type="button" disabled=move || pending.get() on:click=move |_| retry.run(())>
                    {td_string!(ui, page.retry)}
                </button>
            }
        })
    };
    // A memo, so that a line's change redraws that line only.
    let shows_lines = Memo::new(move |_| matches!(loaded.get(), Some(Ok(()))) && count.get() > 0);
    view! {
        <div class="console-status inbox-count" role="status">
            <p>{status}</p>
        </div>
        <div class="console-alert" role="alert">
            {failure}
        </div>
        {move || {
            shows_lines
                .get()
                .then(|| {
                    view! {
                        <ul class="inbox-list">
                            <For
                                each=move || lines.get()
                                key=|line| (line.reference.clone(), line.status, line.assignee.clone())
                                children=move |line| view! { <InboxRow ui line open /> }
                            />
                        </ul>
                    }
                })
        }}
    }
}

fn load_failure(ui: i18n::Locale, error: &ApiError) -> &'static str {
    match error {
        ApiError::Network => td_string!(ui, console.inbox_load_failed),
        _ => inbox_failure(ui, error),
    }
}

#[component]
fn InboxRow(ui: i18n::Locale, line: InboxLine, open: Callback<InboxLine>) -> impl IntoView {
    let from = line.from.as_ref().map(|from| {
        let said = Said::with(td_string!(ui, console.inbox_line_from, who = ADDRESS), from);
        view! { <li>{said.into_view()}</li> }
    });
    let received = td_string!(ui, console.inbox_line_received, time = time_text(ui, &line.received_at));
    let status = td_string!(ui, console.inbox_line_status, status = status_name(ui, line.status));
    let assignee = assignee_line(ui, line.assignee.as_deref()).into_view();
    // On screen "Open"; to a screen reader, which thread it opens.
    let named = Said::with(
        td_string!(ui, console.inbox_open_subject, subject = ADDRESS),
        &line.subject,
    );
    let id = open_button_id(&line.reference);
    let subject = line.subject.clone();
    view! {
        <li class="inbox-line">
            <p class="inbox-line-subject">
                <strong dir="auto">{subject}</strong>
            </p>
            <ul class="inbox-facts">
                <li>{kind_name(ui, line.kind)}</li>
                {from}
                <li>{received}</li>
                <li>{status}</li>
                <li>{assignee}</li>
            </ul>
            <button type="button" class="secondary" id=id on:click=move |_| open.run(line.clone())>
                {td_string!(ui, console.inbox_open)}
                <span class="visually-hidden">" " {named.into_view()}</span>
            </button>
        </li>
    }
}
