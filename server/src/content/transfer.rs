//! `civic-server content export|import <folder>`: the petitions, pages,
//! newsletter mailings and surveys of the database written out as
//! `content/` holds them, and a folder of them taken in deliberately, over
//! the console's edits. Uploaded pictures go with the petitions, in
//! `<folder>/media/`.

mod others;

pub use others::{Exported, Imported};

use std::path::Path;

use anyhow::Context;
use civic_api::petition_editing::{PetitionStatus, PetitionText};
use serde::Serialize;
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

use crate::config::Config;
use crate::content::petitions::{self, media_hash};
use crate::db;
use crate::storage::petition_editing::{self as editing, Media};
use crate::storage::petitions::{Sync, SyncSummary, sync};

#[derive(Serialize)]
struct Settings<'a> {
    goal: u64,
    #[serde(skip_serializing_if = "str::is_empty")]
    opened_on: &'a str,
    closed: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    draft: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    image_width: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    image_height: Option<u32>,
}

#[derive(Serialize)]
struct TextFront<'a> {
    title: &'a str,
    summary: &'a str,
    addressed_to: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    image_alt: &'a str,
}

/// Writes every petition (drafts too), page, mailing and survey under
/// `folder`, as `content/` holds them.
pub async fn export(config: &Config, folder: &Path) -> anyhow::Result<Exported> {
    let pool = db::connect_for_command(&config.database_url).await?;
    let petitions = export_petitions(&pool, folder).await?;
    let exported = others::export(&pool, folder, petitions).await;
    pool.close().await;
    exported
}

/// Writes every petition, drafts too, under `folder/petitions/`; returns
/// how many.
async fn export_petitions(pool: &db::Pool, folder: &Path) -> anyhow::Result<usize> {
    let lines = editing::lines(pool).await?;
    let mut conn = pool.acquire().await.context("Failed to reach the database")?;
    for line in &lines {
        let petition = editing::editable(&mut conn, line.id)
            .await?
            .context("A petition vanished while it was exported")?;
        let dir = folder.join("petitions").join(petition.slug.as_str());
        std::fs::create_dir_all(&dir).with_context(|| format!("Failed to make {}", dir.display()))?;
        let image = petition.image.as_ref();
        let settings = Settings {
            goal: petition.goal,
            opened_on: &petition.opened_on,
            closed: petition.status == PetitionStatus::Closed,
            draft: petition.status == PetitionStatus::Draft,
            image: image.map(|image| image.src.as_str()),
            image_width: image.map(|image| image.width),
            image_height: image.map(|image| image.height),
        };
        write(&dir.join("petition.toml"), &toml::to_string(&settings)?)?;
        for text in &petition.texts {
            write(&dir.join(format!("{}.md", text.locale)), &text_file(text)?)?;
        }
        if let Some(file) = image.and_then(|image| image.src.strip_prefix("/media/")) {
            let hash = media_hash(file).context("A stored picture has an odd name")?;
            let (_, bytes) = editing::media(pool, hash)
                .await?
                .with_context(|| format!("The picture {file} is not in the database"))?;
            std::fs::create_dir_all(folder.join("media"))?;
            std::fs::write(folder.join("media").join(file), bytes)?;
        }
    }
    Ok(lines.len())
}

fn text_file(text: &PetitionText) -> anyhow::Result<String> {
    let front = TextFront {
        title: &text.title,
        summary: &text.summary,
        addressed_to: &text.addressed_to,
        image_alt: &text.image_alt,
    };
    Ok(format!(
        "+++\n{}+++\n{}\n",
        toml::to_string(&front)?,
        text.body_markdown
    ))
}

fn write(path: &Path, text: &str) -> anyhow::Result<()> {
    std::fs::write(path, text).with_context(|| format!("Failed to write {}", path.display()))
}

/// Takes what `folder` holds (petitions, pages, newsletters, surveys, each
/// where its folder is there) as it is written, edited in the console or
/// not, in one transaction; what is only in the database stays. The
/// running servers show the change within seconds.
pub async fn import(config: &Config, folder: &Path) -> anyhow::Result<Imported> {
    let sources = others::Sources::load(folder)?;
    let pool = db::connect_for_command(&config.database_url).await?;
    let mut conn = pool.acquire().await.context("Failed to reach the database")?;
    let mut tx = db::begin_write(&mut conn).await?;
    let petitions = match folder.join("petitions").is_dir() {
        true => import_petitions(&mut tx, folder).await?,
        false => SyncSummary::default(),
    };
    let imported = others::import(&mut tx, &sources, petitions).await?;
    tx.commit().await.context("Failed to commit the import")?;
    drop(conn);
    pool.close().await;
    Ok(imported)
}

/// Takes every petition under `folder/petitions/` as it is written there,
/// edited in the console or not, and the pictures of `folder/media/`.
async fn import_petitions(tx: &mut db::Transaction<'_>, folder: &Path) -> anyhow::Result<SyncSummary> {
    let sources = petitions::load(folder)?;
    let at = db::stamp(OffsetDateTime::now_utc());
    let media_dir = folder.join("media");
    if media_dir.exists() {
        for entry in std::fs::read_dir(&media_dir)? {
            let path = entry?.path();
            let name = path
                .file_name()
                .map(|name| name.to_string_lossy().into_owned())
                .unwrap_or_default();
            let Some(hash) = media_hash(&name) else {
                anyhow::bail!(
                    "{} is not named as an uploaded picture ({{sha256}}.jpg)",
                    path.display()
                );
            };
            let bytes = std::fs::read(&path)?;
            anyhow::ensure!(
                format!("{:x}", Sha256::digest(&bytes)) == hash,
                "{} does not hold what its name says",
                path.display()
            );
            let header =
                civic_images::header(&bytes).with_context(|| format!("{} is not a picture", path.display()))?;
            anyhow::ensure!(header.is_jpeg, "{} is not a JPEG", path.display());
            let media = Media {
                hash,
                content_type: "image/jpeg",
                bytes: &bytes,
                width: header.width,
                height: header.height,
            };
            editing::store_media(tx, &media, &at).await?;
        }
    }
    sync(tx, &sources, Sync::Import).await
}
