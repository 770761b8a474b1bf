//! Sending an issue: `civic-server send-newsletter <slug>`. Every mail is
//! queued in one transaction that also records who it was queued for, so a
//! second run (or one after a crash) queues nobody twice; the running
//! server's mail sender delivers the queue.

use crate::db::{self, Pool};
use anyhow::Context;
use civic_api::Slug;
use time::OffsetDateTime;

use super::issue::Issue;
use super::mails::Mails;
use crate::config::Config;
use crate::mail;
use crate::storage::newsletter as storage;

/// Queues `issue` for every subscribed address it has not been queued for,
/// each in its language (English when the issue lacks it). Pending and
/// unsubscribed addresses get nothing. Returns how many were queued.
pub async fn send_issue(pool: &Pool, mails: &Mails, issue: &Issue, now: OffsetDateTime) -> anyhow::Result<usize> {
    let stamp = db::stamp(now);
    let mut conn = pool.acquire().await.context("Failed to get a database connection")?;
    // IMMEDIATE: two runs at once take turns, and the second sees the
    // first one's deliveries.
    let mut tx = db::begin_write(&mut conn).await?;
    let issue_id = storage::issue_id(&mut tx, issue.slug.as_str(), &stamp).await?;
    let mut queued = 0;
    for subscriber in storage::undelivered(&mut tx, issue_id).await? {
        if storage::record_delivery(&mut tx, issue_id, subscriber.id, &stamp).await? {
            mail::enqueue(&mut tx, &mails.issue(&subscriber, issue, now)?).await?;
            queued += 1;
        }
    }
    tx.commit().await.context("Failed to commit the issue's mail")?;
    Ok(queued)
}

/// The subcommand: reads the issue from the content folder and queues it
/// with the server's own settings (database, secret key, public address).
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
    let issue = Issue::load(&config.content, &slug, &public_url)?;
    let mails = Mails::new(&public_url, config.secret.load()?)?;
    let pool = db::connect_for_command(&config.database_url).await?;
    let queued = send_issue(&pool, &mails, &issue, OffsetDateTime::now_utc()).await;
    pool.close().await;
    queued
}
