//! The console bundle's page; every other page belongs to another bundle.

use civic_api::{SiteRoute, Target};
use leptos::prelude::*;

use crate::pages::console::console_page::ConsolePage;
use crate::pages::other_bundle::OtherBundle;

pub fn console_page(route: Option<SiteRoute>) -> AnyView {
    match route {
        Some(SiteRoute {
            locale,
            target: Target::Console,
        }) => view! { <ConsolePage locale /> }.into_any(),
        _ => view! { <OtherBundle /> }.into_any(),
    }
}
