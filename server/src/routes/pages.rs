use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use civic_api::page::Page;
use civic_api::{ErrorResponse, Locale, Slug};

use crate::accounts::sessions::SignedIn;
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
        (status = 401, description = "A page for members only, asked for without a session", body = ErrorResponse),
        (status = 404, description = "No such page in this language", body = ErrorResponse),
    ),
)]
pub async fn show(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiPath((locale, slug)): ApiPath<(String, String)>,
) -> Result<Response, ApiError> {
    let locale = Locale::parse(&locale).map_err(|_| ApiError::NotFound)?;
    let slug = Slug::parse(&slug).map_err(|_| ApiError::NotFound)?;
    let page: Page = storage::pages::find(&state.pool, locale, &slug)
        .await?
        .ok_or(ApiError::NotFound)?;
    if !page.members_only {
        return Ok(Json(page).into_response());
    }
    let now = time::OffsetDateTime::now_utc();
    if SignedIn::of(&state, &headers, now).await?.is_none() {
        return Err(ApiError::Unauthorized);
    }
    // What members read stays in their own browser's cache.
    Ok(([(header::CACHE_CONTROL, "private, no-store")], Json(page)).into_response())
}
