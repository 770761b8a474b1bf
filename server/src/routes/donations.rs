//! Giving: the offer, starting a checkout, a gift's state, the provider's
//! signed events, and the treasurer's export.

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use civic_api::ErrorResponse;
use civic_api::account::Role;
use civic_api::donation::{CheckoutStarted, DonationOffer, DonationRequest, DonationView};
use time::format_description::BorrowedFormatItem;
use time::macros::format_description;
use time::{Date, Duration};

use super::accounts::PERSONAL;
use crate::accounts::sessions::Staff;
use crate::db;
use crate::error::{ApiError, ApiJson, ApiPath};
use crate::payments::webhook::{self, WebhookRefused};
use crate::state::AppState;
use crate::storage::donations;

/// `GET /api/donations/offer`.
#[utoipa::path(get, path = "/api/donations/offer", tag = "donations",
    responses((status = 200, description = "The currencies, preset amounts and bounds the donate page offers", body = DonationOffer)),
)]
pub async fn offer(State(state): State<AppState>) -> Json<DonationOffer> {
    Json(state.payments.offer())
}

/// `POST /api/donations`.
#[utoipa::path(post, path = "/api/donations", tag = "donations",
    request_body = DonationRequest,
    responses(
        (status = 201, description = "Checkout started: send the payer to `checkout_url`", body = CheckoutStarted),
        (status = 200, description = "A retry with the same idempotency key: the same checkout", body = CheckoutStarted),
        (status = 422, description = "Some fields were refused (an amount, currency or frequency the offer does not have)", body = ErrorResponse),
        (status = 503, description = "The payment provider could not be reached: nothing was charged", body = ErrorResponse),
    ),
)]
#[tracing::instrument(skip_all)]
pub async fn create(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<DonationRequest>,
) -> Result<(StatusCode, Json<CheckoutStarted>), ApiError> {
    let (status, started) = state.payments.start_gift(&state, &request).await?;
    Ok((status, Json(started)))
}

/// `GET /api/donations/{reference}`.
#[utoipa::path(get, path = "/api/donations/{reference}", tag = "donations",
    params(("reference" = String, Path, description = "The gift's reference, from `CheckoutStarted`")),
    responses(
        (status = 200, description = "The gift as the provider's confirmed events leave it", body = DonationView),
        (status = 404, description = "No gift has this reference", body = ErrorResponse),
    ),
)]
pub async fn show(
    State(state): State<AppState>,
    ApiPath(reference): ApiPath<String>,
) -> Result<impl IntoResponse, ApiError> {
    let view = state
        .payments
        .view(&state.pool, &reference)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(([PERSONAL], Json(view)))
}

/// `POST /api/payments/webhook`: Stripe's signed events (and the
/// sandbox's, the same way).
#[utoipa::path(post, path = "/api/payments/webhook", tag = "donations",
    request_body(content = String, content_type = "application/json", description = "A Stripe event, signed in `Stripe-Signature`"),
    responses(
        (status = 200, description = "Acted on, or already acted on, or of a type not used"),
        (status = 400, description = "Signed, but not an event we can read", body = ErrorResponse),
        (status = 403, description = "Not signed with our secret, or signed more than five minutes ago", body = ErrorResponse),
    ),
)]
pub async fn webhook(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Result<StatusCode, ApiError> {
    let signature = headers.get("stripe-signature").and_then(|value| value.to_str().ok());
    match webhook::receive(&state, signature, &body).await {
        Ok(_) => Ok(StatusCode::OK),
        Err(WebhookRefused::Signature(error)) => {
            tracing::warn!(%error, "payment event refused");
            Err(ApiError::UnsignedEvent)
        }
        Err(WebhookRefused::Unreadable(error)) => Err(ApiError::BadRequest(error.to_string())),
        Err(WebhookRefused::Failed(error)) => Err(ApiError::from(error)),
    }
}

#[derive(Debug, serde::Deserialize)]
pub struct PeriodQuery {
    from: String,
    to: String,
}

const DAY: &[BorrowedFormatItem<'static>] = format_description!("[year]-[month]-[day]");

/// `GET /api/staff/payments.csv?from=…&to=…`.
#[utoipa::path(get, path = "/api/staff/payments.csv", tag = "staff",
    params(
        ("from" = String, Query, description = "The first day, YYYY-MM-DD (UTC)"),
        ("to" = String, Query, description = "The last day, included, YYYY-MM-DD (UTC)"),
    ),
    responses(
        (status = 200, description = "Every payment received in the period, oldest first, for accounting; no card data, as none is ever kept",
            content_type = "text/csv", body = String),
        (status = 400, description = "A day is not YYYY-MM-DD, or the period ends before it starts", body = ErrorResponse),
        (status = 401, description = "Not signed in", body = ErrorResponse),
        (status = 403, description = "Not an admin (`forbidden`), or signed in without a passkey (`passkey_required`)", body = ErrorResponse),
    ),
)]
pub async fn payments_csv(
    State(state): State<AppState>,
    Staff(staff): Staff,
    query: Result<Query<PeriodQuery>, QueryRejection>,
) -> Result<impl IntoResponse, ApiError> {
    // Payers' addresses: admins only, as every export of addresses.
    if staff.account.role != Role::Admin {
        return Err(ApiError::StaffOnly);
    }
    let Query(period) = query.map_err(|e| ApiError::BadRequest(e.body_text()))?;
    let day = |text: &str| {
        Date::parse(text, DAY).map_err(|_| ApiError::BadRequest(format!("{text:?} is not a day such as 2026-12-31")))
    };
    let (from, to) = (day(&period.from)?, day(&period.to)?);
    if to < from {
        return Err(ApiError::BadRequest("The period ends before it starts".to_owned()));
    }
    let start = db::stamp(from.midnight().assume_utc());
    let end = db::stamp((to + Duration::days(1)).midnight().assume_utc());
    let payments = donations::payments_between(&state.pool, &start, &end).await?;
    let disposition = format!("attachment; filename=\"payments-{}-{}.csv\"", period.from, period.to);
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        crate::payments::ledger::csv(&payments),
    ))
}
