use civic_api::ErrorCode;

use crate::helpers::{error_body, headers, spawn_app};

#[tokio::test]
async fn unknown_api_paths_answer_404_in_the_error_shape_not_with_the_spa() {
    let app = spawn_app().await;
    for path in [
        "/api",
        "/api/",
        "/api/nothing",
        "/api/pages/en",
        "/api/pages/en/about/extra",
    ] {
        let response = app.get(path).await;

        assert_eq!(response.status(), 404, "{path}");
        assert_eq!(error_body(response).await.error.code, ErrorCode::NotFound, "{path}");
    }
}

#[tokio::test]
async fn a_wrong_method_on_an_api_path_answers_405_in_the_error_shape() {
    let app = spawn_app().await;

    let response = app.client.delete(app.url("/api/health")).send().await.unwrap();

    assert_eq!(response.status(), 405);
    assert_eq!(error_body(response).await.error.code, ErrorCode::MethodNotAllowed);
}

#[tokio::test]
async fn every_error_body_carries_the_request_id_of_its_response() {
    let app = spawn_app().await;

    let response = app.get("/api/nothing").await;

    let header = response.headers()["x-request-id"].to_str().unwrap().to_owned();
    let body = error_body(response).await;
    assert_eq!(body.error.request_id.as_deref(), Some(header.as_str()));
    assert_eq!(header.len(), 36, "a UUID: {header}");
}

#[tokio::test]
async fn a_request_id_sent_by_a_proxy_is_kept() {
    let app = spawn_app().await;

    let response = app
        .get_with("/api/nothing", headers(&[("x-request-id", "edge-42")]))
        .await;

    assert_eq!(response.headers()["x-request-id"], "edge-42");
    assert_eq!(error_body(response).await.error.request_id.as_deref(), Some("edge-42"));
}

#[tokio::test]
async fn an_unexpected_failure_answers_an_opaque_500() {
    let app = spawn_app().await;
    // A bug, not an outage: a table the code reads is gone (a database
    // that is out of reach answers 503, storage_unavailable.rs).
    sqlx::query("DROP TABLE pages").execute(&app.pool).await.unwrap();

    let response = app.get_page("en", "about").await;

    assert_eq!(response.status(), 500);
    let body = error_body(response).await;
    assert_eq!(body.error.code, ErrorCode::Internal);
    assert_eq!(body.error.message, "Something went wrong");
    assert!(body.error.request_id.is_some());
}
