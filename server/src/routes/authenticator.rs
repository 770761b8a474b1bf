//! A member's authenticator app (TOTP): set up, confirmed with a first
//! code, removed; and a code from it that lets staff signed in with their
//! password do staff work.

use std::net::SocketAddr;

use axum::Json;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use civic_api::ErrorResponse;
use civic_api::account::AccountView;
use civic_api::authenticator::{AuthenticatorCode, AuthenticatorSetup, AuthenticatorView};

use super::accounts::PERSONAL;
use crate::accounts::sessions::{self, SignedIn};
use crate::error::{ApiError, ApiJson};
use crate::state::AppState;

/// `GET /api/account/authenticator`.
#[utoipa::path(get, path = "/api/account/authenticator", tag = "accounts",
    responses(
        (status = 200, description = "Whether the account has an authenticator app set up", body = AuthenticatorView),
        (status = 401, description = "Not signed in", body = ErrorResponse),
    ),
)]
pub async fn show(State(state): State<AppState>, signed_in: SignedIn) -> Result<impl IntoResponse, ApiError> {
    Ok((
        [PERSONAL],
        Json(state.accounts.authenticator(&state, &signed_in).await?),
    ))
}

/// `POST /api/account/authenticator/setup`.
#[utoipa::path(post, path = "/api/account/authenticator/setup", tag = "accounts",
    responses(
        (status = 200, description = "A new secret for the app (as a QR code and as text), in use once a code from it is confirmed; asking again replaces it", body = AuthenticatorSetup),
        (status = 401, description = "Not signed in", body = ErrorResponse),
        (status = 403, description = "Staff signed in with the password alone whose account has a passkey or an authenticator app: its second factors change only from a session that used one (`passkey_required`)", body = ErrorResponse),
        (status = 409, description = "The account has an authenticator app already", body = ErrorResponse),
    ),
)]
#[tracing::instrument(skip_all)]
pub async fn setup(State(state): State<AppState>, signed_in: SignedIn) -> Result<impl IntoResponse, ApiError> {
    Ok((
        [PERSONAL],
        Json(state.accounts.start_authenticator(&state, &signed_in).await?),
    ))
}

/// `POST /api/account/authenticator`.
#[utoipa::path(post, path = "/api/account/authenticator", tag = "accounts",
    request_body = AuthenticatorCode,
    responses(
        (status = 201, description = "The app is set up; the member is told by e-mail", body = AuthenticatorView),
        (status = 401, description = "Not signed in", body = ErrorResponse),
        (status = 403, description = "Staff signed in with the password alone whose account has a passkey or an authenticator app: its second factors change only from a session that used one (`passkey_required`)", body = ErrorResponse),
        (status = 404, description = "No set-up was started", body = ErrorResponse),
        (status = 409, description = "The account has an authenticator app already", body = ErrorResponse),
        (status = 422, description = "`code` is not six digits, or not the app's code now", body = ErrorResponse),
    ),
)]
#[tracing::instrument(skip_all)]
pub async fn confirm(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiJson(request): ApiJson<AuthenticatorCode>,
) -> Result<impl IntoResponse, ApiError> {
    let view = state
        .accounts
        .confirm_authenticator(&state, &signed_in, &request)
        .await?;
    Ok((StatusCode::CREATED, [PERSONAL], Json(view)))
}

/// `DELETE /api/account/authenticator`.
#[utoipa::path(delete, path = "/api/account/authenticator", tag = "accounts",
    responses(
        (status = 204, description = "Its codes no longer work, and sessions that gave one are back to a password's; the member is told by e-mail"),
        (status = 401, description = "Not signed in", body = ErrorResponse),
        (status = 403, description = "Staff signed in with the password alone whose account has a passkey or an authenticator app: its second factors change only from a session that used one (`passkey_required`)", body = ErrorResponse),
        (status = 404, description = "The account has no authenticator app", body = ErrorResponse),
    ),
)]
#[tracing::instrument(skip_all)]
pub async fn remove(State(state): State<AppState>, signed_in: SignedIn) -> Result<StatusCode, ApiError> {
    state.accounts.remove_authenticator(&state, &signed_in).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/session/authenticator`.
#[utoipa::path(post, path = "/api/session/authenticator", tag = "accounts",
    request_body = AuthenticatorCode,
    responses(
        (status = 200, description = "The session may do staff work, under a new cookie (as after a passkey sign-in)", body = AccountView),
        (status = 401, description = "Not signed in", body = ErrorResponse),
        (status = 404, description = "The account has no authenticator app", body = ErrorResponse),
        (status = 422, description = "`code` is not six digits, not the app's code now, or used already", body = ErrorResponse),
        (status = 429, description = "Too many wrong codes or passwords; see Retry-After", body = ErrorResponse),
    ),
)]
#[tracing::instrument(skip_all)]
pub async fn step_up(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    signed_in: SignedIn,
    ApiJson(request): ApiJson<AuthenticatorCode>,
) -> Result<impl IntoResponse, ApiError> {
    let forwarded = headers.get("x-forwarded-for").and_then(|value| value.to_str().ok());
    let client = state.client_ip.of(peer.ip(), forwarded);
    let started = state
        .accounts
        .step_up_with_authenticator(&state, &signed_in, &request, client)
        .await?;
    let secure = state.site.public_url().starts_with("https://");
    let cookie = sessions::set_cookie(secure, &started.token, started.lifetime);
    Ok((
        [(header::SET_COOKIE, cookie)],
        [PERSONAL],
        Json(state.accounts.describe(&state, started.view()).await?),
    ))
}
