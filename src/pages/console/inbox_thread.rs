//! One thread of the inbox as staff work it: who wrote, when, in which
//! language, and what; its status and assignee; the notes and replies
//! added since, oldest first; and the forms that add a note or send a
//! reply by e-mail.

use civic_api::Locale;
use civic_api::inbox::{EntryKind, InboxEntry, InboxItem, InboxKind};
use leptos::html::H3;
use leptos::prelude::*;

use crate::api::{self, ApiError, staff_inbox};
use crate::i18n::{self, td_string};
use crate::pages::console::inbox_forms::{NoteForm, ReplyForm};
use crate::pages::console::inbox_state::StateForm;
use crate::pages::console::inbox_words::{entry_by, inbox_failure, kind_name, refusal};
use crate::pages::console::loaded_view::LoadedView;
use crate::pages::console::petition_signatures_words::time_text;
use crate::pages::console::petition_words::language_name;
use crate::request::Request;
use crate::ui_locale;

pub const THREAD_HEADING_ID: &str = "inbox-thread-heading";

/// The thread as the server last answered it, shared by its parts. `Copy`.
#[derive(Debug, Clone, Copy)]
pub struct Thread {
    pub item: RwSignal<InboxItem>,
    on_change: Callback<InboxItem>,
    pub heading: NodeRef<H3>,
}

impl Thread {
    pub fn reference(self) -> String {
        self.item.with_untracked(|item| item.reference.clone())
    }

    /// The thread as the server answered a change.
    pub fn show(self, item: InboxItem) {
        self.on_change.run(item.clone());
        self.item.try_set(item);
    }

    /// What a request came to once the thread was closed: the queue still
    /// shows the new state.
    pub fn closed_meanwhile(self, result: Result<InboxItem, ApiError>) {
        if let Ok(item) = result {
            self.on_change.try_run(item);
        }
    }
}

/// The thread `reference`: `subject` heads it while it loads; `first`,
/// where the console already has it. `on_change` hears every new state;
/// `on_close` goes back to the queue.
#[component]
pub fn InboxThread(
    locale: Locale,
    reference: String,
    subject: String,
    #[prop(optional)] first: Option<InboxItem>,
    on_change: Callback<InboxItem>,
    on_close: Callback<()>,
) -> impl IntoView {
    let ui = ui_locale(locale);
    let base = StoredValue::new(api::api_base());
    let reference = StoredValue::new(reference);
    let heading = NodeRef::<H3>::new();
    // The button pressed to come here is gone: the focus goes to the
    // thread's heading, which says what is open.
    Effect::new(move || {
        if let Some(heading) = heading.get() {
            request_animation_frame(move || {
                let _ = heading.focus();
            });
        }
    });
    let loaded = match first {
        Some(item) => Request::answered(Ok(item)),
        None => {
            let asked = Request::new();
            asked.load(move |abort| {
                let (base, reference) = (base.get_value(), reference.get_value());
                async move { staff_inbox::thread(&base, &reference, abort.as_ref()).await }
            });
            asked
        }
    };
    let retry = Callback::new(move |()| {
        let (base, reference) = (base.get_value(), reference.get_value());
        loaded.send(async move { staff_inbox::thread(&base, &reference, None).await });
    });
    let answer = loaded.answer();
    // The writer's language, once known: the subject is in it.
    let writer = Memo::new(move |_| answer.with(|answer| answer.as_ref()?.as_ref().ok().map(|item| item.locale)));
    view! {
        <div class="inbox-thread">
            <h3
                id=THREAD_HEADING_ID
                tabindex="-1"
                dir="auto"
                lang=move || writer.get().map(Locale::as_str)
                node_ref=heading
            >
                {subject}
            </h3>
            <p>
                <button type="button" class="secondary" on:click=move |_| on_close.run(())>
                    {td_string!(ui, console.inbox_back)}
                </button>
            </p>
            <LoadedView
                ui
                state=move || answer.get()
                pending=loaded.pending()
                loading=td_string!(ui, console.inbox_thread_loading)
                failure=load_failure
                refusal
                retry
                let:item
            >
                {
                    let thread = Thread {
                        item: RwSignal::new(item),
                        on_change,
                        heading,
                    };
                    view! { <ThreadBody locale thread /> }
                }
            </LoadedView>
        </div>
    }
}

fn load_failure(ui: i18n::Locale, error: &ApiError) -> &'static str {
    match error {
        ApiError::Network => td_string!(ui, console.inbox_thread_load_failed),
        _ => inbox_failure(ui, error),
    }
}

#[component]
fn ThreadBody(locale: Locale, thread: Thread) -> impl IntoView {
    let ui = ui_locale(locale);
    // What came in never changes: drawn once.
    let item = thread.item.get_untracked();
    let writer = item.locale;
    let reply = match item.email.clone() {
        Some(email) => view! { <ReplyForm locale thread email /> }.into_any(),
        None => view! {
            <section class="inbox-reply" aria-labelledby="inbox-reply-heading">
                <h4 id="inbox-reply-heading">{td_string!(ui, console.inbox_reply_heading)}</h4>
                <p class="note">{td_string!(ui, console.inbox_no_address)}</p>
            </section>
        }
        .into_any(),
    };
    view! {
        <Facts ui item=item.clone() />
        <section class="inbox-message" aria-labelledby="inbox-message-heading">
            <h4 id="inbox-message-heading">{td_string!(ui, console.inbox_message_heading)}</h4>
            <div class="inbox-text" dir="auto" lang=writer.as_str()>
                {item.message.clone()}
            </div>
        </section>
        <StateForm locale thread />
        <Entries ui writer item=thread.item />
        <NoteForm locale thread />
        {reply}
    }
}

/// Where the thread came from, one fact a line.
#[component]
fn Facts(ui: i18n::Locale, item: InboxItem) -> impl IntoView {
    let fact = |label: &'static str, value: AnyView| {
        view! {
            <div>
                <dt>{label}</dt>
                <dd>{value}</dd>
            </div>
        }
    };
    let email = match item.email.clone() {
        Some(email) => view! { <bdi>{email}</bdi> }.into_any(),
        None => td_string!(ui, console.inbox_no_email).into_any(),
    };
    let source = match item.kind {
        InboxKind::Contact => item.name.clone().filter(|name| !name.trim().is_empty()).map(|name| {
            fact(
                td_string!(ui, console.inbox_fact_from),
                view! { <bdi>{name}</bdi> }.into_any(),
            )
        }),
        InboxKind::Report => {
            let page = item.subject.clone();
            Some(fact(
                td_string!(ui, console.inbox_fact_page),
                view! { <bdi>{page}</bdi> }.into_any(),
            ))
        }
    };
    view! {
        <dl class="inbox-thread-facts">
            {fact(td_string!(ui, console.inbox_fact_reference), view! { <bdi>{item.reference.clone()}</bdi> }.into_any())}
            {fact(td_string!(ui, console.inbox_fact_kind), kind_name(ui, item.kind).into_any())}
            {fact(td_string!(ui, console.inbox_fact_received), time_text(ui, &item.received_at).into_any())}
            {fact(td_string!(ui, console.inbox_fact_language), language_name(item.locale).into_any())}
            {source}
            {fact(td_string!(ui, console.inbox_fact_email), email)}
        </dl>
    }
}

/// The notes and replies, oldest first.
#[component]
fn Entries(ui: i18n::Locale, writer: Locale, item: RwSignal<InboxItem>) -> impl IntoView {
    let entries = Memo::new(move |_| item.with(|item| item.entries.clone()));
    let empty = Memo::new(move |_| entries.with(Vec::is_empty));
    view! {
        <section class="inbox-entries" aria-labelledby="inbox-entries-heading">
            <h4 id="inbox-entries-heading">{td_string!(ui, console.inbox_entries_heading)}</h4>
            {move || match empty.get() {
                true => view! { <p>{td_string!(ui, console.inbox_entries_none)}</p> }.into_any(),
                false => view! {
                    <ol class="inbox-entry-list">
                        <For
                            each=move || entries.get()
                            key=|entry| entry.id
                            children=move |entry| view! { <Entry ui writer entry /> }
                        />
                    </ol>
                }
                .into_any(),
            }}
        </section>
    }
}

#[component]
fn Entry(ui: i18n::Locale, writer: Locale, entry: InboxEntry) -> impl IntoView {
    let by = entry_by(ui, &entry).into_view();
    // A reply is in the writer's language; a note in whatever staff wrote.
    let (class, lang) = match entry.kind {
        EntryKind::Note => ("inbox-entry inbox-note", None),
        EntryKind::Reply => ("inbox-entry inbox-sent-reply", Some(writer.as_str())),
    };
    let subject = (entry.kind == EntryKind::Reply).then(|| {
        view! {
            <p class="inbox-entry-subject">
                {td_string!(ui, console.inbox_entry_subject)} " "
                <span dir="auto" lang=lang>
                    {entry.subject.clone()}
                </span>
            </p>
        }
    });
    view! {
        <li class=class>
            <p class="inbox-entry-by">{by}</p>
            {subject}
            <div class="inbox-text" dir="auto" lang=lang>
                {entry.body.clone()}
            </div>
        </li>
    }
}
