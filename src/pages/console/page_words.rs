//! The console's words for written pages: a page's facts in the list, the
//! privacy policy's revision, what a save came to, and why a request did
//! not go through.

use civic_api::page_editing::{EditablePage, PageLine};
use civic_api::{ErrorCode, Locale, SiteRoute};
use leptos::prelude::*;

use crate::api::ApiError;
use crate::dates::format_date;
use crate::i18n::{self, td_string};
use crate::pages::console::texts::{ADDRESS, Said, refused_as};
use crate::ui_locale;

/// Where visitors read a page in English: `/` for the home page,
/// `/about` for the rest.
pub fn page_address(line: &PageLine) -> String {
    SiteRoute::content(Locale::DEFAULT, line.slug.as_str())
        .map(|route| route.path())
        .unwrap_or_default()
}

/// "Address: /about", "For members only", "Edited in the console": each
/// a fact of the list's line, the address in its own direction.
pub fn facts_view(ui: i18n::Locale, line: &PageLine) -> impl IntoView + use<> {
    let address = td_string!(ui, console.page_address, address = ADDRESS);
    let address = Said::with(address, &page_address(line)).into_view();
    let members_only = line
        .members_only
        .then(|| view! { <li>{td_string!(ui, console.page_members_only)}</li> });
    let edited = line
        .edited
        .then(|| view! { <li>{td_string!(ui, console.page_edited)}</li> });
    view! {
        <li>{address}</li>
        {members_only}
        {edited}
    }
}

/// "Revision 3, 1 December 2026.", for the privacy policy; nothing for
/// a page without revisions.
pub fn revision_line(locale: Locale, page: &EditablePage) -> Option<String> {
    let ui = ui_locale(locale);
    let revision = page.revision?;
    let date = page.updated.as_deref().and_then(|day| format_date(locale, day));
    Some(match date {
        Some(date) => td_string!(ui, console.page_revision, revision = revision, date = &date),
        None => td_string!(ui, console.page_revision_undated, revision = revision),
    })
}

/// What a save came to: "Saved.", or for a new revision of the privacy
/// policy its number and what it does to returning visitors.
pub fn saved_words(ui: i18n::Locale, saved: &EditablePage, new_revision: bool) -> String {
    match (new_revision, saved.revision) {
        (true, Some(revision)) => td_string!(ui, console.page_saved_revision, revision = revision),
        _ => td_string!(ui, console.page_saved).to_owned(),
    }
}

/// A refusal that sending again would not help (the session ended, the
/// page is gone): said without a retry.
pub fn refusal(ui: i18n::Locale, error: &ApiError) -> Option<&'static str> {
    refused_as(ui, error, td_string!(ui, console.page_gone))
}

/// Why a request about a page did not go through (a conflict and refused
/// fields are the caller's to say).
pub fn page_failure(ui: i18n::Locale, error: &ApiError) -> &'static str {
    if let Some(refused) = refusal(ui, error) {
        return refused;
    }
    match error {
        ApiError::Network => td_string!(ui, console.failed_network),
        ApiError::Server(body) if body.code == ErrorCode::RateLimited => td_string!(ui, console.failed_rate_limited),
        ApiError::Server(body) if body.code == ErrorCode::Validation => td_string!(ui, console.petition_invalid),
        _ => td_string!(ui, console.failed_server),
    }
}
