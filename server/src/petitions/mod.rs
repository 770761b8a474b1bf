//! Petitions at run time: the in-memory registry the count endpoint reads,
//! the one writer every signature goes through, and their e-mails.

pub mod codes;
pub mod mails;
pub mod registry;
pub mod writer;

use std::sync::Arc;

use sqlx::SqlitePool;
use time::OffsetDateTime;

use crate::images::ImageVariants;
use crate::mail::Mailer;
use crate::newsletter::Newsletter;
use crate::secret::SecretKey;
use crate::storage::signatures as storage;
use crate::tokens::{self, Purpose};
use mails::Mails;
use registry::Registry;
use writer::Writer;

/// Idempotency keys are kept this long: a client retries within minutes.
const FORGET_REQUESTS_AFTER: time::Duration = time::Duration::days(7);
/// A signature nobody confirmed is deleted this long after it was made,
/// well after its 7-day confirmation link has expired.
pub const FORGET_UNCONFIRMED_AFTER: time::Duration = time::Duration::days(30);
pub struct Petitions {
    pub registry: Arc<Registry>,
    pub writer: Writer,
    key: SecretKey,
}

impl Petitions {
    /// Loads the stored petitions (after `storage::petitions::sync`) and
    /// starts the writer.
    pub async fn start(
        pool: &SqlitePool,
        key: SecretKey,
        mailer: Mailer,
        public_url: &str,
        newsletter: Arc<Newsletter>,
        images: &ImageVariants,
    ) -> anyhow::Result<Petitions> {
        crate::tidying::start(pool, "old signing records", |pool, now| async move {
            tidy(&pool, now).await
        })
        .await?;
        let registry = Arc::new(Registry::load(pool, images).await?);
        let mails = Mails::new(public_url, key.clone())?;
        let writer = Writer::spawn(pool.clone(), Arc::clone(&registry), mails, mailer, newsletter);
        Ok(Petitions { registry, writer, key })
    }

    /// The signature id a token from one of our e-mails names, if it is
    /// genuine, unexpired and made for `purpose`.
    pub fn verify(&self, purpose: Purpose, token: &str) -> Option<i64> {
        tokens::verify(&self.key, purpose, token.trim(), OffsetDateTime::now_utc())
    }
}

/// Deletes what is no longer needed as of `now`: old idempotency keys and
/// signatures that were never confirmed.
pub async fn tidy(pool: &SqlitePool, now: OffsetDateTime) -> anyhow::Result<()> {
    let stamp = crate::mail::outbox::stamp;
    let requests = storage::forget_requests(pool, &stamp(now - FORGET_REQUESTS_AFTER)).await?;
    let unconfirmed = storage::forget_unconfirmed(pool, &stamp(now - FORGET_UNCONFIRMED_AFTER)).await?;
    tracing::debug!(requests, unconfirmed, "old records forgotten");
    Ok(())
}
