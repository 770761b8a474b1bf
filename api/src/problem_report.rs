//! Reporting a problem with the website: the form the SPA sends and the
//! checked report the server stores.

use serde::{Deserialize, Serialize};

use crate::field::bounded_text;
use crate::{Email, FieldError, FieldErrors, IdempotencyKey, Locale};

pub const DESCRIPTION_MIN: usize = 10;
pub const DESCRIPTION_MAX: usize = 4000;
pub const PAGE_MAX: usize = 300;

/// The report page's form, as its posted outcome names it
/// (`form_post::FormPost::form`).
pub const REPORT_FORM_ID: &str = "report";

/// `POST /api/problem-reports`, as typed by the visitor.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProblemReportRequest {
    pub idempotency_key: String,
    pub locale: Option<Locale>,
    /// The site path the problem is on, e.g. `/fr/about`.
    pub page: String,
    pub description: String,
    /// Optional: only when the visitor wants an answer.
    #[serde(default)]
    pub email: String,
    /// A field hidden from people; automated senders fill it in.
    #[serde(default)]
    pub website: String,
}

/// A report whose every field has been checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProblemReport {
    pub idempotency_key: IdempotencyKey,
    pub locale: Locale,
    pub page: String,
    pub description: String,
    pub email: Option<Email>,
}

/// `201` answer: a reference the visitor can quote.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProblemReportReceipt {
    pub reference: String,
}

impl ProblemReportRequest {
    /// Checks every field and returns all refusals at once, so a form can
    /// mark each wrong field in one go.
    pub fn validate(&self) -> Result<ProblemReport, FieldErrors> {
        let mut errors = FieldErrors::new();
        let idempotency_key = IdempotencyKey::parse(&self.idempotency_key)
            .map_err(|e| errors.insert("idempotency_key".into(), e))
            .ok();
        let locale = self
            .locale
            .ok_or(FieldError::Required)
            .map_err(|e| errors.insert("locale".into(), e))
            .ok();
        let page = parse_page(&self.page).map_err(|e| errors.insert("page".into(), e)).ok();
        let description = bounded_text(&self.description, DESCRIPTION_MIN, DESCRIPTION_MAX)
            .map_err(|e| errors.insert("description".into(), e))
            .ok();
        let email = match self.email.trim() {
            "" => Some(None),
            typed => Email::parse(typed)
                .map(Some)
                .map_err(|e| errors.insert("email".into(), e))
                .ok(),
        };
        match (idempotency_key, locale, page, description, email) {
            (Some(idempotency_key), Some(locale), Some(page), Some(description), Some(email)) if errors.is_empty() => {
                Ok(ProblemReport {
                    idempotency_key,
                    locale,
                    page,
                    description,
                    email,
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

/// Checks one field of the form on its own, for feedback while typing.
pub fn check_description(input: &str) -> Option<FieldError> {
    bounded_text(input, DESCRIPTION_MIN, DESCRIPTION_MAX).err()
}

/// Checks the optional reply address on its own.
pub fn check_email(input: &str) -> Option<FieldError> {
    match input.trim() {
        "" => None,
        typed => Email::parse(typed).err(),
    }
}

/// Checks the page field on its own.
pub fn check_page(input: &str) -> Option<FieldError> {
    parse_page(input).err()
}

/// A path on this site: starts with one `/`, printable, no scheme or host.
fn parse_page(input: &str) -> Result<String, FieldError> {
    let page = input.trim();
    if page.is_empty() {
        return Err(FieldError::Required);
    }
    if page.chars().count() > PAGE_MAX {
        return Err(FieldError::TooLong);
    }
    if !page.starts_with('/') || page.starts_with("//") || page.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err(FieldError::Invalid);
    }
    Ok(page.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> ProblemReportRequest {
        ProblemReportRequest {
            idempotency_key: "3f2b8c1e-4d5a-4b6c-8d7e-9f0a1b2c3d4e".into(),
            locale: Some(Locale::Fr),
            page: "/fr/about".into(),
            description: "The language switcher hides the menu on my phone.".into(),
            email: String::new(),
            website: String::new(),
        }
    }

    #[test]
    fn a_complete_report_without_email_is_accepted() {
        let report = valid().validate().unwrap();
        assert_eq!(report.email, None);
        assert_eq!(report.locale, Locale::Fr);
        assert_eq!(report.page, "/fr/about");
    }

    #[test]
    fn a_reply_address_is_parsed_when_given() {
        let request = ProblemReportRequest {
            email: " Ana@Example.org ".into(),
            ..valid()
        };
        assert_eq!(request.validate().unwrap().email.unwrap().as_str(), "Ana@example.org");
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let request = ProblemReportRequest {
            idempotency_key: "short".into(),
            locale: None,
            page: "https://evil.example/".into(),
            description: "broken".into(),
            email: "not-an-address".into(),
            website: String::new(),
        };
        let errors = request.validate().unwrap_err();
        let expected = FieldErrors::from([
            ("idempotency_key".to_owned(), FieldError::TooShort),
            ("locale".to_owned(), FieldError::Required),
            ("page".to_owned(), FieldError::Invalid),
            ("description".to_owned(), FieldError::TooShort),
            ("email".to_owned(), FieldError::Invalid),
        ]);
        assert_eq!(errors, expected);
    }

    #[test]
    fn page_must_be_a_path_on_this_site() {
        let cases = [
            ("", FieldError::Required),
            ("about", FieldError::Invalid),
            ("//evil.example/x", FieldError::Invalid),
            ("/a b", FieldError::Invalid),
        ];
        for (page, expected) in cases {
            let request = ProblemReportRequest {
                page: page.into(),
                ..valid()
            };
            assert_eq!(request.validate().unwrap_err().get("page"), Some(&expected), "{page:?}");
        }
    }

    #[test]
    fn unknown_json_fields_are_refused() {
        let json = r#"{"idempotency_key":"3f2b8c1e-4d5a-4b6c","locale":"en","page":"/","description":"0123456789","admin":true}"#;
        assert!(serde_json::from_str::<ProblemReportRequest>(json).is_err());
    }

    #[test]
    fn the_honeypot_is_noticed() {
        assert!(!valid().looks_automated());
        assert!(
            ProblemReportRequest {
                website: "http://spam".into(),
                ..valid()
            }
            .looks_automated()
        );
    }

    #[test]
    fn single_field_checks_agree_with_validate() {
        assert_eq!(check_description("short"), Some(FieldError::TooShort));
        assert_eq!(check_description("long enough text"), None);
        assert_eq!(check_email(""), None);
        assert_eq!(check_email("x@y"), Some(FieldError::Invalid));
        assert_eq!(check_page("/fr/about"), None);
        assert_eq!(check_page("https://evil.example/"), Some(FieldError::Invalid));
    }
}
