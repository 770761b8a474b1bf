//! The consent log and the policy revision every page announces.

use std::path::Path;

use civic_api::consent::{Choices, ConsentLogRequest, POLICY_REVISION_META, PrivacySignal};
use civic_api::page::Page;
use civic_api::{FieldError, Locale, paths};
use civic_server::db::Flag;
use civic_server::startup::Application;
use reqwest::Response;
use reqwest::header::{CONTENT_TYPE, HeaderMap};

use crate::fixture::CONTENT_DIR;
use crate::helpers::{TestApp, error_body, headers, setup, spawn_app};

pub const CONSENT_ID: &str = "0123456789abcdef0123456789abcdef";

impl TestApp {
    pub async fn post_consent(&self, request: &ConsentLogRequest) -> Response {
        self.post_consent_with(serde_json::to_string(request).unwrap(), HeaderMap::new())
            .await
    }

    pub async fn post_consent_with(&self, body: String, headers: HeaderMap) -> Response {
        self.client
            .post(self.url(paths::CONSENTS))
            .header(CONTENT_TYPE, "application/json")
            .headers(headers)
            .body(body)
            .send()
            .await
            .expect("the request is sent")
    }

    pub async fn consent_log(&self) -> Vec<LoggedConsent> {
        sqlx::query_as(
            "SELECT consent_id, preferences, analytics, external_media, revision, signal, recorded_at
             FROM consent_log ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await
        .unwrap()
    }

    /// The revision the English privacy policy states, as the API serves it.
    pub async fn policy_revision(&self) -> u32 {
        let page: Page = self.get_page("en", "privacy").await.json().await.unwrap();
        page.revision.expect("the privacy policy has a revision")
    }
}

#[derive(Debug, sqlx::FromRow)]
pub struct LoggedConsent {
    pub consent_id: String,
    #[sqlx(try_from = "Flag")]
    preferences: bool,
    #[sqlx(try_from = "Flag")]
    analytics: bool,
    #[sqlx(try_from = "Flag")]
    external_media: bool,
    revision: i64,
    pub signal: Option<String>,
    recorded_at: String,
}

pub fn decision(choices: Choices, revision: u32) -> ConsentLogRequest {
    ConsentLogRequest {
        consent_id: CONSENT_ID.to_owned(),
        choices,
        revision,
        signal: None,
    }
}

#[tokio::test]
async fn a_decision_is_logged_with_its_id_choices_revision_and_the_servers_time_only() {
    let app = spawn_app().await;
    let revision = app.policy_revision().await;
    let choices = Choices {
        preferences: true,
        analytics: false,
        external_media: true,
    };

    let response = app.post_consent(&decision(choices, revision)).await;

    assert_eq!(response.status(), 204);
    let columns: Vec<String> = app.columns_of("consent_log").await;
    assert_eq!(
        columns,
        [
            "id",
            "consent_id",
            "preferences",
            "analytics",
            "external_media",
            "revision",
            "signal",
            "recorded_at"
        ]
    );
    let log = app.consent_log().await;
    assert_eq!(log.len(), 1);
    let logged = &log[0];
    assert_eq!(logged.consent_id, CONSENT_ID);
    assert!(logged.preferences && !logged.analytics && logged.external_media);
    assert_eq!(logged.revision, i64::from(revision));
    assert_eq!(logged.signal, None);
    let recorded = time::OffsetDateTime::parse(&logged.recorded_at, &time::format_description::well_known::Rfc3339)
        .expect("RFC 3339");
    assert!((time::OffsetDateTime::now_utc() - recorded).abs() < time::Duration::minutes(1));
}

#[tokio::test]
async fn a_change_of_mind_is_logged_again_under_the_same_id() {
    let app = spawn_app().await;
    let revision = app.policy_revision().await;

    assert_eq!(
        app.post_consent(&decision(Choices::ALL_ACCEPTED, revision))
            .await
            .status(),
        204
    );
    assert_eq!(
        app.post_consent(&decision(Choices::ALL_REJECTED, revision))
            .await
            .status(),
        204
    );

    let log = app.consent_log().await;
    assert_eq!(log.len(), 2);
    assert!(log[0].analytics && !log[1].analytics);
    assert!(log.iter().all(|logged| logged.consent_id == CONSENT_ID));
}

#[tokio::test]
async fn malformed_ids_and_revisions_are_refused_with_422_and_nothing_is_logged() {
    let app = spawn_app().await;
    let revision = app.policy_revision().await;
    let cases = [
        ("not-an-id", revision, "consent_id", FieldError::Invalid, "not hex"),
        (
            "0123456789ABCDEF0123456789ABCDEF",
            revision,
            "consent_id",
            FieldError::Invalid,
            "uppercase",
        ),
        (
            "0123456789abcdef0123456789abcde",
            revision,
            "consent_id",
            FieldError::Invalid,
            "31 digits",
        ),
        ("", revision, "consent_id", FieldError::Required, "empty"),
        (CONSENT_ID, 0, "revision", FieldError::Invalid, "revision zero"),
        (
            CONSENT_ID,
            revision + 1,
            "revision",
            FieldError::Invalid,
            "a revision the policy never had",
        ),
    ];
    for (id, revision, field, expected, why) in cases {
        let request = ConsentLogRequest {
            consent_id: id.to_owned(),
            ..decision(Choices::ALL_ACCEPTED, revision)
        };

        let response = app.post_consent(&request).await;

        assert_eq!(response.status(), 422, "{why}");
        assert_eq!(
            error_body(response).await.error.fields.get(field),
            Some(&expected),
            "{why}"
        );
    }
    let unknown_field = format!(
        r#"{{"consent_id":"{CONSENT_ID}","choices":{{"preferences":true,"analytics":true,"external_media":true}},"revision":{revision},"ip":"203.0.113.9"}}"#
    );
    assert_eq!(
        app.post_consent_with(unknown_field, HeaderMap::new()).await.status(),
        400
    );
    assert!(app.consent_log().await.is_empty());
}

#[tokio::test]
async fn a_privacy_signal_keeps_analytics_and_external_media_off_in_the_log() {
    let app = spawn_app().await;
    let revision = app.policy_revision().await;
    let from_the_page = ConsentLogRequest {
        signal: Some(PrivacySignal::GlobalPrivacyControl),
        ..decision(Choices::ALL_ACCEPTED, revision)
    };
    assert_eq!(app.post_consent(&from_the_page).await.status(), 204);
    let body = serde_json::to_string(&decision(Choices::ALL_ACCEPTED, revision)).unwrap();
    let response = app.post_consent_with(body, headers(&[("dnt", "1")])).await;
    assert_eq!(response.status(), 204);

    let log = app.consent_log().await;
    assert_eq!(log.len(), 2);
    for logged in &log {
        assert!(logged.preferences, "preferences are not tracking");
        assert!(!logged.analytics && !logged.external_media, "{logged:?}");
    }
    assert_eq!(log[0].signal.as_deref(), Some("global_privacy_control"));
    assert_eq!(log[1].signal.as_deref(), Some("do_not_track"), "the header counts too");
}

#[tokio::test]
async fn consent_posts_from_another_site_are_refused() {
    let app = spawn_app().await;
    let revision = app.policy_revision().await;
    let body = serde_json::to_string(&decision(Choices::ALL_ACCEPTED, revision)).unwrap();

    let response = app
        .post_consent_with(body, headers(&[("sec-fetch-site", "cross-site")]))
        .await;

    assert_eq!(response.status(), 403);
    assert!(app.consent_log().await.is_empty());
}

#[tokio::test]
async fn every_html_page_announces_the_policy_revision() {
    let app = spawn_app().await;
    let revision = app.policy_revision().await;
    let meta = format!("<meta name=\"{POLICY_REVISION_META}\" content=\"{revision}\">");
    for (path, status) in [
        ("/", 200),
        ("/fr/privacy", 200),
        ("/es/statistics", 200),
        ("/newsletter", 200),
        ("/fr/unsubscribe", 200),
        ("/petitions/clean-air-near-schools", 200),
        ("/no-such-page", 404),
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status(), status, "{path}");
        let html = response.text().await.unwrap();
        assert_eq!(html.matches(&meta).count(), 1, "{path}: {html}");
    }
}

#[tokio::test]
async fn the_new_pages_have_translated_titles_and_token_pages_stay_out_of_search_engines() {
    let app = spawn_app().await;
    let locales: serde_json::Value =
        serde_json::from_str(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../locales/fr.json"))).unwrap();
    for (path, section, private) in [
        ("/fr/statistics", "statistics", false),
        ("/fr/newsletter", "newsletter", false),
        ("/fr/confirm-subscription", "confirm_subscription", true),
        ("/fr/unsubscribe", "unsubscribe", true),
    ] {
        let html = app.get(path).await.text().await.unwrap();
        let title = locales[section]["title"].as_str().unwrap();
        assert!(html.contains(&format!("<title>{title}")), "{path}: {html}");
        assert!(html.contains("<html lang=\"fr\" dir=\"ltr\">"), "{path}");
        assert_eq!(
            html.contains("<meta name=\"robots\" content=\"noindex\">"),
            private,
            "{path}"
        );
        assert_eq!(html.contains("content=\"no-referrer\""), private, "{path}");
    }
}

#[tokio::test]
async fn the_privacy_policy_says_what_its_revision_changed() {
    let app = spawn_app().await;
    for locale in Locale::ALL.map(Locale::as_str) {
        let page: Page = app.get_page(locale, "privacy").await.json().await.unwrap();
        let changes = page.changes.unwrap_or_default();
        assert!(changes.len() > 20, "{locale}: {changes:?}");
    }
    let about: Page = app.get_page("en", "about").await.json().await.unwrap();
    assert_eq!(about.changes, None);
}

#[tokio::test]
async fn a_server_whose_privacy_translations_disagree_on_the_revision_does_not_start() {
    let mut setup = setup();
    let content = setup.dir().join("content");
    copy_pages(Path::new(CONTENT_DIR), &content);
    let french = content.join("pages/fr/privacy.md");
    let source = std::fs::read_to_string(&french).unwrap();
    let revision = source
        .lines()
        .find_map(|line| line.strip_prefix("revision = "))
        .expect("the French policy has a revision")
        .to_owned();
    std::fs::write(
        &french,
        source.replacen(&format!("revision = {revision}"), "revision = 99", 1),
    )
    .unwrap();
    setup.config.content = content;

    let error = match Application::build(setup.config.clone()).await {
        Ok(_) => panic!("the server started with disagreeing policies"),
        Err(error) => format!("{error:#}"),
    };

    assert!(error.contains("revision") && error.contains("fr says 99"), "{error}");
}

/// The pages only, with the petitions linked as they are.
fn copy_pages(from: &Path, to: &Path) {
    for locale in Locale::ALL.map(Locale::as_str) {
        let folder = to.join("pages").join(locale);
        std::fs::create_dir_all(&folder).unwrap();
        for entry in std::fs::read_dir(from.join("pages").join(locale)).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), folder.join(entry.file_name())).unwrap();
        }
    }
    #[cfg(unix)]
    std::os::unix::fs::symlink(from.join("petitions"), to.join("petitions")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(from.join("donations.toml"), to.join("donations.toml")).unwrap();
}
