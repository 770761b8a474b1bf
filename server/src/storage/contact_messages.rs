//! The `contact_messages` table.

use anyhow::Context;
use civic_api::IdempotencyKey;
use civic_api::contact::ContactMessage;

use crate::db::Transaction;
use crate::storage::references;

/// A reference the sender can quote when they write again, such as
/// `C-7K3QX9`.
pub fn new_reference() -> String {
    references::new_reference("C")
}

/// The reference already given to this key, if the message was stored.
#[tracing::instrument(skip_all)]
pub async fn find_reference(tx: &mut Transaction<'_>, key: &IdempotencyKey) -> anyhow::Result<Option<String>> {
    sqlx::query_scalar("SELECT reference FROM contact_messages WHERE idempotency_key = $1")
        .bind(key.as_str())
        .fetch_optional(&mut **tx)
        .await
        .context("Failed to look up an idempotency key")
}

/// Stores the message under `reference`. `false` when nothing was stored
/// because the key or the reference is taken; the caller tells which.
#[tracing::instrument(skip_all, fields(reference))]
pub async fn insert(
    tx: &mut Transaction<'_>,
    reference: &str,
    message: &ContactMessage,
    created_at: &str,
) -> anyhow::Result<bool> {
    let result = sqlx::query(
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
    .execute(&mut **tx)
    .await
    .context("Failed to store a contact message")?;
    Ok(result.rows_affected() == 1)
}
