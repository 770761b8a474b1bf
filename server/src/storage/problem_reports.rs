//! The `problem_reports` table.

use anyhow::Context;
use civic_api::IdempotencyKey;
use civic_api::problem_report::ProblemReport;

use crate::db::Transaction;
use crate::storage::references;

/// A reference a visitor can read out on the phone, such as `PR-7K3QX9`.
pub fn new_reference() -> String {
    references::new_reference("PR")
}

/// The reference already given to this key, if the report was stored.
#[tracing::instrument(skip_all)]
pub async fn find_reference(tx: &mut Transaction<'_>, key: &IdempotencyKey) -> anyhow::Result<Option<String>> {
    sqlx::query_scalar("SELECT reference FROM problem_reports WHERE idempotency_key = $1")
        .bind(key.as_str())
        .fetch_optional(&mut **tx)
        .await
        .context("Failed to look up an idempotency key")
}

/// Stores the report under `reference`. `false` when nothing was stored
/// because the key or the reference is taken; the caller tells which.
#[tracing::instrument(skip_all, fields(reference))]
pub async fn insert(
    tx: &mut Transaction<'_>,
    reference: &str,
    report: &ProblemReport,
    created_at: &str,
) -> anyhow::Result<bool> {
    let result = sqlx::query(
        "INSERT INTO problem_reports (reference, idempotency_key, locale, page, description, email, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT DO NOTHING",
    )
    .bind(reference)
    .bind(report.idempotency_key.as_str())
    .bind(report.locale.as_str())
    .bind(&report.page)
    .bind(&report.description)
    .bind(report.email.as_ref().map(|email| email.as_str()))
    .bind(created_at)
    .execute(&mut **tx)
    .await
    .context("Failed to store a problem report")?;
    Ok(result.rows_affected() == 1)
}
