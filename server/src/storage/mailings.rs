//! The newsletter's mailings as the console writes and sends them: the
//! `newsletter_issues` rows with their status and version, their texts in
//! `newsletter_issue_texts`, the mails queued for each (by language, with
//! no address) and the opens counted per language.

use anyhow::Context;
use civic_api::Locale;
use civic_api::newsletter_mailing::{EditableMailing, LanguageFigures, MailingFigures, MailingLine, MailingStatus};
use civic_api::translated_text::TranslatedText;
use rand::Rng;
use sqlx::Executor;

use crate::db::{Connection, Db, Transaction};
use crate::newsletter::issue::SeedIssue;
use crate::storage::newsletter::SubscriberRow;

#[derive(sqlx::FromRow)]
struct MailingRow {
    id: i64,
    status: String,
    version: i64,
    send_at: Option<String>,
    sent_at: Option<String>,
    unsubscribes: i64,
}

impl MailingRow {
    fn status(&self) -> anyhow::Result<MailingStatus> {
        MailingStatus::parse(&self.status)
            .with_context(|| format!("A mailing has the unknown status {:?}", self.status))
    }
}

const COLUMNS: &str = "id, status, version, send_at, sent_at, unsubscribes";

/// What seeding from `content/newsletters` did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct SeedSummary {
    pub added: usize,
    /// Already in the database: the stored mailing is kept as it is.
    pub kept: usize,
}

/// Stores each folder not stored yet as a draft; one sent before the
/// console existed gets its texts. A stored mailing is never overwritten.
pub async fn seed(tx: &mut Transaction<'_>, issues: &[SeedIssue], now: &str) -> anyhow::Result<SeedSummary> {
    let mut summary = SeedSummary::default();
    for issue in issues {
        let found: Option<i64> = sqlx::query_scalar("SELECT id FROM newsletter_issues WHERE slug = $1")
            .bind(issue.slug.as_str())
            .fetch_optional(&mut **tx)
            .await
            .context("Failed to look up a mailing")?;
        let id = match found {
            Some(id) => {
                summary.kept += 1;
                if !texts(&mut **tx, id).await?.is_empty() {
                    continue;
                }
                id
            }
            None => {
                summary.added += 1;
                insert_draft(tx, issue.slug.as_str(), now).await?
            }
        };
        write_texts(tx, id, &issue.texts).await?;
    }
    Ok(summary)
}

/// What `content import` did with one mailing's folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Taken {
    Added,
    /// An unsent mailing now says what its files say.
    Updated,
    /// Sent already: what was sent stays as it was.
    KeptSent,
}

/// Takes a folder of `content import`: a new mailing becomes a draft, an
/// unsent one takes the files' texts, a sent one is left as it was sent.
pub async fn take(tx: &mut Transaction<'_>, issue: &SeedIssue, now: &str) -> anyhow::Result<Taken> {
    let found: Option<(i64, String)> = sqlx::query_as("SELECT id, status FROM newsletter_issues WHERE slug = $1")
        .bind(issue.slug.as_str())
        .fetch_optional(&mut **tx)
        .await
        .context("Failed to look up a mailing")?;
    match found {
        None => {
            let id = insert_draft(tx, issue.slug.as_str(), now).await?;
            write_texts(tx, id, &issue.texts).await?;
            Ok(Taken::Added)
        }
        Some((id, status)) if MailingStatus::parse(&status).is_some_and(MailingStatus::is_editable) => {
            sqlx::query("UPDATE newsletter_issues SET version = version + 1, updated_at = $2 WHERE id = $1")
                .bind(id)
                .bind(now)
                .execute(&mut **tx)
                .await
                .context("Failed to update a mailing")?;
            write_texts(tx, id, &issue.texts).await?;
            Ok(Taken::Updated)
        }
        Some(_) => Ok(Taken::KeptSent),
    }
}

/// Every mailing with its texts (English first), by slug, for
/// `content export`.
pub async fn all_texts(conn: &mut Connection) -> anyhow::Result<Vec<(String, Vec<TranslatedText>)>> {
    let stored: Vec<(i64, String)> = sqlx::query_as("SELECT id, slug FROM newsletter_issues ORDER BY id")
        .fetch_all(&mut *conn)
        .await
        .context("Failed to list the mailings")?;
    let mut all = Vec::new();
    for (id, slug) in stored {
        let written = texts(&mut *conn, id).await?;
        if !written.is_empty() {
            all.push((slug, written));
        }
    }
    Ok(all)
}

/// A new draft without texts yet.
pub async fn insert_draft(tx: &mut Transaction<'_>, slug: &str, now: &str) -> anyhow::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO newsletter_issues (slug, created_at, status, version, updated_at, open_key)
         VALUES ($1, $2, 'draft', 1, $2, $3)
         RETURNING id",
    )
    .bind(slug)
    .bind(now)
    .bind(open_key())
    .fetch_one(&mut **tx)
    .await
    .context("Failed to store a mailing")
}

/// 128 random bits in hex: the opens image's address.
fn open_key() -> String {
    let bytes: [u8; 16] = rand::rng().random();
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// The name mailing `id` is stored under (its folder's, for one seeded
/// from `content/newsletters`).
pub async fn slug_of(conn: &mut Connection, id: i64) -> anyhow::Result<String> {
    sqlx::query_scalar("SELECT slug FROM newsletter_issues WHERE id = $1")
        .bind(id)
        .fetch_one(conn)
        .await
        .context("Failed to read a mailing's name")
}

/// The mailing stored under `slug`.
pub async fn id_of(conn: &mut Connection, slug: &str) -> anyhow::Result<Option<i64>> {
    sqlx::query_scalar("SELECT id FROM newsletter_issues WHERE slug = $1")
        .bind(slug)
        .fetch_optional(conn)
        .await
        .context("Failed to look up a mailing")
}

async fn write_texts(tx: &mut Transaction<'_>, id: i64, texts: &[TranslatedText]) -> anyhow::Result<()> {
    sqlx::query("DELETE FROM newsletter_issue_texts WHERE issue_id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await
        .context("Failed to replace a mailing's texts")?;
    for text in texts {
        sqlx::query(
            "INSERT INTO newsletter_issue_texts (issue_id, locale, subject, body_markdown) VALUES ($1, $2, $3, $4)",
        )
        .bind(id)
        .bind(text.locale.as_str())
        .bind(&text.title)
        .bind(&text.body_markdown)
        .execute(&mut **tx)
        .await
        .context("Failed to store a mailing's text")?;
    }
    Ok(())
}

/// The languages written, English first.
pub async fn texts<'e>(executor: impl Executor<'e, Database = Db>, id: i64) -> anyhow::Result<Vec<TranslatedText>> {
    let rows: Vec<(String, String, String)> =
        sqlx::query_as("SELECT locale, subject, body_markdown FROM newsletter_issue_texts WHERE issue_id = $1")
            .bind(id)
            .fetch_all(executor)
            .await
            .context("Failed to read a mailing's texts")?;
    let mut texts: Vec<TranslatedText> = rows
        .into_iter()
        .filter_map(|(locale, title, body_markdown)| {
            Some(TranslatedText {
                locale: Locale::parse(&locale).ok()?,
                title,
                body_markdown,
            })
        })
        .collect();
    texts.sort_by_key(|text| Locale::ALL.iter().position(|locale| *locale == text.locale));
    Ok(texts)
}

/// Confirmed subscribers now.
pub async fn subscribers(conn: &mut Connection) -> anyhow::Result<u64> {
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM newsletter_subscribers WHERE state = 'subscribed'")
        .fetch_one(conn)
        .await
        .context("Failed to count the subscribers")?;
    Ok(count.max(0) as u64)
}

/// The mailings, newest first (the latest 200).
pub async fn lines(conn: &mut Connection) -> anyhow::Result<Vec<MailingLine>> {
    let rows: Vec<MailingRow> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM newsletter_issues ORDER BY COALESCE(sent_at, send_at, updated_at, created_at) DESC, id DESC LIMIT 200"
    ))
    .fetch_all(&mut *conn)
    .await
    .context("Failed to list the mailings")?;
    let subjects: std::collections::HashMap<i64, String> =
        sqlx::query_as("SELECT issue_id, subject FROM newsletter_issue_texts WHERE locale = $1")
            .bind(Locale::DEFAULT.as_str())
            .fetch_all(&mut *conn)
            .await
            .context("Failed to read the mailings' subjects")?
            .into_iter()
            .collect();
    let counts = Counts::read(conn, None).await?;
    rows.into_iter()
        .map(|row| {
            Ok(MailingLine {
                id: row.id,
                subject: subjects.get(&row.id).cloned().unwrap_or_default(),
                status: row.status()?,
                figures: counts.figures(row.id, row.unsubscribes),
                send_at: row.send_at,
                sent_at: row.sent_at,
            })
        })
        .collect()
}

/// Mailing `id` as the console shows it.
pub async fn editable(conn: &mut Connection, id: i64) -> anyhow::Result<Option<EditableMailing>> {
    let Some(row) = row(conn, id).await? else {
        return Ok(None);
    };
    let written = texts(&mut *conn, id).await?;
    let texts = Locale::ALL
        .into_iter()
        .map(|locale| {
            written
                .iter()
                .find(|text| text.locale == locale)
                .cloned()
                .unwrap_or_else(|| TranslatedText::empty(locale))
        })
        .collect();
    Ok(Some(EditableMailing {
        id,
        version: row.version,
        status: row.status()?,
        texts,
        figures: Counts::read(conn, Some(id)).await?.figures(id, row.unsubscribes),
        subscribers: subscribers(conn).await?,
        send_at: row.send_at,
        sent_at: row.sent_at,
    }))
}

async fn row(conn: &mut Connection, id: i64) -> anyhow::Result<Option<MailingRow>> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM newsletter_issues WHERE id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await
        .context("Failed to read a mailing")
}

/// Where mailing `id` stands, and its opens image key.
pub async fn status(conn: &mut Connection, id: i64) -> anyhow::Result<Option<(MailingStatus, Option<String>)>> {
    let found: Option<(String, Option<String>)> =
        sqlx::query_as("SELECT status, open_key FROM newsletter_issues WHERE id = $1")
            .bind(id)
            .fetch_optional(conn)
            .await
            .context("Failed to read a mailing's status")?;
    found
        .map(|(status, key)| {
            let status = MailingStatus::parse(&status)
                .with_context(|| format!("A mailing has the unknown status {status:?}"))?;
            Ok((status, key))
        })
        .transpose()
}

#[derive(sqlx::FromRow)]
struct LanguageRow {
    issue_id: i64,
    locale: String,
    recipients: i64,
    sent: i64,
    failed: i64,
    waiting: i64,
}

/// What became of the mails of one mailing or of all, per language, read
/// in two queries whatever the number of mailings.
struct Counts {
    mails: Vec<LanguageRow>,
    opens: Vec<(i64, String, i64)>,
}

impl Counts {
    async fn read(conn: &mut Connection, only: Option<i64>) -> anyhow::Result<Counts> {
        let (mails_of, opens_of) = match only {
            Some(_) => ("WHERE m.issue_id = $1", "WHERE issue_id = $1"),
            None => ("", ""),
        };
        let mails_sql = format!(
            "SELECT m.issue_id AS issue_id, m.locale AS locale, COUNT(*) AS recipients,
                    SUM(CASE WHEN o.status = 'sent' THEN 1 ELSE 0 END) AS sent,
                    SUM(CASE WHEN o.status = 'failed' THEN 1 ELSE 0 END) AS failed,
                    SUM(CASE WHEN o.status = 'pending' THEN 1 ELSE 0 END) AS waiting
             FROM newsletter_issue_mails m LEFT JOIN mail_outbox o ON o.id = m.mail_id
             {mails_of}
             GROUP BY m.issue_id, m.locale"
        );
        let mails = sqlx::query_as(&mails_sql);
        let opens_sql = format!("SELECT issue_id, locale, opens FROM newsletter_opens {opens_of}");
        let opens = sqlx::query_as(&opens_sql);
        let (mails, opens) = match only {
            Some(id) => (mails.bind(id), opens.bind(id)),
            None => (mails, opens),
        };
        Ok(Counts {
            mails: mails
                .fetch_all(&mut *conn)
                .await
                .context("Failed to count the mailings' mails")?,
            opens: opens
                .fetch_all(&mut *conn)
                .await
                .context("Failed to count the mailings' opens")?,
        })
    }

    fn figures(&self, id: i64, unsubscribes: i64) -> MailingFigures {
        let count = |value: i64| value.max(0) as u64;
        let mut figures = MailingFigures {
            unsubscribes: count(unsubscribes),
            ..MailingFigures::default()
        };
        for locale in Locale::ALL {
            let row = self
                .mails
                .iter()
                .find(|row| row.issue_id == id && row.locale == locale.as_str());
            let opened = self
                .opens
                .iter()
                .find(|(issue, each, _)| *issue == id && each == locale.as_str())
                .map(|(_, _, n)| *n);
            if row.is_none() && opened.is_none() {
                continue;
            }
            if let Some(row) = row {
                figures.recipients += count(row.recipients);
                figures.sent += count(row.sent);
                figures.failed += count(row.failed);
                figures.waiting += count(row.waiting);
            }
            figures.languages.push(LanguageFigures {
                locale,
                recipients: row.map_or(0, |row| count(row.recipients)),
                opens: count(opened.unwrap_or(0)),
            });
        }
        figures
    }
}

/// Saves the texts of an unsent mailing read at `version`; `false` when
/// it changed since or was sent.
pub async fn save_texts(
    tx: &mut Transaction<'_>,
    id: i64,
    version: i64,
    texts: &[TranslatedText],
    now: &str,
) -> anyhow::Result<bool> {
    let result = sqlx::query(
        "UPDATE newsletter_issues SET version = version + 1, updated_at = $3
         WHERE id = $1 AND version = $2 AND status IN ('draft', 'scheduled')",
    )
    .bind(id)
    .bind(version)
    .bind(now)
    .execute(&mut **tx)
    .await
    .context("Failed to save a mailing")?;
    if result.rows_affected() != 1 {
        return Ok(false);
    }
    write_texts(tx, id, texts).await?;
    Ok(true)
}

/// Schedules an unsent mailing read at `version` for `send_at`, or with
/// `None` makes it a draft again; `false` when it changed since or was sent.
pub async fn set_schedule(
    tx: &mut Transaction<'_>,
    id: i64,
    version: i64,
    send_at: Option<&str>,
    now: &str,
) -> anyhow::Result<bool> {
    let status = match send_at {
        Some(_) => MailingStatus::Scheduled,
        None => MailingStatus::Draft,
    };
    let result = sqlx::query(
        "UPDATE newsletter_issues SET status = $3, send_at = $4, version = version + 1, updated_at = $5
         WHERE id = $1 AND version = $2 AND status IN ('draft', 'scheduled')",
    )
    .bind(id)
    .bind(version)
    .bind(status.as_str())
    .bind(send_at)
    .bind(now)
    .execute(&mut **tx)
    .await
    .context("Failed to schedule a mailing")?;
    Ok(result.rows_affected() == 1)
}

/// Starts sending an unsent mailing read at `version`; `false` when it
/// changed since or was sent.
pub async fn start_sending(tx: &mut Transaction<'_>, id: i64, version: i64, now: &str) -> anyhow::Result<bool> {
    let result = sqlx::query(
        "UPDATE newsletter_issues
         SET status = 'sending', send_at = NULL, sent_at = $3, version = version + 1, updated_at = $3,
             open_key = COALESCE(open_key, $4)
         WHERE id = $1 AND version = $2 AND status IN ('draft', 'scheduled')",
    )
    .bind(id)
    .bind(version)
    .bind(now)
    .bind(open_key())
    .execute(&mut **tx)
    .await
    .context("Failed to start sending a mailing")?;
    Ok(result.rows_affected() == 1)
}

/// The command line sends mailing `id` whatever it stands at: again to
/// whoever it has not reached when it was sent already.
pub async fn resend(tx: &mut Transaction<'_>, id: i64, now: &str) -> anyhow::Result<()> {
    sqlx::query(
        "UPDATE newsletter_issues
         SET status = 'sending', send_at = NULL, sent_at = COALESCE(sent_at, $2), updated_at = $2,
             version = version + 1, open_key = COALESCE(open_key, $3)
         WHERE id = $1",
    )
    .bind(id)
    .bind(now)
    .bind(open_key())
    .execute(&mut **tx)
    .await
    .context("Failed to start sending a mailing")?;
    Ok(())
}

/// Whether a scheduled mailing is due at `now`.
pub async fn any_due<'e>(executor: impl Executor<'e, Database = Db>, now: &str) -> anyhow::Result<bool> {
    let due: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM newsletter_issues WHERE status = 'scheduled' AND send_at <= $1 LIMIT 1")
            .bind(now)
            .fetch_all(executor)
            .await
            .context("Failed to look for the mailings due")?;
    Ok(!due.is_empty())
}

/// Takes the scheduled mailings due at `now` for this server to send: each
/// is taken by one server only.
pub async fn take_due(tx: &mut Transaction<'_>, now: &str) -> anyhow::Result<Vec<i64>> {
    sqlx::query_scalar(
        "UPDATE newsletter_issues
         SET status = 'sending', sent_at = $1, updated_at = $1, version = version + 1,
             open_key = COALESCE(open_key, $2)
         WHERE status = 'scheduled' AND send_at <= $1
         RETURNING id",
    )
    .bind(now)
    .bind(open_key())
    .fetch_all(&mut **tx)
    .await
    .context("Failed to take the mailings due")
}

/// Mailings still being queued (a server stopped halfway).
pub async fn sending<'e>(executor: impl Executor<'e, Database = Db>) -> anyhow::Result<Vec<i64>> {
    sqlx::query_scalar("SELECT id FROM newsletter_issues WHERE status = 'sending' ORDER BY id")
        .fetch_all(executor)
        .await
        .context("Failed to list the mailings being sent")
}

/// Up to `limit` subscribed addresses mailing `id` was not queued for.
pub async fn undelivered(tx: &mut Transaction<'_>, id: i64, limit: i64) -> anyhow::Result<Vec<SubscriberRow>> {
    sqlx::query_as(
        "SELECT id, email, email_key, locale, state FROM newsletter_subscribers s
         WHERE state = 'subscribed'
           AND NOT EXISTS (SELECT 1 FROM newsletter_deliveries d WHERE d.issue_id = $1 AND d.subscriber_id = s.id)
         ORDER BY id
         LIMIT $2",
    )
    .bind(id)
    .bind(limit)
    .fetch_all(&mut **tx)
    .await
    .context("Failed to list the subscribers a mailing goes to")
}

/// Records the mail queued for a subscriber: by language, for the
/// figures, and as the subscriber's last mailing.
pub async fn record_mail(
    tx: &mut Transaction<'_>,
    id: i64,
    subscriber: i64,
    mail_id: i64,
    locale: Locale,
) -> anyhow::Result<()> {
    sqlx::query("INSERT INTO newsletter_issue_mails (mail_id, issue_id, locale) VALUES ($1, $2, $3)")
        .bind(mail_id)
        .bind(id)
        .bind(locale.as_str())
        .execute(&mut **tx)
        .await
        .context("Failed to record a mailing's mail")?;
    sqlx::query("UPDATE newsletter_subscribers SET last_issue_id = $2 WHERE id = $1")
        .bind(subscriber)
        .bind(id)
        .execute(&mut **tx)
        .await
        .context("Failed to record a subscriber's last mailing")?;
    Ok(())
}

/// Mailing `id` was queued for everyone.
pub async fn finish(tx: &mut Transaction<'_>, id: i64) -> anyhow::Result<()> {
    sqlx::query("UPDATE newsletter_issues SET status = 'sent' WHERE id = $1 AND status = 'sending'")
        .bind(id)
        .execute(&mut **tx)
        .await
        .context("Failed to mark a mailing sent")?;
    Ok(())
}

/// One more open of the mailing whose image is `key`, in `locale`; `false`
/// for a key no sent mailing has.
pub async fn count_open<'e>(
    executor: impl Executor<'e, Database = Db>,
    key: &str,
    locale: Locale,
) -> anyhow::Result<bool> {
    let result = sqlx::query(
        "INSERT INTO newsletter_opens (issue_id, locale, opens)
         SELECT id, $2, 1 FROM newsletter_issues WHERE open_key = $1 AND status IN ('sending', 'sent')
         ON CONFLICT (issue_id, locale) DO UPDATE SET opens = newsletter_opens.opens + 1",
    )
    .bind(key)
    .bind(locale.as_str())
    .execute(executor)
    .await
    .context("Failed to count an open")?;
    Ok(result.rows_affected() > 0)
}

/// A subscriber left the list (`1`) or undid it (`-1`): counted against
/// the last mailing they were sent.
pub async fn count_departure(conn: &mut Connection, subscriber: i64, change: i64) -> anyhow::Result<()> {
    sqlx::query(
        "UPDATE newsletter_issues SET unsubscribes = unsubscribes + $2
         WHERE id = (SELECT last_issue_id FROM newsletter_subscribers WHERE id = $1)
           AND unsubscribes + $2 >= 0",
    )
    .bind(subscriber)
    .bind(change)
    .execute(conn)
    .await
    .context("Failed to count a departure")?;
    Ok(())
}
