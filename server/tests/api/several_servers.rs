//! Two servers on one database give the same answers: what one takes, the
//! other shows. On SQLite both open the same file; `cargo xtask test` runs
//! these again on PostgreSQL, the way several machines would share it.

use std::time::Duration;

use civic_api::Locale;

use crate::helpers::{Setup, TestApp};
use crate::petitions_fixture::{OPEN, petitions_setup, sign_request};

/// The same configuration and database again, with its own picture cache,
/// as a second machine would have.
fn second_server(setup: &Setup) -> Setup {
    let mut second = setup.clone();
    second.config.image_cache = setup.dir().join("data/images-second");
    second
}

async fn two_servers() -> (TestApp, TestApp) {
    let setup = petitions_setup();
    let second = second_server(&setup);
    if setup.on_sqlite() {
        // One SQLite file is one machine's: its servers start one by one.
        (setup.spawn().await, second.spawn().await)
    } else {
        // Starting together: migrations and the content take turns.
        tokio::join!(setup.spawn(), second.spawn())
    }
}

async fn list(app: &TestApp, locale: Locale) -> String {
    let response = app.get(&format!("/api/petitions?locale={}", locale.as_str())).await;
    assert_eq!(response.status(), 200);
    response.text().await.unwrap()
}

#[tokio::test]
async fn servers_starting_together_store_the_content_once() {
    let (first, second) = two_servers().await;
    assert_eq!(first.scalar("SELECT COUNT(*) FROM petitions").await, 3);
    assert_eq!(list(&first, Locale::Fr).await, list(&second, Locale::Fr).await);
}

#[tokio::test]
async fn a_signature_confirmed_on_one_server_is_counted_on_the_other_within_five_seconds() {
    let (first, second) = two_servers().await;
    let before = second.count(OPEN).await.count;

    first
        .sign_and_confirm(OPEN, &sign_request("Ada Lovelace", "ada@example.org", "GB", Locale::En))
        .await;
    assert_eq!(first.count(OPEN).await.count, before + 1, "at once where it was signed");

    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    while second.count(OPEN).await.count != before + 1 {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the other server never counted it"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(list(&first, Locale::En).await, list(&second, Locale::En).await);
}
