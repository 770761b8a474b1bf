//! What the site may remember for the visitor, and only with their consent
//! to "preferences": the language they chose and the signed link that
//! recognises them on petition pages.

use civic_api::consent::{Category, StorageItem};
use civic_api::{Locale, SiteRoute};
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;

use crate::consent::state::Consent;
use crate::consent::storage;

/// Only person tokens (`p.`) recognise a member; anything else is refused.
const MEMBER_TOKEN_PREFIX: &str = "p.";

#[derive(Debug, Clone, Copy)]
pub struct Preferences(Option<Consent>);

/// Read where the component is set up: event handlers have no context.
pub fn use_preferences() -> Preferences {
    Preferences(use_context::<Consent>())
}

impl Preferences {
    fn allowed(self) -> bool {
        self.0.is_some_and(|consent| consent.allows_now(Category::Preferences))
    }

    pub fn remember_language(self, locale: Locale) {
        if self.allowed() {
            storage::write(StorageItem::Language, locale.as_str());
        }
    }

    pub fn language(self) -> Option<Locale> {
        self.allowed()
            .then(|| storage::read(StorageItem::Language))
            .flatten()
            .and_then(|text| Locale::parse(&text).ok())
    }

    pub fn remember_member(self, token: &str) {
        if self.allowed() && token.starts_with(MEMBER_TOKEN_PREFIX) {
            storage::write(StorageItem::Member, token);
        }
    }

    pub fn member(self) -> Option<String> {
        self.allowed()
            .then(|| storage::read(StorageItem::Member))
            .flatten()
            .filter(|token| token.starts_with(MEMBER_TOKEN_PREFIX))
    }

    /// "Not you?", or a remembered link the server no longer accepts.
    pub fn forget_member(self) {
        storage::remove(StorageItem::Member);
    }
}

/// A visitor who chose another language and comes back to the English home
/// page (`/`, where links without a language lead) lands on their own.
pub fn return_to_language() {
    let Some(target) = language_home() else {
        return;
    };
    // Before the page is drawn, so the English home page is never fetched.
    let options = NavigateOptions {
        replace: true,
        ..NavigateOptions::default()
    };
    use_navigate()(&target, options);
}

/// Where a visitor at `/` who chose another language belongs: their own
/// home page, with the same query.
pub fn language_home() -> Option<String> {
    if cfg!(not(target_arch = "wasm32")) {
        return None;
    }
    let location = window().location();
    if location.pathname().as_deref() != Ok("/") {
        return None;
    }
    let locale = use_preferences().language().filter(|locale| *locale != Locale::En)?;
    Some(format!(
        "{}{}",
        SiteRoute::home(locale).path(),
        location.search().unwrap_or_default()
    ))
}
