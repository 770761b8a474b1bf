//! The `staff_actions` table: the audit log. Rows are only ever added (the
//! database's own triggers refuse the rest); accounts are named by number,
//! and their addresses read from `accounts` while they exist.

use std::collections::BTreeMap;

use anyhow::Context;
use civic_api::staff::{AUDIT_PAGE, AuditAccount, AuditAction, AuditEntry};
use sqlx::Executor;

use crate::db::{Connection, Db};

/// One action to record.
pub struct NewAction<'a> {
    pub at: &'a str,
    pub actor: i64,
    pub action: AuditAction,
    pub account: Option<i64>,
    pub subject: &'a str,
    pub before: BTreeMap<String, String>,
    pub after: BTreeMap<String, String>,
    pub idempotency_key: Option<&'a str>,
}

pub async fn insert(conn: &mut Connection, action: &NewAction<'_>) -> anyhow::Result<i64> {
    let json = |state: &BTreeMap<String, String>| serde_json::to_string(state).expect("a map of strings is JSON");
    sqlx::query_scalar(
        "INSERT INTO staff_actions
             (at, actor_account_id, action, subject_account_id, subject, before_state, after_state, idempotency_key)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(action.at)
    .bind(action.actor)
    .bind(action.action.as_str())
    .bind(action.account)
    .bind(action.subject)
    .bind(json(&action.before))
    .bind(json(&action.after))
    .bind(action.idempotency_key)
    .fetch_one(conn)
    .await
    .context("Failed to record a staff action")
}

/// Whether `actor` already did the write its retry key names.
pub async fn done_before(conn: &mut Connection, actor: i64, key: &str) -> anyhow::Result<bool> {
    let found: Option<i64> =
        sqlx::query_scalar("SELECT id FROM staff_actions WHERE actor_account_id = $1 AND idempotency_key = $2")
            .bind(actor)
            .bind(key)
            .fetch_optional(conn)
            .await
            .context("Failed to look for a staff action")?;
    Ok(found.is_some())
}

/// Which lines of the log to read.
pub struct Search<'a> {
    /// Words the actor's or the account's address, the action's name or
    /// the subject hold (any case); empty for every line.
    pub text: &'a str,
    /// Only lines older than this one, for the next page.
    pub before: Option<i64>,
    /// At most this many; `None` for all (the CSV export).
    pub limit: Option<usize>,
}

#[derive(sqlx::FromRow)]
struct ActionRow {
    id: i64,
    at: String,
    actor_account_id: i64,
    actor_email: Option<String>,
    action: String,
    subject_account_id: Option<i64>,
    subject_email: Option<String>,
    subject: String,
    before_state: String,
    after_state: String,
}

impl ActionRow {
    fn parse(self) -> anyhow::Result<AuditEntry> {
        let broken = |what: &str| anyhow::anyhow!("Staff action {} has an invalid stored {what}", self.id);
        let state = |json: &str| serde_json::from_str::<BTreeMap<String, String>>(json);
        Ok(AuditEntry {
            id: self.id,
            action: AuditAction::parse(&self.action).ok_or_else(|| broken("action"))?,
            before: state(&self.before_state).map_err(|_| broken("before"))?,
            after: state(&self.after_state).map_err(|_| broken("after"))?,
            at: self.at,
            actor: AuditAccount {
                id: self.actor_account_id,
                email: self.actor_email,
            },
            account: self.subject_account_id.map(|id| AuditAccount {
                id,
                email: self.subject_email,
            }),
            subject: self.subject,
        })
    }
}

/// The newest lines first.
pub async fn search<'e>(
    executor: impl Executor<'e, Database = Db>,
    search: &Search<'_>,
) -> anyhow::Result<Vec<AuditEntry>> {
    let pattern = format!("%{}%", super::like_escaped(&search.text.trim().to_lowercase()));
    let limit = i64::try_from(search.limit.unwrap_or(usize::MAX >> 1)).unwrap_or(i64::MAX);
    let rows: Vec<ActionRow> = sqlx::query_as(
        "SELECT s.id, s.at, s.actor_account_id, actor.email AS actor_email, s.action,
                s.subject_account_id, subject.email AS subject_email, s.subject, s.before_state, s.after_state
         FROM staff_actions s
         LEFT JOIN accounts actor ON actor.id = s.actor_account_id
         LEFT JOIN accounts subject ON subject.id = s.subject_account_id
         WHERE s.id < $1
           AND (LOWER(COALESCE(actor.email, '')) LIKE $2 ESCAPE '\\'
                OR LOWER(COALESCE(subject.email, '')) LIKE $2 ESCAPE '\\'
                OR s.action LIKE $2 ESCAPE '\\'
                OR LOWER(s.subject) LIKE $2 ESCAPE '\\')
         ORDER BY s.id DESC
         LIMIT $3",
    )
    .bind(search.before.unwrap_or(i64::MAX))
    .bind(pattern)
    .bind(limit)
    .fetch_all(executor)
    .await
    .context("Failed to read the audit log")?;
    rows.into_iter().map(ActionRow::parse).collect()
}

/// One page of the console's log.
pub fn page(text: &str, before: Option<i64>) -> Search<'_> {
    Search {
        text,
        before,
        limit: Some(AUDIT_PAGE),
    }
}
