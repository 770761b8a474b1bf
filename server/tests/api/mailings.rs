//! The newsletter's mailings from the console: written in every language
//! from the version read, test-sent to the writer, sent to the list (each
//! subscriber in their language, with their own unsubscribe link) or
//! scheduled, and counted in aggregate only: mails sent, departures, and
//! opens per mailing and language.

use std::time::Duration;

use civic_api::account::Role;
use civic_api::newsletter_mailing::{EditableMailing, MailingList, MailingStatus, MailingTestSent};
use civic_api::{ErrorBody, ErrorCode, ErrorResponse, Locale, paths};
use civic_server::newsletter::mails::Mails;
use civic_server::newsletter::sending::send_due;
use reqwest::Method;
use serde_json::{Value, json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::accounts::{get_with_cookie, send_with_cookie};
use crate::fixture::PUBLIC_URL;
use crate::helpers::{TestApp, spawn_app, test_secret};
use crate::newsletter_fixture::{address_request, assert_list_mail};
use crate::passkeys::staff_with_passkey;

const EDITOR: &str = "editor@civic.example";

fn key(n: u32) -> String {
    format!("7a1c2e3f-0000-4000-8000-{n:012}")
}

fn draft(version: i64, n: u32, english: &str) -> Value {
    json!({
        "version": version,
        "texts": [
            {"locale": "en", "title": english, "body_markdown": "## Winter\n\nRead [our campaigns](/campaigns)."},
            {"locale": "fr", "title": "Nouvelles d’hiver", "body_markdown": "## Hiver\n\nLisez [nos campagnes](/fr/campaigns)."},
            {"locale": "es", "title": "", "body_markdown": ""},
        ],
        "idempotency_key": key(n),
    })
}

async fn expect<T: serde::de::DeserializeOwned>(response: reqwest::Response, status: u16) -> T {
    let got = response.status();
    let body = response.text().await.unwrap();
    assert_eq!(got, status, "{body}");
    serde_json::from_str(&body).unwrap()
}

async fn refused(response: reqwest::Response, status: u16) -> ErrorBody {
    expect::<ErrorResponse>(response, status).await.error
}

async fn mailing(app: &TestApp, cookie: &str, id: i64) -> EditableMailing {
    expect(get_with_cookie(app, &paths::staff_mailing(id), cookie).await, 200).await
}

async fn create(app: &TestApp, cookie: &str, body: &Value) -> reqwest::Response {
    send_with_cookie(app, Method::POST, paths::STAFF_MAILINGS, cookie, body).await
}

/// Waits until the mailing's mails are all queued.
async fn sent(app: &TestApp, cookie: &str, id: i64) -> EditableMailing {
    for _ in 0..100 {
        let mailing = mailing(app, cookie, id).await;
        if mailing.status == MailingStatus::Sent {
            return mailing;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("mailing {id} was never sent");
}

/// The path of the opens image in a mail's HTML.
fn opens_image(html: &str) -> String {
    let start = html.find("/api/newsletter/opens/").expect("an opens image");
    let end = start + html[start..].find('"').unwrap();
    html[start..end].to_owned()
}

#[tokio::test]
async fn a_mailing_is_written_tested_and_sent_to_each_subscriber_in_their_language() {
    let app = spawn_app().await;
    let ana = app.subscribed("ana@example.org", Locale::Fr).await;
    app.subscribed("bo@example.org", Locale::Es).await;
    app.subscribe(&address_request("pending@example.org", Locale::En)).await;
    let gone = app.subscribed("gone@example.org", Locale::En).await;
    assert_eq!(app.with_token(paths::NEWSLETTER_UNSUBSCRIBE, &gone).await.status(), 200);
    let cookie = staff_with_passkey(&app, EDITOR, Role::Editor).await;

    // The demo issue in content/newsletters is there as a draft.
    let list: MailingList = expect(get_with_cookie(&app, paths::STAFF_MAILINGS, &cookie).await, 200).await;
    assert_eq!(list.subscribers, 2);
    let demo = &list.mailings[0];
    assert_eq!(
        (demo.subject.as_str(), demo.status),
        ("Civic news: our first newsletter", MailingStatus::Draft)
    );

    // Refused before anything is stored.
    let mut no_english = draft(0, 1, "");
    no_english["texts"][0]["body_markdown"] = json!("");
    let error = refused(create(&app, &cookie, &no_english).await, 422).await;
    assert!(error.fields.contains_key("texts.en.title"), "{error:?}");
    let header_injection = draft(0, 2, "Winter\r\nBcc: everyone@example.org");
    let error = refused(create(&app, &cookie, &header_injection).await, 422).await;
    assert!(error.fields.contains_key("texts.en.title"), "{error:?}");

    // Written; a retry writes nothing again.
    let written: EditableMailing = expect(create(&app, &cookie, &draft(0, 3, "Winter news")).await, 201).await;
    let again: EditableMailing = expect(create(&app, &cookie, &draft(0, 3, "Winter news")).await, 201).await;
    assert_eq!(again.id, written.id);
    assert_eq!(written.status, MailingStatus::Draft);
    assert_eq!(written.texts.len(), 4, "every language, blank where not written");
    assert!(written.texts[2].is_blank());
    assert_eq!(app.scalar("SELECT COUNT(*) FROM newsletter_issues").await, 2);

    // Edited from the version read; a stale copy is refused.
    let stale = send_with_cookie(
        &app,
        Method::PUT,
        &paths::staff_mailing(written.id),
        &cookie,
        &draft(written.version - 1, 4, "Old news"),
    )
    .await;
    assert_eq!(refused(stale, 409).await.code, ErrorCode::Conflict);
    let edited: EditableMailing = expect(
        send_with_cookie(
            &app,
            Method::PUT,
            &paths::staff_mailing(written.id),
            &cookie,
            &draft(written.version, 5, "Winter news from Civic"),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(edited.version, written.version + 1);
    assert_eq!(edited.texts[0].title, "Winter news from Civic");

    // A test to oneself, in French, then in Spanish (not written: English).
    let tests = paths::staff_mailing_tests(written.id);
    let test: MailingTestSent = expect(
        send_with_cookie(
            &app,
            Method::POST,
            &tests,
            &cookie,
            &json!({"locale": "fr", "idempotency_key": key(6)}),
        )
        .await,
        200,
    )
    .await;
    assert_eq!((test.to.as_str(), test.locale), (EDITOR, Locale::Fr));
    let test: MailingTestSent = expect(
        send_with_cookie(
            &app,
            Method::POST,
            &tests,
            &cookie,
            &json!({"locale": "es", "idempotency_key": key(7)}),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(test.locale, Locale::En);
    let to_editor = app.mails_to(EDITOR).await;
    let french_test = to_editor
        .iter()
        .find(|mail| mail.subject == "[Test] Nouvelles d’hiver")
        .expect("the French test");
    assert!(french_test.html.contains("<h2>Hiver</h2>"), "{}", french_test.html);
    assert!(
        !french_test.html.contains("/api/newsletter/opens/"),
        "a test counts no opens"
    );
    assert!(
        to_editor
            .iter()
            .any(|mail| mail.subject == "[Test] Winter news from Civic")
    );
    assert_eq!(
        app.mails_to("ana@example.org")
            .await
            .iter()
            .filter(|m| m.subject.contains("hiver"))
            .count(),
        0
    );

    // Sent to the list: only confirmed subscribers, once, each in their language.
    let sending = paths::staff_mailing_sending(written.id);
    let send = json!({"version": edited.version, "idempotency_key": key(8)});
    let started: EditableMailing = expect(
        send_with_cookie(&app, Method::POST, &sending, &cookie, &send).await,
        200,
    )
    .await;
    assert!(matches!(started.status, MailingStatus::Sending | MailingStatus::Sent));
    let done = sent(&app, &cookie, written.id).await;
    expect::<EditableMailing>(
        send_with_cookie(&app, Method::POST, &sending, &cookie, &send).await,
        200,
    )
    .await;
    let mut twice = send.clone();
    twice["idempotency_key"] = json!(key(9));
    assert_eq!(
        refused(
            send_with_cookie(&app, Method::POST, &sending, &cookie, &twice).await,
            409
        )
        .await
        .code,
        ErrorCode::Conflict
    );
    let late_edit = send_with_cookie(
        &app,
        Method::PUT,
        &paths::staff_mailing(written.id),
        &cookie,
        &draft(done.version, 10, "Too late"),
    )
    .await;
    assert_eq!(refused(late_edit, 409).await.code, ErrorCode::Conflict);

    let to_ana: Vec<_> = app
        .mails_to("ana@example.org")
        .await
        .into_iter()
        .filter(|m| m.subject == "Nouvelles d’hiver")
        .collect();
    assert_eq!(to_ana.len(), 1);
    assert_list_mail(&to_ana[0]);
    assert!(
        to_ana[0].html.contains(&format!("href=\"{PUBLIC_URL}/fr/campaigns\"")),
        "{}",
        to_ana[0].html
    );
    let french_image = opens_image(&to_ana[0].html);
    assert!(french_image.ends_with("/fr"), "{french_image}");
    let to_bo: Vec<_> = app
        .mails_to("bo@example.org")
        .await
        .into_iter()
        .filter(|m| m.subject == "Winter news from Civic")
        .collect();
    assert_eq!(to_bo.len(), 1, "Spanish was not written: English");
    let english_image = opens_image(&to_bo[0].html);
    assert_eq!(
        english_image.trim_end_matches("/en"),
        french_image.trim_end_matches("/fr"),
        "one image per mailing and language, the same for everyone"
    );
    for nobody in ["pending@example.org", "gone@example.org"] {
        assert!(
            app.mails_to(nobody).await.iter().all(|m| !m.subject.contains("Winter")),
            "{nobody}"
        );
    }

    // Opens, counted per language; a made-up key counts nothing.
    for _ in 0..2 {
        let response = app.get(&french_image).await;
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-type"], "image/gif");
        assert!(response.headers().get("set-cookie").is_none());
    }
    let made_up = app
        .get(&format!(
            "{}/fr",
            paths::MAILING_OPENS
                .replace("{key}", &"0".repeat(32))
                .replace("/{locale}", "")
        ))
        .await;
    assert_eq!(made_up.status(), 200);
    let figures = mailing(&app, &cookie, written.id).await.figures;
    assert_eq!(figures.recipients, 2);
    assert_eq!(figures.sent + figures.waiting + figures.failed, 2);
    let languages: Vec<(Locale, u64, u64)> = figures
        .languages
        .iter()
        .map(|l| (l.locale, l.recipients, l.opens))
        .collect();
    assert_eq!(languages, [(Locale::En, 1, 0), (Locale::Fr, 1, 2)]);
    assert_eq!(
        app.scalar("SELECT CAST(COALESCE(SUM(opens), 0) AS BIGINT) FROM newsletter_opens")
            .await,
        2
    );

    // Ana leaves from this mailing, then undoes it.
    assert_eq!(app.with_token(paths::NEWSLETTER_UNSUBSCRIBE, &ana).await.status(), 200);
    assert_eq!(mailing(&app, &cookie, written.id).await.figures.unsubscribes, 1);
    assert_eq!(app.with_token(paths::NEWSLETTER_RESUBSCRIBE, &ana).await.status(), 200);
    assert_eq!(mailing(&app, &cookie, written.id).await.figures.unsubscribes, 0);

    // Every step is in the audit log.
    for action in ["mailing_saved", "mailing_test_sent", "mailing_sent"] {
        let lines = app
            .scalar(&format!("SELECT COUNT(*) FROM staff_actions WHERE action = '{action}'"))
            .await;
        assert!(lines >= 1, "{action}");
    }
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM staff_actions WHERE action = 'mailing_sent'")
            .await,
        1
    );
}

#[tokio::test]
async fn a_scheduled_mailing_goes_out_once_when_due_and_can_go_back_to_a_draft() {
    let app = spawn_app().await;
    app.subscribed("cy@example.org", Locale::Ar).await;
    let cookie = staff_with_passkey(&app, EDITOR, Role::Admin).await;
    let written: EditableMailing = expect(create(&app, &cookie, &draft(0, 20, "Spring news")).await, 201).await;
    let schedule = paths::staff_mailing_schedule(written.id);
    let at = |offset: time::Duration| (OffsetDateTime::now_utc() + offset).format(&Rfc3339).unwrap();

    for (n, send_at) in [
        (21, json!(at(-time::Duration::minutes(5)))),
        (22, json!(at(time::Duration::days(400)))),
        (23, json!("next tuesday")),
    ] {
        let body = json!({"version": written.version, "send_at": send_at, "idempotency_key": key(n)});
        let error = refused(
            send_with_cookie(&app, Method::PUT, &schedule, &cookie, &body).await,
            422,
        )
        .await;
        assert!(error.fields.contains_key("send_at"), "{send_at}");
    }

    let body = json!({"version": written.version, "send_at": at(time::Duration::hours(1)), "idempotency_key": key(24)});
    let scheduled: EditableMailing = expect(
        send_with_cookie(&app, Method::PUT, &schedule, &cookie, &body).await,
        200,
    )
    .await;
    assert_eq!(scheduled.status, MailingStatus::Scheduled);
    assert!(scheduled.send_at.is_some());
    let body = json!({"version": scheduled.version, "idempotency_key": key(25)});
    let back: EditableMailing = expect(
        send_with_cookie(&app, Method::PUT, &schedule, &cookie, &body).await,
        200,
    )
    .await;
    assert_eq!((back.status, back.send_at.as_deref()), (MailingStatus::Draft, None));
    let body = json!({"version": back.version, "send_at": at(time::Duration::hours(1)), "idempotency_key": key(26)});
    let scheduled: EditableMailing = expect(
        send_with_cookie(&app, Method::PUT, &schedule, &cookie, &body).await,
        200,
    )
    .await;

    let mails = Mails::new(PUBLIC_URL, test_secret()).unwrap();
    let now = OffsetDateTime::now_utc();
    assert_eq!(send_due(&app.pool, &mails, None, now).await.unwrap(), 0, "not due yet");
    let later = now + time::Duration::hours(2);
    assert_eq!(send_due(&app.pool, &mails, None, later).await.unwrap(), 1);
    assert_eq!(send_due(&app.pool, &mails, None, later).await.unwrap(), 0, "once");
    let done = mailing(&app, &cookie, written.id).await;
    assert_eq!(done.status, MailingStatus::Sent);
    assert!(done.version > scheduled.version);
    let to_cy = app.mails_to("cy@example.org").await;
    assert_eq!(to_cy.iter().filter(|mail| mail.subject == "Spring news").count(), 1);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM staff_actions WHERE action = 'mailing_scheduled'")
            .await,
        3
    );
}
