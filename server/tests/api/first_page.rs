//! The first HTML carries the page, drawn by the app's own components, so
//! it reads before any script runs and with none at all.

use civic_api::page::Page;
use civic_api::site::FIRST_DATA_ELEMENT_ID;

use crate::helpers::{spawn_app, text_of};

/// The text between `<body>` and `</body>`.
fn body(html: &str) -> &str {
    let start = html.find("<body>").expect("a body") + "<body>".len();
    let end = html.rfind("</body>").expect("a closed body");
    &html[start..end]
}

#[tokio::test]
async fn a_content_page_is_readable_in_the_first_html_in_its_language() {
    let app = spawn_app().await;
    for (locale, path) in [
        ("en", "/about"),
        ("fr", "/fr/about"),
        ("es", "/es/privacy"),
        ("ar", "/ar/"),
    ] {
        let slug = path.trim_start_matches(&format!("/{locale}")).trim_matches('/');
        let slug = if slug.is_empty() { "home" } else { slug };
        let page: Page = app.get_page(locale, slug).await.json().await.unwrap();

        let html = app.get(path).await.text().await.unwrap();
        let body = body(&html);

        let heading = format!(">{}</h1>", page.title.replace('&', "&amp;").replace('\'', "&#39;"));
        assert!(body.contains(&heading), "{path}: no heading {heading} in\n{body}");
        let first_paragraph = text_of(page.html.split("</p>").next().unwrap());
        assert!(
            text_of(body).contains(first_paragraph.trim()),
            "{path}: no first paragraph {first_paragraph:?}"
        );
        assert!(body.contains("class=\"site-header\""), "{path}: the header");
        assert!(body.contains("class=\"site-footer\""), "{path}: the footer");
        assert!(
            body.contains(&format!(
                "href=\"/{}about\"",
                if locale == "en" {
                    String::new()
                } else {
                    format!("{locale}/")
                }
            )),
            "{path}: the navigation in the page's language"
        );
    }
}

#[tokio::test]
async fn the_first_html_carries_the_page_data_the_app_would_otherwise_fetch() {
    let app = spawn_app().await;
    let page: Page = app.get_page("fr", "about").await.json().await.unwrap();

    let html = app.get("/fr/about").await.text().await.unwrap();

    let start_tag = format!("<script type=\"application/json\" id=\"{FIRST_DATA_ELEMENT_ID}\" data-kind=\"content\">");
    let start = html.find(&start_tag).expect("the page's data") + start_tag.len();
    let end = start + html[start..].find("</script>").expect("a closed script");
    let data: Page = serde_json::from_str(&html[start..end]).expect("the data in the API's shape");
    assert_eq!(data, page);
    assert!(!html[start..end].contains('<'), "no markup can end the script early");
}

#[tokio::test]
async fn without_javascript_a_drawn_page_names_only_what_needs_it_and_other_pages_say_they_need_it() {
    let app = spawn_app().await;
    let note = |html: &str| {
        let start = html.find("<noscript>").expect("a note for visitors without JavaScript");
        let end = html.find("</noscript>").expect("a closed note");
        text_of(&html[start..end])
    };

    let drawn = app.get("/fr/about").await.text().await.unwrap();
    assert!(
        note(&drawn).starts_with("Sans JavaScript, vous pouvez lire ce site, signer ses pétitions"),
        "{}",
        note(&drawn)
    );

    // A survey's results that are not public: the only page left to the app.
    let surveys = crate::survey_responses_fixture::spawn_surveys_app().await;
    let html = surveys
        .get("/fr/surveys/members-vote/results")
        .await
        .text()
        .await
        .unwrap();
    assert!(!body(&html).contains("site-header"), "the app alone draws it");
    assert!(!html.contains(FIRST_DATA_ELEMENT_ID));
    assert!(
        note(&html).starts_with("Cette page a besoin de JavaScript"),
        "{}",
        note(&html)
    );
    assert_eq!(html.matches("<noscript>").count(), 1);
}

#[tokio::test]
async fn the_campaigns_page_lists_every_petition_with_its_count_in_the_first_html() {
    let app = spawn_app().await;
    let list: civic_api::petition::PetitionList = app.get("/api/petitions?locale=es").await.json().await.unwrap();
    assert!(!list.petitions.is_empty(), "the fixture has petitions");

    let html = app.get("/es/campaigns").await.text().await.unwrap();
    let body = text_of(body(&html));

    assert!(body.contains("Campañas"), "the heading in Spanish");
    for petition in &list.petitions {
        assert!(body.contains(&petition.title), "{} is listed", petition.title);
    }
    assert!(
        html.contains("data-kind=\"petitions\""),
        "the list travels with the page"
    );
}

#[tokio::test]
async fn a_petition_page_carries_its_text_count_countries_and_sign_form_in_the_first_html() {
    let app = crate::petitions_fixture::spawn_petitions_app().await;
    let open = crate::petitions_fixture::OPEN;
    app.sign_and_confirm(
        open,
        &crate::petitions_fixture::sign_request("Ana Martín", "ana@example.org", "DE", civic_api::Locale::Fr),
    )
    .await;
    let petition: civic_api::petition::PetitionDetail = app
        .get(&format!("/api/petitions/{open}?locale=fr"))
        .await
        .json()
        .await
        .unwrap();

    let html = app.get(&format!("/fr/petitions/{open}")).await.text().await.unwrap();
    let body = body(&html);
    let text = text_of(body);

    assert!(
        body.contains(">De l'air pur près des écoles</h1>"),
        "the title in\n{body}"
    );
    assert!(text.contains(&petition.summary), "the summary");
    assert!(text.contains("Nous demandons de l'air pur."), "the text");
    assert!(body.contains("<img"), "the picture");
    assert!(text.contains("Allemagne"), "signatures by country, named in French");
    assert!(body.contains("<form"), "the sign form");
    assert!(body.contains("id=\"sign-name\""), "its fields");
    assert!(
        body.contains("<option value=\"DE\">Allemagne</option>"),
        "the countries named in French"
    );
    assert!(
        html.contains("data-kind=\"petition\""),
        "the petition travels with the page"
    );
    assert_eq!(petition.count, 1);
}

#[tokio::test]
async fn the_survey_list_and_a_survey_are_readable_in_the_first_html() {
    let app = crate::surveys_fixture::spawn_surveys_app().await;
    let survey: civic_api::survey::Survey = app
        .get(&format!("/api/surveys/{}?locale=fr", crate::surveys_fixture::PUBLIC))
        .await
        .json()
        .await
        .unwrap();

    let list = app.get("/fr/surveys").await.text().await.unwrap();
    assert!(
        text_of(body(&list)).contains(&survey.title),
        "the list names the survey"
    );
    assert!(list.contains("data-kind=\"surveys\""));

    let html = app
        .get(&format!("/fr/surveys/{}", crate::surveys_fixture::PUBLIC))
        .await
        .text()
        .await
        .unwrap();
    let page = text_of(body(&html));
    assert!(page.contains(&survey.title), "the title");
    assert!(page.contains(&survey.summary), "the summary");
    assert!(
        html.contains("data-kind=\"survey\""),
        "the survey travels with the page"
    );
    assert!(body(&html).contains("<form"), "the form");
    assert!(
        text_of(&html).contains("Vous pouvez lire cette enquête sans JavaScript. Pour y répondre"),
        "the note says answering needs JavaScript"
    );
}

#[tokio::test]
async fn the_statistics_and_published_survey_results_are_readable_in_the_first_html() {
    let app = crate::surveys_fixture::spawn_surveys_app().await;

    let statistics = app.get("/fr/statistics").await.text().await.unwrap();
    assert!(statistics.contains(">Statistiques</h1>"), "the heading");
    assert!(
        statistics.contains("data-kind=\"statistics\""),
        "the figures travel with the page"
    );
    assert!(
        text_of(body(&statistics)).contains("Pages vues"),
        "the figures are drawn"
    );

    let public = crate::surveys_fixture::PUBLIC;
    let results = app
        .get(&format!("/fr/surveys/{public}/results"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        results.contains("data-kind=\"survey-results\""),
        "the results travel with the page"
    );
    assert!(
        text_of(body(&results)).contains("Comment vous déplacez-vous d'habitude ?"),
        "each question's results"
    );

    let private = crate::surveys_fixture::PRIVATE;
    let hidden = app
        .get(&format!("/fr/surveys/{private}/results"))
        .await
        .text()
        .await
        .unwrap();
    assert!(!hidden.contains(FIRST_DATA_ELEMENT_ID), "private results are not drawn");
}

#[tokio::test]
async fn an_address_with_nothing_there_answers_404_with_the_not_found_page_drawn() {
    let app = spawn_app().await;
    for (path, kind) in [
        ("/fr/no-such-page", Some("missing")),
        ("/fr/petitions/no-such-petition", Some("missing")),
        ("/fr/surveys/no-such-survey", Some("missing")),
        ("/fr/no/such/page", None),
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 404, "{path}");
        let html = response.text().await.unwrap();
        let body = body(&html);

        assert!(body.contains(">Page introuvable</h1>"), "{path}: no heading in\n{body}");
        assert!(
            body.contains("La page demandée n’existe pas ou a été déplacée."),
            "{path}: the explanation"
        );
        assert!(body.contains("href=\"/fr/\""), "{path}: the way home");
        assert!(body.contains("class=\"site-header\""), "{path}: the header");
        assert!(
            html.contains("<noscript><aside class=\"noscript\" aria-label=\"Sans JavaScript\"><p>Sans JavaScript, vous pouvez lire ce site"),
            "{path}: the note says what needs JavaScript, not that the page does"
        );
        // What tells the app not to ask the API again, where it would.
        let data = kind.map(|kind| format!("id=\"{FIRST_DATA_ELEMENT_ID}\" data-kind=\"{kind}\""));
        assert_eq!(
            body.contains(&format!("id=\"{FIRST_DATA_ELEMENT_ID}\"")),
            data.is_some(),
            "{path}"
        );
        if let Some(data) = data {
            assert!(body.contains(&data), "{path}: {data}");
        }
    }
}

#[tokio::test]
async fn the_newsletter_links_work_as_they_open_without_javascript() {
    use civic_api::Locale;

    use crate::newsletter_fixture::address_request;

    let app = spawn_app().await;
    app.subscribe(&address_request("ana@example.org", Locale::Es)).await;
    let confirm = app.token_in_mail("ana@example.org", "/confirm-subscription?t=").await;

    let html = app
        .get(&format!("/es/confirm-subscription?t={confirm}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        text_of(body(&html)).contains("Su suscripción está confirmada"),
        "confirmed as the page opened"
    );
    assert!(
        html.contains("data-kind=\"subscription\""),
        "what came of it, for the app"
    );
    assert_eq!(
        app.subscriber_state("ana@example.org").await.as_deref(),
        Some("subscribed")
    );

    let unsubscribe = app.token_in_mail("ana@example.org", "/unsubscribe?t=").await;
    let html = app
        .get(&format!("/es/unsubscribe?t={unsubscribe}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        text_of(body(&html)).contains("Se ha dado de baja"),
        "unsubscribed as the page opened: {}",
        text_of(body(&html))
    );
    assert!(
        html.contains("Darse de baja no necesita JavaScript."),
        "the note says what needs it"
    );
    assert_eq!(
        app.subscriber_state("ana@example.org").await.as_deref(),
        Some("unsubscribed")
    );

    let tampered = app
        .get(&format!("/es/unsubscribe?t={unsubscribe}x"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        tampered.contains("data-kind=\"subscription-refused\""),
        "a bad link is refused"
    );
    assert!(text_of(body(&tampered)).contains("Este enlace no funciona"));
    let cut_short = app.get("/es/unsubscribe").await.text().await.unwrap();
    assert!(
        text_of(body(&cut_short)).contains("Este enlace no funciona"),
        "so is a link cut short, drawn too"
    );
}

#[tokio::test]
async fn a_survey_answer_is_confirmed_from_its_link_without_javascript() {
    use civic_api::Locale;

    use crate::petitions_fixture::token_of;
    use crate::survey_responses_fixture::{BY_EMAIL, spawn_surveys_app, vote};

    let app = spawn_surveys_app().await;
    let mut answer = vote(Some("ana@example.org"), None);
    answer.locale = Some(Locale::Fr);
    assert_eq!(app.answer(BY_EMAIL, &answer).await.status(), 202);
    let link = app
        .link_in_latest_mail_to("ana@example.org", "/confirm-response?t=")
        .await;
    let path = format!("/fr/confirm-response?t={}", token_of(&link));

    for _ in 0..2 {
        let html = app.get(&path).await.text().await.unwrap();
        assert!(
            text_of(body(&html)).contains("Votre réponse est comptée"),
            "counted as the page opened: {}",
            text_of(body(&html))
        );
        assert!(
            html.contains("data-kind=\"response-confirmation\""),
            "what came of it, for the app"
        );
    }
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM survey_responses WHERE state = 'counted'")
            .await,
        1,
        "opened twice, counted once"
    );
}

#[tokio::test]
async fn a_query_in_the_address_changes_nothing_in_the_page_drawn() {
    let app = spawn_app().await;
    // Shared links carry `?source=`: the survey bundle's pages were drawn
    // as "page not found" with one.
    for (path, heading) in [
        ("/fr/surveys?source=mastodon", ">Enquêtes</h1>"),
        ("/es/about?source=x", ">Quiénes somos</h1>"),
    ] {
        let html = app.get(path).await.text().await.unwrap();
        assert!(body(&html).contains(heading), "{path}: {}", text_of(body(&html)));
    }
}
