//! The staff console: accounts found by part of their address, what an
//! admin does to one (its role, its sessions, its erasure), and the audit
//! log of every staff action. The server refuses each to anyone but staff
//! signed in with a passkey, whatever the page shows.

use civic_api::analytics::StaffStatistics;
use civic_api::paths;
use civic_api::staff::{AccountAction, AuditEntry, RoleChange, StaffAccount};
use web_sys::AbortSignal;

use super::{ApiError, get_json_until, post_empty, post_json, put_json};
use crate::browser::encode_uri_component;

/// Up to `ACCOUNT_SEARCH_LIMIT` accounts whose address holds `text`,
/// staff first; an empty `text` lists staff first.
pub async fn accounts(base: &str, text: &str, abort: Option<&AbortSignal>) -> Result<Vec<StaffAccount>, ApiError> {
    let url = format!("{base}{}?q={}", paths::STAFF_ACCOUNTS, encode_uri_component(text));
    get_json_until(&url, abort).await
}

/// The account as it is after the change (its sessions ended); a
/// `Conflict` when its role is no longer `from`, or when it is not open
/// yet and would become staff.
pub async fn change_role(base: &str, id: i64, change: &RoleChange) -> Result<StaffAccount, ApiError> {
    put_json(&format!("{base}{}", paths::staff_account_role(id)), change)
        .await?
        .decode()
}

/// The account with no browser signed in to it any more.
pub async fn end_sessions(base: &str, id: i64, action: &AccountAction) -> Result<StaffAccount, ApiError> {
    post_json(&format!("{base}{}", paths::staff_account_session_ends(id)), action).await
}

/// Erases the account as its member could (`204`, also for a retry).
pub async fn erase(base: &str, id: i64, action: &AccountAction) -> Result<(), ApiError> {
    post_empty(&format!("{base}{}", paths::staff_account_erasure(id)), action).await
}

/// The newest `AUDIT_PAGE` lines matching `text`, newest first; with
/// `before`, the lines older than that one.
pub async fn audit(
    base: &str,
    text: &str,
    before: Option<i64>,
    abort: Option<&AbortSignal>,
) -> Result<Vec<AuditEntry>, ApiError> {
    let mut url = format!("{base}{}?q={}", paths::STAFF_AUDIT, encode_uri_component(text));
    if let Some(before) = before {
        url.push_str(&format!("&before={before}"));
    }
    get_json_until(&url, abort).await
}

/// Where the browser downloads the lines matching `text` as CSV.
pub fn audit_csv(base: &str, text: &str) -> String {
    format!("{base}{}?q={}", paths::STAFF_AUDIT_CSV, encode_uri_component(text))
}

/// The public statistics with what only staff see: each petition's funnel
/// and the sources of signatures.
pub async fn statistics(base: &str, abort: Option<&AbortSignal>) -> Result<StaffStatistics, ApiError> {
    get_json_until(&format!("{base}{}", paths::STAFF_STATISTICS), abort).await
}
