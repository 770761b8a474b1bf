//! Cookie and storage consent: nothing optional is stored on the device and
//! nothing is counted until the visitor has chosen, for the privacy
//! policy's current revision, and a browser's privacy signal always wins.

pub mod banner;
#[cfg(all(test, target_arch = "wasm32"))]
mod banner_tests;
pub mod categories;
pub mod decision;
mod settings;
pub mod settings_button;
mod signal;
pub mod state;
pub mod storage;

use leptos::prelude::*;

use crate::consent::banner::ConsentBanner;
use crate::consent::state::Consent;
use crate::preferences;

/// Provides [`Consent`] to `children` and puts the banner before them (only
/// the skip link comes earlier), so keyboard and screen-reader users meet
/// it before the page.
#[component]
pub fn ConsentScope(children: Children) -> impl IntoView {
    provide_consent();
    preferences::return_to_language();
    view! {
        <ConsentBanner />
        {children()}
    }
}

/// Reads the visitor's decision from the browser and provides it. Storage
/// a current decision refuses may linger from an older version of the site
/// or another tab's withdrawal: it goes now.
pub fn provide_consent() -> Consent {
    let consent = Consent::from_browser();
    provide_context(consent);
    if untrack(|| consent.ask()).is_none()
        && let Some(choices) = consent
            .record
            .with_untracked(|record| record.as_ref().map(|record| record.choices))
    {
        decision::refused(choices)
            .flat_map(civic_api::consent::Category::storage)
            .for_each(storage::remove);
    }
    consent
}
