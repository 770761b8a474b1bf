//! The donations bundle's pages; every other page belongs to another bundle.

use civic_api::{SiteRoute, Target};
use leptos::prelude::*;

use crate::pages::donate::donate_page::DonatePage;
use crate::pages::donate::thanks_page::ThanksPage;
use crate::pages::other_bundle::OtherBundle;

pub fn donations_page(route: Option<SiteRoute>) -> AnyView {
    match route {
        Some(SiteRoute {
            locale,
            target: Target::Donate,
        }) => view! { <DonatePage locale /> }.into_any(),
        Some(SiteRoute {
            locale,
            target: Target::DonationThanks,
        }) => view! { <ThanksPage locale /> }.into_any(),
        _ => view! { <OtherBundle /> }.into_any(),
    }
}
