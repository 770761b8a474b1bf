use civic_api::health::{Health, HealthStatus, Readiness};
use civic_api::paths;

use crate::helpers::spawn_app;

#[tokio::test]
async fn health_says_the_server_is_alive_with_its_version_even_without_a_database() {
    let app = spawn_app().await;
    app.pool.close().await;

    let response = app.get_health().await;

    assert_eq!(response.status(), 200);
    let health: Health = response.json().await.unwrap();
    assert_eq!(health.status, HealthStatus::Ok);
    assert_eq!(health.version, env!("CARGO_PKG_VERSION"));
}

#[tokio::test]
async fn ready_when_the_database_answers_and_holds_every_migration() {
    let app = spawn_app().await;

    let response = app.get(paths::READY).await;

    assert_eq!(response.status(), 200);
    let readiness: Readiness = response.json().await.unwrap();
    assert_eq!(
        readiness,
        Readiness {
            status: HealthStatus::Ok,
            database: HealthStatus::Ok,
            migrations: HealthStatus::Ok,
        }
    );
}

#[tokio::test]
async fn not_ready_when_a_migration_of_this_build_is_missing() {
    let app = spawn_app().await;
    sqlx::query("DELETE FROM _sqlx_migrations WHERE version = (SELECT MAX(version) FROM _sqlx_migrations)")
        .execute(&app.pool)
        .await
        .unwrap();

    let response = app.get(paths::READY).await;

    assert_eq!(response.status(), 503);
    let readiness: Readiness = response.json().await.unwrap();
    assert_eq!(readiness.status, HealthStatus::Unavailable);
    assert_eq!(readiness.database, HealthStatus::Ok);
    assert_eq!(readiness.migrations, HealthStatus::Unavailable);
}

#[tokio::test]
async fn not_ready_when_the_database_is_gone() {
    let app = spawn_app().await;
    app.pool.close().await;

    let response = app.get(paths::READY).await;

    assert_eq!(response.status(), 503);
    let readiness: Readiness = response.json().await.unwrap();
    assert_eq!(readiness.status, HealthStatus::Unavailable);
    assert_eq!(readiness.database, HealthStatus::Unavailable);
}
