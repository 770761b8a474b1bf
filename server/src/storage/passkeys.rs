//! The `passkeys` table (an account's WebAuthn credentials) and
//! `passkey_ceremonies` (challenges sent to a browser, waiting for its
//! answer). Bytes are kept as base64url text, the same on SQLite and
//! PostgreSQL.

use anyhow::Context;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sqlx::Executor;

use crate::db::{Connection, Db};

pub fn encode(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

fn decode(text: &str, what: &str) -> anyhow::Result<Vec<u8>> {
    URL_SAFE_NO_PAD
        .decode(text)
        .with_context(|| format!("A stored passkey {what} is not base64url"))
}

/// A passkey as listed in the member area.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PasskeyRow {
    pub id: i64,
    pub name: String,
    pub created_at: String,
    pub last_used_at: Option<String>,
}

/// What a sign-in verifies a passkey's answer with.
#[derive(Debug, Clone)]
pub struct StoredCredential {
    pub id: i64,
    pub account_id: i64,
    pub name: String,
    pub credential_id: Vec<u8>,
    pub user_handle: Vec<u8>,
    pub static_state: Vec<u8>,
    pub dynamic_state: Vec<u8>,
}

#[derive(sqlx::FromRow)]
struct CredentialRow {
    id: i64,
    account_id: i64,
    name: String,
    credential_id: String,
    user_handle: String,
    static_state: String,
    dynamic_state: String,
}

pub struct NewCredential<'a> {
    pub account_id: i64,
    pub name: &'a str,
    pub credential_id: &'a [u8],
    pub user_handle: &'a [u8],
    pub static_state: &'a [u8],
    pub dynamic_state: &'a [u8],
    pub now: &'a str,
}

/// Stores a new passkey; `false` when its credential id is taken (the
/// same authenticator's key, registered already).
pub async fn insert(conn: &mut Connection, new: &NewCredential<'_>) -> anyhow::Result<bool> {
    let done = sqlx::query(
        "INSERT INTO passkeys (account_id, credential_id, user_handle, static_state, dynamic_state, name, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (credential_id) DO NOTHING",
    )
    .bind(new.account_id)
    .bind(encode(new.credential_id))
    .bind(encode(new.user_handle))
    .bind(encode(new.static_state))
    .bind(encode(new.dynamic_state))
    .bind(new.name)
    .bind(new.now)
    .execute(conn)
    .await
    .context("Failed to store a passkey")?;
    Ok(done.rows_affected() == 1)
}

/// An account's passkeys, the oldest first.
pub async fn of_account<'e>(
    executor: impl Executor<'e, Database = Db>,
    account_id: i64,
) -> anyhow::Result<Vec<PasskeyRow>> {
    sqlx::query_as(
        "SELECT id, name, created_at, last_used_at FROM passkeys WHERE account_id = $1 ORDER BY created_at, id",
    )
    .bind(account_id)
    .fetch_all(executor)
    .await
    .context("Failed to list passkeys")
}

/// The account's WebAuthn user handle and its passkeys' credential ids
/// (no handle before its first passkey).
pub async fn handle_and_ids<'e>(
    executor: impl Executor<'e, Database = Db>,
    account_id: i64,
) -> anyhow::Result<(Option<Vec<u8>>, Vec<Vec<u8>>)> {
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT user_handle, credential_id FROM passkeys WHERE account_id = $1 ORDER BY id")
            .bind(account_id)
            .fetch_all(executor)
            .await
            .context("Failed to read an account's passkeys")?;
    let handle = rows
        .first()
        .map(|(handle, _)| decode(handle, "user handle"))
        .transpose()?;
    let ids = rows
        .iter()
        .map(|(_, id)| decode(id, "credential id"))
        .collect::<anyhow::Result<_>>()?;
    Ok((handle, ids))
}

pub async fn by_credential_id<'e>(
    executor: impl Executor<'e, Database = Db>,
    credential_id: &[u8],
) -> anyhow::Result<Option<StoredCredential>> {
    let row: Option<CredentialRow> = sqlx::query_as(
        "SELECT id, account_id, name, credential_id, user_handle, static_state, dynamic_state
         FROM passkeys WHERE credential_id = $1",
    )
    .bind(encode(credential_id))
    .fetch_optional(executor)
    .await
    .context("Failed to look up a passkey")?;
    row.map(|row| {
        Ok(StoredCredential {
            id: row.id,
            account_id: row.account_id,
            name: row.name,
            credential_id: decode(&row.credential_id, "credential id")?,
            user_handle: decode(&row.user_handle, "user handle")?,
            static_state: decode(&row.static_state, "public key")?,
            dynamic_state: decode(&row.dynamic_state, "counter")?,
        })
    })
    .transpose()
}

/// Notes a sign-in with the passkey, and its new counter if it changed.
pub async fn used<'e>(
    executor: impl Executor<'e, Database = Db>,
    id: i64,
    dynamic_state: Option<&[u8]>,
    now: &str,
) -> anyhow::Result<()> {
    sqlx::query("UPDATE passkeys SET last_used_at = $1, dynamic_state = COALESCE($2, dynamic_state) WHERE id = $3")
        .bind(now)
        .bind(dynamic_state.map(encode))
        .bind(id)
        .execute(executor)
        .await
        .context("Failed to note a passkey's use")?;
    Ok(())
}

/// Removes one passkey of an account, giving its name; `None` when the
/// account has none by that id.
pub async fn delete(conn: &mut Connection, account_id: i64, id: i64) -> anyhow::Result<Option<String>> {
    sqlx::query_scalar("DELETE FROM passkeys WHERE account_id = $1 AND id = $2 RETURNING name")
        .bind(account_id)
        .bind(id)
        .fetch_optional(conn)
        .await
        .context("Failed to remove a passkey")
}

/// A ceremony's kind, as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CeremonyKind {
    Register,
    SignIn,
}

impl CeremonyKind {
    fn as_str(self) -> &'static str {
        match self {
            CeremonyKind::Register => "register",
            CeremonyKind::SignIn => "sign_in",
        }
    }
}

pub struct NewCeremony<'a> {
    pub challenge: &'a str,
    pub kind: CeremonyKind,
    pub account_id: Option<i64>,
    pub state: &'a [u8],
    pub expires_at: &'a str,
}

pub async fn begin<'e>(executor: impl Executor<'e, Database = Db>, ceremony: &NewCeremony<'_>) -> anyhow::Result<()> {
    sqlx::query(
        "INSERT INTO passkey_ceremonies (challenge, kind, account_id, state, expires_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(ceremony.challenge)
    .bind(ceremony.kind.as_str())
    .bind(ceremony.account_id)
    .bind(encode(ceremony.state))
    .bind(ceremony.expires_at)
    .execute(executor)
    .await
    .context("Failed to store a passkey challenge")?;
    Ok(())
}

/// Takes (deletes and returns) the state of the ceremony a browser
/// answers, if it is of this kind and, for adding a passkey, this account's:
/// each challenge works once, whichever server gets the answer.
pub async fn take<'e>(
    executor: impl Executor<'e, Database = Db>,
    challenge: &str,
    kind: CeremonyKind,
    account_id: Option<i64>,
) -> anyhow::Result<Option<Vec<u8>>> {
    let state: Option<String> = sqlx::query_scalar(
        "DELETE FROM passkey_ceremonies
         WHERE challenge = $1 AND kind = $2 AND COALESCE(account_id, 0) = $3
         RETURNING state",
    )
    .bind(challenge)
    .bind(kind.as_str())
    // Account ids start at 1: 0 stands for "no account" (signing in).
    .bind(account_id.unwrap_or(0))
    .fetch_optional(executor)
    .await
    .context("Failed to take a passkey challenge")?;
    state.map(|state| decode(&state, "challenge state")).transpose()
}

/// Forgets challenges nobody answered in time.
pub async fn forget_expired<'e>(executor: impl Executor<'e, Database = Db>, now: &str) -> anyhow::Result<u64> {
    let done = sqlx::query("DELETE FROM passkey_ceremonies WHERE expires_at <= $1")
        .bind(now)
        .execute(executor)
        .await
        .context("Failed to forget unanswered passkey challenges")?;
    Ok(done.rows_affected())
}
