//! What is done with a saved draft or scheduled mailing: a test to one's
//! own address in a chosen language, a time to send it at or back to a
//! draft (`mailing_schedule`), and sending it now, once confirmed. Each
//! works on the saved text and names the version read, so none is offered
//! while the form holds unsaved changes, and one waits for another; each
//! request keeps its retry key until it went through.

use civic_api::Locale;
use civic_api::newsletter_mailing::{MailingSend, MailingTest, MailingTestSent};
use leptos::html::P;
use leptos::prelude::*;

use crate::api::{self, ApiError, staff_newsletter};
use crate::browser::focus_element;
use crate::form_kit::{FormAlert, FormKit};
use crate::i18n::{self, td_string};
use crate::pages::console::mailing_editor::Desk;
use crate::pages::console::mailing_figures::MAILING_FIGURES_HEADING_ID;
use crate::pages::console::mailing_schedule::ScheduleForm;
use crate::pages::console::newsletter_words::{Subscribers, refusal, subscribers, test_sent_view};
use crate::pages::console::petition_notes::{Notes, NotesView};
use crate::pages::console::petition_words::{failure_texts, is_conflict};
use crate::ui_locale;

const UNSAVED_NOTE_ID: &str = "mailing-unsaved-note";
const TEST_LOCALE_ID: &str = "mailing-test-locale";
const SEND_NOW_ID: &str = "mailing-send-now";
const SEND_HINT_ID: &str = "mailing-send-hint";
const CONFIRM_ID: &str = "mailing-send-question";

/// The request on its way, whose button says so; the others wait for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Doing {
    Test,
    Schedule,
    Unschedule,
    Send,
}

/// What the controls share. `Copy`.
#[derive(Debug, Clone, Copy)]
pub struct Controls {
    pub desk: Desk,
    doing: RwSignal<Option<Doing>>,
    /// Says when someone else changed the mailing meanwhile.
    notes: Notes,
}

impl Controls {
    /// Whether the controls wait (tracked): for the text to be saved, or
    /// for the request on its way.
    pub fn blocked(self) -> bool {
        self.desk.dirty.get() || self.doing.get().is_some()
    }

    /// Whether `what` is on its way (tracked).
    pub fn doing(self, what: Doing) -> bool {
        self.doing.get() == Some(what)
    }

    /// `blocked`, for a request about to be sent (untracked).
    pub fn blocked_untracked(self) -> bool {
        untrack(|| self.blocked())
    }

    /// What a waiting button is described by (tracked): why it waits.
    pub fn described(self) -> Option<&'static str> {
        self.desk.dirty.get().then_some(UNSAVED_NOTE_ID)
    }

    /// The mailing's id and the version read, unless the controls wait.
    pub fn ready(self) -> Option<(i64, i64)> {
        let id = self.desk.id()?;
        if self.desk.dirty.get_untracked() || self.doing.get_untracked().is_some() {
            return None;
        }
        self.notes.clear();
        Some((id, self.desk.version_read()))
    }

    pub fn start(self, what: Doing) {
        self.doing.set(Some(what));
    }

    /// The request came back: false when the controls are gone meanwhile.
    pub fn finished(self) -> bool {
        self.doing.try_set(None).is_none()
    }

    /// Says a refusal that sending again would not help: someone else
    /// changed the mailing since `read`, or the session or the mailing is
    /// gone. Answers whether `result` was one.
    pub fn refused<T>(self, ui: i18n::Locale, kit: FormKit, result: &Result<T, ApiError>, read: i64) -> bool {
        let Err(error) = result else { return false };
        if is_conflict(error) {
            kit.failure.try_set(None);
            self.notes.conflicted(read);
            return true;
        }
        match refusal(ui, error) {
            Some(refused) => {
                kit.refuse(refused.to_owned());
                true
            }
            None => false,
        }
    }
}

#[component]
pub fn SendingControls(locale: Locale, desk: Desk) -> impl IntoView {
    let ui = ui_locale(locale);
    let controls = Controls {
        desk,
        doing: RwSignal::new(None),
        notes: Notes::new(),
    };
    let version = Signal::derive(move || desk.version());
    view! {
        <section class="mailing-sending" aria-labelledby="mailing-sending-heading">
            <h3 id="mailing-sending-heading">{td_string!(ui, console.mailing_sending_heading)}</h3>
            {move || {
                desk.dirty
                    .get()
                    .then(|| view! { <p class="note" id=UNSAVED_NOTE_ID>{td_string!(ui, console.mailing_unsaved)}</p> })
            }}
            <NotesView
                locale
                notes=controls.notes
                version
                conflict=td_string!(ui, console.mailing_stale)
                reload=desk.reload
                reloading=desk.reloading
            />
            <TestForm locale controls />
            <ScheduleForm locale controls />
            <SendNow locale controls />
        </section>
    }
}

/// A test in a chosen language, to the staff member's own address.
#[component]
fn TestForm(locale: Locale, controls: Controls) -> impl IntoView {
    let ui = ui_locale(locale);
    let base = StoredValue::new(api::api_base());
    let kit = FormKit::new();
    let chosen = RwSignal::new(Locale::DEFAULT);
    let sent = RwSignal::new(None::<MailingTestSent>);
    let send_test = Callback::new(move |()| {
        let Some((id, read)) = controls.ready() else { return };
        sent.set(None);
        let request = MailingTest {
            locale: chosen.get_untracked(),
            idempotency_key: kit.key_for_request(),
        };
        controls.start(Doing::Test);
        let base = base.get_value();
        leptos::task::spawn_local(async move {
            let result = staff_newsletter::send_test(&base, id, &request).await;
            // Gone meanwhile: nothing to show it in.
            if !controls.finished() || controls.refused(ui, kit, &result, read) {
                return;
            }
            if let Some(answer) = kit.answer(result) {
                sent.set(Some(answer));
            }
        });
    });
    let options = Locale::ALL
        .into_iter()
        .map(|each| {
            view! {
                <option value=each.as_str() lang=each.as_str() dir=each.dir() selected=each == Locale::DEFAULT>
                    {each.native_name()}
                </option>
            }
        })
        .collect_view();
    view! {
        <form
            class="mailing-test"
            novalidate
            on:submit=move |event| {
                event.prevent_default();
                send_test.run(());
            }
        >
            <div class="field">
                <label for=TEST_LOCALE_ID>{td_string!(ui, console.mailing_test_locale_label)}</label>
                <p class="hint" id="mailing-test-locale-hint">
                    {td_string!(ui, console.mailing_test_hint)}
                </p>
                <select
                    id=TEST_LOCALE_ID
                    name="locale"
                    aria-describedby="mailing-test-locale-hint"
                    prop:value=move || chosen.get().as_str()
                    on:change=move |event| {
                        if let Ok(locale) = Locale::parse(&event_target_value(&event)) {
                            chosen.set(locale);
                            kit.changed();
                        }
                    }
                >
                    {options}
                </select>
            </div>
            <button type="submit" disabled=move || controls.blocked() aria-describedby=move || controls.described()>
                {move || match controls.doing(Doing::Test) {
                    true => td_string!(ui, console.mailing_test_sending),
                    false => td_string!(ui, console.mailing_test_send),
                }}
            </button>
            <FormAlert kit locale texts=failure_texts(ui) retry=send_test />
            <div class="console-status" role="status">
                {move || sent.get().map(|sent| view! { <p class="success">{test_sent_view(ui, &sent)}</p> })}
            </div>
        </form>
    }
}

/// "Send now to 12 subscribers", then the question and the button that
/// sends, or goes back.
#[component]
fn SendNow(locale: Locale, controls: Controls) -> impl IntoView {
    let ui = ui_locale(locale);
    let base = StoredValue::new(api::api_base());
    let desk = controls.desk;
    let kit = FormKit::new();
    let count = Memo::new(move |_| {
        desk.mailing
            .with(|mailing| mailing.as_ref().map_or(0, |mailing| mailing.subscribers))
    });
    let confirming = RwSignal::new(false);
    let question = NodeRef::<P>::new();
    // The question takes focus as it appears, so that it is read out.
    Effect::new(move || {
        if let Some(question) = question.get() {
            request_animation_frame(move || {
                let _ = question.focus();
            });
        }
    });
    let send = Callback::new(move |()| {
        let Some((id, read)) = controls.ready() else { return };
        let confirmed = count.get_untracked();
        let request = MailingSend {
            version: read,
            idempotency_key: kit.key_for_request(),
        };
        controls.start(Doing::Send);
        let base = base.get_value();
        leptos::task::spawn_local(async move {
            let result = staff_newsletter::send(&base, id, &request).await;
            if !controls.finished() {
                // The list still shows it sent.
                if let Ok(sent) = result {
                    desk.show(sent);
                }
                return;
            }
            if controls.refused(ui, kit, &result, read) {
                confirming.set(false);
                return;
            }
            if let Some(sent) = kit.answer(result) {
                let recipients = match sent.figures.recipients {
                    0 => confirmed,
                    recipients => recipients,
                };
                desk.notice
                    .set(Some(subscribers(ui, Subscribers::OnItsWay, recipients)));
                desk.show(sent);
                // The controls are gone with the button pressed: the
                // figures take the focus.
                request_animation_frame(|| focus_element(MAILING_FIGURES_HEADING_ID));
            }
        });
    });
    let cancel = move |_| {
        confirming.set(false);
        focus_element(SEND_NOW_ID);
    };
    let confirmation = move || {
        (confirming.get() && !desk.dirty.get()).then(|| {
            view! {
                <div class="erase-confirm" role="group" aria-labelledby=CONFIRM_ID>
                    <p id=CONFIRM_ID tabindex="-1" node_ref=question>
                        {move || subscribers(ui, Subscribers::Confirm, count.get())}
                    </p>
                    <div class="actions">
                        <button
                            type="button"
                            class="danger"
                            disabled=move || controls.blocked()
                            on:click=move |_| send.run(())
                        >
                            {move || match controls.doing(Doing::Send) {
                                true => td_string!(ui, console.mailing_sending_now).to_owned(),
                                false => subscribers(ui, Subscribers::Yes, count.get()),
                            }}
                        </button>
                        <button type="button" class="secondary" disabled=move || controls.blocked() on:click=cancel>
                            {td_string!(ui, console.mailing_send_cancel)}
                        </button>
                    </div>
                </div>
            }
        })
    };
    view! {
        <div class="mailing-send">
            <p class="hint" id=SEND_HINT_ID>
                {td_string!(ui, console.mailing_send_hint)}
            </p>
            {move || {
                (count.get() == 0).then(|| view! { <p class="note">{td_string!(ui, console.mailing_no_subscribers)}</p> })
            }}
            <button
                type="button"
                id=SEND_NOW_ID
                class="secondary danger-outline"
                disabled=move || controls.blocked() || count.get() == 0
                aria-expanded=move || confirming.get().to_string()
                aria-describedby=move || match controls.described() {
                    Some(unsaved) => format!("{SEND_HINT_ID} {unsaved}"),
                    None => SEND_HINT_ID.to_owned(),
                }
                on:click=move |_| confirming.set(true)
            >
                {move || subscribers(ui, Subscribers::SendNow, count.get())}
            </button>
            {confirmation}
            <FormAlert kit locale texts=failure_texts(ui) retry=send />
        </div>
    }
}
