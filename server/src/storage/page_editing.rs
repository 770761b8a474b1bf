//! The console's side of the `pages` table: the list, a page in all its
//! languages as staff edit it, saving an edit from the version it was read
//! at, the links to pages for members, and the privacy policy's revision.

use anyhow::Context;
use civic_api::page_editing::{EditablePage, POLICY_SLUG, PageLine, PageText};
use civic_api::{Locale, SiteRoute, Slug, Target};
use sqlx::Executor;

use crate::db::{Connection, Db, Pool, Transaction};

#[derive(sqlx::FromRow)]
struct Row {
    locale: String,
    title: String,
    description: String,
    body_markdown: String,
    changes: Option<String>,
    revision: Option<i64>,
    updated: Option<String>,
    members_only: i32,
    version: i64,
}

/// Every page by its English version, by slug.
pub async fn lines(pool: &Pool) -> anyhow::Result<Vec<PageLine>> {
    let rows: Vec<(String, String, i32, Option<String>)> =
        sqlx::query_as("SELECT slug, title, members_only, edited_at FROM pages WHERE locale = $1 ORDER BY slug")
            .bind(Locale::DEFAULT.as_str())
            .fetch_all(pool)
            .await
            .context("Failed to list the pages")?;
    rows.into_iter()
        .map(|(slug, title, members_only, edited_at)| {
            Ok(PageLine {
                slug: Slug::parse(&slug).map_err(|_| anyhow::anyhow!("A stored page has a bad slug"))?,
                title,
                members_only: members_only != 0,
                edited: edited_at.is_some(),
            })
        })
        .collect()
}

/// The page `slug` in every language it has, as staff edit it.
pub async fn editable(conn: &mut Connection, slug: &Slug) -> anyhow::Result<Option<EditablePage>> {
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT locale, title, description, body_markdown, changes, revision, updated, members_only, version
         FROM pages WHERE slug = $1",
    )
    .bind(slug.as_str())
    .fetch_all(&mut *conn)
    .await
    .context("Failed to read a page to edit")?;
    let Some(english) = rows.iter().find(|row| row.locale == Locale::DEFAULT.as_str()) else {
        return Ok(None);
    };
    let mut texts = Vec::new();
    for locale in Locale::ALL {
        if let Some(row) = rows.iter().find(|row| row.locale == locale.as_str()) {
            texts.push(PageText {
                locale,
                title: row.title.clone(),
                description: row.description.clone(),
                body_markdown: row.body_markdown.clone(),
                changes: row.changes.clone().unwrap_or_default(),
            });
        }
    }
    let policy = slug.as_str() == POLICY_SLUG;
    Ok(Some(EditablePage {
        slug: slug.clone(),
        version: rows.iter().map(|row| row.version).max().unwrap_or(1),
        members_only: english.members_only != 0,
        texts,
        revision: match policy {
            true => english.revision.map(u32::try_from).transpose()?,
            false => None,
        },
        updated: policy.then(|| english.updated.clone()).flatten(),
        public_path: SiteRoute {
            locale: Locale::DEFAULT,
            target: Target::Content(slug.clone()),
        }
        .path(),
    }))
}

/// One language of an edit, rendered.
pub struct SavedText<'a> {
    pub text: &'a PageText,
    pub html: &'a str,
}

/// Writes every language of `slug` at `version + 1`, if it is still at
/// `version`; `revision` is the privacy policy's new one, with its day.
pub async fn save(
    tx: &mut Transaction<'_>,
    slug: &Slug,
    version: i64,
    members_only: bool,
    texts: &[SavedText<'_>],
    revision: Option<(u32, &str)>,
    at: &str,
) -> anyhow::Result<bool> {
    let moved = sqlx::query("UPDATE pages SET version = version + 1 WHERE slug = $1 AND version = $2")
        .bind(slug.as_str())
        .bind(version)
        .execute(&mut **tx)
        .await
        .context("Failed to move a page's version")?;
    if moved.rows_affected() == 0 {
        return Ok(false);
    }
    for saved in texts {
        sqlx::query(
            "UPDATE pages SET title = $3, description = $4, body_markdown = $5, html = $6, members_only = $7,
                 edited_at = $8, source_hash = 'edited'
             WHERE slug = $1 AND locale = $2",
        )
        .bind(slug.as_str())
        .bind(saved.text.locale.as_str())
        .bind(&saved.text.title)
        .bind(&saved.text.description)
        .bind(&saved.text.body_markdown)
        .bind(saved.html)
        .bind(i32::from(members_only))
        .bind(at)
        .execute(&mut **tx)
        .await
        .context("Failed to save a page's text")?;
        if let Some((revision, day)) = revision {
            sqlx::query("UPDATE pages SET revision = $3, updated = $4, changes = $5 WHERE slug = $1 AND locale = $2")
                .bind(slug.as_str())
                .bind(saved.text.locale.as_str())
                .bind(i64::from(revision))
                .bind(day)
                .bind(&saved.text.changes)
                .execute(&mut **tx)
                .await
                .context("Failed to save the policy's revision")?;
        }
    }
    Ok(true)
}

/// The pages for members only, by slug.
pub async fn members_only(tx: &mut Transaction<'_>) -> anyhow::Result<Vec<Slug>> {
    let slugs: Vec<String> = sqlx::query_scalar("SELECT slug FROM pages WHERE locale = $1 AND members_only = 1")
        .bind(Locale::DEFAULT.as_str())
        .fetch_all(&mut **tx)
        .await
        .context("Failed to list the pages for members")?;
    slugs
        .into_iter()
        .map(|slug| Slug::parse(&slug).map_err(|_| anyhow::anyhow!("A stored page has a bad slug")))
        .collect()
}

/// Every page's Markdown, to render them all again when the set of pages
/// for members changes (their links get or lose the lock).
pub async fn sources(tx: &mut Transaction<'_>) -> anyhow::Result<Vec<(String, String, String)>> {
    sqlx::query_as("SELECT locale, slug, body_markdown FROM pages")
        .fetch_all(&mut **tx)
        .await
        .context("Failed to read the pages' Markdown")
}

pub async fn set_html(tx: &mut Transaction<'_>, locale: &str, slug: &str, html: &str) -> anyhow::Result<()> {
    sqlx::query("UPDATE pages SET html = $3 WHERE locale = $1 AND slug = $2")
        .bind(locale)
        .bind(slug)
        .bind(html)
        .execute(&mut **tx)
        .await
        .context("Failed to store a page's HTML")?;
    Ok(())
}

/// The privacy policy's revision as stored, when every language agrees.
pub async fn policy_revision<'e>(executor: impl Executor<'e, Database = Db>) -> anyhow::Result<Option<u32>> {
    let (low, high): (Option<i64>, Option<i64>) =
        sqlx::query_as("SELECT MIN(revision), MAX(revision) FROM pages WHERE slug = $1")
            .bind(POLICY_SLUG)
            .fetch_one(executor)
            .await
            .context("Failed to read the privacy policy's revision")?;
    match (low, high) {
        (Some(low), Some(high)) if low == high => Ok(Some(u32::try_from(low)?)),
        _ => Ok(None),
    }
}
