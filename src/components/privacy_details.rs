//! The end of the privacy policy: every category with what it is for and
//! the keys it keeps on the device, from the same definitions as the
//! consent banner, and the way to change one's mind.

use civic_api::Locale;
use civic_api::consent::Category;
use leptos::prelude::*;

use crate::consent::categories::{StorageTable, name, purpose};
use crate::consent::settings_button::CookieSettingsButton;
use crate::i18n::td_string;
use crate::ui_locale;

#[component]
pub fn PrivacyDetails(locale: Locale) -> impl IntoView {
    let ui = ui_locale(locale);
    let categories = Category::ALL
        .into_iter()
        .map(|category| {
            view! {
                <h3>{name(ui, category)}</h3>
                <p>{purpose(ui, category)}</p>
                <StorageTable ui category />
            }
        })
        .collect_view();
    view! {
        <section class="privacy-details" aria-labelledby="privacy-storage">
            <h2 id="privacy-storage">{td_string!(ui, privacy_details.heading)}</h2>
            <p>{td_string!(ui, privacy_details.intro)}</p>
            {categories}
            <p>{td_string!(ui, privacy_details.settings_hint)}</p>
            <CookieSettingsButton />
        </section>
    }
}
