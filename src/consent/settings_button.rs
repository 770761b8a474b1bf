//! "Cookie settings": reopens the banner's settings from anywhere, and
//! takes the focus back once the visitor is done. Where no app runs, it
//! asks the server for the page with the settings open.

use std::cell::RefCell;

use civic_api::consent::SETTINGS_PARAM;
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

#[component]
pub fn CookieSettingsButton(#[prop(optional, into)] class: String) -> impl IntoView {
    let consent = use_consent();
    let site = use_site();
    let open = move |event: leptos::ev::MouseEvent| {
        event.prevent_default();
        let opener = event.current_target().and_then(|target| target.dyn_into().ok());
        OPENER.with(|slot| *slot.borrow_mut() = opener);
        consent.reopened.set(true);
    };
    // Without the app, asks for this page again with the settings open
    // (`data-plain`: reaching for it starts no app).
    view! {
        <form method="get" class="cookie-settings-form" data-plain>
            <button type="submit" name=SETTINGS_PARAM value="open" class=class on:click=open>
                {move || td_string!(ui_locale(site.locale.get()), consent.cookie_settings)}
            </button>
        </form>
    }
}
