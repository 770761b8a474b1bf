//! The `problem_reports` table.

use civic_api::problem_report::ProblemReport;
use sqlx::any::AnyArguments;
use sqlx::query::Query;

use crate::db::Db;
use crate::storage::references::Referenced;

/// References such as `PR-7K3QX9`.
pub const REPORTS: Referenced = Referenced {
    table: "problem_reports",
    prefix: "PR",
};

/// The statement that stores the report under a reference; nothing when
/// the key or the reference is taken (see `Referenced::store`).
pub fn insert<'q>(
    report: &'q ProblemReport,
    created_at: &'q str,
) -> impl Fn(String) -> Query<'q, Db, AnyArguments<'q>> {
    move |reference| {
        sqlx::query(
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
    }
}
