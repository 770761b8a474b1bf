use civic_api::page::Page;
use civic_api::{ErrorCode, Locale};
use serde::Deserialize;

use crate::fixture::CONTENT_DIR;
use crate::helpers::{error_body, own_content, setup, spawn_app};

#[derive(Deserialize)]
struct FrontMatter {
    title: String,
    description: String,
    audience: Option<String>,
}

/// Reads a content file's front matter independently of the server.
fn front_matter(locale: Locale, slug: &str) -> FrontMatter {
    let source = std::fs::read_to_string(format!("{CONTENT_DIR}/pages/{locale}/{slug}.md")).unwrap();
    let toml_text = source.split("+++").nth(1).unwrap();
    toml::from_str(toml_text).unwrap()
}

fn english_slugs() -> Vec<String> {
    let mut slugs: Vec<String> = std::fs::read_dir(format!("{CONTENT_DIR}/pages/en"))
        .unwrap()
        .filter_map(|entry| {
            entry
                .unwrap()
                .file_name()
                .to_str()?
                .strip_suffix(".md")
                .map(str::to_owned)
        })
        .collect();
    slugs.sort();
    assert!(slugs.len() >= 3, "home, about and privacy at least: {slugs:?}");
    slugs
}

#[tokio::test]
async fn every_content_page_is_served_in_every_language() {
    let app = spawn_app().await;
    crate::accounts::join_and_confirm(&app, "reader@example.org").await;
    let cookie = crate::accounts::signed_in(&app, "reader@example.org").await;
    for locale in Locale::ALL {
        for slug in english_slugs() {
            let slug = slug.as_str();
            let members = front_matter(locale, slug).audience.as_deref() == Some("members");
            // A page for members is read signed in (see members_pages.rs).
            let response = match members {
                true => {
                    let mut headers = reqwest::header::HeaderMap::new();
                    headers.insert(reqwest::header::COOKIE, cookie.parse().unwrap());
                    app.get_with(&format!("/api/pages/{locale}/{slug}"), headers).await
                }
                false => app.get_page(locale.as_str(), slug).await,
            };

            assert_eq!(response.status(), 200, "{locale}/{slug}");
            let page: Page = response.json().await.unwrap();
            let expected = front_matter(locale, slug);
            assert_eq!(page.title, expected.title, "{locale}/{slug}");
            assert_eq!(page.description, expected.description, "{locale}/{slug}");
            assert_eq!((page.locale, page.slug.as_str()), (locale, slug));
            assert!(page.html.contains("<h2>"), "{locale}/{slug} has rendered headings");
            assert!(!page.html.contains("<script"), "{locale}/{slug} has no script");
        }
    }
}

#[tokio::test]
async fn the_privacy_policy_carries_its_revision_and_date() {
    let app = spawn_app().await;

    let page: Page = app.get_page("en", "privacy").await.json().await.unwrap();

    assert!(page.revision.is_some());
    assert!(page.updated.is_some_and(|date| date.len() == 10));
}

#[tokio::test]
async fn unknown_pages_answer_404_in_the_error_shape() {
    let app = spawn_app().await;
    let cases = [
        ("en", "no-such-page", "unknown slug"),
        ("de", "about", "unknown locale"),
        ("EN", "about", "locale in capitals"),
        ("en", "About", "malformed slug"),
        ("en", "%ff", "bytes that are not UTF-8"),
    ];
    for (locale, slug, why) in cases {
        let response = app.get_page(locale, slug).await;

        assert_eq!(response.status(), 404, "{why}");
        assert_eq!(error_body(response).await.error.code, ErrorCode::NotFound, "{why}");
    }
}

#[tokio::test]
async fn a_missing_database_file_is_created_with_its_schema() {
    let setup = setup();
    // On PostgreSQL the test's database does not exist yet either.
    let on_sqlite = setup.on_sqlite();
    let database = setup.dir().join("data/civic.db");
    assert!(!database.exists());

    let app = setup.spawn().await;

    assert_eq!(database.exists(), on_sqlite);
    let tables: Vec<String> = civic_server::db::table_names(&app.pool).await.unwrap();
    assert!(tables.contains(&"pages".to_owned()), "{tables:?}");
    assert!(tables.contains(&"problem_reports".to_owned()), "{tables:?}");
}

#[tokio::test]
async fn restarting_on_the_same_database_keeps_one_row_per_page() {
    let app = spawn_app().await;
    let count = |pool| async move {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM pages")
            .fetch_one(&pool)
            .await
            .unwrap()
    };
    let first = count(app.pool.clone()).await;

    let restarted = app.setup_again().spawn().await;

    assert_eq!(first as usize, english_slugs().len() * Locale::ALL.len());
    assert_eq!(count(restarted.pool.clone()).await, first);
}

#[tokio::test]
async fn edited_content_shows_up_after_a_restart() {
    let setup = own_content();
    let content = setup.config.content.clone();
    let app = setup.spawn().await;
    let about = content.join("pages/fr/about.md");
    let source = std::fs::read_to_string(&about).unwrap();
    std::fs::write(&about, source.replacen("title = \"", "title = \"Nouveau : ", 1)).unwrap();

    let restarted = app.setup_again().spawn().await;

    let page: Page = restarted.get_page("fr", "about").await.json().await.unwrap();
    assert!(page.title.starts_with("Nouveau : "), "{}", page.title);
}
