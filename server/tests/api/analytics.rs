//! First-party analytics: counts per day, event, page, network and country,
//! and nothing that could name a visitor.

use std::time::Duration;

use axum::http::HeaderName;
use civic_api::analytics::{EventKind, EventRequest};
use civic_api::consent::Choices;
use civic_api::share::Network;
use civic_api::{FieldError, paths};
use civic_server::config::RateLimit;
use reqwest::Response;
use reqwest::header::{CONTENT_TYPE, HeaderMap};

use crate::consent::decision;
use crate::helpers::{TestApp, error_body, headers, setup, spawn_app, valid_report};

pub const PETITION: &str = "/petitions/clean-air-near-schools";

impl TestApp {
    pub async fn post_event(&self, request: &EventRequest) -> Response {
        self.post_event_with(request, HeaderMap::new()).await
    }

    pub async fn post_event_with(&self, request: &EventRequest, headers: HeaderMap) -> Response {
        self.client
            .post(self.url(paths::ANALYTICS_EVENTS))
            .header(CONTENT_TYPE, "application/json")
            .headers(headers)
            .body(serde_json::to_string(request).unwrap())
            .send()
            .await
            .expect("the request is sent")
    }

    /// Every stored count as `(day, event, path, network, country, count)`, sorted.
    pub async fn analytics_rows(&self) -> Vec<(String, String, String, String, String, i64)> {
        sqlx::query_as(
            "SELECT day, event, path, network, country, count FROM analytics_daily
             ORDER BY day, event, path, network, country",
        )
        .fetch_all(&self.pool)
        .await
        .unwrap()
    }
}

pub fn event(kind: EventKind, path: &str, network: Option<Network>) -> EventRequest {
    EventRequest {
        kind,
        path: path.to_owned(),
        network,
    }
}

pub fn today() -> String {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::OffsetDateTime::now_utc().date().format(format).unwrap()
}

/// An app behind a proxy at 127.0.0.1 (where the tests connect from) that
/// names the country in `CF-IPCountry`.
async fn spawn_behind_proxy() -> TestApp {
    let mut setup = setup();
    setup.config.trusted_proxy = Some("127.0.0.1".parse().unwrap());
    setup.config.country_header = Some(HeaderName::from_static("cf-ipcountry"));
    setup.spawn().await
}

#[tokio::test]
async fn events_are_counted_per_day_event_path_network_and_country() {
    let app = spawn_behind_proxy().await;
    let sent = [
        (event(EventKind::PageView, "/fr/about", None), Some("FR")),
        (event(EventKind::PageView, "/fr/about", None), Some("fr")),
        (event(EventKind::PageView, "/fr/about", None), Some("ES")),
        (event(EventKind::PageView, "/fr/about", None), None),
        (event(EventKind::PageView, "/", None), Some("XX")),
        (event(EventKind::Share, PETITION, Some(Network::Mastodon)), None),
        (event(EventKind::Share, PETITION, Some(Network::Mastodon)), None),
        (event(EventKind::Share, PETITION, Some(Network::Email)), None),
        (event(EventKind::PetitionViewed, PETITION, None), None),
        (
            event(EventKind::PetitionSigned, "/es/petitions/clean-air-near-schools", None),
            None,
        ),
        (event(EventKind::PageView, "/statistics", None), None),
    ];
    for (request, country) in &sent {
        let headers = match country {
            Some(code) => headers(&[("cf-ipcountry", code)]),
            None => HeaderMap::new(),
        };
        let response = app.post_event_with(request, headers).await;
        assert_eq!(response.status(), 204, "{request:?}");
    }

    let day = today();
    let row = |event: &str, path: &str, network: &str, country: &str, count: i64| {
        (
            day.clone(),
            event.into(),
            path.into(),
            network.into(),
            country.into(),
            count,
        )
    };
    let mut expected = vec![
        row("page_view", "/", "", "", 1),
        row("page_view", "/fr/about", "", "", 1),
        row("page_view", "/fr/about", "", "ES", 1),
        row("page_view", "/fr/about", "", "FR", 2),
        row("page_view", "/statistics", "", "", 1),
        row("petition_signed", "/es/petitions/clean-air-near-schools", "", "", 1),
        row("petition_viewed", PETITION, "", "", 1),
        row("share", PETITION, "email", "", 1),
        row("share", PETITION, "mastodon", "", 2),
    ];
    expected.sort();
    assert_eq!(app.analytics_rows().await, expected);
}

#[tokio::test]
async fn with_global_privacy_control_or_do_not_track_nothing_is_stored() {
    let app = spawn_app().await;
    for signal in [("sec-gpc", "1"), ("dnt", "1")] {
        let response = app
            .post_event_with(&event(EventKind::PageView, "/", None), headers(&[signal]))
            .await;
        assert_eq!(response.status(), 204, "{signal:?}");
    }
    assert!(app.analytics_rows().await.is_empty());

    let response = app
        .post_event_with(
            &event(EventKind::PageView, "/", None),
            headers(&[("sec-gpc", "0"), ("dnt", "0")]),
        )
        .await;
    assert_eq!(response.status(), 204);
    assert_eq!(
        app.analytics_rows().await.len(),
        1,
        "a signal set to 0 asks for nothing"
    );
}

#[tokio::test]
async fn events_for_pages_that_do_not_exist_or_with_queries_are_refused_with_422() {
    let app = spawn_app().await;
    let cases = [
        (
            event(EventKind::PageView, "/no-such-page", None),
            "unknown content page",
        ),
        (
            event(EventKind::PageView, "/fr/no-such-page", None),
            "unknown French page",
        ),
        (
            event(EventKind::PageView, "/petitions/no-such-petition", None),
            "unknown petition",
        ),
        (
            event(EventKind::PetitionViewed, "/petitions/no-such-petition", None),
            "unknown petition in the funnel",
        ),
        (event(EventKind::PageView, "/about?t=p.secret", None), "a query string"),
        (
            event(EventKind::PageView, "/about?utm_source=x", None),
            "a campaign query",
        ),
        (event(EventKind::PageView, "/about#top", None), "a fragment"),
        (event(EventKind::PageView, "/about/", None), "not canonical"),
        (
            event(EventKind::PageView, "https://civic.example/about", None),
            "a full URL",
        ),
        (
            event(EventKind::PetitionSigned, "/about", None),
            "funnel event off a petition",
        ),
    ];
    for (request, why) in cases {
        let response = app.post_event(&request).await;

        assert_eq!(response.status(), 422, "{why}");
        assert_eq!(
            error_body(response).await.error.fields.get("path"),
            Some(&FieldError::Invalid),
            "{why}"
        );
    }
    let shareless = app.post_event(&event(EventKind::Share, "/", None)).await;
    assert_eq!(shareless.status(), 422);
    assert!(app.analytics_rows().await.is_empty());
}

#[tokio::test]
async fn the_country_header_is_ignored_from_peers_that_are_not_the_trusted_proxy() {
    let mut setup = setup();
    setup.config.trusted_proxy = Some("10.0.0.1".parse().unwrap());
    setup.config.country_header = Some(HeaderName::from_static("cf-ipcountry"));
    let app = setup.spawn().await;

    let response = app
        .post_event_with(
            &event(EventKind::PageView, "/", None),
            headers(&[("cf-ipcountry", "FR")]),
        )
        .await;

    assert_eq!(response.status(), 204);
    let rows = app.analytics_rows().await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].4, "", "the country a stranger claims is not counted");
}

#[tokio::test]
async fn no_address_agent_or_id_is_stored_anywhere() {
    let app = spawn_behind_proxy().await;
    let columns: Vec<String> = app.columns_of("analytics_daily").await;
    assert_eq!(columns, ["day", "event", "path", "network", "country", "count"]);
    let identifying = headers(&[
        ("user-agent", "CivicProbe/7.7 (unique-agent-marker)"),
        ("x-forwarded-for", "203.0.113.77"),
        ("cookie", "tracker=cookie-marker"),
        ("cf-ipcountry", "FR"),
    ]);
    let response = app
        .post_event_with(&event(EventKind::PageView, "/fr/about", None), identifying.clone())
        .await;
    assert_eq!(response.status(), 204);
    let revision = app.policy_revision().await;
    let body = serde_json::to_string(&decision(Choices::ALL_ACCEPTED, revision)).unwrap();
    assert_eq!(app.post_consent_with(body, identifying).await.status(), 204);

    for (table, column) in app.columns().await {
        let query = format!("SELECT COUNT(*) FROM \"{table}\" WHERE CAST(\"{column}\" AS TEXT) LIKE $1");
        for marker in ["127.0.0.1", "203.0.113.77", "unique-agent-marker", "cookie-marker"] {
            let found: i64 = sqlx::query_scalar(&query)
                .bind(format!("%{marker}%"))
                .fetch_one(&app.pool)
                .await
                .unwrap();
            assert_eq!(found, 0, "{marker} stored in {table}.{column}");
        }
    }
}

#[tokio::test]
async fn analytics_and_consents_have_their_own_budget_apart_from_writes() {
    let mut setup = setup();
    let hour = Duration::from_secs(3600);
    setup.config.rate_limit = RateLimit { burst: 1, period: hour };
    setup.config.analytics_rate_limit = RateLimit { burst: 3, period: hour };
    let app = setup.spawn().await;

    for _ in 0..3 {
        assert_eq!(
            app.post_event(&event(EventKind::PageView, "/", None)).await.status(),
            204
        );
    }
    let over = app.post_event(&event(EventKind::PageView, "/", None)).await;
    assert_eq!(over.status(), 429);
    assert!(over.headers().contains_key("retry-after"));
    let body = serde_json::to_string(&decision(Choices::ALL_ACCEPTED, 1)).unwrap();
    assert_eq!(
        app.post_consent_with(body, HeaderMap::new()).await.status(),
        429,
        "consents share the analytics budget"
    );

    assert_eq!(
        app.post_problem_report(&valid_report()).await.status(),
        201,
        "page views did not use up the write budget"
    );
    assert_eq!(app.post_problem_report(&valid_report()).await.status(), 429);
}

#[tokio::test]
async fn events_from_another_site_are_refused() {
    let app = spawn_app().await;

    let response = app
        .post_event_with(
            &event(EventKind::PageView, "/", None),
            headers(&[("origin", "https://evil.example")]),
        )
        .await;

    assert_eq!(response.status(), 403);
    assert!(app.analytics_rows().await.is_empty());
}
