//! The `consent_log` table: each decision with its random id, categories,
//! policy revision, privacy signal and the server's time. Nothing else.

use crate::db::{Db, Flag};
use anyhow::Context;
use civic_api::analytics::ConsentRates;
use civic_api::consent::ConsentDecision;
use sqlx::Executor;

#[tracing::instrument(skip_all)]
pub async fn insert<'e>(
    executor: impl Executor<'e, Database = Db>,
    decision: &ConsentDecision,
    recorded_at: &str,
) -> anyhow::Result<()> {
    sqlx::query(
        "INSERT INTO consent_log (consent_id, preferences, analytics, external_media, revision, signal, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(decision.consent_id.as_str())
    .bind(Flag(decision.choices.preferences))
    .bind(Flag(decision.choices.analytics))
    .bind(Flag(decision.choices.external_media))
    .bind(i64::from(decision.revision))
    .bind(decision.signal.map(|signal| signal.as_str()))
    .bind(recorded_at)
    .execute(executor)
    .await
    .context("Failed to log a consent decision")?;
    Ok(())
}

/// Decisions recorded from `from` (`YYYY-MM-DD`, UTC) on.
pub async fn rates<'e>(executor: impl Executor<'e, Database = Db>, from: &str) -> anyhow::Result<ConsentRates> {
    let row: (i64, i64, i64, i64, i64, i64) = sqlx::query_as(
        "SELECT COUNT(*),
                COALESCE(SUM(preferences), 0),
                COALESCE(SUM(analytics), 0),
                COALESCE(SUM(external_media), 0),
                COALESCE(SUM(CASE WHEN preferences = 0 AND analytics = 0 AND external_media = 0 THEN 1 ELSE 0 END), 0),
                COALESCE(SUM(CASE WHEN signal IS NULL THEN 0 ELSE 1 END), 0)
         FROM consent_log WHERE recorded_at >= $1",
    )
    .bind(from)
    .fetch_one(executor)
    .await
    .context("Failed to read the consent rates")?;
    let count = |value: i64| u64::try_from(value).context("A consent count is negative");
    Ok(ConsentRates {
        decisions: count(row.0)?,
        preferences: count(row.1)?,
        analytics: count(row.2)?,
        external_media: count(row.3)?,
        rejected_all: count(row.4)?,
        with_signal: count(row.5)?,
    })
}

/// One decision as the auditor's export lists it.
#[derive(Debug, sqlx::FromRow)]
pub struct DecisionRow {
    pub consent_id: String,
    pub preferences: i32,
    pub analytics: i32,
    pub external_media: i32,
    pub revision: i64,
    pub signal: Option<String>,
    pub recorded_at: String,
}

/// Decisions recorded from `start` until before `end`, oldest first.
pub async fn between<'e>(
    executor: impl Executor<'e, Database = Db>,
    start: &str,
    end: &str,
) -> anyhow::Result<Vec<DecisionRow>> {
    sqlx::query_as(
        "SELECT consent_id, preferences, analytics, external_media, CAST(revision AS BIGINT) AS revision, signal, recorded_at
         FROM consent_log WHERE recorded_at >= $1 AND recorded_at < $2 ORDER BY recorded_at, id",
    )
    .bind(start)
    .bind(end)
    .fetch_all(executor)
    .await
    .context("Failed to read the consent log")
}
