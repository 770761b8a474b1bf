use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use civic_api::ErrorResponse;
use civic_api::problem_report::{ProblemReportReceipt, ProblemReportRequest};

use crate::error::{ApiError, ApiJson};
use crate::problem_reports::file;
use crate::state::AppState;

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

fn receipt(status: StatusCode, reference: String) -> (StatusCode, Json<ProblemReportReceipt>) {
    (status, Json(ProblemReportReceipt { reference }))
}
