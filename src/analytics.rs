//! The first-party statistics client. It sends nothing without the
//! visitor's consent to analytics, nothing under a privacy signal, and
//! never more than an event's kind, a canonical path (no query, so no
//! token or campaign code) and, for shares, the network.

use civic_api::analytics::{EventKind, EventRequest};
use civic_api::consent::Category;
use civic_api::share::Network;
use civic_api::site::Bundle;
use civic_api::{SiteRoute, Target};
use leptos::prelude::*;

use crate::api;
use crate::components::site_context::{Site, use_site};
use crate::consent::state::Consent;

#[derive(Debug, Clone, Copy)]
pub struct Analytics {
    consent: Option<Consent>,
    site: Option<Site>,
    base: StoredValue<String>,
}

/// Read where the component is set up: event handlers have no context.
pub fn use_analytics() -> Analytics {
    Analytics {
        consent: use_context::<Consent>(),
        site: use_context::<Site>(),
        base: StoredValue::new(api::api_base()),
    }
}

impl Analytics {
    /// The page at the current address is on screen; a petition's page is
    /// also the first step of its funnel, whichever bundle shows it.
    pub fn page_view(self) {
        self.here(EventKind::PageView, None);
        let route = self.site.and_then(|site| site.route.get_untracked());
        if route.is_some_and(|route| matches!(route.target, Target::Petition(_))) {
            self.here(EventKind::PetitionViewed, None);
        }
    }

    /// A share button of the page at the current address was used.
    pub fn share(self, network: Network) {
        self.here(EventKind::Share, Some(network));
    }

    /// A step of a petition's funnel (viewed, signed, confirmed).
    pub fn petition(self, kind: EventKind, petition: &SiteRoute) {
        self.send(kind, petition.path(), None);
    }

    fn here(self, kind: EventKind, network: Option<Network>) {
        let route = self.site.and_then(|site| site.route.get_untracked());
        if let Some(route) = route {
            self.send(kind, route.path(), network);
        }
    }

    /// Notes in the document that the views of the page at the current
    /// address are counted: the reading bundle, which starts first on every
    /// page the server drew, counts them, and an app that takes the page
    /// over later (when the visitor reaches for a form) does not again.
    #[cfg(target_arch = "wasm32")]
    pub fn views_counted(self) {
        let route = self.site.and_then(|site| site.route.get_untracked());
        if let (Some(route), Some(root)) = (route, document().document_element()) {
            let _ = root.set_attribute(COUNTED_VIEWS, &route.path());
        }
    }

    fn send(self, kind: EventKind, path: String, network: Option<Network>) {
        // The server drawing a page knows the visitor's consent, but only
        // the browser counts what the visitor sees.
        if cfg!(not(target_arch = "wasm32")) {
            return;
        }
        if matches!(kind, EventKind::PageView | EventKind::PetitionViewed) && counted_before(&path) {
            return;
        }
        if !self
            .consent
            .is_some_and(|consent| consent.allows_now(Category::Analytics))
        {
            return;
        }
        let request = EventRequest { kind, path, network };
        let base = self.base.get_value();
        leptos::task::spawn_local(async move {
            let _ = api::record_event(&base, &request).await;
        });
    }
}

/// The attribute of `<html>` naming the address whose views are counted in
/// this document (see `Analytics::views_counted`).
const COUNTED_VIEWS: &str = "data-counted-views";

/// Whether the views of the page at `path` were counted before this app
/// drew it in this document; a view of any other page forgets that, so
/// coming back to it counts again.
fn counted_before(path: &str) -> bool {
    let Some(root) = document().document_element() else {
        return false;
    };
    match root.get_attribute(COUNTED_VIEWS) {
        Some(counted) if counted == path => true,
        Some(_) => {
            let _ = root.remove_attribute(COUNTED_VIEWS);
            false
        }
        None => false,
    }
}

/// Counts a view of each page the app draws by itself; content pages,
/// petitions, surveys and their results count theirs once the API has shown
/// they exist (the server refuses views of pages that do not).
pub fn count_app_page_views(bundle: Bundle) {
    let site = use_site();
    let analytics = use_analytics();
    Effect::new(move || {
        // A page of another bundle is counted once that bundle shows it.
        let counted_here = site.route.with(|route| {
            route
                .as_ref()
                .is_some_and(|route| bundle.draws(&route.target) && route.target.page().always_exists)
        });
        if counted_here {
            analytics.page_view();
        }
    });
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    fn views_counted_by_the_reading_bundle_are_not_counted_again_until_the_visitor_moves_on() {
        let root = document().document_element().unwrap();
        root.set_attribute(COUNTED_VIEWS, "/petitions/clean-air").unwrap();
        assert!(counted_before("/petitions/clean-air"), "the page view");
        assert!(counted_before("/petitions/clean-air"), "and the petition's view");
        assert!(!counted_before("/campaigns"), "another page counts");
        assert_eq!(root.get_attribute(COUNTED_VIEWS), None);
        assert!(!counted_before("/petitions/clean-air"), "and coming back counts again");
    }
}
