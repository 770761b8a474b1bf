//! The outbox: mail is queued with the transaction that causes it, then
//! delivered in the background; without SMTP it is shown at /dev/outbox.

use std::time::{Duration, Instant};

use civic_api::{Email, Locale};
use civic_server::config::Secret;
use civic_server::mail::{self, Compose, OutgoingMail};
use reqwest::StatusCode;

use crate::helpers::{TestApp, links, setup, spawn_app};

fn mail(to: &str, subject: &str) -> OutgoingMail {
    Compose {
        locale: Locale::Fr,
        greeting: "Bonjour Ada,".into(),
        paragraphs: vec!["Merci d'avoir signé.".into()],
        action: Some((
            "Confirmer".into(),
            "https://civic.example/fr/confirm-signature?t=c.abc".into(),
        )),
        footer: "Civic".into(),
    }
    .mail(Email::parse(to).unwrap(), subject)
}

async fn queue(app: &TestApp, mail: &OutgoingMail) -> i64 {
    let mut tx = app.pool.begin().await.unwrap();
    let id = mail::enqueue(&mut tx, mail).await.unwrap();
    tx.commit().await.unwrap();
    id
}

async fn rows(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM mail_outbox")
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn mail_queued_in_a_transaction_that_rolls_back_is_never_sent() {
    let app = spawn_app().await;
    let mut tx = app.pool.begin().await.unwrap();
    mail::enqueue(&mut tx, &mail("ada@example.org", "Rolled back"))
        .await
        .unwrap();
    tx.rollback().await.unwrap();
    assert_eq!(rows(&app).await, 0);
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(app.outbox().await.is_empty());
}

#[tokio::test]
async fn queued_mail_shows_in_the_dev_outbox_within_a_couple_of_seconds() {
    let app = spawn_app().await;
    let started = Instant::now();
    let first = queue(&app, &mail("ada@example.org", "Premier")).await;
    let second = queue(&app, &mail("Grace@Example.org", "Second")).await;

    let messages = app.outbox().await;
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "took {:?}",
        started.elapsed()
    );
    let ids: Vec<i64> = messages.iter().map(|m| m.id).collect();
    assert_eq!(ids, [second, first], "newest first");
    let message = &messages[1];
    assert_eq!(message.status, "sent");
    assert_eq!(message.to, "ada@example.org");
    assert_eq!(message.locale, "fr");
    assert_eq!(message.subject, "Premier");
    assert!(
        message
            .text
            .contains("https://civic.example/fr/confirm-signature?t=c.abc")
    );
    assert!(message.html.contains("<html lang=\"fr\" dir=\"ltr\">"));
    assert!(!message.created_at.is_empty());

    let link = app
        .link_in_latest_mail_to("grace@example.org", "confirm-signature")
        .await;
    assert_eq!(link, "https://civic.example/fr/confirm-signature?t=c.abc");

    let page = app.get("/dev/outbox").await;
    assert_eq!(page.status(), StatusCode::OK);
    assert_eq!(page.headers()["cache-control"], "no-store");
    let html = page.text().await.unwrap();
    assert!(html.contains("<title>Dev outbox</title>"));
    assert!(html.contains("<meta name=\"robots\" content=\"noindex\">"));
    assert!(html.find("Second").unwrap() < html.find("Premier").unwrap());
    assert!(html.contains(
        "<a href=\"https://civic.example/fr/confirm-signature?t=c.abc\">https://civic.example/fr/confirm-signature?t=c.abc</a>"
    ));
}

#[tokio::test]
async fn the_outbox_page_escapes_what_the_mail_holds_and_keeps_the_strict_csp() {
    let app = spawn_app().await;
    queue(&app, &mail("ada@example.org", "<script>alert('x')</script>")).await;
    app.outbox().await;
    let page = app.get("/dev/outbox").await;
    let csp = page.headers()["content-security-policy"].to_str().unwrap().to_owned();
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    let html = page.text().await.unwrap();
    assert!(
        html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"),
        "{html}"
    );
    assert!(!html.contains("<script"), "{html}");
    assert!(!html.contains("style"), "{html}");
}

#[tokio::test]
async fn headers_given_by_the_caller_are_kept() {
    let app = spawn_app().await;
    let mut message = mail("ada@example.org", "With headers");
    message.headers = vec![("List-Unsubscribe".into(), "<https://civic.example/u/1>".into())];
    queue(&app, &message).await;
    let shown = app.outbox().await;
    assert_eq!(shown[0].headers.0, message.headers);

    let mut tx = app.pool.begin().await.unwrap();
    message.headers = vec![("Bcc".into(), "eve@example.org".into())];
    assert!(mail::enqueue(&mut tx, &message).await.is_err());
}

#[tokio::test]
async fn with_smtp_configured_the_dev_outbox_does_not_exist_and_a_dead_server_blocks_nothing() {
    let mut setup = setup();
    // Nothing listens on the discard port: every delivery fails at once.
    setup.config.smtp_url = Some(Secret::new("smtp://127.0.0.1:9".to_owned()));
    let app = setup.spawn().await;

    for path in ["/dev/outbox", "/dev/outbox.json"] {
        let response = app.get(path).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
        assert!(!response.text().await.unwrap().contains("CIVIC_SMTP_URL"));
    }

    let id = queue(&app, &mail("ada@example.org", "Never delivered")).await;
    let started = Instant::now();
    assert_eq!(app.get_health().await.status(), StatusCode::OK);
    assert!(started.elapsed() < Duration::from_secs(1));

    // The sender tried, failed, and scheduled a retry: the mail is kept.
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let (status, attempts, error): (String, i64, Option<String>) =
            sqlx::query_as("SELECT status, attempts, last_error FROM mail_outbox WHERE id = $1")
                .bind(id)
                .fetch_one(&app.pool)
                .await
                .unwrap();
        if attempts > 0 {
            assert_eq!(status, "pending");
            assert!(error.is_some());
            break;
        }
        assert!(Instant::now() < deadline, "the sender never tried");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[test]
fn links_are_found_in_plain_text() {
    assert_eq!(
        links("Confirm: https://a.example/x?t=c.1. Or (http://b.example/y), bye"),
        ["https://a.example/x?t=c.1", "http://b.example/y"]
    );
}
