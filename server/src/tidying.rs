//! Forgetting on a schedule: each part of the site that keeps something for
//! a limited time (unconfirmed signatures, newsletter sign-ups) tidies at
//! start-up and then every hour. Of several servers on one database, only
//! the first to ask in each hour tidies; the others find it done.

use std::future::Future;
use std::time::Duration;

use time::OffsetDateTime;

use crate::db::{self, Pool};
use crate::storage::scheduled_runs;

const EVERY: Duration = Duration::from_secs(60 * 60);
/// A run counts as this hour's when it is younger than this: a little less
/// than an hour, so that a server's own timer never finds its last run too
/// recent.
const RAN_RECENTLY: Duration = Duration::from_secs(55 * 60);

/// Runs `tidy` now, then every hour in the background, unless another
/// server ran it within the hour. A failure at start-up stops the server; a
/// later one is logged and tried again an hour on.
pub async fn start<F, Fut>(pool: &Pool, what: &'static str, tidy: F) -> anyhow::Result<()>
where
    F: Fn(Pool, OffsetDateTime) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = anyhow::Result<()>> + Send,
{
    run_unless_done(pool, what, &tidy).await?;
    let pool = pool.clone();
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(EVERY);
        // The first tick is immediate, and the start has just tidied.
        interval.tick().await;
        loop {
            interval.tick().await;
            if let Err(error) = run_unless_done(&pool, what, &tidy).await {
                tracing::warn!(error = ?error, "tidying {what} failed; trying again later");
            }
        }
    });
    Ok(())
}

async fn run_unless_done<F, Fut>(pool: &Pool, what: &'static str, tidy: &F) -> anyhow::Result<()>
where
    F: Fn(Pool, OffsetDateTime) -> Fut,
    Fut: Future<Output = anyhow::Result<()>>,
{
    let now = OffsetDateTime::now_utc();
    if scheduled_runs::claim(pool, what, &db::stamp(now), &db::stamp(now - RAN_RECENTLY)).await? {
        tidy(pool.clone(), now).await
    } else {
        tracing::debug!("tidying {what}: another server did within the hour");
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;
    use crate::config::Secret;

    async fn server_pool(dir: &std::path::Path, url: Option<&str>) -> (Pool, String) {
        let url = url.map_or_else(|| db::test_database_url(dir), str::to_owned);
        (db::connect(&Secret::new(url.clone())).await.unwrap(), url)
    }

    #[tokio::test]
    async fn of_two_servers_asking_at_once_one_tidies_and_each_task_is_its_own() {
        let dir = tempfile::tempdir().unwrap();
        let (first, url) = server_pool(dir.path(), None).await;
        let (second, _) = server_pool(dir.path(), Some(&url)).await;
        let runs = Arc::new(AtomicUsize::new(0));
        let tidy = |_pool, _now| {
            let runs = Arc::clone(&runs);
            async move {
                runs.fetch_add(1, Ordering::SeqCst);
                anyhow::Ok(())
            }
        };

        let (a, b) = tokio::join!(
            run_unless_done(&first, "signing records", &tidy),
            run_unless_done(&second, "signing records", &tidy)
        );
        a.unwrap();
        b.unwrap();
        assert_eq!(runs.load(Ordering::SeqCst), 1);

        run_unless_done(&second, "the newsletter list", &tidy).await.unwrap();
        assert_eq!(runs.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn a_run_is_due_again_once_the_last_is_older_than_55_minutes() {
        let dir = tempfile::tempdir().unwrap();
        let (pool, _) = server_pool(dir.path(), None).await;
        let start = OffsetDateTime::now_utc();
        let claim_at = |minutes: i64| {
            let now = start + time::Duration::minutes(minutes);
            let pool = pool.clone();
            async move {
                scheduled_runs::claim(&pool, "task", &db::stamp(now), &db::stamp(now - RAN_RECENTLY))
                    .await
                    .unwrap()
            }
        };
        assert!(claim_at(0).await);
        assert!(!claim_at(0).await);
        assert!(!claim_at(54).await);
        assert!(claim_at(56).await);
        assert!(!claim_at(100).await);
        assert!(claim_at(112).await);
    }
}
