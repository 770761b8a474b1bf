//! An authenticator app (TOTP, RFC 6238): the alternative to a passkey for
//! staff. A member sets one up from the member area (a QR code, or the
//! secret typed in, then a first code that proves the app has it); staff
//! who signed in with their password then give a code from it before the
//! console opens, as a passkey sign-in would have let them.

use serde::{Deserialize, Serialize};

use crate::FieldError;

/// How many digits a code has, as every common app shows them.
pub const CODE_DIGITS: usize = 6;
/// How long one code lasts, in seconds.
pub const CODE_SECONDS: u64 = 30;

/// `GET /api/account/authenticator`: whether the account has one.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthenticatorView {
    pub enabled: bool,
    /// `YYYY-MM-DD`, once set up.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub added_on: Option<String>,
}

/// `POST /api/account/authenticator/setup`: a new secret for the app, not
/// in use until a code from it is confirmed. Asking again replaces it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthenticatorSetup {
    /// Base32, in groups of four, for typing into the app by hand.
    pub secret: String,
    /// The `otpauth://totp/…` address the QR code holds.
    pub uri: String,
    /// The QR code as an SVG element, drawn by the server.
    pub qr_svg: String,
}

/// `POST /api/account/authenticator` (confirms the set-up) and
/// `POST /api/session/authenticator` (a code before staff work).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthenticatorCode {
    pub code: String,
}

/// A code as typed: six digits, with any spaces the app shows left out,
/// and the Arabic-Indic or Persian digits some phone keyboards give read
/// as the digits they are.
pub fn parse_code(input: &str) -> Result<String, FieldError> {
    let digits: String = input
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '\u{660}'..='\u{669}' => char::from(b'0' + (u32::from(c) - 0x660) as u8),
            '\u{6f0}'..='\u{6f9}' => char::from(b'0' + (u32::from(c) - 0x6f0) as u8),
            c => c,
        })
        .collect();
    if digits.is_empty() {
        Err(FieldError::Required)
    } else if digits.len() != CODE_DIGITS || !digits.bytes().all(|b| b.is_ascii_digit()) {
        Err(FieldError::Invalid)
    } else {
        Ok(digits)
    }
}

impl AuthenticatorCode {
    pub fn validate(&self) -> Result<String, crate::FieldErrors> {
        parse_code(&self.code).map_err(|error| crate::FieldErrors::from([("code".to_owned(), error)]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_is_six_digits_spaces_left_out() {
        assert_eq!(parse_code(" 123 456 ").as_deref(), Ok("123456"));
        assert_eq!(parse_code("١٢٣ ٤٥٦").as_deref(), Ok("123456"), "Arabic-Indic digits");
        assert_eq!(parse_code("۱۲۳۴۵۶").as_deref(), Ok("123456"), "Persian ones");
        assert_eq!(parse_code(""), Err(FieldError::Required));
        for wrong in ["12345", "1234567", "12a456", "１２３４５６"] {
            assert_eq!(parse_code(wrong), Err(FieldError::Invalid), "{wrong}");
        }
    }
}
