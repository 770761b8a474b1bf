//! `/api/health` (the process answers) and `/api/ready` (it can serve:
//! its database answers and is migrated for this build).

use std::time::Duration;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use civic_api::health::{Health, HealthStatus, Readiness};

use crate::db;
use crate::state::AppState;

/// How long the database may take to answer the readiness check.
const PROBE_TIMEOUT: Duration = Duration::from_secs(2);

/// Answers while the server runs, whatever its database does.
#[utoipa::path(get, path = "/api/health", tag = "site", responses(
    (status = 200, description = "The server is alive", body = Health),
))]
pub async fn check() -> Json<Health> {
    Json(Health {
        status: HealthStatus::Ok,
        version: env!("CARGO_PKG_VERSION").to_owned(),
    })
}

/// Answers 503 when the database does not answer, or lacks a migration
/// this build needs, so a load balancer sends visitors elsewhere.
#[utoipa::path(get, path = "/api/ready", tag = "site", responses(
    (status = 200, description = "The database answers and holds every migration of this build", body = Readiness),
    (status = 503, description = "The database does not answer, or lacks a migration", body = Readiness),
))]
pub async fn ready(State(state): State<AppState>) -> (StatusCode, Json<Readiness>) {
    let probe = tokio::time::timeout(PROBE_TIMEOUT, db::migrations_applied(&state.pool)).await;
    let (database, migrations) = match probe {
        Ok(Ok(true)) => (HealthStatus::Ok, HealthStatus::Ok),
        Ok(Ok(false)) => {
            tracing::warn!("the database lacks a migration of this build");
            (HealthStatus::Ok, HealthStatus::Unavailable)
        }
        Ok(Err(error)) => {
            tracing::warn!(error = ?error, "the readiness check failed");
            (HealthStatus::Unavailable, HealthStatus::Unavailable)
        }
        Err(_) => {
            tracing::warn!("the readiness check timed out");
            (HealthStatus::Unavailable, HealthStatus::Unavailable)
        }
    };
    let ready = database == HealthStatus::Ok && migrations == HealthStatus::Ok;
    let (status, code) = match ready {
        true => (HealthStatus::Ok, StatusCode::OK),
        false => (HealthStatus::Unavailable, StatusCode::SERVICE_UNAVAILABLE),
    };
    let readiness = Readiness {
        status,
        database,
        migrations,
    };
    (code, Json(readiness))
}
