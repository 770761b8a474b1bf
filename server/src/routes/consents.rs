//! `POST /api/consents`: the log of cookie and storage decisions, so the
//! organisation can show what was consented to without knowing by whom.

use anyhow::Context;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use civic_api::consent::{ConsentLogRequest, PrivacySignal};
use civic_api::{ErrorResponse, FieldError, FieldErrors};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::error::{ApiError, ApiJson};
use crate::state::AppState;
use crate::storage;

#[utoipa::path(post, path = "/api/consents", tag = "privacy",
    request_body = ConsentLogRequest,
    responses(
        (status = 204, description = "Logged: the random id, the categories (analytics and external media off under a privacy signal), the revision, the signal and the server's time; nothing else"),
        (status = 400, description = "Not the JSON this endpoint takes (e.g. an unknown field)", body = ErrorResponse),
        (status = 403, description = "Sent from another site", body = ErrorResponse),
        (status = 413, description = "Body over 16 KiB", body = ErrorResponse),
        (status = 415, description = "Not application/json", body = ErrorResponse),
        (status = 422, description = "A malformed consent id, or a revision the policy never had; nothing was logged", body = ErrorResponse),
        (status = 429, description = "Too many consent or analytics posts from this client; see Retry-After", body = ErrorResponse),
    ),
)]
#[tracing::instrument(skip_all)]
pub async fn create(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiJson(mut request): ApiJson<ConsentLogRequest>,
) -> Result<StatusCode, ApiError> {
    // A browser that sends the signal in its headers asked for it too, even
    // if the page did not say so.
    request.signal = request.signal.or_else(|| signal_in(&headers));
    log(&state, &request).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Logs a decision, the app's or a posted banner's.
pub async fn log(state: &AppState, request: &ConsentLogRequest) -> Result<(), ApiError> {
    let decision = request.validate().map_err(ApiError::Validation)?;
    if decision.revision > state.site.policy_revision() {
        let mut errors = FieldErrors::new();
        errors.insert("revision".to_owned(), FieldError::Invalid);
        return Err(ApiError::Validation(errors));
    }
    let recorded_at = OffsetDateTime::now_utc()
        .format(&Rfc3339)
        .context("Failed to format the current time")?;
    storage::consents::insert(&state.pool, &decision, &recorded_at).await?;
    Ok(())
}

/// `Sec-GPC: 1` or `DNT: 1`.
pub fn signal_in(headers: &HeaderMap) -> Option<PrivacySignal> {
    let text = |name: &str| headers.get(name).and_then(|value| value.to_str().ok());
    PrivacySignal::from_headers(text("sec-gpc"), text("dnt"))
}
