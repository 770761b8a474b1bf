//! The public side of petitions: lists, texts, counts, the CSV, the
//! metadata of their pages, and how content is loaded.

use civic_api::petition::{PetitionDetail, PetitionList};
use civic_api::{ErrorCode, Locale};
use civic_server::startup::Application;

use crate::fixture::PUBLIC_URL;
use crate::helpers::error_body;
use crate::petitions_fixture::{CLOSED, ENGLISH_FRENCH, OPEN, petitions_setup, sign_request, spawn_petitions_app};

#[tokio::test]
async fn the_list_puts_open_petitions_first_and_falls_back_to_english() {
    let app = spawn_petitions_app().await;

    let response = app.get("/api/petitions?locale=es").await;

    assert_eq!(response.status(), 200);
    let list: PetitionList = response.json().await.unwrap();
    let shown: Vec<(&str, Locale, bool)> = list
        .petitions
        .iter()
        .map(|p| (p.slug.as_str(), p.locale, p.closed))
        .collect();
    assert_eq!(
        shown,
        [
            (OPEN, Locale::Es, false),
            (ENGLISH_FRENCH, Locale::En, false),
            (CLOSED, Locale::Es, true)
        ]
    );
    let clean_air = &list.petitions[0];
    assert_eq!(clean_air.title, "Aire limpio cerca de las escuelas");
    assert_eq!((clean_air.count, clean_air.goal), (0, 10));
    let image = clean_air.image.as_ref().unwrap();
    assert_eq!(
        (image.src.as_str(), image.alt.as_str(), image.width, image.height),
        ("/images/petitions/clean-air.jpg", "Un patio escolar", 1200, 630)
    );
    assert_eq!(list.petitions[1].title, "Open data");
    assert!(list.petitions[1].image.is_none());

    let default: PetitionList = app.get("/api/petitions").await.json().await.unwrap();
    assert!(default.petitions.iter().all(|p| p.locale == Locale::En));
    for query in ["locale=de", "locale=", "locale=fr&locale=es"] {
        let refused = app.get(&format!("/api/petitions?{query}")).await;
        assert_eq!(refused.status(), 400, "{query}");
        assert_eq!(error_body(refused).await.error.code, ErrorCode::BadRequest, "{query}");
    }
}

#[tokio::test]
async fn a_petition_shows_its_text_languages_and_short_link() {
    let app = spawn_petitions_app().await;

    let detail: PetitionDetail = app
        .get("/api/petitions/clean-air?locale=fr")
        .await
        .json()
        .await
        .unwrap();

    assert_eq!(detail.locale, Locale::Fr);
    assert_eq!(detail.title, "De l'air pur près des écoles");
    assert_eq!(detail.addressed_to, "La maire");
    assert_eq!(detail.body_html, "<p>Nous demandons de l'air pur.</p>\n");
    assert_eq!(detail.languages, [Locale::En, Locale::Fr, Locale::Es]);
    assert_eq!(detail.opened_on, "2026-10-01");
    assert_eq!((detail.count, detail.goal, detail.closed), (0, 10, false));
    assert!(detail.by_country.is_empty());
    let code = detail.short_path.strip_prefix("/s/").unwrap();
    assert!(
        code.len() == 8 && code.bytes().all(|b| b.is_ascii_alphanumeric()),
        "{code}"
    );

    let fallback: PetitionDetail = app
        .get("/api/petitions/open-data?locale=es")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(fallback.locale, Locale::En);
    assert_eq!(fallback.body_html, "<p>Publish it.</p>\n");
    assert_eq!(fallback.languages, [Locale::En, Locale::Fr]);

    for path in [
        "/api/petitions/no-such-petition",
        "/api/petitions/Clean_Air",
        "/api/petitions/no-such/count",
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 404, "{path}");
        assert_eq!(error_body(response).await.error.code, ErrorCode::NotFound);
    }
}

#[tokio::test]
async fn the_count_comes_with_a_short_public_cache() {
    let app = spawn_petitions_app().await;

    let response = app.get("/api/petitions/old-park/count").await;

    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "public, max-age=5");
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body, serde_json::json!({"count": 0, "goal": 100, "closed": true}));
}

#[tokio::test]
async fn counts_by_country_are_public_but_nothing_personal_is() {
    let app = spawn_petitions_app().await;
    let signers = [
        ("Ana Martín", "ana.martin@example.org", "es"),
        ("Zoé Dupont", "zoe.dupont@example.org", "fr"),
        ("Marc Durand", "marc.durand@example.org", "FR"),
        ("Kwame Mensah", "kwame@example.org", "bq"),
    ];
    for (name, email, country) in signers {
        app.sign_and_confirm(OPEN, &sign_request(name, email, country, Locale::Fr))
            .await;
    }
    // Pending signatures count nowhere.
    app.sign(
        OPEN,
        &sign_request("Pending Person", "pending@example.org", "DE", Locale::En),
    )
    .await;

    let detail: PetitionDetail = app.get("/api/petitions/clean-air").await.json().await.unwrap();
    let by_country: Vec<(&str, u64)> = detail.by_country.iter().map(|c| (c.country.code(), c.count)).collect();
    assert_eq!(by_country, [("FR", 2), ("BQ", 1), ("ES", 1)]);
    assert_eq!((detail.count, detail.goal), (4, 10));

    let csv = app.get("/api/petitions/clean-air/countries.csv").await;
    assert_eq!(csv.status(), 200);
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    assert_eq!(
        csv.headers()["content-disposition"],
        "inline; filename=\"clean-air-countries.csv\""
    );
    let csv = csv.text().await.unwrap();
    assert_eq!(
        csv,
        "country_code,country_name,signatures\r\nFR,\"France\",2\r\nBQ,\"Bonaire, Sint Eustatius and Saba\",1\r\nES,\"Spain\",1\r\n"
    );

    let mut public = csv;
    for path in [
        "/api/petitions",
        "/api/petitions/clean-air",
        "/api/petitions/clean-air/count",
        "/petitions/clean-air",
    ] {
        public.push_str(&without_ui_strings(&app.get(path).await.text().await.unwrap()));
    }
    for (name, email, _) in signers {
        let local = email.split('@').next().unwrap();
        assert!(
            !public.contains(local) && !public.contains(name),
            "{email} or {name} leaked"
        );
    }
    assert!(
        !public.contains("pending") && !public.contains('@'),
        "an address leaked"
    );
}

#[tokio::test]
async fn ids_counts_and_short_codes_survive_a_restart_and_edits_show() {
    let app = spawn_petitions_app().await;
    app.sign_and_confirm(OPEN, &sign_request("Ana Martín", "ana@example.org", "ES", Locale::Es))
        .await;
    let before: PetitionDetail = app.get("/api/petitions/clean-air").await.json().await.unwrap();
    let setup = app.setup_again();
    let en = setup.config.content.join("petitions/clean-air/en.md");
    let edited = std::fs::read_to_string(&en)
        .unwrap()
        .replace("Clean air near schools", "Clean air now");
    std::fs::write(&en, edited).unwrap();

    let again = setup.spawn().await;

    let after: PetitionDetail = again.get("/api/petitions/clean-air").await.json().await.unwrap();
    assert_eq!(after.title, "Clean air now");
    assert_eq!(after.short_path, before.short_path);
    assert_eq!(after.count, 1);
    assert_eq!(again.count(OPEN).await.count, 1);
    assert_eq!(after.by_country.len(), 1);
}

#[tokio::test]
async fn a_malformed_petition_stops_the_start_and_names_its_file() {
    let setup = petitions_setup();
    let fr = setup.config.content.join("petitions/open-data/fr.md");
    std::fs::write(&fr, "+++\ntitle = \"Sans résumé\"\n+++\nTexte\n").unwrap();

    let error = match Application::build(setup.config.clone()).await {
        Ok(_) => panic!("a malformed petition must stop the start"),
        Err(error) => format!("{error:#}"),
    };

    assert!(error.contains("open-data/fr.md"), "{error}");
}

#[tokio::test]
async fn a_petition_page_carries_its_own_preview_tags() {
    let app = spawn_petitions_app().await;

    let response = app.get("/fr/petitions/clean-air").await;

    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    for tag in [
        "<html lang=\"fr\" dir=\"ltr\">".to_owned(),
        "<title>De l&#39;air pur près des écoles | Civic</title>".to_owned(),
        "<meta name=\"description\" content=\"Un air plus pur là où les enfants apprennent.\">".to_owned(),
        format!("<link rel=\"canonical\" href=\"{PUBLIC_URL}/fr/petitions/clean-air\">"),
        format!("<link rel=\"alternate\" hreflang=\"es\" href=\"{PUBLIC_URL}/es/petitions/clean-air\">"),
        "<meta property=\"og:title\" content=\"De l&#39;air pur près des écoles\">".to_owned(),
        format!("<meta property=\"og:image\" content=\"{PUBLIC_URL}/images/petitions/clean-air.jpg\">"),
        "<meta property=\"og:image:width\" content=\"1200\">".to_owned(),
        "<meta property=\"og:image:height\" content=\"630\">".to_owned(),
        "<meta property=\"og:image:alt\" content=\"Une cour d&#39;école\">".to_owned(),
        "<meta name=\"twitter:card\" content=\"summary_large_image\">".to_owned(),
    ] {
        assert!(html.contains(&tag), "missing {tag} in\n{html}");
    }

    let no_image = app.get("/es/petitions/open-data").await;
    assert_eq!(no_image.status(), 200);
    let html = no_image.text().await.unwrap();
    assert!(html.contains("<title>Open data | Civic</title>"), "{html}");
    assert!(html.contains("<meta name=\"twitter:card\" content=\"summary\">"));
    assert!(!html.contains("og:image"));
    assert!(
        !html.contains("<link rel=\"alternate\" hreflang=\"es\""),
        "no Spanish text, no Spanish alternate"
    );

    let unknown = app.get("/petitions/no-such-petition").await;
    assert_eq!(unknown.status(), 404);
    assert!(unknown.text().await.unwrap().contains("noindex"));
}

#[tokio::test]
async fn the_campaigns_and_confirmation_pages_have_their_titles() {
    let app = spawn_petitions_app().await;
    let locale: serde_json::Value =
        serde_json::from_str(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../locales/es.json"))).unwrap();

    let campaigns = app.get("/es/campaigns").await;
    assert_eq!(campaigns.status(), 200);
    let html = campaigns.text().await.unwrap();
    let title = locale["campaigns"]["title"].as_str().unwrap();
    assert!(html.contains(&format!("<title>{title} | Civic</title>")), "{html}");
    assert!(!html.contains("noindex"));

    let confirm = app.get("/es/confirm-signature?t=c.secret").await;
    assert_eq!(confirm.status(), 200);
    let html = confirm.text().await.unwrap();
    let title = locale["confirm_signature"]["title"].as_str().unwrap();
    assert!(html.contains(&format!("<title>{title} | Civic</title>")), "{html}");
    assert!(html.contains("<meta name=\"robots\" content=\"noindex\">"));
    assert!(html.contains("<meta name=\"referrer\" content=\"no-referrer\">"));
}

/// A page without the UI strings it carries for the SPA, whose hints show
/// an example address (`name@example.org`).
fn without_ui_strings(html: &str) -> String {
    match html.find("<script type=\"application/json\" id=\"civic-texts\"") {
        Some(start) => {
            let end = html[start..].find("</script>").map_or(html.len(), |end| start + end);
            format!("{}{}", &html[..start], &html[end..])
        }
        None => html.to_owned(),
    }
}
