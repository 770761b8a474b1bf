//! Sending an issue (once per subscribed address, never to pending or
//! unsubscribed ones), the `send-newsletter` command, and the petition
//! form's opt-in.

use std::path::Path;

use base64::Engine;
use civic_api::{Locale, Slug, paths};
use civic_server::newsletter::mails::Mails;
use civic_server::newsletter::sending::send_stored;

use crate::fixture::{CONTENT_DIR, PUBLIC_URL};
use crate::helpers::{TestApp, spawn_app, test_secret};
use crate::newsletter_fixture::{address_request, assert_list_mail};
use crate::petitions_fixture::{OPEN, sign_request, spawn_petitions_app};

/// The demo issue in `content/newsletters/`.
const DEMO: &str = "2026-12-first-issue";

pub async fn send_demo(app: &TestApp) -> usize {
    let slug = Slug::parse(DEMO).unwrap();
    let mails = Mails::new(PUBLIC_URL, test_secret()).unwrap();
    send_stored(&app.pool, &mails, Path::new(CONTENT_DIR), &slug)
        .await
        .unwrap()
}

#[tokio::test]
async fn an_issue_goes_to_subscribed_addresses_only_each_in_its_language() {
    let app = spawn_app().await;
    app.subscribed("ana@example.org", Locale::Fr).await;
    app.subscribed("bo@example.org", Locale::Es).await;
    app.subscribe(&address_request("pending@example.org", Locale::En)).await;
    let leaving = app.subscribed("gone@example.org", Locale::En).await;
    assert_eq!(
        app.with_token(paths::NEWSLETTER_UNSUBSCRIBE, &leaving).await.status(),
        200
    );

    assert_eq!(send_demo(&app).await, 2);

    let ana = &app.mails_to("ana@example.org").await[0];
    assert_eq!(ana.subject, "Nouvelles de Civic : notre première lettre d’information");
    assert!(ana.html.contains("<html lang=\"fr\" dir=\"ltr\">"));
    assert!(ana.html.contains("<h2>"), "the Markdown is rendered: {}", ana.html);
    assert!(
        ana.html.contains(&format!("href=\"{PUBLIC_URL}/fr/campaigns\"")),
        "site links are absolute in a mail"
    );
    assert_list_mail(ana);
    let bo = &app.mails_to("bo@example.org").await[0];
    assert_eq!(bo.subject, "Noticias de Civic: nuestro primer boletín");
    assert_list_mail(bo);
    assert_eq!(
        app.mails_to("pending@example.org").await.len(),
        1,
        "only its confirmation"
    );
    let gone = app.mails_to("gone@example.org").await;
    assert!(
        gone.iter().all(|mail| !mail.subject.starts_with("Civic news")),
        "unsubscribed: nothing more"
    );
}

#[tokio::test]
async fn sending_an_issue_again_queues_nobody_twice_but_reaches_new_subscribers() {
    let app = spawn_app().await;
    app.subscribed("cy@example.org", Locale::En).await;

    assert_eq!(send_demo(&app).await, 1);
    assert_eq!(send_demo(&app).await, 0);
    app.subscribed("dee@example.org", Locale::En).await;
    assert_eq!(send_demo(&app).await, 1);

    for to in ["cy@example.org", "dee@example.org"] {
        let mails = app.mails_to(to).await;
        let issues = mails
            .iter()
            .filter(|mail| mail.subject == "Civic news: our first newsletter");
        assert_eq!(issues.count(), 1, "{to}");
    }
    assert_eq!(app.scalar("SELECT COUNT(*) FROM newsletter_issues").await, 1);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM newsletter_deliveries").await, 2);
}

/// `civic-server send-newsletter <slug>` on the test app's database. The
/// command only queues: the SMTP address, which an https public address
/// requires, is never contacted.
fn send_newsletter_command(app: &TestApp, slug: &str) -> std::process::Output {
    let setup = app.setup_again();
    let secret = base64::engine::general_purpose::STANDARD.encode(b"civic test secret, 32 bytes long");
    std::process::Command::new(env!("CARGO_BIN_EXE_civic-server"))
        .args(["send-newsletter", slug])
        .env("DATABASE_URL", setup.config.database_url.expose())
        .env("CIVIC_CONTENT", CONTENT_DIR)
        .env("CIVIC_PUBLIC_URL", PUBLIC_URL)
        .env("CIVIC_SMTP_URL", "smtp://127.0.0.1:2525")
        .env("CIVIC_SECRET", secret)
        .env("RUST_LOG", "warn")
        .output()
        .expect("the command runs")
}

#[tokio::test]
async fn the_send_newsletter_command_queues_the_issue_with_the_servers_settings() {
    let app = spawn_app().await;
    app.subscribed("eve@example.org", Locale::Es).await;

    let first = send_newsletter_command(&app, DEMO);
    let second = send_newsletter_command(&app, DEMO);

    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    assert_eq!(
        String::from_utf8_lossy(&first.stdout),
        format!("Queued {DEMO} for 1 subscribers; the running server sends it.\n")
    );
    assert!(String::from_utf8_lossy(&second.stdout).contains("for 0 subscribers"));
    let mail = &app.mails_to("eve@example.org").await[0];
    assert_eq!(mail.subject, "Noticias de Civic: nuestro primer boletín");
    assert_list_mail(mail);
    let unknown = send_newsletter_command(&app, "no-such-issue");
    assert!(!unknown.status.success());
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no newsletter issue no-such-issue"));
}

#[tokio::test]
async fn a_signer_who_ticks_the_box_is_subscribed_once_when_the_signature_counts() {
    let app = spawn_petitions_app().await;
    let mut request = sign_request("Ana Martín", "Ana@example.org", "ES", Locale::Es);
    request.newsletter = true;

    app.sign(OPEN, &request).await;
    assert_eq!(
        app.subscriber_state("ana@example.org").await,
        None,
        "not before the address is proven"
    );
    let token = app.confirm_token_for("Ana@example.org").await;
    assert_eq!(app.confirm(&token).await.status(), 200);
    assert_eq!(app.confirm(&token).await.status(), 200);

    let row: (String, String, String) =
        sqlx::query_as("SELECT state, source, locale FROM newsletter_subscribers WHERE email_key = 'ana@example.org'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(row, ("subscribed".into(), "petition".into(), "es".into()));
    let welcomes: Vec<_> = app
        .mails_to("Ana@example.org")
        .await
        .into_iter()
        .filter(|mail| mail.subject == "Bienvenido al boletín de Civic")
        .collect();
    assert_eq!(welcomes.len(), 1);
    assert!(
        welcomes[0].text.contains("Al firmar una petición"),
        "{}",
        welcomes[0].text
    );
    assert_list_mail(&welcomes[0]);

    // Already subscribed: signing another petition with the box sends no
    // second welcome.
    let mut again = sign_request("Ana Martín", "ana@example.org", "ES", Locale::Es);
    again.newsletter = true;
    app.sign_and_confirm(crate::petitions_fixture::ENGLISH_FRENCH, &again)
        .await;
    let mails = app.mails_to("ana@example.org").await;
    assert_eq!(mails.iter().filter(|m| m.subject.contains("boletín")).count(), 1);
}

#[tokio::test]
async fn a_signer_who_leaves_the_box_empty_is_not_subscribed() {
    let app = spawn_petitions_app().await;
    app.sign_and_confirm(OPEN, &sign_request("Bo Lind", "bo@example.org", "SE", Locale::En))
        .await;

    assert_eq!(app.scalar("SELECT COUNT(*) FROM newsletter_subscribers").await, 0);
    let mails = app.mails_to("bo@example.org").await;
    assert!(mails.iter().all(|mail| !mail.subject.contains("newsletter")));
}

#[tokio::test]
async fn every_mail_to_the_list_carries_the_unsubscribe_link_and_headers() {
    let app = spawn_petitions_app().await;
    let mut request = sign_request("Cy Young", "cy@example.org", "GB", Locale::En);
    request.newsletter = true;
    app.sign_and_confirm(OPEN, &request).await;
    app.subscribed("dee@example.org", Locale::Fr).await;
    app.subscribe(&address_request("dee@example.org", Locale::Fr)).await;
    app.ask_unsubscribe_link(&address_request("dee@example.org", Locale::Fr))
        .await;
    send_demo(&app).await;

    let newsletter_mails: Vec<_> = app
        .outbox()
        .await
        .into_iter()
        .filter(|mail| !mail.text.contains("/confirm-subscription?t=") && !mail.text.contains("/confirm-signature?t="))
        .filter(|mail| !mail.subject.contains("signing"))
        .collect();
    // Cy: welcome, issue. Dee: welcome, already subscribed, link, issue.
    assert_eq!(
        newsletter_mails.len(),
        6,
        "{:?}",
        newsletter_mails.iter().map(|m| &m.subject).collect::<Vec<_>>()
    );
    for mail in &newsletter_mails {
        assert_list_mail(mail);
    }
}
