//! Passkeys with a software authenticator: adding one, signing in with it
//! instead of a password, removing it, and the answers that prove nothing
//! (replayed, from another site, for another account); staff requests need
//! a session opened with a passkey.

use civic_api::account::{AccountView, NewPasskeyRequest, PasskeyOptions, PasskeySignInRequest, PasskeyView, Role};
use civic_api::contact::ReceivedMessage;
use civic_api::{Email, ErrorCode, FieldError, paths};
use reqwest::Response;
use reqwest::header::{CONTENT_TYPE, COOKIE};
use serde_json::Value;

use crate::accounts::{delete_with_cookie, get_with_cookie, join_and_confirm, post, session_cookie, signed_in};
use crate::fixture::PUBLIC_URL;
use crate::helpers::{TestApp, error_body, spawn_app};
use crate::soft_authenticator::SoftAuthenticator;

const AMIRA: &str = "amira@example.org";

async fn post_with_cookie<T: serde::Serialize>(app: &TestApp, path: &str, cookie: &str, body: &T) -> Response {
    app.client
        .post(app.url(path))
        .header(COOKIE, cookie)
        .header(CONTENT_TYPE, "application/json")
        .json(body)
        .send()
        .await
        .unwrap()
}

async fn registration_options(app: &TestApp, cookie: &str) -> Value {
    let response = post_with_cookie(app, paths::ACCOUNT_PASSKEY_OPTIONS, cookie, &serde_json::json!({})).await;
    assert_eq!(response.status(), 200);
    response.json::<PasskeyOptions>().await.unwrap().public_key
}

/// Makes a passkey on `authenticator` for the signed-in account and sends
/// it; answers the server's response.
pub async fn add_passkey(app: &TestApp, cookie: &str, authenticator: &mut SoftAuthenticator, name: &str) -> Response {
    let options = registration_options(app, cookie).await;
    let credential = authenticator.register(&options, PUBLIC_URL);
    let request = NewPasskeyRequest {
        name: name.into(),
        credential,
    };
    post_with_cookie(app, paths::ACCOUNT_PASSKEYS, cookie, &request).await
}

async fn sign_in_options(app: &TestApp) -> Value {
    let response = post(app, paths::PASSKEY_SIGN_IN_OPTIONS, &serde_json::json!({})).await;
    assert_eq!(response.status(), 200);
    response.json::<PasskeyOptions>().await.unwrap().public_key
}

async fn sign_in_with(app: &TestApp, credential: Value) -> Response {
    post(app, paths::PASSKEY_SIGN_INS, &PasskeySignInRequest { credential }).await
}

/// Joins, signs in with the password and adds a passkey; answers the
/// authenticator that holds it.
pub async fn member_with_passkey(app: &TestApp, email: &str) -> SoftAuthenticator {
    join_and_confirm(app, email).await;
    let cookie = signed_in(app, email).await;
    let mut authenticator = SoftAuthenticator::new();
    assert_eq!(
        add_passkey(app, &cookie, &mut authenticator, "Phone").await.status(),
        201
    );
    authenticator
}

/// Signs in with the passkey on `authenticator`; answers the cookie.
pub async fn signed_in_with_passkey(app: &TestApp, authenticator: &mut SoftAuthenticator) -> String {
    let options = sign_in_options(app).await;
    let response = sign_in_with(app, authenticator.sign_in(&options, PUBLIC_URL)).await;
    assert_eq!(response.status(), 201);
    session_cookie(&response)
}

#[tokio::test]
async fn a_member_adds_a_passkey_signs_in_with_it_and_is_told_by_email() {
    let app = spawn_app().await;
    join_and_confirm(&app, AMIRA).await;
    let cookie = signed_in(&app, AMIRA).await;
    let mut authenticator = SoftAuthenticator::new();

    let added = add_passkey(&app, &cookie, &mut authenticator, "  My phone  ").await;

    assert_eq!(added.status(), 201);
    let view: PasskeyView = added.json().await.unwrap();
    assert_eq!(view.name, "My phone");
    assert_eq!(view.last_used_on, None);
    let listed: Vec<PasskeyView> = get_with_cookie(&app, paths::ACCOUNT_PASSKEYS, &cookie)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listed, vec![view]);
    let notice = &app.mails_to(AMIRA).await[0];
    assert!(notice.text.contains("My phone"), "{}", notice.text);
    assert!(
        notice.text.contains("/reset-password?t=r."),
        "a way back: {}",
        notice.text
    );

    let options = sign_in_options(&app).await;
    let answer = authenticator.sign_in(&options, PUBLIC_URL);
    let signed = sign_in_with(&app, answer.clone()).await;
    assert_eq!(signed.status(), 201);
    let passkey_cookie = session_cookie(&signed);
    assert!(passkey_cookie.starts_with("__Host-civic.session="));
    let me: AccountView = get_with_cookie(&app, paths::SESSION, &passkey_cookie)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me.email, AMIRA);
    assert!(!me.needs_passkey);
    let listed: Vec<PasskeyView> = get_with_cookie(&app, paths::ACCOUNT_PASSKEYS, &passkey_cookie)
        .await
        .json()
        .await
        .unwrap();
    assert!(listed[0].last_used_on.is_some(), "its use is noted");

    assert_eq!(
        sign_in_with(&app, answer).await.status(),
        401,
        "the same answer again: its challenge is used up"
    );
}

#[tokio::test]
async fn answers_that_prove_nothing_are_refused_and_store_nothing() {
    let app = spawn_app().await;
    let mut amira_key = member_with_passkey(&app, AMIRA).await;
    join_and_confirm(&app, "omar@example.org").await;
    let omar = signed_in(&app, "omar@example.org").await;
    let amira = signed_in(&app, AMIRA).await;

    // Another site's page asked the authenticator.
    let options = registration_options(&app, &omar).await;
    let elsewhere = SoftAuthenticator::new().register(&options, "https://civic.example.net");
    let refused = post_with_cookie(
        &app,
        paths::ACCOUNT_PASSKEYS,
        &omar,
        &NewPasskeyRequest {
            name: "Laptop".into(),
            credential: elsewhere,
        },
    )
    .await;
    assert_eq!(refused.status(), 422);
    assert_eq!(
        error_body(refused).await.error.fields["credential"],
        FieldError::Invalid
    );

    // Amira's challenge, answered by Omar's session.
    let options = registration_options(&app, &amira).await;
    let answer = SoftAuthenticator::new().register(&options, PUBLIC_URL);
    let request = NewPasskeyRequest {
        name: "Stolen".into(),
        credential: answer,
    };
    assert_eq!(
        post_with_cookie(&app, paths::ACCOUNT_PASSKEYS, &omar, &request)
            .await
            .status(),
        422
    );

    let options = sign_in_options(&app).await;
    let elsewhere = amira_key.sign_in(&options, "https://civic.example.net");
    assert_eq!(sign_in_with(&app, elsewhere).await.status(), 401);
    let forged = serde_json::json!({"id": "AAAA", "rawId": "AAAA", "type": "public-key", "response": {}});
    assert_eq!(sign_in_with(&app, forged).await.status(), 401);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM passkeys").await,
        1,
        "only Amira's first"
    );
    assert_eq!(app.scalar("SELECT COUNT(*) FROM account_sessions").await, 3);

    let unnamed = add_passkey(&app, &amira, &mut SoftAuthenticator::new(), " ").await;
    assert_eq!(error_body(unnamed).await.error.fields["name"], FieldError::Required);
}

#[tokio::test]
async fn a_removed_passkey_signs_no_one_in_and_the_member_is_told() {
    let app = spawn_app().await;
    let mut authenticator = member_with_passkey(&app, AMIRA).await;
    let cookie = signed_in(&app, AMIRA).await;
    let listed: Vec<PasskeyView> = get_with_cookie(&app, paths::ACCOUNT_PASSKEYS, &cookie)
        .await
        .json()
        .await
        .unwrap();

    let path = paths::ACCOUNT_PASSKEY.replace("{id}", &listed[0].id.to_string());
    assert_eq!(delete_with_cookie(&app, &path, &cookie).await.status(), 204);
    assert_eq!(delete_with_cookie(&app, &path, &cookie).await.status(), 404);

    let mails = app.mails_to(AMIRA).await;
    assert!(mails[0].text.contains("Phone"), "{}", mails[0].text);
    assert_ne!(
        mails[0].subject, mails[1].subject,
        "a removal notice, after the addition's"
    );
    let options = sign_in_options(&app).await;
    assert_eq!(
        sign_in_with(&app, authenticator.sign_in(&options, PUBLIC_URL))
            .await
            .status(),
        401
    );
    join_and_confirm(&app, "omar@example.org").await;
    let omar = signed_in(&app, "omar@example.org").await;
    assert_eq!(
        delete_with_cookie(&app, &path, &omar).await.status(),
        404,
        "nobody removes another's passkey"
    );
}

#[tokio::test]
async fn staff_requests_need_a_session_opened_with_a_passkey() {
    let app = spawn_app().await;
    let message = civic_api::contact::ContactRequest {
        idempotency_key: "7a1c2d3e-0000-4000-8000-000000000777".into(),
        locale: Some(civic_api::Locale::En),
        name: "Omar Benali".into(),
        email: "omar@example.org".into(),
        subject: "Local group".into(),
        message: "How do I start one?".into(),
        website: String::new(),
    };
    assert_eq!(post(&app, paths::CONTACT_MESSAGES, &message).await.status(), 201);
    let mut authenticator = member_with_passkey(&app, AMIRA).await;
    let member = signed_in_with_passkey(&app, &mut authenticator).await;
    let list = |cookie: String| {
        let app = &app;
        async move { get_with_cookie(app, paths::STAFF_CONTACT_MESSAGES, &cookie).await }
    };

    assert_eq!(app.get(paths::STAFF_CONTACT_MESSAGES).await.status(), 401);
    let refused = list(member).await;
    assert_eq!(refused.status(), 403);
    assert_eq!(error_body(refused).await.error.code, ErrorCode::Forbidden);

    civic_server::accounts::roles::grant(&app.pool, &Email::parse(AMIRA).unwrap(), Role::Editor)
        .await
        .unwrap();
    let with_password = signed_in(&app, AMIRA).await;
    let me: AccountView = get_with_cookie(&app, paths::SESSION, &with_password)
        .await
        .json()
        .await
        .unwrap();
    assert!(me.needs_passkey, "the member area asks for a passkey");
    let refused = list(with_password).await;
    assert_eq!(refused.status(), 403);
    assert_eq!(error_body(refused).await.error.code, ErrorCode::PasskeyRequired);

    let with_passkey = signed_in_with_passkey(&app, &mut authenticator).await;
    let answered = list(with_passkey).await;
    assert_eq!(answered.status(), 200);
    assert_eq!(answered.headers()["cache-control"], "no-store");
    let messages: Vec<ReceivedMessage> = answered.json().await.unwrap();
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0].subject, "Local group");
}

#[tokio::test]
async fn passkeys_are_unavailable_on_an_ip_address_and_say_so() {
    let mut setup = crate::helpers::setup();
    setup.config.public_url = Some("http://127.0.0.1:8080".to_owned());
    let app = setup.spawn().await;
    let response = post(&app, paths::PASSKEY_SIGN_IN_OPTIONS, &serde_json::json!({})).await;
    assert_eq!(response.status(), 409);
    assert!(error_body(response).await.error.message.contains("domain name"));
}

#[tokio::test]
async fn an_account_is_deleted_with_its_own_passkey_and_no_other() {
    let app = spawn_app().await;
    let mut amira_key = member_with_passkey(&app, AMIRA).await;
    let mut omar_key = member_with_passkey(&app, "omar@example.org").await;
    let cookie = signed_in_with_passkey(&app, &mut amira_key).await;
    let delete = |credential: Value| {
        let (app, cookie) = (&app, &cookie);
        async move {
            let request = civic_api::account::DeleteAccountRequest {
                password: String::new(),
                credential: Some(credential),
            };
            post_with_cookie(app, paths::ACCOUNT_DELETION, cookie, &request).await
        }
    };

    let options = sign_in_options(&app).await;
    let refused = delete(omar_key.sign_in(&options, PUBLIC_URL)).await;
    assert_eq!(refused.status(), 422, "Omar's passkey does not delete Amira's account");
    assert_eq!(
        error_body(refused).await.error.fields["credential"],
        FieldError::Invalid
    );
    assert_eq!(app.scalar("SELECT COUNT(*) FROM accounts").await, 2);

    let options = sign_in_options(&app).await;
    assert_eq!(delete(amira_key.sign_in(&options, PUBLIC_URL)).await.status(), 204);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM accounts").await, 1);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM passkeys").await,
        1,
        "only Omar's is left"
    );
}

/// Staff with `role`, signed in with a passkey, as staff requests need:
/// their session cookie.
pub async fn staff_with_passkey(app: &TestApp, email: &str, role: civic_api::account::Role) -> String {
    let mut authenticator = member_with_passkey(app, email).await;
    civic_server::accounts::roles::grant(&app.pool, &civic_api::Email::parse(email).unwrap(), role)
        .await
        .unwrap();
    signed_in_with_passkey(app, &mut authenticator).await
}
