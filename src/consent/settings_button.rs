//! "Cookie settings": reopens the banner's settings from anywhere, and
//! takes the focus back once the visitor is done.

use std::cell::RefCell;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::site_context::use_site;
use crate::consent::state::use_consent;
use crate::i18n::td_string;
use crate::ui_locale;

thread_local! {
    /// The button that opened the settings, to return to when they close.
    static OPENER: RefCell<Option<web_sys::HtmlElement>> = const { RefCell::new(None) };
}

/// Gives the focus back to the button that opened the settings, if it is
/// still on the page.
pub fn return_focus() {
    if let Some(opener) = OPENER.with(|opener| opener.borrow_mut().take())
        && opener.is_connected()
    {
        let _ = opener.focus();
    }
}

/// Marks the button in the page, for a page drawn without the app.
#[cfg(target_arch = "wasm32")]
pub const MARKER: &str = "data-cookie-settings";

#[component]
pub fn CookieSettingsButton(#[prop(optional, into)] class: String) -> impl IntoView {
    let consent = use_consent();
    let site = use_site();
    let open = move |event: leptos::ev::MouseEvent| {
        let opener = event.current_target().and_then(|target| target.dyn_into().ok());
        OPENER.with(|slot| *slot.borrow_mut() = opener);
        consent.reopened.set(true);
    };
    view! {
        <button type="button" class=class data-cookie-settings="" on:click=open>
            {move || td_string!(ui_locale(site.locale.get()), consent.cookie_settings)}
        </button>
    }
}
