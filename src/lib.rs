//! civic-web: the Civic site as a single-page app. The layout is fixed; the
//! page inside it is chosen from the address by the route table shared with
//! the server (`civic_api::site`).

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

mod analytics;
pub mod api;
mod browser;
mod components;
mod consent;
mod pages;
mod plural;
mod preferences;
mod request;
#[cfg(all(test, target_arch = "wasm32"))]
mod test_support;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::footer::Footer;
use crate::components::header::{Header, MAIN_ID, SkipLink};
use crate::components::site_context::SiteContext;
use crate::consent::ConsentScope;
use crate::pages::site_page::SitePage;

#[component]
pub fn App() -> impl IntoView {
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
                        <Routes fallback=SitePage>
                            <Route path=path!("/*any") view=SitePage />
                        </Routes>
                    </main>
                    <Footer />
                </ConsentScope>
            </SiteContext>
        </Router>
    }
}

/// The translations' language for a site language.
pub fn ui_locale(locale: civic_api::Locale) -> i18n::Locale {
    match locale {
        civic_api::Locale::En => i18n::Locale::en,
        civic_api::Locale::Fr => i18n::Locale::fr,
        civic_api::Locale::Es => i18n::Locale::es,
    }
}
