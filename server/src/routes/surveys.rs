//! The public, read-only side of surveys: the list, one survey's form, and
//! its results where the survey publishes them. Nothing here says who
//! answered, nor what anyone wrote.

use std::sync::Arc;

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::IntoResponse;
use civic_api::survey::{Survey, SurveyList, SurveyResults};
use civic_api::{ErrorResponse, Locale, Slug};

use super::petitions::LocaleQuery;
use crate::error::{ApiError, ApiPath};
use crate::state::AppState;
use crate::surveys::{self, SurveyEntry};

/// Results move with every answer, but a busy results page need not ask
/// the database for each visitor.
const RESULTS_CACHE: &str = "public, max-age=30";

fn survey(state: &AppState, slug: &str) -> Result<Arc<SurveyEntry>, ApiError> {
    state.surveys.now().find(slug).ok_or(ApiError::NotFound)
}

/// Private results answer exactly as an unknown survey does.
fn published(state: &AppState, slug: &str) -> Result<Arc<SurveyEntry>, ApiError> {
    let survey = survey(state, slug)?;
    if survey.results_public() {
        Ok(survey)
    } else {
        Err(ApiError::NotFound)
    }
}

/// `GET /api/surveys`: open surveys first (newest first), then closed.
#[utoipa::path(get, path = "/api/surveys", tag = "surveys",
    params(("locale" = Option<Locale>, Query, description = "The language of the texts; English by default, and for surveys not written in it")),
    responses(
        (status = 200, description = "Every survey: title, summary, about how long it takes, how many questions and how many of them are required", body = SurveyList),
        (status = 400, description = "Unknown locale", body = ErrorResponse),
    ),
)]
pub async fn list(
    State(state): State<AppState>,
    query: Result<Query<LocaleQuery>, QueryRejection>,
) -> Result<Json<SurveyList>, ApiError> {
    let locale = LocaleQuery::locale(query)?;
    Ok(Json(state.surveys.now().list(locale)))
}

/// `GET /api/surveys/{slug}`: the whole form in one language.
#[utoipa::path(get, path = "/api/surveys/{slug}", tag = "surveys",
    params(
        ("slug" = Slug, Path, description = "The survey's name in its address"),
        ("locale" = Option<Locale>, Query, description = "The language of the texts; English by default, and when the survey is not written in it"),
    ),
    responses(
        (status = 200, description = "The survey: its sections, questions, conditions and limits", body = Survey),
        (status = 400, description = "Unknown locale", body = ErrorResponse),
        (status = 404, description = "No such survey", body = ErrorResponse),
    ),
)]
pub async fn show(
    State(state): State<AppState>,
    ApiPath(slug): ApiPath<String>,
    query: Result<Query<LocaleQuery>, QueryRejection>,
) -> Result<Json<Survey>, ApiError> {
    let locale = LocaleQuery::locale(query)?;
    Ok(Json(survey(&state, &slug)?.in_locale(locale).clone()))
}

/// `GET /api/surveys/{slug}/results`: counts of the counted responses.
#[utoipa::path(get, path = "/api/surveys/{slug}/results", tag = "surveys",
    params(
        ("slug" = Slug, Path, description = "The survey's name in its address"),
        ("locale" = Option<Locale>, Query, description = "The language of the texts; English by default, and when the survey is not written in it"),
    ),
    responses(
        (status = 200, description = "Counts per question (per row for matrices) over counted responses only; free-text questions give only how many answered", body = SurveyResults,
            headers(("Cache-Control" = String, description = "public, max-age=30"))),
        (status = 400, description = "Unknown locale", body = ErrorResponse),
        (status = 404, description = "No such survey, or its results are not published", body = ErrorResponse),
    ),
)]
#[tracing::instrument(skip_all, fields(slug = %slug))]
pub async fn results(
    State(state): State<AppState>,
    ApiPath(slug): ApiPath<String>,
    query: Result<Query<LocaleQuery>, QueryRejection>,
) -> Result<impl IntoResponse, ApiError> {
    let locale = LocaleQuery::locale(query)?;
    let survey = published(&state, &slug)?;
    let results = surveys::results::results(&state.pool, &survey, locale).await?;
    Ok(([(header::CACHE_CONTROL, RESULTS_CACHE)], Json(results)))
}

/// `GET /api/surveys/{slug}/results.csv`: the same counts as a spreadsheet
/// takes them.
#[utoipa::path(get, path = "/api/surveys/{slug}/results.csv", tag = "surveys",
    params(
        ("slug" = Slug, Path, description = "The survey's name in its address"),
        ("locale" = Option<Locale>, Query, description = "The language of the texts; English by default, and when the survey is not written in it"),
    ),
    responses(
        (status = 200, description = "`question,question_text,row,option,count`: one line per option, per value of a rating or scale, per row and column of a matrix, and one `answered` line per free-text question; every field quoted",
            content_type = "text/csv", body = String,
            headers(("Cache-Control" = String, description = "public, max-age=30"))),
        (status = 400, description = "Unknown locale", body = ErrorResponse),
        (status = 404, description = "No such survey, or its results are not published", body = ErrorResponse),
    ),
)]
#[tracing::instrument(skip_all, fields(slug = %slug))]
pub async fn results_csv(
    State(state): State<AppState>,
    ApiPath(slug): ApiPath<String>,
    query: Result<Query<LocaleQuery>, QueryRejection>,
) -> Result<impl IntoResponse, ApiError> {
    let locale = LocaleQuery::locale(query)?;
    let survey = published(&state, &slug)?;
    let results = surveys::results::results(&state.pool, &survey, locale).await?;
    let disposition = format!("inline; filename=\"{}-results.csv\"", survey.slug());
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, RESULTS_CACHE.to_owned()),
        ],
        surveys::csv::results_csv(&results),
    ))
}
