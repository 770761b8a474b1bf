//! A member's dues: where they stand, paying a tier, and the provider's
//! page to change or cancel them.

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use civic_api::ErrorResponse;
use civic_api::donation::CheckoutStarted;
use civic_api::dues::{DuesRequest, DuesView, PortalLink};

use super::accounts::PERSONAL;
use super::petitions::LocaleQuery;
use crate::accounts::sessions::SignedIn;
use crate::error::{ApiError, ApiJson};
use crate::state::AppState;

/// `GET /api/account/dues?locale=…`.
#[utoipa::path(get, path = "/api/account/dues", tag = "accounts",
    params(("locale" = String, Query, description = "The language of the tiers' names")),
    responses(
        (status = 200, description = "The member's dues: status, next payment, payments with their receipts, and the tiers", body = DuesView),
        (status = 401, description = "Not signed in", body = ErrorResponse),
    ),
)]
pub async fn show(
    State(state): State<AppState>,
    signed_in: SignedIn,
    query: Result<Query<LocaleQuery>, QueryRejection>,
) -> Result<impl IntoResponse, ApiError> {
    let locale = LocaleQuery::locale(query)?;
    let view = state.payments.dues(&state.pool, &signed_in.account, locale).await?;
    Ok(([PERSONAL], Json(view)))
}

/// `POST /api/account/dues`.
#[utoipa::path(post, path = "/api/account/dues", tag = "accounts",
    request_body = DuesRequest,
    responses(
        (status = 201, description = "Checkout started: send the member to `checkout_url`", body = CheckoutStarted),
        (status = 200, description = "A retry with the same idempotency key: the same checkout", body = CheckoutStarted),
        (status = 401, description = "Not signed in", body = ErrorResponse),
        (status = 422, description = "A tier or currency the organisation does not offer", body = ErrorResponse),
        (status = 503, description = "The payment provider could not be reached: nothing was charged", body = ErrorResponse),
    ),
)]
#[tracing::instrument(skip_all)]
pub async fn start(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiJson(request): ApiJson<DuesRequest>,
) -> Result<(StatusCode, Json<CheckoutStarted>), ApiError> {
    let (status, started) = state.payments.start_dues(&state, &signed_in.account, &request).await?;
    Ok((status, Json(started)))
}

/// `POST /api/account/dues/portal`.
#[utoipa::path(post, path = "/api/account/dues/portal", tag = "accounts",
    responses(
        (status = 200, description = "The provider's page where the member changes or cancels their dues", body = PortalLink),
        (status = 401, description = "Not signed in", body = ErrorResponse),
        (status = 404, description = "No dues to manage", body = ErrorResponse),
        (status = 503, description = "The payment provider could not be reached", body = ErrorResponse),
    ),
)]
pub async fn portal(State(state): State<AppState>, signed_in: SignedIn) -> Result<impl IntoResponse, ApiError> {
    let url = state.payments.dues_portal(&state.pool, &signed_in.account).await?;
    Ok(([PERSONAL], Json(PortalLink { url })))
}
