//! A survey's results: its counted responses tallied by civic-api's
//! `tally`, which publishes counts only.

use crate::db::Pool;
use anyhow::Context;
use civic_api::Locale;
use civic_api::survey::{SurveyResults, tally};

use super::registry::{Registry, SurveyEntry};
use crate::config::Config;
use crate::db;
use crate::storage::surveys::counted_answers;

/// The results so far in `locale` (English where the survey lacks it),
/// whether or not the survey publishes them: callers decide who sees them.
pub async fn results(pool: &Pool, survey: &SurveyEntry, locale: Locale) -> anyhow::Result<SurveyResults> {
    let answers = counted_answers(pool, survey.id()).await?;
    Ok(tally(survey.in_locale(locale), &answers))
}

/// `civic-server survey-results <slug>`: the results as CSV for staff,
/// private ones included, against the definitions the server last loaded.
pub async fn export(config: &Config, slug: &str, locale: Locale) -> anyhow::Result<String> {
    let pool = db::connect_for_command(&config.database_url).await?;
    let exported = async {
        let registry = Registry::load(&pool).await?;
        let survey = registry.find(slug).with_context(|| {
            format!("No survey is named {slug:?}; the server knows a survey once it has started with its folder in content/surveys")
        })?;
        let results = results(&pool, &survey, locale).await?;
        anyhow::Ok(super::csv::results_csv(&results))
    }
    .await;
    pool.close().await;
    exported
}
