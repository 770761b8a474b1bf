//! The `sign_in_failures` table: recent failed sign-ins per subject (an
//! address or a client), which `accounts::throttle` turns into delays.

use anyhow::Context;
use sqlx::Executor;

use crate::db::{Connection, Db};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Failures {
    pub failures: i32,
    pub last_failed_at: String,
    pub blocked_until: String,
}

pub async fn find<'e>(executor: impl Executor<'e, Database = Db>, subject: &str) -> anyhow::Result<Option<Failures>> {
    sqlx::query_as("SELECT failures, last_failed_at, blocked_until FROM sign_in_failures WHERE subject = $1")
        .bind(subject)
        .fetch_optional(executor)
        .await
        .context("Failed to read failed sign-ins")
}

pub async fn put(conn: &mut Connection, subject: &str, failures: &Failures) -> anyhow::Result<()> {
    sqlx::query(
        "INSERT INTO sign_in_failures (subject, failures, last_failed_at, blocked_until) VALUES ($1, $2, $3, $4)
         ON CONFLICT (subject) DO UPDATE
         SET failures = excluded.failures, last_failed_at = excluded.last_failed_at, blocked_until = excluded.blocked_until",
    )
    .bind(subject)
    .bind(failures.failures)
    .bind(&failures.last_failed_at)
    .bind(&failures.blocked_until)
    .execute(conn)
    .await
    .context("Failed to count a failed sign-in")?;
    Ok(())
}

pub async fn clear<'e>(executor: impl Executor<'e, Database = Db>, subject: &str) -> anyhow::Result<()> {
    sqlx::query("DELETE FROM sign_in_failures WHERE subject = $1")
        .bind(subject)
        .execute(executor)
        .await
        .context("Failed to forget failed sign-ins")?;
    Ok(())
}

/// Forgets failures older than `before`: they no longer slow anyone down.
pub async fn forget_before<'e>(executor: impl Executor<'e, Database = Db>, before: &str) -> anyhow::Result<u64> {
    let done = sqlx::query("DELETE FROM sign_in_failures WHERE last_failed_at < $1 AND blocked_until < $1")
        .bind(before)
        .execute(executor)
        .await
        .context("Failed to forget old failed sign-ins")?;
    Ok(done.rows_affected())
}
