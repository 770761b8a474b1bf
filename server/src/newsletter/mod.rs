//! The newsletter list: sign-up with double opt-in, unsubscribing (and
//! undoing it) with the signed links every list message carries, the
//! petition form's opt-in, sending issues, and forgetting those who never
//! confirmed or who left.

pub mod issue;
pub mod mails;
pub mod sending;
mod subscriptions;

use anyhow::Context;
use sqlx::pool::PoolConnection;
use sqlx::{Sqlite, SqlitePool};
use time::OffsetDateTime;

use crate::mail::Mailer;
use crate::secret::SecretKey;
use crate::storage::newsletter as storage;
use mails::Mails;

pub use subscriptions::TokenAction;

/// A sign-up nobody confirmed is deleted this long after it was made, well
/// after its 7-day confirmation link has expired.
pub const FORGET_PENDING_AFTER: time::Duration = time::Duration::days(30);
/// An unsubscribed address is deleted this long after it left: until then
/// the unsubscribe page can undo it.
pub const FORGET_UNSUBSCRIBED_AFTER: time::Duration = time::Duration::days(30);
/// How often the old records above are looked for.
const TIDY_EVERY: std::time::Duration = std::time::Duration::from_secs(60 * 60);

pub struct Newsletter {
    pool: SqlitePool,
    mailer: Mailer,
    mails: Mails,
}

impl Newsletter {
    /// Tidies once, then every hour in the background.
    pub async fn start(
        pool: &SqlitePool,
        key: SecretKey,
        mailer: Mailer,
        public_url: &str,
    ) -> anyhow::Result<Newsletter> {
        tidy(pool, OffsetDateTime::now_utc()).await?;
        spawn_tidying(pool.clone());
        Ok(Newsletter {
            pool: pool.clone(),
            mailer,
            mails: Mails::new(public_url, key)?,
        })
    }

    async fn connection(&self) -> anyhow::Result<PoolConnection<Sqlite>> {
        self.pool.acquire().await.context("Failed to get a database connection")
    }
}

/// Deletes, as of `now`, sign-ups never confirmed and addresses whose undo
/// window has passed.
pub async fn tidy(pool: &SqlitePool, now: OffsetDateTime) -> anyhow::Result<()> {
    let stamp = crate::mail::outbox::stamp;
    let forgotten = storage::forget_inactive(
        pool,
        &stamp(now - FORGET_PENDING_AFTER),
        &stamp(now - FORGET_UNSUBSCRIBED_AFTER),
    )
    .await?;
    tracing::debug!(forgotten, "inactive newsletter subscribers forgotten");
    Ok(())
}

fn spawn_tidying(pool: SqlitePool) {
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(TIDY_EVERY);
        // The first tick is immediate, and `start` has just tidied.
        interval.tick().await;
        loop {
            interval.tick().await;
            if let Err(error) = tidy(&pool, OffsetDateTime::now_utc()).await {
                tracing::warn!(error = ?error, "tidying the newsletter list failed; trying again later");
            }
        }
    });
}
