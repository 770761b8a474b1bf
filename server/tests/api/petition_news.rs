//! A petition's news: staff post an update; it shows on the petition's
//! page in each language (English where it was not translated) and is
//! e-mailed once to the confirmed signers who ticked "tell me how this
//! petition goes"; each can stop that petition's news from its link, in
//! one click from a mail program, and start it again.

use civic_api::account::Role;
use civic_api::petition::PetitionDetail;
use civic_api::petition_news::{NewsDesk, NewsFollowing, PostedNews};
use civic_api::{ErrorCode, Locale, paths};
use civic_server::mail::OutboxMessage;
use reqwest::Method;
use reqwest::header::CONTENT_TYPE;
use serde_json::{Value, json};

use crate::accounts::{get_with_cookie, send_with_cookie};
use crate::fixture::PUBLIC_URL;
use crate::helpers::{TestApp, error_body};
use crate::newsletter_fixture::header;
use crate::passkeys::staff_with_passkey;
use crate::petitions_fixture::{OPEN, petitions_setup, sign_request, token_of};

fn key(n: u32) -> String {
    format!("5c3d0e1f-0000-4000-8000-{n:012}")
}

fn update(n: u32, texts: Value) -> Value {
    json!({ "idempotency_key": key(n), "texts": texts })
}

fn victory() -> Value {
    json!([
        {"locale": "en", "title": "Victory", "body_markdown": "The council **said yes**.\n\n<script>alert(1)</script>"},
        {"locale": "fr", "title": "Victoire", "body_markdown": "La mairie a **dit oui**."},
        {"locale": "es", "title": "", "body_markdown": ""},
    ])
}

async fn petition_id(app: &TestApp, slug: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM petitions WHERE slug = $1")
        .bind(slug)
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

async fn desk(app: &TestApp, cookie: &str, id: i64) -> NewsDesk {
    let response = get_with_cookie(app, &paths::staff_petition_news(id), cookie).await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

async fn post(app: &TestApp, cookie: &str, id: i64, body: &Value) -> reqwest::Response {
    send_with_cookie(app, Method::POST, &paths::staff_petition_news(id), cookie, body).await
}

async fn posted(response: reqwest::Response) -> PostedNews {
    let status = response.status();
    let body = response.text().await.unwrap();
    assert_eq!(status, 201, "{body}");
    serde_json::from_str(&body).unwrap()
}

async fn news_mails(app: &TestApp, to: &str) -> Vec<OutboxMessage> {
    let mut mails = app.mails_to(to).await;
    mails.retain(|mail| {
        mail.headers
            .0
            .iter()
            .any(|(_, value)| value.contains("/api/petition-news/"))
    });
    mails
}

async fn following(response: reqwest::Response) -> NewsFollowing {
    let status = response.status();
    let body = response.text().await.unwrap();
    assert_eq!(status, 200, "{body}");
    serde_json::from_str(&body).unwrap()
}

#[tokio::test]
async fn news_reaches_the_confirmed_signers_who_asked_in_their_language_and_each_can_stop_it() {
    let app = petitions_setup().spawn().await;
    let editor = staff_with_passkey(&app, "nina.editor@example.org", Role::Editor).await;
    let id = petition_id(&app, OPEN).await;

    // Two ask for news (one in French), one does not, one never confirms.
    for (name, email, locale, news) in [
        ("Ada Lovelace", "ada@example.org", Locale::En, true),
        ("Béatrice Roy", "bea@example.fr", Locale::Fr, true),
        ("Cyril Quiet", "cyril@example.org", Locale::En, false),
    ] {
        let mut request = sign_request(name, email, "FR", locale);
        request.news = news;
        app.sign_and_confirm(OPEN, &request).await;
    }
    let mut pending = sign_request("Dan Pending", "dan@example.org", "FR", Locale::En);
    pending.news = true;
    assert_eq!(app.sign(OPEN, &pending).await.status(), 202);
    assert_eq!(desk(&app, &editor, id).await.followers, 2);

    // Refused: no English, a language half written; nothing is posted or sent.
    let no_english = post(
        &app,
        &editor,
        id,
        &update(
            1,
            json!([{"locale": "fr", "title": "Victoire", "body_markdown": "Oui."}]),
        ),
    )
    .await;
    let error = error_body(no_english).await.error;
    assert_eq!(error.code, ErrorCode::Validation);
    assert!(error.fields.contains_key("texts.en.title"), "{:?}", error.fields);
    let half = post(
        &app,
        &editor,
        id,
        &update(
            2,
            json!([{"locale": "en", "title": "Victory", "body_markdown": "Yes."}, {"locale": "ar", "title": "نصر", "body_markdown": ""}]),
        ),
    )
    .await;
    assert!(
        error_body(half)
            .await
            .error
            .fields
            .contains_key("texts.ar.body_markdown")
    );
    assert!(desk(&app, &editor, id).await.news.is_empty());

    // Posted, and retried: one update, one mail each.
    let first = posted(post(&app, &editor, id, &update(3, victory())).await).await;
    let retried = posted(post(&app, &editor, id, &update(3, victory())).await).await;
    assert_eq!(first, retried);
    assert_eq!(first.recipients, 2);
    assert_eq!(first.title, "Victory");
    assert_eq!(first.languages, [Locale::En, Locale::Fr]);
    let english = news_mails(&app, "ada@example.org").await;
    let french = news_mails(&app, "bea@example.fr").await;
    assert_eq!((english.len(), french.len()), (1, 1));
    assert!(news_mails(&app, "cyril@example.org").await.is_empty(), "not asked for");
    assert!(news_mails(&app, "dan@example.org").await.is_empty(), "not confirmed");
    assert_eq!(english[0].subject, "News of “Clean air near schools”: Victory");
    assert!(
        english[0].text.contains("The council **said yes**."),
        "{}",
        english[0].text
    );
    assert!(english[0].html.contains("<strong>said yes</strong>"));
    assert!(!english[0].html.contains("<script"));
    assert!(french[0].subject.contains("Victoire"), "{}", french[0].subject);
    assert!(french[0].text.contains(&format!("{PUBLIC_URL}/fr/petition-news?t=f.")));
    assert_eq!(
        header(&french[0], "List-Unsubscribe-Post"),
        Some("List-Unsubscribe=One-Click")
    );
    let audit: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM staff_actions WHERE action = 'petition_news_posted'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(audit, 1);

    // On the page: in French where written, in English otherwise, sanitised.
    let detail = |locale: &'static str| {
        let app = &app;
        async move {
            app.get(&format!("/api/petitions/{OPEN}?locale={locale}"))
                .await
                .json::<PetitionDetail>()
                .await
                .unwrap()
        }
    };
    let fr = detail("fr").await;
    assert_eq!((fr.news.len(), fr.news[0].title.as_str()), (1, "Victoire"));
    assert_eq!(fr.news[0].locale, Locale::Fr);
    let es = detail("es").await;
    assert_eq!((es.news[0].title.as_str(), es.news[0].locale), ("Victory", Locale::En));
    assert!(es.news[0].body_html.contains("<strong>said yes</strong>"));
    assert!(!es.news[0].body_html.contains("<script"));
    let page = app.get(&format!("/fr/petitions/{OPEN}")).await.text().await.unwrap();
    assert!(page.contains("Victoire"), "the first HTML shows the news");

    // Béatrice stops the news from the page's link; again answers the same.
    let link = french[0]
        .text
        .split_whitespace()
        .find(|word| word.contains("/petition-news?t="))
        .unwrap()
        .to_owned();
    let token = token_of(&link);
    let stopped = following(app.post_json(paths::PETITION_NEWS_STOP, &json!({"token": token})).await).await;
    assert!(!stopped.following);
    assert_eq!(stopped.petition_title, "De l'air pur près des écoles");
    assert_eq!(stopped.email_hint, "b\u{2022}\u{2022}\u{2022}@example.fr");
    let again = following(app.post_json(paths::PETITION_NEWS_STOP, &json!({"token": token})).await).await;
    assert_eq!(again, stopped);
    assert_eq!(desk(&app, &editor, id).await.followers, 1);

    // Ada's mail program stops hers in one click (RFC 8058).
    let list = header(&english[0], "List-Unsubscribe").unwrap();
    let one_click = list
        .trim_start_matches('<')
        .trim_end_matches('>')
        .replace(PUBLIC_URL, &app.address);
    assert!(one_click.contains("/api/petition-news/one-click?t=f."), "{one_click}");
    assert_eq!(
        app.client.get(&one_click).send().await.unwrap().status(),
        405,
        "GET stops nothing"
    );
    let response = app
        .client
        .post(&one_click)
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(desk(&app, &editor, id).await.followers, 0);

    // The next update reaches nobody; Béatrice starts again and gets the one after.
    let second = update(
        4,
        json!([{"locale": "en", "title": "Delivered", "body_markdown": "We delivered it."}]),
    );
    assert_eq!(posted(post(&app, &editor, id, &second).await).await.recipients, 0);
    let restarted = following(
        app.post_json(paths::PETITION_NEWS_RESTART, &json!({"token": token}))
            .await,
    )
    .await;
    assert!(restarted.following);
    let third = update(
        5,
        json!([{"locale": "en", "title": "Answered", "body_markdown": "They answered."}]),
    );
    assert_eq!(posted(post(&app, &editor, id, &third).await).await.recipients, 1);
    let french = news_mails(&app, "bea@example.fr").await;
    assert_eq!(french.len(), 2);
    assert!(french[0].subject.contains("Answered"), "English where not translated");
    assert_eq!(news_mails(&app, "ada@example.org").await.len(), 1);
    let listed = desk(&app, &editor, id).await.news;
    let titles: Vec<&str> = listed.iter().map(|news| news.title.as_str()).collect();
    assert_eq!(titles, ["Answered", "Delivered", "Victory"]);

    // A tampered or foreign token stops nothing.
    let mut tampered = token.clone();
    tampered.pop();
    tampered.push(if token.ends_with('A') { 'B' } else { 'A' });
    for bad in [tampered.as_str(), "f.", "u.AAAA"] {
        let response = app.post_json(paths::PETITION_NEWS_STOP, &json!({"token": bad})).await;
        assert_eq!(response.status(), 404, "{bad}");
    }
}

#[tokio::test]
async fn a_draft_has_no_news_and_the_drawn_stop_page_stops_it_without_javascript() {
    let app = petitions_setup().spawn().await;
    let editor = staff_with_passkey(&app, "omar.editor@example.org", Role::Editor).await;
    let draft = json!({
        "slug": "quiet-streets",
        "goal": 100,
        "texts": [{"locale": "en", "title": "Quiet streets", "summary": "Less noise.", "addressed_to": "The council",
                   "body_markdown": "Less noise at night.", "image_alt": ""}],
        "idempotency_key": key(10),
    });
    let created = send_with_cookie(&app, Method::POST, paths::STAFF_PETITIONS, &editor, &draft).await;
    assert_eq!(created.status(), 201);
    let draft_id: i64 = created.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let refused = post(&app, &editor, draft_id, &update(11, victory())).await;
    assert_eq!(error_body(refused).await.error.code, ErrorCode::Conflict);
    assert_eq!(post(&app, &editor, 999_999, &update(12, victory())).await.status(), 404);

    let mut request = sign_request("Ada Lovelace", "ada@example.org", "GB", Locale::Es);
    request.news = true;
    app.sign_and_confirm(OPEN, &request).await;
    let id = petition_id(&app, OPEN).await;
    posted(post(&app, &editor, id, &update(13, victory())).await).await;
    let mail = &news_mails(&app, "ada@example.org").await[0];
    assert!(mail.subject.contains("Victory"), "Spanish was left blank: English");
    let link = mail
        .text
        .split_whitespace()
        .find(|word| word.contains("/es/petition-news?t="))
        .unwrap()
        .replace(PUBLIC_URL, &app.address);
    let page = app.client.get(&link).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("data-kind=\"news-following\""), "drawn with the answer");
    assert!(
        html.contains("Detener las noticias no necesita JavaScript"),
        "it says, in Spanish, what works without JavaScript"
    );
    assert_eq!(
        sqlx::query_scalar::<_, i64>("SELECT news FROM signatures WHERE email = 'ada@example.org'")
            .fetch_one(&app.pool)
            .await
            .unwrap(),
        0,
        "opening the link stopped the news"
    );
}

#[tokio::test]
async fn news_a_server_stopped_queueing_is_finished_at_the_next_start_and_nobody_gets_it_twice() {
    let setup = petitions_setup();
    let mut second = setup.clone();
    second.config.image_cache = setup.dir().join("data/images-second");
    let app = setup.spawn().await;
    let editor = staff_with_passkey(&app, "nina.editor@example.org", Role::Editor).await;
    let id = petition_id(&app, OPEN).await;
    let signers = ["ada@example.org", "bea@example.org", "cy@example.org"];
    for (n, email) in signers.iter().enumerate() {
        let mut request = sign_request(&format!("Signer {n}"), email, "FR", Locale::En);
        request.news = true;
        app.sign_and_confirm(OPEN, &request).await;
    }
    assert_eq!(
        posted(post(&app, &editor, id, &update(20, victory())).await)
            .await
            .recipients,
        3
    );

    // A second update, left as a server that stopped after its first batch
    // leaves it: queued up to Ada's signature, not for the other two.
    let ada: i64 = sqlx::query_scalar("SELECT id FROM signatures WHERE email = 'ada@example.org'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let halfway: i64 = sqlx::query_scalar(
        "INSERT INTO petition_news (petition_id, posted_at, actor_account_id, recipients, idempotency_key, queued_up_to)
         VALUES ($1, '2026-12-05T10:00:00Z', 1, 1, 'halfway-0000-0000-0001', $2) RETURNING id",
    )
    .bind(id)
    .bind(ada)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO petition_news_texts (news_id, locale, title, body_markdown, body_html)
         VALUES ($1, 'en', 'Delivered', 'We delivered it.', '<p>We delivered it.</p>')",
    )
    .bind(halfway)
    .execute(&app.pool)
    .await
    .unwrap();

    // The next start-up (here, another server) queues the rest, once.
    let restarted = second.spawn().await;
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
    while news_mails(&restarted, "cy@example.org").await.len() < 2 {
        assert!(tokio::time::Instant::now() < deadline, "the rest was never queued");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(news_mails(&restarted, "bea@example.org").await.len(), 2);
    assert_eq!(
        news_mails(&restarted, "ada@example.org").await.len(),
        1,
        "queued before the stop: not again"
    );
    assert!(
        news_mails(&restarted, "cy@example.org").await[0]
            .subject
            .contains("Delivered")
    );
    let (recipients, queued_at): (i64, Option<String>) =
        sqlx::query_as("SELECT recipients, queued_at FROM petition_news WHERE id = $1")
            .bind(halfway)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(recipients, 3);
    assert!(queued_at.is_some());
}
