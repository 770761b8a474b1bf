//! Where the link that opens an account lands. The server opens it as it
//! draws the page (the link works without JavaScript); the app shows what
//! came of it, or sends the token itself after a move within the app.

use civic_api::{Locale, SiteRoute, Target};
use leptos::html::H1;
use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::browser::{focus_heading_after_navigation, set_document_meta};
use crate::components::link_token::{LinkToken, followed_or_new};
use crate::first_page;
use crate::i18n::td_string;
use crate::ui_locale;

#[component]
pub fn ConfirmAccountPage(locale: Locale) -> impl IntoView {
    let heading = NodeRef::<H1>::new();
    focus_heading_after_navigation(heading);
    let ui = ui_locale(locale);
    set_document_meta(
        td_string!(ui, confirm_account.title),
        Some(td_string!(ui, confirm_account.description)),
    );
    let (request, followed) = followed_or_new(first_page::take_account_opened());
    let base = StoredValue::new(api::api_base());
    let link = LinkToken::send_once(followed, move |token| {
        let base = base.get_value();
        request.send(async move { api::confirm_account(&base, &token).await });
    });
    let pending = request.pending();
    let path = |target| SiteRoute { locale, target }.path();
    let (sign_in, join) = (path(Target::SignIn), path(Target::Join));
    let body = move || {
        if link.missing() {
            return Err(());
        }
        match request.answer().get().filter(|_| !pending.get()) {
            None => Ok(None),
            Some(Ok(())) => Ok(Some(true)),
            Some(Err(ApiError::NotFound)) => Err(()),
            Some(Err(_)) => Ok(Some(false)),
        }
    };
    view! {
        <h1 tabindex="-1" node_ref=heading>
            {td_string!(ui, confirm_account.title)}
        </h1>
        <div role="status">
            {move || match body() {
                Ok(None) => view! { <p class="loading">{td_string!(ui, confirm_account.confirming)}</p> }.into_any(),
                Ok(Some(true)) => view! {
                    <p class="success">{td_string!(ui, confirm_account.confirmed)}</p>
                    <p><a href=sign_in.clone()>{td_string!(ui, confirm_account.sign_in_link)}</a></p>
                }
                .into_any(),
                Ok(Some(false)) => view! { <p>{td_string!(ui, confirm_account.error)}</p> }.into_any(),
                Err(()) => view! {
                    <p>{td_string!(ui, confirm_account.invalid)}</p>
                    <p><a href=join.clone()>{td_string!(ui, confirm_account.join_link)}</a></p>
                }
                .into_any(),
            }}
        </div>
    }
}
