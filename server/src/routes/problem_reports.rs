use anyhow::Context;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use civic_api::ErrorResponse;
use civic_api::problem_report::{ProblemReportReceipt, ProblemReportRequest};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::error::{ApiError, ApiJson};
use crate::state::AppState;
use crate::storage::problem_reports::{find_reference, insert, new_reference};

/// A fresh reference is taken again only if it collides with a stored one;
/// with ~900 million references that is rare, three times in a row absurd.
const REFERENCE_ATTEMPTS: usize = 3;

/// `POST /api/problem-reports`: 201 with a new reference, or 200 with the
/// first reference when the same idempotency key comes again.
#[utoipa::path(post, path = "/api/problem-reports", tag = "problem reports",
    request_body = ProblemReportRequest,
    responses(
        (status = 201, description = "Stored; quote the reference", body = ProblemReportReceipt),
        (status = 200, description = "A retry of a report already stored: its first reference", body = ProblemReportReceipt),
        (status = 400, description = "Not the JSON this endpoint takes (e.g. an unknown field)", body = ErrorResponse),
        (status = 403, description = "Sent from another site", body = ErrorResponse),
        (status = 413, description = "Body over 16 KiB", body = ErrorResponse),
        (status = 415, description = "Not application/json", body = ErrorResponse),
        (status = 422, description = "Some fields were refused; see `fields`", body = ErrorResponse),
        (status = 429, description = "Too many writes from this client; see Retry-After", body = ErrorResponse),
    ),
)]
#[tracing::instrument(skip_all)]
pub async fn create(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<ProblemReportRequest>,
) -> Result<(StatusCode, Json<ProblemReportReceipt>), ApiError> {
    let (status, reference) = file(&state, &request).await?;
    Ok(receipt(status, reference))
}

/// Stores a report as the API and the report page's own form post take it:
/// `201` and a new reference, or `200` and the first reference when the
/// same idempotency key comes again.
pub async fn file(state: &AppState, request: &ProblemReportRequest) -> Result<(StatusCode, String), ApiError> {
    if request.looks_automated() {
        // Looks like success, so a bot learns nothing from the answer.
        tracing::info!("honeypot filled in: the report is not stored");
        return Ok((StatusCode::CREATED, new_reference()));
    }
    let report = request.validate().map_err(ApiError::Validation)?;
    let created_at = OffsetDateTime::now_utc()
        .format(&Rfc3339)
        .context("Failed to format the current time")?;
    let mut tx = state.pool.begin().await.context("Failed to start a transaction")?;
    // Writing first, then reading on conflict, takes SQLite's write lock at
    // once: a read that later turns into a write could fail under load.
    for _ in 0..REFERENCE_ATTEMPTS {
        let reference = new_reference();
        if insert(&mut tx, &reference, &report, &created_at).await? {
            tx.commit().await.context("Failed to commit a problem report")?;
            tracing::info!(%reference, "problem report stored");
            return Ok((StatusCode::CREATED, reference));
        }
        if let Some(existing) = find_reference(&mut tx, &report.idempotency_key).await? {
            tracing::info!(reference = %existing, "problem report retried: answering with its first reference");
            return Ok((StatusCode::OK, existing));
        }
    }
    Err(anyhow::anyhow!("Failed to find a free problem report reference").into())
}

fn receipt(status: StatusCode, reference: String) -> (StatusCode, Json<ProblemReportReceipt>) {
    (status, Json(ProblemReportReceipt { reference }))
}
