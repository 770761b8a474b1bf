//! `GET /api/statistics`: everything the site counts, for anyone to read.

use axum::Json;
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use civic_api::analytics::{StaffStatistics, Statistics};
use time::OffsetDateTime;

use crate::accounts::sessions::Staff;
use crate::analytics::statistics::{Period, gather, gather_for_staff};
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

/// `GET /api/staff/statistics`.
#[utoipa::path(get, path = "/api/staff/statistics", tag = "staff",
    responses(
        (status = 200, description = "The public statistics of the last 30 days, each petition's funnel (viewed, signed, confirmed; its languages together) and the sources of the signatures confirmed in them", body = StaffStatistics),
        (status = 401, description = "Not signed in", body = civic_api::ErrorResponse),
        (status = 403, description = "Not staff, or signed in without a passkey", body = civic_api::ErrorResponse),
    ),
)]
pub async fn staff_show(State(state): State<AppState>, _staff: Staff) -> Result<impl IntoResponse, ApiError> {
    let period = Period::ending(OffsetDateTime::now_utc().date());
    let statistics = gather_for_staff(&state.pool, period).await?;
    Ok(([super::accounts::PERSONAL], Json(statistics)))
}
