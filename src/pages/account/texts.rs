//! The words every account form shares: its fields' errors and why a
//! submit did not go through.

use civic_api::account::{PASSWORD_MAX, PASSWORD_MIN};
use civic_api::{FieldError, PersonName};

use crate::form_kit::FailureTexts;
use crate::i18n::{self, td_string};

/// A password typed to prove who one is (signing in, confirming an
/// erasure): any is worth checking on the server, only its absence is not.
pub fn check_given(input: &str) -> Option<FieldError> {
    input.is_empty().then_some(FieldError::Required)
}

pub fn failure_texts(ui: i18n::Locale) -> FailureTexts {
    FailureTexts {
        invalid: td_string!(ui, account_form.failure.invalid),
        network: td_string!(ui, account_form.failure.error_network),
        rate_limited: td_string!(ui, account_form.failure.error_rate_limited),
        server: td_string!(ui, account_form.failure.error_server),
    }
}

pub fn name_error(ui: i18n::Locale, error: FieldError) -> String {
    match error {
        FieldError::Required => td_string!(ui, account_form.errors.name_required).to_owned(),
        FieldError::TooLong => td_string!(ui, account_form.errors.name_too_long, max = PersonName::MAX_LEN).to_string(),
        _ => td_string!(ui, account_form.errors.name_invalid).to_owned(),
    }
}

pub fn email_error(ui: i18n::Locale, error: FieldError) -> String {
    match error {
        FieldError::Required => td_string!(ui, account_form.errors.email_required),
        FieldError::TooLong => td_string!(ui, account_form.errors.email_too_long),
        _ => td_string!(ui, account_form.errors.email_invalid),
    }
    .to_owned()
}

/// The server's reasons (`common`, `personal`) included.
pub fn password_error(ui: i18n::Locale, error: FieldError) -> String {
    match error {
        FieldError::Required => td_string!(ui, account_form.errors.password_required).to_owned(),
        FieldError::TooShort => td_string!(ui, account_form.errors.password_too_short, min = PASSWORD_MIN).to_string(),
        FieldError::TooLong => td_string!(ui, account_form.errors.password_too_long, max = PASSWORD_MAX).to_string(),
        FieldError::Common => td_string!(ui, account_form.errors.password_common).to_owned(),
        FieldError::Personal => td_string!(ui, account_form.errors.password_personal).to_owned(),
        FieldError::Invalid => td_string!(ui, account_form.errors.password_invalid).to_owned(),
    }
}

pub fn country_error(ui: i18n::Locale, error: FieldError) -> String {
    match error {
        FieldError::Required => td_string!(ui, account_form.errors.country_required),
        _ => td_string!(ui, account_form.errors.country_invalid),
    }
    .to_owned()
}

pub fn language_error(ui: i18n::Locale, _error: FieldError) -> String {
    td_string!(ui, account_form.errors.language_required).to_owned()
}
