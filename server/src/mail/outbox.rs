//! The `mail_outbox` table: what is queued, what is due, what became of it.

use crate::db::{self, Connection, Pool};
use anyhow::Context;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::OutgoingMail;

/// Headers the transport writes itself; a caller setting one would make
/// the message ambiguous or let it be redirected.
const RESERVED_HEADERS: &[&str] = &[
    "bcc",
    "cc",
    "content-transfer-encoding",
    "content-type",
    "date",
    "from",
    "message-id",
    "mime-version",
    "reply-to",
    "return-path",
    "sender",
    "subject",
    "to",
];

/// Queues `mail` on `conn`, which may be inside the caller's transaction:
/// the mail then exists exactly when that transaction commits. Call
/// `Mailer::wake` after the commit.
pub async fn enqueue(conn: &mut Connection, mail: &OutgoingMail) -> anyhow::Result<i64> {
    check_headers(&mail.headers)?;
    let headers = serde_json::to_string(&mail.headers).context("Failed to encode the mail headers")?;
    let now = db::stamp(OffsetDateTime::now_utc());
    let id = sqlx::query_scalar(
        "INSERT INTO mail_outbox (recipient, locale, subject, text_body, html_body, headers, reply_to, next_attempt_at,
                                  created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
         RETURNING id",
    )
    .bind(mail.to.as_str())
    .bind(mail.locale.as_str())
    .bind(&mail.subject)
    .bind(&mail.text)
    .bind(&mail.html)
    .bind(headers)
    .bind(mail.reply_to.as_ref().map(|address| address.as_str()))
    .bind(now)
    .fetch_one(conn)
    .await
    .context("Failed to queue a mail")?;
    Ok(id)
}

fn check_headers(headers: &[(String, String)]) -> anyhow::Result<()> {
    for (name, value) in headers {
        anyhow::ensure!(
            !name.is_empty() && name.len() <= 76 && name.bytes().all(|b| b.is_ascii_graphic() && b != b':'),
            "invalid mail header name {name:?}"
        );
        anyhow::ensure!(
            !RESERVED_HEADERS.contains(&name.to_ascii_lowercase().as_str()),
            "the mail header {name} is set by the sender itself"
        );
        // A line break would start a header of the caller's choosing.
        anyhow::ensure!(
            !value.chars().any(char::is_control),
            "the mail header {name} holds a control character"
        );
    }
    Ok(())
}

/// A queued message as the sender reads it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct QueuedMail {
    pub id: i64,
    pub recipient: String,
    pub locale: String,
    pub subject: String,
    pub text_body: String,
    pub html_body: String,
    #[sqlx(try_from = "String")]
    pub headers: Headers,
    pub reply_to: Option<String>,
    pub attempts: i64,
}

/// The JSON column, read back.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Headers(pub Vec<(String, String)>);

impl TryFrom<String> for Headers {
    type Error = serde_json::Error;
    fn try_from(json: String) -> Result<Self, Self::Error> {
        serde_json::from_str(&json).map(Headers)
    }
}

/// Takes the oldest messages due at `now`, at most `limit`, for this
/// sender alone: they stay pending but are not due again until `until`, so
/// no other server's sender takes them meanwhile, and a sender that dies
/// holding them leaves them to the others after that. One statement, atomic
/// on both databases: on PostgreSQL a second sender updating the same rows
/// waits, then finds them no longer due and skips them.
pub async fn claim_due(
    pool: &Pool,
    now: OffsetDateTime,
    limit: i64,
    until: OffsetDateTime,
) -> anyhow::Result<Vec<QueuedMail>> {
    let mut claimed: Vec<QueuedMail> = sqlx::query_as(
        "UPDATE mail_outbox SET next_attempt_at = $3
         WHERE status = 'pending' AND next_attempt_at <= $1
           AND id IN (SELECT id FROM mail_outbox
                      WHERE status = 'pending' AND next_attempt_at <= $1
                      ORDER BY next_attempt_at, id
                      LIMIT $2)
         RETURNING id, recipient, locale, subject, text_body, html_body, headers, reply_to, attempts",
    )
    .bind(db::stamp(now))
    .bind(limit)
    .bind(db::stamp(until))
    .fetch_all(pool)
    .await
    .context("Failed to take the due mail")?;
    claimed.sort_by_key(|mail| mail.id);
    Ok(claimed)
}

/// What one delivery attempt came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Sent,
    /// Try again at the given time.
    Retry {
        at: OffsetDateTime,
        error: String,
    },
    Failed {
        error: String,
    },
    /// Not tried (the server is stopping, or the batch's claim is running
    /// out): due again at once, for any sender.
    Released,
}

/// Writes the outcomes of one batch in one transaction.
pub async fn record(pool: &Pool, now: OffsetDateTime, outcomes: &[(i64, Outcome)]) -> anyhow::Result<()> {
    if outcomes.is_empty() {
        return Ok(());
    }
    let now = db::stamp(now);
    let mut tx = pool.begin().await.context("Failed to start a transaction")?;
    for (id, outcome) in outcomes {
        let query = match outcome {
            Outcome::Sent => sqlx::query(
                "UPDATE mail_outbox SET status = 'sent', attempts = attempts + 1, sent_at = $2, last_error = NULL
                 WHERE id = $1",
            )
            .bind(id)
            .bind(&now),
            Outcome::Retry { at, error } => sqlx::query(
                "UPDATE mail_outbox SET attempts = attempts + 1, next_attempt_at = $2, last_error = $3 WHERE id = $1",
            )
            .bind(id)
            .bind(db::stamp(*at))
            .bind(error),
            Outcome::Failed { error } => sqlx::query(
                "UPDATE mail_outbox SET status = 'failed', attempts = attempts + 1, last_error = $2 WHERE id = $1",
            )
            .bind(id)
            .bind(error),
            Outcome::Released => sqlx::query("UPDATE mail_outbox SET next_attempt_at = $2 WHERE id = $1")
                .bind(id)
                .bind(&now),
        };
        query.execute(&mut *tx).await.context("Failed to record a delivery")?;
    }
    tx.commit().await.context("Failed to commit the deliveries")
}

/// A message as `/dev/outbox.json` shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, sqlx::FromRow)]
pub struct OutboxMessage {
    pub id: i64,
    pub to: String,
    pub locale: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    #[sqlx(try_from = "String")]
    #[serde(with = "header_pairs")]
    pub headers: Headers,
    pub reply_to: Option<String>,
    pub status: String,
    pub attempts: i64,
    pub created_at: String,
    pub sent_at: Option<String>,
}

mod header_pairs {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::Headers;

    pub fn serialize<S: Serializer>(headers: &Headers, serializer: S) -> Result<S::Ok, S::Error> {
        headers.0.serialize(serializer)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Headers, D::Error> {
        Vec::deserialize(deserializer).map(Headers)
    }
}

/// The newest `limit` messages, newest first.
pub async fn latest(pool: &Pool, limit: i64) -> anyhow::Result<Vec<OutboxMessage>> {
    sqlx::query_as(
        "SELECT id, recipient AS \"to\", locale, subject, text_body AS text, html_body AS html, headers, reply_to,
                status, attempts, created_at, sent_at
         FROM mail_outbox
         ORDER BY id DESC
         LIMIT $1",
    )
    .bind(limit)
    .fetch_all(pool)
    .await
    .context("Failed to read the outbox")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_injection_and_reserved_headers_are_refused() {
        let ok = vec![(
            "List-Unsubscribe".to_owned(),
            "<https://civic.example.org/u/1>".to_owned(),
        )];
        assert!(check_headers(&ok).is_ok());
        let bad = [
            ("Bcc", "x@example.org"),
            ("X-Note", "one\r\nBcc: x@example.org"),
            ("X Note", "space in the name"),
            ("X:Note", "colon in the name"),
            ("", "empty name"),
        ];
        for (name, value) in bad {
            assert!(
                check_headers(&[(name.to_owned(), value.to_owned())]).is_err(),
                "{name:?}"
            );
        }
    }
}
