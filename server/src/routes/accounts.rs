//! Joining, opening the account from its link, password resets and the
//! member's profile.

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use civic_api::ErrorResponse;
use civic_api::account::{
    AccountView, DeleteAccountRequest, JoinRequest, MemberData, MySignature, NewPasswordRequest, ProfileRequest,
    ResetRequest,
};
use civic_api::petition::TokenRequest;

use axum::extract::Query;
use axum::extract::rejection::QueryRejection;
use civic_api::Locale;

use super::petitions::LocaleQuery;
use crate::accounts::sessions::SignedIn;
use crate::error::{ApiError, ApiJson};
use crate::state::AppState;

/// What a member's own data is answered with: never kept by any cache.
pub const PERSONAL: (header::HeaderName, &str) = (header::CACHE_CONTROL, "no-store");

/// `POST /api/accounts`.
#[utoipa::path(post, path = "/api/accounts", tag = "accounts",
    request_body = JoinRequest,
    responses(
        (status = 202, description = "Check your inbox, whether or not the address has an account: a new one gets a link that opens it (24 hours), one with an account a note saying so"),
        (status = 400, description = "Not the JSON this endpoint takes", body = ErrorResponse),
        (status = 403, description = "Sent from another site", body = ErrorResponse),
        (status = 422, description = "Some fields were refused; `password` may be `common` or `personal`", body = ErrorResponse),
        (status = 429, description = "Too many writes from this client; see Retry-After", body = ErrorResponse),
    ),
)]
#[tracing::instrument(skip_all)]
pub async fn join(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<JoinRequest>,
) -> Result<StatusCode, ApiError> {
    state.accounts.join(&state, &request).await?;
    Ok(StatusCode::ACCEPTED)
}

/// `POST /api/account-confirmations`.
#[utoipa::path(post, path = "/api/account-confirmations", tag = "accounts",
    request_body = TokenRequest,
    responses(
        (status = 204, description = "The account is open (following the link again changes nothing)"),
        (status = 404, description = "The link is not genuine, has expired, or its account is gone", body = ErrorResponse),
        (status = 429, description = "Too many writes from this client; see Retry-After", body = ErrorResponse),
    ),
)]
#[tracing::instrument(skip_all)]
pub async fn confirm(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<TokenRequest>,
) -> Result<StatusCode, ApiError> {
    state.accounts.confirm(&state, &request.token).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/password-resets`.
#[utoipa::path(post, path = "/api/password-resets", tag = "accounts",
    request_body = ResetRequest,
    responses(
        (status = 202, description = "Check your inbox: an address with an account gets a link (one hour, once); any other gets nothing, and the same answer"),
        (status = 422, description = "Not an e-mail address", body = ErrorResponse),
        (status = 429, description = "Too many writes from this client; see Retry-After", body = ErrorResponse),
    ),
)]
#[tracing::instrument(skip_all)]
pub async fn request_reset(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<ResetRequest>,
) -> Result<StatusCode, ApiError> {
    state.accounts.request_reset(&state, &request).await?;
    Ok(StatusCode::ACCEPTED)
}

/// `POST /api/password-resets/complete`.
#[utoipa::path(post, path = "/api/password-resets/complete", tag = "accounts",
    request_body = NewPasswordRequest,
    responses(
        (status = 204, description = "The new password is set; every session has ended and the member is told by e-mail"),
        (status = 404, description = "The link is not genuine, has expired, or was used (the password changed since)", body = ErrorResponse),
        (status = 422, description = "The password was refused; see `fields`", body = ErrorResponse),
        (status = 429, description = "Too many writes from this client; see Retry-After", body = ErrorResponse),
    ),
)]
#[tracing::instrument(skip_all)]
pub async fn complete_reset(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<NewPasswordRequest>,
) -> Result<StatusCode, ApiError> {
    state.accounts.complete_reset(&state, &request).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `PUT /api/account/profile`.
#[utoipa::path(put, path = "/api/account/profile", tag = "accounts",
    request_body = ProfileRequest,
    responses(
        (status = 200, description = "Saved; the account as it now is", body = AccountView),
        (status = 401, description = "Not signed in", body = ErrorResponse),
        (status = 422, description = "Some fields were refused; see `fields`", body = ErrorResponse),
    ),
)]
#[tracing::instrument(skip_all)]
pub async fn update_profile(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiJson(request): ApiJson<ProfileRequest>,
) -> Result<impl IntoResponse, ApiError> {
    let view = state.accounts.update_profile(&state, &signed_in, &request).await?;
    Ok(([PERSONAL], Json(view)))
}

/// `GET /api/account/data`.
#[utoipa::path(get, path = "/api/account/data", tag = "accounts",
    responses(
        (status = 200, description = "Everything held about the member, as a JSON file to keep", body = MemberData),
        (status = 401, description = "Not signed in", body = ErrorResponse),
    ),
)]
#[tracing::instrument(skip_all)]
pub async fn export(State(state): State<AppState>, signed_in: SignedIn) -> Result<impl IntoResponse, ApiError> {
    let data = state.accounts.export(&state, &signed_in).await?;
    let file = (
        header::CONTENT_DISPOSITION,
        "attachment; filename=\"civic-my-data.json\"",
    );
    Ok(([PERSONAL, file], Json(data)))
}

/// `POST /api/account/deletion`.
#[utoipa::path(post, path = "/api/account/deletion", tag = "accounts",
    request_body = DeleteAccountRequest,
    responses(
        (status = 204, description = "The account, its sessions, newsletter subscription, mail and messages are erased; confirmed signatures stay counted without name, address or comment; the cookie is cleared"),
        (status = 401, description = "Not signed in", body = ErrorResponse),
        (status = 409, description = "A passkey answer was sent, but passkeys are unavailable at this site's address", body = ErrorResponse),
        (status = 422, description = "The password is not the account's (`password`: `invalid`), or the passkey answer is not one of the account's (`credential`: `invalid`)", body = ErrorResponse),
        (status = 429, description = "Too many wrong passwords for this account; see Retry-After", body = ErrorResponse),
    ),
)]
#[tracing::instrument(skip_all)]
pub async fn delete(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiJson(request): ApiJson<DeleteAccountRequest>,
) -> Result<impl IntoResponse, ApiError> {
    state.accounts.delete(&state, &signed_in, &request).await?;
    let secure = state.site.public_url().starts_with("https://");
    Ok((
        StatusCode::NO_CONTENT,
        [(header::SET_COOKIE, crate::accounts::sessions::clear_cookie(secure))],
    ))
}

/// `GET /api/account/signatures`.
#[utoipa::path(get, path = "/api/account/signatures", tag = "accounts",
    params(("locale" = Option<Locale>, Query, description = "The language of the petitions' titles; English when absent")),
    responses(
        (status = 200, description = "The petitions signed with the account's address, newest first, confirmed or waiting", body = Vec<MySignature>),
        (status = 401, description = "Not signed in", body = ErrorResponse),
    ),
)]
pub async fn signatures(
    State(state): State<AppState>,
    signed_in: SignedIn,
    query: Result<Query<LocaleQuery>, QueryRejection>,
) -> Result<impl IntoResponse, ApiError> {
    let locale = LocaleQuery::locale(query)?;
    let rows = crate::storage::signatures::of_email_key(&state.pool, &signed_in.account.email.dedupe_key()).await?;
    let signed: Vec<MySignature> = rows
        .into_iter()
        .filter_map(|(petition_id, created_at, confirmed)| {
            let petition = state.petitions.registry().by_id(petition_id).cloned()?;
            Some(MySignature {
                slug: petition.slug().clone(),
                title: petition.text(locale).title.clone(),
                signed_on: crate::storage::accounts::day(&created_at).to_owned(),
                confirmed,
            })
        })
        .collect();
    Ok(([PERSONAL], Json(signed)))
}
