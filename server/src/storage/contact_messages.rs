//! The `contact_messages` table.

use civic_api::contact::ContactMessage;
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
