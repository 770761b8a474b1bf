//! Small wrappers over browser APIs that several pages use.

use civic_api::Locale;
use civic_api::site::document_title;
use js_sys::{Date, Function, Object, Reflect};
use leptos::html::{H1, H2};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use crate::components::site_context::use_site;

/// Keeps `<title>` and the description that the server wrote into the page
/// in step with the page shown. The existing `<meta>` is updated rather than
/// a new one added, so crawlers and tests never see two.
pub fn set_document_meta(title: &str, description: Option<&str>) {
    // The server writes them into the head itself.
    if cfg!(not(target_arch = "wasm32")) {
        return;
    }
    let document = document();
    document.set_title(&document_title(title));
    if let Some(description) = description
        && let Ok(Some(meta)) = document.query_selector("meta[name=\"description\"]")
    {
        let _ = meta.set_attribute("content", description);
    }
}

/// Moves focus to the page's main heading once it is on screen, but only
/// for pages reached by a client-side navigation: on a fresh load the
/// browser's own starting point (the top of the document) is right, while
/// after a navigation a screen-reader user would otherwise stay on the link.
pub fn focus_heading_after_navigation(heading: NodeRef<H1>) {
    let should_focus = use_site().navigated.get_untracked();
    Effect::new(move || {
        if let Some(heading) = heading.get()
            && should_focus
        {
            // The heading may be created before it is attached (inside a
            // `Suspense`); by the next frame it is in the document.
            request_animation_frame(move || {
                let _ = heading.focus();
            });
        }
    });
}

/// The language tag the site writes in, for the browser's `Intl` objects
/// (`en-GB`, `fr-FR`, `es-ES`).
#[cfg(target_arch = "wasm32")]
pub(crate) fn intl_locales(locale: Locale) -> js_sys::Array {
    let tag = match locale {
        // Arabic with the digits its texts are written with (0-9).
        Locale::Ar => "ar-u-nu-latn".to_owned(),
        _ => locale.og_locale().replace('_', "-"),
    };
    js_sys::Array::of1(&JsValue::from_str(&tag))
}

/// The scheme, host and port of the page (`https://civic.example`), for
/// absolute links to share.
pub fn page_origin() -> String {
    if cfg!(target_arch = "wasm32") {
        window().location().origin().unwrap_or_default()
    } else {
        crate::first_page::server_page().origin
    }
}

/// Whether the visitor cannot see the page (another tab, a minimised window).
pub fn page_hidden() -> bool {
    document().hidden()
}

/// Copies `text` to the clipboard. `false` where the browser does not allow
/// it (no Clipboard API outside secure contexts, or permission refused).
pub async fn copy_to_clipboard(text: &str) -> bool {
    let navigator = window().navigator();
    let clipboard = Reflect::get(&navigator, &"clipboard".into()).unwrap_or(JsValue::UNDEFINED);
    if clipboard.is_undefined() || clipboard.is_null() {
        return false;
    }
    let clipboard: web_sys::Clipboard = clipboard.unchecked_into();
    wasm_bindgen_futures::JsFuture::from(clipboard.write_text(text))
        .await
        .is_ok()
}

/// Whether the browser has a share sheet (`navigator.share`).
pub fn can_share() -> bool {
    // The server cannot tell: it draws the buttons every browser has.
    if cfg!(not(target_arch = "wasm32")) {
        return false;
    }
    Reflect::get(&window().navigator(), &"share".into())
        .map(|share| share.is_function())
        .unwrap_or(false)
}

/// Opens the browser's share sheet. Closing it without sharing is not an
/// error worth showing.
pub async fn share(title: &str, text: &str, url: &str) {
    let navigator = window().navigator();
    let Ok(share) = Reflect::get(&navigator, &"share".into()).map(JsCast::unchecked_into::<Function>) else {
        return;
    };
    let data = Object::new();
    let _ = Reflect::set(&data, &"title".into(), &title.into());
    let _ = Reflect::set(&data, &"text".into(), &text.into());
    let _ = Reflect::set(&data, &"url".into(), &url.into());
    if let Ok(promise) = share.call1(&navigator, &data) {
        let _ = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(promise)).await;
    }
}

/// Opens `url` in a new tab that cannot reach back to this page.
pub fn open_in_new_tab(url: &str) {
    let _ = window().open_with_url_and_target_and_features(url, "_blank", "noopener,noreferrer");
}

/// Sends the browser to `url`, a page of the payment provider's or of
/// ours, answering whether it is on its way. Only a web address is
/// followed: a `javascript:` one from a tampered answer never is.
pub fn leave_for(url: &str) -> bool {
    let web =
        url.starts_with("https://") || url.starts_with("http://") || (url.starts_with('/') && !url.starts_with("//"));
    web && window().location().assign(url).is_ok()
}

/// Loads the page again from the server, which draws it for the session
/// as it is now (a stronger one, say).
pub fn reload_page() {
    let _ = window().location().reload();
}

/// A fresh random UUID from the browser (`crypto.randomUUID()`), used as an
/// idempotency key.
#[cfg(target_arch = "wasm32")]
pub fn random_uuid() -> String {
    let crypto = window().crypto().ok();
    // `randomUUID` exists only in secure contexts (https, or localhost);
    // calling it elsewhere would throw.
    match crypto.filter(|crypto| js_sys::Reflect::has(crypto, &JsValue::from_str("randomUUID")).unwrap_or(false)) {
        Some(crypto) => crypto.random_uuid(),
        // The time and a random number still make a key unique enough for
        // one visitor's retries.
        None => format!("k{}-{}", Date::now() as u64, (js_sys::Math::random() * 1e15) as u64),
    }
}

/// The server's: a form drawn there posts its key with it.
#[cfg(not(target_arch = "wasm32"))]
pub fn random_uuid() -> String {
    format!("{:032x}", rand::random::<u128>())
}

/// Escapes `text` for a query string as `encodeURIComponent` does.
pub fn encode_uri_component(text: &str) -> String {
    #[cfg(target_arch = "wasm32")]
    let encoded = String::from(js_sys::encode_uri_component(text));
    #[cfg(not(target_arch = "wasm32"))]
    let encoded = {
        use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
        // What `encodeURIComponent` leaves as it is.
        const KEPT: &AsciiSet = &NON_ALPHANUMERIC
            .remove(b'-')
            .remove(b'_')
            .remove(b'.')
            .remove(b'!')
            .remove(b'~')
            .remove(b'*')
            .remove(b'\'')
            .remove(b'(')
            .remove(b')');
        utf8_percent_encode(text, KEPT).to_string()
    };
    encoded
}

/// The current year on the visitor's clock, for the copyright line.
pub fn current_year() -> u32 {
    if cfg!(target_arch = "wasm32") {
        Date::new_0().get_full_year()
    } else {
        crate::first_page::server_page().today.0 as u32
    }
}

/// Today in UTC (year, month, day), as the API reads days: the browser's
/// clock, or the server's while it draws the page.
pub fn today_utc() -> (i32, u32, u32) {
    if cfg!(target_arch = "wasm32") {
        let now = Date::new_0();
        (
            now.get_utc_full_year() as i32,
            now.get_utc_month() + 1,
            now.get_utc_date(),
        )
    } else {
        crate::first_page::server_page().today
    }
}

/// Sets `<html lang>` so assistive technology reads the page in its language.
pub fn set_html_lang(locale: Locale) {
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute("lang", locale.as_str());
        let _ = root.set_attribute("dir", locale.dir());
    }
}

/// Moves focus to a heading as soon as it is on screen: for a result that
/// replaces the form the visitor was using (check your inbox, thank you).
pub fn focus_when_shown(heading: NodeRef<H2>) {
    Effect::new(move || {
        if let Some(heading) = heading.get() {
            request_animation_frame(move || {
                let _ = heading.focus();
            });
        }
    });
}

/// Moves keyboard focus to the element with this id, if it can take focus.
pub fn focus_element(id: &str) {
    if let Some(element) = document().get_element_by_id(id)
        && let Ok(element) = element.dyn_into::<web_sys::HtmlElement>()
    {
        let _ = element.focus();
    }
}

thread_local! {
    static DOCUMENT_PATH: std::cell::OnceCell<String> = const { std::cell::OnceCell::new() };
}

/// Notes the path the server answered with this document, before the router
/// moves anywhere.
pub fn remember_document_path() {
    let path = window().location().pathname().unwrap_or_default();
    DOCUMENT_PATH.with(|cell| {
        let _ = cell.set(path);
    });
}

/// Whether this document was loaded at `path`. Also true when nothing was
/// noted (component tests), which never reload.
pub fn document_loaded_at(path: &str) -> bool {
    DOCUMENT_PATH.with(|cell| cell.get().is_none_or(|loaded| loaded == path))
}
