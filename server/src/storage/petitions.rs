//! The `petitions` and `petition_texts` tables (what `content/petitions`
//! says, plus the counts), and `petition_country_counts`.

use std::collections::{BTreeSet, HashMap};

use crate::db::{Connection, Db, Flag};
use anyhow::Context;
use civic_api::petition::{CountryCount, ShortCode};
use civic_api::{Country, Locale, Slug};
use sqlx::Executor;

use crate::content::petitions::{SourceImage, SourcePetition};
use crate::db::Transaction;
use crate::petitions::codes::new_code;
use civic_api::petition_editing::PetitionText;

/// What a start-up changed, for the log.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct SyncSummary {
    pub added: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub removed: u64,
    /// Files that differ from a petition staff edited in the console: the
    /// console's edit is kept.
    pub kept: u64,
}

/// Whether `content/` may still write a petition: only until staff first
/// edit it in the console (or create it there). After that only a
/// deliberate `civic-server content import` does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sync {
    /// At start-up: new files are added, files of petitions nobody edited
    /// update them, and a file never overwrites an edit.
    Seed,
    /// `content import`: every file is taken, edits or not.
    Import,
}

/// A free code is found at the first try but for a one in 10¹⁴ chance.
const CODE_ATTEMPTS: usize = 5;

/// Makes the tables hold exactly `petitions`. A petition keeps its id,
/// counts and short code across restarts; only a changed source is
/// rewritten. A petition removed from `content/` goes too, unless people
/// signed it: then the start-up stops rather than lose their signatures.
#[tracing::instrument(skip_all, fields(petitions = petitions.len()))]
pub async fn sync(tx: &mut Transaction<'_>, petitions: &[SourcePetition], mode: Sync) -> anyhow::Result<SyncSummary> {
    let mut summary = SyncSummary::default();
    for petition in petitions {
        let stored: Option<(i64, String, Option<String>)> =
            sqlx::query_as("SELECT id, source_hash, edited_at FROM petitions WHERE slug = $1")
                .bind(petition.slug.as_str())
                .fetch_optional(&mut **tx)
                .await
                .context("Failed to look up a petition")?;
        let id = match stored {
            Some((_, hash, None)) if hash == petition.source_hash => {
                summary.unchanged += 1;
                continue;
            }
            Some((_, _, Some(edited_at))) if mode == Sync::Seed => {
                tracing::warn!(
                    petition = %petition.slug,
                    edited_at,
                    "content/petitions/{} is not what the database holds, where staff edited it in the console: \
                     the edit is kept (`civic-server content import` takes the file)",
                    petition.slug
                );
                summary.kept += 1;
                continue;
            }
            Some((id, _, _)) => {
                update(tx, id, petition).await?;
                summary.updated += 1;
                id
            }
            None => {
                summary.added += 1;
                insert(tx, petition).await?
            }
        };
        let texts: Vec<(PetitionText, &str)> = petition
            .texts
            .iter()
            .map(|text| {
                let written = PetitionText {
                    locale: text.locale,
                    title: text.title.clone(),
                    summary: text.summary.clone(),
                    addressed_to: text.addressed_to.clone(),
                    body_markdown: text.body_markdown.clone(),
                    image_alt: text.image_alt.clone(),
                };
                (written, text.body_html.as_str())
            })
            .collect();
        crate::storage::petition_editing::store_texts(tx, id, &texts).await?;
    }
    if mode == Sync::Seed {
        summary.removed = remove_others(tx, petitions).await?;
    }
    Ok(summary)
}

/// A short code no petition or signer uses yet, for a new petition.
pub async fn free_code(conn: &mut Connection) -> anyhow::Result<ShortCode> {
    for _ in 0..CODE_ATTEMPTS {
        let code = new_code();
        if !code_is_taken(conn, &code).await? {
            return Ok(code);
        }
    }
    anyhow::bail!("Failed to find a free short code for a new petition")
}

async fn insert(tx: &mut Transaction<'_>, petition: &SourcePetition) -> anyhow::Result<i64> {
    let code = free_code(tx).await?;
    let image = petition.image.as_ref();
    sqlx::query_scalar(
        "INSERT INTO petitions
             (slug, goal, closed, opened_on, image, image_width, image_height, short_code, source_hash, published)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(petition.slug.as_str())
    .bind(goal(petition)?)
    .bind(Flag(petition.closed))
    .bind(&petition.opened_on)
    .bind(image.map(|image| image.src.as_str()))
    .bind(image.map(|image| i64::from(image.width)))
    .bind(image.map(|image| i64::from(image.height)))
    .bind(code.as_str())
    .bind(&petition.source_hash)
    .bind(Flag(!petition.draft))
    .fetch_one(&mut **tx)
    .await
    .with_context(|| format!("Failed to store the petition {}", petition.slug))
}

async fn update(tx: &mut Transaction<'_>, id: i64, petition: &SourcePetition) -> anyhow::Result<()> {
    let image = petition.image.as_ref();
    sqlx::query(
        "UPDATE petitions SET goal = $1, closed = $2, opened_on = $3, image = $4, image_width = $5,
             image_height = $6, source_hash = $7, version = version + 1, published = $8, edited_at = NULL
         WHERE id = $9",
    )
    .bind(goal(petition)?)
    .bind(Flag(petition.closed))
    .bind(&petition.opened_on)
    .bind(image.map(|image| image.src.as_str()))
    .bind(image.map(|image| i64::from(image.width)))
    .bind(image.map(|image| i64::from(image.height)))
    .bind(&petition.source_hash)
    .bind(Flag(!petition.draft))
    .bind(id)
    .execute(&mut **tx)
    .await
    .with_context(|| format!("Failed to update the petition {}", petition.slug))?;
    Ok(())
}

fn goal(petition: &SourcePetition) -> anyhow::Result<i64> {
    i64::try_from(petition.goal).with_context(|| format!("The goal of {} is too large", petition.slug))
}

async fn remove_others(tx: &mut Transaction<'_>, petitions: &[SourcePetition]) -> anyhow::Result<u64> {
    let wanted: BTreeSet<&str> = petitions.iter().map(|petition| petition.slug.as_str()).collect();
    // Only what content/ alone wrote: a petition made or edited in the
    // console is the database's own.
    let stored: Vec<(i64, String)> = sqlx::query_as("SELECT id, slug FROM petitions WHERE edited_at IS NULL")
        .fetch_all(&mut **tx)
        .await
        .context("Failed to list the stored petitions")?;
    let mut removed = 0;
    for (id, slug) in stored.into_iter().filter(|(_, slug)| !wanted.contains(slug.as_str())) {
        let signatures: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM signatures WHERE petition_id = $1")
            .bind(id)
            .fetch_one(&mut **tx)
            .await
            .context("Failed to count a petition's signatures")?;
        anyhow::ensure!(
            signatures == 0,
            "content/petitions/{slug} is gone but {signatures} people signed it: put it back \
             (with `closed = true` to stop new signatures)"
        );
        for statement in [
            "DELETE FROM petition_country_counts WHERE petition_id = $1",
            "DELETE FROM petition_texts WHERE petition_id = $1",
            "DELETE FROM petitions WHERE id = $1",
        ] {
            sqlx::query(statement)
                .bind(id)
                .execute(&mut **tx)
                .await
                .with_context(|| format!("Failed to remove the petition {slug}"))?;
        }
        removed += 1;
    }
    Ok(removed)
}

/// Whether a short link already uses `code`, for a petition or a signer.
pub async fn code_is_taken(conn: &mut Connection, code: &ShortCode) -> anyhow::Result<bool> {
    let taken: Option<i64> = sqlx::query_scalar(
        "SELECT 1 FROM petitions WHERE short_code = $1 UNION ALL SELECT 1 FROM signatures WHERE referral_code = $1",
    )
    .bind(code.as_str())
    .fetch_optional(conn)
    .await
    .context("Failed to look up a short code")?;
    Ok(taken.is_some())
}

/// One language's texts of a petition, without the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredText {
    pub locale: Locale,
    pub title: String,
    pub summary: String,
    pub image_alt: String,
}

/// A petition as stored, with its count at the time it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredPetition {
    pub id: i64,
    pub slug: Slug,
    pub goal: u64,
    pub closed: bool,
    pub opened_on: String,
    pub image: Option<SourceImage>,
    pub short_code: ShortCode,
    pub count: u64,
    /// English first.
    pub texts: Vec<StoredText>,
}

#[derive(sqlx::FromRow)]
struct PetitionRow {
    id: i64,
    slug: String,
    goal: i64,
    closed: Flag,
    opened_on: String,
    image: Option<String>,
    image_width: Option<i64>,
    image_height: Option<i64>,
    short_code: String,
    signature_count: i64,
}

#[derive(sqlx::FromRow)]
struct TextRow {
    petition_id: i64,
    locale: String,
    title: String,
    summary: String,
    image_alt: String,
}

/// Every petition's id and count.
pub async fn counts<'e>(executor: impl Executor<'e, Database = Db>) -> anyhow::Result<Vec<(i64, u64)>> {
    let rows: Vec<(i64, i64)> = sqlx::query_as("SELECT id, signature_count FROM petitions")
        .fetch_all(executor)
        .await
        .context("Failed to read the petitions' counts")?;
    rows.into_iter()
        .map(|(id, count)| Ok((id, u64::try_from(count).context("A stored count is negative")?)))
        .collect()
}

/// How many petitions there are, the sum of their versions and of their
/// recounts: it moves with every change to any of them and whenever a
/// count goes down, so a server that reads another one knows to read them
/// again.
pub type Stamp = (i64, i64, i64);

pub async fn stamp<'e>(executor: impl Executor<'e, Database = Db>) -> anyhow::Result<Stamp> {
    sqlx::query_as(
        "SELECT COUNT(*), CAST(COALESCE(SUM(version), 0) AS BIGINT), CAST(COALESCE(SUM(recounts), 0) AS BIGINT)
         FROM petitions",
    )
    .fetch_one(executor)
    .await
    .context("Failed to read the petitions' versions")
}

/// Every published petition with its texts, for the in-memory registry.
pub async fn load_all(conn: &mut Connection) -> anyhow::Result<Vec<StoredPetition>> {
    let rows: Vec<PetitionRow> = sqlx::query_as(
        "SELECT id, slug, goal, closed, opened_on, image, image_width, image_height, short_code, signature_count
         FROM petitions WHERE published = 1 ORDER BY id",
    )
    .fetch_all(&mut *conn)
    .await
    .context("Failed to read the petitions")?;
    let text_rows: Vec<TextRow> =
        sqlx::query_as("SELECT petition_id, locale, title, summary, image_alt FROM petition_texts")
            .fetch_all(&mut *conn)
            .await
            .context("Failed to read the petitions' texts")?;
    let mut texts: HashMap<i64, Vec<StoredText>> = HashMap::new();
    for row in text_rows {
        texts.entry(row.petition_id).or_default().push(StoredText {
            locale: Locale::parse(&row.locale).context("A stored petition text has an unknown locale")?,
            title: row.title,
            summary: row.summary,
            image_alt: row.image_alt,
        });
    }
    rows.into_iter()
        .map(|row| {
            let mut texts = texts.remove(&row.id).unwrap_or_default();
            texts.sort_by_key(|text| Locale::ALL.iter().position(|locale| *locale == text.locale));
            let image = match (row.image, row.image_width, row.image_height) {
                (Some(src), Some(width), Some(height)) => Some(SourceImage {
                    src,
                    width: u32::try_from(width).context("A stored image width is out of range")?,
                    height: u32::try_from(height).context("A stored image height is out of range")?,
                }),
                _ => None,
            };
            Ok(StoredPetition {
                id: row.id,
                slug: Slug::parse(&row.slug).map_err(|e| anyhow::anyhow!("A stored slug is malformed: {e}"))?,
                goal: u64::try_from(row.goal).context("A stored goal is negative")?,
                closed: row.closed.into(),
                opened_on: row.opened_on,
                image,
                short_code: ShortCode::parse(&row.short_code)
                    .map_err(|e| anyhow::anyhow!("A stored short code is malformed: {e}"))?,
                count: u64::try_from(row.signature_count).context("A stored count is negative")?,
                texts,
            })
        })
        .collect()
}

/// Who the petition asks and its text, in one language.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct StoredBody {
    pub addressed_to: String,
    pub body_html: String,
}

pub async fn body<'e>(
    executor: impl Executor<'e, Database = Db>,
    petition_id: i64,
    locale: Locale,
) -> anyhow::Result<Option<StoredBody>> {
    sqlx::query_as("SELECT addressed_to, body_html FROM petition_texts WHERE petition_id = $1 AND locale = $2")
        .bind(petition_id)
        .bind(locale.as_str())
        .fetch_optional(executor)
        .await
        .context("Failed to read a petition's text")
}

/// Confirmed signatures by country, most first.
pub async fn by_country<'e>(
    executor: impl Executor<'e, Database = Db>,
    petition_id: i64,
) -> anyhow::Result<Vec<CountryCount>> {
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT country, signatures FROM petition_country_counts
         WHERE petition_id = $1 AND signatures > 0 ORDER BY signatures DESC, country",
    )
    .bind(petition_id)
    .fetch_all(executor)
    .await
    .context("Failed to read the counts by country")?;
    rows.into_iter()
        .map(|(country, count)| {
            Ok(CountryCount {
                country: Country::parse(&country).map_err(|e| anyhow::anyhow!("A stored country is invalid: {e}"))?,
                count: u64::try_from(count).context("A stored count is negative")?,
            })
        })
        .collect()
}
