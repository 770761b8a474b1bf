//! The inbox's tables: `inbox_threads` (status, assignee, version of a
//! contact message or problem report; none yet for a new one) and
//! `inbox_entries` (staff's notes and replies), read with the messages and
//! reports they are about.

use anyhow::Context;
use civic_api::Locale;
use civic_api::inbox::{EntryKind, INBOX_PAGE, InboxEntry, InboxItem, InboxKind, InboxLine, InboxStatus};

use crate::db::{Connection, Pool, Transaction};

#[derive(sqlx::FromRow)]
struct LineRow {
    reference: String,
    kind: String,
    status: String,
    assignee: Option<String>,
    received_at: String,
    subject: String,
    sender: Option<String>,
}

fn kind(text: &str) -> anyhow::Result<InboxKind> {
    match text {
        "contact" => Ok(InboxKind::Contact),
        "report" => Ok(InboxKind::Report),
        other => anyhow::bail!("An inbox line has the kind {other:?}"),
    }
}

fn status(text: &str) -> anyhow::Result<InboxStatus> {
    InboxStatus::parse(text).with_context(|| format!("An inbox thread has the status {text:?}"))
}

/// Both kinds, with where each stands: the message or report, its
/// thread's row if any, and the assignee's address.
const QUEUE: &str = "
    SELECT m.reference AS reference, 'contact' AS kind, COALESCE(t.status, 'new') AS status, a.email AS assignee,
           m.created_at AS received_at, m.subject AS subject, m.name AS sender, t.version AS version,
           m.locale AS locale, m.email AS email, m.message AS message
    FROM contact_messages m
    LEFT JOIN inbox_threads t ON t.reference = m.reference
    LEFT JOIN accounts a ON a.id = t.assignee_account_id
    UNION ALL
    SELECT r.reference, 'report', COALESCE(t.status, 'new'), a.email, r.created_at, r.page, r.email, t.version,
           r.locale, r.email, r.description
    FROM problem_reports r
    LEFT JOIN inbox_threads t ON t.reference = r.reference
    LEFT JOIN accounts a ON a.id = t.assignee_account_id";

/// The newest lines in `only` (every status when `None`), at most
/// `INBOX_PAGE`.
pub async fn queue(pool: &Pool, only: Option<InboxStatus>) -> anyhow::Result<Vec<InboxLine>> {
    let rows: Vec<LineRow> = sqlx::query_as(&format!(
        "SELECT reference, kind, status, assignee, received_at, subject, sender FROM ({QUEUE}) q
         WHERE $1 = '' OR status = $1 ORDER BY received_at DESC, reference LIMIT $2"
    ))
    .bind(only.map_or("", InboxStatus::as_str))
    .bind(i64::try_from(INBOX_PAGE).unwrap_or(100))
    .fetch_all(pool)
    .await
    .context("Failed to read the inbox")?;
    rows.into_iter()
        .map(|row| {
            Ok(InboxLine {
                kind: kind(&row.kind)?,
                status: status(&row.status)?,
                reference: row.reference,
                assignee: row.assignee,
                received_at: row.received_at,
                subject: row.subject,
                from: row.sender,
            })
        })
        .collect()
}

#[derive(sqlx::FromRow)]
struct ItemRow {
    reference: String,
    kind: String,
    status: String,
    assignee: Option<String>,
    received_at: String,
    subject: String,
    sender: Option<String>,
    version: Option<i64>,
    locale: String,
    email: Option<String>,
    message: String,
}

#[derive(sqlx::FromRow)]
struct EntryRow {
    id: i64,
    at: String,
    author: Option<String>,
    kind: String,
    subject: String,
    body: String,
}

/// A thread whole, or `None` when no message or report has `reference`.
pub async fn item(conn: &mut Connection, reference: &str) -> anyhow::Result<Option<InboxItem>> {
    let Some(row): Option<ItemRow> = sqlx::query_as(&format!("SELECT * FROM ({QUEUE}) q WHERE reference = $1"))
        .bind(reference)
        .fetch_optional(&mut *conn)
        .await
        .context("Failed to read an inbox thread")?
    else {
        return Ok(None);
    };
    let entries: Vec<EntryRow> = sqlx::query_as(
        "SELECT e.id, e.at, a.email AS author, e.kind, e.subject, e.body
         FROM inbox_entries e LEFT JOIN accounts a ON a.id = e.author_account_id
         WHERE e.reference = $1 ORDER BY e.id",
    )
    .bind(reference)
    .fetch_all(&mut *conn)
    .await
    .context("Failed to read an inbox thread's entries")?;
    let assignable: Vec<String> = sqlx::query_scalar(
        "SELECT email FROM accounts WHERE role IN ('editor', 'admin') AND confirmed_at IS NOT NULL ORDER BY email",
    )
    .fetch_all(&mut *conn)
    .await
    .context("Failed to list the staff")?;
    let kind = kind(&row.kind)?;
    Ok(Some(InboxItem {
        assignable,
        status: status(&row.status)?,
        locale: Locale::parse(&row.locale).map_err(|_| anyhow::anyhow!("{} has an invalid language", row.reference))?,
        name: (kind == InboxKind::Contact).then(|| row.sender.clone().unwrap_or_default()),
        kind,
        reference: row.reference,
        assignee: row.assignee,
        version: row.version.unwrap_or(0),
        received_at: row.received_at,
        email: row.email,
        subject: row.subject,
        message: row.message,
        entries: entries
            .into_iter()
            .map(|entry| InboxEntry {
                id: entry.id,
                at: entry.at,
                author: entry.author,
                kind: if entry.kind == "reply" {
                    EntryKind::Reply
                } else {
                    EntryKind::Note
                },
                subject: entry.subject,
                body: entry.body,
            })
            .collect(),
    }))
}

/// Moves the thread from `version` (0: never touched) to the next, with
/// this status and assignee; `false` when it is no longer at `version`.
pub async fn update(
    tx: &mut Transaction<'_>,
    reference: &str,
    version: i64,
    new_status: InboxStatus,
    assignee: Option<i64>,
    at: &str,
) -> anyhow::Result<bool> {
    let done = if version == 0 {
        sqlx::query(
            "INSERT INTO inbox_threads (reference, status, assignee_account_id, version, updated_at)
             VALUES ($1, $2, $3, 1, $4) ON CONFLICT (reference) DO NOTHING",
        )
        .bind(reference)
        .bind(new_status.as_str())
        .bind(assignee)
        .bind(at)
        .execute(&mut **tx)
        .await
    } else {
        sqlx::query(
            "UPDATE inbox_threads SET status = $1, assignee_account_id = $2, version = version + 1, updated_at = $3
             WHERE reference = $4 AND version = $5",
        )
        .bind(new_status.as_str())
        .bind(assignee)
        .bind(at)
        .bind(reference)
        .bind(version)
        .execute(&mut **tx)
        .await
    };
    Ok(done.context("Failed to store an inbox thread's state")?.rows_affected() == 1)
}

/// A note or a reply, by `author`.
pub async fn add_entry(
    tx: &mut Transaction<'_>,
    reference: &str,
    author: i64,
    entry: EntryKind,
    subject: &str,
    body: &str,
    at: &str,
) -> anyhow::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO inbox_entries (reference, at, author_account_id, kind, subject, body)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(reference)
    .bind(at)
    .bind(author)
    .bind(match entry {
        EntryKind::Note => "note",
        EntryKind::Reply => "reply",
    })
    .bind(subject)
    .bind(body)
    .fetch_one(&mut **tx)
    .await
    .context("Failed to store an inbox entry")
}
