//! The console's inbox (staff signed in with a passkey): contact messages
//! and problem reports in one queue, a thread's status and assignee,
//! notes, and replies by e-mail.

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::IntoResponse;
use civic_api::inbox::{InboxItem, InboxLine, InboxStatus, InboxUpdate, NewNote, NewReply};
use civic_api::{ErrorResponse, FieldError, FieldErrors};

use super::accounts::PERSONAL;
use crate::accounts::sessions::Staff;
use crate::error::{ApiError, ApiJson, ApiPath};
use crate::staff::inbox;
use crate::state::AppState;
use crate::storage;

#[derive(Debug, serde::Deserialize)]
pub struct QueueQuery {
    #[serde(default)]
    status: String,
}

/// `GET /api/staff/inbox?status=`.
#[utoipa::path(get, path = "/api/staff/inbox", tag = "staff",
    params(("status" = Option<String>, Query, description = "`new`, `in_progress` or `done`; empty for all")),
    responses(
        (status = 200, description = "The newest 100 messages and reports with that status, newest first", body = Vec<InboxLine>),
        (status = 401, description = "Not signed in", body = ErrorResponse),
        (status = 403, description = "Not staff, or signed in without a passkey", body = ErrorResponse),
        (status = 422, description = "An unknown status", body = ErrorResponse),
    ),
)]
pub async fn queue(
    State(state): State<AppState>,
    _staff: Staff,
    query: Result<Query<QueueQuery>, QueryRejection>,
) -> Result<impl IntoResponse, ApiError> {
    let Query(query) = query.map_err(|e| ApiError::BadRequest(e.body_text()))?;
    let only = match query.status.as_str() {
        "" => None,
        text => Some(
            InboxStatus::parse(text)
                .ok_or_else(|| ApiError::Validation(FieldErrors::from([("status".to_owned(), FieldError::Invalid)])))?,
        ),
    };
    Ok(([PERSONAL], Json(storage::inbox::queue(&state.pool, only).await?)))
}

/// `GET /api/staff/inbox/{reference}`.
#[utoipa::path(get, path = "/api/staff/inbox/{reference}", tag = "staff",
    params(("reference" = String, Path, description = "A message's or a report's reference")),
    responses(
        (status = 200, description = "The thread whole: what was sent, its state, notes and replies", body = InboxItem),
        (status = 401, description = "Not signed in", body = ErrorResponse),
        (status = 403, description = "Not staff, or signed in without a passkey", body = ErrorResponse),
        (status = 404, description = "No such message or report", body = ErrorResponse),
    ),
)]
pub async fn show(
    State(state): State<AppState>,
    _staff: Staff,
    ApiPath(reference): ApiPath<String>,
) -> Result<impl IntoResponse, ApiError> {
    Ok(([PERSONAL], Json(inbox::item(&state, &reference).await?)))
}

/// `PUT /api/staff/inbox/{reference}`.
#[utoipa::path(put, path = "/api/staff/inbox/{reference}", tag = "staff",
    params(("reference" = String, Path, description = "A message's or a report's reference")),
    request_body = InboxUpdate,
    responses(
        (status = 200, description = "The thread with its new status and assignee (or as it stands after a retry)", body = InboxItem),
        (status = 401, description = "Not signed in", body = ErrorResponse),
        (status = 403, description = "Not staff, or signed in without a passkey", body = ErrorResponse),
        (status = 404, description = "No such message or report", body = ErrorResponse),
        (status = 409, description = "Someone changed it since `version`: nothing was saved", body = ErrorResponse),
        (status = 422, description = "The assignee is not a staff member", body = ErrorResponse),
    ),
)]
pub async fn update(
    State(state): State<AppState>,
    Staff(staff): Staff,
    ApiPath(reference): ApiPath<String>,
    ApiJson(request): ApiJson<InboxUpdate>,
) -> Result<impl IntoResponse, ApiError> {
    Ok((
        [PERSONAL],
        Json(inbox::update(&state, &staff, &reference, &request).await?),
    ))
}

/// `POST /api/staff/inbox/{reference}/notes`.
#[utoipa::path(post, path = "/api/staff/inbox/{reference}/notes", tag = "staff",
    params(("reference" = String, Path, description = "A message's or a report's reference")),
    request_body = NewNote,
    responses(
        (status = 200, description = "The thread with the note, for staff only", body = InboxItem),
        (status = 401, description = "Not signed in", body = ErrorResponse),
        (status = 403, description = "Not staff, or signed in without a passkey", body = ErrorResponse),
        (status = 404, description = "No such message or report", body = ErrorResponse),
        (status = 422, description = "An empty or overlong note", body = ErrorResponse),
    ),
)]
pub async fn note(
    State(state): State<AppState>,
    Staff(staff): Staff,
    ApiPath(reference): ApiPath<String>,
    ApiJson(request): ApiJson<NewNote>,
) -> Result<impl IntoResponse, ApiError> {
    Ok((
        [PERSONAL],
        Json(inbox::note(&state, &staff, &reference, &request).await?),
    ))
}

/// `POST /api/staff/inbox/{reference}/replies`.
#[utoipa::path(post, path = "/api/staff/inbox/{reference}/replies", tag = "staff",
    params(("reference" = String, Path, description = "A message's or a report's reference")),
    request_body = NewReply,
    responses(
        (status = 200, description = "The reply is queued in the outbox to whoever wrote, and kept with the thread", body = InboxItem),
        (status = 401, description = "Not signed in", body = ErrorResponse),
        (status = 403, description = "Not staff, or signed in without a passkey", body = ErrorResponse),
        (status = 404, description = "No such message or report", body = ErrorResponse),
        (status = 409, description = "Whoever wrote left no address", body = ErrorResponse),
        (status = 422, description = "No subject or no text", body = ErrorResponse),
    ),
)]
pub async fn reply(
    State(state): State<AppState>,
    Staff(staff): Staff,
    ApiPath(reference): ApiPath<String>,
    ApiJson(request): ApiJson<NewReply>,
) -> Result<impl IntoResponse, ApiError> {
    Ok((
        [PERSONAL],
        Json(inbox::reply(&state, &staff, &reference, &request).await?),
    ))
}
