//! The audit log (admins), and the consent log as CSV for an auditor
//! (staff); each export is itself a line of the audit log.

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::IntoResponse;
use civic_api::ErrorResponse;
use civic_api::staff::{AuditAction, AuditEntry};

use super::accounts::PERSONAL;
use super::period::{Period, PeriodQuery};
use crate::accounts::sessions::Staff;
use crate::error::ApiError;
use crate::staff::{Admin, audit};
use crate::state::AppState;
use crate::storage::{consents, staff_actions};

#[derive(Debug, serde::Deserialize)]
pub struct AuditQuery {
    #[serde(default)]
    q: String,
    before: Option<i64>,
}

/// `GET /api/staff/audit`.
#[utoipa::path(get, path = "/api/staff/audit", tag = "staff",
    params(
        ("q" = Option<String>, Query, description = "Words an address, the action's name or its subject holds, any case"),
        ("before" = Option<i64>, Query, description = "Only lines older than this `id`, for the next page"),
    ),
    responses(
        (status = 200, description = "The newest 50 matching lines, newest first", body = Vec<AuditEntry>),
        (status = 401, description = "Not signed in", body = ErrorResponse),
        (status = 403, description = "Not an admin (`forbidden`), or signed in without a passkey (`passkey_required`)", body = ErrorResponse),
    ),
)]
pub async fn log(
    State(state): State<AppState>,
    _admin: Admin,
    query: Result<Query<AuditQuery>, QueryRejection>,
) -> Result<impl IntoResponse, ApiError> {
    let Query(query) = query.map_err(|e| ApiError::BadRequest(e.body_text()))?;
    let entries = staff_actions::search(&state.pool, &staff_actions::page(&query.q, query.before)).await?;
    Ok(([PERSONAL], Json(entries)))
}

#[derive(Debug, serde::Deserialize)]
pub struct AuditCsvQuery {
    #[serde(default)]
    q: String,
}

/// `GET /api/staff/audit.csv`.
#[utoipa::path(get, path = "/api/staff/audit.csv", tag = "staff",
    params(("q" = Option<String>, Query, description = "As for the log: only the matching lines")),
    responses(
        (status = 200, description = "Every matching line, newest first; the export is itself recorded first", content_type = "text/csv", body = String),
        (status = 401, description = "Not signed in", body = ErrorResponse),
        (status = 403, description = "Not an admin (`forbidden`), or signed in without a passkey (`passkey_required`)", body = ErrorResponse),
    ),
)]
pub async fn log_csv(
    State(state): State<AppState>,
    Admin(admin): Admin,
    query: Result<Query<AuditCsvQuery>, QueryRejection>,
) -> Result<impl IntoResponse, ApiError> {
    let Query(query) = query.map_err(|e| ApiError::BadRequest(e.body_text()))?;
    let subject = if query.q.trim().is_empty() {
        String::new()
    } else {
        format!("search: {}", query.q.trim())
    };
    audit::record_export(&state.pool, admin.account.id, AuditAction::AuditExported, &subject).await?;
    let entries = staff_actions::search(
        &state.pool,
        &staff_actions::Search {
            text: &query.q,
            before: None,
            limit: None,
        },
    )
    .await?;
    Ok(super::period::csv_file(
        "audit-log.csv".to_owned(),
        audit::csv(&entries),
    ))
}

/// `GET /api/staff/consents.csv?from=…&to=…`.
#[utoipa::path(get, path = "/api/staff/consents.csv", tag = "staff",
    params(
        ("from" = String, Query, description = "The first day, YYYY-MM-DD (UTC)"),
        ("to" = String, Query, description = "The last day, included, YYYY-MM-DD (UTC)"),
    ),
    responses(
        (status = 200, description = "Every cookie decision of the period, oldest first: its random id, choices, policy revision, privacy signal and time; nothing that names a person", content_type = "text/csv", body = String),
        (status = 400, description = "A day is not YYYY-MM-DD, or the period ends before it starts", body = ErrorResponse),
        (status = 401, description = "Not signed in", body = ErrorResponse),
        (status = 403, description = "Not staff (`forbidden`), or signed in without a passkey (`passkey_required`)", body = ErrorResponse),
    ),
)]
pub async fn consents_csv(
    State(state): State<AppState>,
    Staff(staff): Staff,
    query: Result<Query<PeriodQuery>, QueryRejection>,
) -> Result<impl IntoResponse, ApiError> {
    let period = Period::from_query(query)?;
    audit::record_export(
        &state.pool,
        staff.account.id,
        AuditAction::ConsentsExported,
        &period.to_string(),
    )
    .await?;
    let decisions = consents::between(&state.pool, &period.start(), &period.end()).await?;
    Ok(super::period::csv_file(
        period.file_name("consents"),
        crate::staff::consent_log::csv(&decisions),
    ))
}
