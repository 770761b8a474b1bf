//! What browsers and other clients may keep: hashed build files for a year
//! whatever their hash's length, public API reads until they change.

use civic_api::{Locale, paths};
use reqwest::header::ETAG;

use crate::fixture::ASSET_JS;
use crate::helpers::{headers, setup, spawn_app};
use crate::petitions_fixture::{OPEN, sign_request, spawn_petitions_app};

#[tokio::test]
async fn a_build_file_with_a_short_hash_is_still_cached_for_a_year() {
    let setup = setup();
    // Trunk drops a hash's leading zeros: 15 digits, sometimes fewer.
    for name in ["civic-web-6390bf0cb1ac281_bg.wasm", "main-3f2a.css"] {
        std::fs::write(setup.config.dist.join(name), ASSET_JS).unwrap();
    }
    let app = setup.spawn().await;

    for name in ["civic-web-6390bf0cb1ac281_bg.wasm", "main-3f2a.css"] {
        let response = app.get(&format!("/{name}")).await;

        assert_eq!(response.status(), 200, "{name}");
        assert_eq!(
            response.headers()["cache-control"],
            "public, max-age=31536000, immutable",
            "{name}"
        );
    }
}

#[tokio::test]
async fn a_repeated_public_read_answers_not_modified_without_a_body() {
    let app = spawn_app().await;
    let path = "/api/pages/en/privacy";
    let first = app.get(path).await;
    assert_eq!(first.status(), 200);
    let tag = first.headers()[ETAG].to_str().unwrap().to_owned();
    assert!(tag.starts_with("W/\""), "{tag}");

    let again = app.get_with(path, headers(&[("if-none-match", &tag)])).await;

    assert_eq!(again.status(), 304);
    assert_eq!(again.headers()[ETAG], tag.as_str());
    assert!(again.bytes().await.unwrap().is_empty());
    let other = app
        .get(&paths::page(Locale::Fr, &civic_api::Slug::parse("privacy").unwrap()))
        .await;
    assert_ne!(other.headers()[ETAG], tag.as_str());
}

#[tokio::test]
async fn a_polled_count_is_sent_again_once_it_has_changed() {
    let app = spawn_petitions_app().await;
    let slug = civic_api::Slug::parse(OPEN).unwrap();
    let count_path = paths::petition_count(&slug);
    let before = app.get(&count_path).await;
    let tag = before.headers()[ETAG].to_str().unwrap().to_owned();
    let unchanged = app.get_with(&count_path, headers(&[("if-none-match", &tag)])).await;
    assert_eq!(unchanged.status(), 304);

    app.sign_and_confirm(OPEN, &sign_request("Ada Lovelace", "ada@example.org", "GB", Locale::En))
        .await;
    let after = app.get_with(&count_path, headers(&[("if-none-match", &tag)])).await;

    assert_eq!(after.status(), 200);
    assert_ne!(after.headers()[ETAG], tag.as_str());
    assert!(after.text().await.unwrap().contains("\"count\":1"));
}

#[tokio::test]
async fn writes_and_errors_carry_no_validator() {
    let app = spawn_app().await;

    let missing = app.get("/api/pages/en/no-such-page").await;
    let written = app.post_problem_report(&crate::helpers::valid_report()).await;

    assert_eq!(missing.status(), 404);
    assert!(missing.headers().get(ETAG).is_none());
    assert!(written.status().is_success(), "{}", written.status());
    assert!(written.headers().get(ETAG).is_none());
}

#[tokio::test]
async fn a_non_matching_tag_gets_the_whole_answer() {
    let app = spawn_app().await;

    let response = app
        .get_with("/api/pages/en/privacy", headers(&[("if-none-match", "\"stale\"")]))
        .await;

    assert_eq!(response.status(), 200);
    assert!(!response.text().await.unwrap().is_empty());
}
