//! Writing to the organisation (correspondence): the contact form the SPA
//! sends and the checked message the server keeps for staff.

use serde::{Deserialize, Serialize};

use crate::field::bounded_text;
use crate::{Email, FieldError, FieldErrors, IdempotencyKey, Locale, PersonName};

pub const SUBJECT_MAX: usize = 150;
pub const MESSAGE_MIN: usize = 10;
/// As a problem report's: 4,000 characters fit the API's 16 KiB body in any script.
pub const MESSAGE_MAX: usize = 4000;

/// The contact page's form, as its posted outcome names it
/// (`form_post::FormPost::form`).
pub const CONTACT_FORM_ID: &str = "contact";

/// `POST /api/contact-messages`, as typed by the visitor.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContactRequest {
    pub idempotency_key: String,
    pub locale: Option<Locale>,
    pub name: String,
    pub email: String,
    pub subject: String,
    pub message: String,
    /// A field hidden from people; automated senders fill it in.
    #[serde(default)]
    pub website: String,
}

/// A message whose every field has been checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactMessage {
    pub idempotency_key: IdempotencyKey,
    pub locale: Locale,
    pub name: PersonName,
    pub email: Email,
    pub subject: String,
    pub message: String,
}

/// `201` answer: a reference the sender can quote when they write again.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactReceipt {
    pub reference: String,
}

/// `GET /api/staff/contact-messages`: a message as staff read it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceivedMessage {
    pub reference: String,
    pub locale: Locale,
    pub name: String,
    pub email: String,
    pub subject: String,
    pub message: String,
    /// RFC 3339, UTC.
    pub received_at: String,
}

/// How many messages one page of the staff list holds.
pub const RECEIVED_PAGE_SIZE: i64 = 50;

impl ContactRequest {
    /// Checks every field and returns all refusals at once.
    pub fn validate(&self) -> Result<ContactMessage, FieldErrors> {
        let mut errors = FieldErrors::new();
        let mut refuse = |field: &str, error: FieldError| {
            errors.insert(field.to_owned(), error);
        };
        let idempotency_key = IdempotencyKey::parse(&self.idempotency_key)
            .map_err(|e| refuse("idempotency_key", e))
            .ok();
        let locale = self
            .locale
            .ok_or(FieldError::Required)
            .map_err(|e| refuse("locale", e))
            .ok();
        let name = PersonName::parse(&self.name).map_err(|e| refuse("name", e)).ok();
        let email = Email::parse(&self.email).map_err(|e| refuse("email", e)).ok();
        let subject = parse_subject(&self.subject).map_err(|e| refuse("subject", e)).ok();
        let message = bounded_text(&self.message, MESSAGE_MIN, MESSAGE_MAX)
            .map_err(|e| refuse("message", e))
            .ok();
        match (idempotency_key, locale, name, email, subject, message) {
            (Some(idempotency_key), Some(locale), Some(name), Some(email), Some(subject), Some(message))
                if errors.is_empty() =>
            {
                Ok(ContactMessage {
                    idempotency_key,
                    locale,
                    name,
                    email,
                    subject,
                    message,
                })
            }
            _ => Err(errors),
        }
    }

    /// Whether the hidden honeypot field was filled in.
    pub fn looks_automated(&self) -> bool {
        !self.website.trim().is_empty()
    }
}

/// Checks the subject on its own, for feedback while typing.
pub fn check_subject(input: &str) -> Option<FieldError> {
    parse_subject(input).err()
}

/// Checks the message on its own.
pub fn check_message(input: &str) -> Option<FieldError> {
    bounded_text(input, MESSAGE_MIN, MESSAGE_MAX).err()
}

/// One line: it becomes the subject of the copy staff receive.
fn parse_subject(input: &str) -> Result<String, FieldError> {
    let subject = bounded_text(input, 1, SUBJECT_MAX)?;
    match subject.contains(['\n', '\r', '\t']) {
        true => Err(FieldError::Invalid),
        false => Ok(subject),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request() -> ContactRequest {
        ContactRequest {
            idempotency_key: "3f1e9c1a-2b4d-4e6f-8a9b-0c1d2e3f4a5b".into(),
            locale: Some(Locale::Fr),
            name: " Ana López ".into(),
            email: "Ana@Example.ORG".into(),
            subject: "Partnership".into(),
            message: "We would like to join the alliance.".into(),
            website: String::new(),
        }
    }

    #[test]
    fn a_filled_in_form_is_taken_trimmed() {
        let message = request().validate().expect("valid");
        assert_eq!(message.name.as_str(), "Ana López");
        assert_eq!(message.email.as_str(), "Ana@example.org");
        assert_eq!(message.locale, Locale::Fr);
    }

    #[test]
    fn every_wrong_field_is_named_at_once() {
        let errors = ContactRequest {
            idempotency_key: String::new(),
            locale: None,
            name: String::new(),
            email: "ana@".into(),
            subject: "x".repeat(SUBJECT_MAX + 1),
            message: "short".into(),
            website: String::new(),
        }
        .validate()
        .unwrap_err();
        assert_eq!(errors.get("name"), Some(&FieldError::Required));
        assert_eq!(errors.get("email"), Some(&FieldError::Invalid));
        assert_eq!(errors.get("subject"), Some(&FieldError::TooLong));
        assert_eq!(errors.get("message"), Some(&FieldError::TooShort));
        assert!(errors.contains_key("locale") && errors.contains_key("idempotency_key"));
    }

    #[test]
    fn a_subject_is_one_line_since_it_becomes_a_mail_header() {
        assert_eq!(
            check_subject("Hello\r\nBcc: everyone@example.org"),
            Some(FieldError::Invalid)
        );
        assert_eq!(check_subject("Hello"), None);
        assert_eq!(check_message(&"a".repeat(MESSAGE_MAX + 1)), Some(FieldError::TooLong));
        assert_eq!(check_message("Line one\nline two"), None);
    }
}
