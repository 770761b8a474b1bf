//! Hostile input through every write: markup, SQL, control characters,
//! direction overrides, formulas, 1 MB fields, and bodies that are not the
//! JSON asked for (deeply nested, duplicate keys, wrong types, lone
//! surrogates, bytes that are not UTF-8). Each request is refused with a
//! 4xx in the error shape and changes nothing, or is taken and everything
//! that later shows it (pages, e-mails) shows it as text.

use civic_api::{ErrorResponse, Locale};
use reqwest::header::CONTENT_TYPE;
use serde_json::{Value, json};

use crate::helpers::{TestApp, valid_report};
use crate::newsletter_fixture::address_request;
use crate::petitions_fixture::{OPEN, idempotency_key, sign_request, spawn_petitions_app};
use crate::survey_responses_fixture::{ANONYMOUS, spawn_surveys_app, street_answer};

const SCRIPT: &str = "<script>alert(1)</script>";

/// Text that must reach storage as text, or not at all.
fn hostile_texts() -> Vec<String> {
    vec![
        SCRIPT.to_owned(),
        "\"><img src=x onerror=alert(1)>".to_owned(),
        "</script><script>alert(2)</script>".to_owned(),
        "'; DROP TABLE signatures; --".to_owned(),
        "Robert'); DELETE FROM petitions WHERE ('1'='1".to_owned(),
        "nul\u{0}byte and bell\u{7} and escape\u{1b}[31m".to_owned(),
        "\u{202e}gnp.exe and \u{200b}zero\u{200d}width".to_owned(),
        "=HYPERLINK(\"http://evil.example\",\"click\")".to_owned(),
        "+cmd|' /C calc'!A0".to_owned(),
        "@SUM(1+1)".to_owned(),
        "e\u{301}\u{301}\u{301} Zalgo \u{1f600}".to_owned(),
        "x".repeat(1_000_000),
        String::new(),
        "   ".to_owned(),
    ]
}

/// Bodies that are not the JSON an endpoint takes.
fn hostile_bodies() -> Vec<Vec<u8>> {
    let nested = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    vec![
        nested.into_bytes(),
        br#"{"name":"a","name":"b"}"#.to_vec(),
        br#"{"idempotency_key": 5, "email": ["a@b.c"], "name": {"x": 1}}"#.to_vec(),
        br#"{"idempotency_key": "k", "email": "\ud800@example.org"}"#.to_vec(),
        b"{\"email\": \"\xc0\xaf@example.org\"}".to_vec(),
        br#"{"revision": 1e309, "count": -99999999999999999999}"#.to_vec(),
        b"null".to_vec(),
        b"".to_vec(),
        b"\xff\xfe\x00{".to_vec(),
    ]
}

/// Every table but those that change by themselves meanwhile (the mail
/// sender marks messages sent; the hourly tidying records its runs).
async fn stored(app: &TestApp) -> String {
    app.stored_text(&["mail_outbox", "scheduled_runs"]).await
}

async fn post(app: &TestApp, path: &str, body: Vec<u8>) -> reqwest::Response {
    app.client
        .post(app.url(path))
        .header(CONTENT_TYPE, "application/json")
        .body(body)
        .send()
        .await
        .expect("the request is sent")
}

/// Sends `valid` with each of its text fields replaced by each hostile
/// text, then each hostile body: never a server error; a refusal is in the
/// error shape and changes nothing.
async fn send_corpus(app: &TestApp, path: &str, valid: Value) {
    let fields: Vec<String> = valid
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, value)| value.is_string())
        .map(|(name, _)| name.clone())
        .collect();
    let mut bodies = Vec::new();
    for field in &fields {
        for text in hostile_texts() {
            let mut body = valid.clone();
            body[field] = Value::String(text);
            if field != "idempotency_key" && body.get("idempotency_key").is_some() {
                body["idempotency_key"] = Value::String(idempotency_key());
            }
            bodies.push((
                format!("{field} = {:.40?}", body[field]),
                serde_json::to_vec(&body).unwrap(),
            ));
        }
    }
    for (index, body) in hostile_bodies().into_iter().enumerate() {
        bodies.push((format!("hostile body {index}"), body));
    }
    let mut before = stored(app).await;
    for (what, body) in bodies {
        let response = post(app, path, body).await;
        let status = response.status();
        assert!(status.as_u16() < 500, "POST {path} with {what}: {status}");
        let after = stored(app).await;
        if status.is_client_error() {
            let text = response.text().await.unwrap();
            let error: Result<ErrorResponse, _> = serde_json::from_str(&text);
            assert!(
                error.is_ok(),
                "POST {path} with {what}: not the error shape: {text:.200}"
            );
            assert_eq!(
                after, before,
                "POST {path} with {what} was refused ({status}) but wrote"
            );
        }
        before = after;
    }
}

#[tokio::test]
async fn every_json_write_refuses_or_stores_hostile_input_and_never_fails() {
    let app = spawn_petitions_app().await;
    let sign = serde_json::to_value(sign_request("Ada Lovelace", "ada@example.org", "GB", Locale::En)).unwrap();
    send_corpus(&app, &format!("/api/petitions/{OPEN}/signatures"), sign).await;
    send_corpus(
        &app,
        "/api/problem-reports",
        serde_json::to_value(valid_report()).unwrap(),
    )
    .await;
    send_corpus(
        &app,
        "/api/contact-messages",
        json!({
            "idempotency_key": idempotency_key(),
            "locale": "fr",
            "name": "Zoé Martin",
            "email": "zoe@example.org",
            "subject": "Une question",
            "message": "Comment rejoindre l'alliance ?",
            "website": ""
        }),
    )
    .await;
    let address = serde_json::to_value(address_request("reader@example.org", Locale::Fr)).unwrap();
    send_corpus(&app, "/api/newsletter/subscriptions", address.clone()).await;
    send_corpus(&app, "/api/newsletter/unsubscribe-links", address).await;
    send_corpus(&app, "/api/signatures/confirm", json!({ "token": "c.x" })).await;
    send_corpus(&app, "/api/newsletter/confirm", json!({ "token": "n.x" })).await;
    send_corpus(
        &app,
        "/api/analytics/events",
        json!({ "kind": "page_view", "path": "/fr/about" }),
    )
    .await;
    send_corpus(
        &app,
        "/api/consents",
        json!({
            "consent_id": "0b0a8f4e-2d1c-4c55-9a43-0d8c1f2e3a4b",
            "choices": { "preferences": true, "analytics": false, "external_media": false },
            "revision": 1
        }),
    )
    .await;

    // What was taken shows as text in every e-mail it reached: no tag of
    // it survives unescaped (the staff copy of a contact message shows the
    // hostile text itself, escaped, `onerror=` and all).
    for mail in app.outbox().await {
        for raw in ["<script", "<img"] {
            assert!(
                !mail.html.contains(raw),
                "{raw} in a mail to {}: {:.300}",
                mail.to,
                mail.html
            );
        }
    }
}

#[tokio::test]
async fn survey_answers_refuse_or_store_hostile_input_and_never_fail() {
    let app = spawn_surveys_app().await;
    let valid = serde_json::to_value(street_answer()).unwrap();
    send_corpus(&app, &format!("/api/surveys/{ANONYMOUS}/responses"), valid).await;
}

#[tokio::test]
async fn a_refused_form_is_drawn_again_with_what_was_typed_as_text() {
    let app = spawn_petitions_app().await;
    let body = format!(
        "idempotency_key={}&name={}&email=not-an-address&country=FR&comment={}&website=",
        idempotency_key(),
        urlencode("</script><script>alert(2)</script>"),
        urlencode(SCRIPT),
    );
    let response = app
        .client
        .post(app.url(&format!("/fr/petitions/{OPEN}")))
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "same-origin")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(!html.contains("alert(1)</script>"), "the comment is escaped");
    assert!(
        !html.contains("<script>alert(2)"),
        "the name is escaped, in the page and in its JSON"
    );
    assert!(html.contains("&lt;script&gt;alert(1)"), "and still shown to its writer");
}

fn urlencode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}
