//! A written page for members (`audience = "members"`): refused by the API
//! without a session, drawn in the first HTML as a way to sign in (with
//! none of its text, nor its description), and marked with a lock
//! wherever another page links to it.

use civic_api::page::Page;
use civic_api::{ErrorCode, paths};
use reqwest::header::{CACHE_CONTROL, COOKIE, HeaderMap, HeaderValue};

use crate::accounts::{join_and_confirm, signed_in};
use crate::helpers::{error_body, spawn_app};

const SLUG: &str = "members-handbook";
const TEXT: &str = "Choose a target who can say yes";
const DESCRIPTION: &str = "Practical advice for members";

fn with_cookie(cookie: &str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(COOKIE, HeaderValue::from_str(cookie).unwrap());
    headers
}

#[tokio::test]
async fn the_api_answers_401_without_a_session_and_the_page_to_a_member() {
    let app = spawn_app().await;
    let path = format!("/api/pages/en/{SLUG}");

    let anonymous = app.get(&path).await;
    assert_eq!(anonymous.status(), 401);
    assert_eq!(error_body(anonymous).await.error.code, ErrorCode::Unauthorized);

    join_and_confirm(&app, "amira@example.org").await;
    let cookie = signed_in(&app, "amira@example.org").await;
    let member = app.get_with(&path, with_cookie(&cookie)).await;
    assert_eq!(member.status(), 200);
    assert_eq!(member.headers()[CACHE_CONTROL], "private, no-store");
    assert!(member.headers().get("etag").is_none());
    let page: Page = member.json().await.unwrap();
    assert!(page.members_only);
    assert!(page.html.contains(TEXT));

    let forged = app.get_with(&path, with_cookie("__Host-civic.session=forged")).await;
    assert_eq!(forged.status(), 401);
}

#[tokio::test]
async fn the_first_html_holds_none_of_the_page_without_a_session_and_all_of_it_for_a_member() {
    let app = spawn_app().await;
    for locale in ["", "/fr", "/es", "/ar"] {
        let response = app.get(&format!("{locale}/{SLUG}")).await;
        assert_eq!(response.status(), 200, "{locale}");
        assert_eq!(response.headers()[CACHE_CONTROL], "private, no-cache");
        let html = response.text().await.unwrap();
        assert!(html.contains("sign-in?next="), "{locale}: the way in is drawn");
        assert!(!html.contains("Choose a target"), "{locale}: none of its text");
        for heading in [
            "Keep supporters safe",
            "Protégez vos soutiens",
            "Proteja a sus simpatizantes",
            "حافظ على سلامة المؤيدين",
        ] {
            assert!(!html.contains(heading), "{locale}: {heading}");
        }
    }
    let english = app.get(&format!("/{SLUG}")).await.text().await.unwrap();
    assert!(!english.contains(DESCRIPTION), "no description in the meta tags");
    assert!(english.contains("Sign in to read it"));

    join_and_confirm(&app, "amira@example.org").await;
    let cookie = signed_in(&app, "amira@example.org").await;
    let member = app.get_with(&format!("/{SLUG}"), with_cookie(&cookie)).await;
    assert_eq!(member.headers()[CACHE_CONTROL], "private, no-cache");
    assert_eq!(member.headers()["vary"], "Cookie");
    let html = member.text().await.unwrap();
    assert!(html.contains(TEXT) && html.contains(DESCRIPTION));
}

#[tokio::test]
async fn every_link_to_a_members_page_carries_a_lock_in_its_language() {
    let app = spawn_app().await;
    for (locale, words) in [
        ("en", "members only"),
        ("fr", "réservé aux membres"),
        ("ar", "للأعضاء فقط"),
    ] {
        let page: Page = app
            .get(&paths::page(
                civic_api::Locale::parse(locale).unwrap(),
                &civic_api::Slug::parse("about").unwrap(),
            ))
            .await
            .json()
            .await
            .unwrap();
        assert!(page.html.contains("class=\"members-link\""), "{locale}: {}", page.html);
        assert!(
            page.html
                .contains(&format!("<span class=\"visually-hidden\">{words}: </span>")),
            "{locale}"
        );
        assert!(!page.members_only, "the page that links is for everyone");
    }
}
