//! Petitions as the console edits them: drafts too, each text's Markdown,
//! and the version every change moves (a change names the version it was
//! made from, and finds nothing to change when it is stale).

use std::collections::HashMap;

use anyhow::Context;
use civic_api::petition_editing::{
    EditablePetition, PetitionLine, PetitionPicture, PetitionStatus, PetitionText, missing_languages,
};
use civic_api::{Locale, SiteRoute, Slug, Target};
use sqlx::Executor;

use crate::content::markdown_to_safe_html;
use crate::db::{Connection, Db, Flag, Pool, Transaction};

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    slug: String,
    version: i64,
    published: Flag,
    closed: Flag,
    goal: i64,
    opened_on: String,
    image: Option<String>,
    image_width: Option<i64>,
    image_height: Option<i64>,
    signature_count: i64,
}

const COLUMNS: &str = "id, slug, version, published, closed, goal, opened_on, image, image_width, image_height, \
                       signature_count";

impl Row {
    fn status(&self) -> PetitionStatus {
        match (self.published.0, self.closed.0) {
            (false, _) => PetitionStatus::Draft,
            (true, false) => PetitionStatus::Open,
            (true, true) => PetitionStatus::Closed,
        }
    }

    fn slug(&self) -> anyhow::Result<Slug> {
        Slug::parse(&self.slug).map_err(|e| anyhow::anyhow!("A stored slug is malformed: {e}"))
    }

    fn count(&self) -> anyhow::Result<u64> {
        u64::try_from(self.signature_count).context("A stored count is negative")
    }
}

#[derive(sqlx::FromRow)]
struct TextRow {
    locale: String,
    title: String,
    summary: String,
    addressed_to: String,
    body_markdown: String,
    image_alt: String,
}

impl TextRow {
    fn text(self) -> anyhow::Result<PetitionText> {
        Ok(PetitionText {
            locale: Locale::parse(&self.locale).context("A stored petition text has an unknown locale")?,
            title: self.title,
            summary: self.summary,
            addressed_to: self.addressed_to,
            body_markdown: self.body_markdown,
            image_alt: self.image_alt,
        })
    }
}

/// Every petition for the console's list: drafts first, then open ones,
/// then closed ones, the newest first in each.
pub async fn lines(pool: &Pool) -> anyhow::Result<Vec<PetitionLine>> {
    let mut conn = pool.acquire().await.context("Failed to reach the database")?;
    let rows: Vec<Row> = sqlx::query_as(&format!("SELECT {COLUMNS} FROM petitions ORDER BY id DESC"))
        .fetch_all(&mut *conn)
        .await
        .context("Failed to list the petitions")?;
    // Each text's language and title: the list needs no body.
    let titles: Vec<(i64, String, String)> = sqlx::query_as("SELECT petition_id, locale, title FROM petition_texts")
        .fetch_all(&mut *conn)
        .await
        .context("Failed to read the petitions' titles")?;
    let mut written: HashMap<i64, Vec<(Locale, String)>> = HashMap::new();
    for (id, locale, title) in titles {
        let locale =
            Locale::parse(&locale).map_err(|_| anyhow::anyhow!("A stored petition text has an unknown locale"))?;
        written.entry(id).or_default().push((locale, title));
    }
    let mut lines = Vec::with_capacity(rows.len());
    for row in rows {
        let own = written.remove(&row.id).unwrap_or_default();
        lines.push(PetitionLine {
            id: row.id,
            slug: row.slug()?,
            title: own
                .iter()
                .find(|(locale, _)| *locale == Locale::DEFAULT)
                .map(|(_, title)| title.clone())
                .unwrap_or_default(),
            status: row.status(),
            version: row.version,
            count: row.count()?,
            missing: Locale::ALL
                .into_iter()
                .filter(|locale| !own.iter().any(|(written, _)| written == locale))
                .collect(),
        });
    }
    let order = |status: PetitionStatus| match status {
        PetitionStatus::Draft => 0,
        PetitionStatus::Open => 1,
        PetitionStatus::Closed => 2,
    };
    lines.sort_by_key(|line| order(line.status));
    Ok(lines)
}

/// One petition as staff edit it, or `None` when there is no such one.
pub async fn editable(conn: &mut Connection, id: i64) -> anyhow::Result<Option<EditablePetition>> {
    let Some(row): Option<Row> = sqlx::query_as(&format!("SELECT {COLUMNS} FROM petitions WHERE id = $1"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await
        .context("Failed to read a petition")?
    else {
        return Ok(None);
    };
    let rows: Vec<TextRow> = sqlx::query_as(
        "SELECT locale, title, summary, addressed_to, body_markdown, image_alt
         FROM petition_texts WHERE petition_id = $1",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await
    .context("Failed to read a petition's texts")?;
    let mut texts = rows
        .into_iter()
        .map(TextRow::text)
        .collect::<anyhow::Result<Vec<_>>>()?;
    texts.sort_by_key(|text| Locale::ALL.iter().position(|locale| *locale == text.locale));
    let slug = row.slug()?;
    let image = match (&row.image, row.image_width, row.image_height) {
        (Some(src), Some(width), Some(height)) => Some(PetitionPicture {
            src: src.clone(),
            width: u32::try_from(width).context("A stored image width is out of range")?,
            height: u32::try_from(height).context("A stored image height is out of range")?,
        }),
        _ => None,
    };
    Ok(Some(EditablePetition {
        id: row.id,
        public_path: SiteRoute {
            locale: Locale::DEFAULT,
            target: Target::Petition(slug.clone()),
        }
        .path(),
        slug,
        version: row.version,
        status: row.status(),
        goal: u64::try_from(row.goal).context("A stored goal is negative")?,
        opened_on: row.opened_on.clone(),
        image,
        missing: missing_languages(&texts),
        texts,
        count: row.count()?,
    }))
}

/// The address of petition `id`, if there is one.
pub async fn slug_of<'e>(executor: impl Executor<'e, Database = Db>, id: i64) -> anyhow::Result<Option<String>> {
    sqlx::query_scalar("SELECT slug FROM petitions WHERE id = $1")
        .bind(id)
        .fetch_optional(executor)
        .await
        .context("Failed to look up a petition")
}

/// The id of the petition at `slug`, if there is one.
pub async fn id_of<'e>(executor: impl Executor<'e, Database = Db>, slug: &Slug) -> anyhow::Result<Option<i64>> {
    sqlx::query_scalar("SELECT id FROM petitions WHERE slug = $1")
        .bind(slug.as_str())
        .fetch_optional(executor)
        .await
        .context("Failed to look up a petition")
}

/// A new draft, made in the console at `at`.
pub async fn create(
    tx: &mut Transaction<'_>,
    slug: &Slug,
    goal: u64,
    short_code: &str,
    at: &str,
) -> anyhow::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO petitions (slug, goal, closed, opened_on, short_code, source_hash, version, published, edited_at)
         VALUES ($1, $2, 0, '', $3, '', 1, 0, $4) RETURNING id",
    )
    .bind(slug.as_str())
    .bind(i64::try_from(goal).context("A goal is too large")?)
    .bind(short_code)
    .bind(at)
    .fetch_one(&mut **tx)
    .await
    .context("Failed to store a new petition")
}

/// Moves the petition from `version` to the next, as edited at `at`:
/// `false` when it is no longer at `version` (someone changed it since).
pub async fn next_version(tx: &mut Transaction<'_>, id: i64, version: i64, at: &str) -> anyhow::Result<bool> {
    let done = sqlx::query("UPDATE petitions SET version = version + 1, edited_at = $1 WHERE id = $2 AND version = $3")
        .bind(at)
        .bind(id)
        .bind(version)
        .execute(&mut **tx)
        .await
        .context("Failed to move a petition's version")?;
    Ok(done.rows_affected() == 1)
}

pub async fn set_goal(tx: &mut Transaction<'_>, id: i64, goal: u64) -> anyhow::Result<()> {
    sqlx::query("UPDATE petitions SET goal = $1 WHERE id = $2")
        .bind(i64::try_from(goal).context("A goal is too large")?)
        .bind(id)
        .execute(&mut **tx)
        .await
        .context("Failed to store a goal")?;
    Ok(())
}

/// The petition's texts become `texts`, each body rendered and sanitised
/// as every page's is.
pub async fn replace_texts(tx: &mut Transaction<'_>, id: i64, texts: &[PetitionText]) -> anyhow::Result<()> {
    let rendered: Vec<String> = texts
        .iter()
        .map(|text| markdown_to_safe_html(&text.body_markdown))
        .collect();
    let texts: Vec<(PetitionText, &str)> = texts.iter().cloned().zip(rendered.iter().map(String::as_str)).collect();
    store_texts(tx, id, &texts).await
}

/// The petition's texts become `texts`, each with its body as HTML.
pub async fn store_texts(tx: &mut Transaction<'_>, id: i64, texts: &[(PetitionText, &str)]) -> anyhow::Result<()> {
    sqlx::query("DELETE FROM petition_texts WHERE petition_id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await
        .context("Failed to clear a petition's texts")?;
    for (text, body_html) in texts {
        sqlx::query(
            "INSERT INTO petition_texts
                 (petition_id, locale, title, summary, addressed_to, body_markdown, body_html, image_alt)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(id)
        .bind(text.locale.as_str())
        .bind(&text.title)
        .bind(&text.summary)
        .bind(&text.addressed_to)
        .bind(&text.body_markdown)
        .bind(*body_html)
        .bind(&text.image_alt)
        .execute(&mut **tx)
        .await
        .with_context(|| format!("Failed to store a petition's {} text", text.locale))?;
    }
    Ok(())
}

/// Publishes, closes or opens again; a petition first opened gets its day.
pub async fn set_status(
    tx: &mut Transaction<'_>,
    id: i64,
    status: PetitionStatus,
    opened_on: &str,
) -> anyhow::Result<()> {
    sqlx::query(
        "UPDATE petitions SET published = $1, closed = $2,
             opened_on = CASE WHEN opened_on = '' THEN $3 ELSE opened_on END
         WHERE id = $4",
    )
    .bind(Flag(status != PetitionStatus::Draft))
    .bind(Flag(status == PetitionStatus::Closed))
    .bind(opened_on)
    .bind(id)
    .execute(&mut **tx)
    .await
    .context("Failed to store a petition's state")?;
    Ok(())
}

pub async fn set_image(tx: &mut Transaction<'_>, id: i64, picture: &PetitionPicture) -> anyhow::Result<()> {
    sqlx::query("UPDATE petitions SET image = $1, image_width = $2, image_height = $3 WHERE id = $4")
        .bind(&picture.src)
        .bind(i64::from(picture.width))
        .bind(i64::from(picture.height))
        .bind(id)
        .execute(&mut **tx)
        .await
        .context("Failed to store a petition's picture")?;
    Ok(())
}

/// An uploaded picture, kept once however often it is sent.
pub struct Media<'a> {
    pub hash: &'a str,
    pub content_type: &'a str,
    pub bytes: &'a [u8],
    pub width: u32,
    pub height: u32,
}

pub async fn store_media(tx: &mut Transaction<'_>, media: &Media<'_>, at: &str) -> anyhow::Result<()> {
    sqlx::query(
        "INSERT INTO media (hash, content_type, bytes, width, height, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (hash) DO NOTHING",
    )
    .bind(media.hash)
    .bind(media.content_type)
    .bind(media.bytes)
    .bind(i64::from(media.width))
    .bind(i64::from(media.height))
    .bind(at)
    .execute(&mut **tx)
    .await
    .context("Failed to store a picture")?;
    Ok(())
}

/// Forgets the pictures no petition shows any more (one replaced by
/// another): how many.
pub async fn forget_unshown_media(tx: &mut Transaction<'_>) -> anyhow::Result<u64> {
    let done = sqlx::query(
        "DELETE FROM media WHERE NOT EXISTS (
             SELECT 1 FROM petitions WHERE petitions.image = '/media/' || media.hash || '.jpg')",
    )
    .execute(&mut **tx)
    .await
    .context("Failed to forget unshown pictures")?;
    Ok(done.rows_affected())
}

/// A stored picture's type and bytes.
pub async fn media(pool: &Pool, hash: &str) -> anyhow::Result<Option<(String, Vec<u8>)>> {
    sqlx::query_as("SELECT content_type, bytes FROM media WHERE hash = $1")
        .bind(hash)
        .fetch_optional(pool)
        .await
        .context("Failed to read a picture")
}
