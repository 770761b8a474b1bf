use std::time::Duration;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use civic_api::health::{Health, HealthStatus};

use crate::state::AppState;

/// Answers 503 when the database does not, so a load balancer stops
/// sending visitors here.
#[utoipa::path(get, path = "/api/health", tag = "site", responses(
    (status = 200, description = "The server and its database answer", body = Health),
    (status = 503, description = "The database does not answer", body = Health),
))]
pub async fn check(State(state): State<AppState>) -> (StatusCode, Json<Health>) {
    let probe = tokio::time::timeout(Duration::from_secs(2), sqlx::query("SELECT 1").execute(&state.pool)).await;
    let database = match probe {
        Ok(Ok(_)) => HealthStatus::Ok,
        Ok(Err(error)) => {
            tracing::warn!(error = %error, "the database check failed");
            HealthStatus::Unavailable
        }
        Err(_) => {
            tracing::warn!("the database check timed out");
            HealthStatus::Unavailable
        }
    };
    let status = match database {
        HealthStatus::Ok => StatusCode::OK,
        HealthStatus::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
    };
    let health = Health {
        status: database,
        version: env!("CARGO_PKG_VERSION").to_owned(),
        database,
    };
    (status, Json(health))
}
