use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use civic_api::ErrorResponse;
use civic_api::contact::{ContactReceipt, ContactRequest};

use crate::error::{ApiError, ApiJson};
use crate::state::AppState;

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
