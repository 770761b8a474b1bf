//! Forgetting on a schedule: each part of the site that keeps something for
//! a limited time (unconfirmed signatures, newsletter sign-ups) tidies once
//! at start-up and then every hour.

use std::future::Future;
use std::time::Duration;

use crate::db::Pool;
use time::OffsetDateTime;

const EVERY: Duration = Duration::from_secs(60 * 60);

/// Runs `tidy` now, then every hour in the background. A failure at start-up
/// stops the server; a later one is logged and tried again an hour on.
pub async fn start<F, Fut>(pool: &Pool, what: &'static str, tidy: F) -> anyhow::Result<()>
where
    F: Fn(Pool, OffsetDateTime) -> Fut + Send + 'static,
    Fut: Future<Output = anyhow::Result<()>> + Send,
{
    tidy(pool.clone(), OffsetDateTime::now_utc()).await?;
    let pool = pool.clone();
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(EVERY);
        // The first tick is immediate, and the start has just tidied.
        interval.tick().await;
        loop {
            interval.tick().await;
            if let Err(error) = tidy(pool.clone(), OffsetDateTime::now_utc()).await {
                tracing::warn!(error = ?error, "tidying {what} failed; trying again later");
            }
        }
    });
    Ok(())
}
