//! A signed-in member changing what proves the account is theirs: the
//! password, and the address (confirmed from the new mailbox).

use axum::extract::State;
use axum::http::StatusCode;
use civic_api::ErrorResponse;
use civic_api::account::{EmailChangeRequest, PasswordChangeRequest};
use civic_api::petition::TokenRequest;

use crate::accounts::sessions::SignedIn;
use crate::error::{ApiError, ApiJson};
use crate::state::AppState;

/// `PUT /api/account/password`.
#[utoipa::path(put, path = "/api/account/password", tag = "accounts",
    request_body = PasswordChangeRequest,
    responses(
        (status = 204, description = "The password is changed; every other browser is signed out and the member is told by e-mail"),
        (status = 401, description = "Not signed in", body = ErrorResponse),
        (status = 422, description = "`current` is not the account's password (`invalid`), or the new `password` is refused (`too_short`, `common`, `personal`…)", body = ErrorResponse),
        (status = 429, description = "Too many wrong passwords for this account; see Retry-After", body = ErrorResponse),
    ),
)]
#[tracing::instrument(skip_all)]
pub async fn change_password(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiJson(request): ApiJson<PasswordChangeRequest>,
) -> Result<StatusCode, ApiError> {
    state.accounts.change_password(&state, &signed_in, &request).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/account/email`.
#[utoipa::path(post, path = "/api/account/email", tag = "accounts",
    request_body = EmailChangeRequest,
    responses(
        (status = 202, description = "Check the new inbox: it gets a link (24 hours, once) that moves the account there, or a note that it already has an account; nothing changes before"),
        (status = 401, description = "Not signed in", body = ErrorResponse),
        (status = 422, description = "Not an address, the account's own (`email`: `invalid`), or a wrong `password`", body = ErrorResponse),
        (status = 429, description = "Too many wrong passwords for this account; see Retry-After", body = ErrorResponse),
    ),
)]
#[tracing::instrument(skip_all)]
pub async fn request_email_change(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiJson(request): ApiJson<EmailChangeRequest>,
) -> Result<StatusCode, ApiError> {
    state
        .accounts
        .request_email_change(&state, &signed_in, &request)
        .await?;
    Ok(StatusCode::ACCEPTED)
}

/// `POST /api/email-confirmations`.
#[utoipa::path(post, path = "/api/email-confirmations", tag = "accounts",
    request_body = TokenRequest,
    responses(
        (status = 204, description = "The account now uses the address the link was sent to; the old address is told"),
        (status = 404, description = "The link is not genuine, has expired, was used, or a later request replaced it", body = ErrorResponse),
        (status = 429, description = "Too many writes from this client; see Retry-After", body = ErrorResponse),
    ),
)]
#[tracing::instrument(skip_all)]
pub async fn confirm_email(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<TokenRequest>,
) -> Result<StatusCode, ApiError> {
    state.accounts.confirm_email(&state, &request.token).await?;
    Ok(StatusCode::NO_CONTENT)
}
