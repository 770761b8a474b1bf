//! `content export|import` beyond petitions: the written pages, the
//! newsletter's mailings and the surveys leave the database as the files
//! of `content/` and come back from them, deliberately, over console
//! edits; a mailing already sent stays as it was sent.

use civic_api::account::Role;
use civic_api::page_editing::PageLine;
use civic_api::survey::Survey;
use civic_api::{Locale, paths};
use reqwest::Method;
use serde_json::json;

use crate::accounts::{get_with_cookie, send_with_cookie};
use crate::helpers::own_content;
use crate::newsletter_issues::send_demo;
use crate::passkeys::staff_with_passkey;

fn key(n: u32) -> String {
    format!("3c9a4b5d-0000-4000-8000-{n:012}")
}

#[tokio::test]
async fn pages_mailings_and_surveys_go_out_as_files_and_come_back_over_edits() {
    let setup = own_content();
    let app = setup.clone().spawn().await;
    let cookie = staff_with_passkey(&app, "admin@civic.example", Role::Admin).await;

    // Console edits: the French about page, a new mailing, a closed survey.
    let about: serde_json::Value = get_with_cookie(&app, &paths::staff_page("about"), &cookie)
        .await
        .json()
        .await
        .unwrap();
    let mut texts = about["texts"].clone();
    let french = texts
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|text| text["locale"] == "fr")
        .unwrap();
    french["body_markdown"] = json!(format!(
        "{}\n\nUn bureau à Lyon.",
        french["body_markdown"].as_str().unwrap()
    ));
    let edit = json!({"version": about["version"], "members_only": false, "texts": texts, "idempotency_key": key(1)});
    assert_eq!(
        send_with_cookie(&app, Method::PUT, &paths::staff_page("about"), &cookie, &edit)
            .await
            .status(),
        200
    );
    let mailing = json!({"version": 0, "idempotency_key": key(2), "texts": [
        {"locale": "en", "title": "Spring news", "body_markdown": "See [our campaigns](/campaigns)."}]});
    assert_eq!(
        send_with_cookie(&app, Method::POST, paths::STAFF_MAILINGS, &cookie, &mailing)
            .await
            .status(),
        201
    );
    let poll: serde_json::Value = get_with_cookie(&app, &paths::staff_survey("quick-poll-open-data"), &cookie)
        .await
        .json()
        .await
        .unwrap();
    let close = json!({"version": poll["version"], "closed": true, "idempotency_key": key(3)});
    assert_eq!(
        send_with_cookie(
            &app,
            Method::PUT,
            &paths::staff_survey_status("quick-poll-open-data"),
            &cookie,
            &close
        )
        .await
        .status(),
        200
    );
    app.subscribed("ana@example.org", Locale::En).await;
    send_demo(&app).await;

    // Exported as the files the server reads.
    let config = app.setup_again().config;
    let folder = tempfile::tempdir().unwrap();
    let exported = civic_server::content::transfer::export(&config, folder.path())
        .await
        .unwrap();
    assert_eq!(
        (exported.pages, exported.mailings, exported.surveys),
        (16, 2, 2),
        "{exported:?}"
    );
    let pages = civic_server::content::load(folder.path()).unwrap();
    let french_about = pages
        .iter()
        .find(|page| page.slug.as_str() == "about" && page.locale == Locale::Fr)
        .unwrap();
    assert!(
        french_about.markdown.ends_with("Un bureau à Lyon."),
        "{}",
        french_about.markdown
    );
    let privacy = pages.iter().find(|page| page.slug.as_str() == "privacy").unwrap();
    assert_eq!(privacy.revision, Some(11));
    let mailings = civic_server::newsletter::issue::load_all(folder.path()).unwrap();
    assert!(mailings.iter().any(|issue| issue.texts[0].title == "Spring news"
        && issue.texts[0].body_markdown == "See [our campaigns](/campaigns)."));
    let surveys = civic_server::content::surveys::load(folder.path()).unwrap();
    let mut conn = app.pool.acquire().await.unwrap();
    let stored = civic_server::storage::surveys::load_all(&mut conn).await.unwrap();
    drop(conn);
    for survey in &surveys {
        let mut translations: Vec<Survey> = stored
            .iter()
            .find(|each| each.translations[0].slug == survey.slug)
            .unwrap()
            .translations
            .clone();
        translations.sort_by_key(|each| Locale::ALL.iter().position(|locale| *locale == each.locale));
        assert_eq!(survey.translations, translations, "{} comes back the same", survey.slug);
    }
    assert!(
        surveys
            .iter()
            .find(|survey| survey.slug.as_str() == "quick-poll-open-data")
            .unwrap()
            .english()
            .closed
    );

    // Changed files come back over the console's edits.
    let about_file = folder.path().join("pages/en/about.md");
    let text = std::fs::read_to_string(&about_file).unwrap();
    std::fs::write(&about_file, text.replacen("title = \"", "title = \"Imported: ", 1)).unwrap();
    let poll_file = folder.path().join("surveys/quick-poll-open-data/survey.toml");
    let text = std::fs::read_to_string(&poll_file).unwrap();
    std::fs::write(&poll_file, text.replace("closed = true", "closed = false")).unwrap();
    let demo_file = folder.path().join("newsletters/2026-12-first-issue/en.md");
    let text = std::fs::read_to_string(&demo_file).unwrap();
    std::fs::write(&demo_file, text.replace("Civic news", "Rewritten news")).unwrap();
    let imported = civic_server::content::transfer::import(&config, folder.path())
        .await
        .unwrap();
    assert!(imported.pages >= 2, "{imported:?}");
    assert_eq!(
        (imported.mailings_updated, imported.mailings_kept),
        (1, 1),
        "{imported:?}"
    );
    assert_eq!(imported.surveys_updated, 1, "{imported:?}");

    let lines: Vec<PageLine> = get_with_cookie(&app, paths::STAFF_PAGES, &cookie)
        .await
        .json()
        .await
        .unwrap();
    let about = lines.iter().find(|line| line.slug.as_str() == "about").unwrap();
    assert!(about.title.starts_with("Imported: "));
    assert!(!about.edited, "the files' words now");
    let sent_subject: String = sqlx::query_scalar(
        "SELECT subject FROM newsletter_issue_texts t JOIN newsletter_issues i ON i.id = t.issue_id
         WHERE i.slug = '2026-12-first-issue' AND t.locale = 'en'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert!(
        sent_subject.starts_with("Civic news"),
        "a sent mailing stays as sent: {sent_subject}"
    );
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(6);
    loop {
        let poll: Survey = app
            .get(&paths::survey(
                &civic_api::Slug::parse("quick-poll-open-data").unwrap(),
                Locale::En,
            ))
            .await
            .json()
            .await
            .unwrap();
        if !poll.closed {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the running server never read the import"
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
}
