//! An authenticator app (TOTP) as staff's alternative to a passkey: set up
//! with a first code, its secret sealed in the database; a code from it
//! opens staff work for a session signed in with the password, under a new
//! cookie; each code works once; removing it ends that.

use civic_api::account::Role;
use civic_api::authenticator::{AuthenticatorSetup, AuthenticatorView};
use civic_api::{Email, ErrorCode, paths};
use reqwest::Method;
use serde_json::json;
use time::OffsetDateTime;
use totp_rs::{Builder, Secret};

use crate::accounts::{
    delete_with_cookie, get_with_cookie, join_and_confirm, send_with_cookie, session_cookie, signed_in,
};
use crate::helpers::{TestApp, error_body, spawn_app};

const EDITOR: &str = "tove.editor@example.org";

/// The app's code for `offset` steps of 30 seconds from now.
fn code(setup: &AuthenticatorSetup, offset: i64) -> String {
    let secret = Secret::try_from_base32(setup.secret.replace(' ', "")).unwrap();
    let app = Builder::new().with_secret(secret).build().unwrap();
    let at = OffsetDateTime::now_utc().unix_timestamp() + offset * 30;
    app.generate(u64::try_from(at).unwrap()).to_string()
}

async fn send_code(app: &TestApp, path: &str, cookie: &str, code: &str) -> reqwest::Response {
    send_with_cookie(app, Method::POST, path, cookie, &json!({ "code": code })).await
}

async fn staff_request(app: &TestApp, cookie: &str) -> u16 {
    get_with_cookie(app, paths::STAFF_PETITIONS, cookie)
        .await
        .status()
        .as_u16()
}

#[tokio::test]
async fn a_code_from_the_authenticator_app_opens_staff_work_once_and_removing_it_ends_that() {
    let app = spawn_app().await;
    join_and_confirm(&app, EDITOR).await;
    civic_server::accounts::roles::grant(&app.pool, &Email::parse(EDITOR).unwrap(), Role::Editor)
        .await
        .unwrap();
    let cookie = signed_in(&app, EDITOR).await;
    let shown: AuthenticatorView = get_with_cookie(&app, paths::ACCOUNT_AUTHENTICATOR, &cookie)
        .await
        .json()
        .await
        .unwrap();
    assert!(!shown.enabled);
    assert_eq!(staff_request(&app, &cookie).await, 403, "a password alone");

    // Set up: a QR code and the secret as text; nothing works before a first code.
    let started = send_with_cookie(
        &app,
        Method::POST,
        paths::ACCOUNT_AUTHENTICATOR_SETUP,
        &cookie,
        &json!({}),
    )
    .await;
    assert_eq!(started.status(), 200);
    let setup: AuthenticatorSetup = started.json().await.unwrap();
    assert!(setup.uri.starts_with("otpauth://totp/Civic:"), "{}", setup.uri);
    assert!(setup.uri.contains("issuer=Civic"), "{}", setup.uri);
    assert!(setup.qr_svg.starts_with("<svg"));
    assert_eq!(setup.secret.replace(' ', "").len(), 32, "160 bits in base32");
    let stored = app.stored_text_of_table("account_authenticators").await;
    assert!(
        !stored.contains(&setup.secret.replace(' ', "")),
        "the database holds the secret sealed"
    );
    let early = send_code(&app, paths::SESSION_AUTHENTICATOR, &cookie, &code(&setup, 0)).await;
    assert_eq!(early.status(), 404, "not set up yet");

    let wrong = send_code(&app, paths::ACCOUNT_AUTHENTICATOR, &cookie, "000000").await;
    let wrong = error_body(wrong).await.error;
    assert_eq!(wrong.code, ErrorCode::Validation);
    assert!(wrong.fields.contains_key("code"));
    let confirmed = send_code(&app, paths::ACCOUNT_AUTHENTICATOR, &cookie, &code(&setup, 0)).await;
    assert_eq!(confirmed.status(), 201);
    let confirmed: AuthenticatorView = confirmed.json().await.unwrap();
    assert!(confirmed.enabled && confirmed.added_on.is_some());
    let mails = app.mails_to(EDITOR).await;
    assert!(
        mails[0]
            .subject
            .contains("application d’authentification a été configurée"),
        "{}",
        mails[0].subject
    );
    let again = send_with_cookie(
        &app,
        Method::POST,
        paths::ACCOUNT_AUTHENTICATOR_SETUP,
        &cookie,
        &json!({}),
    )
    .await;
    assert_eq!(
        error_body(again).await.error.code,
        ErrorCode::PasskeyRequired,
        "a session with the password alone changes no second factor"
    );

    // Staff signed in with the password alone cannot take the app away (and
    // then set up their own): that needs a session that gave a code.
    let removed = delete_with_cookie(&app, paths::ACCOUNT_AUTHENTICATOR, &cookie).await;
    assert_eq!(error_body(removed).await.error.code, ErrorCode::PasskeyRequired);

    // The code just used is refused; the next one opens staff work, under a new cookie.
    let replayed = send_code(&app, paths::SESSION_AUTHENTICATOR, &cookie, &code(&setup, 0)).await;
    assert_eq!(replayed.status(), 422, "each code works once");
    let stepped = send_code(&app, paths::SESSION_AUTHENTICATOR, &cookie, &code(&setup, 1)).await;
    assert_eq!(stepped.status(), 200);
    let strong = session_cookie(&stepped);
    let view: civic_api::account::AccountView = stepped.json().await.unwrap();
    assert!(!view.needs_passkey);
    assert_ne!(strong, cookie);
    assert_eq!(
        get_with_cookie(&app, paths::SESSION, &cookie).await.status(),
        401,
        "the old cookie names nothing"
    );
    assert_eq!(staff_request(&app, &strong).await, 200);
    let again = send_with_cookie(
        &app,
        Method::POST,
        paths::ACCOUNT_AUTHENTICATOR_SETUP,
        &strong,
        &json!({}),
    )
    .await;
    assert_eq!(
        error_body(again).await.error.code,
        ErrorCode::Conflict,
        "remove it first"
    );
    let data: serde_json::Value = get_with_cookie(&app, paths::ACCOUNT_DATA, &strong)
        .await
        .json()
        .await
        .unwrap();
    let row = &data["tables"]["account_authenticators"][0];
    assert!(row["confirmed_at"].is_string(), "{data}");
    assert!(
        row.get("sealed_secret").is_none(),
        "the download never holds the secret"
    );

    // Removed: its codes no longer work, and the session is back to a password's.
    assert_eq!(
        delete_with_cookie(&app, paths::ACCOUNT_AUTHENTICATOR, &strong)
            .await
            .status(),
        204
    );
    assert_eq!(staff_request(&app, &strong).await, 403);
    let gone = send_code(&app, paths::SESSION_AUTHENTICATOR, &strong, &code(&setup, 0)).await;
    assert_eq!(gone.status(), 404);
    assert!(
        app.mails_to(EDITOR).await[0].subject.contains("a été supprimée"),
        "told, in French"
    );
    assert_eq!(
        delete_with_cookie(&app, paths::ACCOUNT_AUTHENTICATOR, &strong)
            .await
            .status(),
        404
    );
}

#[tokio::test]
async fn wrong_codes_slow_down_like_wrong_passwords_and_need_a_session() {
    let app = spawn_app().await;
    join_and_confirm(&app, EDITOR).await;
    let cookie = signed_in(&app, EDITOR).await;
    let setup: AuthenticatorSetup = send_with_cookie(
        &app,
        Method::POST,
        paths::ACCOUNT_AUTHENTICATOR_SETUP,
        &cookie,
        &json!({}),
    )
    .await
    .json()
    .await
    .unwrap();
    let confirmed = send_code(&app, paths::ACCOUNT_AUTHENTICATOR, &cookie, &code(&setup, 0)).await;
    assert_eq!(confirmed.status(), 201);
    let anonymous = send_code(&app, paths::SESSION_AUTHENTICATOR, "", &code(&setup, 1)).await;
    assert_eq!(anonymous.status(), 401);
    let mut statuses = Vec::new();
    for _ in 0..8 {
        statuses.push(
            send_code(&app, paths::SESSION_AUTHENTICATOR, &cookie, "123456")
                .await
                .status()
                .as_u16(),
        );
    }
    assert_eq!(statuses[0], 422);
    assert!(statuses.contains(&429), "guessing is slowed down: {statuses:?}");
    let malformed = send_code(&app, paths::SESSION_AUTHENTICATOR, &cookie, "12345").await;
    assert!(matches!(malformed.status().as_u16(), 422 | 429));
}

#[tokio::test]
async fn staff_with_a_second_factor_change_their_factors_only_from_a_session_that_used_one() {
    let app = spawn_app().await;
    let strong = crate::passkeys::staff_with_passkey(&app, EDITOR, Role::Editor).await;
    let password_only = signed_in(&app, EDITOR).await;
    let setup = send_with_cookie(
        &app,
        Method::POST,
        paths::ACCOUNT_AUTHENTICATOR_SETUP,
        &password_only,
        &json!({}),
    )
    .await;
    assert_eq!(
        error_body(setup).await.error.code,
        ErrorCode::PasskeyRequired,
        "no app of the thief's"
    );
    let options = send_with_cookie(
        &app,
        Method::POST,
        paths::ACCOUNT_PASSKEY_OPTIONS,
        &password_only,
        &json!({}),
    )
    .await;
    assert_eq!(
        error_body(options).await.error.code,
        ErrorCode::PasskeyRequired,
        "no passkey of the thief's"
    );
    let passkeys: Vec<civic_api::account::PasskeyView> = get_with_cookie(&app, paths::ACCOUNT_PASSKEYS, &strong)
        .await
        .json()
        .await
        .unwrap();
    let removed = delete_with_cookie(
        &app,
        &paths::ACCOUNT_PASSKEY.replace("{id}", &passkeys[0].id.to_string()),
        &password_only,
    )
    .await;
    assert_eq!(
        error_body(removed).await.error.code,
        ErrorCode::PasskeyRequired,
        "the owner's stays"
    );
    assert_eq!(
        app.stored_text_of_table("account_authenticators").await,
        "",
        "nothing was set up"
    );

    // From the passkey's session, the app is set up as for anyone.
    let setup = send_with_cookie(
        &app,
        Method::POST,
        paths::ACCOUNT_AUTHENTICATOR_SETUP,
        &strong,
        &json!({}),
    )
    .await;
    assert_eq!(setup.status(), 200);

    // A member has no staff rights to guard: a password session is enough.
    join_and_confirm(&app, "mo.member@example.org").await;
    let member = signed_in(&app, "mo.member@example.org").await;
    let setup = send_with_cookie(
        &app,
        Method::POST,
        paths::ACCOUNT_AUTHENTICATOR_SETUP,
        &member,
        &json!({}),
    )
    .await;
    assert_eq!(setup.status(), 200);
}
