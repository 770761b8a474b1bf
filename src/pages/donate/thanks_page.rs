//! `/thank-you?ref=…`: where the provider sends the payer back. The page
//! shows the gift once the provider has confirmed it, never before: while
//! its confirmation is on its way (the provider's signed event reaches the
//! server on its own), the page asks again every two seconds for about a
//! minute, then says the receipt will come by e-mail.

use std::time::Duration;

use civic_api::Locale;
use civic_api::donation::{DonationStatus, DonationView};
use leptos::html::H1;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::{self, ApiError, donations};
use crate::browser::{focus_heading_after_navigation, set_document_meta};
use crate::first_page;
use crate::i18n::td_string;
use crate::pages::donate::gift_status::{GiftNext, GiftStatus, Shown};
use crate::request::Request;
use crate::ui_locale;

const POLL_EVERY: Duration = Duration::from_secs(2);
/// About a minute of asking.
const POLLS: u32 = 30;

#[component]
pub fn ThanksPage(locale: Locale) -> impl IntoView {
    let heading = NodeRef::<H1>::new();
    focus_heading_after_navigation(heading);
    let ui = ui_locale(locale);
    set_document_meta(
        td_string!(ui, donation_thanks.title),
        Some(td_string!(ui, donation_thanks.description)),
    );
    let reference = use_query_map()
        .with_untracked(|query| query.get("ref"))
        .filter(|reference| !reference.trim().is_empty());
    // The gift the server drew the page with, or a request for it.
    let first = match first_page::take_donation() {
        Some(answer) => Some(answer.map_err(ApiError::from_body)),
        None => first_page::take_missing().then_some(Err(ApiError::NotFound)),
    };
    let drawn = first.is_some();
    let nothing_named = !drawn && reference.is_none();
    let gift = first.map_or_else(Request::new, Request::answered);
    let reference = StoredValue::new(reference);
    let base = StoredValue::new(api::api_base());
    let fetch = move || {
        let (Some(base), Some(Some(reference))) = (base.try_get_value(), reference.try_get_value()) else {
            return;
        };
        gift.send(async move { donations::donation(&base, &reference, None).await });
    };
    Effect::new(move |_| {
        if !drawn {
            fetch();
        }
    });
    let waited_out = keep_asking(gift, fetch);

    // The last gift read: a poll that fails meanwhile does not hide it.
    let last = RwSignal::new(None::<DonationView>);
    Effect::new(move |_| {
        if let Some(Ok(read)) = gift.answer().get() {
            last.set(Some(read));
        }
    });
    let shown = Memo::new(move |_| {
        if nothing_named {
            return Shown::Missing;
        }
        match (gift.answer().get(), last.get()) {
            (Some(Ok(read)), _) | (_, Some(read)) => Shown::Gift(read),
            (None, None) => Shown::LookingUp,
            (Some(Err(ApiError::NotFound)), None) => Shown::Missing,
            (Some(Err(error)), None) => Shown::Unreadable(error),
        }
    });
    let title = move || match shown.get() {
        Shown::Gift(gift) if gift.status == DonationStatus::Failed => td_string!(ui, donation_thanks.heading_failed),
        Shown::Gift(gift) if gift.status == DonationStatus::Cancelled => {
            td_string!(ui, donation_thanks.heading_cancelled)
        }
        Shown::Missing => td_string!(ui, donation_thanks.heading_missing),
        _ => td_string!(ui, donation_thanks.title),
    };
    let retry = move || {
        if gift.pending().get_untracked() {
            return;
        }
        fetch();
    };
    view! {
        <div class="donation-thanks">
            <h1 tabindex="-1" node_ref=heading>
                {title}
            </h1>
            <GiftStatus locale shown waited_out />
            <GiftNext locale shown retry />
        </div>
    }
}

/// Asks again for a gift still waiting for its confirmation, every two
/// seconds until it has one or about a minute has passed (then the answer
/// says so). A poll that fails counts, and the next one goes all the same.
fn keep_asking(gift: Request<Result<DonationView, ApiError>>, fetch: impl Fn() + Copy + 'static) -> Signal<bool> {
    let waited_out = RwSignal::new(false);
    let polls = StoredValue::new(0u32);
    let timer = StoredValue::new(None::<TimeoutHandle>);
    let waiting = StoredValue::new(false);
    on_cleanup(move || {
        if let Some(Some(timer)) = timer.try_get_value() {
            timer.clear();
        }
    });
    Effect::new(move |_| {
        let still_waiting = match gift.answer().get() {
            Some(Ok(read)) => read.status == DonationStatus::Pending,
            // Only while waiting: a first read that failed shows its error.
            Some(Err(_)) => waiting.get_value(),
            None => false,
        };
        waiting.set_value(still_waiting);
        if !still_waiting {
            return;
        }
        let done = polls.get_value();
        if done >= POLLS {
            waited_out.set(true);
            return;
        }
        polls.set_value(done + 1);
        timer.set_value(set_timeout_with_handle(fetch, POLL_EVERY).ok());
    });
    waited_out.into()
}
