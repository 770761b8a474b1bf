//! The `newsletter_subscribers`, `newsletter_issues` and
//! `newsletter_deliveries` tables. Writes take the caller's connection,
//! which is inside its transaction.

use crate::db::{Connection, Db};
use anyhow::Context;
use civic_api::newsletter::SubscriptionState;
use civic_api::{Email, Locale};
use sqlx::Executor;

/// A stored subscriber, address included: never serialised as is.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SubscriberRow {
    pub id: i64,
    pub email: String,
    pub email_key: String,
    pub locale: String,
    pub state: String,
}

impl SubscriberRow {
    pub fn state(&self) -> anyhow::Result<SubscriptionState> {
        match self.state.as_str() {
            "pending" => Ok(SubscriptionState::Pending),
            "subscribed" => Ok(SubscriptionState::Subscribed),
            "unsubscribed" => Ok(SubscriptionState::Unsubscribed),
            other => anyhow::bail!("A subscriber has the unknown state {other:?}"),
        }
    }

    pub fn locale(&self) -> Locale {
        Locale::parse(&self.locale).unwrap_or(Locale::DEFAULT)
    }

    pub fn email(&self) -> anyhow::Result<Email> {
        Email::parse(&self.email).map_err(|e| anyhow::anyhow!("A stored subscriber address is invalid: {e}"))
    }
}

/// Where a sign-up came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Form,
    Petition,
}

impl Source {
    fn as_str(self) -> &'static str {
        match self {
            Source::Form => "form",
            Source::Petition => "petition",
        }
    }
}

const COLUMNS: &str = "id, email, email_key, locale, state";

pub async fn find<'e>(executor: impl Executor<'e, Database = Db>, id: i64) -> anyhow::Result<Option<SubscriberRow>> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM newsletter_subscribers WHERE id = $1"))
        .bind(id)
        .fetch_optional(executor)
        .await
        .context("Failed to read a subscriber")
}

/// The subscriber of one mailbox (by `Email::dedupe_key`).
pub async fn find_by_email_key<'e>(
    executor: impl Executor<'e, Database = Db>,
    email_key: &str,
) -> anyhow::Result<Option<SubscriberRow>> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM newsletter_subscribers WHERE email_key = $1"
    ))
    .bind(email_key)
    .fetch_optional(executor)
    .await
    .context("Failed to look up a subscriber")
}

/// Whether the mailbox (by `Email::dedupe_key`) gets the newsletter. Every
/// row is read, so SQLite's statement ends here and keeps no read open on
/// the pooled connection.
pub async fn is_subscribed<'e>(executor: impl Executor<'e, Database = Db>, email_key: &str) -> anyhow::Result<bool> {
    let rows: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM newsletter_subscribers WHERE email_key = $1 AND state = 'subscribed'")
            .bind(email_key)
            .fetch_all(executor)
            .await
            .context("Failed to look up a subscription")?;
    Ok(!rows.is_empty())
}

/// Stores a new subscriber, pending or (with a proven address) subscribed.
/// The caller has checked that the mailbox has no row yet.
pub async fn insert(
    conn: &mut Connection,
    email: &Email,
    locale: Locale,
    subscribed: bool,
    source: Source,
    now: &str,
) -> anyhow::Result<i64> {
    let state = if subscribed { "subscribed" } else { "pending" };
    sqlx::query_scalar(
        "INSERT INTO newsletter_subscribers (email, email_key, locale, state, source, created_at, confirmed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         RETURNING id",
    )
    .bind(email.as_str())
    .bind(email.dedupe_key())
    .bind(locale.as_str())
    .bind(state)
    .bind(source.as_str())
    .bind(now)
    .bind(subscribed.then_some(now))
    .fetch_one(conn)
    .await
    .context("Failed to store a subscriber")
}

/// A sign-up again from a mailbox that is pending or has unsubscribed: it
/// waits for confirmation as from `now`, in the language asked for last.
pub async fn restart_pending(conn: &mut Connection, id: i64, locale: Locale, now: &str) -> anyhow::Result<()> {
    sqlx::query(
        "UPDATE newsletter_subscribers
         SET state = 'pending', locale = $2, created_at = $3, confirmed_at = NULL, unsubscribed_at = NULL
         WHERE id = $1 AND state <> 'subscribed'",
    )
    .bind(id)
    .bind(locale.as_str())
    .bind(now)
    .execute(conn)
    .await
    .context("Failed to restart a sign-up")?;
    Ok(())
}

/// `true` when the subscriber was not subscribed before.
pub async fn subscribe(conn: &mut Connection, id: i64, now: &str) -> anyhow::Result<bool> {
    let result = sqlx::query(
        "UPDATE newsletter_subscribers SET state = 'subscribed', confirmed_at = $2, unsubscribed_at = NULL
         WHERE id = $1 AND state <> 'subscribed'",
    )
    .bind(id)
    .bind(now)
    .execute(conn)
    .await
    .context("Failed to subscribe an address")?;
    Ok(result.rows_affected() == 1)
}

/// `true` when the subscriber had not unsubscribed before.
pub async fn unsubscribe(conn: &mut Connection, id: i64, now: &str) -> anyhow::Result<bool> {
    let result = sqlx::query(
        "UPDATE newsletter_subscribers SET state = 'unsubscribed', unsubscribed_at = $2
         WHERE id = $1 AND state <> 'unsubscribed'",
    )
    .bind(id)
    .bind(now)
    .execute(&mut *conn)
    .await
    .context("Failed to unsubscribe an address")?;
    let left = result.rows_affected() == 1;
    if left {
        crate::storage::mailings::count_departure(conn, id, 1).await?;
    }
    Ok(left)
}

/// Sign-ups never confirmed since `pending_before`, and addresses that
/// unsubscribed before `unsubscribed_before` (once undoing is no longer
/// offered): nothing is sent to either, so nothing of them is kept.
pub async fn forget_inactive<'e>(
    executor: impl Executor<'e, Database = Db>,
    pending_before: &str,
    unsubscribed_before: &str,
) -> anyhow::Result<u64> {
    let result = sqlx::query(
        "DELETE FROM newsletter_subscribers
         WHERE (state = 'pending' AND created_at < $1) OR (state = 'unsubscribed' AND unsubscribed_at < $2)",
    )
    .bind(pending_before)
    .bind(unsubscribed_before)
    .execute(executor)
    .await
    .context("Failed to forget inactive subscribers")?;
    Ok(result.rows_affected())
}

/// The address and language of a signature whose signer ticked the
/// newsletter box; `None` when they did not.
pub async fn signer_opt_in(conn: &mut Connection, signature_id: i64) -> anyhow::Result<Option<(String, String)>> {
    sqlx::query_as("SELECT email, locale FROM signatures WHERE id = $1 AND newsletter = 1")
        .bind(signature_id)
        .fetch_optional(conn)
        .await
        .context("Failed to read a signature's newsletter choice")
}

/// Records that the issue was queued for the subscriber; `false` when it
/// already was.
pub async fn record_delivery(
    conn: &mut Connection,
    issue_id: i64,
    subscriber_id: i64,
    now: &str,
) -> anyhow::Result<bool> {
    let result = sqlx::query(
        "INSERT INTO newsletter_deliveries (issue_id, subscriber_id, queued_at) VALUES ($1, $2, $3)
         ON CONFLICT (issue_id, subscriber_id) DO NOTHING",
    )
    .bind(issue_id)
    .bind(subscriber_id)
    .bind(now)
    .execute(conn)
    .await
    .context("Failed to record a delivery")?;
    Ok(result.rows_affected() == 1)
}
