//! The background task that delivers queued mail. Every server runs one;
//! they share the outbox, each taking its own messages, so that no message
//! is sent twice.

use std::sync::Arc;
use std::time::Duration;

use crate::db::Pool;
use time::OffsetDateTime;
use tokio::sync::{Notify, watch};
use tokio::task::JoinHandle;

use super::outbox::{self, Outcome};
use super::transport::{SendError, Transport};

/// When to try again after a failure: `first`, doubling up to `cap`; after
/// `max_attempts` tries the message is marked failed.
#[derive(Debug, Clone, Copy)]
pub struct Backoff {
    pub first: Duration,
    pub cap: Duration,
    pub max_attempts: i64,
}

impl Default for Backoff {
    /// Ten tries over about four hours: long enough to ride out a mail
    /// server's restart or a provider's incident.
    fn default() -> Self {
        Backoff {
            first: Duration::from_secs(30),
            cap: Duration::from_secs(3600),
            max_attempts: 10,
        }
    }
}

impl Backoff {
    /// The wait after the `attempts`-th failed try (counting from 1).
    pub fn delay(&self, attempts: i64) -> Duration {
        let doublings = u32::try_from(attempts.saturating_sub(1)).unwrap_or(u32::MAX).min(30);
        self.first.saturating_mul(1u32 << doublings).min(self.cap)
    }
}

/// How often the sender looks for due mail when nobody wakes it.
const POLL: Duration = Duration::from_secs(2);
/// Messages taken at a time: each batch costs two short writes (taking it
/// and recording what became of it), so not too few.
const BATCH: i64 = 100;
/// One message may take this long before it counts as a temporary failure.
const SEND_TIMEOUT: Duration = Duration::from_secs(30);
/// How long a taken batch is this sender's alone. Only a sender that dies
/// holding a batch makes the others wait this long for it.
const CLAIM: Duration = Duration::from_secs(10 * 60);
/// No message of a batch is started later than this after taking it, so
/// that every try ends within the claim; the rest is handed back.
const START_WITHIN: Duration = CLAIM
    .saturating_sub(SEND_TIMEOUT)
    .saturating_sub(Duration::from_secs(30));
/// How long a stopping server waits for the message in flight.
const STOP_GRACE: Duration = Duration::from_secs(5);
/// Enough of an error to diagnose it; SMTP answers can be long.
const ERROR_LEN: usize = 500;

pub struct Sender {
    pool: Pool,
    transport: Arc<dyn Transport>,
    wake: Arc<Notify>,
    backoff: Backoff,
}

impl Sender {
    pub fn new(pool: Pool, transport: Arc<dyn Transport>, wake: Arc<Notify>) -> Sender {
        Sender {
            pool,
            transport,
            wake,
            backoff: Backoff::default(),
        }
    }

    pub fn with_backoff(self, backoff: Backoff) -> Sender {
        Sender { backoff, ..self }
    }

    /// Starts delivering on the current Tokio runtime.
    pub fn spawn(self) -> Running {
        let (stop, stopping) = watch::channel(false);
        let handle = tokio::spawn(self.run(stopping));
        Running { stop, handle }
    }

    async fn run(self, mut stopping: watch::Receiver<bool>) {
        loop {
            loop {
                match self.deliver_batch(OffsetDateTime::now_utc(), &stopping).await {
                    Ok(handled) if handled as i64 == BATCH && !*stopping.borrow() => continue,
                    Ok(_) => break,
                    Err(error) => {
                        tracing::error!(error = ?error, "the mail sender cannot reach the outbox");
                        break;
                    }
                }
            }
            tokio::select! {
                _ = stopping.changed() => return,
                () = self.wake.notified() => {}
                () = tokio::time::sleep(POLL) => {}
            }
            if *stopping.borrow() {
                return;
            }
        }
    }

    /// Tries every message due at `now` once, as of `now`; returns how many
    /// it tried.
    pub async fn deliver_due(&self, now: OffsetDateTime) -> anyhow::Result<usize> {
        let (_keep, never) = watch::channel(false);
        let mut handled = 0;
        loop {
            let batch = self.deliver_batch(now, &never).await?;
            handled += batch;
            if (batch as i64) < BATCH {
                return Ok(handled);
            }
        }
    }

    async fn deliver_batch(&self, now: OffsetDateTime, stopping: &watch::Receiver<bool>) -> anyhow::Result<usize> {
        let due = outbox::claim_due(&self.pool, now, BATCH, now + CLAIM).await?;
        let taken = tokio::time::Instant::now();
        let mut outcomes = Vec::with_capacity(due.len());
        for mail in &due {
            if *stopping.borrow() || taken.elapsed() > START_WITHIN {
                outcomes.push((mail.id, Outcome::Released));
                continue;
            }
            let result = match tokio::time::timeout(SEND_TIMEOUT, self.transport.send(mail)).await {
                Ok(result) => result,
                Err(_) => Err(SendError::Temporary(format!(
                    "no answer within {} seconds",
                    SEND_TIMEOUT.as_secs()
                ))),
            };
            outcomes.push((mail.id, self.outcome(mail.id, mail.attempts + 1, result, now)));
        }
        outbox::record(&self.pool, now, &outcomes).await?;
        Ok(due.len())
    }

    fn outcome(&self, id: i64, attempts: i64, result: Result<(), SendError>, now: OffsetDateTime) -> Outcome {
        let error = match result {
            Ok(()) => {
                tracing::debug!(mail = id, attempts, "mail sent");
                return Outcome::Sent;
            }
            Err(error) => error,
        };
        metrics::counter!("civic_mail_send_failures_total").increment(1);
        let permanent = matches!(error, SendError::Permanent(_));
        let error: String = error.to_string().chars().take(ERROR_LEN).collect();
        if permanent || attempts >= self.backoff.max_attempts {
            // The recipient's address stays out of the log: the id finds it.
            tracing::error!(mail = id, attempts, permanent, %error, "mail failed for good");
            return Outcome::Failed { error };
        }
        let delay = self.backoff.delay(attempts);
        tracing::warn!(mail = id, attempts, retry_in = ?delay, %error, "mail not sent, will retry");
        Outcome::Retry { at: now + delay, error }
    }
}

/// The sender while it runs.
pub struct Running {
    stop: watch::Sender<bool>,
    handle: JoinHandle<()>,
}

impl Running {
    /// Lets the message in flight finish (briefly), then ends the task; what
    /// is still pending goes out after the next start.
    pub async fn stop(mut self) {
        let _ = self.stop.send(true);
        if tokio::time::timeout(STOP_GRACE, &mut self.handle).await.is_err() {
            tracing::warn!("the mail sender did not stop in time; pending mail goes out after the restart");
            self.handle.abort();
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use civic_api::Locale;
    use civic_api::email::Email;

    use super::*;
    use crate::config::Secret;
    use crate::mail::outbox::QueuedMail;
    use crate::mail::transport::SendFuture;
    use crate::mail::{OutgoingMail, enqueue};

    /// Fails the first `failures` tries, then accepts; remembers every try.
    struct Flaky {
        failures: usize,
        error: SendError,
        tries: Mutex<Vec<i64>>,
    }

    impl Transport for Flaky {
        fn send<'a>(&'a self, mail: &'a QueuedMail) -> SendFuture<'a> {
            let mut tries = self.tries.lock().unwrap();
            tries.push(mail.id);
            let result = if tries.len() <= self.failures {
                Err(self.error.clone())
            } else {
                Ok(())
            };
            Box::pin(async move { result })
        }
    }

    async fn pool() -> (tempfile::TempDir, Pool) {
        let dir = tempfile::tempdir().unwrap();
        let url = crate::db::test_database_url(dir.path());
        let pool = crate::db::connect(&Secret::new(url)).await.unwrap();
        (dir, pool)
    }

    async fn queue_one(pool: &Pool) -> i64 {
        let mail = OutgoingMail {
            to: Email::parse("ada@example.org").unwrap(),
            locale: Locale::En,
            subject: "Hello".into(),
            text: "Hello".into(),
            html: "<p>Hello</p>".into(),
            headers: Vec::new(),
            reply_to: None,
        };
        let mut conn = pool.acquire().await.unwrap();
        enqueue(&mut conn, &mail).await.unwrap()
    }

    async fn row(pool: &Pool, id: i64) -> (String, i64, String, Option<String>) {
        sqlx::query_as("SELECT status, attempts, next_attempt_at, last_error FROM mail_outbox WHERE id = $1")
            .bind(id)
            .fetch_one(pool)
            .await
            .unwrap()
    }

    fn sender(pool: &Pool, transport: Arc<Flaky>, max_attempts: i64) -> Sender {
        Sender::new(pool.clone(), transport, Arc::new(Notify::new())).with_backoff(Backoff {
            first: Duration::from_secs(60),
            cap: Duration::from_secs(300),
            max_attempts,
        })
    }

    fn flaky(failures: usize, error: SendError) -> Arc<Flaky> {
        Arc::new(Flaky {
            failures,
            error,
            tries: Mutex::new(Vec::new()),
        })
    }

    #[test]
    fn the_wait_doubles_up_to_the_cap() {
        let backoff = Backoff::default();
        let waits: Vec<u64> = (1..=9).map(|n| backoff.delay(n).as_secs()).collect();
        assert_eq!(waits, [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]);
        assert_eq!(backoff.delay(i64::MAX), backoff.cap);
    }

    #[tokio::test]
    async fn a_failing_server_is_retried_later_and_later_until_it_takes_the_mail() {
        let (_dir, pool) = pool().await;
        let id = queue_one(&pool).await;
        let transport = flaky(3, SendError::Temporary("421 try later".into()));
        let sender = sender(&pool, Arc::clone(&transport), 10);
        let mut now = OffsetDateTime::now_utc();

        for (attempt, wait) in [(1, 60), (2, 120), (3, 240)] {
            assert_eq!(sender.deliver_due(now).await.unwrap(), 1);
            let (status, attempts, next, error) = row(&pool, id).await;
            assert_eq!((status.as_str(), attempts), ("pending", attempt));
            assert_eq!(error.as_deref(), Some("421 try later"));
            assert_eq!(next, crate::db::stamp(now + Duration::from_secs(wait)));
            // Not due a second before its time.
            assert_eq!(
                sender.deliver_due(now + Duration::from_secs(wait - 1)).await.unwrap(),
                0
            );
            now += Duration::from_secs(wait);
        }
        assert_eq!(sender.deliver_due(now).await.unwrap(), 1);
        let (status, attempts, _, error) = row(&pool, id).await;
        assert_eq!((status.as_str(), attempts, error), ("sent", 4, None));
        assert_eq!(transport.tries.lock().unwrap().len(), 4);
        assert_eq!(sender.deliver_due(now + Duration::from_secs(86_400)).await.unwrap(), 0);
    }

    #[tokio::test]
    async fn a_message_is_given_up_after_the_last_attempt() {
        let (_dir, pool) = pool().await;
        let id = queue_one(&pool).await;
        let sender = sender(&pool, flaky(usize::MAX, SendError::Temporary("down".into())), 3);
        let mut now = OffsetDateTime::now_utc();
        for _ in 0..3 {
            assert_eq!(sender.deliver_due(now).await.unwrap(), 1);
            now += Duration::from_secs(3600);
        }
        assert_eq!(row(&pool, id).await.0, "failed");
        assert_eq!(sender.deliver_due(now).await.unwrap(), 0);
    }

    #[tokio::test]
    async fn a_permanent_refusal_is_not_retried() {
        let (_dir, pool) = pool().await;
        let id = queue_one(&pool).await;
        let sender = sender(
            &pool,
            flaky(usize::MAX, SendError::Permanent("550 no such user".into())),
            10,
        );
        assert_eq!(sender.deliver_due(OffsetDateTime::now_utc()).await.unwrap(), 1);
        let (status, attempts, _, error) = row(&pool, id).await;
        assert_eq!((status.as_str(), attempts), ("failed", 1));
        assert_eq!(error.as_deref(), Some("550 no such user"));
    }

    #[tokio::test]
    async fn the_running_sender_delivers_when_woken_and_stops_when_asked() {
        let (_dir, pool) = pool().await;
        let transport = flaky(0, SendError::Temporary(String::new()));
        let wake = Arc::new(Notify::new());
        let running = Sender::new(pool.clone(), transport.clone(), Arc::clone(&wake)).spawn();
        let id = queue_one(&pool).await;
        wake.notify_one();
        let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
        while row(&pool, id).await.0 != "sent" {
            assert!(tokio::time::Instant::now() < deadline, "the mail was not sent");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        tokio::time::timeout(Duration::from_secs(2), running.stop())
            .await
            .expect("the sender stops promptly");
    }

    /// Accepts every message after a short wait, so that two senders
    /// overlap; remembers what it sent.
    #[derive(Default)]
    struct Slow {
        sent: Mutex<Vec<i64>>,
    }

    impl Transport for Slow {
        fn send<'a>(&'a self, mail: &'a QueuedMail) -> SendFuture<'a> {
            Box::pin(async move {
                tokio::time::sleep(Duration::from_millis(2)).await;
                self.sent.lock().unwrap().push(mail.id);
                Ok(())
            })
        }
    }

    #[tokio::test]
    async fn two_servers_share_the_outbox_and_send_each_message_once() {
        let (dir, pool) = pool().await;
        let url = pool.connect_options().database_url.clone();
        let other_server = crate::db::connect(&Secret::new(url.to_string())).await.unwrap();
        let mut queued = Vec::new();
        for _ in 0..120 {
            queued.push(queue_one(&pool).await);
        }
        let (first, second) = (Arc::new(Slow::default()), Arc::new(Slow::default()));
        let now = OffsetDateTime::now_utc();
        let one = Sender::new(pool.clone(), first.clone(), Arc::new(Notify::new()));
        let another = Sender::new(other_server, second.clone(), Arc::new(Notify::new()));
        let (a, b) = tokio::join!(one.deliver_due(now), another.deliver_due(now));
        a.unwrap();
        b.unwrap();

        let mut sent: Vec<i64> = first.sent.lock().unwrap().clone();
        sent.extend(second.sent.lock().unwrap().iter());
        sent.sort_unstable();
        // Which sender sent what depends on timing; that none went twice does not.
        assert_eq!(sent, queued, "every message sent once");
        drop(dir);
    }

    #[tokio::test]
    async fn messages_taken_by_a_sender_that_died_go_out_once_their_claim_ends() {
        let (_dir, pool) = pool().await;
        let id = queue_one(&pool).await;
        let now = OffsetDateTime::now_utc();
        // A sender takes the message and dies before trying it.
        assert_eq!(
            outbox::claim_due(&pool, now, BATCH, now + CLAIM).await.unwrap().len(),
            1
        );

        let transport = flaky(0, SendError::Temporary(String::new()));
        let sender = sender(&pool, transport.clone(), 10);
        assert_eq!(sender.deliver_due(now + Duration::from_secs(60)).await.unwrap(), 0);
        assert_eq!(sender.deliver_due(now + CLAIM).await.unwrap(), 1);
        assert_eq!(row(&pool, id).await.0, "sent");
        assert_eq!(*transport.tries.lock().unwrap(), [id]);
    }
}
