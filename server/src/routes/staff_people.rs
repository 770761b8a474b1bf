//! The console's people section (admins): find accounts by address,
//! change a role, end an account's sessions, erase it.

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use civic_api::ErrorResponse;
use civic_api::staff::{AccountAction, RoleChange, StaffAccount};

use super::accounts::PERSONAL;
use crate::error::{ApiError, ApiJson, ApiPath};
use crate::staff::{Admin, people};
use crate::state::AppState;
use crate::storage;

#[derive(Debug, serde::Deserialize)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
}

/// `GET /api/staff/accounts?q=`.
#[utoipa::path(get, path = "/api/staff/accounts", tag = "staff",
    params(("q" = Option<String>, Query, description = "Part of an address, any case; empty lists staff first")),
    responses(
        (status = 200, description = "Up to 20 accounts whose address holds `q`, staff first", body = Vec<StaffAccount>),
        (status = 401, description = "Not signed in", body = ErrorResponse),
        (status = 403, description = "Not an admin (`forbidden`), or signed in without a passkey (`passkey_required`)", body = ErrorResponse),
    ),
)]
pub async fn search(
    State(state): State<AppState>,
    _admin: Admin,
    query: Result<Query<SearchQuery>, QueryRejection>,
) -> Result<impl IntoResponse, ApiError> {
    let Query(query) = query.map_err(|e| ApiError::BadRequest(e.body_text()))?;
    let found = storage::people::search(&state.pool, &query.q).await?;
    Ok(([PERSONAL], Json(found)))
}

/// `PUT /api/staff/accounts/{id}/role`.
#[utoipa::path(put, path = "/api/staff/accounts/{id}/role", tag = "staff",
    params(("id" = i64, Path, description = "The account's number")),
    request_body = RoleChange,
    responses(
        (status = 200, description = "The account with its new role (its sessions ended), or as it stands after a retry", body = StaffAccount),
        (status = 401, description = "Not signed in", body = ErrorResponse),
        (status = 403, description = "Not an admin, signed in without a passkey, or the admin's own account", body = ErrorResponse),
        (status = 404, description = "No such account", body = ErrorResponse),
        (status = 409, description = "Its role is no longer `from` (someone changed it), or the account is not open yet", body = ErrorResponse),
    ),
)]
pub async fn change_role(
    State(state): State<AppState>,
    Admin(admin): Admin,
    ApiPath(id): ApiPath<i64>,
    ApiJson(change): ApiJson<RoleChange>,
) -> Result<impl IntoResponse, ApiError> {
    let account = people::change_role(&state.pool, &admin, id, &change).await?;
    Ok(([PERSONAL], Json(account)))
}

/// `POST /api/staff/accounts/{id}/session-ends`.
#[utoipa::path(post, path = "/api/staff/accounts/{id}/session-ends", tag = "staff",
    params(("id" = i64, Path, description = "The account's number")),
    request_body = AccountAction,
    responses(
        (status = 200, description = "Every browser signed in to the account is signed out", body = StaffAccount),
        (status = 401, description = "Not signed in", body = ErrorResponse),
        (status = 403, description = "Not an admin, signed in without a passkey, or the admin's own account", body = ErrorResponse),
        (status = 404, description = "No such account", body = ErrorResponse),
    ),
)]
pub async fn end_sessions(
    State(state): State<AppState>,
    Admin(admin): Admin,
    ApiPath(id): ApiPath<i64>,
    ApiJson(request): ApiJson<AccountAction>,
) -> Result<impl IntoResponse, ApiError> {
    let account = people::end_sessions(&state.pool, &admin, id, &request).await?;
    Ok(([PERSONAL], Json(account)))
}

/// `POST /api/staff/accounts/{id}/erasure`.
#[utoipa::path(post, path = "/api/staff/accounts/{id}/erasure", tag = "staff",
    params(("id" = i64, Path, description = "The account's number")),
    request_body = AccountAction,
    responses(
        (status = 204, description = "Erased, as a member erases their own account (also the answer to a retry)"),
        (status = 401, description = "Not signed in", body = ErrorResponse),
        (status = 403, description = "Not an admin, signed in without a passkey, or the admin's own account", body = ErrorResponse),
        (status = 404, description = "No such account", body = ErrorResponse),
    ),
)]
pub async fn erase(
    State(state): State<AppState>,
    Admin(admin): Admin,
    ApiPath(id): ApiPath<i64>,
    ApiJson(request): ApiJson<AccountAction>,
) -> Result<StatusCode, ApiError> {
    people::erase(&state.pool, &admin, id, &request).await?;
    Ok(StatusCode::NO_CONTENT)
}
