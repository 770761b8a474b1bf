use crate::fixture::{
    ASSET, ASSET_BR, ASSET_JS, INLINE_SCRIPT, PUBLIC_URL, READING_INLINE_SCRIPT, SURVEYS_INLINE_SCRIPT,
};
use crate::helpers::{setup, spawn_app};

/// The escaping the server must apply to text it injects.
fn escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

#[tokio::test]
async fn an_app_route_gets_the_shell_with_its_own_metadata() {
    let app = spawn_app().await;
    let page: civic_api::page::Page = app.get_page("fr", "about").await.json().await.unwrap();

    let response = app.get("/fr/about").await;

    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "text/html; charset=utf-8");
    assert_eq!(response.headers()["cache-control"], "no-cache");
    let html = response.text().await.unwrap();
    let description = escaped(&page.description);
    let expected = [
        "<html lang=\"fr\" dir=\"ltr\">".to_owned(),
        format!("<title>{} | Civic</title>", escaped(&page.title)),
        format!("<meta name=\"description\" content=\"{description}\">"),
        format!("<link rel=\"canonical\" href=\"{PUBLIC_URL}/fr/about\">"),
        format!("<link rel=\"alternate\" hreflang=\"en\" href=\"{PUBLIC_URL}/about\">"),
        format!("<link rel=\"alternate\" hreflang=\"fr\" href=\"{PUBLIC_URL}/fr/about\">"),
        format!("<link rel=\"alternate\" hreflang=\"es\" href=\"{PUBLIC_URL}/es/about\">"),
        format!("<link rel=\"alternate\" hreflang=\"x-default\" href=\"{PUBLIC_URL}/about\">"),
        format!("<meta property=\"og:title\" content=\"{}\">", escaped(&page.title)),
        format!("<meta property=\"og:description\" content=\"{description}\">"),
        format!("<meta property=\"og:url\" content=\"{PUBLIC_URL}/fr/about\">"),
        "<meta property=\"og:type\" content=\"website\">".to_owned(),
        "<meta property=\"og:locale\" content=\"fr_FR\">".to_owned(),
        "<meta property=\"og:locale:alternate\" content=\"en_GB\">".to_owned(),
        "<meta property=\"og:locale:alternate\" content=\"es_ES\">".to_owned(),
        "<meta property=\"og:site_name\" content=\"Civic\">".to_owned(),
        "<meta name=\"twitter:card\" content=\"summary\">".to_owned(),
    ];
    for tag in expected {
        assert!(html.contains(&tag), "missing {tag} in\n{html}");
    }
    assert!(!html.contains("<!-- civic:head -->"));
    assert!(!html.contains("noindex"));
    assert_eq!(html.matches("<title>").count(), 1);
    assert_eq!(html.matches("name=\"description\"").count(), 1);
}

#[tokio::test]
async fn every_page_of_the_site_answers_200() {
    let app = spawn_app().await;
    let cases = [
        ("/", "en", "home"),
        ("/fr/", "fr", "home"),
        ("/es", "es", "home"),
        ("/privacy", "en", "privacy"),
        ("/es/about", "es", "about"),
        ("/report-a-problem", "en", "report"),
        ("/fr/report-a-problem", "fr", "report"),
    ];
    for (path, lang, what) in cases {
        let response = app.get(path).await;

        assert_eq!(response.status(), 200, "{path}");
        let html = response.text().await.unwrap();
        assert!(
            html.contains(&format!("<html lang=\"{lang}\" dir=\"ltr\">")),
            "{path} is {what} in {lang}"
        );
        assert!(html.contains("rel=\"canonical\""), "{path}");
    }
}

#[tokio::test]
async fn paths_that_name_no_page_answer_404_with_a_noindex_shell() {
    let app = spawn_app().await;
    // Longer than any file name the file system accepts.
    let too_long_for_a_file = format!("/{}", "a".repeat(300));
    let cases = [
        ("/no-such-page", "en"),
        ("/fr/no-such-page", "fr"),
        ("/en/about", "en"),
        ("/about/deeper", "en"),
        ("/index.html", "en"),
        (too_long_for_a_file.as_str(), "en"),
    ];
    for (path, lang) in cases {
        let response = app.get(path).await;

        assert_eq!(response.status(), 404, "{path}");
        assert_eq!(response.headers()["cache-control"], "no-cache", "{path}");
        let html = response.text().await.unwrap();
        assert!(html.contains("<meta name=\"robots\" content=\"noindex\">"), "{path}");
        assert!(html.contains(&format!("<html lang=\"{lang}\" dir=\"ltr\">")), "{path}");
        assert!(!html.contains("rel=\"canonical\""), "{path}");
    }
}

#[tokio::test]
async fn a_hashed_asset_is_served_precompressed_and_cached_for_a_year() {
    let app = spawn_app().await;

    let response = app.get_raw(&format!("/{ASSET}"), "gzip, br").await;

    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-encoding"], "br");
    assert_eq!(
        response.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .contains("javascript")
    );
    assert_eq!(response.bytes().await.unwrap().as_ref(), ASSET_BR);
    let plain = app.get_raw(&format!("/{ASSET}"), "identity").await;
    assert!(plain.headers().get("content-encoding").is_none());
    assert_eq!(plain.text().await.unwrap(), ASSET_JS);
}

#[tokio::test]
async fn unhashed_files_must_be_revalidated() {
    let app = spawn_app().await;

    let response = app.get("/robots.txt").await;

    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "no-cache");
}

#[tokio::test]
async fn json_and_html_are_compressed_as_the_client_asks() {
    let app = spawn_app().await;
    for path in ["/api/pages/en/privacy", "/privacy"] {
        for encoding in ["br", "gzip"] {
            let response = app.get_raw(path, encoding).await;

            assert_eq!(response.status(), 200, "{path}");
            assert_eq!(response.headers()["content-encoding"], encoding, "{path}");
        }
        let plain = app.get_raw(path, "identity").await;
        assert!(plain.headers().get("content-encoding").is_none(), "{path}");
    }
}

#[tokio::test]
async fn without_a_built_spa_pages_answer_503_and_the_api_still_works() {
    let mut setup = setup();
    setup.config.dist = setup.dir().join("not-built");
    let app = setup.spawn().await;

    let response = app.get("/about").await;

    assert_eq!(response.status(), 503);
    assert!(response.text().await.unwrap().contains("cargo xtask serve"));
    assert_eq!(app.get_health().await.status(), 200);
}

#[tokio::test]
async fn each_page_gets_its_bundle() {
    let app = spawn_app().await;
    let slug = "quick-poll-open-data";

    for path in [&format!("/es/surveys/{slug}"), &format!("/surveys/{slug}/results")] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 200, "{path}");
        let html = response.text().await.unwrap();
        assert!(
            html.contains(SURVEYS_INLINE_SCRIPT),
            "{path} should load the survey bundle"
        );
        assert!(!html.contains(INLINE_SCRIPT), "{path} should not load the main bundle");
    }
    // A survey that does not exist: its own bundle's page says so.
    let missing = app.get("/surveys/no-such-survey").await;
    assert_eq!(missing.status(), 404);
    assert!(missing.text().await.unwrap().contains(SURVEYS_INLINE_SCRIPT));
    let only = |html: &str, script: &str| {
        [INLINE_SCRIPT, SURVEYS_INLINE_SCRIPT, READING_INLINE_SCRIPT]
            .into_iter()
            .all(|each| html.contains(each) == (each == script))
    };
    for path in [
        "/",
        "/fr/about",
        "/es/privacy",
        "/campaigns",
        "/ar/statistics",
        "/surveys",
        "/fr/surveys",
    ] {
        let html = app.get(path).await.text().await.unwrap();
        assert!(
            only(&html, READING_INLINE_SCRIPT),
            "{path} should load the reading bundle alone"
        );
    }
    for path in ["/petitions/no-such-petition", "/newsletter"] {
        let html = app.get(path).await.text().await.unwrap();
        assert!(only(&html, INLINE_SCRIPT), "{path} should load the main bundle alone");
    }
    for raw in [
        "/surveys.html",
        "/reading.html",
        "/accounts.html",
        "/donations.html",
        "/console.html",
    ] {
        assert_eq!(
            app.get(raw).await.status(),
            404,
            "the raw template {raw} is never served"
        );
    }
}

#[tokio::test]
async fn arabic_pages_are_written_right_to_left() {
    let app = spawn_app().await;
    for path in ["/ar/", "/ar/about", "/ar/no-such-page"] {
        let html = app.get(path).await.text().await.unwrap();

        assert!(html.contains("<html lang=\"ar\" dir=\"rtl\">"), "{path}");
        assert!(html.contains("id=\"civic-texts\" lang=\"ar\""), "{path}");
    }
}
