//! Signing, resending the confirmation, greeting a signer from a tracked
//! link, and confirming. Every write goes through the petitions' writer.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use civic_api::petition::{
    Confirmation, Referral, ResendRequest, ShortCode, SignReceipt, SignRequest, SignerGreeting, TokenRequest,
};
use civic_api::{Country, Email, ErrorResponse, FieldError, FieldErrors, IdempotencyKey, PersonName, Slug};

use time::OffsetDateTime;

use crate::accounts::sessions::SignedIn;
use crate::error::{ApiError, ApiJson, ApiPath};
use crate::state::AppState;
use crate::storage::signatures;
use crate::tokens::Purpose;

/// `POST /api/petitions/{slug}/signatures`.
#[utoipa::path(post, path = "/api/petitions/{slug}/signatures", tag = "petitions",
    params(("slug" = Slug, Path, description = "The petition's name in its address")),
    request_body = SignRequest,
    responses(
        (status = 202, description = "Check your inbox: the answer without a valid token, whether or not the address had signed", body = SignReceipt),
        (status = 200, description = "A valid person token, or the session of the member whose address it is, proved the address: the signature counts now (or already did)", body = SignReceipt),
        (status = 400, description = "Not the JSON this endpoint takes (e.g. an unknown field)", body = ErrorResponse),
        (status = 403, description = "Sent from another site", body = ErrorResponse),
        (status = 404, description = "No such petition", body = ErrorResponse),
        (status = 409, description = "The petition is closed", body = ErrorResponse),
        (status = 413, description = "Body over 16 KiB", body = ErrorResponse),
        (status = 415, description = "Not application/json", body = ErrorResponse),
        (status = 422, description = "Some fields were refused; see `fields`", body = ErrorResponse),
        (status = 429, description = "Too many writes from this client; see Retry-After", body = ErrorResponse),
    ),
)]
#[tracing::instrument(skip_all, fields(slug = %slug))]
pub async fn sign(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiPath(slug): ApiPath<String>,
    ApiJson(request): ApiJson<SignRequest>,
) -> Result<(StatusCode, Json<SignReceipt>), ApiError> {
    let member = SignedIn::of(&state, &headers, OffsetDateTime::now_utc())
        .await?
        .map(|signed_in| signed_in.account.email);
    Ok(receipt(state.petitions.sign(&slug, request, member).await?))
}

fn receipt(answer: SignReceipt) -> (StatusCode, Json<SignReceipt>) {
    let status = match answer {
        SignReceipt::CheckInbox => StatusCode::ACCEPTED,
        SignReceipt::Signed { .. } => StatusCode::OK,
    };
    (status, Json(answer))
}

/// `POST /api/petitions/{slug}/signatures/resend`.
#[utoipa::path(post, path = "/api/petitions/{slug}/signatures/resend", tag = "petitions",
    params(("slug" = Slug, Path, description = "The petition's name in its address")),
    request_body = ResendRequest,
    responses(
        (status = 202, description = "Accepted whatever the address; the confirmation goes out again if a signature waits for it"),
        (status = 400, description = "Not the JSON this endpoint takes", body = ErrorResponse),
        (status = 404, description = "No such petition", body = ErrorResponse),
        (status = 422, description = "Some fields were refused; see `fields`", body = ErrorResponse),
        (status = 429, description = "Too many writes from this client; see Retry-After", body = ErrorResponse),
    ),
)]
#[tracing::instrument(skip_all, fields(slug = %slug))]
pub async fn resend(
    State(state): State<AppState>,
    ApiPath(slug): ApiPath<String>,
    ApiJson(request): ApiJson<ResendRequest>,
) -> Result<StatusCode, ApiError> {
    let petition = state
        .petitions
        .registry()
        .find(&slug)
        .cloned()
        .ok_or(ApiError::NotFound)?;
    let mut errors = FieldErrors::new();
    let key = IdempotencyKey::parse(&request.idempotency_key)
        .map_err(|e| errors.insert("idempotency_key".to_owned(), e))
        .ok();
    let email = Email::parse(&request.email)
        .map_err(|e| errors.insert("email".to_owned(), e))
        .ok();
    if request.locale.is_none() {
        errors.insert("locale".to_owned(), FieldError::Required);
    }
    let (Some(key), Some(email), Some(locale)) = (key, email, request.locale) else {
        return Err(ApiError::Validation(errors));
    };
    if petition.closed() {
        // Its confirmation would be refused: nothing to send.
        return Ok(StatusCode::ACCEPTED);
    }
    state.petitions.resend(petition, key, email, locale).await?;
    Ok(StatusCode::ACCEPTED)
}

/// `POST /api/petitions/{slug}/signer`.
#[utoipa::path(post, path = "/api/petitions/{slug}/signer", tag = "petitions",
    params(("slug" = Slug, Path, description = "The petition's name in its address")),
    request_body = TokenRequest,
    responses(
        (status = 200, description = "Who the person token names, and whether they signed this petition", body = SignerGreeting),
        (status = 404, description = "No such petition, or a token that is invalid, tampered with or expired", body = ErrorResponse),
    ),
)]
#[tracing::instrument(skip_all, fields(slug = %slug))]
pub async fn signer(
    State(state): State<AppState>,
    ApiPath(slug): ApiPath<String>,
    ApiJson(request): ApiJson<TokenRequest>,
) -> Result<Json<SignerGreeting>, ApiError> {
    let petition = state
        .petitions
        .registry()
        .find(&slug)
        .cloned()
        .ok_or(ApiError::NotFound)?;
    let id = state
        .petitions
        .verify(Purpose::Person, &request.token)
        .ok_or(ApiError::NotFound)?;
    let row = signatures::find(&state.pool, id)
        .await?
        .filter(|row| row.is_confirmed())
        .ok_or(ApiError::NotFound)?;
    let name = PersonName::parse(&row.name).map_err(|e| anyhow::anyhow!("A stored name is invalid: {e}"))?;
    let country = Country::parse(&row.country).map_err(|e| anyhow::anyhow!("A stored country is invalid: {e}"))?;
    let signed = signed_here(&state, petition.id(), &row.email_key).await?;
    Ok(Json(SignerGreeting {
        first_name: name.first_name().to_owned(),
        name: name.as_str().to_owned(),
        email: row.email,
        country,
        signed,
    }))
}

/// The share link of the confirmed signature of a mailbox on a petition,
/// if it has one.
async fn signed_here(state: &AppState, petition_id: i64, email_key: &str) -> anyhow::Result<Option<Referral>> {
    let here = signatures::find_by_email_key(&state.pool, petition_id, email_key).await?;
    match here.and_then(|row| row.referral_code.filter(|_| row.confirmed_at.is_some())) {
        Some(code) => Ok(Some(Referral {
            signed_through: signatures::signed_through(&state.pool, &code).await?,
            code: ShortCode::parse(&code).map_err(|e| anyhow::anyhow!("A stored referral code is malformed: {e}"))?,
        })),
        None => Ok(None),
    }
}

/// `GET /api/petitions/{slug}/member`.
#[utoipa::path(get, path = "/api/petitions/{slug}/member", tag = "petitions",
    params(("slug" = Slug, Path, description = "The petition's name in its address")),
    responses(
        (status = 200, description = "The signed-in member, as the sign form greets them; `signed` once their signature counts here", body = SignerGreeting),
        (status = 204, description = "Nobody is signed in: the form stays an ordinary one"),
        (status = 404, description = "No such petition", body = ErrorResponse),
    ),
)]
pub async fn member(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiPath(slug): ApiPath<String>,
) -> Result<Response, ApiError> {
    let petition = state
        .petitions
        .registry()
        .find(&slug)
        .cloned()
        .ok_or(ApiError::NotFound)?;
    let Some(signed_in) = SignedIn::of(&state, &headers, OffsetDateTime::now_utc()).await? else {
        return Ok(StatusCode::NO_CONTENT.into_response());
    };
    let account = signed_in.account;
    let signed = signed_here(&state, petition.id(), &account.email.dedupe_key()).await?;
    let greeting = SignerGreeting {
        first_name: account.name.first_name().to_owned(),
        name: account.name.as_str().to_owned(),
        email: account.email.as_str().to_owned(),
        country: account.country,
        signed,
    };
    Ok(([(header::CACHE_CONTROL, "private, no-store")], Json(greeting)).into_response())
}

/// `POST /api/signatures/confirm`.
#[utoipa::path(post, path = "/api/signatures/confirm", tag = "petitions",
    request_body = TokenRequest,
    responses(
        (status = 200, description = "The signature counts (confirming again answers the same and counts nothing)", body = Confirmation),
        (status = 404, description = "A token that is invalid, tampered with or expired", body = ErrorResponse),
        (status = 409, description = "The petition closed before the signature was confirmed", body = ErrorResponse),
        (status = 429, description = "Too many writes from this client; see Retry-After", body = ErrorResponse),
    ),
)]
#[tracing::instrument(skip_all)]
pub async fn confirm(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<TokenRequest>,
) -> Result<Json<Confirmation>, ApiError> {
    Ok(Json(state.petitions.confirm(&request.token).await?))
}
