//! The staff console's server side: who may use it (`Admin`, beside
//! `accounts::sessions::Staff`), the actions on people, and the audit log
//! every staff action writes to, in the same transaction as its effect.

pub mod audit;
pub mod consent_log;
pub mod inbox;
pub mod mailings;
pub mod pages;
pub mod people;
pub mod petition_news;
pub mod petitions;
pub mod signatures;
pub mod surveys;

use std::collections::BTreeMap;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use civic_api::account::Role;

use crate::accounts::sessions::{SignedIn, Staff};
use crate::error::ApiError;
use crate::state::AppState;

/// A request from an admin signed in with a passkey: 401 without a
/// session, 403 `forbidden` for a member or an editor, 403
/// `passkey_required` for an admin signed in with a password only.
#[derive(Debug, Clone)]
pub struct Admin(pub SignedIn);

impl FromRequestParts<AppState> for Admin {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let Staff(signed_in) = Staff::from_request_parts(parts, state).await?;
        if signed_in.account.role != Role::Admin {
            return Err(ApiError::StaffOnly);
        }
        Ok(Admin(signed_in))
    }
}

/// One audit line about something other than an account (a petition by
/// its address, an inbox thread by its reference), with the write's retry
/// key.
pub struct Line<'a> {
    pub action: civic_api::staff::AuditAction,
    pub subject: &'a str,
    pub before: std::collections::BTreeMap<String, String>,
    pub after: std::collections::BTreeMap<String, String>,
    pub key: &'a str,
}

/// Writes `line` in the transaction of the change it records.
pub async fn record(tx: &mut crate::db::Transaction<'_>, staff: &SignedIn, line: Line<'_>) -> anyhow::Result<i64> {
    let at = crate::db::stamp(time::OffsetDateTime::now_utc());
    crate::storage::staff_actions::insert(
        tx,
        &crate::storage::staff_actions::NewAction {
            at: &at,
            actor: staff.account.id,
            action: line.action,
            account: None,
            subject: line.subject,
            before: line.before,
            after: line.after,
            idempotency_key: Some(line.key),
        },
    )
    .await
}

/// What the audit log keeps of a long text: enough of its SHA-256 to
/// tell versions apart (the text itself is its owner's history, not the
/// log's).
pub fn fingerprint(text: &str) -> String {
    use sha2::{Digest, Sha256};
    format!("sha256:{:x}", Sha256::digest(text.as_bytes()))[..19].to_owned()
}

/// Only the fields whose value changed, before and after; a field only on
/// one side is empty on the other.
pub fn differences(
    before: BTreeMap<String, String>,
    after: BTreeMap<String, String>,
) -> (BTreeMap<String, String>, BTreeMap<String, String>) {
    let fields: std::collections::BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    let mut changed = (BTreeMap::new(), BTreeMap::new());
    for field in fields {
        let old = before.get(field).cloned().unwrap_or_default();
        let new = after.get(field).cloned().unwrap_or_default();
        if old != new {
            changed.0.insert(field.clone(), old);
            changed.1.insert(field.clone(), new);
        }
    }
    changed
}
