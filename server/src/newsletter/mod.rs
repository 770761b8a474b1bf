//! The newsletter list: sign-up with double opt-in, unsubscribing (and
//! undoing it) with the signed links every list message carries, the
//! petition form's opt-in, sending issues, and forgetting those who never
//! confirmed or who left.

pub mod issue;
pub mod mails;
pub mod sending;
mod subscriptions;

use crate::db::{Db, Pool};
use anyhow::Context;
use sqlx::pool::PoolConnection;
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
pub struct Newsletter {
    pool: Pool,
    mailer: Mailer,
    mails: std::sync::Arc<Mails>,
}

impl Newsletter {
    /// Tidies once, then every hour in the background.
    pub async fn start(pool: &Pool, key: SecretKey, mailer: Mailer, public_url: &str) -> anyhow::Result<Newsletter> {
        crate::tidying::start(pool, "the newsletter list", |pool, now| async move {
            tidy(&pool, now).await
        })
        .await?;
        Ok(Newsletter {
            pool: pool.clone(),
            mailer,
            mails: std::sync::Arc::new(Mails::new(public_url, key)?),
        })
    }

    /// The list's mails, which the mailings' sending shares.
    pub fn mails(&self) -> &std::sync::Arc<Mails> {
        &self.mails
    }

    async fn connection(&self) -> anyhow::Result<PoolConnection<Db>> {
        self.pool.acquire().await.context("Failed to get a database connection")
    }
}

/// Deletes, as of `now`, sign-ups never confirmed and addresses whose undo
/// window has passed.
pub async fn tidy(pool: &Pool, now: OffsetDateTime) -> anyhow::Result<()> {
    let stamp = crate::db::stamp;
    let forgotten = storage::forget_inactive(
        pool,
        &stamp(now - FORGET_PENDING_AFTER),
        &stamp(now - FORGET_UNSUBSCRIBED_AFTER),
    )
    .await?;
    tracing::debug!(forgotten, "inactive newsletter subscribers forgotten");
    Ok(())
}
