//! Editing a written page from the console: every language at once, from
//! the version it was read at, rendered by the server's own renderer and
//! sanitiser; the links to pages for members marked again when that set
//! changes; the privacy policy's new revision published at once here and
//! read by the other servers within seconds. One transaction with its
//! audit line; a retry is done once.

use std::collections::BTreeMap;

use anyhow::Context;
use civic_api::page_editing::{EditablePage, POLICY_SLUG, PageEdit};
use civic_api::staff::AuditAction;
use civic_api::{Locale, Slug};
use time::OffsetDateTime;

use crate::accounts::sessions::SignedIn;
use crate::content::{mark_links_to, markdown_to_safe_html};
use crate::db;
use crate::error::ApiError;
use crate::staff::{Line, differences, fingerprint, record};
use crate::state::AppState;
use crate::storage::page_editing::{self as storage, SavedText};
use crate::storage::staff_actions;

fn slug_of(text: &str) -> Result<Slug, ApiError> {
    Slug::parse(text).map_err(|_| ApiError::NotFound)
}

pub async fn show(state: &AppState, slug: &str) -> Result<EditablePage, ApiError> {
    let slug = slug_of(slug)?;
    let mut conn = state.pool.acquire().await.context("Failed to reach the database")?;
    storage::editable(&mut conn, &slug).await?.ok_or(ApiError::NotFound)
}

pub async fn edit(state: &AppState, staff: &SignedIn, slug: &str, edit: &PageEdit) -> Result<EditablePage, ApiError> {
    let slug = slug_of(slug)?;
    let checked = edit.validate(&slug).map_err(ApiError::Validation)?;
    let key = checked.idempotency_key.as_str();
    let mut conn = state.pool.acquire().await.context("Failed to reach the database")?;
    let mut tx = db::begin_write(&mut conn).await?;
    let mut published = None;
    if !staff_actions::done_before(&mut tx, staff.account.id, key).await? {
        let current = storage::editable(&mut tx, &slug).await?.ok_or(ApiError::NotFound)?;
        if current.version != edit.version {
            return Err(stale(current.version));
        }
        if checked.new_revision {
            same_changes(&current, &checked.texts)?;
        }
        let now = OffsetDateTime::now_utc();
        let at = db::stamp(now);
        let today = at.get(..10).unwrap_or_default().to_owned();
        let revision = match checked.new_revision {
            true => Some((current.revision.unwrap_or(0) + 1, today.as_str())),
            false => None,
        };
        let mut members = storage::members_only(&mut tx).await?;
        members.retain(|each| *each != slug);
        if checked.members_only {
            members.push(slug.clone());
        }
        let rendered: Vec<String> = checked
            .texts
            .iter()
            .map(|text| mark_links_to(&markdown_to_safe_html(&text.body_markdown), text.locale, &members))
            .collect::<anyhow::Result<_>>()?;
        let saved: Vec<SavedText<'_>> = checked
            .texts
            .iter()
            .zip(&rendered)
            .map(|(text, html)| SavedText { text, html })
            .collect();
        if !storage::save(
            &mut tx,
            &slug,
            edit.version,
            checked.members_only,
            &saved,
            revision,
            &at,
        )
        .await?
        {
            return Err(stale(current.version));
        }
        if current.members_only != checked.members_only {
            mark_every_page(&mut tx, &members).await?;
        }
        let (before, after) = differences(
            summary(&current.texts, current.members_only, current.revision),
            summary(
                &checked.texts,
                checked.members_only,
                revision.map(|(number, _)| number).or(current.revision),
            ),
        );
        let line = Line {
            action: AuditAction::PageEdited,
            subject: slug.as_str(),
            before,
            after,
            key,
        };
        record(&mut tx, staff, line).await?;
        tx.commit().await.context("Failed to commit a page")?;
        published = revision.map(|(number, _)| number);
        tracing::info!(page = %slug, by = staff.account.id, "page edited");
    } else {
        tx.rollback().await.context("Failed to end a read")?;
    }
    drop(conn);
    if let Some(revision) = published.filter(|_| slug.as_str() == POLICY_SLUG) {
        state.site.set_policy_revision(revision);
        tracing::info!(revision, "a new revision of the privacy policy is published");
    }
    show(state, slug.as_str()).await
}

/// A new revision says what changed in it: the last revision's words,
/// sent back unchanged, are refused in each language they stand in.
fn same_changes(current: &EditablePage, texts: &[civic_api::page_editing::PageText]) -> Result<(), ApiError> {
    let errors: civic_api::FieldErrors = texts
        .iter()
        .filter(|text| {
            current
                .texts
                .iter()
                .any(|old| old.locale == text.locale && old.changes.trim() == text.changes.trim())
        })
        .map(|text| (format!("texts.{}.changes", text.locale), civic_api::FieldError::Invalid))
        .collect();
    match errors.is_empty() {
        true => Ok(()),
        false => Err(ApiError::Validation(errors)),
    }
}

fn stale(version: i64) -> ApiError {
    ApiError::Conflict(format!(
        "Someone changed this page since you opened it (it is at version {version} now): nothing was saved"
    ))
}

/// What the audit line keeps of a page: its titles, whether it is for
/// members, its revision, and a fingerprint of each text (the texts
/// themselves are the page's history, not the log's).
fn summary(
    texts: &[civic_api::page_editing::PageText],
    members_only: bool,
    revision: Option<u32>,
) -> BTreeMap<String, String> {
    let mut state = BTreeMap::from([("members_only".to_owned(), members_only.to_string())]);
    if let Some(revision) = revision {
        state.insert("revision".to_owned(), revision.to_string());
    }
    for text in texts {
        let locale: Locale = text.locale;
        state.insert(format!("title_{locale}"), text.title.clone());
        state.insert(format!("text_{locale}"), fingerprint(&text.body_markdown));
    }
    state
}

/// Renders every page again with `members` as the pages for members, so
/// links to a page that became (or stopped being) for members get (or
/// lose) their lock everywhere.
async fn mark_every_page(tx: &mut db::Transaction<'_>, members: &[Slug]) -> anyhow::Result<()> {
    for (locale, slug, markdown) in storage::sources(tx).await? {
        let Ok(page_locale) = Locale::parse(&locale) else {
            continue;
        };
        let html = mark_links_to(&markdown_to_safe_html(&markdown), page_locale, members)?;
        storage::set_html(tx, &locale, &slug, &html).await?;
    }
    Ok(())
}
