//! A time to send a mailing at, typed on the visitor's clock and sent as
//! UTC, checked as the contract checks it; and, once scheduled, back to a
//! draft. Each names the version read.

use civic_api::Locale;
use civic_api::newsletter_mailing::{MailingSchedule, MailingStatus, SCHEDULE_DAYS_MAX};
use leptos::prelude::*;

use crate::api::{self, staff_newsletter};
use crate::browser::focus_element;
use crate::form_kit::{FormAlert, FormKit, TextField};
use crate::i18n::td_string;
use crate::pages::console::mailing_sending::{Controls, Doing};
use crate::pages::console::mailing_time::{check_send_at, local_input, local_time, local_zone, utc_from_local};
use crate::pages::console::newsletter_words::send_at_error;
use crate::pages::console::petition_fields::focus_first_error;
use crate::pages::console::petition_words::failure_texts;
use crate::ui_locale;

const SEND_AT_ID: &str = "mailing-send-at";

#[component]
pub fn ScheduleForm(locale: Locale, controls: Controls) -> impl IntoView {
    let ui = ui_locale(locale);
    let base = StoredValue::new(api::api_base());
    let desk = controls.desk;
    // Each its own key: going back to a draft is another request.
    let kit = FormKit::new();
    let back_kit = FormKit::new();
    let send_at = kit.field("send_at", SEND_AT_ID, check_send_at);
    let planned = desk
        .mailing
        .with_untracked(|mailing| mailing.as_ref().and_then(|mailing| mailing.send_at.clone()));
    if let Some(local) = planned.as_deref().and_then(local_input) {
        send_at.value().set(local);
    }
    let scheduled = Memo::new(move |_| {
        desk.mailing.with(|mailing| {
            mailing
                .as_ref()
                .is_some_and(|mailing| mailing.status == MailingStatus::Scheduled)
        })
    });
    let said = RwSignal::new(None::<String>);
    let schedule = Callback::new(move |()| {
        if controls.blocked_untracked() {
            return;
        }
        said.set(None);
        if !kit.check(&[send_at]) {
            return;
        }
        let Some(at) = utc_from_local(&send_at.text()) else {
            return;
        };
        let Some((id, read)) = controls.ready() else { return };
        let request = MailingSchedule {
            version: read,
            send_at: Some(at.clone()),
            idempotency_key: kit.key_for_request(),
        };
        controls.start(Doing::Schedule);
        let base = base.get_value();
        leptos::task::spawn_local(async move {
            let result = staff_newsletter::schedule(&base, id, &request).await;
            if !controls.finished() {
                // The list still shows it scheduled.
                if let Ok(scheduled) = result {
                    desk.show(scheduled);
                }
                return;
            }
            if controls.refused(ui, kit, &result, read) {
                return;
            }
            match kit.answer(result) {
                Some(scheduled) => {
                    let time = local_time(ui, scheduled.send_at.as_deref().unwrap_or(&at));
                    said.set(Some(td_string!(ui, console.mailing_scheduled, time = time)));
                    desk.show(scheduled);
                }
                None => focus_first_error(&[send_at]),
            }
        });
    });
    let back_to_draft = Callback::new(move |()| {
        let Some((id, read)) = controls.ready() else { return };
        said.set(None);
        let request = MailingSchedule {
            version: read,
            send_at: None,
            idempotency_key: back_kit.key_for_request(),
        };
        controls.start(Doing::Unschedule);
        let base = base.get_value();
        leptos::task::spawn_local(async move {
            let result = staff_newsletter::schedule(&base, id, &request).await;
            if !controls.finished() {
                if let Ok(draft) = result {
                    desk.show(draft);
                }
                return;
            }
            if controls.refused(ui, back_kit, &result, read) {
                return;
            }
            if let Some(draft) = back_kit.answer(result) {
                said.set(Some(td_string!(ui, console.mailing_unscheduled).to_owned()));
                desk.show(draft);
                // Its button is gone with the schedule: the time takes the
                // focus, to schedule it again.
                request_animation_frame(|| focus_element(SEND_AT_ID));
            }
        });
    });
    let hint = match local_zone() {
        Some(zone) => td_string!(ui, console.mailing_send_at_hint, zone = zone, days = SCHEDULE_DAYS_MAX),
        None => td_string!(ui, console.mailing_send_at_hint_no_zone, days = SCHEDULE_DAYS_MAX),
    };
    let back_button = move || {
        scheduled.get().then(|| {
            view! {
                <button
                    type="button"
                    class="secondary"
                    disabled=move || controls.blocked()
                    aria-describedby=move || controls.described()
                    on:click=move |_| back_to_draft.run(())
                >
                    {move || match controls.doing(Doing::Unschedule) {
                        true => td_string!(ui, console.saving),
                        false => td_string!(ui, console.mailing_unschedule),
                    }}
                </button>
            }
        })
    };
    view! {
        <form
            class="mailing-schedule"
            novalidate
            on:submit=move |event| {
                event.prevent_default();
                schedule.run(());
            }
        >
            <TextField
                field=send_at
                label=td_string!(ui, console.mailing_send_at_label)
                hint
                error_text=Callback::new(move |error| send_at_error(ui, error))
                input_type="datetime-local"
            />
            <div class="actions">
                <button type="submit" disabled=move || controls.blocked() aria-describedby=move || controls.described()>
                    {move || match controls.doing(Doing::Schedule) {
                        true => td_string!(ui, console.mailing_scheduling),
                        false => td_string!(ui, console.mailing_schedule),
                    }}
                </button>
                {back_button}
            </div>
            <FormAlert kit locale texts=failure_texts(ui) retry=schedule />
            <FormAlert kit=back_kit locale texts=failure_texts(ui) retry=back_to_draft />
            <div class="console-status" role="status">
                {move || said.get().map(|text| view! { <p class="success">{text}</p> })}
            </div>
        </form>
    }
}
