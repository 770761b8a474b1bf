//! Written pages edited in the console: every language at once from the
//! version read, rendered and sanitised by the server, members-only with
//! the locks on every link to it, never overwritten by a file; and the
//! privacy policy's new revision, which every server announces.

use std::time::Duration;

use civic_api::account::Role;
use civic_api::consent::POLICY_REVISION_META;
use civic_api::page_editing::{EditablePage, PageLine};
use civic_api::{ErrorCode, paths};
use reqwest::Method;
use serde_json::{Value, json};

use crate::accounts::{get_with_cookie, send_with_cookie};
use crate::helpers::{TestApp, error_body, own_content};
use crate::passkeys::staff_with_passkey;

fn key(n: u32) -> String {
    format!("6d2e0f1a-0000-4000-8000-{n:012}")
}

async fn page(app: &TestApp, cookie: &str, slug: &str) -> EditablePage {
    let response = get_with_cookie(app, &paths::staff_page(slug), cookie).await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

/// `page` as an edit, with `change` applied to its JSON.
fn edit_of(page: &EditablePage, n: u32, change: impl FnOnce(&mut Value)) -> Value {
    let mut edit = json!({
        "version": page.version,
        "members_only": page.members_only,
        "texts": page.texts,
        "idempotency_key": key(n),
    });
    change(&mut edit);
    edit
}

async fn save(app: &TestApp, cookie: &str, slug: &str, edit: &Value) -> reqwest::Response {
    send_with_cookie(app, Method::PUT, &paths::staff_page(slug), cookie, edit).await
}

async fn saved(response: reqwest::Response) -> EditablePage {
    let status = response.status();
    let body = response.text().await.unwrap();
    assert_eq!(status, 200, "{body}");
    serde_json::from_str(&body).unwrap()
}

async fn public_html(app: &TestApp, locale: &str, slug: &str) -> reqwest::Response {
    app.get(&format!("/api/pages/{locale}/{slug}")).await
}

fn french(edit: &mut Value, body: &str) {
    let texts = edit["texts"].as_array_mut().unwrap();
    let fr = texts.iter_mut().find(|text| text["locale"] == "fr").unwrap();
    fr["body_markdown"] = json!(body);
}

#[tokio::test]
async fn an_editor_rewrites_a_page_in_every_language_and_no_file_overwrites_it() {
    let setup = own_content();
    let app = setup.clone().spawn().await;
    let editor = staff_with_passkey(&app, "pia.editor@example.org", Role::Editor).await;
    let lines: Vec<PageLine> = get_with_cookie(&app, paths::STAFF_PAGES, &editor)
        .await
        .json()
        .await
        .unwrap();
    let slugs: Vec<&str> = lines.iter().map(|line| line.slug.as_str()).collect();
    assert!(slugs.contains(&"about") && slugs.contains(&"privacy"), "{slugs:?}");
    assert!(lines.iter().all(|line| !line.edited));
    let about = page(&app, &editor, "about").await;
    assert_eq!(about.texts.len(), 4);
    assert!(
        about.texts.iter().all(|text| !text.body_markdown.is_empty()),
        "the files' Markdown"
    );
    assert_eq!(about.revision, None);

    // French rewritten, sanitised as every page is.
    let edit = edit_of(&about, 1, |edit| {
        french(edit, "Nous **agissons** ensemble.\n\n<script>alert(1)</script>")
    });
    let after = saved(save(&app, &editor, "about", &edit).await).await;
    assert_eq!(after.version, about.version + 1);
    let shown: Value = public_html(&app, "fr", "about").await.json().await.unwrap();
    let html = shown["html"].as_str().unwrap();
    assert!(html.contains("<strong>agissons</strong>"), "{html}");
    assert!(!html.contains("<script"));
    let retried = saved(save(&app, &editor, "about", &edit).await).await;
    assert_eq!(retried.version, after.version, "a retry is done once");
    let stale = save(&app, &editor, "about", &edit_of(&about, 2, |_| {})).await;
    assert_eq!(error_body(stale).await.error.code, ErrorCode::Conflict);

    // Refused: a language left empty; nothing changes.
    let blank = save(&app, &editor, "about", &edit_of(&after, 3, |edit| french(edit, " "))).await;
    assert!(
        error_body(blank)
            .await
            .error
            .fields
            .contains_key("texts.fr.body_markdown")
    );

    // For members only: visitors are asked to sign in, and links to it get the lock.
    let members = edit_of(&after, 4, |edit| edit["members_only"] = json!(true));
    let members = saved(save(&app, &editor, "about", &members).await).await;
    assert!(members.members_only);
    assert_eq!(public_html(&app, "en", "about").await.status(), 401);
    let home: Value = public_html(&app, "en", "home").await.json().await.unwrap();
    assert!(
        home["html"]
            .as_str()
            .unwrap()
            .contains("<a href=\"/about\" class=\"members-link\">"),
        "the home page's link to it is marked"
    );
    let audit: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM staff_actions WHERE action = 'page_edited'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(audit, 2);

    // The file changes and the server starts again: the edit stays.
    let file = setup.config.content.join("pages/fr/about.md");
    let source = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, format!("{source}\nUn paragraphe ajouté au fichier.\n")).unwrap();
    let restarted = setup.clone().spawn().await;
    let kept = page(&restarted, &editor, "about").await;
    let fr = kept
        .texts
        .iter()
        .find(|text| text.locale == civic_api::Locale::Fr)
        .unwrap();
    assert!(
        fr.body_markdown.starts_with("Nous **agissons**"),
        "{}",
        fr.body_markdown
    );
    assert!(kept.members_only);
}

#[tokio::test]
async fn a_new_privacy_revision_is_announced_at_once_here_and_soon_on_every_server() {
    let first = own_content();
    let mut second = first.clone();
    second.config.image_cache = first.dir().join("data/images-second");
    let app = first.clone().spawn().await;
    let other = second.spawn().await;
    let editor = staff_with_passkey(&app, "pia.editor@example.org", Role::Editor).await;
    let policy = page(&app, &editor, "privacy").await;
    let revision = policy.revision.expect("the policy has a revision");
    let meta = |revision: u32| format!("<meta name=\"{POLICY_REVISION_META}\" content=\"{revision}\">");

    // A fix of wording keeps the revision; the policy is never for members only.
    let fixed = saved(save(&app, &editor, "privacy", &edit_of(&policy, 10, |_| {})).await).await;
    assert_eq!(fixed.revision, Some(revision));
    let members = save(
        &app,
        &editor,
        "privacy",
        &edit_of(&fixed, 11, |edit| edit["members_only"] = json!(true)),
    )
    .await;
    assert!(error_body(members).await.error.fields.contains_key("members_only"));
    let unsaid = save(
        &app,
        &editor,
        "privacy",
        &edit_of(&fixed, 12, |edit| {
            edit["new_revision"] = json!(true);
            edit["texts"][0]["changes"] = json!("");
        }),
    )
    .await;
    let fields = error_body(unsaid).await.error.fields;
    assert_eq!(
        fields.get("texts.en.changes"),
        Some(&civic_api::FieldError::Required),
        "a new revision says what changed"
    );
    let old_words = save(
        &app,
        &editor,
        "privacy",
        &edit_of(&fixed, 14, |edit| edit["new_revision"] = json!(true)),
    )
    .await;
    assert_eq!(
        error_body(old_words).await.error.fields.get("texts.fr.changes"),
        Some(&civic_api::FieldError::Invalid),
        "not in the last revision's words"
    );
    assert_eq!(
        page(&app, &editor, "privacy").await.revision,
        Some(revision),
        "nothing saved"
    );

    // A new revision, with what changed in every language.
    let revised = edit_of(&fixed, 13, |edit| {
        edit["new_revision"] = json!(true);
        for text in edit["texts"].as_array_mut().unwrap() {
            text["changes"] = json!(format!(
                "Cookies explained again ({}).",
                text["locale"].as_str().unwrap()
            ));
        }
    });
    let revised = saved(save(&app, &editor, "privacy", &revised).await).await;
    assert_eq!(revised.revision, Some(revision + 1));
    let html = app.get("/fr/privacy").await.text().await.unwrap();
    assert!(
        html.contains(&meta(revision + 1)),
        "at once on the server that saved it"
    );
    let shown: Value = public_html(&app, "es", "privacy").await.json().await.unwrap();
    assert_eq!(shown["changes"], "Cookies explained again (es).");
    assert_eq!(shown["revision"], revision + 1);

    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while !other.get("/").await.text().await.unwrap().contains(&meta(revision + 1)) {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the other server never announced it"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}
