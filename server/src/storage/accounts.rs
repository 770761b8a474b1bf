//! The `accounts` table. Rows are parsed into the contract's types here,
//! and only here.

use anyhow::Context;
use civic_api::account::{AccountView, Profile, Role};
use civic_api::{Country, Email, Locale, PersonName};
use sqlx::Executor;

use crate::db::{Connection, Db};

/// A stored account, password hash included: never serialised as is.
#[derive(Debug, Clone)]
pub struct Account {
    pub id: i64,
    pub email: Email,
    pub name: PersonName,
    pub country: Country,
    pub locale: Locale,
    pub password_hash: String,
    pub role: Role,
    pub newsletter_wanted: bool,
    pub confirmed_at: Option<String>,
    /// The address the account is moving to, once its link is followed.
    pub pending_email: Option<Email>,
}

impl Account {
    pub fn is_confirmed(&self) -> bool {
        self.confirmed_at.is_some()
    }

    pub fn view(&self) -> AccountView {
        AccountView {
            name: self.name.as_str().to_owned(),
            email: self.email.as_str().to_owned(),
            country: self.country.code().to_owned(),
            locale: self.locale,
            role: self.role,
            member_since: self.confirmed_at.as_deref().map(day).unwrap_or_default().to_owned(),
            pending_email: self.pending_email.as_ref().map(|email| email.as_str().to_owned()),
            needs_passkey: false,
            // Filled in by `Accounts::describe`, which reads the newsletter.
            newsletter: false,
        }
    }
}

/// `YYYY-MM-DD` of a stored time.
pub fn day(stamp: &str) -> &str {
    stamp.get(..10).unwrap_or(stamp)
}

#[derive(sqlx::FromRow)]
struct AccountRow {
    id: i64,
    email: String,
    name: String,
    country: String,
    locale: String,
    password_hash: String,
    role: String,
    newsletter_wanted: i32,
    confirmed_at: Option<String>,
    pending_email: Option<String>,
}

impl AccountRow {
    fn parse(self) -> anyhow::Result<Account> {
        let broken = |what: &str| anyhow::anyhow!("Account {} has an invalid stored {what}", self.id);
        Ok(Account {
            id: self.id,
            email: Email::parse(&self.email).map_err(|_| broken("address"))?,
            name: PersonName::parse(&self.name).map_err(|_| broken("name"))?,
            country: Country::parse(&self.country).map_err(|_| broken("country"))?,
            locale: Locale::parse(&self.locale).map_err(|_| broken("language"))?,
            role: Role::parse(&self.role).ok_or_else(|| broken("role"))?,
            newsletter_wanted: self.newsletter_wanted != 0,
            pending_email: self
                .pending_email
                .as_deref()
                .map(Email::parse)
                .transpose()
                .map_err(|_| broken("new address"))?,
            password_hash: self.password_hash,
            confirmed_at: self.confirmed_at,
        })
    }
}

const COLUMNS: &str =
    "id, email, name, country, locale, password_hash, role, newsletter_wanted, confirmed_at, pending_email";

pub async fn find<'e>(executor: impl Executor<'e, Database = Db>, id: i64) -> anyhow::Result<Option<Account>> {
    let row: Option<AccountRow> = sqlx::query_as(&format!("SELECT {COLUMNS} FROM accounts WHERE id = $1"))
        .bind(id)
        .fetch_optional(executor)
        .await
        .context("Failed to read an account")?;
    row.map(AccountRow::parse).transpose()
}

/// The account of one mailbox, however its address is spelled.
pub async fn find_by_email<'e>(
    executor: impl Executor<'e, Database = Db>,
    email: &Email,
) -> anyhow::Result<Option<Account>> {
    let row: Option<AccountRow> = sqlx::query_as(&format!("SELECT {COLUMNS} FROM accounts WHERE email_key = $1"))
        .bind(email.dedupe_key())
        .fetch_optional(executor)
        .await
        .context("Failed to look up an account")?;
    row.map(AccountRow::parse).transpose()
}

/// What joining stores: an account that waits for its address to be
/// confirmed.
pub struct Joining<'a> {
    pub email: &'a Email,
    pub name: &'a PersonName,
    pub country: &'a Country,
    pub locale: Locale,
    pub password_hash: &'a str,
    pub newsletter_wanted: bool,
}

/// Stores a new, unconfirmed account; `None` when the mailbox has one
/// already (joined at the same moment by another request).
pub async fn insert(conn: &mut Connection, joining: &Joining<'_>, now: &str) -> anyhow::Result<Option<i64>> {
    sqlx::query_scalar(
        "INSERT INTO accounts (email, email_key, name, country, locale, password_hash, newsletter_wanted, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (email_key) DO NOTHING
         RETURNING id",
    )
    .bind(joining.email.as_str())
    .bind(joining.email.dedupe_key())
    .bind(joining.name.as_str())
    .bind(joining.country.code())
    .bind(joining.locale.as_str())
    .bind(joining.password_hash)
    .bind(i32::from(joining.newsletter_wanted))
    .bind(now)
    .fetch_optional(conn)
    .await
    .context("Failed to store an account")
}

/// Joining again before confirming: the new details replace the old, as
/// nothing was proven yet.
pub async fn replace_unconfirmed(conn: &mut Connection, id: i64, joining: &Joining<'_>) -> anyhow::Result<()> {
    sqlx::query(
        "UPDATE accounts SET email = $1, name = $2, country = $3, locale = $4, password_hash = $5, newsletter_wanted = $6
         WHERE id = $7 AND confirmed_at IS NULL",
    )
    .bind(joining.email.as_str())
    .bind(joining.name.as_str())
    .bind(joining.country.code())
    .bind(joining.locale.as_str())
    .bind(joining.password_hash)
    .bind(i32::from(joining.newsletter_wanted))
    .bind(id)
    .execute(conn)
    .await
    .context("Failed to update an unconfirmed account")?;
    Ok(())
}

/// `true` when this call confirmed it (it was not confirmed before).
pub async fn confirm(conn: &mut Connection, id: i64, now: &str) -> anyhow::Result<bool> {
    let done = sqlx::query("UPDATE accounts SET confirmed_at = $1 WHERE id = $2 AND confirmed_at IS NULL")
        .bind(now)
        .bind(id)
        .execute(conn)
        .await
        .context("Failed to confirm an account")?;
    Ok(done.rows_affected() == 1)
}

/// Replaces the password; `false` when it had changed meanwhile (the
/// caller's copy of the old hash is stale).
pub async fn set_password(conn: &mut Connection, id: i64, old_hash: &str, new_hash: &str) -> anyhow::Result<bool> {
    let done = sqlx::query("UPDATE accounts SET password_hash = $1 WHERE id = $2 AND password_hash = $3")
        .bind(new_hash)
        .bind(id)
        .bind(old_hash)
        .execute(conn)
        .await
        .context("Failed to change a password")?;
    Ok(done.rows_affected() == 1)
}

pub async fn set_profile(conn: &mut Connection, id: i64, profile: &Profile) -> anyhow::Result<()> {
    sqlx::query("UPDATE accounts SET name = $1, country = $2, locale = $3 WHERE id = $4")
        .bind(profile.name.as_str())
        .bind(profile.country.code())
        .bind(profile.locale.as_str())
        .bind(id)
        .execute(conn)
        .await
        .context("Failed to change a profile")?;
    Ok(())
}

/// Notes the address the account should move to once that mailbox's link
/// is followed; a later request replaces it (and voids its link).
pub async fn set_pending_email(conn: &mut Connection, id: i64, email: &Email) -> anyhow::Result<()> {
    sqlx::query("UPDATE accounts SET pending_email = $1 WHERE id = $2")
        .bind(email.as_str())
        .bind(id)
        .execute(conn)
        .await
        .context("Failed to note a new address")?;
    Ok(())
}

/// Moves the account to its pending address, if that is still `email`;
/// `false` when it is not (another request replaced it, or it was used) or
/// when another account took the address meanwhile.
pub async fn move_to_pending_email(conn: &mut Connection, id: i64, email: &Email) -> anyhow::Result<bool> {
    let done = sqlx::query(
        "UPDATE accounts SET email = $1, email_key = $2, pending_email = NULL
         WHERE id = $3 AND pending_email = $1
           AND NOT EXISTS (SELECT 1 FROM accounts AS other WHERE other.email_key = $2)",
    )
    .bind(email.as_str())
    .bind(email.dedupe_key())
    .bind(id)
    .execute(conn)
    .await
    .context("Failed to move an account to its new address")?;
    Ok(done.rows_affected() == 1)
}

pub async fn set_role(conn: &mut Connection, id: i64, role: Role) -> anyhow::Result<()> {
    sqlx::query("UPDATE accounts SET role = $1 WHERE id = $2")
        .bind(role.as_str())
        .bind(id)
        .execute(conn)
        .await
        .context("Failed to change a role")?;
    Ok(())
}

/// Deletes accounts never opened that joined before `joined_before`.
pub async fn forget_unopened<'e>(
    executor: impl Executor<'e, Database = Db>,
    joined_before: &str,
) -> anyhow::Result<u64> {
    let done = sqlx::query("DELETE FROM accounts WHERE confirmed_at IS NULL AND created_at < $1")
        .bind(joined_before)
        .execute(executor)
        .await
        .context("Failed to forget unopened accounts")?;
    Ok(done.rows_affected())
}
