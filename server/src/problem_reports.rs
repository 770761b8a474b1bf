//! Reports of a problem with the website: stored with a reference the
//! visitor can quote, whether the app sent them or the browser posted the
//! report page's form by itself.

use anyhow::Context;
use axum::http::StatusCode;
use civic_api::problem_report::ProblemReportRequest;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::refused::Refused;
use crate::state::AppState;
use crate::storage::problem_reports::{REPORTS, insert};
use crate::storage::references::Stored;

/// Stores a report as the API and the report page's own form post take it:
/// `201` and a new reference, or `200` and the first reference when the
/// same idempotency key comes again.
pub async fn file(state: &AppState, request: &ProblemReportRequest) -> Result<(StatusCode, String), Refused> {
    if request.looks_automated() {
        // Looks like success, so a bot learns nothing from the answer.
        tracing::info!("honeypot filled in: the report is not stored");
        return Ok((StatusCode::CREATED, REPORTS.new_reference()));
    }
    let report = request.validate().map_err(Refused::Invalid)?;
    let created_at = OffsetDateTime::now_utc()
        .format(&Rfc3339)
        .context("Failed to format the current time")?;
    let mut tx = state.pool.begin().await.context("Failed to start a transaction")?;
    let stored = REPORTS
        .store(&mut tx, &report.idempotency_key, insert(&report, &created_at))
        .await?;
    match stored {
        Stored::New(reference) => {
            tx.commit().await.context("Failed to commit a problem report")?;
            tracing::info!(%reference, "problem report stored");
            Ok((StatusCode::CREATED, reference))
        }
        Stored::Again(reference) => {
            tracing::info!(%reference, "problem report retried: answering with its first reference");
            Ok((StatusCode::OK, reference))
        }
    }
}
