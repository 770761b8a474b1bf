//! Members' accounts: joining, signing in, the session, password resets and
//! the profile. The browser checks what it can (lengths, formats); the
//! server alone decides whether a password is too common or too personal,
//! and says why with a field error the browser translates.

use serde::{Deserialize, Serialize};

use crate::{Country, Email, FieldError, FieldErrors, Locale, PersonName};

/// NIST SP 800-63B and ASVS 2.1.1: at least 12 characters, and passphrases
/// of any length a person types; the limit only keeps hashing cheap.
pub const PASSWORD_MIN: usize = 12;
pub const PASSWORD_MAX: usize = 256;

/// The join page's form, as its posted outcome names it.
pub const JOIN_FORM_ID: &str = "join";

/// A password as typed: never trimmed, never truncated, any characters but
/// control ones; its strength is the server's to judge (`Password::parse`
/// checks only what the browser can check too).
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    pub fn parse(input: &str) -> Result<Password, FieldError> {
        let len = input.chars().count();
        if len == 0 {
            Err(FieldError::Required)
        } else if len < PASSWORD_MIN {
            Err(FieldError::TooShort)
        } else if len > PASSWORD_MAX {
            Err(FieldError::TooLong)
        } else if input.chars().any(char::is_control) {
            Err(FieldError::Invalid)
        } else {
            Ok(Password(input.to_owned()))
        }
    }

    pub fn check(input: &str) -> Option<FieldError> {
        Password::parse(input).err()
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Never printed, so a password cannot reach a log by accident.
impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(..)")
    }
}

/// How strong a password looks while it is typed: by length alone, which
/// is what protects a passphrase; the server's check adds the lists of
/// common passwords that the browser does not download.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum StrengthHint {
    TooShort,
    Acceptable,
    Good,
    Strong,
}

impl StrengthHint {
    pub fn of(input: &str) -> StrengthHint {
        match input.chars().count() {
            len if len < PASSWORD_MIN => StrengthHint::TooShort,
            len if len < 16 => StrengthHint::Acceptable,
            len if len < 24 => StrengthHint::Good,
            _ => StrengthHint::Strong,
        }
    }
}

/// What an account may do beyond a member's own things.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Member,
    Editor,
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Member => "member",
            Role::Editor => "editor",
            Role::Admin => "admin",
        }
    }

    pub fn parse(input: &str) -> Option<Role> {
        [Role::Member, Role::Editor, Role::Admin]
            .into_iter()
            .find(|role| role.as_str() == input)
    }

    /// Editors and admins: staff, whose sessions are shorter.
    pub fn is_staff(self) -> bool {
        self != Role::Member
    }
}

/// `POST /api/accounts`: joining.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JoinRequest {
    pub name: String,
    pub email: String,
    pub password: String,
    pub country: String,
    pub locale: Option<Locale>,
    #[serde(default)]
    pub newsletter: bool,
    /// A field hidden from people; automated senders fill it in.
    #[serde(default)]
    pub website: String,
}

/// A join request whose every field has been checked (but the password's
/// strength, which is the server's own check).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAccount {
    pub name: PersonName,
    pub email: Email,
    pub password: Password,
    pub country: Country,
    pub locale: Locale,
    pub newsletter: bool,
}

impl JoinRequest {
    pub fn validate(&self) -> Result<NewAccount, FieldErrors> {
        let mut errors = FieldErrors::new();
        let mut refuse = |field: &str, error: FieldError| {
            errors.insert(field.to_owned(), error);
        };
        let name = PersonName::parse(&self.name).map_err(|e| refuse("name", e)).ok();
        let email = Email::parse(&self.email).map_err(|e| refuse("email", e)).ok();
        let password = Password::parse(&self.password).map_err(|e| refuse("password", e)).ok();
        let country = Country::parse(&self.country).map_err(|e| refuse("country", e)).ok();
        let locale = self
            .locale
            .ok_or(FieldError::Required)
            .map_err(|e| refuse("locale", e))
            .ok();
        match (name, email, password, country, locale) {
            (Some(name), Some(email), Some(password), Some(country), Some(locale)) if errors.is_empty() => {
                Ok(NewAccount {
                    name,
                    email,
                    password,
                    country,
                    locale,
                    newsletter: self.newsletter,
                })
            }
            _ => Err(errors),
        }
    }

    pub fn looks_automated(&self) -> bool {
        !self.website.trim().is_empty()
    }
}

/// `POST /api/sessions`: signing in with a password.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignInRequest {
    pub email: String,
    pub password: String,
}

/// `POST /api/password-resets`: send me a link to choose a new password.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResetRequest {
    pub email: String,
    pub locale: Option<Locale>,
    #[serde(default)]
    pub website: String,
}

/// `POST /api/password-resets/complete`: the new password, with the
/// e-mailed link's token.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewPasswordRequest {
    pub token: String,
    pub password: String,
}

/// `PUT /api/account/profile`: what a member may change without proving
/// anything again.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileRequest {
    pub name: String,
    pub country: String,
    pub locale: Option<Locale>,
    /// The newsletter for the account's address, on or off; left as it is
    /// when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub newsletter: Option<bool>,
}

/// A profile whose every field has been checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    pub name: PersonName,
    pub country: Country,
    pub locale: Locale,
    pub newsletter: Option<bool>,
}

impl ProfileRequest {
    pub fn validate(&self) -> Result<Profile, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = PersonName::parse(&self.name)
            .map_err(|e| errors.insert("name".to_owned(), e))
            .ok();
        let country = Country::parse(&self.country)
            .map_err(|e| errors.insert("country".to_owned(), e))
            .ok();
        let locale = self
            .locale
            .ok_or(FieldError::Required)
            .map_err(|e| errors.insert("locale".to_owned(), e))
            .ok();
        match (name, country, locale) {
            (Some(name), Some(country), Some(locale)) => Ok(Profile {
                name,
                country,
                locale,
                newsletter: self.newsletter,
            }),
            _ => Err(errors),
        }
    }
}

/// `POST /api/account/deletion`: erasing the account, confirmed with the
/// password, or instead with one of the account's passkeys (its answer to
/// a challenge from `POST /api/sessions/passkey/options`).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeleteAccountRequest {
    #[serde(default)]
    pub password: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub credential: Option<serde_json::Value>,
}

/// `PUT /api/account/password`: a new password, proven with the current
/// one.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PasswordChangeRequest {
    pub current: String,
    pub password: String,
}

/// `POST /api/account/email`: move the account to another address, proven
/// with the password; nothing changes until the new mailbox's link is
/// followed.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmailChangeRequest {
    pub email: String,
    pub password: String,
}

/// One of the account's passkeys, as the member area lists it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasskeyView {
    /// Names it to remove it (`DELETE /api/account/passkeys/{id}`).
    pub id: i64,
    pub name: String,
    /// `YYYY-MM-DD`.
    pub added_on: String,
    /// `YYYY-MM-DD`, or `None` before its first sign-in.
    pub last_used_on: Option<String>,
}

/// The longest name of a passkey, such as "Phone" or "Office key".
pub const PASSKEY_NAME_MAX: usize = 60;

/// A passkey's name as typed: one line, trimmed, 1 to 60 characters.
pub fn parse_passkey_name(input: &str) -> Result<String, FieldError> {
    let name = input.trim();
    if name.is_empty() {
        Err(FieldError::Required)
    } else if name.chars().count() > PASSKEY_NAME_MAX {
        Err(FieldError::TooLong)
    } else if name.chars().any(char::is_control) {
        Err(FieldError::Invalid)
    } else {
        Ok(name.to_owned())
    }
}

/// `POST /api/account/passkeys/options` and
/// `POST /api/sessions/passkey/options`: what the browser hands to
/// `PublicKeyCredential.parseCreationOptionsFromJSON` (or
/// `parseRequestOptionsFromJSON`); the challenge inside works once, for
/// five minutes.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PasskeyOptions {
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub public_key: serde_json::Value,
}

/// `POST /api/account/passkeys`: the browser's answer to the options
/// (`PublicKeyCredential.toJSON()`), and the member's name for the passkey.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewPasskeyRequest {
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub credential: serde_json::Value,
}

/// `POST /api/sessions/passkey`: the browser's signed answer to the
/// challenge (`PublicKeyCredential.toJSON()`).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PasskeySignInRequest {
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub credential: serde_json::Value,
}

/// `GET /api/account/data`: everything held about the member, table by
/// table, each row's columns as stored (as text; `null` where empty).
/// Secrets that are not data about them (the password's fingerprint,
/// session secrets, idempotency keys) are left out.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberData {
    /// RFC 3339, UTC.
    pub exported_at: String,
    pub tables: std::collections::BTreeMap<String, Vec<std::collections::BTreeMap<String, Option<String>>>>,
}

/// `GET /api/account/signatures?locale=…`: a petition signed with the
/// account's address, newest first.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MySignature {
    pub slug: crate::Slug,
    /// In the language asked for.
    pub title: String,
    /// `YYYY-MM-DD`.
    pub signed_on: String,
    /// `false` while the e-mailed link waits to be followed.
    pub confirmed: bool,
}

/// `GET /api/session`: who is signed in, as the member area shows it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountView {
    pub name: String,
    pub email: String,
    pub country: String,
    pub locale: Locale,
    pub role: Role,
    /// When the account was confirmed, `YYYY-MM-DD`.
    pub member_since: String,
    /// An address the account is moving to, until its link is followed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending_email: Option<String>,
    /// Staff whose session was not opened with a passkey: every staff
    /// request is refused until they sign in with one (after adding one).
    #[serde(default)]
    pub needs_passkey: bool,
    /// Whether the account's address gets the newsletter.
    #[serde(default)]
    pub newsletter: bool,
}

/// One signed-in browser, as the member area lists it: no address, no
/// precise time.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionView {
    /// Names the session to end it (`DELETE /api/account/sessions/{id}`);
    /// not the secret its cookie carries.
    pub id: String,
    /// The browser and system, as its `User-Agent` says, in a few words.
    pub device: String,
    /// `YYYY-MM-DD`.
    pub signed_in_on: String,
    /// `YYYY-MM-DD`.
    pub last_used_on: String,
    /// The session this request came with.
    pub current: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_counted_in_characters_and_never_trimmed() {
        assert_eq!(Password::check("correct horse"), None);
        assert_eq!(Password::check("éééééééééééé"), None, "12 characters, 24 bytes");
        assert_eq!(Password::check("ééééééééééé"), Some(FieldError::TooShort));
        assert_eq!(
            Password::parse("  spaces count  ").unwrap().as_str(),
            "  spaces count  "
        );
        assert_eq!(Password::check(""), Some(FieldError::Required));
        assert_eq!(Password::check(&"a".repeat(PASSWORD_MAX)), None);
        assert_eq!(
            Password::check(&"a".repeat(PASSWORD_MAX + 1)),
            Some(FieldError::TooLong)
        );
        assert_eq!(Password::check("tab\tin my passphrase"), Some(FieldError::Invalid));
    }

    #[test]
    fn a_password_never_shows_in_debug_output() {
        let password = Password::parse("my secret passphrase").unwrap();
        assert!(!format!("{password:?}").contains("secret"));
    }

    #[test]
    fn the_strength_hint_grows_with_length() {
        assert_eq!(StrengthHint::of("short"), StrengthHint::TooShort);
        assert_eq!(StrengthHint::of("twelve chars"), StrengthHint::Acceptable);
        assert_eq!(StrengthHint::of("a longer passphrase"), StrengthHint::Good);
        assert_eq!(StrengthHint::of("four words make a phrase"), StrengthHint::Strong);
    }

    #[test]
    fn a_join_request_reports_every_refused_field() {
        let request = JoinRequest {
            name: String::new(),
            email: "not an address".into(),
            password: "short".into(),
            country: "XX".into(),
            locale: None,
            ..JoinRequest::default()
        };
        let errors = request.validate().unwrap_err();
        assert_eq!(errors.len(), 5, "{errors:?}");
        assert_eq!(errors["password"], FieldError::TooShort);
    }

    #[test]
    fn roles_round_trip_and_only_editors_and_admins_are_staff() {
        for role in [Role::Member, Role::Editor, Role::Admin] {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert!(!Role::Member.is_staff());
        assert!(Role::Editor.is_staff() && Role::Admin.is_staff());
        assert_eq!(Role::parse("root"), None);
    }
}
