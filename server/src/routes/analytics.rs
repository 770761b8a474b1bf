//! `POST /api/analytics/events`: one more in a day's count. The SPA sends
//! events only with the visitor's consent; the server still drops them when
//! the browser asks not to be tracked.

use std::net::SocketAddr;

use anyhow::Context;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode};
use civic_api::analytics::EventRequest;
use civic_api::{ErrorResponse, FieldError, FieldErrors};
use time::OffsetDateTime;

use super::consents::signal_in;
use crate::analytics::{self, statistics};
use crate::error::{ApiError, ApiJson};
use crate::state::AppState;
use crate::storage::analytics::{Tally, count};

#[utoipa::path(post, path = "/api/analytics/events", tag = "privacy",
    request_body = EventRequest,
    responses(
        (status = 204, description = "Counted (day, event, path, network, and the country the trusted proxy reported), or dropped because the request carries `Sec-GPC: 1` or `DNT: 1`. No address, agent, cookie or id is kept"),
        (status = 400, description = "Not the JSON this endpoint takes (e.g. an unknown field)", body = ErrorResponse),
        (status = 403, description = "Sent from another site", body = ErrorResponse),
        (status = 413, description = "Body over 16 KiB", body = ErrorResponse),
        (status = 415, description = "Not application/json", body = ErrorResponse),
        (status = 422, description = "The path is not a canonical path of an existing page (queries are refused), or the network does not fit the event", body = ErrorResponse),
        (status = 429, description = "Too many consent or analytics posts from this client; see Retry-After", body = ErrorResponse),
    ),
)]
#[tracing::instrument(skip_all)]
pub async fn record(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    ApiJson(request): ApiJson<EventRequest>,
) -> Result<StatusCode, ApiError> {
    let event = request.validate().map_err(ApiError::Validation)?;
    if signal_in(&headers).is_some() {
        return Ok(StatusCode::NO_CONTENT);
    }
    if !analytics::page_exists(&state, &event.route).await? {
        let mut errors = FieldErrors::new();
        errors.insert("path".to_owned(), FieldError::Invalid);
        return Err(ApiError::Validation(errors));
    }
    let day = statistics::day(OffsetDateTime::now_utc().date());
    let tally = Tally {
        day: &day,
        kind: event.kind,
        route: &event.route,
        network: event.network,
        country: state.country_header.country(peer.ip(), &headers),
    };
    count(&state.pool, &tally).await.context("Failed to record an event")?;
    Ok(StatusCode::NO_CONTENT)
}
