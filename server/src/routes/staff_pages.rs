//! The console's written pages (editors and admins, with a second factor):
//! the list, one page in every language, and an edit of it.

use axum::Json;
use axum::extract::State;
use axum::response::IntoResponse;
use civic_api::ErrorResponse;
use civic_api::page_editing::{EditablePage, PageEdit, PageLine};

use super::accounts::PERSONAL;
use crate::accounts::sessions::Staff;
use crate::error::{ApiError, ApiJson, ApiPath};
use crate::staff::pages;
use crate::state::AppState;
use crate::storage::page_editing as storage;

/// The privacy policy in four languages at its longest, in any script.
pub const PAGE_BODY_LIMIT: usize = 1024 * 1024;

/// `GET /api/staff/pages`.
#[utoipa::path(get, path = "/api/staff/pages", tag = "staff",
    responses(
        (status = 200, description = "Every written page by its English title, by slug", body = Vec<PageLine>),
        (status = 401, description = "Not signed in", body = ErrorResponse),
        (status = 403, description = "Not staff (`forbidden`), or signed in without a second factor (`passkey_required`)", body = ErrorResponse),
    ),
)]
pub async fn list(State(state): State<AppState>, _staff: Staff) -> Result<impl IntoResponse, ApiError> {
    Ok(([PERSONAL], Json(storage::lines(&state.pool).await?)))
}

/// `GET /api/staff/pages/{slug}`.
#[utoipa::path(get, path = "/api/staff/pages/{slug}", tag = "staff",
    params(("slug" = String, Path, description = "The page's address, such as `about`")),
    responses(
        (status = 200, description = "The page in every language, as staff edit it", body = EditablePage),
        (status = 401, description = "Not signed in", body = ErrorResponse),
        (status = 403, description = "Not staff, or signed in without a second factor", body = ErrorResponse),
        (status = 404, description = "No such page", body = ErrorResponse),
    ),
)]
pub async fn show(
    State(state): State<AppState>,
    _staff: Staff,
    ApiPath(slug): ApiPath<String>,
) -> Result<impl IntoResponse, ApiError> {
    Ok(([PERSONAL], Json(pages::show(&state, &slug).await?)))
}

/// `PUT /api/staff/pages/{slug}`.
#[utoipa::path(put, path = "/api/staff/pages/{slug}", tag = "staff",
    params(("slug" = String, Path, description = "The page's address, such as `about`")),
    request_body = PageEdit,
    responses(
        (status = 200, description = "Saved in every language at its next version (or as it stands after a retry); the public page follows at once, and a new privacy revision asks returning visitors again", body = EditablePage),
        (status = 401, description = "Not signed in", body = ErrorResponse),
        (status = 403, description = "Not staff, or signed in without a second factor", body = ErrorResponse),
        (status = 404, description = "No such page", body = ErrorResponse),
        (status = 409, description = "Someone changed it since `version`: nothing was saved", body = ErrorResponse),
        (status = 422, description = "A language or field is missing or invalid, the privacy policy made for members only, or a revision asked of another page", body = ErrorResponse),
    ),
)]
pub async fn edit(
    State(state): State<AppState>,
    Staff(staff): Staff,
    ApiPath(slug): ApiPath<String>,
    ApiJson(edit): ApiJson<PageEdit>,
) -> Result<impl IntoResponse, ApiError> {
    Ok(([PERSONAL], Json(pages::edit(&state, &staff, &slug, &edit).await?)))
}
