//! The `pages` table: the written pages, seeded from `content/pages` at
//! start-up and edited in the console, which a file never overwrites.

use std::collections::BTreeSet;

use crate::db::Db;
use anyhow::Context;
use civic_api::page::Page;
use civic_api::{Locale, Slug};
use sqlx::Executor;

use crate::content::SourcePage;
use crate::db::Transaction;

/// What a start-up changed, for the log.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct SyncSummary {
    pub written: u64,
    pub removed: u64,
    pub unchanged: u64,
    /// Files that differ from a page staff edited: the edit is kept.
    pub kept_edits: u64,
}

/// How the files meet the stored pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sync {
    /// At start-up: rows whose source changed are rewritten, pages deleted
    /// from `content/` are removed, but a page staff edited in the console
    /// is kept as they left it, whatever its file says (or if it is gone).
    Seed,
    /// `content import`: every file is taken, over console edits, and pages
    /// only in the database stay.
    Import,
}

/// Makes the table hold `pages` as `mode` says.
#[tracing::instrument(skip_all, fields(pages = pages.len()))]
pub async fn sync(tx: &mut Transaction<'_>, pages: &[SourcePage], mode: Sync) -> anyhow::Result<SyncSummary> {
    let mut summary = SyncSummary::default();
    // An import also takes the file over an edit, which becomes the file's.
    let (taken, after_edit) = match mode {
        Sync::Seed => ("pages.edited_at IS NULL", ""),
        Sync::Import => ("TRUE", ", edited_at = NULL, version = pages.version + 1"),
    };
    let query = format!(
        "INSERT INTO pages (locale, slug, title, description, html, revision, updated, changes, members_only, source_hash,
             body_markdown)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (locale, slug) DO UPDATE SET
             title = excluded.title, description = excluded.description, html = excluded.html,
             revision = excluded.revision, updated = excluded.updated, changes = excluded.changes,
             members_only = excluded.members_only, source_hash = excluded.source_hash,
             body_markdown = excluded.body_markdown{after_edit}
         WHERE (pages.source_hash <> excluded.source_hash OR pages.body_markdown = '' OR pages.edited_at IS NOT NULL)
             AND {taken}"
    );
    for page in pages {
        let result = sqlx::query(&query)
            .bind(page.locale.as_str())
            .bind(page.slug.as_str())
            .bind(&page.title)
            .bind(&page.description)
            .bind(&page.html)
            .bind(page.revision.map(i64::from))
            .bind(&page.updated)
            .bind(&page.changes)
            .bind(i32::from(page.members_only))
            .bind(&page.source_hash)
            .bind(&page.markdown)
            .execute(&mut **tx)
            .await
            .with_context(|| format!("Failed to store the page {}/{}", page.locale, page.slug))?;
        if result.rows_affected() > 0 {
            summary.written += 1;
        } else if edited_and_different(tx, page).await? {
            tracing::warn!(
                page = %format!("{}/{}", page.locale, page.slug),
                "content/pages differs from a page edited in the console: the edit is kept"
            );
            summary.kept_edits += 1;
        } else {
            summary.unchanged += 1;
        }
    }
    if mode == Sync::Import {
        return Ok(summary);
    }
    let wanted: BTreeSet<(&str, &str)> = pages.iter().map(|p| (p.locale.as_str(), p.slug.as_str())).collect();
    let stored: Vec<(String, String)> = sqlx::query_as("SELECT locale, slug FROM pages WHERE edited_at IS NULL")
        .fetch_all(&mut **tx)
        .await
        .context("Failed to list the stored pages")?;
    for (locale, slug) in stored {
        if !wanted.contains(&(locale.as_str(), slug.as_str())) {
            sqlx::query("DELETE FROM pages WHERE locale = $1 AND slug = $2")
                .bind(&locale)
                .bind(&slug)
                .execute(&mut **tx)
                .await
                .with_context(|| format!("Failed to remove the page {locale}/{slug}"))?;
            summary.removed += 1;
        }
    }
    Ok(summary)
}

/// Every page as its file would say it: (locale, slug, front matter
/// fields, Markdown), for `content export`.
pub async fn sources<'e>(executor: impl Executor<'e, Database = Db>) -> anyhow::Result<Vec<PageSource>> {
    sqlx::query_as(
        "SELECT locale, slug, title, description, body_markdown, revision, updated, changes, members_only
         FROM pages ORDER BY slug, locale",
    )
    .fetch_all(executor)
    .await
    .context("Failed to read the pages")
}

/// A stored page as `content/pages` would hold it.
#[derive(Debug, sqlx::FromRow)]
pub struct PageSource {
    pub locale: String,
    pub slug: String,
    pub title: String,
    pub description: String,
    pub body_markdown: String,
    pub revision: Option<i64>,
    pub updated: Option<String>,
    pub changes: Option<String>,
    pub members_only: i32,
}

async fn edited_and_different(tx: &mut Transaction<'_>, page: &SourcePage) -> anyhow::Result<bool> {
    let edited: Option<i64> = sqlx::query_scalar(
        "SELECT 1 FROM pages WHERE locale = $1 AND slug = $2 AND edited_at IS NOT NULL AND source_hash <> $3",
    )
    .bind(page.locale.as_str())
    .bind(page.slug.as_str())
    .bind(&page.source_hash)
    .fetch_optional(&mut **tx)
    .await
    .context("Failed to compare a page with its edit")?;
    Ok(edited.is_some())
}

#[derive(sqlx::FromRow)]
struct PageRow {
    title: String,
    description: String,
    html: String,
    revision: Option<i64>,
    updated: Option<String>,
    changes: Option<String>,
    members_only: i32,
}

#[tracing::instrument(skip(executor))]
pub async fn find<'e>(
    executor: impl Executor<'e, Database = Db>,
    locale: Locale,
    slug: &Slug,
) -> anyhow::Result<Option<Page>> {
    let row: Option<PageRow> = sqlx::query_as(
        "SELECT title, description, html, revision, updated, changes, members_only FROM pages WHERE locale = $1 AND slug = $2",
    )
    .bind(locale.as_str())
    .bind(slug.as_str())
    .fetch_optional(executor)
    .await
    .context("Failed to read a page")?;
    row.map(|row| {
        Ok(Page {
            locale,
            slug: slug.clone(),
            title: row.title,
            description: row.description,
            html: row.html,
            revision: row
                .revision
                .map(u32::try_from)
                .transpose()
                .context("A stored revision is out of range")?,
            updated: row.updated,
            changes: row.changes,
            members_only: row.members_only != 0,
        })
    })
    .transpose()
}

/// A page's title and description in every language it exists in, for
/// the HTML shell's metadata and its `hreflang` alternates.
#[tracing::instrument(skip(executor))]
pub async fn translations<'e>(
    executor: impl Executor<'e, Database = Db>,
    slug: &Slug,
) -> anyhow::Result<Vec<Translation>> {
    let rows: Vec<(String, String, String, i32)> =
        sqlx::query_as("SELECT locale, title, description, members_only FROM pages WHERE slug = $1")
            .bind(slug.as_str())
            .fetch_all(executor)
            .await
            .context("Failed to read a page's translations")?;
    rows.into_iter()
        .map(|(locale, title, description, members_only)| {
            Ok(Translation {
                locale: Locale::parse(&locale).context("A stored page has an unknown locale")?,
                title,
                description,
                members_only: members_only != 0,
            })
        })
        .collect()
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Translation {
    pub locale: Locale,
    pub title: String,
    pub description: String,
    pub members_only: bool,
}
