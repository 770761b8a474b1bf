//! The contact form (correspondence): kept for staff, copied to the
//! organisation's address, acknowledged to the sender in their language;
//! once per message however often it is sent; refused field by field.

use civic_api::contact::{ContactReceipt, ContactRequest};
use civic_api::{ErrorCode, FieldError, Locale, paths};
use reqwest::Response;
use reqwest::header::CONTENT_TYPE;

use crate::helpers::{CONTACT_TO, TestApp, error_body, spawn_app, text_of};

fn valid_message() -> ContactRequest {
    ContactRequest {
        idempotency_key: "7a1c2d3e-0000-4000-8000-000000000301".into(),
        locale: Some(Locale::Es),
        name: "Lucía Fernández".into(),
        email: "lucia@example.org".into(),
        subject: "Una alianza en Valencia".into(),
        message: "Somos una asociación vecinal y queremos sumarnos. ¿Cómo empezamos?".into(),
        website: String::new(),
    }
}

async fn post_message(app: &TestApp, message: &ContactRequest) -> Response {
    app.client
        .post(app.url(paths::CONTACT_MESSAGES))
        .header(CONTENT_TYPE, "application/json")
        .json(message)
        .send()
        .await
        .unwrap()
}

/// The sender's acknowledgement is answered, if at all, to us.
async fn acknowledgement_has_no_reply_to(app: &TestApp) -> bool {
    app.mails_to("lucia@example.org")
        .await
        .iter()
        .all(|mail| mail.reply_to.is_none())
}

async fn stored_messages(app: &TestApp) -> i64 {
    app.scalar("SELECT COUNT(*) FROM contact_messages").await
}

#[tokio::test]
async fn a_message_is_kept_copied_to_the_organisation_and_acknowledged_in_the_senders_language() {
    let app = spawn_app().await;

    let response = post_message(&app, &valid_message()).await;

    assert_eq!(response.status(), 201);
    let receipt: ContactReceipt = response.json().await.unwrap();
    assert!(receipt.reference.starts_with("C-"), "{}", receipt.reference);
    let (name, email, subject, locale): (String, String, String, String) =
        sqlx::query_as("SELECT name, email, subject, locale FROM contact_messages WHERE reference = $1")
            .bind(&receipt.reference)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(
        (name.as_str(), email.as_str(), subject.as_str(), locale.as_str()),
        ("Lucía Fernández", "lucia@example.org", "Una alianza en Valencia", "es")
    );

    let copies = app.mails_to(CONTACT_TO).await;
    assert_eq!(copies.len(), 1, "one copy for staff");
    assert_eq!(
        copies[0].subject,
        format!("[{}] Una alianza en Valencia", receipt.reference)
    );
    assert!(copies[0].text.contains("queremos sumarnos"), "{}", copies[0].text);
    assert!(
        copies[0].text.contains("From: Lucía Fernández <lucia@example.org>"),
        "who wrote"
    );
    assert_eq!(
        copies[0].reply_to.as_deref(),
        Some("lucia@example.org"),
        "answering replies to the sender"
    );
    assert!(acknowledgement_has_no_reply_to(&app).await);

    let acknowledgements = app.mails_to("lucia@example.org").await;
    assert_eq!(acknowledgements.len(), 1);
    let ack = &acknowledgements[0];
    assert_eq!(ack.locale, "es");
    assert_eq!(ack.subject, "Hemos recibido su mensaje");
    assert!(
        ack.text.contains("Hola, Lucía:") && ack.text.contains(&receipt.reference),
        "{}",
        ack.text
    );
    assert!(
        !ack.text.contains("queremos sumarnos"),
        "the message is not echoed to the address"
    );
}

#[tokio::test]
async fn a_retry_with_the_same_key_answers_the_first_reference_and_sends_nothing_again() {
    let app = spawn_app().await;
    let first: ContactReceipt = post_message(&app, &valid_message()).await.json().await.unwrap();

    let retry = post_message(&app, &valid_message()).await;

    assert_eq!(retry.status(), 200);
    let second: ContactReceipt = retry.json().await.unwrap();
    assert_eq!(second.reference, first.reference);
    assert_eq!(stored_messages(&app).await, 1);
    assert_eq!(app.mails_to(CONTACT_TO).await.len(), 1);
    assert_eq!(app.mails_to("lucia@example.org").await.len(), 1);
}

#[tokio::test]
async fn a_filled_honeypot_looks_accepted_but_keeps_and_sends_nothing() {
    let app = spawn_app().await;
    let message = ContactRequest {
        website: "http://spam.example".into(),
        ..valid_message()
    };

    let response = post_message(&app, &message).await;

    assert_eq!(response.status(), 201);
    assert_eq!(stored_messages(&app).await, 0);
    assert!(app.outbox().await.is_empty(), "no mail to anyone");
}

#[tokio::test]
async fn each_wrong_field_is_refused_with_its_reason_and_nothing_is_kept_or_sent() {
    let app = spawn_app().await;
    let message = ContactRequest {
        name: String::new(),
        email: "lucia@".into(),
        subject: "Hola\r\nBcc: everyone@example.org".into(),
        message: "corto".into(),
        ..valid_message()
    };

    let response = post_message(&app, &message).await;

    assert_eq!(response.status(), 422);
    let body = error_body(response).await;
    assert_eq!(body.error.code, ErrorCode::Validation);
    let fields = &body.error.fields;
    assert_eq!(fields.get("name"), Some(&FieldError::Required));
    assert_eq!(fields.get("email"), Some(&FieldError::Invalid));
    assert_eq!(
        fields.get("subject"),
        Some(&FieldError::Invalid),
        "a subject is one line"
    );
    assert_eq!(fields.get("message"), Some(&FieldError::TooShort));
    assert_eq!(stored_messages(&app).await, 0);
    assert!(app.outbox().await.is_empty());
}

#[tokio::test]
async fn the_contact_page_takes_a_post_without_javascript_once_and_keeps_a_refused_one() {
    let app = spawn_app().await;
    let post = |body: &'static str| {
        app.client
            .post(format!("{}/fr/contact", app.address))
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header("sec-fetch-site", "same-origin")
            .body(body)
            .send()
    };
    let refused = post(
        "idempotency_key=7a1c2d3e-0000-4000-8000-000000000302&name=Zo%C3%A9&email=zoe%40example.org\
         &subject=Presse&message=court&website=",
    )
    .await
    .unwrap();
    assert_eq!(refused.status(), 422);
    let html = refused.text().await.unwrap();
    assert!(
        text_of(&html).contains("Écrivez au moins 10 caractères."),
        "the message's error, in French"
    );
    assert!(html.contains("value=\"Presse\""), "what was typed stays");
    assert_eq!(stored_messages(&app).await, 0);

    let body = "idempotency_key=7a1c2d3e-0000-4000-8000-000000000303&name=Zo%C3%A9&email=zoe%40example.org\
         &subject=Presse&message=Une+demande+d%27entretien.&website=";
    let taken = post(body).await.unwrap();
    assert_eq!(taken.status(), 200);
    let html = taken.text().await.unwrap();
    let reference: String = sqlx::query_scalar("SELECT reference FROM contact_messages")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert!(
        text_of(&html).contains(&format!(
            "Merci, votre message nous est parvenu. Sa référence est {reference}"
        )),
        "the reference is in the page"
    );
    assert!(
        !html.contains("value=\"Presse\""),
        "the form is empty for a new message"
    );
    let again = post(body).await.unwrap().text().await.unwrap();
    assert!(text_of(&again).contains(&reference));
    assert_eq!(
        stored_messages(&app).await,
        1,
        "a reload that posts again sends it once"
    );
    assert_eq!(app.mails_to("zoe@example.org").await.len(), 1);
}

#[tokio::test]
async fn the_longest_message_in_arabic_is_taken_without_javascript_too() {
    let app = spawn_app().await;
    // 4,000 Arabic letters: 8 KB of UTF-8, 24 KB once URL-encoded.
    let message: String = "ب".repeat(civic_api::contact::MESSAGE_MAX);
    let body = format!(
        "idempotency_key=7a1c2d3e-0000-4000-8000-000000000304&name=%D9%84%D9%8A%D9%84%D9%89&email=layla%40example.org\
         &subject=%D8%B3%D8%A4%D8%A7%D9%84&message={}&website=",
        form_urlencoded::byte_serialize(message.as_bytes()).collect::<String>()
    );
    assert!(body.len() > 16 * 1024, "{} bytes: more than the API takes", body.len());
    let response = app
        .client
        .post(format!("{}/ar/contact", app.address))
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "same-origin")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let stored: String = sqlx::query_scalar("SELECT message FROM contact_messages")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(stored, message);
}

#[tokio::test]
async fn signed_in_the_contact_page_comes_filled_with_the_members_name_and_address() {
    let app = spawn_app().await;
    crate::accounts::join_and_confirm(&app, "amira@example.org").await;
    let cookie = crate::accounts::signed_in(&app, "amira@example.org").await;

    let anonymous = app.get("/contact").await.text().await.unwrap();
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(reqwest::header::COOKIE, cookie.parse().unwrap());
    let response = app.get_with("/contact", headers).await;

    assert!(!anonymous.contains("amira@example.org") && !anonymous.contains("civic-viewer"));
    assert_eq!(
        response.headers()["cache-control"],
        "private, no-cache",
        "drawn for one member"
    );
    let html = response.text().await.unwrap();
    assert!(html.contains(r#"value="Amira Haddad""#), "the name is filled");
    assert!(html.contains(r#"value="amira@example.org""#), "the address is filled");
    assert!(
        html.contains(r#"id="civic-viewer""#),
        "and carried for the app, which draws the same"
    );
}

#[tokio::test]
async fn a_refused_post_from_a_signed_in_member_keeps_what_they_typed_over_their_details() {
    let app = spawn_app().await;
    crate::accounts::join_and_confirm(&app, "amira@example.org").await;
    let cookie = crate::accounts::signed_in(&app, "amira@example.org").await;

    let refused = app
        .client
        .post(format!("{}/contact", app.address))
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "same-origin")
        .header(reqwest::header::COOKIE, &cookie)
        .body(
            "idempotency_key=7a1c2d3e-0000-4000-8000-000000000311&name=Press+office&email=press%40example.org\
             &subject=Interview&message=short&website=",
        )
        .send()
        .await
        .unwrap();

    assert_eq!(refused.status(), 422);
    let html = refused.text().await.unwrap();
    assert!(html.contains(r#"value="Press office""#), "the name typed stays");
    assert!(html.contains(r#"value="press@example.org""#), "the address typed stays");
    assert!(!html.contains(r#"value="Amira Haddad""#));
}
