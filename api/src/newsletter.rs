//! The newsletter: sign-up with double opt-in, and unsubscribing in one
//! click from any issue. Links carry signed tokens (`n.` to confirm, `u.` to
//! unsubscribe) that the pages send back in a `petition::TokenRequest` body.

use serde::{Deserialize, Serialize};

use crate::{Email, FieldError, FieldErrors, IdempotencyKey, Locale};

/// `POST /api/newsletter/subscriptions` (sign up) and
/// `POST /api/newsletter/unsubscribe-links` (send me an unsubscribe link).
/// Both answer `202 {"status":"check_inbox"}` whatever the address, so
/// nobody learns who is subscribed; the e-mail says what happened.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AddressRequest {
    pub idempotency_key: String,
    pub locale: Option<Locale>,
    pub email: String,
    /// A field hidden from people; automated senders fill it in.
    #[serde(default)]
    pub website: String,
}

/// The address form as the browser posts it by itself (see `form_post`).
pub type AddressFormPost = crate::form_post::FormPost<AddressRequest>;

/// An address request whose fields have been checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedAddress {
    pub idempotency_key: IdempotencyKey,
    pub locale: Locale,
    pub email: Email,
}

impl AddressRequest {
    pub fn validate(&self) -> Result<CheckedAddress, FieldErrors> {
        let mut errors = FieldErrors::new();
        let idempotency_key = IdempotencyKey::parse(&self.idempotency_key)
            .map_err(|e| errors.insert("idempotency_key".to_owned(), e))
            .ok();
        let locale = self
            .locale
            .ok_or(FieldError::Required)
            .map_err(|e| errors.insert("locale".to_owned(), e))
            .ok();
        let email = Email::parse(&self.email)
            .map_err(|e| errors.insert("email".to_owned(), e))
            .ok();
        match (idempotency_key, locale, email) {
            (Some(idempotency_key), Some(locale), Some(email)) if errors.is_empty() => Ok(CheckedAddress {
                idempotency_key,
                locale,
                email,
            }),
            _ => Err(errors),
        }
    }

    /// Whether the hidden honeypot field was filled in.
    pub fn looks_automated(&self) -> bool {
        !self.website.trim().is_empty()
    }
}

/// The `202` answer to an address request.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum AddressReceipt {
    CheckInbox,
}

/// Where an address stands on the list.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubscriptionState {
    /// Signed up, address not yet confirmed: receives nothing.
    Pending,
    Subscribed,
    /// Receives nothing more.
    Unsubscribed,
}

/// The answer to confirming, unsubscribing or undoing with a token: the
/// state after the action, and the address partly hidden (a forwarded
/// e-mail's link should not show the whole address to someone else).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubscriptionStatus {
    pub state: SubscriptionState,
    /// `a•••@example.org`
    pub email_hint: String,
    pub locale: Locale,
}

/// `ana.lopez@example.org` -> `a•••@example.org`.
pub fn email_hint(email: &Email) -> String {
    let (local, domain) = email
        .as_str()
        .rsplit_once('@')
        .expect("a parsed address has an at sign");
    let first: String = local.chars().take(1).collect();
    format!("{first}\u{2022}\u{2022}\u{2022}@{domain}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_complete_request_is_checked() {
        let request = AddressRequest {
            idempotency_key: "3f2b8c1e-4d5a-4b6c-8d7e-9f0a1b2c3d4e".into(),
            locale: Some(Locale::Es),
            email: " Ana@Example.ORG ".into(),
            website: String::new(),
        };
        let checked = request.validate().unwrap();
        assert_eq!(checked.email.as_str(), "Ana@example.org");
        assert_eq!(checked.locale, Locale::Es);
        assert!(!request.looks_automated());
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let errors = AddressRequest::default().validate().unwrap_err();
        assert_eq!(errors.get("idempotency_key"), Some(&FieldError::Required));
        assert_eq!(errors.get("locale"), Some(&FieldError::Required));
        assert_eq!(errors.get("email"), Some(&FieldError::Required));
    }

    #[test]
    fn the_hint_hides_all_but_the_first_letter_and_the_domain() {
        let email = Email::parse("ana.lopez@example.org").unwrap();
        assert_eq!(email_hint(&email), "a\u{2022}\u{2022}\u{2022}@example.org");
    }

    #[test]
    fn the_receipt_is_the_same_shape_as_signing() {
        assert_eq!(
            serde_json::to_string(&AddressReceipt::CheckInbox).unwrap(),
            r#"{"status":"check_inbox"}"#
        );
    }
}
