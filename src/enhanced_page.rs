//! The reading bundle's way with a page: the server drew it (the written
//! pages, the campaign list, the statistics and the survey list always
//! are), and it stays as drawn. Its forms need no script: the consent banner, "Cookie
//! settings" and the footer's newsletter sign-up post to the server, which
//! answers with a page. Only what needs the browser is brought to life,
//! each by the component that drew it, put in place of its drawn copy: the
//! language links (which remember a choice) and a written page's share
//! buttons (copying, the phone's share sheet, Mastodon); and a consented
//! page view is counted (a petition's view too). The pages whose app draws
//! them (a petition, a survey, a page with a form) start with this bundle
//! as well, and their app only once the visitor reaches for a form (see
//! xtask's `start_scripts`); that app then takes the whole page over. Links load the next page, which is drawn by the
//! server too. So the download carries neither the router, nor the pages,
//! nor the forms, and what the visitor reads first is never drawn again.

use civic_api::Target;
use civic_api::site::{FIRST_PAGE_ELEMENT_ID, SIGNED_IN_META, query_param};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::Element;

use crate::analytics::use_analytics;
use crate::components::language_switcher::LanguageSwitcher;
use crate::components::site_context::{provide_site_at, use_site};
use crate::components::survey::draft::DraftStore;
use crate::consent::provide_consent;
use crate::first_page;
use crate::pages::content::ContentShare;
use crate::preferences::{language_home, use_preferences};

/// Brings the page the server drew to life. The server sends this
/// bundle only with a page it drew (else the main bundle's, whose app
/// draws the page), so there is always one.
pub fn enhance_drawn_page() {
    let document = document();
    let Some(drawn) = document.get_element_by_id(FIRST_PAGE_ELEMENT_ID) else {
        return;
    };
    let location = window().location();
    let owner = Owner::new();
    owner.set();
    provide_site_at(location.pathname().unwrap_or_default());
    provide_consent();
    if let Some(home) = language_home() {
        let _ = location.replace(&home);
        return;
    }
    if let Some(switcher) = first(&drawn, ".language-switcher") {
        replace(&switcher, LanguageSwitcher);
    }
    let target = use_site().route.get_untracked().map(|route| route.target);
    if let Some(Target::Content(slug)) = &target
        && let Some(page) = first_page::take_content(use_site().locale.get_untracked(), slug)
        && let Some(share) = first(&drawn, "main .share")
    {
        let (locale, title) = (page.locale, page.title);
        replace(&share, move || view! { <ContentShare locale slug=page.slug title /> });
    }
    let analytics = use_analytics();
    analytics.page_view();
    analytics.views_counted();
    if shows_the_visitors_own(target.as_ref(), &location) || first(&drawn, APP_WANTED_SELECTOR).is_some() {
        let _ = web_sys::Event::new(APP_WANTED_EVENT).map(|event| window().dispatch_event(&event));
    }
    load_other_entries(location);
    // The page lives as long as the document.
    std::mem::forget(owner);
}

/// The event that asks for the page's app at once, before the visitor
/// reaches for a form: the start-up script xtask's `start_scripts` writes
/// into the pages of the bundles with an app listens for it.
const APP_WANTED_EVENT: &str = "civic-app-wanted";

/// Marks a part of a drawn page that only its app can finish: a gift on
/// the thank-you page whose confirmation is still awaited, the donate form
/// to fill again with the choices of the gift a `?ref=` names.
const APP_WANTED_SELECTOR: &str = "[data-app-wanted]";

/// Whether the page has something of the visitor's to show at once, which
/// its app draws: a petition opened from a signer's e-mailed link (`?t=`)
/// by a signer the site remembers (with consent to preferences) or by a
/// signed-in member greets them with the form filled in; a survey with unsent answers kept on the
/// device restores them. Its app is then asked for at once.
fn shows_the_visitors_own(target: Option<&Target>, location: &web_sys::Location) -> bool {
    match target {
        Some(Target::Petition(_)) => {
            let search = location.search().unwrap_or_default();
            let linked = query_param(&search, "t").is_some_and(|token| !token.trim().is_empty());
            let signed_in = document()
                .query_selector(&format!("meta[name=\"{SIGNED_IN_META}\"]"))
                .ok()
                .flatten()
                .is_some();
            linked || signed_in || use_preferences().member().is_some()
        }
        Some(Target::Survey(slug)) => DraftStore::new().holds(slug),
        _ => false,
    }
}

/// Going back or forward to an entry of this document's history with
/// another address (a page of another bundle that handed its address over
/// by reloading it leaves such entries) loads that address: this page only
/// ever shows the one it was drawn for. Once an app has taken the page
/// over (on a page with a form, when the visitor reaches for it), the
/// history is that app's.
fn load_other_entries(location: web_sys::Location) {
    let here = |location: &web_sys::Location| (location.pathname().ok(), location.search().ok());
    let drawn_for = here(&location);
    let handle = window_event_listener(leptos::ev::popstate, move |_| {
        let taken_over = document().get_element_by_id(FIRST_PAGE_ELEMENT_ID).is_none();
        if !taken_over && here(&location) != drawn_for {
            let _ = location.reload();
        }
    });
    std::mem::forget(handle);
}

/// Puts what `view` draws in place of its drawn copy `server`.
fn replace<V: IntoView + 'static>(server: &Element, view: impl FnOnce() -> V + 'static) {
    let (Some(parent), Ok(holder)) = (server.parent_element(), document().create_element("div")) else {
        return;
    };
    // Drawn apart, then moved in: the views find their place by their own
    // nodes, not by the element they were first drawn into.
    leptos::mount::mount_to(holder.clone().unchecked_into(), view).forget();
    let drawn = first_page::children(&holder);
    while let Some(node) = holder.first_child() {
        let _ = parent.insert_before(&node, Some(server));
    }
    first_page::take_place_of(std::slice::from_ref(server), &drawn, || server.remove());
}

fn first(root: &Element, selector: &str) -> Option<Element> {
    root.query_selector(selector).ok().flatten()
}
