//! The staff console's people section and audit log: every staff endpoint
//! refuses members (walked from the OpenAPI document), admins change roles
//! without overwriting a change they did not see, end sessions and erase
//! accounts, each once however often it is retried, and every action and
//! export is a line of an append-only log that keeps no erased address.

use civic_api::account::Role;
use civic_api::staff::{AuditAction, AuditEntry, StaffAccount};
use civic_api::{Email, ErrorCode, paths};
use reqwest::Method;
use serde_json::{Value, json};

use civic_api::consent::Choices;

use crate::accounts::{get_with_cookie, join_and_confirm, send_with_cookie, signed_in};
use crate::consent::{CONSENT_ID, decision};
use crate::fixture::fixture_index_html;
use crate::helpers::{TestApp, error_body, setup, spawn_app};
use crate::passkeys::{member_with_passkey, signed_in_with_passkey};

const ADMIN: &str = "ada@example.org";
const ANA: &str = "ana.member@example.org";

/// An admin signed in with a passkey: their cookie.
async fn admin(app: &TestApp) -> String {
    let mut authenticator = member_with_passkey(app, ADMIN).await;
    let email = Email::parse(ADMIN).unwrap();
    civic_server::accounts::roles::grant(&app.pool, &email, Role::Admin)
        .await
        .unwrap();
    signed_in_with_passkey(app, &mut authenticator).await
}

fn key(n: u32) -> String {
    format!("5e1f0c2a-0000-4000-8000-{n:012}")
}

async fn find(app: &TestApp, cookie: &str, q: &str) -> Vec<StaffAccount> {
    let found = get_with_cookie(app, &format!("{}?q={q}", paths::STAFF_ACCOUNTS), cookie).await;
    assert_eq!(found.status(), 200);
    assert_eq!(found.headers()["cache-control"], "no-store");
    found.json().await.unwrap()
}

async fn audit(app: &TestApp, cookie: &str, q: &str) -> Vec<AuditEntry> {
    let log = get_with_cookie(app, &format!("{}?q={q}", paths::STAFF_AUDIT), cookie).await;
    assert_eq!(log.status(), 200);
    log.json().await.unwrap()
}

async fn change_role(app: &TestApp, cookie: &str, id: i64, from: &str, to: &str, n: u32) -> reqwest::Response {
    let body = json!({"from": from, "to": to, "idempotency_key": key(n)});
    send_with_cookie(app, Method::PUT, &paths::staff_account_role(id), cookie, &body).await
}

#[tokio::test]
async fn every_staff_endpoint_refuses_visitors_members_and_staff_without_a_passkey() {
    let app = spawn_app().await;
    let document: Value = app.get(paths::OPENAPI).await.json().await.unwrap();
    let mut operations = Vec::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        if !path.starts_with("/api/staff/") {
            continue;
        }
        for method in item.as_object().unwrap().keys() {
            let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            operations.push((method, path.replace("{id}", "1")));
        }
    }
    assert!(
        operations.len() >= 9,
        "the document lists the staff endpoints: {operations:?}"
    );
    join_and_confirm(&app, ANA).await;
    let member = signed_in(&app, ANA).await;
    // An admin whose session was opened with the password alone.
    join_and_confirm(&app, ADMIN).await;
    civic_server::accounts::roles::grant(&app.pool, &Email::parse(ADMIN).unwrap(), Role::Admin)
        .await
        .unwrap();
    let admin_by_password = signed_in(&app, ADMIN).await;
    let body = json!({"from": "member", "to": "admin", "idempotency_key": key(1)});
    let before = app.stored_text(&["account_sessions"]).await;
    for (method, path) in &operations {
        let anonymous = send_with_cookie(&app, method.clone(), path, "", &body).await;
        assert_eq!(anonymous.status(), 401, "{method} {path} without a session");
        let refused = send_with_cookie(&app, method.clone(), path, &member, &body).await;
        assert_eq!(refused.status(), 403, "{method} {path} for a member");
        assert_eq!(error_body(refused).await.error.code, ErrorCode::Forbidden);
        let refused = send_with_cookie(&app, method.clone(), path, &admin_by_password, &body).await;
        assert_eq!(refused.status(), 403, "{method} {path} without a passkey");
        assert_eq!(error_body(refused).await.error.code, ErrorCode::PasskeyRequired);
    }
    assert_eq!(
        app.stored_text(&["account_sessions"]).await,
        before,
        "no refused request changed anything"
    );
}

#[tokio::test]
async fn an_admin_changes_a_role_once_and_never_over_a_change_they_did_not_see() {
    let app = spawn_app().await;
    let cookie = admin(&app).await;
    join_and_confirm(&app, ANA).await;
    let ana_session = signed_in(&app, ANA).await;

    let found = find(&app, &cookie, "ANA.member").await;
    assert_eq!(found.len(), 1, "{found:?}");
    let ana = &found[0];
    assert_eq!(
        (ana.email.as_str(), ana.role, ana.confirmed, ana.sessions),
        (ANA, Role::Member, true, 1)
    );

    let changed = change_role(&app, &cookie, ana.id, "member", "editor", 2).await;
    assert_eq!(changed.status(), 200);
    let changed: StaffAccount = changed.json().await.unwrap();
    assert_eq!(
        (changed.role, changed.sessions),
        (Role::Editor, 0),
        "her sessions ended with the old role"
    );
    assert_eq!(get_with_cookie(&app, paths::SESSION, &ana_session).await.status(), 401);

    // The same request again (a timeout, a double click) changes nothing more.
    let retried = change_role(&app, &cookie, ana.id, "member", "editor", 2).await;
    assert_eq!(retried.status(), 200);
    let lines = audit(&app, &cookie, "").await;
    let changes: Vec<&AuditEntry> = lines
        .iter()
        .filter(|line| line.action == AuditAction::RoleChanged)
        .collect();
    assert_eq!(changes.len(), 1, "{lines:?}");
    let line = changes[0];
    assert_eq!(line.actor.email.as_deref(), Some(ADMIN));
    assert_eq!(
        line.account.as_ref().and_then(|account| account.email.as_deref()),
        Some(ANA)
    );
    assert_eq!(line.before["role"], "member");
    assert_eq!(line.after["role"], "editor");

    // A second admin's console still showed "member": refused, not overwritten.
    let stale = change_role(&app, &cookie, ana.id, "member", "admin", 3).await;
    assert_eq!(stale.status(), 409);
    assert_eq!(error_body(stale).await.error.code, ErrorCode::Conflict);
    assert_eq!(find(&app, &cookie, ANA).await[0].role, Role::Editor);

    // Nobody changes their own role, or acts on an account that is not there.
    let own = find(&app, &cookie, ADMIN).await[0].id;
    assert_eq!(
        change_role(&app, &cookie, own, "admin", "member", 4).await.status(),
        403
    );
    assert_eq!(
        change_role(&app, &cookie, 999_999, "member", "editor", 5)
            .await
            .status(),
        404
    );
    let odd = send_with_cookie(
        &app,
        Method::PUT,
        &paths::staff_account_role(ana.id),
        &cookie,
        &json!({"from": "editor", "to": "owner", "idempotency_key": key(6)}),
    )
    .await;
    assert_eq!(odd.status(), 400, "no such role");
    assert_eq!(find(&app, &cookie, ANA).await[0].role, Role::Editor);

    // The log pages back by `before`: the newest line, then the one before it.
    assert_eq!(
        change_role(&app, &cookie, ana.id, "editor", "member", 7).await.status(),
        200
    );
    let newest = audit(&app, &cookie, "").await;
    assert_eq!(newest.len(), 2);
    assert_eq!(newest[0].after["role"], "member", "newest first");
    let older: Vec<AuditEntry> = get_with_cookie(
        &app,
        &format!("{}?before={}", paths::STAFF_AUDIT, newest[0].id),
        &cookie,
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(older, newest[1..]);
    assert_eq!(
        change_role(&app, &cookie, ana.id, "member", "editor", 8).await.status(),
        200
    );

    // The log answers a search by address and by action.
    assert_eq!(audit(&app, &cookie, "ana.member").await.len(), 3);
    assert_eq!(audit(&app, &cookie, "role_changed").await.len(), 3);
    assert!(audit(&app, &cookie, "nobody%").await.is_empty());
}

#[tokio::test]
async fn an_admin_ends_a_member_s_sessions_and_erases_the_account_leaving_no_address_in_the_log() {
    let app = spawn_app().await;
    let cookie = admin(&app).await;
    join_and_confirm(&app, ANA).await;
    let ana_session = signed_in(&app, ANA).await;
    let ana = find(&app, &cookie, ANA).await[0].id;

    let path = paths::staff_account_session_ends(ana);
    let ended = send_with_cookie(&app, Method::POST, &path, &cookie, &json!({"idempotency_key": key(10)})).await;
    assert_eq!(ended.status(), 200);
    assert_eq!(ended.json::<StaffAccount>().await.unwrap().sessions, 0);
    assert_eq!(get_with_cookie(&app, paths::SESSION, &ana_session).await.status(), 401);

    let path = paths::staff_account_erasure(ana);
    for _ in 0..2 {
        let erased = send_with_cookie(&app, Method::POST, &path, &cookie, &json!({"idempotency_key": key(11)})).await;
        assert_eq!(erased.status(), 204, "an erasure and its retry");
    }
    assert!(find(&app, &cookie, ANA).await.is_empty());
    let again = send_with_cookie(&app, Method::POST, &path, &cookie, &json!({"idempotency_key": key(12)})).await;
    assert_eq!(again.status(), 404, "a new erasure of an erased account");

    let lines = audit(&app, &cookie, "").await;
    let actions: Vec<AuditAction> = lines.iter().map(|line| line.action).collect();
    assert_eq!(actions, [AuditAction::AccountErased, AuditAction::SessionsEnded]);
    for line in &lines {
        let account = line.account.as_ref().unwrap();
        assert_eq!((account.id, account.email.as_deref()), (ana, None));
    }
    assert_eq!(lines[1].before["sessions"], "1");
    let stored = app.stored_text(&[]).await.to_lowercase();
    assert!(!stored.contains("ana.member"), "the erased address is kept somewhere");
}

#[tokio::test]
async fn the_audit_log_is_append_only_in_the_database_itself() {
    let app = spawn_app().await;
    let cookie = admin(&app).await;
    join_and_confirm(&app, ANA).await;
    let ana = find(&app, &cookie, ANA).await[0].id;
    assert_eq!(
        change_role(&app, &cookie, ana, "member", "editor", 20).await.status(),
        200
    );
    for statement in [
        "UPDATE staff_actions SET action = 'nothing'",
        "DELETE FROM staff_actions",
    ] {
        let refused = sqlx::query(statement).execute(&app.pool).await;
        assert!(refused.is_err(), "{statement} went through");
    }
    assert_eq!(audit(&app, &cookie, "").await.len(), 1);
}

#[tokio::test]
async fn each_export_is_recorded_and_the_consent_log_names_no_one() {
    let app = spawn_app().await;
    let revision = app.policy_revision().await;
    let choices = Choices {
        preferences: true,
        analytics: false,
        external_media: false,
    };
    let recorded = app.post_json(paths::CONSENTS, &decision(choices, revision)).await;
    assert!(recorded.status().is_success(), "{}", recorded.status());

    // An editor may hand the consent log to an auditor.
    let mut authenticator = member_with_passkey(&app, ANA).await;
    civic_server::accounts::roles::grant(&app.pool, &Email::parse(ANA).unwrap(), Role::Editor)
        .await
        .unwrap();
    let editor = signed_in_with_passkey(&app, &mut authenticator).await;
    let today = time::OffsetDateTime::now_utc().date().to_string();
    let export = format!("{}?from={today}&to={today}", paths::STAFF_CONSENTS_CSV);
    let answered = get_with_cookie(&app, &export, &editor).await;
    assert_eq!(answered.status(), 200);
    assert_eq!(answered.headers()["content-type"], "text/csv; charset=utf-8");
    let csv = answered.text().await.unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], civic_server::staff::consent_log::HEADER);
    assert_eq!(lines.len(), 2, "{csv}");
    let expected = format!("\"{CONSENT_ID}\",\"{revision}\",\"yes\",\"no\",\"no\"");
    assert!(lines[1].contains(&expected), "{}", lines[1]);
    // The audit log, and the people, are an admin's.
    assert_eq!(get_with_cookie(&app, paths::STAFF_AUDIT, &editor).await.status(), 403);

    let cookie = admin(&app).await;
    let payments = format!("{}?from={today}&to={today}", paths::STAFF_PAYMENTS_CSV);
    assert_eq!(get_with_cookie(&app, &payments, &cookie).await.status(), 200);
    let file = get_with_cookie(&app, &format!("{}?q=exported", paths::STAFF_AUDIT_CSV), &cookie).await;
    assert_eq!(file.status(), 200);
    let csv = file.text().await.unwrap();
    assert_eq!(csv.lines().next(), Some(civic_server::staff::audit::HEADER));
    // The audit export sees itself: it is recorded before it is read.
    for action in ["consents_exported", "payments_exported", "audit_exported"] {
        assert!(csv.contains(&format!("\"{action}\"")), "{action} missing from {csv}");
    }
    let lines = audit(&app, &cookie, "").await;
    let consents = lines
        .iter()
        .find(|line| line.action == AuditAction::ConsentsExported)
        .unwrap();
    assert_eq!(consents.actor.email.as_deref(), Some(ANA));
    assert_eq!(consents.subject, format!("{today} to {today}"));
}

#[tokio::test]
async fn the_console_is_drawn_in_the_first_html_for_whoever_asks_and_kept_by_no_shared_cache() {
    let setup = setup();
    // The console bundle's shell, beside the fixture's others.
    std::fs::write(setup.dir().join("dist/console.html"), fixture_index_html()).unwrap();
    let app = setup.spawn().await;
    let page = |cookie: String| {
        let app = &app;
        async move {
            let answer = get_with_cookie(app, "/admin", &cookie).await;
            assert_eq!(answer.status(), 200);
            let cache = answer
                .headers()
                .get("cache-control")
                .map(|v| v.to_str().unwrap().to_owned());
            (cache, answer.text().await.unwrap())
        }
    };

    let (_, html) = page(String::new()).await;
    assert!(html.contains("Sign in to use the staff console."), "{html}");
    assert!(html.contains("sign-in?next=%2Fadmin"), "the way in comes back here");

    join_and_confirm(&app, ANA).await;
    let member = signed_in(&app, ANA).await;
    let (cache, html) = page(member).await;
    assert!(html.contains("your account is a member"), "{html}");
    assert_eq!(cache.as_deref(), Some("private, no-cache"));

    let cookie = admin(&app).await;
    let ana = find(&app, &cookie, ANA).await[0].id;
    assert_eq!(
        change_role(&app, &cookie, ana, "member", "editor", 30).await.status(),
        200
    );
    let (cache, html) = page(cookie).await;
    assert_eq!(cache.as_deref(), Some("private, no-cache"));
    for drawn in ["People and roles", "Audit log", "Exports", "role: member → editor", ANA] {
        assert!(html.contains(drawn), "{drawn} is not in the first HTML");
    }
    assert!(
        html.contains(r#"data-kind="console""#),
        "the app starts from the same data"
    );
    // The export forms work before the app comes: their period ends today.
    let today = time::OffsetDateTime::now_utc().date().to_string();
    assert!(html.contains(&format!(r#"value="{today}""#)), "the period ends today");
}
