//! A signed-in member changes the password (proven with the current one)
//! or the address (confirmed from the new mailbox, the old one told).

use civic_api::account::{AccountView, EmailChangeRequest, PasswordChangeRequest, SessionView};
use civic_api::petition::TokenRequest;
use civic_api::{FieldError, paths};
use reqwest::Response;
use reqwest::header::{CONTENT_TYPE, COOKIE};

use crate::accounts::{PASSWORD, get_with_cookie, join_and_confirm, post, sign_in, signed_in, token_of};
use crate::helpers::{TestApp, error_body, spawn_app};

const AMIRA: &str = "amira@example.org";
const NEW_ADDRESS: &str = "amira.haddad@example.net";
const NEW_PASSWORD: &str = "cedar window harbour piano";

async fn change_password(app: &TestApp, cookie: &str, current: &str, password: &str) -> Response {
    app.client
        .put(app.url(paths::ACCOUNT_PASSWORD))
        .header(COOKIE, cookie)
        .header(CONTENT_TYPE, "application/json")
        .json(&PasswordChangeRequest {
            current: current.into(),
            password: password.into(),
        })
        .send()
        .await
        .unwrap()
}

async fn change_email(app: &TestApp, cookie: &str, email: &str, password: &str) -> Response {
    app.client
        .post(app.url(paths::ACCOUNT_EMAIL))
        .header(COOKIE, cookie)
        .header(CONTENT_TYPE, "application/json")
        .json(&EmailChangeRequest {
            email: email.into(),
            password: password.into(),
        })
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_new_password_needs_the_current_one_signs_out_other_browsers_and_is_announced() {
    let app = spawn_app().await;
    join_and_confirm(&app, AMIRA).await;
    let elsewhere = signed_in(&app, AMIRA).await;
    let here = signed_in(&app, AMIRA).await;
    let mails_before = app.mails_to(AMIRA).await.len();

    let wrong = change_password(&app, &here, "not my passphrase at all", NEW_PASSWORD).await;
    assert_eq!(wrong.status(), 422);
    assert_eq!(error_body(wrong).await.error.fields["current"], FieldError::Invalid);
    let common = change_password(&app, &here, PASSWORD, "password1234").await;
    assert_eq!(error_body(common).await.error.fields["password"], FieldError::Common);
    assert_eq!(app.mails_to(AMIRA).await.len(), mails_before, "nothing changed");

    assert_eq!(change_password(&app, &here, PASSWORD, NEW_PASSWORD).await.status(), 204);

    assert_eq!(get_with_cookie(&app, paths::SESSION, &elsewhere).await.status(), 401);
    let sessions: Vec<SessionView> = get_with_cookie(&app, paths::ACCOUNT_SESSIONS, &here)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(sessions.len(), 1, "this browser stays signed in");
    assert!(sessions[0].current);
    let mails = app.mails_to(AMIRA).await;
    assert_eq!(mails.len(), mails_before + 1, "one notice");
    assert!(mails[0].text.contains("/reset-password?t=r."), "with a way back");
    assert_eq!(sign_in(&app, AMIRA, PASSWORD).await.status(), 401);
    assert_eq!(sign_in(&app, AMIRA, NEW_PASSWORD).await.status(), 201);
}

#[tokio::test]
async fn the_address_moves_only_once_the_new_mailbox_confirms_and_the_old_one_is_told() {
    let app = spawn_app().await;
    join_and_confirm(&app, AMIRA).await;
    let cookie = signed_in(&app, AMIRA).await;

    let wrong = change_email(&app, &cookie, NEW_ADDRESS, "not my passphrase at all").await;
    assert_eq!(error_body(wrong).await.error.fields["password"], FieldError::Invalid);
    let same = change_email(&app, &cookie, "Amira@Example.org", PASSWORD).await;
    assert_eq!(error_body(same).await.error.fields["email"], FieldError::Invalid);
    assert!(app.mails_to(NEW_ADDRESS).await.is_empty());

    assert_eq!(change_email(&app, &cookie, NEW_ADDRESS, PASSWORD).await.status(), 202);
    let me: AccountView = get_with_cookie(&app, paths::SESSION, &cookie)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me.email, AMIRA, "nothing moves before the link");
    assert_eq!(me.pending_email.as_deref(), Some(NEW_ADDRESS));
    let link = app.link_in_latest_mail_to(NEW_ADDRESS, "/confirm-email?t=").await;
    let token = TokenRequest { token: token_of(&link) };

    assert_eq!(post(&app, paths::EMAIL_CONFIRMATIONS, &token).await.status(), 204);

    let me: AccountView = get_with_cookie(&app, paths::SESSION, &cookie)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!((me.email.as_str(), me.pending_email), (NEW_ADDRESS, None));
    let told = &app.mails_to(AMIRA).await[0];
    assert!(told.text.contains(NEW_ADDRESS), "{}", told.text);
    assert!(told.text.contains("/reset-password?t=r."), "a way back: {}", told.text);
    assert_eq!(sign_in(&app, NEW_ADDRESS, PASSWORD).await.status(), 201);
    assert_eq!(sign_in(&app, AMIRA, PASSWORD).await.status(), 401);
    assert_eq!(
        post(&app, paths::EMAIL_CONFIRMATIONS, &token).await.status(),
        404,
        "the link works once"
    );
}

#[tokio::test]
async fn a_later_request_voids_the_earlier_link_and_a_taken_address_moves_nothing() {
    let app = spawn_app().await;
    join_and_confirm(&app, AMIRA).await;
    join_and_confirm(&app, "omar@example.org").await;
    let cookie = signed_in(&app, AMIRA).await;

    assert_eq!(change_email(&app, &cookie, NEW_ADDRESS, PASSWORD).await.status(), 202);
    let first = app.link_in_latest_mail_to(NEW_ADDRESS, "/confirm-email?t=").await;
    assert_eq!(
        change_email(&app, &cookie, "amira@example.com", PASSWORD)
            .await
            .status(),
        202
    );
    let voided = post(
        &app,
        paths::EMAIL_CONFIRMATIONS,
        &TokenRequest {
            token: token_of(&first),
        },
    )
    .await;
    assert_eq!(voided.status(), 404, "replaced by the later request");

    assert_eq!(
        change_email(&app, &cookie, "Omar@example.org", PASSWORD).await.status(),
        202
    );
    let note = &app.mails_to("omar@example.org").await[0];
    assert_eq!(note.locale, "fr", "in the member's language");
    assert!(!note.text.contains("?t="), "no link moves anything");
    let me: AccountView = get_with_cookie(&app, paths::SESSION, &cookie)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me.email, AMIRA);
    assert_eq!(
        me.pending_email.as_deref(),
        Some("amira@example.com"),
        "the earlier request still waits"
    );
}

async fn update_profile(app: &TestApp, cookie: &str, newsletter: Option<bool>) -> AccountView {
    let request = civic_api::account::ProfileRequest {
        name: "Amira Haddad".into(),
        country: "TN".into(),
        locale: Some(civic_api::Locale::Fr),
        newsletter,
    };
    let response = app
        .client
        .put(app.url(paths::ACCOUNT_PROFILE))
        .header(COOKIE, cookie)
        .json(&request)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

#[tokio::test]
async fn the_newsletter_is_turned_on_and_off_from_the_profile_for_the_accounts_address() {
    let app = spawn_app().await;
    join_and_confirm(&app, AMIRA).await;
    let cookie = signed_in(&app, AMIRA).await;
    let state = || app.scalar("SELECT COUNT(*) FROM newsletter_subscribers WHERE state = 'subscribed'");
    let me: AccountView = get_with_cookie(&app, paths::SESSION, &cookie)
        .await
        .json()
        .await
        .unwrap();
    assert!(!me.newsletter, "never ticked for anyone");

    let on = update_profile(&app, &cookie, Some(true)).await;
    assert!(on.newsletter);
    assert_eq!(state().await, 1, "subscribed at once: the account proves the address");
    let welcome = &app.mails_to(AMIRA).await[0];
    assert!(
        welcome.headers.0.iter().any(|(name, _)| name == "List-Unsubscribe"),
        "a welcome with its one-click link"
    );
    assert!(
        update_profile(&app, &cookie, None).await.newsletter,
        "left as it is when not said"
    );
    let mails = app.mails_to(AMIRA).await.len();
    update_profile(&app, &cookie, Some(true)).await;
    assert_eq!(app.mails_to(AMIRA).await.len(), mails, "no second welcome");

    let off = update_profile(&app, &cookie, Some(false)).await;
    assert!(!off.newsletter);
    assert_eq!(state().await, 0);
    let me: AccountView = get_with_cookie(&app, paths::SESSION, &cookie)
        .await
        .json()
        .await
        .unwrap();
    assert!(!me.newsletter);
}

#[tokio::test]
async fn a_newsletter_subscription_follows_the_account_to_its_new_address() {
    let app = spawn_app().await;
    join_and_confirm(&app, AMIRA).await;
    let cookie = signed_in(&app, AMIRA).await;
    assert!(update_profile(&app, &cookie, Some(true)).await.newsletter);
    assert_eq!(change_email(&app, &cookie, NEW_ADDRESS, PASSWORD).await.status(), 202);
    let link = app.link_in_latest_mail_to(NEW_ADDRESS, "/confirm-email?t=").await;

    let moved = post(
        &app,
        paths::EMAIL_CONFIRMATIONS,
        &TokenRequest { token: token_of(&link) },
    )
    .await;

    assert_eq!(moved.status(), 204);
    let subscribed = |address: &'static str| {
        let app = &app;
        async move {
            let key = civic_api::Email::parse(address).unwrap().dedupe_key();
            let sql = format!(
                "SELECT COUNT(*) FROM newsletter_subscribers WHERE email_key = '{key}' AND state = 'subscribed'"
            );
            app.scalar(&sql).await
        }
    };
    assert_eq!(subscribed(AMIRA).await, 0, "the old address gets no more newsletters");
    assert_eq!(subscribed(NEW_ADDRESS).await, 1, "the new one does");
    let me: AccountView = get_with_cookie(&app, paths::SESSION, &cookie)
        .await
        .json()
        .await
        .unwrap();
    assert!(me.newsletter, "the profile still says on");
}
