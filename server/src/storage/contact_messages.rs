//! The `contact_messages` table.

use anyhow::Context;
use civic_api::Locale;
use civic_api::contact::{ContactMessage, RECEIVED_PAGE_SIZE, ReceivedMessage};
use sqlx::Executor;
use sqlx::any::AnyArguments;
use sqlx::query::Query;

use crate::db::Db;
use crate::storage::references::Referenced;

/// References such as `C-7K3QX9`, for the sender to quote when they write
/// again.
pub const MESSAGES: Referenced = Referenced {
    table: "contact_messages",
    prefix: "C",
};

/// The statement that stores the message under a reference; nothing when
/// the key or the reference is taken (see `Referenced::store`).
pub fn insert<'q>(
    message: &'q ContactMessage,
    created_at: &'q str,
) -> impl Fn(String) -> Query<'q, Db, AnyArguments<'q>> {
    move |reference| {
        sqlx::query(
            "INSERT INTO contact_messages (reference, idempotency_key, locale, name, email, subject, message, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
             ON CONFLICT DO NOTHING",
        )
        .bind(reference)
        .bind(message.idempotency_key.as_str())
        .bind(message.locale.as_str())
        .bind(message.name.as_str())
        .bind(message.email.as_str())
        .bind(&message.subject)
        .bind(&message.message)
        .bind(created_at)
    }
}

#[derive(sqlx::FromRow)]
struct ReceivedRow {
    reference: String,
    locale: String,
    name: String,
    email: String,
    subject: String,
    message: String,
    created_at: String,
}

/// The newest messages received before `before` (a stored time), or the
/// newest of all.
pub async fn received<'e>(
    executor: impl Executor<'e, Database = Db>,
    before: Option<&str>,
) -> anyhow::Result<Vec<ReceivedMessage>> {
    // Every stored time sorts before this one.
    let before = before.unwrap_or("9999");
    let rows: Vec<ReceivedRow> = sqlx::query_as(
        "SELECT reference, locale, name, email, subject, message, created_at FROM contact_messages
         WHERE created_at < $1
         ORDER BY created_at DESC, reference LIMIT $2",
    )
    .bind(before)
    .bind(RECEIVED_PAGE_SIZE)
    .fetch_all(executor)
    .await
    .context("Failed to list contact messages")?;
    rows.into_iter()
        .map(|row| {
            Ok(ReceivedMessage {
                locale: Locale::parse(&row.locale)
                    .map_err(|_| anyhow::anyhow!("Message {} has an invalid language", row.reference))?,
                reference: row.reference,
                name: row.name,
                email: row.email,
                subject: row.subject,
                message: row.message,
                received_at: row.created_at,
            })
        })
        .collect()
}
