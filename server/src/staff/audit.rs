//! Recording staff actions, and the log as CSV for an auditor.

use std::collections::BTreeMap;

use anyhow::Context;
use civic_api::staff::{AuditAction, AuditEntry};
use time::OffsetDateTime;

use crate::csv_field::table;
use crate::db::{self, Pool};
use crate::storage::staff_actions::{self, NewAction};

/// Records an export (a read that hands data out) in its own
/// transaction, before the file is sent: an export that was not recorded
/// is not sent.
pub async fn record_export(pool: &Pool, actor: i64, action: AuditAction, subject: &str) -> anyhow::Result<()> {
    let mut conn = pool.acquire().await.context("Failed to reach the database")?;
    let mut tx = db::begin_write(&mut conn).await?;
    let at = db::stamp(OffsetDateTime::now_utc());
    staff_actions::insert(
        &mut tx,
        &NewAction {
            at: &at,
            actor,
            action,
            account: None,
            subject,
            before: BTreeMap::new(),
            after: BTreeMap::new(),
            idempotency_key: None,
        },
    )
    .await?;
    tx.commit().await.context("Failed to commit a staff action")
}

pub const HEADER: &str = "id,at,actor_id,actor_email,action,account_id,account_email,subject,before,after";

/// The log, newest first, one line per action; `before` and `after` as
/// the JSON objects they are stored as.
pub fn csv(entries: &[AuditEntry]) -> String {
    let json = |state: &BTreeMap<String, String>| serde_json::to_string(state).expect("a map of strings is JSON");
    table(
        HEADER,
        entries.iter().map(|entry| {
            [
                entry.id.to_string(),
                entry.at.clone(),
                entry.actor.id.to_string(),
                entry.actor.email.clone().unwrap_or_default(),
                entry.action.as_str().to_owned(),
                entry
                    .account
                    .as_ref()
                    .map(|account| account.id.to_string())
                    .unwrap_or_default(),
                entry
                    .account
                    .as_ref()
                    .and_then(|account| account.email.clone())
                    .unwrap_or_default(),
                entry.subject.clone(),
                json(&entry.before),
                json(&entry.after),
            ]
        }),
    )
}
