//! `/metrics` on `CIVIC_METRICS_ADDR`: requests by route and status with
//! their latency, the signature writer's batches and queue, the outbox and
//! its failures, the database pool; never on the site's own address, and
//! never a label a visitor wrote.

use std::time::{Duration, Instant};

use civic_api::Locale;
use civic_server::config::Secret;

use crate::helpers::setup;
use crate::petitions_fixture::{OPEN, petitions_setup, sign_request};

async fn scrape(address: std::net::SocketAddr) -> String {
    let response = reqwest::get(format!("http://{address}/metrics")).await.unwrap();
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain; version=0.0.4")
    );
    response.text().await.unwrap()
}

#[tokio::test]
async fn metrics_are_served_on_their_own_address_in_prometheus_text() {
    let mut setup = petitions_setup();
    setup.config.metrics_addr = Some("127.0.0.1:0".parse().unwrap());
    // Nothing listens there: each delivery fails, and is counted.
    setup.config.smtp_url = Some(Secret::new("smtp://127.0.0.1:9".to_owned()));
    let app = setup.spawn().await;
    let metrics = app.metrics_address.expect("a metrics address");

    assert_eq!(app.get_health().await.status(), 200);
    assert_eq!(app.get("/api/petitions/%3Cscript%3E").await.status(), 404);
    let signer = sign_request("Ada Lovelace", "ada@example.org", "GB", Locale::En);
    assert_eq!(app.sign(OPEN, &signer).await.status(), 202);
    assert_eq!(app.get("/metrics").await.status(), 404, "not on the site's address");

    // The confirmation mail fails to go out, a moment later.
    let deadline = Instant::now() + Duration::from_secs(10);
    let text = loop {
        let text = scrape(metrics).await;
        if text.contains("civic_mail_send_failures_total") || Instant::now() > deadline {
            break text;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    for expected in [
        r#"http_requests_total{method="GET",route="/api/health",status="200"}"#,
        r#"http_requests_total{method="GET",route="/api/petitions/{slug}",status="404"}"#,
        r#"http_requests_total{method="POST",route="/api/petitions/{slug}/signatures",status="202"}"#,
        r#"http_request_duration_seconds_bucket{method="GET",route="/api/health",le="0.001"}"#,
        "civic_signature_batch_size_bucket{le=\"1\"}",
        "civic_signature_queue_depth ",
        "civic_mail_outbox_pending ",
        "civic_mail_send_failures_total ",
        r#"civic_db_pool_connections{state="idle"}"#,
        r#"civic_db_pool_connections{state="in_use"}"#,
    ] {
        assert!(text.contains(expected), "{expected} in:\n{text}");
    }
    assert!(
        !text.to_lowercase().contains("script"),
        "no label a visitor wrote:\n{text}"
    );
    assert!(!text.contains("ada@example.org"));
}

#[tokio::test]
async fn without_the_setting_no_metrics_are_served() {
    let app = setup().spawn().await;
    assert_eq!(app.metrics_address, None);
    assert_eq!(app.get("/metrics").await.status(), 404);
}
