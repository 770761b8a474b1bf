//! Joining the list: double opt-in, the same answer for every address, the
//! honeypot, retries, bad input, and forgetting who never confirmed or left.

use civic_api::newsletter::{SubscriptionState, SubscriptionStatus};
use civic_api::{ErrorCode, FieldError, Locale, paths};
use time::{Duration, OffsetDateTime};

use crate::fixture::PUBLIC_URL;
use crate::helpers::{TestApp, error_body, spawn_app};
use crate::newsletter_fixture::{address_request, assert_list_mail, header, status, subscribers};

#[tokio::test]
async fn signing_up_stores_a_pending_address_and_mails_a_confirmation_in_its_language() {
    let app = spawn_app().await;

    let response = app
        .subscribe(&address_request("Zoe.Dupont@Example.org", Locale::Fr))
        .await;

    assert_eq!(response.status(), 202);
    assert_eq!(response.text().await.unwrap(), r#"{"status":"check_inbox"}"#);
    let row: (String, String, String, String, String) =
        sqlx::query_as("SELECT email, email_key, locale, state, source FROM newsletter_subscribers")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(
        row,
        (
            "Zoe.Dupont@example.org".into(),
            "zoedupont@example.org".into(),
            "fr".into(),
            "pending".into(),
            "form".into()
        )
    );
    let mails = app.mails_to("Zoe.Dupont@example.org").await;
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].locale, "fr");
    assert!(mails[0].text.starts_with("Bonjour,"), "{}", mails[0].text);
    assert!(mails[0].html.contains("<html lang=\"fr\" dir=\"ltr\">"));
    // Not on the list yet: nothing to unsubscribe from.
    assert_eq!(header(&mails[0], "List-Unsubscribe"), None);
    let link = app
        .link_in_latest_mail_to("Zoe.Dupont@example.org", "confirm-subscription")
        .await;
    assert!(
        link.starts_with(&format!("{PUBLIC_URL}/fr/confirm-subscription?t=n.")),
        "{link}"
    );
}

#[tokio::test]
async fn confirming_subscribes_once_and_welcomes_with_the_unsubscribe_link() {
    let app = spawn_app().await;
    app.subscribe(&address_request("ana@example.org", Locale::Es)).await;
    let token = app.token_in_mail("ana@example.org", "/confirm-subscription?t=").await;

    let first = status(app.with_token(paths::NEWSLETTER_CONFIRM, &token).await).await;
    let replayed = status(app.with_token(paths::NEWSLETTER_CONFIRM, &token).await).await;

    let expected = SubscriptionStatus {
        state: SubscriptionState::Subscribed,
        email_hint: "a\u{2022}\u{2022}\u{2022}@example.org".into(),
        locale: Locale::Es,
    };
    assert_eq!(first, expected);
    assert_eq!(replayed, expected, "confirming again answers the same");
    assert_eq!(
        app.subscriber_state("ana@example.org").await.as_deref(),
        Some("subscribed")
    );
    let mails = app.mails_to("ana@example.org").await;
    assert_eq!(mails.len(), 2, "the confirmation, then one welcome");
    assert_eq!(mails[0].locale, "es");
    assert_list_mail(&mails[0]);
    assert!(mails[0].text.contains(&format!("{PUBLIC_URL}/es/unsubscribe?t=u.")));
}

#[tokio::test]
async fn every_sign_up_gets_the_same_answer_and_the_mail_says_what_happened() {
    let app = spawn_app().await;
    let email = "bo@example.org";
    let mut bodies = Vec::new();
    let mut sign_up = async |app: &TestApp| {
        let response = app.subscribe(&address_request(email, Locale::En)).await;
        assert_eq!(response.status(), 202);
        bodies.push(response.text().await.unwrap());
    };

    sign_up(&app).await; // new
    sign_up(&app).await; // pending
    let confirm = app.token_in_mail(email, "/confirm-subscription?t=").await;
    app.with_token(paths::NEWSLETTER_CONFIRM, &confirm).await;
    sign_up(&app).await; // subscribed
    let unsubscribe = app.token_in_mail(email, "/unsubscribe?t=").await;
    status(app.with_token(paths::NEWSLETTER_UNSUBSCRIBE, &unsubscribe).await).await;
    sign_up(&app).await; // unsubscribed

    assert!(
        bodies.iter().all(|body| body == r#"{"status":"check_inbox"}"#),
        "{bodies:?}"
    );
    let mails = app.mails_to(email).await;
    let subjects: Vec<&str> = mails.iter().rev().map(|m| m.subject.as_str()).collect();
    assert_eq!(
        subjects,
        [
            "Please confirm your subscription to the Civic newsletter",
            "Please confirm your subscription to the Civic newsletter",
            "Welcome to the Civic newsletter",
            "You are already subscribed to the Civic newsletter",
            "Please confirm your subscription to the Civic newsletter",
        ]
    );
    assert_list_mail(&mails[1]);
    assert_eq!(
        app.subscriber_state(email).await.as_deref(),
        Some("pending"),
        "back after leaving: confirm again first"
    );
    assert_eq!(subscribers(&app).await, 1);
}

#[tokio::test]
async fn a_filled_honeypot_gets_the_same_answer_and_nothing_is_stored_or_sent() {
    let app = spawn_app().await;
    let mut request = address_request("bot@example.org", Locale::En);
    request.website = "https://spam.example".into();

    let response = app.subscribe(&request).await;
    let link_response = app.ask_unsubscribe_link(&request).await;

    assert_eq!(response.status(), 202);
    assert_eq!(response.text().await.unwrap(), r#"{"status":"check_inbox"}"#);
    assert_eq!(link_response.status(), 202);
    assert_eq!(subscribers(&app).await, 0);
    assert!(app.outbox().await.is_empty());
}

#[tokio::test]
async fn a_retried_sign_up_is_handled_once() {
    let app = spawn_app().await;
    let request = address_request("cy@example.org", Locale::En);

    for _ in 0..3 {
        assert_eq!(app.subscribe(&request).await.status(), 202);
    }

    assert_eq!(subscribers(&app).await, 1);
    assert_eq!(app.mails_to("cy@example.org").await.len(), 1);
}

#[tokio::test]
async fn bad_fields_are_refused_and_nothing_is_stored() {
    let app = spawn_app().await;
    let cases = [
        ("email", "not-an-address", FieldError::Invalid, "no at sign"),
        ("email", "", FieldError::Required, "empty address"),
        ("idempotency_key", "", FieldError::Required, "no idempotency key"),
    ];
    for (field, value, error, why) in cases {
        let mut request = address_request("dee@example.org", Locale::En);
        match field {
            "email" => request.email = value.into(),
            _ => request.idempotency_key = value.into(),
        }
        for path in [paths::NEWSLETTER_SUBSCRIPTIONS, paths::NEWSLETTER_UNSUBSCRIBE_LINKS] {
            let response = app.post_json(path, &request).await;
            assert_eq!(response.status(), 422, "{why} at {path}");
            let body = error_body(response).await;
            assert_eq!(body.error.code, ErrorCode::Validation);
            assert_eq!(body.error.fields.get(field), Some(&error), "{why}");
        }
    }
    let unknown_field = app
        .post_json(
            paths::NEWSLETTER_SUBSCRIPTIONS,
            &serde_json::json!({"idempotency_key": "k-0123456789abcdef", "locale": "en", "email": "a@b.org", "name": "A"}),
        )
        .await;
    assert_eq!(unknown_field.status(), 400);
    assert_eq!(subscribers(&app).await, 0);
}

#[tokio::test]
async fn pending_sign_ups_and_left_addresses_are_forgotten_after_thirty_days() {
    let app = spawn_app().await;
    app.subscribe(&address_request("max@example.org", Locale::En)).await;
    app.subscribed("ned@example.org", Locale::En).await;
    let leaving = app.subscribed("ola@example.org", Locale::En).await;
    status(app.with_token(paths::NEWSLETTER_UNSUBSCRIBE, &leaving).await).await;
    let now = OffsetDateTime::now_utc();

    civic_server::newsletter::tidy(&app.pool, now + Duration::days(29))
        .await
        .unwrap();
    assert_eq!(subscribers(&app).await, 3, "kept while they may still confirm or undo");

    civic_server::newsletter::tidy(&app.pool, now + Duration::days(31))
        .await
        .unwrap();
    assert_eq!(app.subscriber_state("max@example.org").await, None);
    assert_eq!(app.subscriber_state("ola@example.org").await, None);
    assert_eq!(
        app.subscriber_state("ned@example.org").await.as_deref(),
        Some("subscribed")
    );
    assert_eq!(
        app.with_token(paths::NEWSLETTER_RESUBSCRIBE, &leaving).await.status(),
        404
    );
}
