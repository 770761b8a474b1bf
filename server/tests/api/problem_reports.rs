use civic_api::problem_report::{ProblemReportReceipt, ProblemReportRequest};
use civic_api::{ErrorCode, FieldError, FieldErrors};

use crate::helpers::{error_body, headers, spawn_app, valid_report};

#[tokio::test]
async fn a_valid_report_is_stored_and_gets_a_reference() {
    let app = spawn_app().await;

    let response = app.post_problem_report(&valid_report()).await;

    assert_eq!(response.status(), 201);
    let receipt: ProblemReportReceipt = response.json().await.unwrap();
    let code = receipt.reference.strip_prefix("PR-").expect("a PR- reference");
    assert_eq!(code.len(), 6);
    let stored: String = sqlx::query_scalar("SELECT page FROM problem_reports WHERE reference = $1")
        .bind(&receipt.reference)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(stored, "/fr/about");
}

#[tokio::test]
async fn a_retry_with_the_same_key_returns_the_first_reference_and_stores_nothing_new() {
    let app = spawn_app().await;
    let report = valid_report();
    let first: ProblemReportReceipt = app.post_problem_report(&report).await.json().await.unwrap();

    let retry = app.post_problem_report(&report).await;

    assert_eq!(retry.status(), 200);
    let second: ProblemReportReceipt = retry.json().await.unwrap();
    assert_eq!(second.reference, first.reference);
    assert_eq!(app.count_problem_reports().await, 1);
}

#[tokio::test]
async fn a_filled_honeypot_looks_accepted_but_stores_nothing() {
    let app = spawn_app().await;
    let report = ProblemReportRequest {
        website: "http://spam.example".into(),
        ..valid_report()
    };

    let response = app.post_problem_report(&report).await;

    assert_eq!(response.status(), 201);
    let receipt: ProblemReportReceipt = response.json().await.unwrap();
    assert!(receipt.reference.starts_with("PR-"));
    assert_eq!(app.count_problem_reports().await, 0);
}

#[tokio::test]
async fn invalid_fields_are_refused_with_422_and_one_code_per_field() {
    let app = spawn_app().await;
    let cases = [
        (
            ProblemReportRequest {
                description: "short".into(),
                ..valid_report()
            },
            "description",
            FieldError::TooShort,
        ),
        (
            ProblemReportRequest {
                description: "   ".into(),
                ..valid_report()
            },
            "description",
            FieldError::Required,
        ),
        (
            ProblemReportRequest {
                description: "x".repeat(4001),
                ..valid_report()
            },
            "description",
            FieldError::TooLong,
        ),
        (
            ProblemReportRequest {
                email: "not-an-address".into(),
                ..valid_report()
            },
            "email",
            FieldError::Invalid,
        ),
        (
            ProblemReportRequest {
                page: "https://evil.example/".into(),
                ..valid_report()
            },
            "page",
            FieldError::Invalid,
        ),
        (
            ProblemReportRequest {
                locale: None,
                ..valid_report()
            },
            "locale",
            FieldError::Required,
        ),
        (
            ProblemReportRequest {
                idempotency_key: "abc".into(),
                ..valid_report()
            },
            "idempotency_key",
            FieldError::TooShort,
        ),
    ];
    for (report, field, code) in cases {
        let response = app.post_problem_report(&report).await;

        assert_eq!(response.status(), 422, "{field} {code}");
        let body = error_body(response).await;
        assert_eq!(body.error.code, ErrorCode::Validation);
        assert_eq!(body.error.fields, FieldErrors::from([(field.to_owned(), code)]));
    }
    assert_eq!(app.count_problem_reports().await, 0);
}

#[tokio::test]
async fn bodies_that_are_not_the_expected_json_are_refused_with_400() {
    let app = spawn_app().await;
    let valid = serde_json::to_value(valid_report()).unwrap();
    let mut unknown_field = valid.clone();
    unknown_field["admin"] = true.into();
    let mut missing_field = valid.clone();
    missing_field.as_object_mut().unwrap().remove("description");
    let mut wrong_type = valid.clone();
    wrong_type["description"] = 42.into();
    let cases = [
        (unknown_field.to_string(), "unknown field"),
        (missing_field.to_string(), "missing field"),
        (wrong_type.to_string(), "number instead of text"),
        ("{\"idempotency_key\":".to_owned(), "truncated JSON"),
        ("".to_owned(), "empty body"),
    ];
    for (body, why) in cases {
        let response = app.post_problem_report_with(body, headers(&[])).await;

        assert_eq!(response.status(), 400, "{why}");
        assert_eq!(error_body(response).await.error.code, ErrorCode::BadRequest, "{why}");
    }
}

#[tokio::test]
async fn a_body_over_16_kib_is_refused_with_413() {
    let app = spawn_app().await;
    let report = ProblemReportRequest {
        description: "x".repeat(17 * 1024),
        ..valid_report()
    };

    let response = app
        .post_problem_report_with(serde_json::to_string(&report).unwrap(), headers(&[]))
        .await;

    assert_eq!(response.status(), 413);
    assert_eq!(error_body(response).await.error.code, ErrorCode::PayloadTooLarge);
}

#[tokio::test]
async fn a_body_that_is_not_json_is_refused_with_415() {
    let app = spawn_app().await;
    let cases = ["text/plain", "application/x-www-form-urlencoded"];
    for content_type in cases {
        let body = serde_json::to_string(&valid_report()).unwrap();

        let response = app
            .post_problem_report_with(body, headers(&[("content-type", content_type)]))
            .await;

        assert_eq!(response.status(), 415, "{content_type}");
        assert_eq!(error_body(response).await.error.code, ErrorCode::UnsupportedMediaType);
    }
}
