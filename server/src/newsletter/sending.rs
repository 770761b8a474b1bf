//! Sending a mailing to the list: from the console (at once or at its
//! scheduled time) or with `civic-server send-newsletter <slug>`. Its mails
//! are queued in batches of `BATCH`, each batch in one short write that
//! also records who it was queued for, so a long list never holds signing
//! up, and a second run (or one after a crash, on any server) queues nobody
//! twice; the running servers' mail senders deliver the queue.

use std::time::Duration;

use anyhow::Context;
use civic_api::Slug;
use civic_api::newsletter_mailing::MailingStatus;
use time::OffsetDateTime;

use super::issue::{self, Issue};
use super::mails::Mails;
use crate::config::Config;
use crate::db::{self, Pool};
use crate::mail::{self, Mailer};
use crate::storage::mailings as storage;
use crate::storage::newsletter::record_delivery;

/// How many mails one write queues: a few hundred milliseconds at most.
const BATCH: i64 = 500;
/// How often each server looks for scheduled mailings that are due.
const SCHEDULE_CHECK: Duration = Duration::from_secs(15);

/// The address of a mailing's opens image, without its language.
pub fn opens_image(public_url: &str, key: &str) -> String {
    let path = civic_api::paths::MAILING_OPENS
        .replace("{key}", key)
        .replace("/{locale}", "");
    format!("{}{path}", public_url.trim_end_matches('/'))
}

/// Queues mailing `id`, while it is being sent, for every subscribed
/// address it was not queued for, each in its language (English where the
/// mailing lacks it), then marks it sent. Returns how many were queued.
pub async fn queue(pool: &Pool, mails: &Mails, mailer: Option<&Mailer>, id: i64) -> anyhow::Result<usize> {
    let mut queued = 0;
    loop {
        let now = OffsetDateTime::now_utc();
        let stamp = db::stamp(now);
        let mut conn = pool.acquire().await.context("Failed to reach the database")?;
        let mut tx = db::begin_write(&mut conn).await?;
        let Some((MailingStatus::Sending, key)) = storage::status(&mut tx, id).await? else {
            tx.rollback().await.context("Failed to end a read")?;
            return Ok(queued);
        };
        let batch = storage::undelivered(&mut tx, id, BATCH).await?;
        if batch.is_empty() {
            storage::finish(&mut tx, id).await?;
            tx.commit().await.context("Failed to mark a mailing sent")?;
            tracing::info!(mailing = id, "mailing queued for every subscriber");
            return Ok(queued);
        }
        let texts = storage::texts(&mut *tx, id).await?;
        let image = key.map(|key| opens_image(mails.public_url(), &key));
        let issue = Issue::new(&texts, mails.public_url(), image)?;
        for subscriber in &batch {
            if record_delivery(&mut tx, id, subscriber.id, &stamp).await? {
                let mail = mails.issue(subscriber, &issue, now)?;
                let mail_id = mail::enqueue(&mut tx, &mail).await?;
                storage::record_mail(&mut tx, id, subscriber.id, mail_id, mail.locale).await?;
                queued += 1;
            }
        }
        tx.commit().await.context("Failed to commit a batch of a mailing")?;
        if let Some(mailer) = mailer {
            mailer.wake();
        }
    }
}

/// Sends the scheduled mailings due at `now`; each is taken by one server.
/// Returns how many mails were queued.
pub async fn send_due(
    pool: &Pool,
    mails: &Mails,
    mailer: Option<&Mailer>,
    now: OffsetDateTime,
) -> anyhow::Result<usize> {
    // A read first: most checks find nothing, and take no write lock then.
    if !storage::any_due(pool, &db::stamp(now)).await? {
        return Ok(0);
    }
    let mut conn = pool.acquire().await.context("Failed to reach the database")?;
    let mut tx = db::begin_write(&mut conn).await?;
    let due = storage::take_due(&mut tx, &db::stamp(now)).await?;
    tx.commit().await.context("Failed to take the mailings due")?;
    drop(conn);
    let mut queued = 0;
    for id in due {
        tracing::info!(mailing = id, "a scheduled mailing is due");
        queued += queue(pool, mails, mailer, id).await?;
    }
    Ok(queued)
}

/// In the background: first finishes the mailings a server stopped sending
/// halfway, then sends scheduled mailings as they fall due.
pub fn keep_sending(pool: Pool, mails: std::sync::Arc<Mails>, mailer: Mailer) {
    tokio::spawn(async move {
        match storage::sending(&pool).await {
            Ok(unfinished) => {
                for id in unfinished {
                    tracing::info!(mailing = id, "queueing the rest of a mailing");
                    if let Err(error) = queue(&pool, &mails, Some(&mailer), id).await {
                        tracing::error!(mailing = id, error = ?error, "could not queue the rest of a mailing");
                    }
                }
            }
            Err(error) => tracing::error!(error = ?error, "could not list the mailings being sent"),
        }
        let mut every = tokio::time::interval(SCHEDULE_CHECK);
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            every.tick().await;
            if let Err(error) = send_due(&pool, &mails, Some(&mailer), OffsetDateTime::now_utc()).await {
                tracing::error!(error = ?error, "could not send the scheduled mailings");
            }
        }
    });
}

/// Sends the stored mailing `slug` (storing it from
/// `{content_dir}/newsletters/{slug}` first if the database does not have
/// it) to everyone on the list it has not reached. Returns how many mails
/// were queued.
pub async fn send_stored(
    pool: &Pool,
    mails: &Mails,
    content_dir: &std::path::Path,
    slug: &Slug,
) -> anyhow::Result<usize> {
    let mut conn = pool.acquire().await.context("Failed to reach the database")?;
    let mut tx = db::begin_write(&mut conn).await?;
    let now = db::stamp(OffsetDateTime::now_utc());
    let id = match storage::id_of(&mut tx, slug.as_str()).await? {
        Some(id) => id,
        None => {
            let seed = issue::load(content_dir, slug)?;
            storage::seed(&mut tx, std::slice::from_ref(&seed), &now).await?;
            storage::id_of(&mut tx, slug.as_str())
                .await?
                .context("A mailing just stored is not there")?
        }
    };
    storage::resend(&mut tx, id, &now).await?;
    tx.commit().await.context("Failed to start sending a mailing")?;
    drop(conn);
    queue(pool, mails, None, id).await
}

/// The subcommand: sends the stored mailing `slug` (storing it from
/// `content/newsletters/{slug}` first if the database does not have it yet)
/// to everyone on the list it has not reached, with the server's own
/// settings (database, secret key, public address).
pub async fn send_newsletter(config: &Config, slug: &str) -> anyhow::Result<usize> {
    let slug = Slug::parse(slug).map_err(|e| anyhow::anyhow!("{slug:?} is not an issue's name ({e})"))?;
    let public_url = match &config.public_url {
        Some(url) => url.clone(),
        None => {
            let guess = format!("http://{}", config.addr);
            tracing::warn!("CIVIC_PUBLIC_URL is unset: the unsubscribe links point at {guess}");
            guess
        }
    };
    let mails = Mails::new(&public_url, config.secret.load()?)?;
    let pool = db::connect_for_command(&config.database_url).await?;
    let queued = send_stored(&pool, &mails, &config.content, &slug).await;
    pool.close().await;
    queued
}
