//! The `account_sessions` table: who is signed in where. The cookie's
//! secret is kept only as its SHA-256.

use anyhow::Context;
use sqlx::Executor;

use crate::db::{Connection, Db};

/// A session as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionRow {
    pub id: String,
    pub account_id: i64,
    pub device: String,
    pub created_at: String,
    pub last_seen_at: String,
    pub expires_at: String,
    /// `password` or `passkey`.
    pub signed_in_with: String,
    /// When a code from the account's authenticator app was given in it.
    pub second_factor_at: Option<String>,
}

const COLUMNS: &str = "id, account_id, device, created_at, last_seen_at, expires_at, signed_in_with, second_factor_at";

/// How a session was opened: staff requests need a passkey's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignedInWith {
    Password,
    Passkey,
}

impl SignedInWith {
    pub fn as_str(self) -> &'static str {
        match self {
            SignedInWith::Password => "password",
            SignedInWith::Passkey => "passkey",
        }
    }
}

impl SessionRow {
    /// Opened with a passkey, or a password then a code from the account's
    /// authenticator app: what staff requests need.
    pub fn with_second_factor(&self) -> bool {
        self.signed_in_with == SignedInWith::Passkey.as_str() || self.second_factor_at.is_some()
    }
}

pub struct NewSession<'a> {
    pub id: &'a str,
    pub token_hash: &'a str,
    pub account_id: i64,
    pub device: &'a str,
    pub now: &'a str,
    pub expires_at: &'a str,
    pub signed_in_with: SignedInWith,
}

pub async fn insert(conn: &mut Connection, session: &NewSession<'_>) -> anyhow::Result<()> {
    sqlx::query(
        "INSERT INTO account_sessions (id, token_hash, account_id, device, created_at, last_seen_at, expires_at, signed_in_with)
         VALUES ($1, $2, $3, $4, $5, $5, $6, $7)",
    )
    .bind(session.id)
    .bind(session.token_hash)
    .bind(session.account_id)
    .bind(session.device)
    .bind(session.now)
    .bind(session.expires_at)
    .bind(session.signed_in_with.as_str())
    .execute(conn)
    .await
    .context("Failed to store a session")?;
    Ok(())
}

/// Marks the session `id` as having given a code from the authenticator
/// app, under a new id and secret (a session's rights never grow under
/// the secret it had before); its lifetime is unchanged.
pub async fn step_up(
    conn: &mut Connection,
    id: &str,
    new_id: &str,
    new_token_hash: &str,
    now: &str,
) -> anyhow::Result<bool> {
    let result =
        sqlx::query("UPDATE account_sessions SET id = $2, token_hash = $3, second_factor_at = $4 WHERE id = $1")
            .bind(id)
            .bind(new_id)
            .bind(new_token_hash)
            .bind(now)
            .execute(conn)
            .await
            .context("Failed to mark a session's second factor")?;
    Ok(result.rows_affected() == 1)
}

pub async fn find_by_token_hash<'e>(
    executor: impl Executor<'e, Database = Db>,
    token_hash: &str,
) -> anyhow::Result<Option<SessionRow>> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM account_sessions WHERE token_hash = $1"))
        .bind(token_hash)
        .fetch_optional(executor)
        .await
        .context("Failed to look up a session")
}

/// Every session of one account, the most recently used first.
pub async fn of_account<'e>(
    executor: impl Executor<'e, Database = Db>,
    account_id: i64,
) -> anyhow::Result<Vec<SessionRow>> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM account_sessions WHERE account_id = $1 ORDER BY last_seen_at DESC, id"
    ))
    .bind(account_id)
    .fetch_all(executor)
    .await
    .context("Failed to list sessions")
}

pub async fn touch<'e>(executor: impl Executor<'e, Database = Db>, id: &str, now: &str) -> anyhow::Result<()> {
    sqlx::query("UPDATE account_sessions SET last_seen_at = $1 WHERE id = $2")
        .bind(now)
        .bind(id)
        .execute(executor)
        .await
        .context("Failed to note a session's use")?;
    Ok(())
}

/// Ends one session of an account; `false` when it had none by that id.
pub async fn delete<'e>(executor: impl Executor<'e, Database = Db>, account_id: i64, id: &str) -> anyhow::Result<bool> {
    let done = sqlx::query("DELETE FROM account_sessions WHERE account_id = $1 AND id = $2")
        .bind(account_id)
        .bind(id)
        .execute(executor)
        .await
        .context("Failed to end a session")?;
    Ok(done.rows_affected() == 1)
}

/// Ends every session of an account.
pub async fn delete_all(conn: &mut Connection, account_id: i64) -> anyhow::Result<u64> {
    let done = sqlx::query("DELETE FROM account_sessions WHERE account_id = $1")
        .bind(account_id)
        .execute(conn)
        .await
        .context("Failed to end an account's sessions")?;
    Ok(done.rows_affected())
}

/// Ends every session of an account but one.
pub async fn delete_others(conn: &mut Connection, account_id: i64, kept: &str) -> anyhow::Result<u64> {
    let done = sqlx::query("DELETE FROM account_sessions WHERE account_id = $1 AND id <> $2")
        .bind(account_id)
        .bind(kept)
        .execute(conn)
        .await
        .context("Failed to end an account's other sessions")?;
    Ok(done.rows_affected())
}

/// Forgets sessions past their end, or idle since before `idle_since`.
pub async fn delete_stale<'e>(
    executor: impl Executor<'e, Database = Db>,
    now: &str,
    idle_since: &str,
) -> anyhow::Result<u64> {
    let done = sqlx::query("DELETE FROM account_sessions WHERE expires_at <= $1 OR last_seen_at < $2")
        .bind(now)
        .bind(idle_since)
        .execute(executor)
        .await
        .context("Failed to forget ended sessions")?;
    Ok(done.rows_affected())
}
