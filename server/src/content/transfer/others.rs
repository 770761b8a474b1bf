//! The pages, newsletter mailings and surveys of `content export|import`,
//! beside the petitions.

use std::path::Path;

use anyhow::Context;
use civic_api::Locale;
use serde::Serialize;
use time::OffsetDateTime;

use crate::content::{self, SourcePage};
use crate::db::{self, Pool, Transaction};
use crate::newsletter::issue::{self, SeedIssue};
use crate::storage::mailings::{self, Taken};
use crate::storage::pages::{self, PageSource};
use crate::storage::petitions::SyncSummary;
use crate::storage::surveys::{self, Sync};

/// How many of each were written out.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Exported {
    pub petitions: usize,
    /// Pages in every language: one file each.
    pub pages: usize,
    pub mailings: usize,
    pub surveys: usize,
}

/// What an import changed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Imported {
    pub petitions: SyncSummary,
    /// Page files taken (a page in one language each).
    pub pages: u64,
    pub mailings_added: usize,
    pub mailings_updated: usize,
    /// Mailings already sent: left as they were sent.
    pub mailings_kept: usize,
    pub surveys_added: u64,
    pub surveys_updated: u64,
}

/// What a folder holds besides its petitions, read and checked before the
/// database is touched.
pub struct Sources {
    pages: Vec<SourcePage>,
    mailings: Vec<SeedIssue>,
    surveys: Vec<content::surveys::SourceSurvey>,
}

impl Sources {
    pub fn load(folder: &Path) -> anyhow::Result<Sources> {
        Ok(Sources {
            pages: match folder.join("pages").is_dir() {
                true => content::load(folder)?,
                false => Vec::new(),
            },
            mailings: issue::load_all(folder)?,
            surveys: content::surveys::load(folder)?,
        })
    }
}

pub async fn import(tx: &mut Transaction<'_>, sources: &Sources, petitions: SyncSummary) -> anyhow::Result<Imported> {
    let mut imported = Imported {
        petitions,
        ..Imported::default()
    };
    imported.pages = pages::sync(tx, &sources.pages, pages::Sync::Import).await?.written;
    let now = db::stamp(OffsetDateTime::now_utc());
    for mailing in &sources.mailings {
        match mailings::take(tx, mailing, &now).await? {
            Taken::Added => imported.mailings_added += 1,
            Taken::Updated => imported.mailings_updated += 1,
            Taken::KeptSent => {
                tracing::warn!(mailing = %mailing.slug, "this mailing was sent: it stays as it was sent");
                imported.mailings_kept += 1;
            }
        }
    }
    let surveys = surveys::sync(tx, &sources.surveys, Sync::Import).await?;
    (imported.surveys_added, imported.surveys_updated) = (surveys.added, surveys.updated);
    Ok(imported)
}

pub async fn export(pool: &Pool, folder: &Path, petitions: usize) -> anyhow::Result<Exported> {
    let mut exported = Exported {
        petitions,
        ..Exported::default()
    };
    for page in pages::sources(pool).await? {
        let dir = folder.join("pages").join(&page.locale);
        std::fs::create_dir_all(&dir).with_context(|| format!("Failed to make {}", dir.display()))?;
        write(&dir.join(format!("{}.md", page.slug)), &page_file(&page)?)?;
        exported.pages += 1;
    }
    let mut conn = pool.acquire().await.context("Failed to reach the database")?;
    for (slug, texts) in mailings::all_texts(&mut conn).await? {
        let dir = folder.join("newsletters").join(&slug);
        std::fs::create_dir_all(&dir).with_context(|| format!("Failed to make {}", dir.display()))?;
        for text in &texts {
            let front = toml::to_string(&MailingFront { subject: &text.title })?;
            write(
                &dir.join(format!("{}.md", text.locale)),
                &format!("+++\n{front}+++\n\n{}\n", text.body_markdown),
            )?;
        }
        exported.mailings += 1;
    }
    for survey in surveys::load_all(&mut conn).await? {
        let mut translations = survey.translations;
        translations.sort_by_key(|survey| Locale::ALL.iter().position(|locale| *locale == survey.locale));
        let slug = translations
            .first()
            .context("A stored survey has no language")?
            .slug
            .clone();
        let dir = folder.join("surveys").join(slug.as_str());
        std::fs::create_dir_all(&dir).with_context(|| format!("Failed to make {}", dir.display()))?;
        for (name, text) in content::surveys::writing::files(&translations)? {
            write(&dir.join(name), &text)?;
        }
        exported.surveys += 1;
    }
    Ok(exported)
}

#[derive(Serialize)]
struct MailingFront<'a> {
    subject: &'a str,
}

#[derive(Serialize)]
struct PageFront<'a> {
    title: &'a str,
    description: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    revision: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    updated: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    changes: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    audience: Option<&'static str>,
}

fn page_file(page: &PageSource) -> anyhow::Result<String> {
    let front = PageFront {
        title: &page.title,
        description: &page.description,
        revision: page.revision,
        updated: page.updated.as_deref(),
        changes: page.changes.as_deref().filter(|changes| !changes.is_empty()),
        audience: (page.members_only != 0).then_some("members"),
    };
    Ok(format!(
        "+++\n{}+++\n\n{}\n",
        toml::to_string(&front)?,
        page.body_markdown
    ))
}

fn write(path: &Path, text: &str) -> anyhow::Result<()> {
    std::fs::write(path, text).with_context(|| format!("Failed to write {}", path.display()))
}
