//! The public, read-only side of petitions: lists, texts, counts. Nothing
//! here says who signed.

use std::sync::Arc;

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::IntoResponse;
use civic_api::petition::{PetitionCount, PetitionDetail, PetitionList};
use civic_api::{ErrorResponse, Locale, Slug};
use serde::Deserialize;

use crate::csv_field;
use crate::error::{ApiError, ApiPath};
use crate::petitions::registry::Petition;
use crate::state::AppState;
use crate::storage;

/// Long enough to spare the server the repeated polls of a viral petition,
/// short enough that the count still looks alive.
const COUNT_CACHE: &str = "public, max-age=5";

#[derive(Debug, Deserialize)]
pub struct LocaleQuery {
    locale: Option<String>,
}

impl LocaleQuery {
    /// The language asked for; a query axum cannot read is answered in the
    /// API's error shape too.
    pub(super) fn locale(query: Result<Query<LocaleQuery>, QueryRejection>) -> Result<Locale, ApiError> {
        let Query(query) = query.map_err(|rejection| ApiError::BadRequest(rejection.body_text()))?;
        match query.locale.as_deref() {
            None => Ok(Locale::DEFAULT),
            Some(code) => Locale::parse(code).map_err(|e| ApiError::BadRequest(format!("locale: {e}"))),
        }
    }
}

fn petition(state: &AppState, slug: &str) -> Result<Arc<Petition>, ApiError> {
    state.petitions.registry().find(slug).cloned().ok_or(ApiError::NotFound)
}

/// `GET /api/petitions`: open petitions first (newest first), then closed.
#[utoipa::path(get, path = "/api/petitions", tag = "petitions",
    params(("locale" = Option<Locale>, Query, description = "The language of the texts; English by default, and for petitions not written in it")),
    responses(
        (status = 200, description = "Every petition with its count", body = PetitionList),
        (status = 400, description = "Unknown locale", body = ErrorResponse),
    ),
)]
pub async fn list(
    State(state): State<AppState>,
    query: Result<Query<LocaleQuery>, QueryRejection>,
) -> Result<Json<PetitionList>, ApiError> {
    let locale = LocaleQuery::locale(query)?;
    Ok(Json(state.petitions.registry().list(locale)))
}

/// `GET /api/petitions/{slug}`: the whole petition in one language.
#[utoipa::path(get, path = "/api/petitions/{slug}", tag = "petitions",
    params(
        ("slug" = Slug, Path, description = "The petition's name in its address"),
        ("locale" = Option<Locale>, Query, description = "The language of the text; English by default, and when the petition is not written in it"),
    ),
    responses(
        (status = 200, description = "The petition, its count and its counts by country", body = PetitionDetail),
        (status = 400, description = "Unknown locale", body = ErrorResponse),
        (status = 404, description = "No such petition", body = ErrorResponse),
    ),
)]
pub async fn show(
    State(state): State<AppState>,
    ApiPath(slug): ApiPath<String>,
    query: Result<Query<LocaleQuery>, QueryRejection>,
) -> Result<Json<PetitionDetail>, ApiError> {
    let locale = LocaleQuery::locale(query)?;
    let detail = state.petitions.detail(&state.pool, &slug, locale).await?;
    detail.map(Json).ok_or(ApiError::NotFound)
}

/// `GET /api/petitions/{slug}/count`: from memory, cacheable for 5 seconds.
#[utoipa::path(get, path = "/api/petitions/{slug}/count", tag = "petitions",
    params(("slug" = Slug, Path, description = "The petition's name in its address")),
    responses(
        (status = 200, description = "Confirmed signatures and the goal shown beside them", body = PetitionCount,
            headers(("Cache-Control" = String, description = "public, max-age=5"))),
        (status = 404, description = "No such petition", body = ErrorResponse),
    ),
)]
pub async fn count(
    State(state): State<AppState>,
    ApiPath(slug): ApiPath<String>,
) -> Result<impl IntoResponse, ApiError> {
    let petition = petition(&state, &slug)?;
    Ok(([(header::CACHE_CONTROL, COUNT_CACHE)], Json(petition.count_now())))
}

/// `GET /api/petitions/{slug}/countries.csv`: the counts by country as a
/// spreadsheet takes them.
#[utoipa::path(get, path = "/api/petitions/{slug}/countries.csv", tag = "petitions",
    params(("slug" = Slug, Path, description = "The petition's name in its address")),
    responses(
        (status = 200, description = "`country_code,country_name,signatures`, most signatures first; English country names",
            content_type = "text/csv", body = String),
        (status = 404, description = "No such petition", body = ErrorResponse),
    ),
)]
pub async fn countries_csv(
    State(state): State<AppState>,
    ApiPath(slug): ApiPath<String>,
) -> Result<impl IntoResponse, ApiError> {
    let petition = petition(&state, &slug)?;
    let by_country = storage::petitions::by_country(&state.pool, petition.id()).await?;
    let mut csv = String::from("country_code,country_name,signatures\r\n");
    for row in by_country {
        csv.push_str(&format!(
            "{},{},{}\r\n",
            row.country.code(),
            csv_field::quoted(row.country.english_name()),
            row.count
        ));
    }
    let disposition = format!("inline; filename=\"{}-countries.csv\"", petition.slug());
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        csv,
    ))
}
