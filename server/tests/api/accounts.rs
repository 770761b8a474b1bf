//! Accounts: joining without telling who is a member, opening the account
//! from its link, passwords the server refuses, signing in and out with a
//! server-side session, growing delays after failures, and resets.

use std::time::{Duration, Instant};

use civic_api::account::{AccountView, JoinRequest, NewPasswordRequest, ResetRequest, SessionView, SignInRequest};
use civic_api::petition::TokenRequest;
use civic_api::{ErrorCode, FieldError, Locale, paths};
use reqwest::Response;
use reqwest::header::{CONTENT_TYPE, COOKIE, SET_COOKIE};

use crate::helpers::{TestApp, error_body, spawn_app};

pub const PASSWORD: &str = "river kettle orbit lantern";

pub fn join_request(email: &str) -> JoinRequest {
    JoinRequest {
        name: "Amira Haddad".into(),
        email: email.into(),
        password: PASSWORD.into(),
        country: "TN".into(),
        locale: Some(Locale::Fr),
        newsletter: false,
        website: String::new(),
    }
}

pub async fn post<T: serde::Serialize>(app: &TestApp, path: &str, body: &T) -> Response {
    app.client
        .post(app.url(path))
        .header(CONTENT_TYPE, "application/json")
        .json(body)
        .send()
        .await
        .unwrap()
}

/// The `t` of a link, as the page would send it.
pub fn token_of(link: &str) -> String {
    link.split("?t=").nth(1).expect("the link carries a token").to_owned()
}

pub async fn join_and_confirm(app: &TestApp, email: &str) {
    assert_eq!(post(app, paths::ACCOUNTS, &join_request(email)).await.status(), 202);
    let link = app.link_in_latest_mail_to(email, "/confirm-account?t=").await;
    let confirmed = post(
        app,
        paths::ACCOUNT_CONFIRMATIONS,
        &TokenRequest { token: token_of(&link) },
    )
    .await;
    assert_eq!(confirmed.status(), 204);
}

pub async fn sign_in(app: &TestApp, email: &str, password: &str) -> Response {
    let request = SignInRequest {
        email: email.into(),
        password: password.into(),
    };
    post(app, paths::SESSIONS, &request).await
}

/// The `name=value` of the session cookie a response set.
pub fn session_cookie(response: &Response) -> String {
    let set = response
        .headers()
        .get(SET_COOKIE)
        .expect("a cookie is set")
        .to_str()
        .unwrap();
    set.split(';').next().unwrap().to_owned()
}

/// Signs in and answers the `Cookie` header that carries the session.
pub async fn signed_in(app: &TestApp, email: &str) -> String {
    let response = sign_in(app, email, PASSWORD).await;
    assert_eq!(response.status(), 201);
    session_cookie(&response)
}

pub async fn get_with_cookie(app: &TestApp, path: &str, cookie: &str) -> Response {
    app.client
        .get(app.url(path))
        .header(COOKIE, cookie)
        .send()
        .await
        .unwrap()
}

/// Any request with a JSON body, and the session `cookie` when there is one.
pub async fn send_with_cookie<T: serde::Serialize>(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    cookie: &str,
    body: &T,
) -> Response {
    let mut request = app.client.request(method, app.url(path)).json(body);
    if !cookie.is_empty() {
        request = request.header(COOKIE, cookie);
    }
    request.send().await.unwrap()
}

pub async fn delete_with_cookie(app: &TestApp, path: &str, cookie: &str) -> Response {
    app.client
        .delete(app.url(path))
        .header(COOKIE, cookie)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn joining_answers_the_same_for_a_new_and_a_taken_address_and_only_the_mail_says_which() {
    let app = spawn_app().await;
    join_and_confirm(&app, "amira@example.org").await;

    let again = post(&app, paths::ACCOUNTS, &join_request("Amira@Example.org")).await;
    let fresh = post(&app, paths::ACCOUNTS, &join_request("omar@example.org")).await;

    assert_eq!(again.status(), fresh.status());
    assert_eq!(again.text().await.unwrap(), fresh.text().await.unwrap());
    let mails = app.mails_to("amira@example.org").await;
    let latest = mails.first().expect("newest first");
    assert!(latest.text.contains("/fr/reset-password?t=r."), "{}", latest.text);
    assert!(!latest.text.contains("confirm-account"));
    assert_eq!(app.scalar("SELECT COUNT(*) FROM accounts").await, 2);
    let stored: String = sqlx::query_scalar("SELECT password_hash FROM accounts WHERE email = 'amira@example.org'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert!(stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$") && !stored.contains(PASSWORD));
}

#[tokio::test]
async fn an_account_opens_only_from_its_genuine_link_and_only_then_signs_in() {
    let app = spawn_app().await;
    assert_eq!(
        post(&app, paths::ACCOUNTS, &join_request("amira@example.org"))
            .await
            .status(),
        202
    );
    let link = app
        .link_in_latest_mail_to("amira@example.org", "/confirm-account?t=")
        .await;
    let token = token_of(&link);

    let before = sign_in(&app, "amira@example.org", PASSWORD).await;
    assert_eq!(before.status(), 409, "not open yet");
    assert!(before.headers().get(SET_COOKIE).is_none());

    let mut tampered = token.clone();
    tampered.push('A');
    let refused = post(&app, paths::ACCOUNT_CONFIRMATIONS, &TokenRequest { token: tampered }).await;
    assert_eq!(refused.status(), 404);
    let opened = post(
        &app,
        paths::ACCOUNT_CONFIRMATIONS,
        &TokenRequest { token: token.clone() },
    )
    .await;
    assert_eq!(opened.status(), 204);
    let again = post(&app, paths::ACCOUNT_CONFIRMATIONS, &TokenRequest { token }).await;
    assert_eq!(again.status(), 204, "following the link again changes nothing");

    let response = sign_in(&app, "amira@example.org", PASSWORD).await;
    assert_eq!(response.status(), 201);
    let cookie = session_cookie(&response);
    let me: AccountView = get_with_cookie(&app, paths::SESSION, &cookie)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (me.email.as_str(), me.name.as_str(), me.locale),
        ("amira@example.org", "Amira Haddad", Locale::Fr)
    );
}

#[tokio::test]
async fn common_short_and_personal_passwords_are_refused_with_their_reason_and_store_nothing() {
    let app = spawn_app().await;
    let cases = [
        ("password1234", FieldError::Common),
        ("short", FieldError::TooShort),
        ("amira-haddad-2026", FieldError::Personal),
    ];
    for (password, reason) in cases {
        let request = JoinRequest {
            password: password.into(),
            ..join_request("amira@example.org")
        };
        let response = post(&app, paths::ACCOUNTS, &request).await;
        assert_eq!(response.status(), 422, "{password}");
        let body = error_body(response).await;
        assert_eq!(body.error.fields.get("password"), Some(&reason), "{password}");
    }
    assert_eq!(app.scalar("SELECT COUNT(*) FROM accounts").await, 0);
    assert!(app.mails_to("amira@example.org").await.is_empty());
}

/// The test app's public address is https, as a real site's is.
#[tokio::test]
async fn the_session_cookie_is_host_prefixed_secure_http_only_lax_and_a_new_one_on_every_sign_in() {
    let app = spawn_app().await;
    join_and_confirm(&app, "amira@example.org").await;

    let first = sign_in(&app, "amira@example.org", PASSWORD).await;
    let set = first.headers().get(SET_COOKIE).unwrap().to_str().unwrap().to_owned();
    let second = sign_in(&app, "amira@example.org", PASSWORD).await;

    assert!(set.starts_with("__Host-civic.session="), "{set}");
    for flag in ["HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=43200", "Secure"] {
        assert!(set.contains(flag), "{flag} in {set}");
    }
    assert!(!set.contains("Domain"), "__Host- cookies name no domain");
    assert_ne!(
        session_cookie(&first),
        session_cookie(&second),
        "a new id on each sign-in"
    );
    let stored: Vec<String> = sqlx::query_scalar("SELECT token_hash FROM account_sessions")
        .fetch_all(&app.pool)
        .await
        .unwrap();
    let secret = session_cookie(&first).split_once('=').unwrap().1.to_owned();
    assert_eq!(stored.len(), 2);
    assert!(
        stored.iter().all(|hash| !hash.contains(&secret)),
        "only hashes are kept"
    );
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_address_get_the_same_answer_in_similar_time() {
    let app = spawn_app().await;
    join_and_confirm(&app, "amira@example.org").await;

    let mut timings = [Duration::ZERO; 2];
    let mut bodies = Vec::new();
    for _ in 0..3 {
        for (slot, email) in ["amira@example.org", "nobody@example.org"].into_iter().enumerate() {
            let started = Instant::now();
            let response = sign_in(&app, email, "not the right passphrase").await;
            timings[slot] += started.elapsed();
            assert_eq!(response.status(), 401);
            bodies.push(error_body(response).await.error.message);
        }
    }
    assert!(bodies.windows(2).all(|pair| pair[0] == pair[1]), "{bodies:?}");
    let (known, unknown) = (timings[0].as_secs_f64(), timings[1].as_secs_f64());
    let ratio = known.max(unknown) / known.min(unknown);
    assert!(
        ratio < 2.0,
        "a wrong password took {known:.3}s, an unknown address {unknown:.3}s"
    );
}

#[tokio::test]
async fn failed_sign_ins_slow_down_an_address_and_a_reset_lifts_it() {
    let app = spawn_app().await;
    join_and_confirm(&app, "amira@example.org").await;

    for _ in 0..5 {
        assert_eq!(
            sign_in(&app, "amira@example.org", "wrong passphrase here")
                .await
                .status(),
            401
        );
    }
    let slowed = sign_in(&app, "amira@example.org", PASSWORD).await;
    assert_eq!(slowed.status(), 429, "even the right password waits");
    assert!(slowed.headers().get("retry-after").is_some());
    assert_eq!(error_body(slowed).await.error.code, ErrorCode::RateLimited);
    // Another address from the same client is not held up.
    join_and_confirm(&app, "omar@example.org").await;
    assert_eq!(sign_in(&app, "omar@example.org", PASSWORD).await.status(), 201);

    let reset = ResetRequest {
        email: "amira@example.org".into(),
        locale: None,
        website: String::new(),
    };
    assert_eq!(post(&app, paths::PASSWORD_RESETS, &reset).await.status(), 202);
    let link = app
        .link_in_latest_mail_to("amira@example.org", "/reset-password?t=")
        .await;
    let new_password = NewPasswordRequest {
        token: token_of(&link),
        password: "copper meadow whistle dune".into(),
    };
    assert_eq!(
        post(&app, paths::PASSWORD_RESET_COMPLETE, &new_password).await.status(),
        204
    );
    assert_eq!(
        sign_in(&app, "amira@example.org", "copper meadow whistle dune")
            .await
            .status(),
        201
    );
}

#[tokio::test]
async fn a_reset_link_works_once_ends_every_session_and_is_announced() {
    let app = spawn_app().await;
    join_and_confirm(&app, "amira@example.org").await;
    let cookie = signed_in(&app, "amira@example.org").await;
    let unknown = ResetRequest {
        email: "nobody@example.org".into(),
        locale: None,
        website: String::new(),
    };
    let known = ResetRequest {
        email: "amira@example.org".into(),
        ..unknown.clone()
    };

    let for_nobody = post(&app, paths::PASSWORD_RESETS, &unknown).await;
    let for_amira = post(&app, paths::PASSWORD_RESETS, &known).await;

    assert_eq!(for_nobody.status(), for_amira.status());
    assert!(app.mails_to("nobody@example.org").await.is_empty());
    let token = token_of(
        &app.link_in_latest_mail_to("amira@example.org", "/reset-password?t=")
            .await,
    );
    let weak = NewPasswordRequest {
        token: token.clone(),
        password: "password1234".into(),
    };
    assert_eq!(post(&app, paths::PASSWORD_RESET_COMPLETE, &weak).await.status(), 422);
    let strong = NewPasswordRequest {
        token: token.clone(),
        password: "copper meadow whistle dune".into(),
    };
    assert_eq!(post(&app, paths::PASSWORD_RESET_COMPLETE, &strong).await.status(), 204);
    let reused = NewPasswordRequest {
        token,
        password: "another quiet harbour song".into(),
    };
    assert_eq!(
        post(&app, paths::PASSWORD_RESET_COMPLETE, &reused).await.status(),
        404,
        "used once"
    );

    assert_eq!(
        get_with_cookie(&app, paths::SESSION, &cookie).await.status(),
        401,
        "signed out everywhere"
    );
    assert_eq!(
        sign_in(&app, "amira@example.org", PASSWORD).await.status(),
        401,
        "the old password is void"
    );
    let mails = app.mails_to("amira@example.org").await;
    let notice = &mails.first().expect("newest first").subject;
    assert!(notice.contains("mot de passe"), "told in French: {notice}");
}

#[tokio::test]
async fn sessions_are_listed_ended_one_by_one_or_everywhere_and_signing_out_ends_them_on_the_server() {
    let app = spawn_app().await;
    join_and_confirm(&app, "amira@example.org").await;
    let phone = signed_in(&app, "amira@example.org").await;
    let laptop = signed_in(&app, "amira@example.org").await;

    let listed: Vec<SessionView> = get_with_cookie(&app, paths::ACCOUNT_SESSIONS, &laptop)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listed.len(), 2);
    assert_eq!(listed.iter().filter(|session| session.current).count(), 1);
    let other = listed.iter().find(|session| !session.current).unwrap();
    assert_eq!(
        delete_with_cookie(&app, &paths::account_session(&other.id), &laptop)
            .await
            .status(),
        204
    );
    assert_eq!(get_with_cookie(&app, paths::SESSION, &phone).await.status(), 401);

    let signed_out = delete_with_cookie(&app, paths::SESSION, &laptop).await;
    assert_eq!(signed_out.status(), 204);
    let cleared = signed_out.headers().get(SET_COOKIE).unwrap().to_str().unwrap();
    assert!(cleared.contains("Max-Age=0"), "{cleared}");
    // The old cookie, kept by someone, no longer works: it ended on the server.
    assert_eq!(get_with_cookie(&app, paths::SESSION, &laptop).await.status(), 401);

    let one = signed_in(&app, "amira@example.org").await;
    let two = signed_in(&app, "amira@example.org").await;
    assert_eq!(
        delete_with_cookie(&app, paths::ACCOUNT_SESSIONS, &one).await.status(),
        204
    );
    assert_eq!(get_with_cookie(&app, paths::SESSION, &two).await.status(), 401);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM account_sessions").await, 0);
}

#[tokio::test]
async fn an_idle_or_expired_session_ends() {
    let app = spawn_app().await;
    join_and_confirm(&app, "amira@example.org").await;
    let idle = signed_in(&app, "amira@example.org").await;
    let old = signed_in(&app, "amira@example.org").await;
    let sessions: Vec<String> = sqlx::query_scalar("SELECT id FROM account_sessions ORDER BY created_at")
        .fetch_all(&app.pool)
        .await
        .unwrap();
    sqlx::query("UPDATE account_sessions SET last_seen_at = '2026-01-01T00:00:00.000000Z' WHERE id = $1")
        .bind(&sessions[0])
        .execute(&app.pool)
        .await
        .unwrap();
    sqlx::query("UPDATE account_sessions SET created_at = '2026-01-01T00:00:00.000000Z' WHERE id = $1")
        .bind(&sessions[1])
        .execute(&app.pool)
        .await
        .unwrap();

    assert_eq!(
        get_with_cookie(&app, paths::SESSION, &idle).await.status(),
        401,
        "idle too long"
    );
    assert_eq!(
        get_with_cookie(&app, paths::SESSION, &old).await.status(),
        401,
        "signed in too long ago"
    );
    assert_eq!(app.scalar("SELECT COUNT(*) FROM account_sessions").await, 0);
}

#[tokio::test]
async fn account_answers_are_never_cached_and_need_a_session() {
    let app = spawn_app().await;
    join_and_confirm(&app, "amira@example.org").await;
    let cookie = signed_in(&app, "amira@example.org").await;

    let me = get_with_cookie(&app, paths::SESSION, &cookie).await;
    assert_eq!(me.headers().get("cache-control").unwrap(), "no-store");
    assert!(me.headers().get("etag").is_none());
    for path in [paths::SESSION, paths::ACCOUNT_SESSIONS] {
        let anonymous = app.get(path).await;
        assert_eq!(anonymous.status(), 401, "{path}");
        assert_eq!(error_body(anonymous).await.error.code, ErrorCode::Unauthorized);
    }
    let forged = get_with_cookie(&app, paths::SESSION, "__Host-civic.session=forged-secret").await;
    assert_eq!(forged.status(), 401);
}

#[tokio::test]
async fn signing_in_from_another_site_is_refused() {
    let app = spawn_app().await;
    join_and_confirm(&app, "amira@example.org").await;
    let response = app
        .client
        .post(app.url(paths::SESSIONS))
        .header(CONTENT_TYPE, "application/json")
        .header("sec-fetch-site", "cross-site")
        .json(&SignInRequest {
            email: "amira@example.org".into(),
            password: PASSWORD.into(),
        })
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    assert!(response.headers().get(SET_COOKIE).is_none());
}

#[tokio::test]
async fn a_ticked_newsletter_box_subscribes_the_address_once_it_is_proven() {
    let app = spawn_app().await;
    let request = JoinRequest {
        newsletter: true,
        ..join_request("amira@example.org")
    };
    assert_eq!(post(&app, paths::ACCOUNTS, &request).await.status(), 202);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM newsletter_subscribers").await,
        0,
        "not before"
    );
    let link = app
        .link_in_latest_mail_to("amira@example.org", "/confirm-account?t=")
        .await;
    post(
        &app,
        paths::ACCOUNT_CONFIRMATIONS,
        &TokenRequest { token: token_of(&link) },
    )
    .await;
    let state: String =
        sqlx::query_scalar("SELECT state FROM newsletter_subscribers WHERE email = 'amira@example.org'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(state, "subscribed");
}

/// `civic-server make-admin …` on the test app's database.
fn make_admin_command(app: &TestApp, email: &str) -> std::process::Output {
    use base64::Engine;
    let setup = app.setup_again();
    let secret = base64::engine::general_purpose::STANDARD.encode(crate::helpers::test_secret().as_bytes());
    std::process::Command::new(env!("CARGO_BIN_EXE_civic-server"))
        .args(["make-admin", email])
        .env("DATABASE_URL", setup.config.database_url.expose())
        .env("CIVIC_CONTENT", &setup.config.content)
        .env("CIVIC_SECRET", secret)
        .env("RUST_LOG", "warn")
        .output()
        .expect("the command runs")
}

#[tokio::test]
async fn make_admin_grants_the_role_to_an_open_account_and_ends_its_sessions() {
    let app = spawn_app().await;
    join_and_confirm(&app, "amira@example.org").await;
    let before = signed_in(&app, "amira@example.org").await;
    assert_eq!(
        post(&app, paths::ACCOUNTS, &join_request("pending@example.org"))
            .await
            .status(),
        202
    );

    // The command is run once the server has sent the join's mail: a
    // command started while the server's mail sender was writing has been
    // seen to wait out its whole minute for SQLite's write lock (see the
    // note of issue 13), which this test is not about.
    app.outbox().await;
    let unknown = make_admin_command(&app, "nobody@example.org");
    assert!(!unknown.status.success());
    let said = String::from_utf8_lossy(&unknown.stderr);
    assert!(said.contains("join on the site first"), "{said}");
    let pending = make_admin_command(&app, "pending@example.org");
    assert!(!pending.status.success(), "an account not open yet is refused");

    let made = make_admin_command(&app, "Amira@example.org");
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));

    assert_eq!(
        get_with_cookie(&app, paths::SESSION, &before).await.status(),
        401,
        "a new session for a new role"
    );
    let response = sign_in(&app, "amira@example.org", PASSWORD).await;
    let cookie = response.headers().get(SET_COOKIE).unwrap().to_str().unwrap().to_owned();
    assert!(cookie.contains("Max-Age=28800"), "a staff session is shorter: {cookie}");
    let me: AccountView = response.json().await.unwrap();
    assert_eq!(me.role, civic_api::account::Role::Admin);
}

#[tokio::test]
async fn tidying_forgets_unopened_accounts_ended_sessions_and_old_failures() {
    let app = spawn_app().await;
    join_and_confirm(&app, "amira@example.org").await;
    let _kept = signed_in(&app, "amira@example.org").await;
    let _ended = signed_in(&app, "amira@example.org").await;
    assert_eq!(
        post(&app, paths::ACCOUNTS, &join_request("recent@example.org"))
            .await
            .status(),
        202
    );
    assert_eq!(
        post(&app, paths::ACCOUNTS, &join_request("stale@example.org"))
            .await
            .status(),
        202
    );
    assert_eq!(
        sign_in(&app, "amira@example.org", "a wrong passphrase").await.status(),
        401
    );
    let long_ago = "2026-01-01T00:00:00.000000Z";
    for sql in [
        "UPDATE accounts SET created_at = $1 WHERE email = 'stale@example.org'",
        "UPDATE account_sessions SET expires_at = $1 WHERE id = (SELECT MIN(id) FROM account_sessions)",
        "UPDATE sign_in_failures SET last_failed_at = $1, blocked_until = $1",
    ] {
        sqlx::query(sql).bind(long_ago).execute(&app.pool).await.unwrap();
    }

    civic_server::accounts::tidy(&app.pool, time::OffsetDateTime::now_utc())
        .await
        .unwrap();

    let emails: Vec<String> = sqlx::query_scalar("SELECT email FROM accounts ORDER BY email")
        .fetch_all(&app.pool)
        .await
        .unwrap();
    assert_eq!(
        emails,
        ["amira@example.org", "recent@example.org"],
        "an opened account is never tidied"
    );
    assert_eq!(app.scalar("SELECT COUNT(*) FROM account_sessions").await, 1);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM sign_in_failures").await, 0);
}
