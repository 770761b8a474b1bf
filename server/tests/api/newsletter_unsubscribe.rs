//! Leaving the list: unsubscribing from the page and in one click (RFC
//! 8058), undoing it, asking for a fresh link, and tokens that are tampered
//! with, expired, of the wrong kind, replayed or left over from a forgotten
//! address.

use civic_api::newsletter::SubscriptionState;
use civic_api::{ErrorCode, Locale, paths};
use civic_server::tokens::{self, Purpose, SUBSCRIBE_TTL, UNSUBSCRIBE_TTL};
use reqwest::header::CONTENT_TYPE;
use time::{Duration, OffsetDateTime};

use crate::fixture::PUBLIC_URL;
use crate::helpers::{error_body, spawn_app, test_secret};
use crate::newsletter_fixture::{address_request, assert_list_mail, header, status, subscribers};

#[tokio::test]
async fn unsubscribing_is_idempotent_and_undo_subscribes_again_without_a_new_confirmation() {
    let app = spawn_app().await;
    let token = app.subscribed("eve@example.org", Locale::Fr).await;

    let first = status(app.with_token(paths::NEWSLETTER_UNSUBSCRIBE, &token).await).await;
    let replayed = status(app.with_token(paths::NEWSLETTER_UNSUBSCRIBE, &token).await).await;

    assert_eq!(first.state, SubscriptionState::Unsubscribed);
    assert_eq!(first.email_hint, "e\u{2022}\u{2022}\u{2022}@example.org");
    assert_eq!(first.locale, Locale::Fr);
    assert_eq!(replayed, first);
    assert_eq!(
        app.subscriber_state("eve@example.org").await.as_deref(),
        Some("unsubscribed")
    );
    let mails_before_undo = app.mails_to("eve@example.org").await.len();

    let undone = status(app.with_token(paths::NEWSLETTER_RESUBSCRIBE, &token).await).await;

    assert_eq!(undone.state, SubscriptionState::Subscribed);
    assert_eq!(
        app.subscriber_state("eve@example.org").await.as_deref(),
        Some("subscribed")
    );
    assert_eq!(
        app.mails_to("eve@example.org").await.len(),
        mails_before_undo,
        "undo sends nothing"
    );
    let again = status(app.with_token(paths::NEWSLETTER_UNSUBSCRIBE, &token).await).await;
    assert_eq!(
        again.state,
        SubscriptionState::Unsubscribed,
        "the same link still works"
    );
}

#[tokio::test]
async fn one_click_unsubscribes_a_mail_programs_post_per_rfc_8058() {
    let app = spawn_app().await;
    let _ = app.subscribed("fay@example.org", Locale::En).await;
    let mail = &app.mails_to("fay@example.org").await[0];
    let list = header(mail, "List-Unsubscribe").unwrap();
    let address = list.trim_start_matches('<').trim_end_matches('>');
    let local = address.replace(PUBLIC_URL, &app.address);

    // What a mail provider sends: a form body, no Origin, no cookie.
    let response = app
        .client
        .post(&local)
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), 200);
    assert!(
        response.headers()[CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );
    assert!(response.text().await.unwrap().len() < 100);
    assert_eq!(
        app.subscriber_state("fay@example.org").await.as_deref(),
        Some("unsubscribed")
    );
    // RFC 8058 prefers multipart/form-data; a replay answers the same.
    let multipart = app
        .client
        .post(&local)
        .header(CONTENT_TYPE, "multipart/form-data; boundary=b")
        .body("--b\r\nContent-Disposition: form-data; name=\"List-Unsubscribe\"\r\n\r\nOne-Click\r\n--b--\r\n")
        .send()
        .await
        .unwrap();
    assert_eq!(multipart.status(), 200);
}

#[tokio::test]
async fn one_click_refuses_fetches_bad_tokens_and_other_sites() {
    let app = spawn_app().await;
    let token = app.subscribed("gus@example.org", Locale::En).await;
    let one_click = |query: &str| app.url(&format!("{}{query}", paths::NEWSLETTER_ONE_CLICK));

    // Link scanners fetch every address in a mail: a GET unsubscribes nobody.
    let fetched = app.client.get(one_click(&format!("?t={token}"))).send().await.unwrap();
    assert_eq!(fetched.status(), 405);
    for query in [
        "",
        "?t=",
        "?t=u.garbage",
        "?x=1",
        &format!("?t={}", &token[..token.len() - 2]),
    ] {
        let response = app
            .client
            .post(one_click(query))
            .body("List-Unsubscribe=One-Click")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 404, "{query}");
        assert_eq!(error_body(response).await.error.code, ErrorCode::NotFound);
    }
    let cross_site = app
        .client
        .post(one_click(&format!("?t={token}")))
        .header("origin", "https://evil.example")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(cross_site.status(), 403);
    assert_eq!(
        app.subscriber_state("gus@example.org").await.as_deref(),
        Some("subscribed")
    );
}

#[tokio::test]
async fn tampered_expired_and_wrong_purpose_tokens_are_not_found() {
    let app = spawn_app().await;
    let unsubscribe = app.subscribed("hal@example.org", Locale::En).await;
    let id: i64 = app.scalar("SELECT id FROM newsletter_subscribers").await;
    let key = test_secret();
    let binding = b"hal@example.org";
    let long_ago = OffsetDateTime::now_utc() - Duration::days(401);
    let expired_unsubscribe = tokens::issue_bound(&key, Purpose::Unsubscribe, id, binding, UNSUBSCRIBE_TTL, long_ago);
    let expired_confirm = tokens::issue_bound(
        &key,
        Purpose::Subscribe,
        id,
        binding,
        SUBSCRIBE_TTL,
        OffsetDateTime::now_utc() - Duration::days(8),
    );
    let unbound = tokens::issue(
        &key,
        Purpose::Unsubscribe,
        id,
        UNSUBSCRIBE_TTL,
        OffsetDateTime::now_utc(),
    );
    let signature_confirm = tokens::issue(&key, Purpose::Confirm, id, SUBSCRIBE_TTL, OffsetDateTime::now_utc());
    let mut tampered = unsubscribe.clone();
    let last = tampered.pop().unwrap();
    tampered.push(if last == 'A' { 'B' } else { 'A' });
    let n_token = format!("n.{}", &unsubscribe[2..]);

    let cases = [
        (paths::NEWSLETTER_UNSUBSCRIBE, tampered.as_str(), "tampered"),
        (paths::NEWSLETTER_RESUBSCRIBE, tampered.as_str(), "tampered"),
        (paths::NEWSLETTER_UNSUBSCRIBE, expired_unsubscribe.as_str(), "expired"),
        (paths::NEWSLETTER_CONFIRM, expired_confirm.as_str(), "expired"),
        (
            paths::NEWSLETTER_CONFIRM,
            unsubscribe.as_str(),
            "an unsubscribe token to confirm",
        ),
        (
            paths::NEWSLETTER_CONFIRM,
            n_token.as_str(),
            "relabelled as a confirm token",
        ),
        (
            paths::NEWSLETTER_UNSUBSCRIBE,
            signature_confirm.as_str(),
            "a signature's token",
        ),
        (
            paths::NEWSLETTER_UNSUBSCRIBE,
            unbound.as_str(),
            "not bound to the address",
        ),
        (paths::NEWSLETTER_UNSUBSCRIBE, "", "empty"),
        (paths::NEWSLETTER_UNSUBSCRIBE, "u.", "no payload"),
    ];
    for (path, token, why) in cases {
        let response = app.with_token(path, token).await;
        assert_eq!(response.status(), 404, "{why} at {path}");
        assert_eq!(error_body(response).await.error.code, ErrorCode::NotFound, "{why}");
    }
    assert_eq!(
        app.subscriber_state("hal@example.org").await.as_deref(),
        Some("subscribed")
    );
}

#[tokio::test]
async fn an_old_link_never_names_the_next_address_given_a_forgotten_id() {
    let app = spawn_app().await;
    let old_token = app.subscribed("ida@example.org", Locale::En).await;
    status(app.with_token(paths::NEWSLETTER_UNSUBSCRIBE, &old_token).await).await;
    civic_server::newsletter::tidy(&app.pool, OffsetDateTime::now_utc() + Duration::days(31))
        .await
        .unwrap();
    assert_eq!(subscribers(&app).await, 0);
    let old_id = tokens::claimed_subject(Purpose::Unsubscribe, &old_token).expect("the link names an id");
    if !app.on_sqlite() {
        // PostgreSQL never gives an id twice by itself, but a sequence
        // reset after restoring a backup would.
        sqlx::query(&format!(
            "ALTER TABLE newsletter_subscribers ALTER COLUMN id RESTART WITH {old_id}"
        ))
        .execute(&app.pool)
        .await
        .unwrap();
    }

    app.subscribe(&address_request("jon@example.org", Locale::En)).await;
    let reused: i64 = app.scalar("SELECT id FROM newsletter_subscribers").await;
    assert_eq!(reused, old_id, "the id is given again");

    for path in [paths::NEWSLETTER_UNSUBSCRIBE, paths::NEWSLETTER_RESUBSCRIBE] {
        assert_eq!(app.with_token(path, &old_token).await.status(), 404, "{path}");
    }
    assert_eq!(
        app.subscriber_state("jon@example.org").await.as_deref(),
        Some("pending")
    );
}

#[tokio::test]
async fn a_lost_unsubscribe_link_is_mailed_again_to_subscribed_addresses_only() {
    let app = spawn_app().await;
    app.subscribed("kim@example.org", Locale::Es).await;
    app.subscribe(&address_request("lea@example.org", Locale::En)).await;

    for email in ["kim@example.org", "lea@example.org", "nobody@example.org"] {
        let response = app.ask_unsubscribe_link(&address_request(email, Locale::Es)).await;
        assert_eq!(response.status(), 202);
        assert_eq!(response.text().await.unwrap(), r#"{"status":"check_inbox"}"#);
    }

    let kim = app.mails_to("kim@example.org").await;
    assert_eq!(kim.len(), 3, "confirmation, welcome, the fresh link");
    assert_eq!(kim[0].subject, "Su enlace para darse de baja del boletín de Civic");
    assert_list_mail(&kim[0]);
    assert_eq!(app.mails_to("lea@example.org").await.len(), 1, "only its confirmation");
    assert!(app.mails_to("nobody@example.org").await.is_empty());
    let token = app.token_in_mail("kim@example.org", "/es/unsubscribe?t=").await;
    let done = status(app.with_token(paths::NEWSLETTER_UNSUBSCRIBE, &token).await).await;
    assert_eq!(done.state, SubscriptionState::Unsubscribed);
}
