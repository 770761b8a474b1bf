//! The console's words for petitions: their states, the languages they
//! lack, what is wrong with a field, and why a request did not go through.

use civic_api::petition_editing::PetitionStatus;
use civic_api::{ErrorCode, FieldError, Locale};
use leptos::prelude::*;

use crate::api::ApiError;
use crate::form_kit::FailureTexts;
use crate::i18n::{self, td_string};
use crate::numbers::format_number;
use crate::pages::console::texts::ADDRESS;
use crate::pages::console::texts::refused_as;
use crate::plural::is_singular;

/// A petition's state on its own: "Draft", "Open", "Closed".
pub fn status_name(ui: i18n::Locale, status: PetitionStatus) -> &'static str {
    match status {
        PetitionStatus::Draft => td_string!(ui, console.petition_status_draft),
        PetitionStatus::Open => td_string!(ui, console.petition_status_open),
        PetitionStatus::Closed => td_string!(ui, console.petition_status_closed),
    }
}

/// "Status: Draft".
pub fn status_line(ui: i18n::Locale, status: PetitionStatus) -> String {
    td_string!(ui, console.petition_status_line, status = status_name(ui, status))
}

/// "12 confirmed signatures".
pub fn count_line(ui: i18n::Locale, count: u64) -> String {
    let number = format_number(ui, count);
    match is_singular(ui, count) {
        true => td_string!(ui, console.petition_count_one, count = number),
        false => td_string!(ui, console.petition_count_other, count = number),
    }
}

/// A language's name in itself, marked as that language.
pub fn language_name(locale: Locale) -> impl IntoView + use<> {
    view! {
        <span lang=locale.as_str() dir=locale.dir()>
            {locale.native_name()}
        </span>
    }
}

/// "Missing: Français, Español", each name in its own language; nothing
/// when no language is missing.
pub fn missing_view(ui: i18n::Locale, missing: &[Locale]) -> Option<AnyView> {
    if missing.is_empty() {
        return None;
    }
    let separator = td_string!(ui, console.petition_language_separator);
    let names = missing
        .iter()
        .enumerate()
        .map(|(index, locale)| view! { {(index > 0).then_some(separator)} {language_name(*locale)} })
        .collect_view();
    Some(view! { {td_string!(ui, console.petition_missing_label)} " " {names} }.into_any())
}

/// A sentence whose `ADDRESS` is a petition's English title, marked as
/// English; `hidden`: the title is for screen readers only (a button that
/// reads "Edit" on screen and "Edit Clean air now" to them).
pub fn with_title(text: String, title: String, hidden: bool) -> AnyView {
    let class = hidden.then_some("visually-hidden");
    match text.split_once(ADDRESS) {
        Some((before, after)) => {
            let (before, after) = (before.to_owned(), after.to_owned());
            view! {
                {before}
                <span class=class lang="en" dir="ltr">
                    {title}
                </span>
                {after}
            }
            .into_any()
        }
        None => text.into_any(),
    }
}

/// The words for a text field's error: `max` its length limit, `english`
/// whether it must be filled (a translation may stay blank).
pub fn text_error(ui: i18n::Locale, error: FieldError, max: usize, english: bool) -> String {
    match error {
        FieldError::Required if english => td_string!(ui, console.petition_error_required).to_owned(),
        FieldError::Required => td_string!(ui, console.petition_error_required_translation).to_owned(),
        FieldError::TooLong => td_string!(ui, console.petition_error_too_long, max = max),
        _ => td_string!(ui, console.petition_error_invalid_text).to_owned(),
    }
}

pub fn slug_error(ui: i18n::Locale, error: FieldError) -> String {
    match error {
        FieldError::Required => td_string!(ui, console.petition_error_required).to_owned(),
        FieldError::TooLong => td_string!(ui, console.petition_error_too_long, max = civic_api::Slug::MAX_LEN),
        _ => td_string!(ui, console.petition_error_slug).to_owned(),
    }
}

pub fn goal_error(ui: i18n::Locale, _error: FieldError) -> String {
    let max = format_number(ui, civic_api::petition_editing::GOAL_MAX);
    td_string!(ui, console.petition_error_goal, max = max)
}

/// Why a petition form was not taken, for its alert.
pub fn failure_texts(ui: i18n::Locale) -> FailureTexts {
    FailureTexts {
        invalid: td_string!(ui, console.petition_invalid),
        network: td_string!(ui, console.failed_network),
        rate_limited: td_string!(ui, console.failed_rate_limited),
        server: td_string!(ui, console.failed_server),
    }
}

/// A refusal that sending again would not help (the session ended, the
/// petition is gone): said without a retry.
pub fn refusal(ui: i18n::Locale, error: &ApiError) -> Option<&'static str> {
    refused_as(ui, error, td_string!(ui, console.petition_gone))
}

/// Why a request about a petition did not go through (a conflict and
/// refused fields are the caller's to say).
pub fn petition_failure(ui: i18n::Locale, error: &ApiError) -> &'static str {
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

/// Whether the server refused an edit made from a version it no longer has.
pub fn is_conflict(error: &ApiError) -> bool {
    matches!(error, ApiError::Server(body) if body.code == ErrorCode::Conflict)
}
