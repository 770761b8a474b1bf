//! Signing in and out, and the member's sessions.

use std::net::SocketAddr;

use axum::Json;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use civic_api::ErrorResponse;
use civic_api::account::{AccountView, SessionView, SignInRequest};

use super::accounts::PERSONAL;
use crate::accounts::sessions::{self, SignedIn};
use crate::error::{ApiError, ApiJson, ApiPath};
use crate::state::AppState;

fn secure(state: &AppState) -> bool {
    state.site.public_url().starts_with("https://")
}

/// `POST /api/sessions`.
#[utoipa::path(post, path = "/api/sessions", tag = "accounts",
    request_body = SignInRequest,
    responses(
        (status = 201, description = "Signed in: the session cookie is set (HttpOnly, SameSite=Lax; Secure and __Host- over https)", body = AccountView),
        (status = 401, description = "The address or the password is wrong (the same answer for an address with no account)", body = ErrorResponse),
        (status = 409, description = "The password is right but the account was never opened; the link is sent again", body = ErrorResponse),
        (status = 429, description = "Too many failed sign-ins for this address or from this client; see Retry-After", body = ErrorResponse),
    ),
)]
#[tracing::instrument(skip_all)]
pub async fn sign_in(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    ApiJson(request): ApiJson<SignInRequest>,
) -> Result<impl IntoResponse, ApiError> {
    let forwarded = headers.get("x-forwarded-for").and_then(|value| value.to_str().ok());
    let client = state.client_ip.of(peer.ip(), forwarded);
    let started = state
        .accounts
        .sign_in(&state, &request, client, sessions::device(&headers))
        .await?;
    let cookie = sessions::set_cookie(secure(&state), &started.token, started.lifetime);
    Ok((
        StatusCode::CREATED,
        [(header::SET_COOKIE, cookie)],
        [PERSONAL],
        Json(state.accounts.describe(&state, started.view()).await?),
    ))
}

/// `GET /api/session`.
#[utoipa::path(get, path = "/api/session", tag = "accounts",
    responses(
        (status = 200, description = "Who is signed in", body = AccountView),
        (status = 401, description = "Not signed in, or the session has ended", body = ErrorResponse),
    ),
)]
pub async fn show(State(state): State<AppState>, signed_in: SignedIn) -> Result<impl IntoResponse, ApiError> {
    let view = state.accounts.describe(&state, signed_in.view()).await?;
    Ok(([PERSONAL], Json(view)))
}

/// `DELETE /api/session`.
#[utoipa::path(delete, path = "/api/session", tag = "accounts",
    responses(
        (status = 204, description = "Signed out: the session has ended on the server and the cookie is cleared"),
        (status = 401, description = "Not signed in", body = ErrorResponse),
    ),
)]
#[tracing::instrument(skip_all)]
pub async fn sign_out(State(state): State<AppState>, signed_in: SignedIn) -> Result<impl IntoResponse, ApiError> {
    state.accounts.sign_out(&state, &signed_in).await?;
    Ok((
        StatusCode::NO_CONTENT,
        [(header::SET_COOKIE, sessions::clear_cookie(secure(&state)))],
    ))
}

/// `GET /api/account/sessions`.
#[utoipa::path(get, path = "/api/account/sessions", tag = "accounts",
    responses(
        (status = 200, description = "Every session of the account, the most recently used first", body = Vec<SessionView>),
        (status = 401, description = "Not signed in", body = ErrorResponse),
    ),
)]
pub async fn list(State(state): State<AppState>, signed_in: SignedIn) -> Result<impl IntoResponse, ApiError> {
    let sessions = state.accounts.sessions(&state, &signed_in).await?;
    Ok(([PERSONAL], Json(sessions)))
}

/// `DELETE /api/account/sessions`.
#[utoipa::path(delete, path = "/api/account/sessions", tag = "accounts",
    responses(
        (status = 204, description = "Signed out everywhere, this browser included"),
        (status = 401, description = "Not signed in", body = ErrorResponse),
    ),
)]
#[tracing::instrument(skip_all)]
pub async fn end_all(State(state): State<AppState>, signed_in: SignedIn) -> Result<impl IntoResponse, ApiError> {
    state.accounts.sign_out_everywhere(&state, &signed_in).await?;
    Ok((
        StatusCode::NO_CONTENT,
        [(header::SET_COOKIE, sessions::clear_cookie(secure(&state)))],
    ))
}

/// `DELETE /api/account/sessions/{id}`.
#[utoipa::path(delete, path = "/api/account/sessions/{id}", tag = "accounts",
    params(("id" = String, Path, description = "A session's id, as listed")),
    responses(
        (status = 204, description = "That session has ended"),
        (status = 401, description = "Not signed in", body = ErrorResponse),
        (status = 404, description = "The account has no session by that id", body = ErrorResponse),
    ),
)]
#[tracing::instrument(skip_all)]
pub async fn end(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiPath(id): ApiPath<String>,
) -> Result<StatusCode, ApiError> {
    state.accounts.end_session(&state, &signed_in, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}
