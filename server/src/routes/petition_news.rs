//! A petition's news: staff read and post updates; signers stop (or start
//! again) a petition's news with the link in its e-mails, on the site's
//! page or in one click from their mail program.

use std::collections::HashMap;

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use civic_api::ErrorResponse;
use civic_api::petition::TokenRequest;
use civic_api::petition_news::{NewsDesk, NewsDraft, NewsFollowing, PostedNews};

use super::accounts::PERSONAL;
use super::newsletter::{one_click_done, one_click_token};
use crate::accounts::sessions::Staff;
use crate::error::{ApiError, ApiJson, ApiPath};
use crate::petitions::news::NewsAction;
use crate::staff::petition_news;
use crate::state::AppState;

/// An update in four languages at their longest, in any script.
pub const NEWS_BODY_LIMIT: usize = 256 * 1024;

/// `GET /api/staff/petitions/{id}/news`.
#[utoipa::path(get, path = "/api/staff/petitions/{id}/news", tag = "staff",
    params(("id" = i64, Path, description = "The petition's number")),
    responses(
        (status = 200, description = "The petition's updates, newest first, and how many signers the next one reaches", body = NewsDesk),
        (status = 401, description = "Not signed in", body = ErrorResponse),
        (status = 403, description = "Not staff, or signed in without a passkey", body = ErrorResponse),
        (status = 404, description = "No such petition", body = ErrorResponse),
    ),
)]
pub async fn desk(
    State(state): State<AppState>,
    _staff: Staff,
    ApiPath(id): ApiPath<i64>,
) -> Result<impl IntoResponse, ApiError> {
    Ok(([PERSONAL], Json(petition_news::desk(&state, id).await?)))
}

/// `POST /api/staff/petitions/{id}/news`.
#[utoipa::path(post, path = "/api/staff/petitions/{id}/news", tag = "staff",
    params(("id" = i64, Path, description = "The petition's number")),
    request_body = NewsDraft,
    responses(
        (status = 201, description = "Posted on the petition's page and queued for every signer who asked for news (also the answer to a retry, which sends nothing again)", body = PostedNews),
        (status = 401, description = "Not signed in", body = ErrorResponse),
        (status = 403, description = "Not staff, or signed in without a passkey", body = ErrorResponse),
        (status = 404, description = "No such petition", body = ErrorResponse),
        (status = 409, description = "The petition is a draft: it has no page and no signers yet", body = ErrorResponse),
        (status = 422, description = "No English text, a language half written, or a field too long", body = ErrorResponse),
    ),
)]
pub async fn post(
    State(state): State<AppState>,
    Staff(staff): Staff,
    ApiPath(id): ApiPath<i64>,
    ApiJson(draft): ApiJson<NewsDraft>,
) -> Result<impl IntoResponse, ApiError> {
    let posted = petition_news::post(&state, &staff, id, &draft).await?;
    Ok((StatusCode::CREATED, [PERSONAL], Json(posted)))
}

/// `POST /api/petition-news/stop`.
#[utoipa::path(post, path = "/api/petition-news/stop", tag = "petitions",
    request_body(content = TokenRequest, description = "The `f.` token of a news e-mail's link"),
    responses(
        (status = 200, description = "This address gets no more news of that petition (again: the same answer)", body = NewsFollowing),
        (status = 404, description = "A token that is invalid, tampered with, expired, of another kind, or whose signature is gone", body = ErrorResponse),
        (status = 429, description = "Too many writes from this client; see Retry-After", body = ErrorResponse),
    ),
)]
pub async fn stop(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<TokenRequest>,
) -> Result<Json<NewsFollowing>, ApiError> {
    Ok(Json(
        state
            .petitions
            .follow_news(&state.pool, NewsAction::Stop, &request.token)
            .await?,
    ))
}

/// `POST /api/petition-news/restart`.
#[utoipa::path(post, path = "/api/petition-news/restart", tag = "petitions",
    request_body(content = TokenRequest, description = "The same `f.` token that stopped the news"),
    responses(
        (status = 200, description = "This address gets the petition's news again", body = NewsFollowing),
        (status = 404, description = "A token that is invalid, tampered with, expired, of another kind, or whose signature is gone", body = ErrorResponse),
        (status = 429, description = "Too many writes from this client; see Retry-After", body = ErrorResponse),
    ),
)]
pub async fn restart(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<TokenRequest>,
) -> Result<Json<NewsFollowing>, ApiError> {
    Ok(Json(
        state
            .petitions
            .follow_news(&state.pool, NewsAction::Restart, &request.token)
            .await?,
    ))
}

/// `POST /api/petition-news/one-click?t=f.…`: RFC 8058, as the
/// newsletter's: the body is not read, the signed token proves the
/// address, and GET is refused so link scanners stop nobody's news.
#[utoipa::path(post, path = "/api/petition-news/one-click", tag = "petitions",
    params(("t" = String, Query, description = "The `f.` token from the `List-Unsubscribe` header")),
    request_body(content = String, content_type = "application/x-www-form-urlencoded",
        description = "`List-Unsubscribe=One-Click`"),
    responses(
        (status = 200, description = "This address gets no more news of that petition", content_type = "text/plain", body = String),
        (status = 404, description = "No token, or one that is invalid, tampered with, expired, of another kind, or whose signature is gone", body = ErrorResponse),
        (status = 429, description = "Too many writes from this client; see Retry-After", body = ErrorResponse),
    ),
)]
pub async fn one_click(
    State(state): State<AppState>,
    query: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> Result<impl IntoResponse, ApiError> {
    let token = one_click_token(query)?;
    state
        .petitions
        .follow_news(&state.pool, NewsAction::Stop, &token)
        .await?;
    Ok(one_click_done())
}
