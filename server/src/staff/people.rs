//! What an admin does to an account from the console: change its role,
//! end its sessions, erase it. Each is one transaction with its line in
//! the audit log, refuses the admin's own account (the member area is
//! theirs for that, and another admin must change their role), and is
//! done once however often its retry key comes back.

use std::collections::BTreeMap;

use anyhow::Context;
use civic_api::account::Role;
use civic_api::staff::{AccountAction, AuditAction, RoleChange, StaffAccount};
use time::OffsetDateTime;

use crate::accounts::sessions::SignedIn;
use crate::db::{self, Pool, Transaction};
use crate::error::ApiError;
use crate::storage::member_data::{self, Member};
use crate::storage::staff_actions::{self, NewAction};
use crate::storage::{account_sessions, accounts, people};

/// The open transaction of an action on `account`, or what answers
/// without one: a retry of a write already done (`Ok(None)`), an unknown
/// account, or the admin's own.
async fn begin<'c>(
    conn: &'c mut db::Connection,
    admin: &SignedIn,
    account: i64,
    key: &str,
) -> Result<Option<Transaction<'c>>, ApiError> {
    let mut tx = db::begin_write(conn).await?;
    if staff_actions::done_before(&mut tx, admin.account.id, key).await? {
        return Ok(None);
    }
    if account == admin.account.id {
        return Err(ApiError::Forbidden);
    }
    Ok(Some(tx))
}

/// Fields and their values, as an audit line's before or after.
type Fields<'a> = &'a [(&'a str, String)];

fn state(pairs: Fields<'_>) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(key, value)| ((*key).to_owned(), value.clone()))
        .collect()
}

/// The audit line of an admin's action on `account`, with its retry key.
async fn record(
    tx: &mut Transaction<'_>,
    admin: &SignedIn,
    action: AuditAction,
    account: i64,
    change: (Fields<'_>, Fields<'_>),
    key: &str,
) -> anyhow::Result<i64> {
    let at = db::stamp(OffsetDateTime::now_utc());
    let (before, after) = change;
    staff_actions::insert(
        tx,
        &NewAction {
            at: &at,
            actor: admin.account.id,
            action,
            account: Some(account),
            subject: "",
            before: state(before),
            after: state(after),
            idempotency_key: Some(key),
        },
    )
    .await
}

/// Gives the account `change.to`, if its role is still `change.from`;
/// its sessions end, as when a role is granted on the command line.
pub async fn change_role(
    pool: &Pool,
    admin: &SignedIn,
    account_id: i64,
    change: &RoleChange,
) -> Result<StaffAccount, ApiError> {
    let mut conn = pool.acquire().await.context("Failed to reach the database")?;
    if let Some(mut tx) = begin(
        &mut conn,
        admin,
        account_id,
        change.key().map_err(ApiError::Validation)?.as_str(),
    )
    .await?
    {
        let account = accounts::find(&mut *tx, account_id).await?.ok_or(ApiError::NotFound)?;
        if account.role != change.from {
            return Err(ApiError::Conflict(format!(
                "This account's role changed to {} since you looked; nothing was changed",
                account.role.as_str()
            )));
        }
        if !account.is_confirmed() && change.to != Role::Member {
            return Err(ApiError::Conflict(
                "This account is not open yet: its owner must follow the link sent when joining".to_owned(),
            ));
        }
        if change.to != change.from {
            accounts::set_role(&mut tx, account_id, change.to).await?;
            account_sessions::delete_all(&mut tx, account_id).await?;
            let before = [("role", change.from.as_str().to_owned())];
            let after = [("role", change.to.as_str().to_owned())];
            let change_made = (&before[..], &after[..]);
            record(
                &mut tx,
                admin,
                AuditAction::RoleChanged,
                account_id,
                change_made,
                &change.idempotency_key,
            )
            .await?;
        }
        tx.commit().await.context("Failed to commit a role")?;
        tracing::info!(
            account = account_id,
            role = change.to.as_str(),
            by = admin.account.id,
            "role changed"
        );
    }
    people::find(pool, account_id).await?.ok_or(ApiError::NotFound)
}

/// Signs the account out of every browser.
pub async fn end_sessions(
    pool: &Pool,
    admin: &SignedIn,
    account_id: i64,
    request: &AccountAction,
) -> Result<StaffAccount, ApiError> {
    let mut conn = pool.acquire().await.context("Failed to reach the database")?;
    if let Some(mut tx) = begin(
        &mut conn,
        admin,
        account_id,
        request.key().map_err(ApiError::Validation)?.as_str(),
    )
    .await?
    {
        accounts::find(&mut *tx, account_id).await?.ok_or(ApiError::NotFound)?;
        let ended = account_sessions::delete_all(&mut tx, account_id).await?;
        let change = (
            &[("sessions", ended.to_string())][..],
            &[("sessions", "0".to_owned())][..],
        );
        record(
            &mut tx,
            admin,
            AuditAction::SessionsEnded,
            account_id,
            change,
            &request.idempotency_key,
        )
        .await?;
        tx.commit().await.context("Failed to commit ending sessions")?;
    }
    people::find(pool, account_id).await?.ok_or(ApiError::NotFound)
}

/// Erases the account as its member could from the member area: every
/// row about them goes, confirmed signatures stay counted without them.
/// The log keeps the account's number and role, not its address.
pub async fn erase(pool: &Pool, admin: &SignedIn, account_id: i64, request: &AccountAction) -> Result<(), ApiError> {
    let mut conn = pool.acquire().await.context("Failed to reach the database")?;
    let Some(mut tx) = begin(
        &mut conn,
        admin,
        account_id,
        request.key().map_err(ApiError::Validation)?.as_str(),
    )
    .await?
    else {
        return Ok(());
    };
    let account = accounts::find(&mut *tx, account_id).await?.ok_or(ApiError::NotFound)?;
    let before = [
        ("role", account.role.as_str().to_owned()),
        ("confirmed", account.is_confirmed().to_string()),
    ];
    let change = (&before[..], &[("erased", "true".to_owned())][..]);
    record(
        &mut tx,
        admin,
        AuditAction::AccountErased,
        account_id,
        change,
        &request.idempotency_key,
    )
    .await?;
    let member = Member {
        account_id,
        email: &account.email,
    };
    member_data::erase(&mut tx, &member).await?;
    tx.commit().await.context("Failed to commit an erasure")?;
    tracing::info!(
        account = account_id,
        by = admin.account.id,
        "account erased by an admin"
    );
    Ok(())
}
