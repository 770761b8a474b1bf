//! What staff add to a thread: a note for each other, or a reply e-mailed
//! to whoever wrote. Each form keeps what was typed until the server took
//! it, and is empty again once it did.

use civic_api::field::bounded_text;
use civic_api::inbox::{NOTE_MAX, NewNote, NewReply, REPLY_MAX, REPLY_SUBJECT_MAX};
use civic_api::{FieldError, Locale};
use leptos::prelude::*;

use crate::api::{self, staff_inbox};
use crate::form_kit::{FormAlert, FormKit, SubmitButton, TextField};
use crate::i18n::td_string;
use crate::pages::console::inbox_thread::Thread;
use crate::pages::console::inbox_words::{is_conflict, refusal, reply_subject};
use crate::pages::console::petition_fields::focus_first_error;
use crate::pages::console::petition_words::{failure_texts, text_error};
use crate::pages::console::texts::{ADDRESS, Said};
use crate::ui_locale;

fn check_note(text: &str) -> Option<FieldError> {
    bounded_text(text, 1, NOTE_MAX).err()
}

fn check_subject(text: &str) -> Option<FieldError> {
    bounded_text(text, 1, REPLY_SUBJECT_MAX).err()
}

fn check_reply(text: &str) -> Option<FieldError> {
    bounded_text(text, 1, REPLY_MAX).err()
}

#[component]
pub fn NoteForm(locale: Locale, thread: Thread) -> impl IntoView {
    let ui = ui_locale(locale);
    let base = StoredValue::new(api::api_base());
    let kit = FormKit::new();
    let body = kit.field("body", "inbox-note", check_note);
    let pending = RwSignal::new(false);
    let notice = RwSignal::new(false);
    let send = Callback::new(move |()| {
        if pending.get_untracked() {
            return;
        }
        notice.set(false);
        let request = NewNote {
            body: body.text(),
            idempotency_key: kit.key_for_request(),
        };
        if let Err(errors) = request.validate() {
            kit.refuse_fields(&[body], errors);
            focus_first_error(&[body]);
            return;
        }
        pending.set(true);
        let (base, reference) = (base.get_value(), thread.reference());
        leptos::task::spawn_local(async move {
            let result = staff_inbox::note(&base, &reference, &request).await;
            if pending.try_set(false).is_some() {
                return thread.closed_meanwhile(result);
            }
            if let Err(error) = &result
                && let Some(refused) = refusal(ui, error)
            {
                return kit.refuse(refused.to_owned());
            }
            match kit.answer(result) {
                Some(item) => {
                    kit.start_over(&[body]);
                    thread.show(item);
                    notice.set(true);
                }
                None => focus_first_error(&[body]),
            }
        });
    });
    view! {
        <section class="inbox-note-form" aria-labelledby="inbox-note-heading">
            <h4 id="inbox-note-heading">{td_string!(ui, console.inbox_note_heading)}</h4>
            <form
                novalidate
                on:submit=move |event| {
                    event.prevent_default();
                    send.run(());
                }
            >
                <TextField
                    field=body
                    label=td_string!(ui, console.inbox_note_label)
                    hint=td_string!(ui, console.inbox_note_hint)
                    error_text=Callback::new(move |error| text_error(ui, error, NOTE_MAX, true))
                    rows=Some(4)
                    required=true
                />
                <FormAlert kit locale texts=failure_texts(ui) retry=send />
                <SubmitButton
                    kit
                    pending
                    label=td_string!(ui, console.inbox_note_submit)
                    sending=td_string!(ui, console.inbox_note_sending)
                />
                <div class="console-status" role="status">
                    {move || notice.get().then(|| view! { <p class="success">{td_string!(ui, console.inbox_note_added)}</p> })}
                </div>
            </form>
        </section>
    }
}

/// The reply to the thread's writer at `email`, in their language.
#[component]
pub fn ReplyForm(locale: Locale, thread: Thread, email: String) -> impl IntoView {
    let ui = ui_locale(locale);
    let base = StoredValue::new(api::api_base());
    let (reference, writer, first_subject) = thread
        .item
        .with_untracked(|item| (item.reference.clone(), item.locale, reply_subject(&item.subject)));
    let first_subject = StoredValue::new(first_subject);
    let kit = FormKit::new();
    let subject = kit.field("subject", "inbox-reply-subject", check_subject);
    let body = kit.field("body", "inbox-reply-body", check_reply);
    subject.value().set(first_subject.get_value());
    let pending = RwSignal::new(false);
    let sent = RwSignal::new(None::<Said>);
    let sent_text = Said::with(td_string!(ui, console.inbox_reply_sent, email = ADDRESS), &email);
    let send = Callback::new(move |()| {
        if pending.get_untracked() {
            return;
        }
        sent.set(None);
        let request = NewReply {
            subject: subject.text(),
            body: body.text(),
            idempotency_key: kit.key_for_request(),
        };
        if let Err(errors) = request.validate() {
            kit.refuse_fields(&[subject, body], errors);
            focus_first_error(&[subject, body]);
            return;
        }
        pending.set(true);
        let (base, reference) = (base.get_value(), thread.reference());
        let sent_text = sent_text.clone();
        leptos::task::spawn_local(async move {
            let result = staff_inbox::reply(&base, &reference, &request).await;
            if pending.try_set(false).is_some() {
                return thread.closed_meanwhile(result);
            }
            if let Err(error) = &result {
                // The writer left no address after all.
                if is_conflict(error) {
                    return kit.refuse(td_string!(ui, console.inbox_no_address).to_owned());
                }
                if let Some(refused) = refusal(ui, error) {
                    return kit.refuse(refused.to_owned());
                }
            }
            match kit.answer(result) {
                Some(item) => {
                    kit.start_over(&[subject, body]);
                    subject.value().set(first_subject.get_value());
                    thread.show(item);
                    sent.set(Some(sent_text));
                }
                None => focus_first_error(&[subject, body]),
            }
        });
    });
    let intro = Said::with(td_string!(ui, console.inbox_reply_intro, email = ADDRESS), &email);
    let body_hint = td_string!(ui, console.inbox_reply_body_hint, language = writer.native_name());
    let subject_hint = td_string!(
        ui,
        console.inbox_reply_subject_hint,
        max = REPLY_SUBJECT_MAX,
        reference = reference
    );
    view! {
        <section class="inbox-reply" aria-labelledby="inbox-reply-heading">
            <h4 id="inbox-reply-heading">{td_string!(ui, console.inbox_reply_heading)}</h4>
            <p>{intro.into_view()}</p>
            <form
                novalidate
                on:submit=move |event| {
                    event.prevent_default();
                    send.run(());
                }
            >
                <TextField
                    field=subject
                    label=td_string!(ui, console.inbox_reply_subject_label)
                    hint=subject_hint
                    error_text=Callback::new(move |error| text_error(ui, error, REPLY_SUBJECT_MAX, true))
                    text_locale=writer
                    required=true
                />
                <TextField
                    field=body
                    label=td_string!(ui, console.inbox_reply_body_label)
                    hint=body_hint
                    error_text=Callback::new(move |error| text_error(ui, error, REPLY_MAX, true))
                    rows=Some(10)
                    text_locale=writer
                    required=true
                />
                <FormAlert kit locale texts=failure_texts(ui) retry=send />
                <SubmitButton
                    kit
                    pending
                    label=td_string!(ui, console.inbox_reply_submit)
                    sending=td_string!(ui, console.inbox_reply_sending)
                />
                <div class="console-status" role="status">
                    {move || sent.get().map(|text| view! { <p class="success">{text.into_view()}</p> })}
                </div>
            </form>
        </section>
    }
}
