use serde::{Deserialize, Serialize};

/// `GET /api/health`: the server is alive. It answers while the process
/// runs, whatever its database does (that is `Readiness`'): a supervisor
/// restarts a server that stops answering, not one whose database is away.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    pub status: HealthStatus,
    pub version: String,
}

/// `GET /api/ready`: whether this server can serve visitors now: its
/// database answers, and holds every migration this build needs. A load
/// balancer sends visitors only to ready servers.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Readiness {
    pub status: HealthStatus,
    pub database: HealthStatus,
    pub migrations: HealthStatus,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HealthStatus {
    Ok,
    Unavailable,
}
