//! What proves an account is the member's: passkeys, the password and the
//! address, changed while signed in.

use civic_api::account::{
    AccountView, EmailChangeRequest, NewPasskeyRequest, PasskeyOptions, PasskeySignInRequest, PasskeyView,
    PasswordChangeRequest,
};
use civic_api::paths;
use gloo_net::http::Request;

use super::{ApiError, get_json, post_empty, post_json, put_json, send_empty};

pub async fn passkeys(base: &str) -> Result<Vec<PasskeyView>, ApiError> {
    get_json(&format!("{base}{}", paths::ACCOUNT_PASSKEYS)).await
}

pub async fn passkey_options(base: &str) -> Result<PasskeyOptions, ApiError> {
    post_json(
        &format!("{base}{}", paths::ACCOUNT_PASSKEY_OPTIONS),
        &serde_json::json!({}),
    )
    .await
}

pub async fn add_passkey(base: &str, request: &NewPasskeyRequest) -> Result<PasskeyView, ApiError> {
    post_json(&format!("{base}{}", paths::ACCOUNT_PASSKEYS), request).await
}

pub async fn remove_passkey(base: &str, id: i64) -> Result<(), ApiError> {
    let path = paths::ACCOUNT_PASSKEY.replace("{id}", &id.to_string());
    send_empty(Request::delete(&format!("{base}{path}"))).await
}

pub async fn passkey_sign_in_options(base: &str) -> Result<PasskeyOptions, ApiError> {
    post_json(
        &format!("{base}{}", paths::PASSKEY_SIGN_IN_OPTIONS),
        &serde_json::json!({}),
    )
    .await
}

/// Signs in with a passkey's answer; the answer sets the session cookie.
pub async fn sign_in_with_passkey(base: &str, request: &PasskeySignInRequest) -> Result<AccountView, ApiError> {
    post_json(&format!("{base}{}", paths::PASSKEY_SIGN_INS), request).await
}

pub async fn change_password(base: &str, request: &PasswordChangeRequest) -> Result<(), ApiError> {
    let reply = put_json(&format!("{base}{}", paths::ACCOUNT_PASSWORD), request).await?;
    if reply.ok { Ok(()) } else { Err(reply.error()) }
}

pub async fn change_email(base: &str, request: &EmailChangeRequest) -> Result<(), ApiError> {
    post_empty(&format!("{base}{}", paths::ACCOUNT_EMAIL), request).await
}
