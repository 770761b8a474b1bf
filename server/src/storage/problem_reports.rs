//! The `problem_reports` table.

use anyhow::Context;
use civic_api::IdempotencyKey;
use civic_api::problem_report::ProblemReport;
use rand::Rng;

use crate::db::Transaction;

/// Letters and digits that cannot be misread for one another (no 0/O, 1/I/L).
const REFERENCE_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
const REFERENCE_LEN: usize = 6;

/// A reference a visitor can read out on the phone, such as `PR-7K3QX9`.
pub fn new_reference() -> String {
    let mut rng = rand::rng();
    let code: String = (0..REFERENCE_LEN)
        .map(|_| char::from(REFERENCE_ALPHABET[rng.random_range(0..REFERENCE_ALPHABET.len())]))
        .collect();
    format!("PR-{code}")
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_short_and_unambiguous() {
        for _ in 0..200 {
            let reference = new_reference();
            let code = reference.strip_prefix("PR-").unwrap();
            assert_eq!(code.len(), REFERENCE_LEN);
            assert!(code.bytes().all(|b| REFERENCE_ALPHABET.contains(&b)), "{reference}");
        }
    }
}
