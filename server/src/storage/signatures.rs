//! The `signatures`, `petition_country_counts` and `handled_requests`
//! tables. Writes run on the signing writer's connection, inside its
//! transaction.

use crate::db::{self, Connection, Db, Flag};
use anyhow::Context;
use civic_api::petition::{ShortCode, Signature};
use civic_api::{Country, IdempotencyKey, Locale};
use sqlx::Executor;

/// A stored signature, personal data included: never serialised as is.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SignatureRow {
    pub id: i64,
    pub petition_id: i64,
    pub email: String,
    pub email_key: String,
    pub name: String,
    pub country: String,
    pub locale: String,
    pub referral_code: Option<String>,
    pub confirmed_at: Option<String>,
}

impl SignatureRow {
    pub fn is_confirmed(&self) -> bool {
        self.confirmed_at.is_some()
    }

    pub fn locale(&self) -> Locale {
        Locale::parse(&self.locale).unwrap_or(Locale::DEFAULT)
    }
}

const COLUMNS: &str = "id, petition_id, email, email_key, name, country, locale, referral_code, confirmed_at";

/// Records that the request with `key` is being handled; `false` when it
/// was already, so a retry does nothing twice.
pub async fn claim_request(conn: &mut Connection, key: &IdempotencyKey, now: &str) -> anyhow::Result<bool> {
    let result = sqlx::query(
        "INSERT INTO handled_requests (idempotency_key, created_at) VALUES ($1, $2)
         ON CONFLICT (idempotency_key) DO NOTHING",
    )
    .bind(key.as_str())
    .bind(now)
    .execute(conn)
    .await
    .context("Failed to record an idempotency key")?;
    Ok(result.rows_affected() == 1)
}

/// Deletes signatures never confirmed and started before `before`: they
/// count for nothing, and personal data is kept only while it serves.
pub async fn forget_unconfirmed<'e>(executor: impl Executor<'e, Database = Db>, before: &str) -> anyhow::Result<u64> {
    let result = sqlx::query("DELETE FROM signatures WHERE confirmed_at IS NULL AND created_at < $1")
        .bind(before)
        .execute(executor)
        .await
        .context("Failed to forget unconfirmed signatures")?;
    Ok(result.rows_affected())
}

/// Forgets keys older than `before`: a client retries within minutes.
pub async fn forget_requests<'e>(executor: impl Executor<'e, Database = Db>, before: &str) -> anyhow::Result<u64> {
    let result = sqlx::query("DELETE FROM handled_requests WHERE created_at < $1")
        .bind(before)
        .execute(executor)
        .await
        .context("Failed to forget old idempotency keys")?;
    Ok(result.rows_affected())
}

pub async fn find<'e>(executor: impl Executor<'e, Database = Db>, id: i64) -> anyhow::Result<Option<SignatureRow>> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM signatures WHERE id = $1"))
        .bind(id)
        .fetch_optional(executor)
        .await
        .context("Failed to read a signature")
}

/// The signature of one person (by `Email::dedupe_key`) on one petition.
pub async fn find_by_email_key<'e>(
    executor: impl Executor<'e, Database = Db>,
    petition_id: i64,
    email_key: &str,
) -> anyhow::Result<Option<SignatureRow>> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM signatures WHERE petition_id = $1 AND email_key = $2"
    ))
    .bind(petition_id)
    .bind(email_key)
    .fetch_optional(executor)
    .await
    .context("Failed to look up a signature")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Inserted {
    New(i64),
    /// This person already signed this petition (pending or confirmed).
    Exists,
    /// The referral code is someone else's: try another.
    CodeTaken,
}

/// Stores a signature, pending, or confirmed now with its referral `code`.
pub async fn insert(
    conn: &mut Connection,
    petition_id: i64,
    signature: &Signature,
    confirmed: Option<&ShortCode>,
    now: &str,
) -> anyhow::Result<Inserted> {
    let query = sqlx::query_scalar(
        "INSERT INTO signatures (petition_id, email, email_key, name, country, comment, newsletter, locale, source,
             referred_by, referral_code, confirmed_at, created_at, news)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
         ON CONFLICT (petition_id, email_key) DO NOTHING
         RETURNING id",
    )
    .bind(petition_id)
    .bind(signature.email.as_str())
    .bind(signature.email.dedupe_key())
    .bind(signature.name.as_str())
    .bind(signature.country.code())
    .bind(signature.comment.as_deref())
    .bind(Flag(signature.newsletter))
    .bind(signature.locale.as_str())
    .bind(signature.source.as_ref().map(|source| source.as_str()))
    .bind(signature.referral.as_ref().map(ShortCode::as_str))
    .bind(confirmed.map(ShortCode::as_str))
    .bind(confirmed.map(|_| now))
    .bind(now)
    .bind(Flag(signature.news));
    // Only a confirmed signature has a referral code that may be taken.
    let result = match confirmed {
        Some(_) => db::may_conflict(conn, async |conn| query.fetch_optional(conn).await).await,
        None => query.fetch_optional(conn).await,
    };
    match result {
        Ok(Some(id)) => Ok(Inserted::New(id)),
        Ok(None) => Ok(Inserted::Exists),
        Err(error) if db::is_unique_violation(&error) => Ok(Inserted::CodeTaken),
        Err(error) => Err(error).context("Failed to store a signature"),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirmed {
    Now,
    /// It already was: nothing changed.
    Before,
    CodeTaken,
}

/// Confirms a pending signature and gives it its referral `code`. The
/// `confirmed_at IS NULL` guard makes a second confirmation change nothing.
pub async fn confirm(conn: &mut Connection, id: i64, code: &ShortCode, now: &str) -> anyhow::Result<Confirmed> {
    let query = sqlx::query(
        "UPDATE signatures SET confirmed_at = $1, referral_code = $2 WHERE id = $3 AND confirmed_at IS NULL",
    )
    .bind(now)
    .bind(code.as_str())
    .bind(id);
    let result = db::may_conflict(conn, async |conn| query.execute(conn).await).await;
    match result {
        Ok(done) if done.rows_affected() == 1 => Ok(Confirmed::Now),
        Ok(_) => Ok(Confirmed::Before),
        Err(error) if db::is_unique_violation(&error) => Ok(Confirmed::CodeTaken),
        Err(error) => Err(error).context("Failed to confirm a signature"),
    }
}

/// Moves a petition's count and its count for `country` by `added`.
pub async fn add_to_counts(
    conn: &mut Connection,
    petition_id: i64,
    country: Country,
    added: u64,
) -> anyhow::Result<()> {
    let added = i64::try_from(added).context("A count increment is out of range")?;
    sqlx::query(
        "INSERT INTO petition_country_counts (petition_id, country, signatures) VALUES ($1, $2, $3)
         ON CONFLICT (petition_id, country) DO UPDATE SET signatures = petition_country_counts.signatures + $3",
    )
    .bind(petition_id)
    .bind(country.code())
    .bind(added)
    .execute(&mut *conn)
    .await
    .context("Failed to count a signature by country")?;
    Ok(())
}

/// Adds `added` to a petition's count; returns the new count.
pub async fn add_to_total(conn: &mut Connection, petition_id: i64, added: u64) -> anyhow::Result<u64> {
    let added = i64::try_from(added).context("A count increment is out of range")?;
    let total: i64 = sqlx::query_scalar(
        "UPDATE petitions SET signature_count = signature_count + $1 WHERE id = $2 RETURNING signature_count",
    )
    .bind(added)
    .bind(petition_id)
    .fetch_one(conn)
    .await
    .context("Failed to count a signature")?;
    u64::try_from(total).context("A stored count is negative")
}

/// Confirmed signatures that came through the link with this code.
pub async fn signed_through<'e>(executor: impl Executor<'e, Database = Db>, code: &str) -> anyhow::Result<u64> {
    let count: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM signatures WHERE referred_by = $1 AND confirmed_at IS NOT NULL")
            .bind(code)
            .fetch_one(executor)
            .await
            .context("Failed to count the signatures through a link")?;
    u64::try_from(count).context("A count is negative")
}

/// Where a signer's referral code leads: their petition, in their language.
pub async fn referral_target<'e>(
    executor: impl Executor<'e, Database = Db>,
    code: &ShortCode,
) -> anyhow::Result<Option<(i64, Locale)>> {
    let row: Option<(i64, String)> = sqlx::query_as(
        "SELECT petition_id, locale FROM signatures WHERE referral_code = $1 AND confirmed_at IS NOT NULL",
    )
    .bind(code.as_str())
    .fetch_optional(executor)
    .await
    .context("Failed to look up a referral code")?;
    Ok(row.map(|(id, locale)| (id, Locale::parse(&locale).unwrap_or(Locale::DEFAULT))))
}

/// Every signature of a mailbox, newest first: (petition id, created at,
/// confirmed).
pub async fn of_email_key<'e>(
    executor: impl Executor<'e, Database = Db>,
    email_key: &str,
) -> anyhow::Result<Vec<(i64, String, bool)>> {
    let rows: Vec<(i64, String, Option<String>)> = sqlx::query_as(
        "SELECT petition_id, created_at, confirmed_at FROM signatures WHERE email_key = $1 ORDER BY created_at DESC",
    )
    .bind(email_key)
    .fetch_all(executor)
    .await
    .context("Failed to list a mailbox's signatures")?;
    Ok(rows
        .into_iter()
        .map(|(petition, created_at, confirmed_at)| (petition, created_at, confirmed_at.is_some()))
        .collect())
}
