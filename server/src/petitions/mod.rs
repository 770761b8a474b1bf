//! Petitions at run time: the in-memory registry the count endpoint reads,
//! the one writer every signature goes through (`writer`, the group
//! commit) with the rules it applies (`signing`), and their e-mails. The
//! rules' refusals become the API's errors here, in one place.

pub mod codes;
pub mod mails;
pub mod news;
pub mod registry;
pub mod signing;
pub mod writer;

use std::sync::Arc;

use crate::db::Pool;
use civic_api::petition::{Confirmation, PetitionDetail, SignReceipt, SignRequest};
use civic_api::{Email, IdempotencyKey, Locale};
use time::OffsetDateTime;

use crate::images::ImageVariants;
use crate::mail::Mailer;
use crate::newsletter::Newsletter;
use crate::secret::SecretKey;
use crate::storage::signatures as storage;
use crate::tokens::{self, Purpose};
use mails::Mails;
use registry::{Live, Registry};
use signing::{Answer, Refusal, Work};
use writer::Writer;

use crate::refused::Refused;

/// Idempotency keys are kept this long: a client retries within minutes.
const FORGET_REQUESTS_AFTER: time::Duration = time::Duration::days(7);
/// A signature nobody confirmed is deleted this long after it was made,
/// well after its 7-day confirmation link has expired.
pub const FORGET_UNCONFIRMED_AFTER: time::Duration = time::Duration::days(30);
pub struct Petitions {
    /// The published petitions; `registry()` for them as they are now.
    pub live: Arc<Live>,
    pub writer: Writer,
    /// The news e-mails (the writer has its own for signing's).
    pub mails: Mails,
    key: SecretKey,
}

impl Petitions {
    /// Loads the stored petitions (after `storage::petitions::sync`) and
    /// starts the writer.
    pub async fn start(
        pool: &Pool,
        key: SecretKey,
        mailer: Mailer,
        public_url: &str,
        newsletter: Arc<Newsletter>,
        images: &ImageVariants,
        image_cache: &std::path::Path,
    ) -> anyhow::Result<Petitions> {
        crate::tidying::start(pool, "old signing records", |pool, now| async move {
            tidy(&pool, now).await
        })
        .await?;
        let live = Arc::new(Live::load(pool, images, image_cache).await?);
        live.keep_fresh(pool.clone());
        let writer = Writer::spawn(
            pool.clone(),
            Arc::clone(&live),
            Mails::new(public_url, key.clone())?,
            mailer,
            newsletter,
        );
        let mails = Mails::new(public_url, key.clone())?;
        Ok(Petitions {
            live,
            writer,
            mails,
            key,
        })
    }

    /// The published petitions as they are now.
    pub fn registry(&self) -> Arc<Registry> {
        self.live.now()
    }

    /// The signature id a token from one of our e-mails names, if it is
    /// genuine, unexpired and made for `purpose`.
    pub fn verify(&self, purpose: Purpose, token: &str) -> Option<i64> {
        tokens::verify(&self.key, purpose, token.trim(), OffsetDateTime::now_utc())
    }

    /// Signs petition `slug` as `request` asks, whether the app sent it or
    /// the browser posted the form by itself.
    /// `member`: the address of the signed-in account, if any; signing with
    /// it counts at once, as a person token does.
    pub async fn sign(&self, slug: &str, request: SignRequest, member: Option<Email>) -> Result<SignReceipt, Refused> {
        let petition = self.registry().find(slug).cloned().ok_or(Refused::NotFound)?;
        if request.looks_automated() {
            // Looks like every other answer, so a bot learns nothing.
            tracing::info!("honeypot filled in: the signature is not stored");
            return Ok(SignReceipt::CheckInbox);
        }
        if petition.closed() {
            return Err(refused(Refusal::Closed));
        }
        let signature = request.validate().map_err(Refused::Invalid)?;
        // A tampered or expired token is ignored: the visitor signs as anyone.
        let person = signature
            .token
            .as_deref()
            .and_then(|token| self.verify(Purpose::Person, token));
        let work = Work::Sign {
            petition,
            signature: Box::new(signature),
            person,
            member,
        };
        match self.writer.submit(work).await?.map_err(refused)? {
            Answer::Receipt(answer) => Ok(answer),
            other => Err(anyhow::anyhow!("The writer answered a signature with {other:?}").into()),
        }
    }

    /// Confirms the signature a confirmation link's `token` names; doing it
    /// again changes nothing. `NotFound` for a token that is not genuine,
    /// has expired or was made for something else.
    pub async fn confirm(&self, token: &str) -> Result<Confirmation, Refused> {
        let signature_id = self.verify(Purpose::Confirm, token).ok_or(Refused::NotFound)?;
        match self
            .writer
            .submit(Work::Confirm { signature_id })
            .await?
            .map_err(refused)?
        {
            Answer::Confirmation(confirmation) => Ok(confirmation),
            other => Err(anyhow::anyhow!("The writer answered a confirmation with {other:?}").into()),
        }
    }

    /// Sends the confirmation e-mail of the pending signature of `email` on
    /// `petition` again; nothing for any other address, and the same
    /// answer, so nobody learns who signed.
    pub async fn resend(
        &self,
        petition: Arc<registry::Petition>,
        key: IdempotencyKey,
        email: Email,
        locale: Locale,
    ) -> Result<(), Refused> {
        let work = Work::Resend {
            petition,
            key,
            email,
            locale,
        };
        self.writer.submit(work).await?.map_err(refused)?;
        Ok(())
    }

    /// The whole petition `slug` in `locale` (or the language it is written
    /// in), with its count now and its counts by country: what the API
    /// answers, and what the server draws its page from.
    pub async fn detail(&self, pool: &Pool, slug: &str, locale: Locale) -> anyhow::Result<Option<PetitionDetail>> {
        let Some(petition) = self.registry().find(slug).cloned() else {
            return Ok(None);
        };
        let text = petition.text(locale);
        let Some(body) = crate::storage::petitions::body(pool, petition.id(), text.locale).await? else {
            return Ok(None);
        };
        let by_country = crate::storage::petitions::by_country(pool, petition.id()).await?;
        let news = crate::storage::petition_news::items(pool, petition.id(), locale).await?;
        let count = petition.count_now();
        Ok(Some(PetitionDetail {
            slug: petition.slug().clone(),
            locale: text.locale,
            title: text.title.clone(),
            summary: text.summary.clone(),
            addressed_to: body.addressed_to,
            body_html: body.body_html,
            image: petition.image(locale),
            count: count.count,
            goal: count.goal,
            closed: count.closed,
            opened_on: petition.stored.opened_on.clone(),
            languages: petition.languages(),
            by_country,
            short_path: petition.stored.short_code.path(),
            news,
        }))
    }
}

/// A job the signing rules refused, in the feature's words.
fn refused(refusal: Refusal) -> Refused {
    match refusal {
        Refusal::Unknown => Refused::NotFound,
        Refusal::Closed => Refused::PetitionClosed,
    }
}

/// Deletes what is no longer needed as of `now`: old idempotency keys and
/// signatures that were never confirmed.
pub async fn tidy(pool: &Pool, now: OffsetDateTime) -> anyhow::Result<()> {
    let stamp = crate::db::stamp;
    let requests = storage::forget_requests(pool, &stamp(now - FORGET_REQUESTS_AFTER)).await?;
    let unconfirmed = storage::forget_unconfirmed(pool, &stamp(now - FORGET_UNCONFIRMED_AFTER)).await?;
    tracing::debug!(requests, unconfirmed, "old records forgotten");
    Ok(())
}
