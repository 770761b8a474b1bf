//! The `account_authenticators` table: one authenticator app per account,
//! its secret sealed, pending until a first code confirms it; and the mark
//! a session gets when a code from it is given.

use anyhow::Context;
use sqlx::Executor;

use crate::db::{Connection, Db};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AuthenticatorRow {
    pub sealed_secret: String,
    pub created_at: String,
    pub confirmed_at: Option<String>,
    pub last_step: i64,
}

pub async fn find<'e>(
    executor: impl Executor<'e, Database = Db>,
    account: i64,
) -> anyhow::Result<Option<AuthenticatorRow>> {
    sqlx::query_as(
        "SELECT sealed_secret, created_at, confirmed_at, last_step FROM account_authenticators WHERE account_id = $1",
    )
    .bind(account)
    .fetch_optional(executor)
    .await
    .context("Failed to read an authenticator")
}

/// A new secret waiting for its first code, in place of any earlier one
/// that never got it.
pub async fn set_pending(conn: &mut Connection, account: i64, sealed: &str, now: &str) -> anyhow::Result<()> {
    sqlx::query("DELETE FROM account_authenticators WHERE account_id = $1 AND confirmed_at IS NULL")
        .bind(account)
        .execute(&mut *conn)
        .await
        .context("Failed to forget a pending authenticator")?;
    sqlx::query("INSERT INTO account_authenticators (account_id, sealed_secret, created_at) VALUES ($1, $2, $3)")
        .bind(account)
        .bind(sealed)
        .bind(now)
        .execute(conn)
        .await
        .context("Failed to store a pending authenticator")?;
    Ok(())
}

/// Takes the code of `step`: only a later step than the last one taken,
/// so each code works once. Confirms a pending authenticator with it when
/// `confirming`. Whether it was taken.
pub async fn take_step(
    conn: &mut Connection,
    account: i64,
    step: i64,
    confirming: Option<&str>,
) -> anyhow::Result<bool> {
    let result = match confirming {
        Some(now) => {
            sqlx::query(
                "UPDATE account_authenticators SET last_step = $2, confirmed_at = $3
                 WHERE account_id = $1 AND last_step < $2 AND confirmed_at IS NULL",
            )
            .bind(account)
            .bind(step)
            .bind(now)
            .execute(conn)
            .await
        }
        None => {
            sqlx::query(
                "UPDATE account_authenticators SET last_step = $2
                 WHERE account_id = $1 AND last_step < $2 AND confirmed_at IS NOT NULL",
            )
            .bind(account)
            .bind(step)
            .execute(conn)
            .await
        }
    };
    Ok(result.context("Failed to take an authenticator code")?.rows_affected() == 1)
}

/// Whether there was a confirmed one to remove.
pub async fn delete(conn: &mut Connection, account: i64) -> anyhow::Result<bool> {
    let result = sqlx::query("DELETE FROM account_authenticators WHERE account_id = $1")
        .bind(account)
        .execute(&mut *conn)
        .await
        .context("Failed to remove an authenticator")?;
    // Sessions that gave a code from it are back to a password's.
    sqlx::query("UPDATE account_sessions SET second_factor_at = NULL WHERE account_id = $1")
        .bind(account)
        .execute(conn)
        .await
        .context("Failed to end the sessions' second factor")?;
    Ok(result.rows_affected() > 0)
}
