use axum::Json;
use axum::extract::State;
use civic_api::page::Page;
use civic_api::{ErrorResponse, Locale, Slug};

use crate::error::{ApiError, ApiPath};
use crate::state::AppState;
use crate::storage;

/// `GET /api/pages/{locale}/{slug}`: an unknown language or a malformed
/// slug is just another page that does not exist.
#[utoipa::path(get, path = "/api/pages/{locale}/{slug}", tag = "pages",
    params(
        ("locale" = Locale, Path, description = "The page's language"),
        ("slug" = Slug, Path, description = "The page's name in its address"),
    ),
    responses(
        (status = 200, description = "The page, its HTML rendered and sanitised", body = Page),
        (status = 404, description = "No such page in this language", body = ErrorResponse),
    ),
)]
pub async fn show(
    State(state): State<AppState>,
    ApiPath((locale, slug)): ApiPath<(String, String)>,
) -> Result<Json<Page>, ApiError> {
    let locale = Locale::parse(&locale).map_err(|_| ApiError::NotFound)?;
    let slug = Slug::parse(&slug).map_err(|_| ApiError::NotFound)?;
    let page = storage::pages::find(&state.pool, locale, &slug).await?;
    page.map(Json).ok_or(ApiError::NotFound)
}
