//! The console's words for the newsletter: counts of subscribers in each
//! language's grammatical number, where a mailing stands, what a test
//! came to, and why a request did not go through.

use civic_api::newsletter_mailing::{MailingStatus, MailingTestSent};
use civic_api::translated_text::TranslatedText;
use civic_api::{ErrorCode, FieldError, Locale};
use leptos::prelude::*;

use crate::api::ApiError;
use crate::i18n::{self, td_string};
use crate::numbers::format_number;
use crate::pages::console::mailing_time::local_time;
use crate::pages::console::petition_words::language_name;
use crate::pages::console::texts::{ADDRESS, refused_as};
use crate::plural::is_singular;

/// Each count sentence's two forms: singular and plural.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subscribers {
    /// "12 confirmed subscribers"
    Confirmed,
    /// "Send now to 12 subscribers", the first button.
    SendNow,
    /// "Send this mailing now to 12 subscribers? …", the question.
    Confirm,
    /// "Yes, send it to 12 subscribers", the button that sends.
    Yes,
    /// "On its way to 12 subscribers. …"
    OnItsWay,
}

/// `count` subscribers, as `what` says them.
pub fn subscribers(ui: i18n::Locale, what: Subscribers, count: u64) -> String {
    let number = format_number(ui, count);
    match (what, is_singular(ui, count)) {
        (Subscribers::Confirmed, true) => td_string!(ui, console.newsletter_subscribers_one, count = number),
        (Subscribers::Confirmed, false) => td_string!(ui, console.newsletter_subscribers_other, count = number),
        (Subscribers::SendNow, true) => td_string!(ui, console.mailing_send_now_one, count = number),
        (Subscribers::SendNow, false) => td_string!(ui, console.mailing_send_now_other, count = number),
        (Subscribers::Confirm, true) => td_string!(ui, console.mailing_send_confirm_one, count = number),
        (Subscribers::Confirm, false) => td_string!(ui, console.mailing_send_confirm_other, count = number),
        (Subscribers::Yes, true) => td_string!(ui, console.mailing_send_yes_one, count = number),
        (Subscribers::Yes, false) => td_string!(ui, console.mailing_send_yes_other, count = number),
        (Subscribers::OnItsWay, true) => td_string!(ui, console.mailing_sent_now_one, count = number),
        (Subscribers::OnItsWay, false) => td_string!(ui, console.mailing_sent_now_other, count = number),
    }
}

/// Where a mailing stands: "Draft", "Scheduled for 10 December 2026,
/// 09:30 (Europe/Paris)", "Sending", "Sent on …", in the visitor's time.
pub fn status_text(ui: i18n::Locale, status: MailingStatus, send_at: Option<&str>, sent_at: Option<&str>) -> String {
    match (status, send_at, sent_at) {
        (MailingStatus::Draft, _, _) => td_string!(ui, console.mailing_status_draft).to_owned(),
        (MailingStatus::Scheduled, Some(at), _) => {
            td_string!(ui, console.mailing_status_scheduled, time = local_time(ui, at))
        }
        (MailingStatus::Scheduled, None, _) => td_string!(ui, console.mailing_status_scheduled_undated).to_owned(),
        (MailingStatus::Sending, _, _) => td_string!(ui, console.mailing_status_sending).to_owned(),
        (MailingStatus::Sent, _, Some(at)) => td_string!(ui, console.mailing_status_sent, time = local_time(ui, at)),
        (MailingStatus::Sent, _, None) => td_string!(ui, console.mailing_status_sent_undated).to_owned(),
    }
}

/// The English subject, which names a mailing in the console.
pub fn english_subject(texts: &[TranslatedText]) -> String {
    texts
        .iter()
        .find(|text| text.locale == Locale::DEFAULT)
        .map(|text| text.title.clone())
        .unwrap_or_default()
}

/// Where a language goes in a sentence, until `test_sent_view` draws it.
const LANGUAGE: &str = "\u{2}";

/// "Test sent to ana@example.org in Français.": the address in its own
/// direction, the language named in itself.
pub fn test_sent_view(ui: i18n::Locale, sent: &MailingTestSent) -> AnyView {
    let text = td_string!(ui, console.mailing_test_sent, address = ADDRESS, language = LANGUAGE);
    let (before, rest) = text.split_once(ADDRESS).unwrap_or((text.as_str(), ""));
    let (between, after) = rest.split_once(LANGUAGE).unwrap_or((rest, ""));
    let (before, between, after) = (before.to_owned(), between.to_owned(), after.to_owned());
    let to = sent.to.clone();
    view! { {before} <bdi>{to}</bdi> {between} {language_name(sent.locale)} {after} }.into_any()
}

/// The words for a subject's error: English must be written, a
/// translation may be left blank as a whole; a subject is one line.
pub fn subject_error(ui: i18n::Locale, error: FieldError, max: usize, english: bool) -> String {
    match error {
        FieldError::Invalid => td_string!(ui, console.mailing_error_subject).to_owned(),
        _ => crate::pages::console::petition_words::text_error(ui, error, max, english),
    }
}

pub fn send_at_error(ui: i18n::Locale, error: FieldError) -> String {
    let days = civic_api::newsletter_mailing::SCHEDULE_DAYS_MAX;
    match error {
        FieldError::Required => td_string!(ui, console.mailing_error_send_at_required).to_owned(),
        _ => td_string!(ui, console.mailing_error_send_at, days = days),
    }
}

/// A refusal that sending again would not help (the session ended, the
/// mailing is gone): said without a retry.
pub fn refusal(ui: i18n::Locale, error: &ApiError) -> Option<&'static str> {
    refused_as(ui, error, td_string!(ui, console.mailing_gone))
}

/// Why a request about a mailing did not go through (a conflict and
/// refused fields are the caller's to say).
pub fn mailing_failure(ui: i18n::Locale, error: &ApiError) -> &'static str {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_of_subscribers_take_the_form_their_number_asks_for() {
        assert_eq!(
            subscribers(Locale::En, Subscribers::Confirmed, 1234),
            "1,234 confirmed subscribers"
        );
        assert_eq!(
            subscribers(Locale::En, Subscribers::SendNow, 1),
            "Send now to 1 subscriber"
        );
        assert_eq!(
            subscribers(Locale::En, Subscribers::Yes, 2),
            "Yes, send it to 2 subscribers"
        );
        assert_eq!(subscribers(Locale::Fr, Subscribers::Confirmed, 0), "0 abonné confirmé");
    }

    #[test]
    fn a_draft_and_a_mailing_on_its_way_need_no_time() {
        assert_eq!(status_text(Locale::En, MailingStatus::Draft, None, None), "Draft");
        assert_eq!(status_text(Locale::En, MailingStatus::Sending, None, None), "Sending");
        assert_eq!(status_text(Locale::Es, MailingStatus::Sent, None, None), "Enviado");
    }
}
