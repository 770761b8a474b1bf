//! `GET /api/statistics`: everything the site counts, for anyone to read.

use axum::Json;
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use civic_api::analytics::Statistics;
use time::OffsetDateTime;

use crate::analytics::statistics::{Period, gather};
use crate::error::ApiError;
use crate::state::AppState;

/// Daily counts change slowly; a minute spares the database a busy page.
const CACHE: &str = "public, max-age=60";

#[utoipa::path(get, path = "/api/statistics", tag = "privacy",
    responses(
        (status = 200, description = "The last 30 days (UTC): page views per day with zero days, top pages, shares by network, the petition funnel, page views by country (rare countries only inside `page_views_other_countries`), confirmed signatures by country and consent rates", body = Statistics,
            headers(("Cache-Control" = String, description = "public, max-age=60"))),
    ),
)]
#[tracing::instrument(skip_all)]
pub async fn show(State(state): State<AppState>) -> Result<impl IntoResponse, ApiError> {
    let period = Period::ending(OffsetDateTime::now_utc().date());
    let statistics = gather(&state.pool, period).await?;
    Ok(([(header::CACHE_CONTROL, CACHE)], Json(statistics)))
}
