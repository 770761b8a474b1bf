//! The inbox as staff work it: a thread's status and assignee (from the
//! version shown), notes for each other, and replies to the writer, sent
//! through the outbox in the same transaction that keeps them with the
//! thread. Each is an audit line; a retry is done once.

use std::collections::BTreeMap;

use anyhow::Context;
use civic_api::inbox::{EntryKind, InboxItem, InboxUpdate, NewNote, NewReply};
use civic_api::staff::AuditAction;
use civic_api::{Email, FieldError, FieldErrors};
use time::OffsetDateTime;

use crate::accounts::sessions::SignedIn;
use crate::db;
use crate::error::ApiError;
use crate::mail::{self, Compose};
use crate::staff::{Line, record};
use crate::state::AppState;
use crate::storage::staff_actions;
use crate::storage::{accounts, inbox as storage};

pub async fn item(state: &AppState, reference: &str) -> Result<InboxItem, ApiError> {
    let mut conn = state.pool.acquire().await.context("Failed to reach the database")?;
    Ok(storage::item(&mut conn, reference).await?.ok_or(ApiError::NotFound)?)
}

/// The thread's status and assignee as staff set them, if nobody changed
/// them since the version shown.
pub async fn update(
    state: &AppState,
    staff: &SignedIn,
    reference: &str,
    update: &InboxUpdate,
) -> Result<InboxItem, ApiError> {
    let key = update.key().map_err(ApiError::Validation)?;
    let mut conn = state.pool.acquire().await.context("Failed to reach the database")?;
    let mut tx = db::begin_write(&mut conn).await?;
    if !staff_actions::done_before(&mut tx, staff.account.id, key.as_str()).await? {
        let current = storage::item(&mut tx, reference).await?.ok_or(ApiError::NotFound)?;
        let assignee = match update
            .assignee
            .as_deref()
            .map(str::trim)
            .filter(|text| !text.is_empty())
        {
            None => None,
            Some(address) => Some(staff_member(&mut tx, address).await?),
        };
        let at = db::stamp(OffsetDateTime::now_utc());
        if !storage::update(&mut tx, reference, update.version, update.status, assignee, &at).await? {
            return Err(ApiError::Conflict(
                "Someone changed this thread since you opened it; nothing was saved".to_owned(),
            ));
        }
        let state_of = |status: &str, assignee: Option<&str>| {
            BTreeMap::from([
                ("status".to_owned(), status.to_owned()),
                ("assignee".to_owned(), assignee.unwrap_or_default().to_owned()),
            ])
        };
        let before = state_of(current.status.as_str(), current.assignee.as_deref());
        let after = state_of(update.status.as_str(), update.assignee.as_deref().map(str::trim));
        record(
            &mut tx,
            staff,
            line(AuditAction::InboxUpdated, reference, (before, after), key.as_str()),
        )
        .await?;
        tx.commit().await.context("Failed to commit an inbox thread's state")?;
    }
    item(state, reference).await
}

/// The account of the staff member at `address`, or a clear refusal.
async fn staff_member(conn: &mut db::Connection, address: &str) -> Result<i64, ApiError> {
    let refuse = || ApiError::Validation(FieldErrors::from([("assignee".to_owned(), FieldError::Invalid)]));
    let email = Email::parse(address).map_err(|_| refuse())?;
    let account = accounts::find_by_email(conn, &email).await?.ok_or_else(refuse)?;
    if !account.role.is_staff() {
        return Err(refuse());
    }
    Ok(account.id)
}

pub async fn note(state: &AppState, staff: &SignedIn, reference: &str, note: &NewNote) -> Result<InboxItem, ApiError> {
    let (body, key) = note.validate().map_err(ApiError::Validation)?;
    let mut conn = state.pool.acquire().await.context("Failed to reach the database")?;
    let mut tx = db::begin_write(&mut conn).await?;
    if !staff_actions::done_before(&mut tx, staff.account.id, key.as_str()).await? {
        storage::item(&mut tx, reference).await?.ok_or(ApiError::NotFound)?;
        let at = db::stamp(OffsetDateTime::now_utc());
        storage::add_entry(&mut tx, reference, staff.account.id, EntryKind::Note, "", &body, &at).await?;
        let change = (
            BTreeMap::new(),
            BTreeMap::from([("note".to_owned(), body.chars().count().to_string() + " characters")]),
        );
        record(
            &mut tx,
            staff,
            line(AuditAction::InboxNoted, reference, change, key.as_str()),
        )
        .await?;
        tx.commit().await.context("Failed to commit a note")?;
    }
    item(state, reference).await
}

/// Sends the reply to whoever wrote, from the organisation (answers go to
/// `CIVIC_CONTACT_TO`), and keeps it with the thread.
pub async fn reply(
    state: &AppState,
    staff: &SignedIn,
    reference: &str,
    reply: &NewReply,
) -> Result<InboxItem, ApiError> {
    let (subject, body, key) = reply.validate().map_err(ApiError::Validation)?;
    let mut conn = state.pool.acquire().await.context("Failed to reach the database")?;
    let mut tx = db::begin_write(&mut conn).await?;
    if !staff_actions::done_before(&mut tx, staff.account.id, key.as_str()).await? {
        let current = storage::item(&mut tx, reference).await?.ok_or(ApiError::NotFound)?;
        let to = current
            .email
            .as_deref()
            .and_then(|address| Email::parse(address).ok())
            .ok_or_else(|| ApiError::Conflict("Whoever wrote left no address to reply to".to_owned()))?;
        let mut paragraphs: Vec<String> = body
            .split("\n\n")
            .map(str::trim)
            .filter(|paragraph| !paragraph.is_empty())
            .map(str::to_owned)
            .collect();
        let greeting = paragraphs.remove(0);
        let mut mail = Compose {
            locale: current.locale,
            greeting,
            paragraphs,
            action: None,
            footer: state.contact.reply_footer(current.locale, reference),
        }
        .mail(to, format!("{subject} [{reference}]"));
        mail.reply_to = state.contact.to().cloned();
        mail::enqueue(&mut tx, &mail).await?;
        let at = db::stamp(OffsetDateTime::now_utc());
        storage::add_entry(
            &mut tx,
            reference,
            staff.account.id,
            EntryKind::Reply,
            &subject,
            &body,
            &at,
        )
        .await?;
        let change = (BTreeMap::new(), BTreeMap::from([("reply".to_owned(), subject.clone())]));
        record(
            &mut tx,
            staff,
            line(AuditAction::InboxReplied, reference, change, key.as_str()),
        )
        .await?;
        tx.commit().await.context("Failed to commit a reply")?;
        state.mail.wake();
    }
    item(state, reference).await
}

/// The audit line of a change to thread `reference`.
fn line<'a>(
    action: AuditAction,
    reference: &'a str,
    change: (BTreeMap<String, String>, BTreeMap<String, String>),
    key: &'a str,
) -> Line<'a> {
    Line {
        action,
        subject: reference,
        before: change.0,
        after: change.1,
        key,
    }
}
