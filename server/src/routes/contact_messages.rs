use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use civic_api::ErrorResponse;
use civic_api::contact::{ContactReceipt, ContactRequest, ReceivedMessage};

use super::accounts::PERSONAL;
use crate::accounts::sessions::Staff;
use crate::error::{ApiError, ApiJson};
use crate::state::AppState;
use crate::storage::contact_messages;

/// `POST /api/contact-messages`: 201 with a new reference, or 200 with the
/// first reference when the same idempotency key comes again.
#[utoipa::path(post, path = "/api/contact-messages", tag = "contact",
    request_body = ContactRequest,
    responses(
        (status = 201, description = "Kept for staff, copied to the organisation and acknowledged to the sender; quote the reference", body = ContactReceipt),
        (status = 200, description = "A retry of a message already taken: its first reference", body = ContactReceipt),
        (status = 422, description = "Some fields were refused; see `fields`", body = ErrorResponse),
    ),
)]
#[tracing::instrument(skip_all)]
pub async fn create(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<ContactRequest>,
) -> Result<(StatusCode, Json<ContactReceipt>), ApiError> {
    let (status, reference) = state.contact.send(&state, &request).await?;
    Ok((status, Json(ContactReceipt { reference })))
}

#[derive(Debug, serde::Deserialize)]
pub struct BeforeQuery {
    before: Option<String>,
}

/// `GET /api/staff/contact-messages`.
#[utoipa::path(get, path = "/api/staff/contact-messages", tag = "staff",
    params(("before" = Option<String>, Query, description = "Only messages received before this time (RFC 3339, as `received_at` gives it), for the next page")),
    responses(
        (status = 200, description = "The newest 50 messages, newest first", body = Vec<ReceivedMessage>),
        (status = 401, description = "Not signed in", body = ErrorResponse),
        (status = 403, description = "Not staff (`forbidden`), or staff signed in without a passkey (`passkey_required`)", body = ErrorResponse),
    ),
)]
pub async fn received(
    State(state): State<AppState>,
    _staff: Staff,
    query: Result<Query<BeforeQuery>, QueryRejection>,
) -> Result<impl IntoResponse, ApiError> {
    let Query(query) = query.map_err(|e| ApiError::BadRequest(e.body_text()))?;
    let messages = contact_messages::received(&state.pool, query.before.as_deref()).await?;
    Ok(([PERSONAL], Json(messages)))
}
