//! Small wrappers over browser APIs that several pages use.

use civic_api::Locale;
use civic_api::site::document_title;
use js_sys::{Array, Date, Intl};
use leptos::html::H1;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use crate::components::site_context::use_site;

/// Keeps `<title>` and the description that the server wrote into the page
/// in step with the page shown. The existing `<meta>` is updated rather than
/// a new one added, so crawlers and tests never see two.
pub fn set_document_meta(title: &str, description: Option<&str>) {
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

/// Formats an ISO date (`2026-11-29`) the way the language writes dates,
/// e.g. "29 novembre 2026". `None` for a malformed date.
pub fn format_date(locale: Locale, iso_date: &str) -> Option<String> {
    let date = Date::new(&JsValue::from_str(iso_date));
    if date.get_time().is_nan() {
        return None;
    }
    let options = Intl::DateTimeFormatOptions::new();
    options.set_date_style(Intl::DateTimeStyle::Long);
    // A bare ISO date is read as midnight UTC: format it in UTC too, or
    // visitors west of Greenwich would see the day before.
    options.set_time_zone("UTC");
    // The regional form the site writes in (en-GB: "29 November 2026").
    let locales = Array::of1(&JsValue::from_str(&locale.og_locale().replace('_', "-")));
    let format = Intl::DateTimeFormat::new(&locales, options.unchecked_ref());
    format.format().call1(&JsValue::UNDEFINED, &date).ok()?.as_string()
}

/// A fresh random UUID from the browser (`crypto.randomUUID()`), used as an
/// idempotency key.
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

/// The current year on the visitor's clock, for the copyright line.
pub fn current_year() -> u32 {
    Date::new_0().get_full_year()
}

/// Sets `<html lang>` so assistive technology reads the page in its language.
pub fn set_html_lang(locale: Locale) {
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute("lang", locale.as_str());
    }
}

/// Moves keyboard focus to the element with this id, if it can take focus.
pub fn focus_element(id: &str) {
    if let Some(element) = document().get_element_by_id(id)
        && let Ok(element) = element.dyn_into::<web_sys::HtmlElement>()
    {
        let _ = element.focus();
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use civic_api::Locale;
    use wasm_bindgen_test::*;

    use super::format_date;

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    fn revision_dates_are_written_the_way_each_language_writes_them() {
        assert_eq!(
            format_date(Locale::En, "2026-11-29").as_deref(),
            Some("29 November 2026")
        );
        assert_eq!(
            format_date(Locale::Fr, "2026-11-29").as_deref(),
            Some("29 novembre 2026")
        );
        assert_eq!(
            format_date(Locale::Es, "2026-11-29").as_deref(),
            Some("29 de noviembre de 2026")
        );
        assert_eq!(format_date(Locale::En, "not a date"), None);
    }
}
