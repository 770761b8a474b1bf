//! The `surveys` and `survey_translations` tables (what `content/surveys`
//! says), and the counted answers that results are made of.

use std::collections::BTreeSet;

use crate::db::{Connection, Db, Flag};
use anyhow::Context;
use civic_api::survey::{Answers, Limit, Survey};
use sqlx::Executor;

use crate::content::surveys::SourceSurvey;
use crate::db::Transaction;

/// What a start-up changed, for the log.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct SyncSummary {
    pub added: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub removed: u64,
    /// Changed in the console: the files no longer change them.
    pub kept: u64,
}

/// Makes the tables hold `surveys`, except those changed in the console,
/// which stay as staff left them. A survey keeps its id (and so its
/// responses) across restarts. A survey removed from `content/` goes too,
/// unless people answered it: then the start-up stops rather than lose
/// their answers.
/// How the files meet the stored surveys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sync {
    /// At start-up: files add and update the surveys nobody changed in the
    /// console, and a survey whose folder is gone (and nobody answered) goes.
    Seed,
    /// `content import`: every file is taken, over console changes, and
    /// surveys only in the database stay.
    Import,
}

#[tracing::instrument(skip_all, fields(surveys = surveys.len()))]
pub async fn sync(tx: &mut Transaction<'_>, surveys: &[SourceSurvey], mode: Sync) -> anyhow::Result<SyncSummary> {
    let mut summary = SyncSummary::default();
    for survey in surveys {
        let english = survey.english();
        let found: Option<(i64, Option<String>)> = sqlx::query_as("SELECT id, edited_at FROM surveys WHERE slug = $1")
            .bind(survey.slug.as_str())
            .fetch_optional(&mut **tx)
            .await
            .context("Failed to look up a survey")?;
        if let (Some((_, Some(_))), Sync::Seed) = (&found, mode) {
            tracing::info!(survey = %survey.slug, "the survey was changed in the console: the edit is kept");
            summary.kept += 1;
            continue;
        }
        let stored = found.map(|(id, _)| id);
        let (id, mut changed) = match stored {
            Some(id) => {
                let updated = sqlx::query(
                    "UPDATE surveys SET answer_limit = $1, results_public = $2, closed = $3, opened_on = $4,
                         edited_at = NULL
                     WHERE id = $5
                       AND (answer_limit <> $1 OR results_public <> $2 OR closed <> $3 OR opened_on <> $4
                            OR edited_at IS NOT NULL)",
                )
                .bind(limit_name(english.limit))
                .bind(Flag(english.results_public))
                .bind(Flag(english.closed))
                .bind(&english.opened_on)
                .bind(id)
                .execute(&mut **tx)
                .await
                .with_context(|| format!("Failed to update the survey {}", survey.slug))?;
                (id, updated.rows_affected() > 0)
            }
            None => {
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO surveys (slug, answer_limit, results_public, closed, opened_on)
                     VALUES ($1, $2, $3, $4, $5) RETURNING id",
                )
                .bind(survey.slug.as_str())
                .bind(limit_name(english.limit))
                .bind(Flag(english.results_public))
                .bind(Flag(english.closed))
                .bind(&english.opened_on)
                .fetch_one(&mut **tx)
                .await
                .with_context(|| format!("Failed to store the survey {}", survey.slug))?;
                summary.added += 1;
                (id, false)
            }
        };
        changed |= store_translations(tx, id, survey).await?;
        if stored.is_some() {
            if changed {
                sqlx::query("UPDATE surveys SET version = version + 1 WHERE id = $1")
                    .bind(id)
                    .execute(&mut **tx)
                    .await
                    .context("Failed to mark a survey changed")?;
                summary.updated += 1;
            } else {
                summary.unchanged += 1;
            }
        }
    }
    if mode == Sync::Seed {
        summary.removed = remove_others(tx, surveys).await?;
    }
    Ok(summary)
}

/// Writes each language's definition where it differs; returns whether
/// anything changed.
async fn store_translations(tx: &mut Transaction<'_>, id: i64, survey: &SourceSurvey) -> anyhow::Result<bool> {
    let mut changed = false;
    for translation in &survey.translations {
        let definition = serde_json::to_string(translation).context("Failed to write a survey as JSON")?;
        let written = sqlx::query(
            "INSERT INTO survey_translations (survey_id, locale, definition) VALUES ($1, $2, $3)
             ON CONFLICT (survey_id, locale) DO UPDATE SET definition = excluded.definition
             WHERE survey_translations.definition <> excluded.definition",
        )
        .bind(id)
        .bind(translation.locale.as_str())
        .bind(&definition)
        .execute(&mut **tx)
        .await
        .with_context(|| format!("Failed to store the {} version of {}", translation.locale, survey.slug))?;
        changed |= written.rows_affected() > 0;
    }
    let locales: BTreeSet<&str> = survey.translations.iter().map(|t| t.locale.as_str()).collect();
    let stored: Vec<String> = sqlx::query_scalar("SELECT locale FROM survey_translations WHERE survey_id = $1")
        .bind(id)
        .fetch_all(&mut **tx)
        .await
        .context("Failed to list a survey's languages")?;
    for locale in stored.iter().filter(|locale| !locales.contains(locale.as_str())) {
        sqlx::query("DELETE FROM survey_translations WHERE survey_id = $1 AND locale = $2")
            .bind(id)
            .bind(locale)
            .execute(&mut **tx)
            .await
            .with_context(|| format!("Failed to remove the {locale} version of {}", survey.slug))?;
        changed = true;
    }
    Ok(changed)
}

async fn remove_others(tx: &mut Transaction<'_>, surveys: &[SourceSurvey]) -> anyhow::Result<u64> {
    let wanted: BTreeSet<&str> = surveys.iter().map(|survey| survey.slug.as_str()).collect();
    let stored: Vec<(i64, String)> = sqlx::query_as("SELECT id, slug FROM surveys WHERE edited_at IS NULL")
        .fetch_all(&mut **tx)
        .await
        .context("Failed to list the stored surveys")?;
    let mut removed = 0;
    for (id, slug) in stored.into_iter().filter(|(_, slug)| !wanted.contains(slug.as_str())) {
        let responses: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM survey_responses WHERE survey_id = $1")
            .bind(id)
            .fetch_one(&mut **tx)
            .await
            .context("Failed to count a survey's responses")?;
        anyhow::ensure!(
            responses == 0,
            "content/surveys/{slug} is gone but {responses} responses to it are stored: put it back \
             (with `closed = true` to stop new answers)"
        );
        for statement in [
            "DELETE FROM survey_translations WHERE survey_id = $1",
            "DELETE FROM surveys WHERE id = $1",
        ] {
            sqlx::query(statement)
                .bind(id)
                .execute(&mut **tx)
                .await
                .with_context(|| format!("Failed to remove the survey {slug}"))?;
        }
        removed += 1;
    }
    Ok(removed)
}

/// How many surveys there are and the sum of their versions: changes when
/// any survey is added, changed or removed.
pub async fn stamp<'e>(executor: impl Executor<'e, Database = Db>) -> anyhow::Result<(i64, i64)> {
    sqlx::query_as("SELECT COUNT(*), CAST(COALESCE(SUM(version), 0) AS BIGINT) FROM surveys")
        .fetch_one(executor)
        .await
        .context("Failed to read the surveys' versions")
}

/// How `surveys.answer_limit` names a limit.
pub fn limit_name(limit: Limit) -> &'static str {
    match limit {
        Limit::Anonymous => "anonymous",
        Limit::Email => "email",
        Limit::Invitation => "invitation",
    }
}

/// A survey as stored: its id and every language's definition.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredSurvey {
    pub id: i64,
    pub translations: Vec<Survey>,
}

/// Every survey with its definitions, for the in-memory registry.
pub async fn load_all(conn: &mut Connection) -> anyhow::Result<Vec<StoredSurvey>> {
    let rows: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT s.id, t.locale, t.definition FROM surveys s
         JOIN survey_translations t ON t.survey_id = s.id ORDER BY s.id",
    )
    .fetch_all(&mut *conn)
    .await
    .context("Failed to read the surveys")?;
    let mut surveys: Vec<StoredSurvey> = Vec::new();
    for (id, locale, definition) in rows {
        let survey: Survey = serde_json::from_str(&definition)
            .with_context(|| format!("The stored {locale} definition of survey {id} is not a survey"))?;
        match surveys.last_mut() {
            Some(last) if last.id == id => last.translations.push(survey),
            _ => surveys.push(StoredSurvey {
                id,
                translations: vec![survey],
            }),
        }
    }
    Ok(surveys)
}

/// The answers of every counted response to a survey: never the pending
/// ones nobody confirmed.
pub async fn counted_answers<'e>(
    executor: impl Executor<'e, Database = Db>,
    survey_id: i64,
) -> anyhow::Result<Vec<Answers>> {
    let rows: Vec<String> = sqlx::query_scalar(
        "SELECT answers FROM survey_responses WHERE survey_id = $1 AND state = 'counted' ORDER BY id",
    )
    .bind(survey_id)
    .fetch_all(executor)
    .await
    .context("Failed to read a survey's responses")?;
    rows.iter()
        .map(|answers| serde_json::from_str(answers).context("A stored response is not valid answers JSON"))
        .collect()
}
