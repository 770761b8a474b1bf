//! A member's data rights: one file with everything held about them (and
//! nothing about anyone else), and an erasure that leaves their address
//! and name in no column of any table, while their confirmed signatures
//! stay counted.

use civic_api::account::{DeleteAccountRequest, JoinRequest, MemberData};
use civic_api::contact::ContactRequest;
use civic_api::{Locale, paths};
use reqwest::header::{CONTENT_TYPE, COOKIE};

use crate::accounts::{PASSWORD, join_request, signed_in};
use crate::helpers::{TestApp, valid_report};
use crate::petitions_fixture::{OPEN, sign_request, spawn_petitions_app};

const AMIRA: &str = "amira@example.org";
const OMAR: &str = "omar@example.org";

/// Amira signs a petition, joins with the newsletter ticked, writes to us
/// and reports a problem; Omar signs and joins too. Answers Amira's
/// session cookie.
async fn two_members(app: &TestApp) -> String {
    for (name, email) in [("Amira Haddad", AMIRA), ("Omar Benali", OMAR)] {
        let mut request = sign_request(name, email, "TN", Locale::Fr);
        request.comment = format!("{name} cares about clean air");
        app.sign_and_confirm(OPEN, &request).await;
    }
    let amira = JoinRequest {
        newsletter: true,
        ..join_request(AMIRA)
    };
    let omar = JoinRequest {
        name: "Omar Benali".into(),
        ..join_request(OMAR)
    };
    for joining in [amira, omar] {
        assert_eq!(app.post_json(paths::ACCOUNTS, &joining).await.status(), 202);
        let link = app.link_in_latest_mail_to(&joining.email, "/confirm-account?t=").await;
        let token = link.split("?t=").nth(1).unwrap().to_owned();
        let confirmed = app
            .post_json(
                paths::ACCOUNT_CONFIRMATIONS,
                &civic_api::petition::TokenRequest { token },
            )
            .await;
        assert_eq!(confirmed.status(), 204);
    }
    let message = ContactRequest {
        idempotency_key: "7a1c2d3e-0000-4000-8000-000000000501".into(),
        locale: Some(Locale::Fr),
        name: "Amira Haddad".into(),
        email: AMIRA.to_uppercase(),
        subject: "Une question".into(),
        message: "Comment rejoindre le groupe local ?".into(),
        website: String::new(),
    };
    assert_eq!(app.post_json(paths::CONTACT_MESSAGES, &message).await.status(), 201);
    let report = civic_api::problem_report::ProblemReportRequest {
        email: AMIRA.into(),
        ..valid_report()
    };
    assert_eq!(app.post_problem_report(&report).await.status(), 201);
    let cookie = signed_in(app, AMIRA).await;
    let mut authenticator = crate::soft_authenticator::SoftAuthenticator::new();
    let added = crate::passkeys::add_passkey(app, &cookie, &mut authenticator, "Amira's phone").await;
    assert_eq!(added.status(), 201);
    cookie
}

/// The tables where any column holds `needle`, in any case.
async fn tables_holding(app: &TestApp, needle: &str) -> Vec<String> {
    let mut tables = Vec::new();
    for (table, _) in civic_server::db::columns(&app.pool).await.unwrap() {
        if tables.contains(&table) {
            continue;
        }
        if app.stored_text_of_table(&table).await.to_lowercase().contains(needle) {
            tables.push(table);
        }
    }
    tables
}

#[tokio::test]
async fn the_download_holds_every_table_about_the_member_and_nothing_about_anyone_else() {
    let app = spawn_petitions_app().await;
    let cookie = two_members(&app).await;

    let response = app
        .client
        .get(app.url(paths::ACCOUNT_DATA))
        .header(COOKIE, &cookie)
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "no-store");
    assert!(
        response.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    let text = response.text().await.unwrap();
    let data: MemberData = serde_json::from_str(&text).unwrap();
    let holding = tables_holding(&app, AMIRA).await;
    assert!(holding.len() >= 6, "the set-up reaches many tables: {holding:?}");
    for table in &holding {
        assert!(
            data.tables.contains_key(table),
            "{table} holds the address but is not in the file"
        );
    }
    assert!(
        data.tables.contains_key("account_sessions"),
        "the sessions, found by account"
    );
    for table in data.tables.keys() {
        let stored = app.scalar(&format!("SELECT COUNT(*) FROM {table}")).await;
        assert!(stored > 0, "{table}");
    }
    assert_eq!(data.tables["signatures"][0]["petition"].as_deref(), Some(OPEN));
    assert_eq!(
        data.tables["passkeys"][0]["name"].as_deref(),
        Some("Amira's phone"),
        "the passkeys, found by account"
    );
    assert!(
        !text.to_lowercase().contains(OMAR) && !text.contains("Omar"),
        "nothing about anyone else"
    );
    for secret in ["$argon2id$", "token_hash", "idempotency_key", PASSWORD] {
        assert!(!text.contains(secret), "{secret} is not data about the member");
    }
}

#[tokio::test]
async fn deleting_the_account_leaves_the_address_and_name_in_no_column_and_signatures_counted() {
    let app = spawn_petitions_app().await;
    let cookie = two_members(&app).await;
    let count = app.stored_count(OPEN).await;
    let delete = |password: &str| {
        app.client
            .post(app.url(paths::ACCOUNT_DELETION))
            .header(COOKIE, &cookie)
            .header(CONTENT_TYPE, "application/json")
            .json(&DeleteAccountRequest {
                password: password.into(),
                credential: None,
            })
            .send()
    };

    let refused = delete("not the right passphrase").await.unwrap();
    assert_eq!(refused.status(), 422);
    assert!(
        !tables_holding(&app, AMIRA).await.is_empty(),
        "a wrong password erases nothing"
    );

    let erased = delete(PASSWORD).await.unwrap();
    assert_eq!(erased.status(), 204);
    let cleared = erased.headers()["set-cookie"].to_str().unwrap();
    assert!(cleared.contains("Max-Age=0"), "{cleared}");
    assert_eq!(
        tables_holding(&app, AMIRA).await,
        Vec::<String>::new(),
        "the address is nowhere"
    );
    assert_eq!(
        tables_holding(&app, "amira haddad").await,
        Vec::<String>::new(),
        "the name is nowhere"
    );
    assert_eq!(
        app.stored_count(OPEN).await,
        count,
        "her confirmed signature still counts"
    );
    assert!(!tables_holding(&app, OMAR).await.is_empty(), "Omar's data is untouched");
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM passkeys").await,
        0,
        "her passkey is gone"
    );
    let me = app
        .client
        .get(app.url(paths::SESSION))
        .header(COOKIE, &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 401);
}
