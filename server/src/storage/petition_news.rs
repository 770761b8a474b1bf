//! Petition news in the database: the updates and their texts, who follows
//! a petition's news (a flag on the signature), and stopping or starting
//! it again from a news e-mail's link.

use std::collections::BTreeMap;

use anyhow::Context;
use civic_api::Locale;
use civic_api::petition_news::{NewsItem, NewsText, PostedNews};
use sqlx::Executor;

use crate::db::{Db, Flag, Transaction};

/// Signatures that get a petition's news: confirmed, still counted, and
/// asked for (and not stopped).
const FOLLOWING: &str =
    "petition_id = $1 AND news = 1 AND confirmed_at IS NOT NULL AND invalidation_id IS NULL AND email <> ''";

pub async fn followers<'e>(executor: impl Executor<'e, Database = Db>, petition: i64) -> anyhow::Result<u64> {
    let count: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM signatures WHERE {FOLLOWING}"))
        .bind(petition)
        .fetch_one(executor)
        .await
        .context("Failed to count a petition's followers")?;
    Ok(u64::try_from(count).unwrap_or(0))
}

/// A signer to e-mail an update to.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Follower {
    pub id: i64,
    pub email: String,
    pub email_key: String,
    pub name: String,
    pub locale: String,
}

/// The next `limit` followers after signature `after`, in the order of
/// their signatures.
pub async fn following_after(
    tx: &mut Transaction<'_>,
    petition: i64,
    after: i64,
    limit: i64,
) -> anyhow::Result<Vec<Follower>> {
    sqlx::query_as(&format!(
        "SELECT id, email, email_key, name, locale FROM signatures WHERE {FOLLOWING} AND id > $2 ORDER BY id LIMIT $3"
    ))
    .bind(petition)
    .bind(after)
    .bind(limit)
    .fetch_all(&mut **tx)
    .await
    .context("Failed to read a petition's followers")
}

/// How far an update was queued: its petition, the last signature queued,
/// and whether it was queued for every follower.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Queueing {
    pub petition_id: i64,
    pub queued_up_to: i64,
    pub queued_at: Option<String>,
}

pub async fn queueing(tx: &mut Transaction<'_>, id: i64) -> anyhow::Result<Option<Queueing>> {
    sqlx::query_as("SELECT petition_id, queued_up_to, queued_at FROM petition_news WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut **tx)
        .await
        .context("Failed to read how far an update was queued")
}

/// Moves the cursor past the batch just queued, and counts it.
pub async fn advance(tx: &mut Transaction<'_>, id: i64, up_to: i64, queued: u64) -> anyhow::Result<()> {
    sqlx::query("UPDATE petition_news SET queued_up_to = $2, recipients = recipients + $3 WHERE id = $1")
        .bind(id)
        .bind(up_to)
        .bind(i64::try_from(queued).context("Too many recipients")?)
        .execute(&mut **tx)
        .await
        .context("Failed to move an update's cursor")?;
    Ok(())
}

pub async fn finish(tx: &mut Transaction<'_>, id: i64, at: &str) -> anyhow::Result<()> {
    sqlx::query("UPDATE petition_news SET queued_at = $2 WHERE id = $1")
        .bind(id)
        .bind(at)
        .execute(&mut **tx)
        .await
        .context("Failed to mark an update queued")?;
    Ok(())
}

/// Updates not yet queued for every follower (a server stopped halfway).
pub async fn unfinished<'e>(executor: impl Executor<'e, Database = Db>) -> anyhow::Result<Vec<i64>> {
    sqlx::query_scalar("SELECT id FROM petition_news WHERE queued_at IS NULL ORDER BY id")
        .fetch_all(executor)
        .await
        .context("Failed to list the updates still being queued")
}

/// An update's texts as posted, with their rendered bodies.
pub async fn texts_of(tx: &mut Transaction<'_>, id: i64) -> anyhow::Result<Vec<(NewsText, String)>> {
    let rows: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT locale, title, body_markdown, body_html FROM petition_news_texts WHERE news_id = $1 ORDER BY locale",
    )
    .bind(id)
    .fetch_all(&mut **tx)
    .await
    .context("Failed to read an update's texts")?;
    rows.into_iter()
        .map(|(locale, title, body_markdown, html)| {
            let locale = Locale::parse(&locale).map_err(|_| anyhow::anyhow!("An update has an unknown language"))?;
            Ok((
                NewsText {
                    locale,
                    title,
                    body_markdown,
                },
                html,
            ))
        })
        .collect()
}

/// The update `actor` posted with retry key `key`, if any.
pub async fn posted_with(tx: &mut Transaction<'_>, actor: i64, key: &str) -> anyhow::Result<Option<i64>> {
    sqlx::query_scalar("SELECT id FROM petition_news WHERE actor_account_id = $1 AND idempotency_key = $2")
        .bind(actor)
        .bind(key)
        .fetch_optional(&mut **tx)
        .await
        .context("Failed to look up an update by its retry key")
}

pub struct NewNews<'a> {
    pub petition: i64,
    pub at: &'a str,
    pub actor: i64,
    pub key: &'a str,
    /// Each text with its rendered, sanitised body.
    pub texts: &'a [(NewsText, String)],
}

pub async fn insert(tx: &mut Transaction<'_>, news: &NewNews<'_>) -> anyhow::Result<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO petition_news (petition_id, posted_at, actor_account_id, idempotency_key)
         VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(news.petition)
    .bind(news.at)
    .bind(news.actor)
    .bind(news.key)
    .fetch_one(&mut **tx)
    .await
    .context("Failed to store an update")?;
    for (text, html) in news.texts {
        sqlx::query(
            "INSERT INTO petition_news_texts (news_id, locale, title, body_markdown, body_html)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(text.locale.as_str())
        .bind(&text.title)
        .bind(&text.body_markdown)
        .bind(html)
        .execute(&mut **tx)
        .await
        .context("Failed to store an update's text")?;
    }
    Ok(id)
}

#[derive(sqlx::FromRow)]
struct TextRow {
    news_id: i64,
    posted_at: String,
    recipients: i64,
    locale: String,
    title: String,
    body_html: String,
}

/// Every text of a petition's updates (or of the one `only` names), newest
/// update first.
async fn texts<'e>(
    executor: impl Executor<'e, Database = Db>,
    petition: i64,
    only: Option<i64>,
) -> anyhow::Result<Vec<(i64, Vec<TextRow>)>> {
    let rows: Vec<TextRow> = sqlx::query_as(
        "SELECT n.id AS news_id, n.posted_at, n.recipients, t.locale, t.title, t.body_html
         FROM petition_news n JOIN petition_news_texts t ON t.news_id = n.id
         WHERE n.petition_id = $1 AND n.id BETWEEN $2 AND $3
         ORDER BY n.id DESC",
    )
    .bind(petition)
    .bind(only.unwrap_or(0))
    .bind(only.unwrap_or(i64::MAX))
    .fetch_all(executor)
    .await
    .context("Failed to read a petition's news")?;
    let mut grouped: BTreeMap<std::cmp::Reverse<i64>, Vec<TextRow>> = BTreeMap::new();
    for row in rows {
        grouped.entry(std::cmp::Reverse(row.news_id)).or_default().push(row);
    }
    Ok(grouped.into_iter().map(|(id, rows)| (id.0, rows)).collect())
}

/// A petition's updates as the console lists them (or the one `only`
/// names), newest first.
pub async fn posted<'e>(
    executor: impl Executor<'e, Database = Db>,
    petition: i64,
    only: Option<i64>,
) -> anyhow::Result<Vec<PostedNews>> {
    let mut posted = Vec::new();
    for (id, rows) in texts(executor, petition, only).await? {
        let english = rows
            .iter()
            .find(|row| row.locale == Locale::DEFAULT.as_str())
            .context("An update has no English text")?;
        let mut languages: Vec<Locale> = rows.iter().filter_map(|row| Locale::parse(&row.locale).ok()).collect();
        languages.sort_by_key(|locale| Locale::ALL.iter().position(|l| l == locale));
        posted.push(PostedNews {
            id,
            posted_at: english.posted_at.clone(),
            title: english.title.clone(),
            languages,
            recipients: u64::try_from(english.recipients).unwrap_or(0),
        });
    }
    Ok(posted)
}

/// A petition's updates for its public page, each in `locale` where it was
/// written in it and in English otherwise, newest first.
pub async fn items<'e>(
    executor: impl Executor<'e, Database = Db>,
    petition: i64,
    locale: Locale,
) -> anyhow::Result<Vec<NewsItem>> {
    let mut items = Vec::new();
    for (id, rows) in texts(executor, petition, None).await? {
        let chosen = rows
            .iter()
            .find(|row| row.locale == locale.as_str())
            .or_else(|| rows.iter().find(|row| row.locale == Locale::DEFAULT.as_str()))
            .context("An update has neither the reader's language nor English")?;
        items.push(NewsItem {
            id,
            posted_on: chosen.posted_at.get(..10).unwrap_or_default().to_owned(),
            locale: Locale::parse(&chosen.locale).unwrap_or(Locale::DEFAULT),
            title: chosen.title.clone(),
            body_html: chosen.body_html.clone(),
        });
    }
    Ok(items)
}

/// The signature a news e-mail's link names, as far as stopping its news
/// needs.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Subscription {
    pub id: i64,
    pub petition_id: i64,
    pub email: String,
    pub email_key: String,
    pub locale: String,
    pub news: Flag,
}

pub async fn subscription<'e>(
    executor: impl Executor<'e, Database = Db>,
    signature: i64,
) -> anyhow::Result<Option<Subscription>> {
    sqlx::query_as(
        "SELECT id, petition_id, email, email_key, locale, news FROM signatures
         WHERE id = $1 AND confirmed_at IS NOT NULL AND email <> ''",
    )
    .bind(signature)
    .fetch_optional(executor)
    .await
    .context("Failed to read a signature's news subscription")
}

pub async fn set_following<'e>(
    executor: impl Executor<'e, Database = Db>,
    signature: i64,
    following: bool,
) -> anyhow::Result<()> {
    sqlx::query("UPDATE signatures SET news = $1 WHERE id = $2")
        .bind(Flag(following))
        .bind(signature)
        .execute(executor)
        .await
        .context("Failed to change whether a signer gets a petition's news")?;
    Ok(())
}
