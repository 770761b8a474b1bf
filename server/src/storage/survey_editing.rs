//! The console's side of the `surveys` and `survey_translations` tables:
//! a survey as staff edit it, a new one, an edit from the version read,
//! opening and closing it. Every write marks the survey edited, so the
//! files in `content/surveys` no longer change it.

use std::collections::HashMap;

use anyhow::Context;
use civic_api::survey::Survey;
use civic_api::survey_editing::CheckedSurvey;
use civic_api::{Locale, Slug};

use crate::db::{Connection, Flag, Transaction};
use crate::storage::surveys::limit_name;

/// A stored survey as staff edit it.
pub struct Stored {
    pub id: i64,
    pub version: i64,
    pub closed: bool,
    pub opened_on: String,
    /// English first.
    pub translations: Vec<Survey>,
}

impl Stored {
    pub fn english(&self) -> Option<&Survey> {
        self.translations
            .first()
            .filter(|survey| survey.locale == Locale::DEFAULT)
    }
}

pub async fn find(conn: &mut Connection, slug: &Slug) -> anyhow::Result<Option<Stored>> {
    let row: Option<(i64, i64, i32, String)> =
        sqlx::query_as("SELECT id, version, closed, opened_on FROM surveys WHERE slug = $1")
            .bind(slug.as_str())
            .fetch_optional(&mut *conn)
            .await
            .context("Failed to read a survey")?;
    let Some((id, version, closed, opened_on)) = row else {
        return Ok(None);
    };
    let definitions: Vec<(String, String)> =
        sqlx::query_as("SELECT locale, definition FROM survey_translations WHERE survey_id = $1")
            .bind(id)
            .fetch_all(&mut *conn)
            .await
            .context("Failed to read a survey's languages")?;
    let mut translations = definitions
        .iter()
        .map(|(locale, definition)| {
            serde_json::from_str::<Survey>(definition)
                .with_context(|| format!("The stored {locale} definition of survey {slug} is not a survey"))
        })
        .collect::<anyhow::Result<Vec<Survey>>>()?;
    translations.sort_by_key(|survey| Locale::ALL.iter().position(|locale| *locale == survey.locale));
    Ok(Some(Stored {
        id,
        version,
        closed: closed != 0,
        opened_on,
        translations,
    }))
}

/// Counted responses per survey id.
pub async fn responses(conn: &mut Connection) -> anyhow::Result<HashMap<i64, u64>> {
    let rows: Vec<(i64, i64)> =
        sqlx::query_as("SELECT survey_id, COUNT(*) FROM survey_responses WHERE state = 'counted' GROUP BY survey_id")
            .fetch_all(conn)
            .await
            .context("Failed to count the surveys' responses")?;
    Ok(rows.into_iter().map(|(id, count)| (id, count.max(0) as u64)).collect())
}

/// Stores a new survey, edited from the start.
pub async fn insert(tx: &mut Transaction<'_>, survey: &CheckedSurvey, now: &str) -> anyhow::Result<i64> {
    let english = survey.english();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO surveys (slug, answer_limit, results_public, closed, opened_on, version, edited_at)
         VALUES ($1, $2, $3, $4, $5, 1, $6) RETURNING id",
    )
    .bind(english.slug.as_str())
    .bind(limit_name(english.limit))
    .bind(Flag(english.results_public))
    .bind(Flag(english.closed))
    .bind(&english.opened_on)
    .bind(now)
    .fetch_one(&mut **tx)
    .await
    .context("Failed to store a survey")?;
    write_translations(tx, id, &survey.translations).await?;
    Ok(id)
}

/// Saves survey `id` read at `version`; `false` when it changed since.
pub async fn save(
    tx: &mut Transaction<'_>,
    id: i64,
    version: i64,
    survey: &CheckedSurvey,
    now: &str,
) -> anyhow::Result<bool> {
    let english = survey.english();
    let result = sqlx::query(
        "UPDATE surveys SET answer_limit = $3, results_public = $4, version = version + 1, edited_at = $5
         WHERE id = $1 AND version = $2",
    )
    .bind(id)
    .bind(version)
    .bind(limit_name(english.limit))
    .bind(Flag(english.results_public))
    .bind(now)
    .execute(&mut **tx)
    .await
    .context("Failed to save a survey")?;
    if result.rows_affected() != 1 {
        return Ok(false);
    }
    write_translations(tx, id, &survey.translations).await?;
    Ok(true)
}

/// Opens or closes survey `id` read at `version` (`translations` already
/// say so); `false` when it changed since.
pub async fn set_closed(
    tx: &mut Transaction<'_>,
    id: i64,
    version: i64,
    closed: bool,
    translations: &[Survey],
    now: &str,
) -> anyhow::Result<bool> {
    let result = sqlx::query(
        "UPDATE surveys SET closed = $3, version = version + 1, edited_at = $4 WHERE id = $1 AND version = $2",
    )
    .bind(id)
    .bind(version)
    .bind(Flag(closed))
    .bind(now)
    .execute(&mut **tx)
    .await
    .context("Failed to open or close a survey")?;
    if result.rows_affected() != 1 {
        return Ok(false);
    }
    write_translations(tx, id, translations).await?;
    Ok(true)
}

async fn write_translations(tx: &mut Transaction<'_>, id: i64, translations: &[Survey]) -> anyhow::Result<()> {
    sqlx::query("DELETE FROM survey_translations WHERE survey_id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await
        .context("Failed to replace a survey's languages")?;
    for survey in translations {
        let definition = serde_json::to_string(survey).context("Failed to write a survey as JSON")?;
        sqlx::query("INSERT INTO survey_translations (survey_id, locale, definition) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(survey.locale.as_str())
            .bind(&definition)
            .execute(&mut **tx)
            .await
            .context("Failed to store a survey's language")?;
    }
    Ok(())
}
