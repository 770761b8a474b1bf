//! The database cannot take writes (a full disk, or a database made
//! read-only): every write is answered 503 in the error shape with
//! Retry-After, reads go on being served, nothing is half-written, and once
//! the database takes writes again so does the site. Made read-only here
//! the way each database allows on a live connection: SQLite's
//! `query_only`, PostgreSQL's `default_transaction_read_only`.

use civic_api::{ErrorCode, Locale, SiteRoute, Slug, Target};

use crate::helpers::{TestApp, error_body, valid_report};
use crate::newsletter_fixture::address_request;
use crate::petitions_fixture::{OPEN, sign_request, spawn_petitions_app};

/// Every connection of the pool refuses (or again takes) writes: all are
/// held at once, so each one is reached.
async fn set_read_only(app: &TestApp, read_only: bool) {
    let statement = match (app.on_sqlite(), read_only) {
        (true, true) => "PRAGMA query_only = 1",
        (true, false) => "PRAGMA query_only = 0",
        (false, true) => "SET default_transaction_read_only = on",
        (false, false) => "SET default_transaction_read_only = off",
    };
    let mut held = Vec::new();
    for _ in 0..app.pool.options().get_max_connections() {
        held.push(app.pool.acquire().await.unwrap());
    }
    for connection in &mut held {
        sqlx::query(statement).execute(&mut **connection).await.unwrap();
    }
}

async fn assert_unavailable(response: reqwest::Response, what: &str) {
    assert_eq!(response.status(), 503, "{what}");
    assert_eq!(response.headers()["retry-after"], "30", "{what}");
    let body = error_body(response).await;
    assert_eq!(body.error.code, ErrorCode::Unavailable, "{what}");
    assert!(body.error.request_id.is_some(), "{what}");
}

#[tokio::test]
async fn a_database_that_takes_no_writes_gets_503_for_writes_while_reads_go_on() {
    let app = spawn_petitions_app().await;
    let first = sign_request("Ada Lovelace", "ada@example.org", "GB", Locale::En);
    assert_eq!(app.sign(OPEN, &first).await.status(), 202);
    let count = app.count(OPEN).await;
    let stored = app.stored_text(&[]).await;

    set_read_only(&app, true).await;
    let second = sign_request("Grace Hopper", "grace@example.org", "US", Locale::En);
    assert_unavailable(app.sign(OPEN, &second).await, "a signature").await;
    assert_unavailable(
        app.subscribe(&address_request("reader@example.org", Locale::Fr)).await,
        "a newsletter sign-up",
    )
    .await;
    assert_unavailable(app.post_problem_report(&valid_report()).await, "a problem report").await;

    assert_eq!(
        app.get(&format!("/api/petitions/{OPEN}")).await.status(),
        200,
        "a petition is read"
    );
    let page = SiteRoute {
        locale: Locale::Fr,
        target: Target::Petition(Slug::parse(OPEN).unwrap()),
    };
    assert_eq!(app.get(&page.path()).await.status(), 200, "its page is drawn");
    assert_eq!(app.get_page("en", "about").await.status(), 200);
    assert_eq!(app.count(OPEN).await, count);
    assert_eq!(
        app.stored_text(&[]).await,
        stored,
        "nothing was written, not even in part"
    );

    set_read_only(&app, false).await;
    // The visitor's retry, with the same key, now goes through.
    assert_eq!(app.sign(OPEN, &second).await.status(), 202);
    assert_eq!(app.sign(OPEN, &second).await.status(), 202, "and counts once");
    let stored_signatures: i64 = app
        .scalar("SELECT COUNT(*) FROM signatures WHERE email = 'grace@example.org'")
        .await;
    assert_eq!(stored_signatures, 1);
}
