//! Petitions at run time: the in-memory registry the count endpoint reads,
//! the one writer every signature goes through, and their e-mails.

pub mod codes;
pub mod mails;
pub mod registry;
pub mod writer;

use std::sync::Arc;

use sqlx::SqlitePool;
use time::OffsetDateTime;

use crate::mail::Mailer;
use crate::secret::SecretKey;
use crate::tokens::{self, Purpose};
use mails::Mails;
use registry::Registry;
use writer::Writer;

/// Idempotency keys are kept this long: a client retries within minutes.
const FORGET_REQUESTS_AFTER: time::Duration = time::Duration::days(7);

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
    ) -> anyhow::Result<Petitions> {
        let before = crate::mail::outbox::stamp(OffsetDateTime::now_utc() - FORGET_REQUESTS_AFTER);
        let forgotten = crate::storage::signatures::forget_requests(pool, &before).await?;
        tracing::debug!(forgotten, "old idempotency keys forgotten");
        let registry = Arc::new(Registry::load(pool).await?);
        let mails = Mails::new(public_url, key.clone())?;
        let writer = Writer::spawn(pool.clone(), Arc::clone(&registry), mails, mailer);
        Ok(Petitions { registry, writer, key })
    }

    /// The signature id a token from one of our e-mails names, if it is
    /// genuine, unexpired and made for `purpose`.
    pub fn verify(&self, purpose: Purpose, token: &str) -> Option<i64> {
        tokens::verify(&self.key, purpose, token.trim(), OffsetDateTime::now_utc())
    }
}
