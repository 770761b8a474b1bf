//! Petitions: what the public API shows of them and the sign form.
//!
//! Nothing here carries personal data except the sign request itself and the
//! greeting a signed link unlocks for its owner.

use serde::{Deserialize, Serialize};

use crate::field::bounded_text;
use crate::image::ImageVariant;
use crate::{Country, Email, FieldError, FieldErrors, IdempotencyKey, Locale, PersonName, Slug};

pub const COMMENT_MAX: usize = 500;

/// An illustration of a petition, served from the site's own origin.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PetitionImage {
    /// A site path such as `/images/petitions/clean-air.jpg`: the picture
    /// as it was published, 1200×630, which link previews show.
    pub src: String,
    pub alt: String,
    pub width: u32,
    pub height: u32,
    /// Smaller copies, and copies in a lighter format, for pages to choose
    /// from (see `crate::image::srcset`); empty when the server could not
    /// make them, and then pages show `src`.
    pub variants: Vec<ImageVariant>,
}

/// One petition in a list, in one language.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PetitionSummary {
    pub slug: Slug,
    pub locale: Locale,
    pub title: String,
    pub summary: String,
    pub image: Option<PetitionImage>,
    /// Confirmed signatures.
    pub count: u64,
    /// The goal shown beside the count (see `displayed_goal`).
    pub goal: u64,
    pub closed: bool,
}

/// `GET /api/petitions?locale=fr`: open petitions first, then closed ones.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PetitionList {
    pub petitions: Vec<PetitionSummary>,
}

/// Confirmed signatures from one country.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountryCount {
    pub country: Country,
    pub count: u64,
}

/// `GET /api/petitions/{slug}?locale=fr`: the whole petition.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PetitionDetail {
    pub slug: Slug,
    pub locale: Locale,
    pub title: String,
    pub summary: String,
    /// Who the petition asks, e.g. "The Mayor of Lyon".
    pub addressed_to: String,
    /// The text, rendered from Markdown and sanitised by the server.
    pub body_html: String,
    pub image: Option<PetitionImage>,
    pub count: u64,
    pub goal: u64,
    pub closed: bool,
    /// `YYYY-MM-DD`.
    pub opened_on: String,
    /// The languages the petition is written in.
    pub languages: Vec<Locale>,
    /// Most signatures first.
    pub by_country: Vec<CountryCount>,
    /// The petition's own short link, a site path such as `/s/Kq3x9T`.
    pub short_path: String,
    /// Its news, newest first.
    #[serde(default)]
    pub news: Vec<crate::petition_news::NewsItem>,
}

/// `GET /api/petitions/{slug}/count`: the cheap call a petition page repeats
/// while it is open; the server answers from memory and lets caches keep it
/// for a few seconds.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PetitionCount {
    pub count: u64,
    pub goal: u64,
    pub closed: bool,
}

/// The goal to show: the petition's own goal until it is reached, then the
/// next step of 1, 2, 5 × 10ⁿ above the count, so the bar never sits full.
pub fn displayed_goal(count: u64, goal: u64) -> u64 {
    let goal = goal.max(1);
    if count < goal {
        return goal;
    }
    let mut scale: u64 = 1;
    loop {
        for step in [1u64, 2, 5] {
            let milestone = step.saturating_mul(scale);
            if milestone > count && milestone >= goal {
                return milestone;
            }
        }
        if scale > u64::MAX / 10 {
            return u64::MAX;
        }
        scale *= 10;
    }
}

/// How far the bar is filled, 0 to 100.
pub fn progress_percent(count: u64, goal: u64) -> u8 {
    if goal == 0 {
        return 0;
    }
    (count.min(goal) as u128 * 100 / goal as u128) as u8
}

/// Where a signer came from (`?source=` on a petition URL): a network name
/// or campaign tag, `[a-z0-9_.-]`, 1 to 40 characters, stored lowercase.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(value_type = String))]
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Source(String);

impl Source {
    pub const MAX_LEN: usize = 40;

    pub fn parse(input: &str) -> Result<Source, FieldError> {
        let source = input.trim().to_ascii_lowercase();
        if source.is_empty() {
            return Err(FieldError::Required);
        }
        if source.len() > Self::MAX_LEN {
            return Err(FieldError::TooLong);
        }
        if source
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'_' | b'.' | b'-'))
        {
            Ok(Source(source))
        } else {
            Err(FieldError::Invalid)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Source {
    type Error = FieldError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Source::parse(&value)
    }
}

impl From<Source> for String {
    fn from(value: Source) -> Self {
        value.0
    }
}

/// The code of a short link (`/s/{code}`), which is also a signer's referral
/// code (`?ref=`): 6 to 16 ASCII letters and digits.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(value_type = String))]
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ShortCode(String);

impl ShortCode {
    pub const MIN_LEN: usize = 6;
    pub const MAX_LEN: usize = 16;

    pub fn parse(input: &str) -> Result<ShortCode, FieldError> {
        if input.is_empty() {
            return Err(FieldError::Required);
        }
        let fits = (Self::MIN_LEN..=Self::MAX_LEN).contains(&input.len());
        if fits && input.bytes().all(|b| b.is_ascii_alphanumeric()) {
            Ok(ShortCode(input.to_owned()))
        } else {
            Err(FieldError::Invalid)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The site path that redirects to what the code names.
    pub fn path(&self) -> String {
        format!("/s/{}", self.0)
    }
}

impl std::fmt::Display for ShortCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for ShortCode {
    type Error = FieldError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        ShortCode::parse(&value)
    }
}

impl From<ShortCode> for String {
    fn from(value: ShortCode) -> Self {
        value.0
    }
}

/// `POST /api/petitions/{slug}/signatures`, as typed by the visitor.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignRequest {
    pub idempotency_key: String,
    pub locale: Option<Locale>,
    pub name: String,
    pub email: String,
    /// An ISO 3166-1 alpha-2 code.
    pub country: String,
    #[serde(default)]
    pub comment: String,
    /// The unticked "send me news" box.
    #[serde(default)]
    pub newsletter: bool,
    /// The unticked "tell me how this petition goes" box: its news, by
    /// e-mail, once the signature is confirmed.
    #[serde(default)]
    pub news: bool,
    /// `?source=` of the address the petition was opened at.
    #[serde(default)]
    pub source: Option<String>,
    /// `?ref=`: the referral code of whoever shared the link.
    #[serde(default)]
    pub referral: Option<String>,
    /// `?t=`: a signed link from one of our e-mails. When valid, it proves
    /// the address and the signature counts at once; otherwise it is ignored.
    #[serde(default)]
    pub token: Option<String>,
    /// A field hidden from people; automated senders fill it in.
    #[serde(default)]
    pub website: String,
}

/// A sign request whose every field has been checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    pub idempotency_key: IdempotencyKey,
    pub locale: Locale,
    pub name: PersonName,
    pub email: Email,
    pub country: Country,
    pub comment: Option<String>,
    pub newsletter: bool,
    pub news: bool,
    pub source: Option<Source>,
    pub referral: Option<ShortCode>,
    pub token: Option<String>,
}

impl SignRequest {
    /// Checks every field and returns all refusals at once.
    pub fn validate(&self) -> Result<Signature, FieldErrors> {
        let mut errors = FieldErrors::new();
        let mut field = |name: &str, error: FieldError| {
            errors.insert(name.to_owned(), error);
        };
        let idempotency_key = IdempotencyKey::parse(&self.idempotency_key)
            .map_err(|e| field("idempotency_key", e))
            .ok();
        let locale = self
            .locale
            .ok_or(FieldError::Required)
            .map_err(|e| field("locale", e))
            .ok();
        let name = PersonName::parse(&self.name).map_err(|e| field("name", e)).ok();
        let email = Email::parse(&self.email).map_err(|e| field("email", e)).ok();
        let country = Country::parse(&self.country).map_err(|e| field("country", e)).ok();
        let comment = check_comment(&self.comment).map_err(|e| field("comment", e)).ok();
        let source = optional(&self.source, Source::parse)
            .map_err(|e| field("source", e))
            .ok();
        let referral = optional(&self.referral, ShortCode::parse)
            .map_err(|e| field("referral", e))
            .ok();
        let token = self
            .token
            .as_deref()
            .map(str::trim)
            .filter(|token| !token.is_empty())
            .map(str::to_owned);
        match (idempotency_key, locale, name, email, country, comment, source, referral) {
            (
                Some(idempotency_key),
                Some(locale),
                Some(name),
                Some(email),
                Some(country),
                Some(comment),
                Some(source),
                Some(referral),
            ) if errors.is_empty() => Ok(Signature {
                idempotency_key,
                locale,
                name,
                email,
                country,
                comment,
                newsletter: self.newsletter,
                news: self.news,
                source,
                referral,
                token,
            }),
            _ => Err(errors),
        }
    }

    /// Whether the hidden honeypot field was filled in.
    pub fn looks_automated(&self) -> bool {
        !self.website.trim().is_empty()
    }
}

fn optional<T>(input: &Option<String>, parse: fn(&str) -> Result<T, FieldError>) -> Result<Option<T>, FieldError> {
    match input.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(typed) => parse(typed).map(Some),
    }
}

/// The optional comment: empty is fine, at most `COMMENT_MAX` characters.
pub fn check_comment(input: &str) -> Result<Option<String>, FieldError> {
    if input.trim().is_empty() {
        return Ok(None);
    }
    bounded_text(input, 1, COMMENT_MAX).map(Some)
}

/// Field checks for feedback while typing, the same the server runs.
pub fn check_name(input: &str) -> Option<FieldError> {
    PersonName::parse(input).err()
}

pub fn check_country(input: &str) -> Option<FieldError> {
    Country::parse(input).err()
}

/// A signer's own share link and what it has done.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Referral {
    /// Their referral code; `/s/{code}` is their short link.
    pub code: ShortCode,
    /// Confirmed signatures that came through their links.
    pub signed_through: u64,
}

/// The answer to a sign request.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum SignReceipt {
    /// `202`: always the answer without a valid token, whether or not the
    /// address had signed, so nobody learns who has; the e-mail says which.
    CheckInbox,
    /// `200`: a valid token proved the address, so the signature counts now
    /// (or already did).
    Signed { first_name: String, referral: Referral },
}

/// The sign form as the browser posts it by itself (see `form_post`).
pub type SignFormPost = crate::form_post::FormPost<SignRequest>;

/// The sign form's name in a `SignFormPost`: a petition page has one.
pub const SIGN_FORM_ID: &str = "sign";

/// A signed token from an e-mail link, sent in a body so it stays out of
/// access logs.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TokenRequest {
    pub token: String,
}

/// `POST /api/petitions/{slug}/signer`: who a valid token names, so the page
/// can say "Signing as Ana - not you?" and fill in the form. An invalid or
/// expired token gets a 404 and the page ignores it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignerGreeting {
    pub first_name: String,
    pub name: String,
    pub email: String,
    pub country: Country,
    /// Present when this person has already signed this petition.
    pub signed: Option<Referral>,
}

/// `POST /api/signatures/confirm` with the token from the confirmation
/// e-mail: the signature now counts (confirming twice changes nothing).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Confirmation {
    pub slug: Slug,
    pub locale: Locale,
    pub title: String,
    pub first_name: String,
    pub referral: Referral,
}

/// `POST /api/petitions/{slug}/signatures/resend`: sends the confirmation
/// e-mail again. Answered `202` whatever the address, like signing.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResendRequest {
    pub idempotency_key: String,
    pub locale: Option<Locale>,
    pub email: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn valid() -> SignRequest {
        SignRequest {
            idempotency_key: "3f2b8c1e-4d5a-4b6c-8d7e-9f0a1b2c3d4e".into(),
            locale: Some(Locale::Fr),
            name: " Ana  López ".into(),
            email: "Ana@Example.org".into(),
            country: "fr".into(),
            source: Some("Mastodon".into()),
            ..SignRequest::default()
        }
    }

    #[test]
    fn a_complete_request_becomes_a_checked_signature() {
        let signature = valid().validate().unwrap();
        assert_eq!(signature.name.as_str(), "Ana López");
        assert_eq!(signature.country.code(), "FR");
        assert_eq!(signature.comment, None);
        assert_eq!(signature.source.unwrap().as_str(), "mastodon");
        assert_eq!(signature.referral, None);
        assert!(!signature.newsletter);
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let request = SignRequest {
            idempotency_key: "nope".into(),
            locale: None,
            name: "".into(),
            email: "ana@".into(),
            country: "XX".into(),
            comment: "x".repeat(COMMENT_MAX + 1),
            source: Some("<script>".into()),
            referral: Some("../../evil".into()),
            ..SignRequest::default()
        };
        let errors = request.validate().unwrap_err();
        let expected = [
            ("idempotency_key", FieldError::TooShort),
            ("locale", FieldError::Required),
            ("name", FieldError::Required),
            ("email", FieldError::Invalid),
            ("country", FieldError::Invalid),
            ("comment", FieldError::TooLong),
            ("source", FieldError::Invalid),
            ("referral", FieldError::Invalid),
        ];
        for (field, error) in expected {
            assert_eq!(errors.get(field), Some(&error), "{field}");
        }
        assert_eq!(errors.len(), expected.len());
    }

    #[test]
    fn unknown_fields_are_refused() {
        let json =
            r#"{"idempotency_key":"k","locale":"en","name":"A","email":"a@b.co","country":"FR","card_number":"4111"}"#;
        assert!(serde_json::from_str::<SignRequest>(json).is_err());
    }

    #[test]
    fn the_honeypot_gives_automated_senders_away() {
        assert!(!valid().looks_automated());
        let bot = SignRequest {
            website: "http://spam.example".into(),
            ..valid()
        };
        assert!(bot.looks_automated());
    }

    #[test]
    fn short_codes_are_letters_and_digits_only() {
        assert_eq!(ShortCode::parse("Kq3x9T").unwrap().path(), "/s/Kq3x9T");
        for bad in ["abc", "abc/def", "..%2Fevil", "a".repeat(17).as_str(), "évasion"] {
            assert!(ShortCode::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_goal_rises_in_steps_once_reached() {
        assert_eq!(displayed_goal(0, 1000), 1000);
        assert_eq!(displayed_goal(999, 1000), 1000);
        assert_eq!(displayed_goal(1000, 1000), 2000);
        assert_eq!(displayed_goal(2500, 1000), 5000);
        assert_eq!(displayed_goal(12_000, 1000), 20_000);
        assert_eq!(displayed_goal(3, 0), 5);
    }

    #[test]
    fn signer_receipts_say_which_case_they_are() {
        let json = serde_json::to_value(SignReceipt::CheckInbox).unwrap();
        assert_eq!(json, serde_json::json!({"status": "check_inbox"}));
    }

    proptest! {
        #[test]
        fn the_displayed_goal_is_never_reached(count in 0u64..u64::MAX / 100, goal in 0u64..10_000_000) {
            let shown = displayed_goal(count, goal);
            prop_assert!(shown > count);
            prop_assert!(shown >= goal);
            prop_assert!(progress_percent(count, shown) < 100);
        }

        #[test]
        fn sources_are_stored_lowercase(source in "[A-Za-z0-9_.-]{1,40}") {
            let parsed = Source::parse(&source).unwrap();
            prop_assert_eq!(parsed.as_str(), source.to_ascii_lowercase());
        }
    }
}
