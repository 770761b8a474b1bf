use civic_api::health::{Health, HealthStatus};

use crate::helpers::spawn_app;

#[tokio::test]
async fn health_reports_the_version_and_a_working_database() {
    let app = spawn_app().await;

    let response = app.get_health().await;

    assert_eq!(response.status(), 200);
    let health: Health = response.json().await.unwrap();
    assert_eq!(health.status, HealthStatus::Ok);
    assert_eq!(health.database, HealthStatus::Ok);
    assert_eq!(health.version, env!("CARGO_PKG_VERSION"));
}

#[tokio::test]
async fn health_answers_503_when_the_database_is_gone() {
    let app = spawn_app().await;
    app.pool.close().await;

    let response = app.get_health().await;

    assert_eq!(response.status(), 503);
    let health: Health = response.json().await.unwrap();
    assert_eq!(health.status, HealthStatus::Unavailable);
    assert_eq!(health.database, HealthStatus::Unavailable);
}
