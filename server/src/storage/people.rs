//! Accounts as the console's "people" section finds them: by address,
//! with their sessions and passkeys counted, and nothing secret.

use anyhow::Context;
use civic_api::account::Role;
use civic_api::staff::{ACCOUNT_SEARCH_LIMIT, StaffAccount};
use sqlx::Executor;

use crate::db::Db;
use crate::storage::accounts::day;

#[derive(sqlx::FromRow)]
struct PersonRow {
    id: i64,
    email: String,
    name: String,
    role: String,
    confirmed_at: Option<String>,
    created_at: String,
    sessions: i64,
    passkeys: i64,
}

impl PersonRow {
    fn parse(self) -> anyhow::Result<StaffAccount> {
        let count = |value: i64| u32::try_from(value).context("A count is out of range");
        Ok(StaffAccount {
            role: Role::parse(&self.role).with_context(|| format!("Account {} has an invalid stored role", self.id))?,
            confirmed: self.confirmed_at.is_some(),
            joined: day(&self.created_at).to_owned(),
            sessions: count(self.sessions)?,
            passkeys: count(self.passkeys)?,
            id: self.id,
            email: self.email,
            name: self.name,
        })
    }
}

const SELECTED: &str = "SELECT a.id, a.email, a.name, a.role, a.confirmed_at, a.created_at,
        (SELECT COUNT(*) FROM account_sessions s WHERE s.account_id = a.id) AS sessions,
        (SELECT COUNT(*) FROM passkeys p WHERE p.account_id = a.id) AS passkeys
     FROM accounts a";

/// Accounts whose address holds `text` (any case), staff first, then by
/// address; at most `ACCOUNT_SEARCH_LIMIT`.
pub async fn search<'e>(executor: impl Executor<'e, Database = Db>, text: &str) -> anyhow::Result<Vec<StaffAccount>> {
    let pattern = format!("%{}%", crate::storage::like_escaped(&text.trim().to_lowercase()));
    let limit = i64::try_from(ACCOUNT_SEARCH_LIMIT).expect("a small limit");
    let rows: Vec<PersonRow> = sqlx::query_as(&format!(
        "{SELECTED} WHERE LOWER(a.email) LIKE $1 ESCAPE '\\'
         ORDER BY CASE a.role WHEN 'admin' THEN 0 WHEN 'editor' THEN 1 ELSE 2 END, LOWER(a.email)
         LIMIT $2"
    ))
    .bind(pattern)
    .bind(limit)
    .fetch_all(executor)
    .await
    .context("Failed to search the accounts")?;
    rows.into_iter().map(PersonRow::parse).collect()
}

/// One account, as the console shows it after a change.
pub async fn find<'e>(executor: impl Executor<'e, Database = Db>, id: i64) -> anyhow::Result<Option<StaffAccount>> {
    let row: Option<PersonRow> = sqlx::query_as(&format!("{SELECTED} WHERE a.id = $1"))
        .bind(id)
        .fetch_optional(executor)
        .await
        .context("Failed to read an account")?;
    row.map(PersonRow::parse).transpose()
}
