use std::time::Duration;

use civic_api::ErrorCode;
use civic_server::config::RateLimit;

use crate::helpers::{error_body, headers, setup, spawn_app, valid_report};

#[tokio::test]
async fn writes_sent_on_behalf_of_another_site_are_refused_with_403() {
    let app = spawn_app().await;
    let other_port = "http://127.0.0.1:1";
    let cases = [
        (vec![("sec-fetch-site", "cross-site")], "cross-site fetch"),
        (vec![("sec-fetch-site", "same-site")], "sibling subdomain"),
        (vec![("origin", "https://evil.example")], "foreign origin"),
        (vec![("origin", other_port)], "same host, other port"),
        (vec![("origin", "null")], "opaque origin"),
    ];
    for (pairs, why) in cases {
        let body = serde_json::to_string(&valid_report()).unwrap();

        let response = app.post_problem_report_with(body, headers(&pairs)).await;

        assert_eq!(response.status(), 403, "{why}");
        assert_eq!(error_body(response).await.error.code, ErrorCode::Forbidden, "{why}");
    }
    assert_eq!(app.count_problem_reports().await, 0);
}

#[tokio::test]
async fn writes_from_the_site_itself_are_accepted() {
    let app = spawn_app().await;
    let own_origin = app.address.clone();
    let cases = [
        vec![("sec-fetch-site", "same-origin"), ("origin", own_origin.as_str())],
        vec![("origin", own_origin.as_str())],
        vec![("sec-fetch-site", "none")],
    ];
    for pairs in cases {
        let body = serde_json::to_string(&valid_report()).unwrap();

        let response = app.post_problem_report_with(body, headers(&pairs)).await;

        assert_eq!(response.status(), 201, "{pairs:?}");
    }
}

#[tokio::test]
async fn a_client_over_its_write_burst_gets_429_with_retry_after() {
    let mut setup = setup();
    setup.config.rate_limit = RateLimit {
        burst: 2,
        period: Duration::from_secs(60),
    };
    let app = setup.spawn().await;
    for _ in 0..2 {
        assert_eq!(app.post_problem_report(&valid_report()).await.status(), 201);
    }

    let response = app.post_problem_report(&valid_report()).await;

    assert_eq!(response.status(), 429);
    let retry_after: u64 = response.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry_after), "{retry_after}");
    assert_eq!(error_body(response).await.error.code, ErrorCode::RateLimited);
    assert_eq!(app.count_problem_reports().await, 2);
    assert_eq!(app.get_health().await.status(), 200, "reads are not limited");
}

#[tokio::test]
async fn a_forwarded_address_from_an_untrusted_peer_does_not_buy_a_new_burst() {
    let mut setup = setup();
    setup.config.rate_limit = RateLimit {
        burst: 1,
        period: Duration::from_secs(60),
    };
    let app = setup.spawn().await;
    assert_eq!(app.post_problem_report(&valid_report()).await.status(), 201);
    let body = serde_json::to_string(&valid_report()).unwrap();

    let response = app
        .post_problem_report_with(body, headers(&[("x-forwarded-for", "203.0.113.9")]))
        .await;

    assert_eq!(response.status(), 429);
}

/// Every write the API documents, sent on behalf of another site, is
/// refused before it reaches its handler, and nothing is stored: walked
/// from the OpenAPI document, so a new write is covered the day it is
/// added.
#[tokio::test]
async fn every_documented_write_refuses_a_cross_site_request_and_stores_nothing() {
    let app = spawn_app().await;
    let document: serde_json::Value = app.get(civic_api::paths::OPENAPI).await.json().await.unwrap();
    let before = app.stored_text(&[]).await;
    let mut walked = 0;
    for (path, operations) in document["paths"].as_object().unwrap() {
        let concrete = path
            .replace("{slug}", "clean-air-near-schools")
            .replace("{locale}", "en")
            .replace("{id}", "1");
        for method in ["post", "put", "patch", "delete"] {
            if operations.get(method).is_none() {
                continue;
            }
            let response = app
                .client
                .request(method.to_uppercase().parse().unwrap(), app.url(&concrete))
                .header("sec-fetch-site", "cross-site")
                .header("content-type", "application/json")
                .body("{}")
                .send()
                .await
                .unwrap();

            assert_eq!(response.status(), 403, "{method} {path}");
            assert_eq!(
                error_body(response).await.error.code,
                ErrorCode::Forbidden,
                "{method} {path}"
            );
            walked += 1;
        }
    }
    assert!(walked >= 30, "the document lists the writes: {walked}");
    assert_eq!(app.stored_text(&[]).await, before, "nothing was written");
}
