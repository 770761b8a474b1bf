//! Coming back to the member area from the provider's payment page:
//! `?dues=G-…` after paying, `&cancelled=1` after leaving it. While the
//! provider's confirmation is on its way (its signed events reach the
//! server on their own), the section asks again every two seconds, for
//! about a minute, until the membership is active; a declined or
//! cancelled payment stops it, and its tier and currency fill the form
//! again.

use std::time::Duration;

use civic_api::donation::{DonationStatus, DonationView};
use civic_api::dues::DuesView;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::{self, ApiError, donations};
use crate::i18n::{self, td_string};
use crate::pages::account::dues::choice::confirmed;
use crate::request::Request;

const POLL_EVERY: Duration = Duration::from_secs(2);
/// About a minute of asking.
const POLLS: u32 = 30;

/// What the section says of the payment the member comes back from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    Waiting,
    /// A bank payment on its way: days, not seconds.
    Processing,
    Confirmed,
    /// No confirmation after a minute of asking.
    WaitedOut,
    Declined,
    Cancelled,
}

#[derive(Debug, Clone, Copy)]
pub struct Comeback {
    pub notice: RwSignal<Option<Notice>>,
    /// The checkout come back from, once read: an unpaid one's tier and
    /// currency fill the form again.
    pub gift: RwSignal<Option<DonationView>>,
}

impl Comeback {
    /// Reads the address; when it names a checkout, follows it: `dues` is
    /// the section's read of the member's dues, which `fetch` sends again.
    pub fn start(dues: Request<Result<DuesView, ApiError>>, fetch: impl Fn() + Copy + 'static) -> Comeback {
        let query = use_query_map();
        let reference = query
            .with_untracked(|query| query.get("dues"))
            .filter(|reference| !reference.trim().is_empty());
        let cancelled = query.with_untracked(|query| query.get("cancelled")).as_deref() == Some("1");
        let comeback = Comeback {
            notice: RwSignal::new(None),
            gift: RwSignal::new(None),
        };
        let Some(reference) = reference else {
            return comeback;
        };
        // Set once the page is there, so the live region announces it.
        let first = if cancelled { Notice::Cancelled } else { Notice::Waiting };
        Effect::new(move |_| comeback.notice.set(Some(first)));

        let gift = Request::<Result<DonationView, ApiError>>::new();
        let base = StoredValue::new(api::api_base());
        let reference = StoredValue::new(reference);
        let ask_for_gift = move || {
            let (Some(base), Some(reference)) = (base.try_get_value(), reference.try_get_value()) else {
                return;
            };
            gift.send(async move { donations::donation(&base, &reference, None).await });
        };
        if cancelled {
            Effect::new(move |_| ask_for_gift());
        }
        // Each read of the dues: active, or a look at the payment itself.
        Effect::new(move |_| {
            let Some(answer) = dues.answer().get() else { return };
            if !comeback.waiting_untracked() {
                return;
            }
            match answer {
                Ok(view) if confirmed(&view) => comeback.notice.set(Some(Notice::Confirmed)),
                _ => ask_for_gift(),
            }
        });
        let next = keep_asking(comeback, fetch);
        Effect::new(move |_| {
            let Some(answer) = gift.answer().get() else { return };
            if let Ok(read) = &answer {
                comeback.gift.set(Some(read.clone()));
            }
            if !comeback.waiting_untracked() {
                return;
            }
            match answer.map(|read| read.status) {
                Ok(DonationStatus::Failed) => comeback.notice.set(Some(Notice::Declined)),
                Ok(DonationStatus::Cancelled) => comeback.notice.set(Some(Notice::Cancelled)),
                Ok(DonationStatus::Processing) => {
                    comeback.notice.set(Some(Notice::Processing));
                    next();
                }
                // Paid with the membership not there yet, still pending, or
                // not read this time: the next read may tell.
                _ => next(),
            }
        });
        comeback
    }

    /// Whether the payment is still on its way (tracked): the form waits.
    pub fn waiting(self) -> bool {
        matches!(self.notice.get(), Some(Notice::Waiting | Notice::Processing))
    }

    fn waiting_untracked(self) -> bool {
        untrack(|| self.waiting())
    }
}

/// The next read, two seconds on, until about a minute has passed (then
/// the notice says so; a bank payment on its way says so already). The
/// timer goes with the section.
fn keep_asking(comeback: Comeback, fetch: impl Fn() + Copy + 'static) -> impl Fn() + Copy + 'static {
    let polls = StoredValue::new(0u32);
    let timer = StoredValue::new(None::<TimeoutHandle>);
    on_cleanup(move || {
        if let Some(Some(timer)) = timer.try_get_value() {
            timer.clear();
        }
    });
    move || {
        let done = polls.get_value();
        if done >= POLLS {
            if comeback.notice.get_untracked() == Some(Notice::Waiting) {
                comeback.notice.set(Some(Notice::WaitedOut));
            }
            return;
        }
        polls.set_value(done + 1);
        timer.set_value(set_timeout_with_handle(fetch, POLL_EVERY).ok());
    }
}

/// Present from the start, so screen readers announce what appears in it.
#[component]
pub fn DuesNotice(locale: civic_api::Locale, notice: RwSignal<Option<Notice>>) -> impl IntoView {
    let ui = crate::ui_locale(locale);
    let said = move || notice.get().map(|notice| said(ui, notice));
    view! {
        <div class="dues-notice" role="status" aria-live="polite">
            {move || said().map(|(class, text)| view! { <p class=class>{text}</p> })}
        </div>
    }
}

/// The notice's words, and the class that marks a wait or a success.
fn said(ui: i18n::Locale, notice: Notice) -> (Option<&'static str>, &'static str) {
    match notice {
        Notice::Waiting => (Some("waiting"), td_string!(ui, dues.waiting)),
        Notice::Processing => (None, td_string!(ui, dues.processing)),
        Notice::Confirmed => (Some("success"), td_string!(ui, dues.confirmed)),
        Notice::WaitedOut => (None, td_string!(ui, dues.waited_out)),
        Notice::Declined => (None, td_string!(ui, dues.declined)),
        Notice::Cancelled => (None, td_string!(ui, dues.cancelled)),
    }
}
