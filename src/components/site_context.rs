//! What every part of the layout needs to know about the current address:
//! which page it names and in which language.

use civic_api::{Locale, SiteRoute};
use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::browser::set_html_lang;

#[derive(Debug, Clone, Copy)]
pub struct Site {
    /// The page the address names, or `None` for an address that names none.
    pub route: Memo<Option<SiteRoute>>,
    /// The language of the address, known even when it names no page.
    pub locale: Memo<Locale>,
    pub pathname: Memo<String>,
    /// Whether the visitor has moved away from the address the app was
    /// loaded at: a page created after that takes focus on its heading.
    pub navigated: Memo<bool>,
}

pub fn use_site() -> Site {
    expect_context::<Site>()
}

/// Provides [`Site`] for `children`; must sit inside
/// the `<Router>`. The address is the single source of the language: the
/// translations, `<html lang>` and every link follow it.
#[component]
pub fn SiteContext(children: Children) -> impl IntoView {
    let pathname = use_location().pathname;
    let route = Memo::new(move |_| pathname.with(|path| SiteRoute::resolve(path)));
    let locale = Memo::new(move |_| pathname.with(|path| SiteRoute::locale_of(path)));
    let first_path = pathname.get_untracked();
    // A memo rather than an effect: it is computed when read, so a page
    // created by a navigation sees `true` whatever order effects run in.
    let navigated = Memo::new(move |before: Option<&bool>| {
        before.copied().unwrap_or(false) || pathname.with(|path| *path != first_path)
    });
    // Read on every change so that no step of the history is skipped.
    Effect::new(move || navigated.track());
    provide_context(Site {
        route,
        locale,
        pathname,
        navigated,
    });
    Effect::new(move || set_html_lang(locale.get()));
    children()
}

/// Provides [`Site`] for a page that stays at the address it was loaded
/// at: one whose links load the next page rather than routing to it.
#[cfg(target_arch = "wasm32")]
pub fn provide_site_at(path: String) {
    let route = Memo::new({
        let path = path.clone();
        move |_| SiteRoute::resolve(&path)
    });
    let locale = Memo::new({
        let path = path.clone();
        move |_| SiteRoute::locale_of(&path)
    });
    let pathname = Memo::new(move |_| path.clone());
    provide_context(Site {
        route,
        locale,
        pathname,
        navigated: Memo::new(|_| false),
    });
}
