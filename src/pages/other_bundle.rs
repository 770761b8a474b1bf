//! A page of the other wasm bundle, or in another language than the one
//! the app was loaded with. Loading its address afresh lets the server
//! answer with the bundle that shows it and that language's strings.

use std::time::Duration;

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::browser::document_loaded_at;
use crate::i18n::{t_string, use_i18n};
use crate::pages::not_found::NotFound;

#[component]
pub fn OtherBundle() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let path = location.pathname.get_untracked();
    // The server chose this bundle for this very address, so the other one
    // does not show it either: loading it again would only loop.
    if document_loaded_at(&path) {
        return view! { <NotFound /> }.into_any();
    }
    let search = location.search.get_untracked();
    let search = search.trim_start_matches('?');
    let hash = location.hash.get_untracked();
    let hash = hash.trim_start_matches('#');
    let address = format!(
        "{path}{}{search}{}{hash}",
        if search.is_empty() { "" } else { "?" },
        if hash.is_empty() { "" } else { "#" },
    );
    // The router writes the new address into the history only after it has
    // drawn this page; loading before that would lose the visitor's place
    // in their history.
    set_timeout(
        move || {
            let browser = window().location();
            if browser.pathname().is_ok_and(|shown| shown == path) {
                let _ = browser.reload();
            } else {
                let _ = browser.assign(&address);
            }
        },
        Duration::ZERO,
    );
    view! {
        <p class="loading" role="status">
            {move || t_string!(i18n, page.loading)}
        </p>
    }
    .into_any()
}
