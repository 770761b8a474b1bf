//! A member's passkeys, and signing in with one.

use std::net::SocketAddr;

use axum::Json;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use civic_api::ErrorResponse;
use civic_api::account::{AccountView, NewPasskeyRequest, PasskeyOptions, PasskeySignInRequest, PasskeyView};

use super::accounts::PERSONAL;
use crate::accounts::sessions::{self, SignedIn};
use crate::error::{ApiError, ApiJson, ApiPath};
use crate::state::AppState;

/// `GET /api/account/passkeys`.
#[utoipa::path(get, path = "/api/account/passkeys", tag = "accounts",
    responses(
        (status = 200, description = "The account's passkeys, the oldest first", body = Vec<PasskeyView>),
        (status = 401, description = "Not signed in", body = ErrorResponse),
    ),
)]
pub async fn list(State(state): State<AppState>, signed_in: SignedIn) -> Result<impl IntoResponse, ApiError> {
    let passkeys = state.accounts.passkeys(&state, &signed_in).await?;
    Ok(([PERSONAL], Json(passkeys)))
}

/// `POST /api/account/passkeys/options`.
#[utoipa::path(post, path = "/api/account/passkeys/options", tag = "accounts",
    responses(
        (status = 200, description = "What the browser needs to make a passkey for this account (a challenge that works once, for five minutes)", body = PasskeyOptions),
        (status = 401, description = "Not signed in", body = ErrorResponse),
        (status = 403, description = "Staff signed in with the password alone whose account has a passkey or an authenticator app: its second factors change only from a session that used one (`passkey_required`)", body = ErrorResponse),
        (status = 409, description = "Passkeys are unavailable at this site's address (an IP address, or plain http away from localhost)", body = ErrorResponse),
    ),
)]
#[tracing::instrument(skip_all)]
pub async fn options(State(state): State<AppState>, signed_in: SignedIn) -> Result<impl IntoResponse, ApiError> {
    let options = state.accounts.passkey_options(&state, &signed_in).await?;
    Ok(([PERSONAL], Json(options)))
}

/// `POST /api/account/passkeys`.
#[utoipa::path(post, path = "/api/account/passkeys", tag = "accounts",
    request_body = NewPasskeyRequest,
    responses(
        (status = 201, description = "The passkey is kept and can sign in; the member is told by e-mail", body = PasskeyView),
        (status = 401, description = "Not signed in", body = ErrorResponse),
        (status = 403, description = "Staff signed in with the password alone whose account has a passkey or an authenticator app: its second factors change only from a session that used one (`passkey_required`)", body = ErrorResponse),
        (status = 409, description = "Passkeys are unavailable at this site's address", body = ErrorResponse),
        (status = 422, description = "`name` is refused, or `credential` does not answer a live challenge of this account, or is already kept", body = ErrorResponse),
    ),
)]
#[tracing::instrument(skip_all)]
pub async fn add(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiJson(request): ApiJson<NewPasskeyRequest>,
) -> Result<impl IntoResponse, ApiError> {
    let added = state.accounts.add_passkey(&state, &signed_in, &request).await?;
    Ok((StatusCode::CREATED, [PERSONAL], Json(added)))
}

/// `DELETE /api/account/passkeys/{id}`.
#[utoipa::path(delete, path = "/api/account/passkeys/{id}", tag = "accounts",
    params(("id" = i64, Path, description = "A passkey's id, as listed")),
    responses(
        (status = 204, description = "The passkey can no longer sign in; the member is told by e-mail"),
        (status = 401, description = "Not signed in", body = ErrorResponse),
        (status = 403, description = "Staff signed in with the password alone whose account has a passkey or an authenticator app: its second factors change only from a session that used one (`passkey_required`)", body = ErrorResponse),
        (status = 404, description = "The account has no passkey by that id", body = ErrorResponse),
    ),
)]
#[tracing::instrument(skip_all)]
pub async fn remove(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, ApiError> {
    state.accounts.remove_passkey(&state, &signed_in, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/sessions/passkey/options`.
#[utoipa::path(post, path = "/api/sessions/passkey/options", tag = "accounts",
    responses(
        (status = 200, description = "A challenge for any passkey of the site (works once, for five minutes)", body = PasskeyOptions),
        (status = 409, description = "Passkeys are unavailable at this site's address", body = ErrorResponse),
    ),
)]
#[tracing::instrument(skip_all)]
pub async fn sign_in_options(State(state): State<AppState>) -> Result<impl IntoResponse, ApiError> {
    let options = state.accounts.passkey_sign_in_options(&state).await?;
    Ok(([PERSONAL], Json(options)))
}

/// `POST /api/sessions/passkey`.
#[utoipa::path(post, path = "/api/sessions/passkey", tag = "accounts",
    request_body = PasskeySignInRequest,
    responses(
        (status = 201, description = "Signed in with a passkey: the session cookie is set, as for a password", body = AccountView),
        (status = 401, description = "The answer proves nothing: an unknown or removed passkey, a used or expired challenge, a bad signature", body = ErrorResponse),
        (status = 409, description = "Passkeys are unavailable at this site's address", body = ErrorResponse),
        (status = 429, description = "Too many failed sign-ins from this client; see Retry-After", body = ErrorResponse),
    ),
)]
#[tracing::instrument(skip_all)]
pub async fn sign_in(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    ApiJson(request): ApiJson<PasskeySignInRequest>,
) -> Result<impl IntoResponse, ApiError> {
    let forwarded = headers.get("x-forwarded-for").and_then(|value| value.to_str().ok());
    let client = state.client_ip.of(peer.ip(), forwarded);
    let started = state
        .accounts
        .sign_in_with_passkey(&state, &request, client, sessions::device(&headers))
        .await?;
    let secure = state.site.public_url().starts_with("https://");
    let cookie = sessions::set_cookie(secure, &started.token, started.lifetime);
    Ok((
        StatusCode::CREATED,
        [(header::SET_COOKIE, cookie)],
        [PERSONAL],
        Json(state.accounts.describe(&state, started.view()).await?),
    ))
}
