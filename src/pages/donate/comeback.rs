//! Coming back to `/donate` from the payment page: `?cancelled=1` after
//! the payer left it, and `?ref=` naming the gift whose choices fill the
//! form again (also the thank-you page's "try again" after a refused
//! card), with what the page says about it.

use civic_api::Locale;
use civic_api::donation::{DonationOffer, DonationStatus, DonationView};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::{self, ApiError, donations};
use crate::i18n::td_string;
use crate::pages::donate::choices::Choices;
use crate::pages::donate::form::GiftForm;
use crate::request::Request;
use crate::ui_locale;

/// What the page says of the gift the visitor comes back from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    /// They left the payment page: nothing was taken.
    Cancelled,
    /// The provider refused the payment: nothing was taken.
    Declined,
}

#[derive(Debug, Clone, Copy)]
pub struct Comeback {
    pub notice: RwSignal<Option<Notice>>,
    /// Whether the address names a gift to fill the form with.
    pub asked: bool,
}

impl Comeback {
    /// Reads the address; in the browser, asks for the gift it names and
    /// fills `form` with its choices once it is there. A gift that cannot
    /// be read leaves the form as it is: the visitor chooses again.
    pub fn start(form: GiftForm, offer: StoredValue<DonationOffer>, locale: Locale) -> Comeback {
        let query = use_query_map();
        let reference = query
            .with_untracked(|query| query.get("ref"))
            .filter(|reference| !reference.trim().is_empty());
        let cancelled = query.with_untracked(|query| query.get("cancelled")).as_deref() == Some("1");
        let notice = RwSignal::new(cancelled.then_some(Notice::Cancelled));
        let asked = reference.is_some();
        let gift = Request::<Result<DonationView, ApiError>>::new();
        let base = api::api_base();
        Effect::new(move |_| {
            if let Some(reference) = reference.clone() {
                let base = base.clone();
                gift.load(move |abort| async move { donations::donation(&base, &reference, abort.as_ref()).await });
            }
        });
        Effect::new(move |_| {
            let Some(Ok(gift)) = gift.answer().get() else { return };
            offer.with_value(|offer| form.fill(&Choices::of_gift(&gift, offer, locale)));
            match gift.status {
                DonationStatus::Failed => notice.set(Some(Notice::Declined)),
                DonationStatus::Cancelled => notice.set(Some(Notice::Cancelled)),
                _ => {}
            }
        });
        Comeback { notice, asked }
    }
}

/// Present from the start, so screen readers announce what appears in it.
#[component]
pub fn ComebackNotice(locale: Locale, notice: RwSignal<Option<Notice>>) -> impl IntoView {
    let ui = ui_locale(locale);
    let text = move || {
        notice.get().map(|notice| match notice {
            Notice::Cancelled => td_string!(ui, donate.cancelled),
            Notice::Declined => td_string!(ui, donate.declined),
        })
    };
    view! {
        <div class="donate-notice" role="status">
            {move || text().map(|text| view! { <p>{text}</p> })}
        </div>
    }
}
