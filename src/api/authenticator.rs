//! A member's authenticator app: whether there is one, setting one up and
//! confirming it with a first code, removing it; and a code from it that
//! lets staff signed in with their password do staff work.

use civic_api::account::AccountView;
use civic_api::authenticator::{AuthenticatorCode, AuthenticatorSetup, AuthenticatorView};
use civic_api::paths;
use gloo_net::http::Request;

use super::{ApiError, get_json, post_json, send_empty};

pub async fn authenticator(base: &str) -> Result<AuthenticatorView, ApiError> {
    get_json(&format!("{base}{}", paths::ACCOUNT_AUTHENTICATOR)).await
}

/// A new secret for the app, not in use until `turn_on` confirms a code
/// from it; asking again replaces it. `Conflict` when one is on already.
pub async fn start_setup(base: &str) -> Result<AuthenticatorSetup, ApiError> {
    post_json(
        &format!("{base}{}", paths::ACCOUNT_AUTHENTICATOR_SETUP),
        &serde_json::json!({}),
    )
    .await
}

/// Confirms the set-up with a code from the app (`201`); `NotFound` when no
/// set-up is waiting.
pub async fn turn_on(base: &str, code: &AuthenticatorCode) -> Result<AuthenticatorView, ApiError> {
    post_json(&format!("{base}{}", paths::ACCOUNT_AUTHENTICATOR), code).await
}

/// `NotFound` when there was none.
pub async fn remove(base: &str) -> Result<(), ApiError> {
    send_empty(Request::delete(&format!("{base}{}", paths::ACCOUNT_AUTHENTICATOR))).await
}

/// A code for this session: the answer sets a new session cookie that may
/// do staff work. `NotFound` when the account has no app.
pub async fn step_up(base: &str, code: &AuthenticatorCode) -> Result<AccountView, ApiError> {
    post_json(&format!("{base}{}", paths::SESSION_AUTHENTICATOR), code).await
}
