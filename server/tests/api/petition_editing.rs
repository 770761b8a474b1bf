//! Petitions written in the console: an editor drafts one, edits it from
//! the version they saw (a stale copy is refused), publishes it with every
//! language or English said to stand in, and every server shows it; its
//! picture is cut to 1200×630 and keeps no metadata; a file in `content/`
//! never overwrites an edit, and `content import|export` move petitions
//! deliberately.

use std::time::Duration;

use civic_api::account::Role;
use civic_api::petition::PetitionDetail;
use civic_api::petition_editing::{EditablePetition, PetitionLine, PetitionStatus, PreviewHtml};
use civic_api::{ErrorCode, Locale, paths};
use reqwest::Method;
use reqwest::header::{CONTENT_TYPE, COOKIE};
use serde_json::{Value, json};

use crate::accounts::{get_with_cookie, send_with_cookie};
use crate::helpers::{Setup, TestApp, error_body};
use crate::passkeys::staff_with_passkey;
use crate::petitions_fixture::{OPEN, petitions_setup, sign_request};

const EDITOR: &str = "eve.editor@example.org";
const SLUG: &str = "safe-cycling-routes";

async fn editor(app: &TestApp) -> String {
    staff_with_passkey(app, EDITOR, Role::Editor).await
}

fn key(n: u32) -> String {
    format!("7a1f0c2a-0000-4000-8000-{n:012}")
}

fn text(locale: &str, title: &str) -> Value {
    json!({
        "locale": locale,
        "title": title,
        "summary": format!("{title}: a summary"),
        "addressed_to": "The city council",
        "body_markdown": format!("We ask for **{title}**.\n\n<script>alert(1)</script>"),
        "image_alt": "",
    })
}

async fn answered(response: reqwest::Response, status: u16) -> EditablePetition {
    let got = response.status();
    let body = response.text().await.unwrap();
    assert_eq!(got, status, "{body}");
    serde_json::from_str(&body).unwrap()
}

async fn create(app: &TestApp, cookie: &str, n: u32) -> reqwest::Response {
    let body = json!({
        "slug": SLUG,
        "goal": 500,
        "texts": [text("en", "Safe cycling routes"), text("fr", "Des pistes cyclables sûres")],
        "idempotency_key": key(n),
    });
    send_with_cookie(app, Method::POST, paths::STAFF_PETITIONS, cookie, &body).await
}

async fn status(
    app: &TestApp,
    cookie: &str,
    petition: &EditablePetition,
    to: &str,
    fallback: bool,
    n: u32,
) -> reqwest::Response {
    let body = json!({"version": petition.version, "to": to, "english_fallback": fallback, "idempotency_key": key(n)});
    send_with_cookie(
        app,
        Method::PUT,
        &paths::staff_petition_status(petition.id),
        cookie,
        &body,
    )
    .await
}

async fn public(app: &TestApp, slug: &str) -> reqwest::Response {
    app.get(&format!("/api/petitions/{slug}?locale=es")).await
}

fn second_server(setup: &Setup) -> Setup {
    let mut second = setup.clone();
    second.config.image_cache = setup.dir().join("data/images-second");
    second
}

#[tokio::test]
async fn an_editor_drafts_edits_and_publishes_a_petition_every_server_then_shows() {
    let setup = petitions_setup();
    let second = second_server(&setup);
    let app = setup.spawn().await;
    let other = second.spawn().await;
    let cookie = editor(&app).await;

    let draft = answered(create(&app, &cookie, 1).await, 201).await;
    assert_eq!(
        (draft.status, draft.version, draft.goal),
        (PetitionStatus::Draft, 1, 500)
    );
    assert_eq!(draft.missing, [Locale::Es, Locale::Ar]);
    assert!(
        !draft.texts[0].body_markdown.is_empty() && draft.opened_on.is_empty(),
        "{draft:?}"
    );
    // A retry gives the same draft; another petition at that address is refused.
    assert_eq!(answered(create(&app, &cookie, 1).await, 201).await.id, draft.id);
    let taken = create(&app, &cookie, 2).await;
    assert_eq!(taken.status(), 409);
    assert_eq!(public(&app, SLUG).await.status(), 404, "a draft is not public");
    let lines: Vec<PetitionLine> = get_with_cookie(&app, paths::STAFF_PETITIONS, &cookie)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(lines[0].slug.as_str(), SLUG, "drafts come first: {lines:?}");

    // Spanish added from version 1; the same edit from a stale copy changes nothing.
    let edit = |version: i64, n: u32, goal: u64| {
        json!({
            "version": version,
            "goal": goal,
            "texts": [
                text("en", "Safe cycling routes"),
                text("fr", "Des pistes cyclables sûres"),
                text("es", "Rutas ciclistas seguras"),
                {"locale": "ar", "title": " ", "summary": "", "addressed_to": "", "body_markdown": "", "image_alt": ""},
            ],
            "idempotency_key": key(n),
        })
    };
    let path = paths::staff_petition(draft.id);
    let edited = answered(
        send_with_cookie(&app, Method::PUT, &path, &cookie, &edit(1, 3, 800)).await,
        200,
    )
    .await;
    assert_eq!(
        (edited.version, edited.goal, edited.missing.clone()),
        (2, 800, vec![Locale::Ar])
    );
    let stale = send_with_cookie(&app, Method::PUT, &path, &cookie, &edit(1, 4, 900)).await;
    assert_eq!(stale.status(), 409);
    let stale = error_body(stale).await;
    assert_eq!(stale.error.code, ErrorCode::Conflict);
    assert!(stale.error.message.contains("version 2"), "{}", stale.error.message);
    let unchanged = answered(get_with_cookie(&app, &path, &cookie).await, 200).await;
    assert_eq!((unchanged.version, unchanged.goal), (2, 800));
    let invalid = json!({"version": 2, "goal": 0, "texts": [text("en", "")], "idempotency_key": key(5)});
    let invalid = error_body(send_with_cookie(&app, Method::PUT, &path, &cookie, &invalid).await).await;
    assert!(
        invalid.error.fields.contains_key("goal") && invalid.error.fields.contains_key("texts.en.title"),
        "{invalid:?}"
    );

    // Arabic is missing: publishing needs English said to stand in.
    let refused = status(&app, &cookie, &edited, "open", false, 6).await;
    assert_eq!(refused.status(), 422);
    assert!(error_body(refused).await.error.fields.contains_key("english_fallback"));
    let open = answered(status(&app, &cookie, &edited, "open", true, 7).await, 200).await;
    assert_eq!(open.status, PetitionStatus::Open);
    assert!(!open.opened_on.is_empty());

    // Public at once here, within the refresh on the other server.
    let shown: PetitionDetail = public(&app, SLUG).await.json().await.unwrap();
    assert_eq!(shown.title, "Rutas ciclistas seguras");
    assert!(shown.body_html.contains("<strong>Rutas ciclistas seguras</strong>"));
    assert!(!shown.body_html.contains("<script"), "{}", shown.body_html);
    let page = app.get(&format!("/es/petitions/{SLUG}")).await.text().await.unwrap();
    assert!(
        page.contains(r#"<meta property="og:title" content="Rutas ciclistas seguras""#),
        "Open Graph follows"
    );
    let deadline = tokio::time::Instant::now() + Duration::from_secs(6);
    while public(&other, SLUG).await.status() != 200 {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the other server never showed it"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }

    // Signed, closed (no more signatures), opened again.
    app.sign_and_confirm(SLUG, &sign_request("Ada Lovelace", "ada@example.org", "GB", Locale::En))
        .await;
    let closed = answered(status(&app, &cookie, &open, "closed", false, 8).await, 200).await;
    let late = app
        .sign(SLUG, &sign_request("Bo Late", "bo@example.org", "FR", Locale::Fr))
        .await;
    assert_eq!(late.status(), 409);
    assert_eq!(closed.count, 1);
    let back = status(&app, &cookie, &closed, "draft", false, 9).await;
    assert_eq!(back.status(), 409, "a published petition never becomes a draft again");
    let reopened = answered(status(&app, &cookie, &closed, "open", false, 10).await, 200).await;
    assert_eq!(reopened.status, PetitionStatus::Open);
    assert_eq!(
        app.sign(SLUG, &sign_request("Bo Late", "bo@example.org", "FR", Locale::Fr))
            .await
            .status(),
        202
    );

    // Every change is one audit line, by the editor, about the petition.
    let actions: Vec<(String, String)> = sqlx::query_as("SELECT action, subject FROM staff_actions ORDER BY id")
        .fetch_all(&app.pool)
        .await
        .unwrap();
    let names: Vec<&str> = actions.iter().map(|(action, _)| action.as_str()).collect();
    assert_eq!(
        names,
        [
            "petition_created",
            "petition_edited",
            "petition_status_changed",
            "petition_status_changed",
            "petition_status_changed"
        ]
    );
    assert!(actions.iter().all(|(_, subject)| subject == SLUG));
    let (before, after): (String, String) =
        sqlx::query_as("SELECT before_state, after_state FROM staff_actions WHERE action = 'petition_edited'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert!(
        before.contains(r#""goal":"500""#) && after.contains(r#""goal":"800""#),
        "{before} {after}"
    );
    assert!(
        after.contains("es.title") && !after.contains("en.title"),
        "only what changed: {after}"
    );
}

/// A JPEG of `width`×`height` with an APP1 (Exif) segment naming a place.
fn photo_with_location(width: u32, height: u32) -> Vec<u8> {
    let pixels = civic_images::RgbImage::from_fn(width, height, |x, y| {
        civic_images::Rgb([(x % 250) as u8, (y % 250) as u8, 90])
    });
    let jpeg = civic_images::encode(&pixels, civic_api::image::ImageFormat::Jpeg, 90).unwrap();
    let mut exif = b"Exif\0\0MM\0*\0\0\0\x08GPSLatitude 48.8584 N GPSLongitude 2.2945 E".to_vec();
    let length = u16::try_from(exif.len() + 2).unwrap();
    let mut file = vec![0xFF, 0xD8, 0xFF, 0xE1];
    file.extend_from_slice(&length.to_be_bytes());
    file.append(&mut exif);
    file.extend_from_slice(&jpeg[2..]);
    file
}

async fn upload(
    app: &TestApp,
    cookie: &str,
    petition: &EditablePetition,
    content_type: &str,
    bytes: Vec<u8>,
    n: u32,
) -> reqwest::Response {
    app.client
        .put(app.url(&paths::staff_petition_image(petition.id, petition.version, &key(n))))
        .header(COOKIE, cookie)
        .header(CONTENT_TYPE, content_type)
        .body(bytes)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn an_uploaded_picture_is_cut_to_1200_by_630_and_keeps_no_metadata() {
    let app = petitions_setup().spawn().await;
    let cookie = editor(&app).await;
    let draft = answered(create(&app, &cookie, 1).await, 201).await;
    let photo = photo_with_location(1600, 1200);
    assert!(photo.windows(11).any(|window| window == b"GPSLatitude"));

    let not_a_picture = upload(&app, &cookie, &draft, "text/plain", b"hello".to_vec(), 2).await;
    assert_eq!(not_a_picture.status(), 422);
    assert_eq!(
        error_body(not_a_picture).await.error.fields["image"],
        civic_api::FieldError::Invalid
    );
    let lying = upload(&app, &cookie, &draft, "image/jpeg", b"GIF89a....".to_vec(), 3).await;
    assert_eq!(lying.status(), 422);
    let huge = vec![0u8; civic_api::petition_editing::IMAGE_UPLOAD_MAX_BYTES + 4096];
    assert_eq!(upload(&app, &cookie, &draft, "image/jpeg", huge, 4).await.status(), 413);

    let with_picture = answered(upload(&app, &cookie, &draft, "image/jpeg", photo.clone(), 5).await, 200).await;
    let picture = with_picture.image.clone().expect("a picture");
    assert_eq!((picture.width, picture.height), (1200, 630));
    assert!(
        picture.src.starts_with("/media/") && picture.src.ends_with(".jpg"),
        "{}",
        picture.src
    );
    let served = app.get(&picture.src).await;
    assert_eq!(served.status(), 200);
    assert_eq!(served.headers()[CONTENT_TYPE], "image/jpeg");
    assert!(
        served.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("immutable")
    );
    let bytes = served.bytes().await.unwrap();
    let header = civic_images::header(&bytes).unwrap();
    assert_eq!((header.width, header.height, header.is_jpeg), (1200, 630, true));
    for trace in [&b"Exif"[..], b"GPSLatitude", b"48.8584"] {
        assert!(
            !bytes.windows(trace.len()).any(|window| window == trace),
            "the metadata is gone"
        );
    }
    // From the version before the picture: refused, nothing changed.
    let stale = upload(&app, &cookie, &draft, "image/jpeg", photo, 6).await;
    assert_eq!(stale.status(), 409);
    assert_eq!(
        app.get("/media/0000000000000000000000000000000000000000000000000000000000000000.jpg")
            .await
            .status(),
        404
    );

    // Published, its picture needs describing in every language it has.
    let refused = status(&app, &cookie, &with_picture, "open", true, 7).await;
    let refused = error_body(refused).await;
    assert!(refused.error.fields.contains_key("texts.fr.image_alt"), "{refused:?}");
    let mut texts = serde_json::to_value(&with_picture.texts).unwrap();
    for text in texts.as_array_mut().unwrap() {
        text["image_alt"] = json!("A bike lane beside a park");
    }
    let described = json!({"version": with_picture.version, "goal": 500, "texts": texts, "idempotency_key": key(8)});
    let path = paths::staff_petition(with_picture.id);
    let described = answered(
        send_with_cookie(&app, Method::PUT, &path, &cookie, &described).await,
        200,
    )
    .await;
    answered(status(&app, &cookie, &described, "open", true, 9).await, 200).await;
    // Published, it is shown as every picture is: small WebP copies for phones.
    let shown: PetitionDetail = public(&app, SLUG).await.json().await.unwrap();
    let image = shown.image.expect("the picture is shown");
    assert_eq!(image.src, picture.src);
    let small = image
        .variants
        .iter()
        .find(|variant| variant.width == 400 && variant.format == civic_api::image::ImageFormat::Webp)
        .expect("a 400 px WebP copy");
    let copy = app.get(&small.src).await;
    assert_eq!(copy.status(), 200);
    assert_eq!(copy.headers()[CONTENT_TYPE], "image/webp");

    // Another picture in its place: the first is no longer kept or served.
    let published = answered(get_with_cookie(&app, &path, &cookie).await, 200).await;
    let other = civic_images::RgbImage::from_fn(800, 600, |x, _| civic_images::Rgb([90, (x % 200) as u8, 30]));
    let other = civic_images::encode(&other, civic_api::image::ImageFormat::Jpeg, 90).unwrap();
    let replaced = answered(upload(&app, &cookie, &published, "image/jpeg", other, 11).await, 200).await;
    assert_ne!(replaced.image.as_ref().unwrap().src, picture.src);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM media").await, 1);
    assert_eq!(app.get(&picture.src).await.status(), 404);

    let preview = send_with_cookie(
        &app,
        Method::POST,
        paths::STAFF_MARKDOWN_PREVIEW,
        &cookie,
        &json!({"markdown": "**Now** <img src=x onerror=alert(1)> [site](https://example.org)"}),
    )
    .await;
    assert_eq!(preview.status(), 200);
    let preview: PreviewHtml = preview.json().await.unwrap();
    assert!(preview.html.contains("<strong>Now</strong>"), "{}", preview.html);
    assert!(
        !preview.html.contains("onerror"),
        "sanitised as the pages are: {}",
        preview.html
    );
}

#[tokio::test]
async fn a_file_never_overwrites_an_edit_and_import_and_export_move_petitions_deliberately() {
    let app = petitions_setup().spawn().await;
    let cookie = editor(&app).await;
    let id: i64 = sqlx::query_scalar("SELECT id FROM petitions WHERE slug = $1")
        .bind(OPEN)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let seeded = answered(get_with_cookie(&app, &paths::staff_petition(id), &cookie).await, 200).await;
    assert_eq!(seeded.status, PetitionStatus::Open);
    assert_eq!(
        seeded.texts[0].body_markdown, "We ask for **clean air**.",
        "the seed keeps its Markdown"
    );
    let mut texts = serde_json::to_value(&seeded.texts).unwrap();
    texts[0]["title"] = json!("Clean air, edited in the console");
    let edit = json!({"version": seeded.version, "goal": seeded.goal, "texts": texts, "idempotency_key": key(1)});
    answered(
        send_with_cookie(&app, Method::PUT, &paths::staff_petition(id), &cookie, &edit).await,
        200,
    )
    .await;
    let draft = answered(create(&app, &cookie, 2).await, 201).await;

    // The file changes too; a restart keeps the console's edit and its draft.
    let content = app.setup_again().config.content.clone();
    let english = content.join("petitions").join(OPEN).join("en.md");
    let file = std::fs::read_to_string(&english).unwrap();
    std::fs::write(
        &english,
        file.replace("Clean air near schools", "Clean air, from the file"),
    )
    .unwrap();
    let app = app.setup_again().spawn().await;
    let title = |app: &TestApp| {
        let pool = app.pool.clone();
        async move {
            sqlx::query_scalar::<_, String>(
                "SELECT title FROM petition_texts JOIN petitions ON petitions.id = petition_id
                 WHERE slug = $1 AND locale = 'en'",
            )
            .bind(OPEN)
            .fetch_one(&pool)
            .await
            .unwrap()
        }
    };
    assert_eq!(title(&app).await, "Clean air, edited in the console");
    assert_eq!(
        app.scalar(&format!("SELECT COUNT(*) FROM petitions WHERE id = {}", draft.id))
            .await,
        1
    );

    // Export writes what the database holds, drafts too, in the files' form.
    let config = app.setup_again().config;
    let exported = tempfile::tempdir().unwrap();
    civic_server::content::transfer::export(&config, exported.path())
        .await
        .unwrap();
    let loaded = civic_server::content::petitions::load(exported.path()).unwrap();
    let written = loaded
        .iter()
        .find(|petition| petition.slug.as_str() == SLUG)
        .expect("the draft is exported");
    assert!(written.draft);
    let english = loaded.iter().find(|petition| petition.slug.as_str() == OPEN).unwrap();
    assert_eq!(english.texts[0].title, "Clean air, edited in the console");

    // Import takes the files, over the edit; other petitions stay.
    let summary = civic_server::content::transfer::import(&config, &content)
        .await
        .unwrap();
    assert!(summary.petitions.updated >= 1, "{summary:?}");
    assert_eq!(title(&app).await, "Clean air, from the file");
    assert_eq!(
        app.scalar(&format!("SELECT COUNT(*) FROM petitions WHERE id = {}", draft.id))
            .await,
        1
    );
    // The running server shows it within its refresh.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(6);
    loop {
        let shown: PetitionDetail = app
            .get(&format!("/api/petitions/{OPEN}?locale=en"))
            .await
            .json()
            .await
            .unwrap();
        if shown.title == "Clean air, from the file" {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the server never read the import"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}
