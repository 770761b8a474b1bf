//! The task that writes this server's signatures. Requests queue jobs; it takes
//! whatever is queued (up to `MAX_BATCH`) into one transaction, commits it
//! once (group commit: one disk sync for the whole batch), then moves the
//! in-memory counts and answers each job. A job is answered only after its
//! commit, so an acknowledged signature is on disk; if the commit fails,
//! every job of the batch gets an error and nothing of it is kept.
//!
//! Batches are written with `db::begin_write`, so the writers of several
//! servers on one database take turns, and signing, confirming and
//! resending never race one another; the UNIQUE constraints and
//! `confirmed_at IS NULL` guards would still stop a double count if they
//! did. What each job does is the signing rules' (`signing`).

use std::sync::Arc;

use crate::db::{self, Pool};
use anyhow::Context;
use time::OffsetDateTime;
use tokio::sync::{mpsc, oneshot};

use super::mails::Mails;
use super::registry::Live;
use super::signing::{Answer, Effects, Refusal, Rules, Step, Work};
use crate::mail::Mailer;
use crate::newsletter::Newsletter;
use crate::storage::signatures;

/// The most jobs one transaction takes: enough to absorb a surge, few
/// enough that the first in line does not wait long.
pub const MAX_BATCH: usize = 256;
/// Requests waiting beyond this wait for room (back-pressure).
const QUEUE: usize = 8 * MAX_BATCH;

/// A job's outcome: answered or refused, else a failure of the job or of
/// its batch.
type Outcome = anyhow::Result<Result<Answer, Refusal>>;

struct Job {
    work: Work,
    reply: oneshot::Sender<Outcome>,
}

#[derive(Clone)]
pub struct Writer {
    jobs: mpsc::Sender<Job>,
}

impl Writer {
    pub fn spawn(pool: Pool, live: Arc<Live>, mails: Mails, mailer: Mailer, newsletter: Arc<Newsletter>) -> Writer {
        let (jobs, queue) = mpsc::channel(QUEUE);
        let context = Shared {
            pool,
            rules: Rules {
                live,
                mails,
                newsletter,
            },
            mailer,
        };
        tokio::spawn(run(context, queue));
        Writer { jobs }
    }

    /// Queues `work` and waits for its answer, given after the commit.
    pub async fn submit(&self, work: Work) -> Outcome {
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
    pool: Pool,
    rules: Rules,
    mailer: Mailer,
}

async fn run(context: Shared, mut queue: mpsc::Receiver<Job>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while queue.recv_many(&mut batch, MAX_BATCH).await > 0 {
        // Counts far below 2^52: exact as f64.
        metrics::histogram!("civic_signature_batch_size").record(batch.len() as f64);
        metrics::gauge!("civic_signature_queue_depth").set(queue.len() as f64);
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
            Ok((answers, effects, totals)) => {
                apply(context, &effects, &totals);
                for (job, answer) in jobs.into_iter().zip(answers) {
                    let _ = job.reply.send(Ok(answer));
                }
                return;
            }
            // The database takes nothing: the rest would fail the same way.
            Err(BatchError::Job(_, error)) if db::is_unavailable(&error) => {
                return fail_all(jobs, &error);
            }
            Err(BatchError::Job(index, error)) => {
                tracing::error!(error = ?error, "a signature job failed; writing the rest of its batch again");
                let job = jobs.remove(index);
                let _ = job.reply.send(Err(error));
                if jobs.is_empty() {
                    return;
                }
            }
            Err(BatchError::Batch(error)) => return fail_all(jobs, &error),
        }
    }
}

/// Answers every job of a batch that could not be committed; each keeps
/// whether the database was unavailable, which the client is told (503).
fn fail_all(jobs: Vec<Job>, error: &anyhow::Error) {
    tracing::error!(error = ?error, jobs = jobs.len(), "a batch of signatures failed to commit");
    let unavailable = db::is_unavailable(error);
    for job in jobs {
        let failed = match unavailable {
            true => anyhow::Error::new(db::Unavailable),
            false => anyhow::anyhow!("The batch of signatures this request was in failed to commit"),
        };
        let _ = job.reply.send(Err(failed));
    }
}

enum BatchError {
    Job(usize, anyhow::Error),
    Batch(anyhow::Error),
}

type Answers = Vec<Result<Answer, Refusal>>;

/// What a committed batch comes to: each job's answer, what it did, and the
/// counts of the petitions it signed as the database holds them.
type Written = (Answers, Effects, Vec<(i64, u64)>);

async fn try_batch(context: &Shared, jobs: &[Job], now: OffsetDateTime) -> Result<Written, BatchError> {
    let mut conn = context
        .pool
        .acquire()
        .await
        .context("Failed to get a database connection")
        .map_err(BatchError::Batch)?;
    // The write lock is taken now (waiting out other writers, on any
    // server), so a job that reads before it writes acts on what is stored.
    let mut tx = db::begin_write(&mut conn).await.map_err(BatchError::Batch)?;
    let stamp = db::stamp(now);
    let mut effects = Effects::default();
    let mut answers = Vec::with_capacity(jobs.len());
    for (index, job) in jobs.iter().enumerate() {
        let step = Step {
            rules: &context.rules,
            now,
            stamp: &stamp,
        };
        match step.run(&mut tx, &job.work, &mut effects).await {
            Ok(answer) => answers.push(answer),
            Err(error) => return Err(BatchError::Job(index, error)),
        }
    }
    let mut totals = Vec::with_capacity(effects.confirmed.len());
    for (petition_id, added) in &effects.confirmed {
        let total = signatures::add_to_total(&mut tx, *petition_id, *added)
            .await
            .map_err(BatchError::Batch)?;
        totals.push((*petition_id, total));
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
    Ok((answers, effects, totals))
}

/// After the commit: the petitions' counts as the batch left them, and the
/// mail it queued.
fn apply(context: &Shared, effects: &Effects, totals: &[(i64, u64)]) {
    let registry = context.rules.live.now();
    for (petition_id, total) in totals {
        if let Some(petition) = registry.by_id(*petition_id) {
            petition.raise_to(*total);
        }
    }
    if effects.mails > 0 {
        context.mailer.wake();
    }
}
