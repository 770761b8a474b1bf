//! Signing: confirmation by e-mail, duplicates, retries, tokens, closed
//! petitions, bad input, limits and a crowd signing at once.

use std::time::Duration;

use civic_api::petition::{Confirmation, ResendRequest, SignReceipt, SignRequest, SignerGreeting};
use civic_api::{ErrorCode, FieldError, Locale};
use civic_server::config::RateLimit;
use civic_server::db::Flag;
use civic_server::tokens::{self, CONFIRM_TTL, PERSON_TTL, Purpose};
use time::OffsetDateTime;

use crate::fixture::PUBLIC_URL;
use crate::helpers::{TestApp, error_body, links, test_secret};
use crate::petitions_fixture::{
    CLOSED, ENGLISH_FRENCH, OPEN, idempotency_key, petitions_setup, sign_request, spawn_petitions_app, token_of,
};

async fn signatures(app: &TestApp) -> i64 {
    app.scalar("SELECT COUNT(*) FROM signatures").await
}

async fn mails(app: &TestApp) -> i64 {
    app.scalar("SELECT COUNT(*) FROM mail_outbox").await
}

async fn signature_id(app: &TestApp, email_key: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM signatures WHERE email_key = $1")
        .bind(email_key)
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

/// A person token from the thank-you mail of someone who signed `OPEN`.
async fn person_token(app: &TestApp, email: &str, locale: Locale) -> (Confirmation, String) {
    let confirmation = app
        .sign_and_confirm(OPEN, &sign_request("Ana Martín", email, "ES", locale))
        .await;
    let link = app.link_in_latest_mail_to(email, "/petitions/open-data?t=").await;
    (confirmation, token_of(&link))
}

#[derive(Debug, PartialEq, Eq, sqlx::FromRow)]
struct Stored {
    email: String,
    email_key: String,
    country: String,
    comment: Option<String>,
    #[sqlx(try_from = "Flag")]
    newsletter: bool,
    locale: String,
    source: Option<String>,
    confirmed_at: Option<String>,
}

#[tokio::test]
async fn signing_stores_a_pending_signature_and_mails_a_confirmation_in_the_signers_language() {
    let app = spawn_petitions_app().await;
    let request = SignRequest {
        comment: "Pour nos enfants".into(),
        newsletter: true,
        source: Some("Mastodon".into()),
        ..sign_request("Zoé Dupont", "Zoe.Dupont@Example.org", "fr", Locale::Fr)
    };

    let response = app.sign(OPEN, &request).await;

    assert_eq!(response.status(), 202);
    assert_eq!(response.text().await.unwrap(), r#"{"status":"check_inbox"}"#);
    let row: Stored = sqlx::query_as(
        "SELECT email, email_key, country, comment, newsletter, locale, source, confirmed_at FROM signatures",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let expected = Stored {
        email: "Zoe.Dupont@example.org".into(),
        email_key: "zoedupont@example.org".into(),
        country: "FR".into(),
        comment: Some("Pour nos enfants".into()),
        newsletter: true,
        locale: "fr".into(),
        source: Some("mastodon".into()),
        confirmed_at: None,
    };
    assert_eq!(row, expected);
    assert_eq!(app.count(OPEN).await.count, 0, "pending signatures do not count");
    let mail = &app.mails_to("Zoe.Dupont@example.org").await[0];
    assert_eq!(mail.locale, "fr");
    assert!(
        mail.subject.contains("De l'air pur près des écoles"),
        "{}",
        mail.subject
    );
    assert!(mail.text.starts_with("Bonjour Zoé,"), "{}", mail.text);
    let link = app
        .link_in_latest_mail_to("Zoe.Dupont@example.org", "confirm-signature")
        .await;
    assert!(
        link.starts_with(&format!("{PUBLIC_URL}/fr/confirm-signature?t=c.")),
        "{link}"
    );
    assert!(mail.html.contains("<html lang=\"fr\" dir=\"ltr\">"));
}

#[tokio::test]
async fn unconfirmed_signatures_are_forgotten_after_thirty_days_and_counted_ones_kept() {
    let app = spawn_petitions_app().await;
    app.sign(OPEN, &sign_request("Ana Martín", "ana@example.org", "ES", Locale::Es))
        .await;
    app.sign_and_confirm(OPEN, &sign_request("Bo Lind", "bo@example.org", "SE", Locale::En))
        .await;
    let now = OffsetDateTime::now_utc();

    civic_server::petitions::tidy(&app.pool, now + time::Duration::days(29))
        .await
        .unwrap();
    assert_eq!(signatures(&app).await, 2, "kept while it may still be confirmed");

    civic_server::petitions::tidy(
        &app.pool,
        now + civic_server::petitions::FORGET_UNCONFIRMED_AFTER + time::Duration::minutes(1),
    )
    .await
    .unwrap();
    assert_eq!(signatures(&app).await, 1);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM signatures WHERE email = 'ana@example.org'")
            .await,
        0,
        "the unconfirmed one is gone"
    );
    assert_eq!(app.count(OPEN).await.count, 1);
    assert_eq!(app.stored_count(OPEN).await, 1);
}

#[tokio::test]
async fn the_confirmation_link_counts_the_signature_once() {
    let app = spawn_petitions_app().await;
    let request = sign_request("Ana Martín", "ana@example.org", "ES", Locale::Es);
    app.sign(OPEN, &request).await;
    let token = app.confirm_token_for("ana@example.org").await;

    let first = app.confirm(&token).await;

    assert_eq!(first.status(), 200);
    let first: Confirmation = first.json().await.unwrap();
    assert_eq!(first.slug.as_str(), OPEN);
    assert_eq!(first.locale, Locale::Es);
    assert_eq!(first.title, "Aire limpio cerca de las escuelas");
    assert_eq!(first.first_name, "Ana");
    assert_eq!(first.referral.signed_through, 0);
    assert_eq!(first.referral.code.as_str().len(), 8);
    assert_eq!(app.count(OPEN).await.count, 1);
    let again = app.confirm(&token).await;
    assert_eq!(again.status(), 200);
    assert_eq!(again.json::<Confirmation>().await.unwrap(), first);
    assert_eq!(app.count(OPEN).await.count, 1);
    assert_eq!(app.stored_count(OPEN).await, 1);
    assert_eq!(
        app.scalar("SELECT SUM(signatures) FROM petition_country_counts").await,
        1
    );

    let thanks = app.mails_to("ana@example.org").await;
    assert_eq!(
        thanks.len(),
        2,
        "one confirmation, one thank-you: confirming twice mails once"
    );
    let share = app.link_in_latest_mail_to("ana@example.org", "/s/").await;
    assert_eq!(share, format!("{PUBLIC_URL}/s/{}", first.referral.code));
    let other = app.link_in_latest_mail_to("ana@example.org", "/petitions/").await;
    assert!(
        other.starts_with(&format!("{PUBLIC_URL}/es/petitions/{ENGLISH_FRENCH}?t=p.")),
        "{other}"
    );
    assert!(!thanks[0].text.contains(CLOSED), "closed petitions are not offered");
    assert!(
        !thanks[0].text.contains(&format!("/petitions/{OPEN}")),
        "nor the one just signed"
    );
}

#[tokio::test]
async fn one_mailbox_typed_two_ways_counts_once_and_gets_the_same_answer() {
    let app = spawn_petitions_app().await;
    let first = app
        .sign(OPEN, &sign_request("Jane Doe", "J.Doe+x@Example.org", "GB", Locale::En))
        .await;
    let second = app
        .sign(OPEN, &sign_request("Jane Doe", "jdoe@example.org", "GB", Locale::En))
        .await;

    assert_eq!(
        (first.status(), second.status()),
        (202.try_into().unwrap(), 202.try_into().unwrap())
    );
    assert_eq!(first.text().await.unwrap(), second.text().await.unwrap());
    assert_eq!(signatures(&app).await, 1);
    let reminder = &app.mails_to("J.Doe+x@example.org").await[0];
    assert!(
        reminder.subject.contains("waiting"),
        "a reminder to the first address: {}",
        reminder.subject
    );
    assert!(reminder.text.contains("/confirm-signature?t=c."));

    let token = app.confirm_token_for("J.Doe+x@example.org").await;
    assert_eq!(app.confirm(&token).await.status(), 200);
    let third = app
        .sign(OPEN, &sign_request("Jane Doe", "JDOE@EXAMPLE.ORG", "GB", Locale::En))
        .await;

    assert_eq!(third.status(), 202);
    assert_eq!(third.text().await.unwrap(), r#"{"status":"check_inbox"}"#);
    assert_eq!(app.count(OPEN).await.count, 1);
    assert_eq!(signatures(&app).await, 1);
    let already = &app.mails_to("J.Doe+x@example.org").await[0];
    assert!(already.subject.contains("already signed"), "{}", already.subject);
    assert!(already.text.contains(&format!("{PUBLIC_URL}/s/")), "{}", already.text);
}

#[tokio::test]
async fn a_retried_request_stores_and_mails_nothing_new() {
    let app = spawn_petitions_app().await;
    let request = sign_request("Ana Martín", "ana@example.org", "ES", Locale::Es);

    let first = app.sign(OPEN, &request).await;
    let retry = app.sign(OPEN, &request).await;

    assert_eq!(
        (first.status(), retry.status()),
        (202.try_into().unwrap(), 202.try_into().unwrap())
    );
    assert_eq!(signatures(&app).await, 1);
    assert_eq!(mails(&app).await, 1);
}

#[tokio::test]
async fn a_filled_honeypot_looks_accepted_but_changes_nothing() {
    let app = spawn_petitions_app().await;
    let request = SignRequest {
        website: "http://spam.example".into(),
        ..sign_request("Bot", "bot@example.org", "US", Locale::En)
    };

    let response = app.sign(OPEN, &request).await;

    assert_eq!(response.status(), 202);
    assert_eq!(response.text().await.unwrap(), r#"{"status":"check_inbox"}"#);
    assert_eq!((signatures(&app).await, mails(&app).await), (0, 0));
}

#[tokio::test]
async fn invalid_fields_are_refused_together_and_change_nothing() {
    let app = spawn_petitions_app().await;
    let request = SignRequest {
        idempotency_key: "short".into(),
        name: " ".into(),
        email: "not-an-address".into(),
        country: "XX".into(),
        comment: "x".repeat(501),
        source: Some("bad source!".into()),
        referral: Some("../evil".into()),
        ..sign_request("", "", "", Locale::En)
    };

    let response = app.sign(OPEN, &request).await;

    assert_eq!(response.status(), 422);
    let body = error_body(response).await;
    assert_eq!(body.error.code, ErrorCode::Validation);
    let fields: Vec<(&str, FieldError)> = body.error.fields.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    assert_eq!(
        fields,
        [
            ("comment", FieldError::TooLong),
            ("country", FieldError::Invalid),
            ("email", FieldError::Invalid),
            ("idempotency_key", FieldError::TooShort),
            ("name", FieldError::Required),
            ("referral", FieldError::Invalid),
            ("source", FieldError::Invalid),
        ]
    );
    let unknown_field = app
        .post_json(
            "/api/petitions/clean-air/signatures",
            &serde_json::json!({"idempotency_key": idempotency_key(), "name": "A", "email": "a@example.org", "country": "FR", "locale": "fr", "admin": true}),
        )
        .await;
    assert_eq!(unknown_field.status(), 400);
    assert_eq!((signatures(&app).await, mails(&app).await), (0, 0));
}

#[tokio::test]
async fn a_closed_or_unknown_petition_refuses_signatures() {
    let app = spawn_petitions_app().await;
    let request = sign_request("Ana Martín", "ana@example.org", "ES", Locale::Es);

    let closed = app.sign(CLOSED, &request).await;

    assert_eq!(closed.status(), 409);
    assert_eq!(error_body(closed).await.error.code, ErrorCode::Conflict);
    let unknown = app.sign("no-such-petition", &request).await;
    assert_eq!(unknown.status(), 404);
    assert_eq!((signatures(&app).await, mails(&app).await), (0, 0));
    assert_eq!(app.count(CLOSED).await.count, 0);
}

#[tokio::test]
async fn tampered_expired_and_misused_tokens_are_not_found_and_change_nothing() {
    let app = spawn_petitions_app().await;
    app.sign(OPEN, &sign_request("Ana Martín", "ana@example.org", "ES", Locale::Es))
        .await;
    let genuine = app.confirm_token_for("ana@example.org").await;
    let id = signature_id(&app, "ana@example.org").await;
    let key = test_secret();
    let now = OffsetDateTime::now_utc();
    let mut tampered = genuine.clone().into_bytes();
    let last = tampered.len() - 1;
    tampered[last] = if tampered[last] == b'A' { b'B' } else { b'A' };
    let cases = [
        (String::from_utf8(tampered).unwrap(), "tampered"),
        (
            tokens::issue(&key, Purpose::Confirm, id, CONFIRM_TTL, now - time::Duration::days(8)),
            "expired",
        ),
        (
            tokens::issue(&key, Purpose::Person, id, PERSON_TTL, now),
            "a person token",
        ),
        (genuine.replacen("c.", "p.", 1), "the prefix changed"),
        (String::new(), "empty"),
        ("c.".repeat(400), "long garbage"),
    ];
    for (token, why) in &cases {
        let response = app.confirm(token).await;
        assert_eq!(response.status(), 404, "{why}");
        assert_eq!(error_body(response).await.error.code, ErrorCode::NotFound, "{why}");
    }
    assert_eq!(app.count(OPEN).await.count, 0);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM signatures WHERE confirmed_at IS NOT NULL")
            .await,
        0
    );

    for (token, why) in [
        (genuine.clone(), "a confirm token"),
        (
            tokens::issue(&key, Purpose::Person, id, PERSON_TTL, now - time::Duration::days(31)),
            "expired",
        ),
        (
            tokens::issue(&key, Purpose::Person, id, PERSON_TTL, now),
            "a pending signer",
        ),
    ] {
        assert_eq!(app.signer(OPEN, &token).await.status(), 404, "{why}");
    }
    assert_eq!(
        app.confirm(&genuine).await.status(),
        200,
        "the genuine token still works"
    );
}

#[tokio::test]
async fn a_tracked_link_greets_the_signer_and_signs_in_one_click_once() {
    let app = spawn_petitions_app().await;
    let (_, token) = person_token(&app, "ana.martin@example.org", Locale::Es).await;

    let greeting = app.signer(ENGLISH_FRENCH, &token).await;

    assert_eq!(greeting.status(), 200);
    let greeting: SignerGreeting = greeting.json().await.unwrap();
    assert_eq!(greeting.first_name, "Ana");
    assert_eq!(greeting.name, "Ana Martín");
    assert_eq!(greeting.email, "ana.martin@example.org");
    assert_eq!(greeting.country.code(), "ES");
    assert_eq!(greeting.signed, None);

    let request = SignRequest {
        token: Some(token.clone()),
        ..sign_request("Ana Martín", "ana.martin@example.org", "ES", Locale::Es)
    };
    let signed = app.sign(ENGLISH_FRENCH, &request).await;
    assert_eq!(signed.status(), 200);
    let SignReceipt::Signed { first_name, referral } = signed.json().await.unwrap() else {
        panic!("a valid token signs at once");
    };
    assert_eq!(first_name, "Ana");
    assert_eq!(app.count(ENGLISH_FRENCH).await.count, 1);
    assert_eq!(app.stored_count(ENGLISH_FRENCH).await, 1);

    let twice = app
        .sign(
            ENGLISH_FRENCH,
            &SignRequest {
                idempotency_key: idempotency_key(),
                ..request.clone()
            },
        )
        .await;
    assert_eq!(twice.status(), 200);
    let SignReceipt::Signed { referral: same, .. } = twice.json().await.unwrap() else {
        panic!("signed already");
    };
    assert_eq!(same, referral);
    let retry = app.sign(ENGLISH_FRENCH, &request).await;
    assert_eq!(retry.status(), 200);
    assert_eq!(app.count(ENGLISH_FRENCH).await.count, 1);
    let greeting: SignerGreeting = app.signer(ENGLISH_FRENCH, &token).await.json().await.unwrap();
    assert_eq!(greeting.signed, Some(referral));
}

#[tokio::test]
async fn a_token_proves_only_its_own_address() {
    let app = spawn_petitions_app().await;
    let (_, token) = person_token(&app, "ana@example.org", Locale::En).await;
    let request = SignRequest {
        token: Some(token),
        ..sign_request("Mallory", "mallory@example.org", "US", Locale::En)
    };

    let response = app.sign(ENGLISH_FRENCH, &request).await;

    assert_eq!(response.status(), 202);
    assert_eq!(app.count(ENGLISH_FRENCH).await.count, 0);
    assert!(
        !app.mails_to("mallory@example.org").await.is_empty(),
        "mallory must confirm by mail"
    );
}

#[tokio::test]
async fn signatures_through_a_share_link_are_counted_for_the_sharer() {
    let app = spawn_petitions_app().await;
    let (sharer, token) = person_token(&app, "ana@example.org", Locale::En).await;
    let code = sharer.referral.code.to_string();

    for (n, email) in ["friend1@example.org", "friend2@example.org"].iter().enumerate() {
        let request = SignRequest {
            referral: Some(code.clone()),
            source: Some(if n == 0 { "whatsapp" } else { "bluesky" }.into()),
            ..sign_request("Friend", email, "PT", Locale::En)
        };
        app.sign_and_confirm(OPEN, &request).await;
    }
    app.sign(
        OPEN,
        &SignRequest {
            referral: Some(code.clone()),
            ..sign_request("Unconfirmed", "friend3@example.org", "PT", Locale::En)
        },
    )
    .await;

    let greeting: SignerGreeting = app.signer(OPEN, &token).await.json().await.unwrap();
    assert_eq!(
        greeting.signed.unwrap().signed_through,
        2,
        "only confirmed signatures count"
    );
    let sources: Vec<(Option<String>, Option<String>)> =
        sqlx::query_as("SELECT source, referred_by FROM signatures WHERE email LIKE 'friend%' ORDER BY email")
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert_eq!(
        sources,
        [
            (Some("whatsapp".into()), Some(code.clone())),
            (Some("bluesky".into()), Some(code.clone())),
            (None, Some(code))
        ]
    );
}

#[tokio::test]
async fn the_confirmation_can_be_sent_again_but_only_to_a_waiting_signer() {
    let app = spawn_petitions_app().await;
    app.sign(OPEN, &sign_request("Ana Martín", "ana@example.org", "ES", Locale::Es))
        .await;
    let resend = |email: &str| ResendRequest {
        idempotency_key: idempotency_key(),
        locale: Some(Locale::Es),
        email: email.into(),
    };

    let waiting = app
        .post_json("/api/petitions/clean-air/signatures/resend", &resend("Ana@Example.org"))
        .await;
    let stranger = app
        .post_json(
            "/api/petitions/clean-air/signatures/resend",
            &resend("nobody@example.org"),
        )
        .await;

    assert_eq!(
        (waiting.status(), stranger.status()),
        (202.try_into().unwrap(), 202.try_into().unwrap())
    );
    assert_eq!(app.mails_to("ana@example.org").await.len(), 2);
    assert_eq!(mails(&app).await, 2);
    let bad = app
        .post_json("/api/petitions/clean-air/signatures/resend", &resend("nope"))
        .await;
    assert_eq!(bad.status(), 422);
}

#[tokio::test]
async fn signing_is_rate_limited_per_client() {
    let mut setup = petitions_setup();
    setup.config.rate_limit = RateLimit {
        burst: 3,
        period: Duration::from_secs(60),
    };
    let app = setup.spawn().await;

    let mut statuses = Vec::new();
    for n in 0..5 {
        let request = sign_request("Ana Martín", &format!("ana{n}@example.org"), "ES", Locale::Es);
        statuses.push(app.sign(OPEN, &request).await.status().as_u16());
    }

    assert_eq!(statuses, [202, 202, 202, 429, 429]);
    assert_eq!(signatures(&app).await, 3);
}

#[tokio::test]
async fn a_crowd_signing_at_once_is_acknowledged_and_stored_in_full() {
    let app = std::sync::Arc::new(spawn_petitions_app().await);
    let signers = 200;

    let tasks: Vec<_> = (0..signers)
        .map(|n| {
            let app = std::sync::Arc::clone(&app);
            tokio::spawn(async move {
                let request = sign_request("Crowd Member", &format!("crowd{n}@example.org"), "FR", Locale::Fr);
                app.sign(OPEN, &request).await.status().as_u16()
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for task in tasks {
        statuses.push(task.await.unwrap());
    }

    assert!(statuses.iter().all(|status| *status == 202), "{statuses:?}");
    assert_eq!(signatures(&app).await, signers);
    assert_eq!(mails(&app).await, signers);

    // Many confirmations of one signature at once still count it once.
    // The dev outbox shows only the latest messages: read this one from the table.
    let text: String = sqlx::query_scalar("SELECT text_body FROM mail_outbox WHERE recipient = 'crowd7@example.org'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let link = links(&text)
        .into_iter()
        .find(|link| link.contains("confirm-signature"))
        .unwrap();
    let token = token_of(&link);
    let confirms: Vec<_> = (0..20)
        .map(|_| {
            let app = std::sync::Arc::clone(&app);
            let token = token.clone();
            tokio::spawn(async move { app.confirm(&token).await.status().as_u16() })
        })
        .collect();
    for confirm in confirms {
        assert_eq!(confirm.await.unwrap(), 200);
    }
    assert_eq!(app.count(OPEN).await.count, 1);
    assert_eq!(app.stored_count(OPEN).await, 1);
}
