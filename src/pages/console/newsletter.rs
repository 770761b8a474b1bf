//! Newsletter (editors and admins): how many confirmed subscribers a
//! mailing would go to now, the button that starts a new one, and the
//! mailings, newest first, each with where it stands and what became of
//! its mails, its subject the button that opens it in the editor. The
//! server does not draw the list with the console: the app asks for it.
//! It stays in the page, hidden, while a mailing is open.

use civic_api::Locale;
use civic_api::newsletter_mailing::{EditableMailing, MailingLine, MailingList};
use leptos::prelude::*;

use crate::api::{self, ApiError, staff_newsletter};
use crate::browser::focus_element;
use crate::i18n::{self, td_string};
use crate::numbers::format_number;
use crate::pages::console::loaded_view::LoadedView;
use crate::pages::console::mailing_editor::MailingEditor;
use crate::pages::console::newsletter_words::{
    Subscribers, english_subject, mailing_failure, status_text, subscribers,
};
use crate::request::Request;
use crate::ui_locale;

pub const NEWSLETTER_HEADING_ID: &str = "newsletter-heading";
const NEW_BUTTON_ID: &str = "mailing-new";

fn open_button_id(id: i64) -> String {
    format!("mailing-open-{id}")
}

/// The list's line for a mailing the editor saved or sent.
fn line_of(mailing: &EditableMailing) -> MailingLine {
    MailingLine {
        id: mailing.id,
        subject: english_subject(&mailing.texts),
        status: mailing.status,
        send_at: mailing.send_at.clone(),
        sent_at: mailing.sent_at.clone(),
        figures: mailing.figures.clone(),
    }
}

/// Which mailing the editor shows: a new one, or one of the list's.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Opened {
    New,
    Mailing { id: i64, subject: String },
}

#[component]
pub fn Newsletter(locale: Locale) -> impl IntoView {
    let ui = ui_locale(locale);
    let base = StoredValue::new(api::api_base());
    let list = RwSignal::new(None::<MailingList>);
    let asked = Request::<Result<MailingList, ApiError>>::new();
    let failure = RwSignal::new(None::<ApiError>);
    Effect::new(move || match asked.answer().get() {
        Some(Ok(found)) => {
            failure.set(None);
            list.set(Some(found));
        }
        Some(Err(error)) => failure.set(Some(error)),
        None => {}
    });
    // Never drawn by the server: the app asks once it runs.
    if cfg!(target_arch = "wasm32") {
        asked.load(move |abort| {
            let base = base.get_value();
            async move { staff_newsletter::mailings(&base, abort.as_ref()).await }
        });
    }
    let retry = move || {
        let base = base.get_value();
        asked.send(async move { staff_newsletter::mailings(&base, None).await });
    };
    let opened = RwSignal::new(None::<Opened>);
    // The mailing the editor last saved, so that closing it goes back to
    // its line (a new one has its line once saved).
    let last_saved = StoredValue::new(None::<i64>);
    let on_change = Callback::new(move |mailing: EditableMailing| {
        last_saved.set_value(Some(mailing.id));
        list.update(|list| {
            let Some(list) = list else { return };
            list.subscribers = mailing.subscribers;
            let line = line_of(&mailing);
            match list.mailings.iter_mut().find(|shown| shown.id == mailing.id) {
                Some(shown) => *shown = line,
                None => list.mailings.insert(0, line),
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
            (Opened::Mailing { id, .. }, _) | (Opened::New, Some(id)) => open_button_id(id),
            (Opened::New, None) => NEW_BUTTON_ID.to_owned(),
        };
        // Back to the button that opened it, once the list shows again.
        request_animation_frame(move || focus_element(&back_to));
    });
    let editing = Memo::new(move |_| opened.with(Option::is_some));
    let count = Memo::new(move |_| list.with(|list| list.as_ref().map(|list| list.subscribers)));
    let state = move || match list.with(Option::is_some) {
        true => Some(Ok(())),
        false => failure.get().map(Err),
    };
    let overview = view! {
        <LoadedView
            ui
            state
            pending=asked.pending()
            loading=td_string!(ui, console.newsletter_loading)
            failure=load_failure
            retry=Callback::new(move |()| retry())
            let:_list
        >
            <p class="newsletter-subscribers">
                {move || count.get().map(|count| subscribers(ui, Subscribers::Confirmed, count))}
            </p>
            <p>
                <button type="button" id=NEW_BUTTON_ID on:click=move |_| open.run(Opened::New)>
                    {td_string!(ui, console.newsletter_new)}
                </button>
            </p>
            <MailingTable ui list open />
        </LoadedView>
    };
    view! {
        <section class="console-section newsletter" aria-labelledby=NEWSLETTER_HEADING_ID>
            <h2 id=NEWSLETTER_HEADING_ID tabindex="-1">{td_string!(ui, console.newsletter_heading)}</h2>
            <div class="newsletter-overview" hidden=move || editing.get()>
                <p>{td_string!(ui, console.newsletter_intro)}</p>
                {overview}
            </div>
            {move || {
                opened
                    .get()
                    .map(|what| {
                        let (id, subject) = match what {
                            Opened::New => (None, String::new()),
                            Opened::Mailing { id, subject } => (Some(id), subject),
                        };
                        view! { <MailingEditor locale id subject on_change on_close /> }
                    })
            }}
        </section>
    }
}

fn load_failure(ui: i18n::Locale, error: &ApiError) -> &'static str {
    match error {
        ApiError::Network => td_string!(ui, console.newsletter_load_failed),
        _ => mailing_failure(ui, error),
    }
}

/// Every mailing, newest first, in a table that scrolls sideways in its
/// own box on a phone.
#[component]
fn MailingTable(ui: i18n::Locale, list: RwSignal<Option<MailingList>>, open: Callback<Opened>) -> impl IntoView {
    let lines =
        Memo::new(move |_| list.with(|list| list.as_ref().map(|list| list.mailings.clone()).unwrap_or_default()));
    move || {
        let lines = lines.get();
        if lines.is_empty() {
            return view! { <p>{td_string!(ui, console.newsletter_none)}</p> }.into_any();
        }
        let number = move |count: u64| format_number(ui, count);
        let rows = lines
            .into_iter()
            .map(|line| {
                let status = status_text(ui, line.status, line.send_at.as_deref(), line.sent_at.as_deref());
                let opens: u64 = line.figures.languages.iter().map(|each| each.opens).sum();
                let what = Opened::Mailing {
                    id: line.id,
                    subject: line.subject.clone(),
                };
                view! {
                    <tr>
                        <th scope="row">
                            <button
                                type="button"
                                class="link-button"
                                id=open_button_id(line.id)
                                lang="en"
                                dir="auto"
                                on:click=move |_| open.run(what.clone())
                            >
                                {line.subject}
                            </button>
                        </th>
                        <td class="mailing-status">{status}</td>
                        <td>{number(line.figures.sent)}</td>
                        <td>{number(line.figures.failed)}</td>
                        <td>{number(line.figures.waiting)}</td>
                        <td>{number(line.figures.unsubscribes)}</td>
                        <td>{number(opens)}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="mailings-caption">
                <table class="chart-table mailings-table">
                    <caption id="mailings-caption">{td_string!(ui, console.mailings_caption)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{td_string!(ui, console.mailing_subject_column)}</th>
                            <th scope="col">{td_string!(ui, console.mailing_status_column)}</th>
                            <th scope="col">{td_string!(ui, console.mailing_sent_column)}</th>
                            <th scope="col">{td_string!(ui, console.mailing_failed_column)}</th>
                            <th scope="col">{td_string!(ui, console.mailing_waiting_column)}</th>
                            <th scope="col">{td_string!(ui, console.mailing_unsubscribes_column)}</th>
                            <th scope="col">{td_string!(ui, console.mailing_opens_column)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    }
}
