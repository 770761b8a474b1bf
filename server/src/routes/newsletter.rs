//! Signing up for the newsletter, confirming, unsubscribing (from the page
//! or in one click from a mail program), undoing it, and asking for a fresh
//! unsubscribe link.

use std::collections::HashMap;

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use civic_api::ErrorResponse;
use civic_api::newsletter::{AddressReceipt, AddressRequest, SubscriptionStatus};
use civic_api::petition::TokenRequest;

use crate::error::{ApiError, ApiJson};
use crate::newsletter::TokenAction;
use crate::state::AppState;

/// `POST /api/newsletter/subscriptions`.
#[utoipa::path(post, path = "/api/newsletter/subscriptions", tag = "newsletter",
    request_body = AddressRequest,
    responses(
        (status = 202, description = "Check your inbox, whatever the address's state: new and pending addresses get a confirmation link, subscribed ones a note saying so", body = AddressReceipt),
        (status = 400, description = "Not the JSON this endpoint takes (e.g. an unknown field)", body = ErrorResponse),
        (status = 403, description = "Sent from another site", body = ErrorResponse),
        (status = 413, description = "Body over 16 KiB", body = ErrorResponse),
        (status = 415, description = "Not application/json", body = ErrorResponse),
        (status = 422, description = "Some fields were refused; see `fields`", body = ErrorResponse),
        (status = 429, description = "Too many writes from this client; see Retry-After", body = ErrorResponse),
    ),
)]
#[tracing::instrument(skip_all)]
pub async fn subscribe(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<AddressRequest>,
) -> Result<(StatusCode, Json<AddressReceipt>), ApiError> {
    state.newsletter.take_address(&request, false).await?;
    Ok(check_inbox())
}

/// `POST /api/newsletter/unsubscribe-links`.
#[utoipa::path(post, path = "/api/newsletter/unsubscribe-links", tag = "newsletter",
    request_body = AddressRequest,
    responses(
        (status = 202, description = "Check your inbox, whatever the address: a subscribed one gets a fresh unsubscribe link", body = AddressReceipt),
        (status = 400, description = "Not the JSON this endpoint takes", body = ErrorResponse),
        (status = 422, description = "Some fields were refused; see `fields`", body = ErrorResponse),
        (status = 429, description = "Too many writes from this client; see Retry-After", body = ErrorResponse),
    ),
)]
#[tracing::instrument(skip_all)]
pub async fn unsubscribe_links(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<AddressRequest>,
) -> Result<(StatusCode, Json<AddressReceipt>), ApiError> {
    state.newsletter.take_address(&request, true).await?;
    Ok(check_inbox())
}

fn check_inbox() -> (StatusCode, Json<AddressReceipt>) {
    (StatusCode::ACCEPTED, Json(AddressReceipt::CheckInbox))
}

/// `POST /api/newsletter/confirm`.
#[utoipa::path(post, path = "/api/newsletter/confirm", tag = "newsletter",
    request_body(content = TokenRequest, description = "The `n.` token of the confirmation link"),
    responses(
        (status = 200, description = "Subscribed (confirming again answers the same and sends nothing more)", body = SubscriptionStatus),
        (status = 404, description = "A token that is invalid, tampered with, expired, of another kind, or for an address no longer on the list", body = ErrorResponse),
        (status = 429, description = "Too many writes from this client; see Retry-After", body = ErrorResponse),
    ),
)]
#[tracing::instrument(skip_all)]
pub async fn confirm(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<TokenRequest>,
) -> Result<Json<SubscriptionStatus>, ApiError> {
    Ok(Json(
        state.newsletter.follow(TokenAction::Confirm, &request.token).await?,
    ))
}

/// `POST /api/newsletter/unsubscribe`.
#[utoipa::path(post, path = "/api/newsletter/unsubscribe", tag = "newsletter",
    request_body(content = TokenRequest, description = "The `u.` token of an unsubscribe link"),
    responses(
        (status = 200, description = "Unsubscribed (again: the same answer)", body = SubscriptionStatus),
        (status = 404, description = "A token that is invalid, tampered with, expired, of another kind, or for an address no longer on the list", body = ErrorResponse),
        (status = 429, description = "Too many writes from this client; see Retry-After", body = ErrorResponse),
    ),
)]
#[tracing::instrument(skip_all)]
pub async fn unsubscribe(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<TokenRequest>,
) -> Result<Json<SubscriptionStatus>, ApiError> {
    Ok(Json(
        state
            .newsletter
            .follow(TokenAction::Unsubscribe, &request.token)
            .await?,
    ))
}

/// `POST /api/newsletter/resubscribe`.
#[utoipa::path(post, path = "/api/newsletter/resubscribe", tag = "newsletter",
    request_body(content = TokenRequest, description = "The same `u.` token that unsubscribed"),
    responses(
        (status = 200, description = "Subscribed again, without a new confirmation: the token proves the address", body = SubscriptionStatus),
        (status = 404, description = "A token that is invalid, tampered with, expired, of another kind, or for an address no longer on the list", body = ErrorResponse),
        (status = 429, description = "Too many writes from this client; see Retry-After", body = ErrorResponse),
    ),
)]
#[tracing::instrument(skip_all)]
pub async fn resubscribe(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<TokenRequest>,
) -> Result<Json<SubscriptionStatus>, ApiError> {
    Ok(Json(
        state
            .newsletter
            .follow(TokenAction::Resubscribe, &request.token)
            .await?,
    ))
}

/// `POST /api/newsletter/one-click?t=u.…`: RFC 8058. Mail programs send
/// `List-Unsubscribe=One-Click` as a form (`multipart/form-data` or
/// `application/x-www-form-urlencoded`), with no cookie or origin. The body
/// is not read: the signed token alone proves the address, just as on the
/// unsubscribe page. GET is refused, so link scanners that fetch every
/// address in a mail unsubscribe nobody.
#[utoipa::path(post, path = "/api/newsletter/one-click", tag = "newsletter",
    params(("t" = String, Query, description = "The `u.` token from the `List-Unsubscribe` header")),
    request_body(content = String, content_type = "application/x-www-form-urlencoded",
        description = "`List-Unsubscribe=One-Click`"),
    responses(
        (status = 200, description = "Unsubscribed (again: the same answer)", content_type = "text/plain", body = String),
        (status = 404, description = "No token, or one that is invalid, tampered with, expired, of another kind, or for an address no longer on the list", body = ErrorResponse),
        (status = 429, description = "Too many writes from this client; see Retry-After", body = ErrorResponse),
    ),
)]
#[tracing::instrument(skip_all)]
pub async fn one_click(
    State(state): State<AppState>,
    query: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> Result<impl IntoResponse, ApiError> {
    let token = one_click_token(query)?;
    state.newsletter.follow(TokenAction::Unsubscribe, &token).await?;
    Ok(one_click_done())
}

/// The `t` of an RFC 8058 one-click POST; without one, nothing to find.
pub(super) fn one_click_token(
    query: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> Result<String, ApiError> {
    let Ok(Query(mut query)) = query else {
        return Err(ApiError::NotFound);
    };
    query.remove("t").ok_or(ApiError::NotFound)
}

/// What a mail program is answered once it unsubscribed: a line of text.
pub(super) fn one_click_done() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], "Unsubscribed.\n")
}

/// A transparent GIF of one pixel.
const PIXEL: [u8; 43] = [
    0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff,
    0x21, 0xf9, 0x04, 0x01, 0x00, 0x00, 0x00, 0x00, 0x2c, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x02,
    0x02, 0x44, 0x01, 0x00, 0x3b,
];

/// `GET /api/newsletter/opens/{key}/{locale}`.
#[utoipa::path(get, path = "/api/newsletter/opens/{key}/{locale}", tag = "newsletter",
    params(
        ("key" = String, Path, description = "The mailing's image key, the same in every mail of that mailing"),
        ("locale" = String, Path, description = "The language the mail was written in"),
    ),
    responses(
        (status = 200, description = "A transparent pixel, whatever the key: fetching it adds one to the opens of that mailing in that language (when the key is a sent mailing's and this client is within the statistics budget). Nothing of the reader is kept, and no cookie is set", content_type = "image/gif"),
    ),
)]
pub async fn opened(
    State(state): State<AppState>,
    axum::extract::Extension(budget): axum::extract::Extension<crate::rate_limit::Writes>,
    axum::extract::Path((key, locale)): axum::extract::Path<(String, String)>,
    request: axum::extract::Request,
) -> impl IntoResponse {
    if let Ok(locale) = civic_api::Locale::parse(&locale)
        && key.len() == 32
        && budget.allows(&request)
        && let Err(error) = crate::storage::mailings::count_open(&state.pool, &key, locale).await
    {
        tracing::warn!(error = ?error, "an open could not be counted");
    }
    (
        [
            (header::CONTENT_TYPE, "image/gif"),
            // Each open fetches it again, so each open counts.
            (header::CACHE_CONTROL, "no-store"),
        ],
        PIXEL,
    )
}
