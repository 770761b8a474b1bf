//! Where an account's e-mailed links land: the one that opens a new
//! account, and the one that moves an account to a new address. The server
//! follows the link as it draws the page (it works without JavaScript);
//! the app shows what came of it, or sends the token itself after a move
//! within the app.

use civic_api::{Locale, SiteRoute, Target};
use leptos::html::H1;
use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::browser::{focus_heading_after_navigation, set_document_meta};
use crate::components::link_token::{LinkToken, followed_or_new};
use crate::first_page;
use crate::i18n::td_string;
use crate::ui_locale;

/// Which link the page follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountLink {
    /// Opens a new account.
    Open,
    /// Moves an account to the address the link was sent to.
    MoveAddress,
}

/// What the page says, in the reader's language.
struct LinkTexts {
    title: &'static str,
    description: &'static str,
    following: &'static str,
    done: &'static str,
    next: &'static str,
    invalid: &'static str,
    again: &'static str,
    error: &'static str,
}

fn texts(ui: crate::i18n::Locale, link: AccountLink) -> LinkTexts {
    match link {
        AccountLink::Open => LinkTexts {
            title: td_string!(ui, confirm_account.title),
            description: td_string!(ui, confirm_account.description),
            following: td_string!(ui, confirm_account.confirming),
            done: td_string!(ui, confirm_account.confirmed),
            next: td_string!(ui, confirm_account.sign_in_link),
            invalid: td_string!(ui, confirm_account.invalid),
            again: td_string!(ui, confirm_account.join_link),
            error: td_string!(ui, confirm_account.error),
        },
        AccountLink::MoveAddress => LinkTexts {
            title: td_string!(ui, confirm_email.title),
            description: td_string!(ui, confirm_email.description),
            following: td_string!(ui, confirm_email.confirming),
            done: td_string!(ui, confirm_email.confirmed),
            next: td_string!(ui, confirm_email.account_link),
            invalid: td_string!(ui, confirm_email.invalid),
            again: td_string!(ui, confirm_email.account_link),
            error: td_string!(ui, confirm_email.error),
        },
    }
}

#[component]
pub fn ConfirmAccountPage(locale: Locale, link: AccountLink) -> impl IntoView {
    let heading = NodeRef::<H1>::new();
    focus_heading_after_navigation(heading);
    let texts = texts(ui_locale(locale), link);
    set_document_meta(texts.title, Some(texts.description));
    let (request, followed) = followed_or_new(first_page::take_account_link());
    let base = StoredValue::new(api::api_base());
    let token_link = LinkToken::send_once(followed, move |token| {
        let base = base.get_value();
        request.send(async move {
            match link {
                AccountLink::Open => api::confirm_account(&base, &token).await,
                AccountLink::MoveAddress => api::confirm_email(&base, &token).await,
            }
        });
    });
    let pending = request.pending();
    let path = |target| SiteRoute { locale, target }.path();
    let (next, again) = match link {
        AccountLink::Open => (path(Target::SignIn), path(Target::Join)),
        AccountLink::MoveAddress => (path(Target::Account), path(Target::Account)),
    };
    let body = move || {
        if token_link.missing() {
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
            {texts.title}
        </h1>
        <div role="status">
            {move || match body() {
                Ok(None) => view! { <p class="loading">{texts.following}</p> }.into_any(),
                Ok(Some(true)) => view! {
                    <p class="success">{texts.done}</p>
                    <p><a href=next.clone()>{texts.next}</a></p>
                }
                .into_any(),
                Ok(Some(false)) => view! { <p>{texts.error}</p> }.into_any(),
                Err(()) => view! {
                    <p>{texts.invalid}</p>
                    <p><a href=again.clone()>{texts.again}</a></p>
                }
                .into_any(),
            }}
        </div>
    }
}
