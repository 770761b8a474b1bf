//! The console's words for surveys: who may answer, where a survey
//! stands, counts in each language's grammatical number, and why a
//! request did not go through.

use civic_api::survey::Limit;
use civic_api::survey_editing::EditableSurvey;
use civic_api::{ErrorCode, Locale};
use leptos::prelude::*;

use crate::api::ApiError;
use crate::form_kit::FailureTexts;
use crate::i18n::{self, td_string};
use crate::numbers::format_number;
use crate::pages::console::texts::refused_as;
use crate::plural::is_singular;

/// Who may answer, as the builder's `<select>` offers it.
pub fn limit_choice(ui: i18n::Locale, limit: Limit) -> &'static str {
    match limit {
        Limit::Anonymous => td_string!(ui, console.survey_limit_anonymous),
        Limit::Email => td_string!(ui, console.survey_limit_email),
        Limit::Invitation => td_string!(ui, console.survey_limit_invitation),
    }
}

/// Who may answer, in a line of the list.
pub fn limit_short(ui: i18n::Locale, limit: Limit) -> &'static str {
    match limit {
        Limit::Anonymous => td_string!(ui, console.survey_limit_anonymous_short),
        Limit::Email => td_string!(ui, console.survey_limit_email_short),
        Limit::Invitation => td_string!(ui, console.survey_limit_invitation_short),
    }
}

/// "Open" or "Closed".
pub fn state_name(ui: i18n::Locale, closed: bool) -> &'static str {
    match closed {
        true => td_string!(ui, console.survey_closed),
        false => td_string!(ui, console.survey_open),
    }
}

/// "Public" or "Private", for the results.
pub fn results_name(ui: i18n::Locale, public: bool) -> &'static str {
    match public {
        true => td_string!(ui, console.survey_results_public),
        false => td_string!(ui, console.survey_results_private),
    }
}

/// Which count sentence: each has a singular and a plural.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Count {
    /// "12 responses counted."
    Responses,
    /// "12 people have answered this survey, so only its wording…"
    Locked,
    /// "Invited 12 people."
    Invited,
}

pub fn count_text(ui: i18n::Locale, what: Count, count: u64) -> String {
    let number = format_number(ui, count);
    match (what, is_singular(ui, count)) {
        (Count::Responses, true) => td_string!(ui, console.survey_responses_one, count = number),
        (Count::Responses, false) => td_string!(ui, console.survey_responses_other, count = number),
        (Count::Locked, true) => td_string!(ui, console.survey_locked_one, count = number),
        (Count::Locked, false) => td_string!(ui, console.survey_locked_other, count = number),
        (Count::Invited, true) => td_string!(ui, console.survey_invited_one, count = number),
        (Count::Invited, false) => td_string!(ui, console.survey_invited_other, count = number),
    }
}

/// The English title, which names a survey in the console.
pub fn english_title(survey: &EditableSurvey) -> String {
    survey
        .translations
        .iter()
        .find(|translation| translation.locale == Locale::DEFAULT)
        .map(|translation| translation.title.clone())
        .unwrap_or_default()
}

/// Why a save was not taken, for the builder's alert.
pub fn failure_texts(ui: i18n::Locale) -> FailureTexts {
    FailureTexts {
        invalid: td_string!(ui, console.survey_invalid),
        network: td_string!(ui, console.failed_network),
        rate_limited: td_string!(ui, console.failed_rate_limited),
        server: td_string!(ui, console.failed_server),
    }
}

/// A refusal that sending again would not help (the session ended, the
/// survey is gone): said without a retry.
pub fn refusal(ui: i18n::Locale, error: &ApiError) -> Option<&'static str> {
    refused_as(ui, error, td_string!(ui, console.survey_gone))
}

/// Why a request about a survey did not go through (a conflict and
/// refused fields are the caller's to say).
pub fn survey_failure(ui: i18n::Locale, error: &ApiError) -> &'static str {
    if let Some(refused) = refusal(ui, error) {
        return refused;
    }
    match error {
        ApiError::Network => td_string!(ui, console.failed_network),
        ApiError::Server(body) if body.code == ErrorCode::RateLimited => td_string!(ui, console.failed_rate_limited),
        _ => td_string!(ui, console.failed_server),
    }
}

/// "English, Français": each language named in itself, joined as the
/// page's language joins words.
pub fn languages_view(ui: i18n::Locale, languages: &[Locale]) -> impl IntoView + use<> {
    let separator = td_string!(ui, console.petition_language_separator);
    languages
        .iter()
        .enumerate()
        .map(|(at, locale)| {
            view! {
                {(at > 0).then_some(separator)}
                <span lang=locale.as_str() dir=locale.dir()>
                    {locale.native_name()}
                </span>
            }
        })
        .collect_view()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_take_the_form_their_number_asks_for() {
        assert_eq!(count_text(Locale::En, Count::Invited, 1), "Invited 1 person.");
        assert_eq!(count_text(Locale::En, Count::Invited, 1200), "Invited 1,200 people.");
        assert_eq!(count_text(Locale::En, Count::Responses, 0), "0 responses counted.");
        assert_eq!(count_text(Locale::Fr, Count::Responses, 0), "0 réponse comptée.");
    }
}
