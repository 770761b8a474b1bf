//! Which server runs a scheduled task this time.

use anyhow::Context;

use crate::db::Pool;

/// Records that `task` runs at `now` unless it already ran after `since`;
/// true when this caller got the run. Of several servers asking at once,
/// exactly one gets it: the statement is one atomic upsert on both
/// databases.
pub async fn claim(pool: &Pool, task: &str, now: &str, since: &str) -> anyhow::Result<bool> {
    let claimed: Option<String> = sqlx::query_scalar(
        "INSERT INTO scheduled_runs (task, last_run_at) VALUES ($1, $2)
         ON CONFLICT (task) DO UPDATE SET last_run_at = excluded.last_run_at
         WHERE scheduled_runs.last_run_at <= $3
         RETURNING task",
    )
    .bind(task)
    .bind(now)
    .bind(since)
    .fetch_optional(pool)
    .await
    .with_context(|| format!("Failed to claim the run of {task}"))?;
    Ok(claimed.is_some())
}
