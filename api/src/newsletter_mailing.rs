//! The newsletter's mailings, written and sent from the console: a subject
//! and a Markdown text per language (English needed; subscribers whose
//! language was left blank get the English), a test sent to oneself, then
//! sent to the list at once or at a set time. Every mail carries the
//! subscriber's own unsubscribe link and the RFC 8058 headers.
//!
//! What staff see of a sent mailing is in aggregate only: how many mails
//! were sent or failed, how many left the list from it, and how many times
//! it was opened per language, counted by one image address per mailing
//! and language, so an open never says who opened it.

use serde::{Deserialize, Serialize};

use crate::translated_text::{TranslatedText, check_translations};
use crate::{FieldErrors, IdempotencyKey, Locale};

pub const MAILING_SUBJECT_MAX: usize = 150;
/// Markdown; a newsletter is a few screens long.
pub const MAILING_BODY_MAX: usize = 30_000;
/// A mailing is scheduled at most this many days ahead.
pub const SCHEDULE_DAYS_MAX: i64 = 366;

/// Where a mailing stands.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MailingStatus {
    /// Being written: edited, test-sent, not yet for the list.
    Draft,
    /// Goes to the list at `send_at`; still editable, or back to a draft.
    Scheduled,
    /// Its mails are being queued.
    Sending,
    /// Queued for everyone on the list; no longer edited.
    Sent,
}

impl MailingStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            MailingStatus::Draft => "draft",
            MailingStatus::Scheduled => "scheduled",
            MailingStatus::Sending => "sending",
            MailingStatus::Sent => "sent",
        }
    }

    pub fn parse(text: &str) -> Option<MailingStatus> {
        [
            MailingStatus::Draft,
            MailingStatus::Scheduled,
            MailingStatus::Sending,
            MailingStatus::Sent,
        ]
        .into_iter()
        .find(|status| status.as_str() == text)
    }

    /// Whether its texts may still change.
    pub fn is_editable(self) -> bool {
        matches!(self, MailingStatus::Draft | MailingStatus::Scheduled)
    }
}

/// One language of a sent mailing.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LanguageFigures {
    /// The language the mails were written in (a subscriber whose language
    /// was not written got English, and counts there).
    pub locale: Locale,
    pub recipients: u64,
    /// How many times this language's image was fetched: every open of
    /// every mail, by anyone, counted together. Mail programs that block
    /// images are not counted, so this is a lower bound.
    pub opens: u64,
}

/// What became of a mailing's mails, in aggregate.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailingFigures {
    /// Mails queued for the list.
    pub recipients: u64,
    pub sent: u64,
    /// Given up after the outbox's retries.
    pub failed: u64,
    /// Still in the outbox.
    pub waiting: u64,
    /// Subscribers who left the list while this was the last mailing they
    /// had been sent.
    pub unsubscribes: u64,
    /// Per language written, in the site's order; empty before sending.
    pub languages: Vec<LanguageFigures>,
}

/// A mailing in the console's list.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailingLine {
    pub id: i64,
    /// The English subject.
    pub subject: String,
    pub status: MailingStatus,
    /// RFC 3339 UTC: when a scheduled mailing goes out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub send_at: Option<String>,
    /// RFC 3339 UTC: when its mails were queued.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sent_at: Option<String>,
    pub figures: MailingFigures,
}

/// `GET /api/staff/newsletter`: the mailings, newest first.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailingList {
    /// Confirmed subscribers now: who a mailing sent now would go to.
    pub subscribers: u64,
    pub mailings: Vec<MailingLine>,
}

/// `GET /api/staff/newsletter/{id}`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditableMailing {
    pub id: i64,
    pub version: i64,
    pub status: MailingStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub send_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sent_at: Option<String>,
    /// Every language in the site's order; a language not written is blank.
    pub texts: Vec<TranslatedText>,
    pub figures: MailingFigures,
    /// Confirmed subscribers now.
    pub subscribers: u64,
}

/// `POST /api/staff/newsletter` (a new draft, `version` 0) and
/// `PUT /api/staff/newsletter/{id}` (from `version`): the texts, `title`
/// being the subject.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MailingDraft {
    pub version: i64,
    pub texts: Vec<TranslatedText>,
    pub idempotency_key: String,
}

/// The checked texts of a mailing, English first, blanks left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedMailing {
    pub texts: Vec<TranslatedText>,
    pub idempotency_key: IdempotencyKey,
}

impl MailingDraft {
    /// As `check_translations` says; a subject is a mail header, so it
    /// holds no line break either (`texts.{locale}.title`, invalid).
    pub fn validate(&self) -> Result<CheckedMailing, FieldErrors> {
        let mut errors = FieldErrors::new();
        let key = IdempotencyKey::parse(&self.idempotency_key)
            .map_err(|error| errors.insert("idempotency_key".to_owned(), error))
            .ok();
        let texts = check_translations(&self.texts, MAILING_SUBJECT_MAX, MAILING_BODY_MAX, &mut errors);
        for text in &texts {
            if text.title.chars().any(char::is_control) {
                errors.insert(format!("texts.{}.title", text.locale), crate::FieldError::Invalid);
            }
        }
        match key {
            Some(idempotency_key) if errors.is_empty() => Ok(CheckedMailing { texts, idempotency_key }),
            _ => Err(errors),
        }
    }
}

/// `POST /api/staff/newsletter/{id}/tests`: the saved mailing, in one
/// language, to the signed-in staff member's own address. Its unsubscribe
/// link is shown but unsubscribes nobody.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MailingTest {
    pub locale: Locale,
    pub idempotency_key: String,
}

/// The answer to a test: where it went, in which language's text.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailingTestSent {
    pub to: String,
    /// The language written that the test used (English for a language
    /// left blank).
    pub locale: Locale,
}

/// `PUT /api/staff/newsletter/{id}/schedule`: send the version read at
/// `send_at` (RFC 3339 with an offset, in the future, at most
/// `SCHEDULE_DAYS_MAX` days ahead; refused as `send_at` invalid), or with
/// `send_at` absent take a scheduled mailing back to a draft.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MailingSchedule {
    pub version: i64,
    #[serde(default)]
    pub send_at: Option<String>,
    pub idempotency_key: String,
}

/// `POST /api/staff/newsletter/{id}/sending`: send the version read to the
/// list now.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MailingSend {
    pub version: i64,
    pub idempotency_key: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FieldError;

    fn draft(subject: &str) -> MailingDraft {
        MailingDraft {
            version: 0,
            texts: vec![
                TranslatedText {
                    locale: Locale::En,
                    title: subject.to_owned(),
                    body_markdown: "Hello.".to_owned(),
                },
                TranslatedText::empty(Locale::Fr),
            ],
            idempotency_key: "0b4e7c1e-4a5b-4c8e-9f00-112233445566".to_owned(),
        }
    }

    #[test]
    fn a_subject_is_one_line_and_blank_languages_fall_back() {
        let checked = draft(" December news ").validate().unwrap();
        assert_eq!(checked.texts.len(), 1);
        assert_eq!(checked.texts[0].title, "December news");
        let errors = draft("December\nBcc: all@example.org").validate().unwrap_err();
        assert_eq!(errors.get("texts.en.title"), Some(&FieldError::Invalid));
        let errors = draft(&"x".repeat(MAILING_SUBJECT_MAX + 1)).validate().unwrap_err();
        assert_eq!(errors.get("texts.en.title"), Some(&FieldError::TooLong));
    }

    #[test]
    fn statuses_read_back_and_only_unsent_ones_are_edited() {
        for status in [
            MailingStatus::Draft,
            MailingStatus::Scheduled,
            MailingStatus::Sending,
            MailingStatus::Sent,
        ] {
            assert_eq!(MailingStatus::parse(status.as_str()), Some(status));
        }
        assert_eq!(MailingStatus::parse("queued"), None);
        assert!(MailingStatus::Scheduled.is_editable());
        assert!(!MailingStatus::Sending.is_editable());
    }
}
