//! The console's inbox: the queue of contact messages and problem reports,
//! one thread, its status and assignee, notes, and replies by e-mail.
//! A status change names the version shown; a stale one comes back as a
//! `Conflict`.

use civic_api::inbox::{InboxItem, InboxLine, InboxStatus, InboxUpdate, NewNote, NewReply};
use civic_api::paths;
use web_sys::AbortSignal;

use super::{ApiError, get_json_until, post_json, put_json};
use crate::browser::encode_uri_component;

/// The newest lines with `status` (every status for `None`), newest first.
pub async fn queue(
    base: &str,
    status: Option<InboxStatus>,
    abort: Option<&AbortSignal>,
) -> Result<Vec<InboxLine>, ApiError> {
    let status = status.map_or("", InboxStatus::as_str);
    get_json_until(&format!("{base}{}?status={status}", paths::STAFF_INBOX), abort).await
}

pub async fn thread(base: &str, reference: &str, abort: Option<&AbortSignal>) -> Result<InboxItem, ApiError> {
    let url = format!("{base}{}", paths::staff_inbox_item(&encode_uri_component(reference)));
    get_json_until(&url, abort).await
}

pub async fn update(base: &str, reference: &str, update: &InboxUpdate) -> Result<InboxItem, ApiError> {
    let url = format!("{base}{}", paths::staff_inbox_item(&encode_uri_component(reference)));
    put_json(&url, update).await?.decode()
}

pub async fn note(base: &str, reference: &str, note: &NewNote) -> Result<InboxItem, ApiError> {
    let url = format!("{base}{}", paths::staff_inbox_notes(&encode_uri_component(reference)));
    post_json(&url, note).await
}

/// Queued to whoever wrote; `Conflict` when they left no address.
pub async fn reply(base: &str, reference: &str, reply: &NewReply) -> Result<InboxItem, ApiError> {
    let url = format!("{base}{}", paths::staff_inbox_replies(&encode_uri_component(reference)));
    post_json(&url, reply).await
}
