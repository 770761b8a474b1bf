//! The consent banner without the app: drawn by the server from the
//! `civic.consent` cookie, and taken as a form the browser posts to the
//! page's own address.

use civic_api::consent::{Choices, ConsentId, ConsentRecord};
use percent_encoding::{NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
use reqwest::Response;
use reqwest::header::{CONTENT_TYPE, HeaderMap, LOCATION, SET_COOKIE};

use crate::helpers::{TestApp, headers, spawn_app};

const BANNER: &str = "class=\"consent-banner\"";

/// The `Cookie` header the app writes for a decision.
fn cookie(choices: Choices, revision: u32) -> String {
    let record = ConsentRecord {
        id: ConsentId::from_bytes([5; 16]),
        choices,
        revision,
        decided_at: "2026-12-01T09:00:00.000Z".to_owned(),
    };
    let json = serde_json::to_string(&record).unwrap();
    format!("civic.consent={}", utf8_percent_encode(&json, NON_ALPHANUMERIC))
}

/// The record a `Set-Cookie` stores.
fn stored(response: &Response) -> ConsentRecord {
    let set = response.headers()[SET_COOKIE].to_str().unwrap();
    let value = set.split(';').next().unwrap().strip_prefix("civic.consent=").unwrap();
    let json = percent_decode_str(value).decode_utf8().unwrap();
    ConsentRecord::parse(&json).expect("the cookie holds a record")
}

async fn page(app: &TestApp, path: &str, cookie: Option<String>) -> String {
    let sent = match cookie {
        Some(cookie) => headers(&[("cookie", &cookie)]),
        None => HeaderMap::new(),
    };
    let response = app.get_with(path, sent).await;
    assert_eq!(response.status(), 200, "{path}");
    response.text().await.unwrap()
}

async fn post_banner(app: &TestApp, path: &str, body: &str, extra: &[(&'static str, &str)]) -> Response {
    app.client
        .post(app.url(path))
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "same-origin")
        .headers(headers(extra))
        .body(body.to_owned())
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn the_banner_is_drawn_until_the_visitor_decides_and_again_when_the_policy_changes() {
    let app = spawn_app().await;
    let revision = app.policy_revision().await;

    let first = page(&app, "/fr/about", None).await;
    assert!(first.contains(BANNER), "a first visit is asked");
    assert!(
        first.contains("name=\"consent\" value=\"accept_all\""),
        "accept, as a form's button"
    );
    assert!(
        first.contains("name=\"consent\" value=\"reject_all\""),
        "reject, as a form's button"
    );

    let decided = page(&app, "/fr/about", Some(cookie(Choices::ALL_ACCEPTED, revision))).await;
    assert!(!decided.contains(BANNER), "a decided visitor is not asked");
    assert!(
        decided.contains("<h1"),
        "and the page is drawn (statistics allowed, none counted by the server)"
    );

    let older = page(&app, "/fr/about", Some(cookie(Choices::ALL_ACCEPTED, revision - 1))).await;
    assert!(
        older.contains(BANNER),
        "a decision about an older policy is asked again"
    );
    assert!(
        older.contains("class=\"consent-changes\""),
        "with what changed: {older}"
    );
    assert!(
        older.contains(r#"<script type="application/json" id="civic-policy">"#),
        "and the policy beside it, for the app's banner"
    );
    assert!(
        !decided.contains(r#"id="civic-policy""#),
        "only where the banner asks again"
    );

    let garbage = page(&app, "/fr/about", Some("civic.consent=%7Bnope".to_owned())).await;
    assert!(garbage.contains(BANNER), "a cookie that does not read is no decision");
}

#[tokio::test]
async fn the_not_found_page_asks_as_every_page_does_for_no_app_comes_to_draw_it() {
    let app = spawn_app().await;
    let revision = app.policy_revision().await;
    for path in ["/es/no-such-page", "/petitions/no-such-petition", "/s/Zz9Zz9Zz9Zz9"] {
        let first = app.get(path).await;
        assert_eq!(first.status(), 404, "{path}");
        assert!(
            first.text().await.unwrap().contains(BANNER),
            "{path}: a first visit is asked"
        );

        let sent = headers(&[("cookie", &cookie(Choices::ALL_REJECTED, revision))]);
        let decided = app.get_with(path, sent).await;
        assert_eq!(decided.status(), 404, "{path}");
        assert!(
            !decided.text().await.unwrap().contains(BANNER),
            "{path}: a decided visitor is not"
        );
    }
}

#[tokio::test]
async fn the_settings_open_for_the_address_that_asks_and_start_from_the_last_decision() {
    let app = spawn_app().await;
    let revision = app.policy_revision().await;
    let only_analytics = Choices {
        analytics: true,
        ..Choices::ALL_REJECTED
    };

    let html = page(
        &app,
        "/about?cookie-settings=open",
        Some(cookie(only_analytics, revision)),
    )
    .await;

    assert!(
        html.contains(BANNER),
        "a decided visitor asked for the settings gets them"
    );
    assert!(html.contains("autofocus"), "the settings take the focus");
    let checkbox = |name: &str| {
        let at = html.find(&format!("name=\"{name}\"")).expect(name);
        let start = html[..at].rfind("<input").unwrap();
        html[start..start + html[start..].find('>').unwrap()].to_owned()
    };
    assert!(checkbox("analytics").contains("checked"), "{}", checkbox("analytics"));
    assert!(
        !checkbox("preferences").contains("checked"),
        "{}",
        checkbox("preferences")
    );
    assert!(html.contains("value=\"save\""));
}

#[tokio::test]
async fn a_posted_banner_is_stored_logged_and_sends_the_visitor_back() {
    let app = spawn_app().await;
    let revision = app.policy_revision().await;

    let response = post_banner(
        &app,
        "/petitions/clean-air-near-schools?source=mastodon&cookie-settings=open",
        "consent=save&preferences=on&analytics=on",
        &[("dnt", "1")],
    )
    .await;

    assert_eq!(response.status(), 303);
    assert_eq!(
        response.headers()[LOCATION],
        "/petitions/clean-air-near-schools?source=mastodon",
        "back to the page, without the settings"
    );
    let set = response.headers()[SET_COOKIE].to_str().unwrap().to_owned();
    assert!(set.contains("Path=/") && set.contains("SameSite=Lax"), "{set}");
    let record = stored(&response);
    let expected = Choices {
        preferences: true,
        ..Choices::ALL_REJECTED
    };
    assert_eq!(record.choices, expected, "ticked, and the privacy signal honoured");
    assert_eq!(record.revision, revision);
    let log = app.consent_log().await;
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].consent_id, record.id.as_str());
    assert_eq!(log[0].signal.as_deref(), Some("do_not_track"));

    let again = post_banner(
        &app,
        "/es/about",
        "consent=reject_all&analytics=on",
        &[("cookie", set.split(';').next().unwrap())],
    )
    .await;
    assert_eq!(again.status(), 303);
    assert_eq!(again.headers()[LOCATION], "/es/about");
    let changed = stored(&again);
    assert_eq!(changed.id, record.id, "a change of mind keeps the id");
    assert_eq!(
        changed.choices,
        Choices::ALL_REJECTED,
        "the button decides, not stray fields"
    );
    assert_eq!(app.consent_log().await.len(), 2);
}

#[tokio::test]
async fn a_banner_posted_from_another_site_or_with_a_made_up_decision_changes_nothing() {
    let app = spawn_app().await;

    let unknown = post_banner(&app, "/about", "consent=accept_everything", &[]).await;
    assert_eq!(unknown.status(), 400);
    assert!(unknown.headers().get(SET_COOKIE).is_none());

    let cross_site = app
        .client
        .post(app.url("/about"))
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "cross-site")
        .body("consent=accept_all")
        .send()
        .await
        .unwrap();
    assert_eq!(cross_site.status(), 403);
    assert!(cross_site.headers().get(SET_COOKIE).is_none());

    assert!(app.consent_log().await.is_empty());
}

#[tokio::test]
async fn posted_banners_spend_the_consent_budget_not_the_signatures_and_a_refusal_still_asks() {
    let mut setup = crate::petitions_fixture::petitions_setup();
    let tight = civic_server::config::RateLimit {
        burst: 2,
        period: std::time::Duration::from_secs(60),
    };
    setup.config.rate_limit = tight.clone();
    setup.config.analytics_rate_limit = tight;
    let app = setup.spawn().await;

    let mut codes = Vec::new();
    for _ in 0..3 {
        codes.push(post_banner(&app, "/fr/about", "consent=reject_all", &[]).await);
    }
    let statuses: Vec<u16> = codes.iter().map(|response| response.status().as_u16()).collect();
    assert_eq!(statuses, [303, 303, 429]);
    let refused = codes.pop().unwrap();
    assert!(refused.headers().get(SET_COOKIE).is_none(), "nothing stored");
    let page = refused.text().await.unwrap();
    assert!(page.contains(BANNER) && page.contains("<h1"), "the page, still asking");
    assert_eq!(app.consent_log().await.len(), 2);

    let sign = post_banner(
        &app,
        &format!("/petitions/{}", crate::petitions_fixture::OPEN),
        "idempotency_key=6f1c2d3e-0000-4000-8000-000000000099&name=Ana&email=ana%40example.org&country=ES",
        &[],
    )
    .await;
    assert_eq!(sign.status(), 200, "the signatures' budget is untouched");
}
