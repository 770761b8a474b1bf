//! Giving: the offer, starting a checkout, a gift's state, the provider's
//! signed events, and the treasurer's export.

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use civic_api::ErrorResponse;
use civic_api::donation::{CheckoutStarted, DonationOffer, DonationRequest, DonationView};
use civic_api::staff::AuditAction;

use super::accounts::PERSONAL;
use super::period::{Period, PeriodQuery, csv_file};
use crate::error::{ApiError, ApiJson, ApiPath};
use crate::payments::webhook::{self, WebhookRefused};
use crate::staff::{Admin, audit};
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
    // Payers' addresses: admins only, as every export of addresses.
    Admin(admin): Admin,
    query: Result<Query<PeriodQuery>, QueryRejection>,
) -> Result<impl IntoResponse, ApiError> {
    let period = Period::from_query(query)?;
    audit::record_export(
        &state.pool,
        admin.account.id,
        AuditAction::PaymentsExported,
        &period.to_string(),
    )
    .await?;
    let payments = donations::payments_between(&state.pool, &period.start(), &period.end()).await?;
    Ok(csv_file(
        period.file_name("payments"),
        crate::payments::ledger::csv(&payments),
    ))
}
