//! civic-web: the Civic site as a single-page app. The layout is fixed; the
//! page inside it is chosen from the address by the route table shared with
//! the server (`civic_api::site`).

// The server's rendering (`ssr`) nests the layout's view types deeper.
#![recursion_limit = "256"]

mod analytics;
pub mod api;
mod browser;
mod components;
mod consent;
mod country_names;
mod dates;
#[cfg(target_arch = "wasm32")]
mod enhanced_page;
mod first_page;
mod form_kit;
mod i18n;
pub mod money;
mod numbers;
mod pages;
mod passkey_browser;
mod plural;
mod preferences;
#[cfg(feature = "ssr")]
pub mod render;
mod request;
#[cfg(all(test, target_arch = "wasm32"))]
mod test_support;

use civic_api::site::Bundle;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::footer::Footer;
use crate::components::header::{Header, MAIN_ID, SkipLink};
use crate::components::site_context::SiteContext;
use crate::consent::ConsentScope;
use crate::pages::site_page::{self, PageChooser, SitePage};
use crate::pages::{accounts_site_page, console_site_page, donations_site_page, reading_site_page, survey_site_page};

/// The main bundle: every page but the surveys'.
#[component]
pub fn App() -> impl IntoView {
    view! { <Layout bundle=Bundle::Main choose=site_page::main_page /> }
}

/// The reading bundle: the written pages, the campaign list, the
/// statistics and the survey list, in the same layout (drawn by the server only: see
/// `enhance_drawn_page`).
#[component]
pub fn ReadingApp() -> impl IntoView {
    view! { <Layout bundle=Bundle::Reading choose=reading_site_page::reading_page /> }
}

/// The survey bundle: the survey pages, in the same layout.
#[component]
pub fn SurveysApp() -> impl IntoView {
    view! { <Layout bundle=Bundle::Surveys choose=survey_site_page::survey_page /> }
}

/// The accounts bundle: joining, signing in, passwords and the member
/// area, in the same layout.
#[component]
pub fn AccountsApp() -> impl IntoView {
    view! { <Layout bundle=Bundle::Accounts choose=accounts_site_page::accounts_page /> }
}

/// The donations bundle: the donate page and the thank-you page the
/// payment provider sends the payer back to, in the same layout.
#[component]
pub fn DonationsApp() -> impl IntoView {
    view! { <Layout bundle=Bundle::Donations choose=donations_site_page::donations_page /> }
}

/// The console bundle: the staff console, in the same layout; visitors
/// never download it.
#[component]
pub fn ConsoleApp() -> impl IntoView {
    view! { <Layout bundle=Bundle::Console choose=console_site_page::console_page /> }
}

/// The layout every page shares; `choose` shows this bundle's page for the
/// address, or hands it to the other bundle.
#[component]
fn Layout(bundle: Bundle, choose: PageChooser) -> impl IntoView {
    view! {
        <Router>
            <SiteContext>
                <SkipLink />
                <ConsentScope>
                    <Header />
                    // `tabindex` lets the skip link move focus here.
                    // One route for every address (a wildcard also matches `/`),
                    // so one `SitePage` picks the page from the route table shared
                    // with the server. Several `<Route>`s would rebuild it on each
                    // navigation and fetch the page twice.
                    <main id=MAIN_ID tabindex="-1">
                        <Routes fallback=move || view! { <SitePage bundle choose /> }>
                            <Route path=path!("/*any") view=move || view! { <SitePage bundle choose /> } />
                        </Routes>
                    </main>
                    <Footer />
                </ConsentScope>
            </SiteContext>
        </Router>
    }
}

/// What either bundle does before mounting; `read` is the bundle's reader
/// of the page data in the HTML (`FirstData::from_main_json`, say).
pub fn start(read: fn(&str, &str) -> Option<civic_api::site::FirstData>) {
    browser::remember_document_path();
    #[cfg(target_arch = "wasm32")]
    first_page::read_from_document(read);
    #[cfg(not(target_arch = "wasm32"))]
    let _ = read;
}

/// What either bundle does once it has drawn its page: it takes the place
/// of the one the server drew. The router draws the page's own part in a
/// task it queues while mounting; this one is queued after it, and both
/// run before the browser does anything else (paint, input, other
/// scripts), so nothing ever sees the page twice.
pub fn started() {
    #[cfg(target_arch = "wasm32")]
    leptos::task::spawn_local(async { first_page::adopt_server_page() });
}

/// What the reading bundle does instead of drawing its page: it brings
/// the page the server drew to life (see `enhanced_page`).
pub fn enhance_drawn_page() {
    #[cfg(target_arch = "wasm32")]
    enhanced_page::enhance_drawn_page();
}

/// The translations' language for a site language: the same, now that
/// only the page's language travels with it.
pub fn ui_locale(locale: civic_api::Locale) -> i18n::Locale {
    locale
}
