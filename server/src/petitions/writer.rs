//! The one task that writes signatures. Requests queue jobs; the task takes
//! whatever is queued (up to `MAX_BATCH`) into one transaction, commits it
//! once (group commit: one disk sync for the whole batch), then moves the
//! in-memory counts and answers each job. A job is answered only after its
//! commit, so an acknowledged signature is on disk; if the commit fails,
//! every job of the batch gets an error and nothing of it is kept.
//!
//! One writer also means signing, confirming and resending never race one
//! another; the UNIQUE constraints and `confirmed_at IS NULL` guards would
//! still stop a double count if they did.

use std::collections::HashMap;
use std::sync::Arc;

use anyhow::Context;
use civic_api::petition::{Confirmation, Referral, ShortCode, SignReceipt, Signature};
use civic_api::{Country, Email, IdempotencyKey, Locale, PersonName};
use sqlx::{Connection, SqliteConnection, SqlitePool};
use time::OffsetDateTime;
use tokio::sync::{mpsc, oneshot};

use super::codes::new_code;
use super::mails::{Mails, Recipient};
use super::registry::{Petition, Registry};
use crate::error::ApiError;
use crate::mail::{self, Mailer, OutgoingMail};
use crate::newsletter::Newsletter;
use crate::storage::signatures::{self, Confirmed, Inserted, SignatureRow};

/// The most jobs one transaction takes: enough to absorb a surge, few
/// enough that the first in line does not wait long.
pub const MAX_BATCH: usize = 256;
/// Requests waiting beyond this wait for room (back-pressure).
const QUEUE: usize = 8 * MAX_BATCH;
/// A fresh code collides once in 10¹⁴; this many in a row is a bug.
const CODE_ATTEMPTS: usize = 5;

pub enum Work {
    /// A checked sign request. `person` is the signature id a valid person
    /// token named; it proves the address only if it is this one.
    Sign {
        petition: Arc<Petition>,
        signature: Box<Signature>,
        person: Option<i64>,
    },
    Resend {
        petition: Arc<Petition>,
        key: IdempotencyKey,
        email: Email,
        locale: Locale,
    },
    /// The signature a valid confirm token named.
    Confirm { signature_id: i64 },
}

#[derive(Debug)]
pub enum Answer {
    Receipt(SignReceipt),
    Confirmation(Confirmation),
    Done,
}

struct Job {
    work: Work,
    reply: oneshot::Sender<Result<Answer, ApiError>>,
}

#[derive(Clone)]
pub struct Writer {
    jobs: mpsc::Sender<Job>,
}

impl Writer {
    pub fn spawn(
        pool: SqlitePool,
        registry: Arc<Registry>,
        mails: Mails,
        mailer: Mailer,
        newsletter: Arc<Newsletter>,
    ) -> Writer {
        let (jobs, queue) = mpsc::channel(QUEUE);
        let context = Shared {
            pool,
            registry,
            mails,
            mailer,
            newsletter,
        };
        tokio::spawn(run(context, queue));
        Writer { jobs }
    }

    /// Queues `work` and waits for its answer, given after the commit.
    pub async fn submit(&self, work: Work) -> Result<Answer, ApiError> {
        let (reply, answer) = oneshot::channel();
        self.jobs
            .send(Job { work, reply })
            .await
            .map_err(|_| anyhow::anyhow!("The signature writer has stopped"))?;
        answer
            .await
            .map_err(|_| anyhow::anyhow!("The signature writer dropped a job"))?
    }
}

struct Shared {
    pool: SqlitePool,
    registry: Arc<Registry>,
    mails: Mails,
    mailer: Mailer,
    /// Subscribes signers who ticked the newsletter box, once counted.
    newsletter: Arc<Newsletter>,
}

/// What a batch changes outside the database, applied after its commit.
#[derive(Default)]
struct Effects {
    confirmed: HashMap<i64, u64>,
    by_country: HashMap<(i64, Country), u64>,
    mails: usize,
}

impl Effects {
    fn count(&mut self, petition_id: i64, country: Country) {
        *self.confirmed.entry(petition_id).or_default() += 1;
        *self.by_country.entry((petition_id, country)).or_default() += 1;
    }
}

async fn run(context: Shared, mut queue: mpsc::Receiver<Job>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while queue.recv_many(&mut batch, MAX_BATCH).await > 0 {
        write_batch(&context, std::mem::take(&mut batch)).await;
    }
    tracing::info!("the signature writer stopped: no more requests");
}

/// Writes the batch in one transaction. A job that fails on its own is
/// answered with its error and the batch is written again without it, so
/// one bad job never costs the others their signatures.
async fn write_batch(context: &Shared, mut jobs: Vec<Job>) {
    loop {
        let now = OffsetDateTime::now_utc();
        match try_batch(context, &jobs, now).await {
            Ok((answers, effects)) => {
                apply(context, effects);
                for (job, answer) in jobs.into_iter().zip(answers) {
                    let _ = job.reply.send(answer);
                }
                return;
            }
            Err(BatchError::Job(index, error)) => {
                tracing::error!(error = ?error, "a signature job failed; writing the rest of its batch again");
                let job = jobs.remove(index);
                let _ = job.reply.send(Err(ApiError::Unexpected(error)));
                if jobs.is_empty() {
                    return;
                }
            }
            Err(BatchError::Batch(error)) => {
                tracing::error!(error = ?error, jobs = jobs.len(), "a batch of signatures failed to commit");
                for job in jobs {
                    let failed = anyhow::anyhow!("The batch of signatures this request was in failed to commit");
                    let _ = job.reply.send(Err(ApiError::Unexpected(failed)));
                }
                return;
            }
        }
    }
}

enum BatchError {
    Job(usize, anyhow::Error),
    Batch(anyhow::Error),
}

type Answers = Vec<Result<Answer, ApiError>>;

async fn try_batch(context: &Shared, jobs: &[Job], now: OffsetDateTime) -> Result<(Answers, Effects), BatchError> {
    let mut conn = context
        .pool
        .acquire()
        .await
        .context("Failed to get a database connection")
        .map_err(BatchError::Batch)?;
    // IMMEDIATE takes the write lock now (waiting out other writers), so a
    // job that reads before it writes cannot fail on a stale snapshot.
    let mut tx = conn
        .begin_with("BEGIN IMMEDIATE")
        .await
        .context("Failed to start a transaction")
        .map_err(BatchError::Batch)?;
    let stamp = mail::outbox::stamp(now);
    let mut effects = Effects::default();
    let mut answers = Vec::with_capacity(jobs.len());
    for (index, job) in jobs.iter().enumerate() {
        let step = Step {
            context,
            now,
            stamp: &stamp,
        };
        match step.run(&mut tx, &job.work, &mut effects).await {
            Ok(answer) => answers.push(answer),
            Err(error) => return Err(BatchError::Job(index, error)),
        }
    }
    for (petition_id, added) in &effects.confirmed {
        signatures::add_to_total(&mut tx, *petition_id, *added)
            .await
            .map_err(BatchError::Batch)?;
    }
    for ((petition_id, country), added) in &effects.by_country {
        signatures::add_to_counts(&mut tx, *petition_id, *country, *added)
            .await
            .map_err(BatchError::Batch)?;
    }
    tx.commit()
        .await
        .context("Failed to commit a batch of signatures")
        .map_err(BatchError::Batch)?;
    Ok((answers, effects))
}

fn apply(context: &Shared, effects: Effects) {
    for (petition_id, added) in effects.confirmed {
        if let Some(petition) = context.registry.by_id(petition_id) {
            petition.add(added);
        }
    }
    if effects.mails > 0 {
        context.mailer.wake();
    }
}

/// One job inside the batch's transaction. `Ok(Err(_))` is a refusal the
/// visitor sees (unknown or closed); `Err(_)` a failure of the job.
struct Step<'a> {
    context: &'a Shared,
    now: OffsetDateTime,
    stamp: &'a str,
}

impl Step<'_> {
    async fn run(
        &self,
        conn: &mut SqliteConnection,
        work: &Work,
        effects: &mut Effects,
    ) -> anyhow::Result<Result<Answer, ApiError>> {
        match work {
            Work::Sign {
                petition,
                signature,
                person,
            } => {
                let proven = self.proves_address(conn, *person, &signature.email).await?;
                if proven {
                    self.sign_proven(conn, petition, signature, effects).await
                } else {
                    self.sign(conn, petition, signature, effects).await
                }
            }
            Work::Resend {
                petition,
                key,
                email,
                locale,
            } => self.resend(conn, petition, key, email, *locale, effects).await,
            Work::Confirm { signature_id } => self.confirm(conn, *signature_id, effects).await,
        }
    }

    /// A person token proves the address only if it names a confirmed
    /// signature of the same mailbox as the one typed in the form.
    async fn proves_address(
        &self,
        conn: &mut SqliteConnection,
        person: Option<i64>,
        email: &Email,
    ) -> anyhow::Result<bool> {
        let Some(id) = person else { return Ok(false) };
        let row = signatures::find(&mut *conn, id).await?;
        Ok(row.is_some_and(|row| row.is_confirmed() && row.email_key == email.dedupe_key()))
    }

    /// Without proof: a pending signature and a confirmation e-mail, or an
    /// e-mail saying what happened before. The answer is the same for all.
    async fn sign(
        &self,
        conn: &mut SqliteConnection,
        petition: &Petition,
        signature: &Signature,
        effects: &mut Effects,
    ) -> anyhow::Result<Result<Answer, ApiError>> {
        let check_inbox = Ok(Ok(Answer::Receipt(SignReceipt::CheckInbox)));
        if !signatures::claim_request(conn, &signature.idempotency_key, self.stamp).await? {
            return check_inbox;
        }
        let mails = &self.context.mails;
        match signatures::insert(conn, petition.id(), signature, None, self.stamp).await? {
            Inserted::New(id) => {
                let to = Recipient {
                    email: &signature.email,
                    locale: signature.locale,
                    first_name: signature.name.first_name(),
                };
                self.queue(conn, mails.confirm(&to, petition, id, false, self.now), effects)
                    .await?;
            }
            Inserted::Exists => {
                let row = signatures::find_by_email_key(&mut *conn, petition.id(), &signature.email.dedupe_key())
                    .await?
                    .context("A signature vanished inside its transaction")?;
                let (email, name) = stored_identity(&row)?;
                let to = Recipient {
                    email: &email,
                    locale: signature.locale,
                    first_name: name.first_name(),
                };
                let mail = match &row.referral_code {
                    Some(code) if row.is_confirmed() => mails.already_signed(&to, petition, &parse_code(code)?),
                    _ => mails.confirm(&to, petition, row.id, true, self.now),
                };
                self.queue(conn, mail, effects).await?;
            }
            Inserted::CodeTaken => anyhow::bail!("A pending signature cannot take a referral code"),
        }
        check_inbox
    }

    /// With a valid person token for this mailbox: the signature counts now.
    async fn sign_proven(
        &self,
        conn: &mut SqliteConnection,
        petition: &Petition,
        signature: &Signature,
        effects: &mut Effects,
    ) -> anyhow::Result<Result<Answer, ApiError>> {
        let first_time = signatures::claim_request(conn, &signature.idempotency_key, self.stamp).await?;
        let existing = signatures::find_by_email_key(&mut *conn, petition.id(), &signature.email.dedupe_key()).await?;
        let row = match existing {
            Some(row) if row.is_confirmed() => row,
            // A retry whose first attempt stored nothing it can show.
            _ if !first_time => return Ok(Ok(Answer::Receipt(SignReceipt::CheckInbox))),
            Some(row) => {
                self.confirm_row(conn, petition, &row, effects).await?;
                signatures::find(&mut *conn, row.id)
                    .await?
                    .context("A signature vanished")?
            }
            None => {
                let id = self.insert_confirmed(conn, petition, signature).await?;
                let row = signatures::find(&mut *conn, id)
                    .await?
                    .context("A signature vanished")?;
                effects.count(petition.id(), signature.country);
                self.welcome(conn, petition, &row, effects).await?;
                row
            }
        };
        let (_, name) = stored_identity(&row)?;
        let referral = self.referral(conn, &row).await?;
        Ok(Ok(Answer::Receipt(SignReceipt::Signed {
            first_name: name.first_name().to_owned(),
            referral,
        })))
    }

    async fn insert_confirmed(
        &self,
        conn: &mut SqliteConnection,
        petition: &Petition,
        signature: &Signature,
    ) -> anyhow::Result<i64> {
        for _ in 0..CODE_ATTEMPTS {
            let code = self.fresh_code();
            match signatures::insert(conn, petition.id(), signature, Some(&code), self.stamp).await? {
                Inserted::New(id) => return Ok(id),
                Inserted::CodeTaken => continue,
                Inserted::Exists => anyhow::bail!("A signature appeared inside its own transaction"),
            }
        }
        anyhow::bail!("Failed to find a free referral code")
    }

    /// Confirms a pending `row`, counts it and queues the thank-you.
    async fn confirm_row(
        &self,
        conn: &mut SqliteConnection,
        petition: &Petition,
        row: &SignatureRow,
        effects: &mut Effects,
    ) -> anyhow::Result<()> {
        for _ in 0..CODE_ATTEMPTS {
            let code = self.fresh_code();
            match signatures::confirm(conn, row.id, &code, self.stamp).await? {
                Confirmed::Now => {
                    let country = Country::parse(&row.country)
                        .map_err(|e| anyhow::anyhow!("A stored signature has an invalid country: {e}"))?;
                    effects.count(petition.id(), country);
                    let confirmed = SignatureRow {
                        referral_code: Some(code.to_string()),
                        confirmed_at: Some(self.stamp.to_owned()),
                        ..row.clone()
                    };
                    self.welcome(conn, petition, &confirmed, effects).await?;
                    return Ok(());
                }
                Confirmed::Before => return Ok(()),
                Confirmed::CodeTaken => continue,
            }
        }
        anyhow::bail!("Failed to find a free referral code")
    }

    /// Confirming is idempotent: the second time answers the same and
    /// counts nothing.
    async fn confirm(
        &self,
        conn: &mut SqliteConnection,
        signature_id: i64,
        effects: &mut Effects,
    ) -> anyhow::Result<Result<Answer, ApiError>> {
        let Some(row) = signatures::find(&mut *conn, signature_id).await? else {
            return Ok(Err(ApiError::NotFound));
        };
        let Some(petition) = self.context.registry.by_id(row.petition_id) else {
            return Ok(Err(ApiError::NotFound));
        };
        let row = if row.is_confirmed() {
            row
        } else {
            if petition.closed() {
                return Ok(Err(closed()));
            }
            self.confirm_row(conn, petition, &row, effects).await?;
            signatures::find(&mut *conn, row.id)
                .await?
                .context("A signature vanished")?
        };
        let (_, name) = stored_identity(&row)?;
        let locale = row.locale();
        Ok(Ok(Answer::Confirmation(Confirmation {
            slug: petition.slug().clone(),
            locale,
            title: petition.text(locale).title.clone(),
            first_name: name.first_name().to_owned(),
            referral: self.referral(conn, &row).await?,
        })))
    }

    async fn resend(
        &self,
        conn: &mut SqliteConnection,
        petition: &Petition,
        key: &IdempotencyKey,
        email: &Email,
        locale: Locale,
        effects: &mut Effects,
    ) -> anyhow::Result<Result<Answer, ApiError>> {
        if !signatures::claim_request(conn, key, self.stamp).await? {
            return Ok(Ok(Answer::Done));
        }
        let row = signatures::find_by_email_key(&mut *conn, petition.id(), &email.dedupe_key()).await?;
        if let Some(row) = row.filter(|row| !row.is_confirmed()) {
            let (stored_email, name) = stored_identity(&row)?;
            let to = Recipient {
                email: &stored_email,
                locale,
                first_name: name.first_name(),
            };
            let outgoing = self.context.mails.confirm(&to, petition, row.id, false, self.now);
            self.queue(conn, outgoing, effects).await?;
        }
        Ok(Ok(Answer::Done))
    }

    /// Queues `outgoing` in the batch's transaction: it is sent exactly if
    /// the batch commits.
    async fn queue(
        &self,
        conn: &mut SqliteConnection,
        outgoing: OutgoingMail,
        effects: &mut Effects,
    ) -> anyhow::Result<()> {
        mail::enqueue(conn, &outgoing).await?;
        effects.mails += 1;
        Ok(())
    }

    /// What follows a signature's first count: the thank-you, and the
    /// newsletter for a signer who asked for it (the address is proven now).
    async fn welcome(
        &self,
        conn: &mut SqliteConnection,
        petition: &Petition,
        row: &SignatureRow,
        effects: &mut Effects,
    ) -> anyhow::Result<()> {
        self.queue(conn, self.thanks(petition, row)?, effects).await?;
        if self.context.newsletter.subscribe_signer(conn, row.id, self.now).await? {
            effects.mails += 1;
        }
        Ok(())
    }

    fn thanks(&self, petition: &Petition, row: &SignatureRow) -> anyhow::Result<OutgoingMail> {
        let (email, name) = stored_identity(row)?;
        let code = parse_code(
            row.referral_code
                .as_deref()
                .context("A confirmed signature has no code")?,
        )?;
        let to = Recipient {
            email: &email,
            locale: row.locale(),
            first_name: name.first_name(),
        };
        let others = self.context.registry.open_except(petition.id());
        Ok(self
            .context
            .mails
            .thanks(&to, petition, &code, row.id, others, self.now))
    }

    async fn referral(&self, conn: &mut SqliteConnection, row: &SignatureRow) -> anyhow::Result<Referral> {
        let code = row
            .referral_code
            .as_deref()
            .context("A confirmed signature has no code")?;
        Ok(Referral {
            code: parse_code(code)?,
            signed_through: signatures::signed_through(&mut *conn, code).await?,
        })
    }

    /// A code no petition uses either: `/s/{code}` looks petitions up first.
    fn fresh_code(&self) -> ShortCode {
        loop {
            let code = new_code();
            if self.context.registry.by_short_code(&code).is_none() {
                return code;
            }
        }
    }
}

pub fn closed() -> ApiError {
    ApiError::Conflict("This petition is closed and takes no more signatures".to_owned())
}

fn stored_identity(row: &SignatureRow) -> anyhow::Result<(Email, PersonName)> {
    let email = Email::parse(&row.email).map_err(|e| anyhow::anyhow!("A stored address is invalid: {e}"))?;
    let name = PersonName::parse(&row.name).map_err(|e| anyhow::anyhow!("A stored name is invalid: {e}"))?;
    Ok((email, name))
}

fn parse_code(code: &str) -> anyhow::Result<ShortCode> {
    ShortCode::parse(code).map_err(|e| anyhow::anyhow!("A stored referral code is malformed: {e}"))
}
