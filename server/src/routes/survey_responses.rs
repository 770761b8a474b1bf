//! Answering a survey, and confirming an answer from the e-mailed link.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use civic_api::petition::TokenRequest;
use civic_api::survey::{Limit, ResponseReceipt, ResponseRequest};
use civic_api::{ErrorResponse, Locale, Slug};

use crate::error::{ApiError, ApiJson, ApiPath};
use crate::refused::Refused;
use crate::state::AppState;

/// The largest answer body: long texts (up to 5,000 characters each, of up
/// to 4 bytes) do not fit the API's usual 16 KiB.
pub const RESPONSE_BODY_LIMIT: usize = 256 * 1024;

/// `POST /api/surveys/{slug}/responses`.
#[utoipa::path(post, path = "/api/surveys/{slug}/responses", tag = "surveys",
    params(("slug" = Slug, Path, description = "The survey's name in its address")),
    request_body = ResponseRequest,
    responses(
        (status = 201, description = "The answer counts (a retry with the same idempotency key answers the same and stores nothing more)", body = ResponseReceipt),
        (status = 202, description = "A survey taking one answer per address: the answer counts once the link mailed to `email` is followed", body = ResponseReceipt),
        (status = 400, description = "Not the JSON this endpoint takes (e.g. an answer of the wrong shape)", body = ErrorResponse),
        (status = 403, description = "Sent from another site", body = ErrorResponse),
        (status = 404, description = "No such survey", body = ErrorResponse),
        (status = 409, description = "The survey is closed, or this invitation's answer already counts", body = ErrorResponse),
        (status = 413, description = "Body over 256 KiB", body = ErrorResponse),
        (status = 415, description = "Not application/json", body = ErrorResponse),
        (status = 422, description = "Some answers (`answers.{question}`) or fields (`email`, `invitation`, `locale`, `idempotency_key`) were refused; nothing is stored", body = ErrorResponse),
        (status = 429, description = "Too many writes from this client; see Retry-After", body = ErrorResponse),
    ),
)]
#[tracing::instrument(skip_all, fields(slug = %slug))]
pub async fn submit(
    State(state): State<AppState>,
    ApiPath(slug): ApiPath<String>,
    ApiJson(request): ApiJson<ResponseRequest>,
) -> Result<(StatusCode, Json<ResponseReceipt>), ApiError> {
    let survey = state.surveys.now().find(&slug).ok_or(ApiError::NotFound)?;
    if !request.website.trim().is_empty() {
        // Looks like every other answer to this survey, so a bot learns nothing.
        tracing::info!("honeypot filled in: the answer is not stored");
        let answer = match survey.limit() {
            Limit::Email => ResponseReceipt::CheckInbox,
            Limit::Anonymous | Limit::Invitation => ResponseReceipt::Counted,
        };
        return Ok(receipt(answer));
    }
    if survey.closed() {
        return Err(Refused::SurveyClosed.into());
    }
    // Every language asks the same questions; errors name ids, not texts.
    let response = survey
        .in_locale(request.locale.unwrap_or(Locale::DEFAULT))
        .validate(&request)
        .map_err(ApiError::Validation)?;
    Ok(receipt(state.survey_responses.submit(&survey, response).await?))
}

fn receipt(answer: ResponseReceipt) -> (StatusCode, Json<ResponseReceipt>) {
    let status = match answer {
        ResponseReceipt::Counted => StatusCode::CREATED,
        ResponseReceipt::CheckInbox => StatusCode::ACCEPTED,
    };
    (status, Json(answer))
}

/// `POST /api/survey-responses/confirm`.
#[utoipa::path(post, path = "/api/survey-responses/confirm", tag = "surveys",
    request_body(content = TokenRequest, description = "The `v.` token of the confirmation link"),
    responses(
        (status = 200, description = "The answer counts (confirming again answers the same and counts nothing more)", body = ResponseReceipt),
        (status = 404, description = "A token that is invalid, tampered with, expired, of another kind, or for an answer no longer stored", body = ErrorResponse),
        (status = 409, description = "This person's answer to the survey already counts (the new one is deleted), or the survey closed", body = ErrorResponse),
        (status = 429, description = "Too many writes from this client; see Retry-After", body = ErrorResponse),
    ),
)]
#[tracing::instrument(skip_all)]
pub async fn confirm(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<TokenRequest>,
) -> Result<Json<ResponseReceipt>, ApiError> {
    Ok(Json(
        state
            .survey_responses
            .confirm(&state.surveys.now(), &request.token)
            .await?,
    ))
}
