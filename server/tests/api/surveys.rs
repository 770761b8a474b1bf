//! The public side of surveys: the list, one survey in each language, the
//! results as JSON and CSV, and the metadata of their pages.

use civic_api::analytics::EventKind;
use civic_api::survey::{Limit, QuestionKind, ResultCounts, Survey, SurveyList, SurveyResults};
use civic_api::{ErrorCode, Locale, Slug};
use civic_server::surveys::results::export;
use serde_json::json;

use crate::analytics::event;
use crate::helpers::{error_body, spawn_app};
use crate::surveys_fixture::{PRIVATE, PUBLIC, spawn_surveys_app};

fn slug(text: &str) -> Slug {
    Slug::parse(text).unwrap()
}

const QUICK_POLL: &str = "quick-poll-open-data";
const CAMPAIGN: &str = "campaign-priorities-2027";

#[tokio::test]
async fn the_demo_surveys_load_and_list_in_every_language() {
    let app = spawn_app().await;

    let mut titles = Vec::new();
    for locale in Locale::ALL {
        let response = app.get(&format!("/api/surveys?locale={locale}")).await;
        assert_eq!(response.status(), 200, "{locale}");
        let list: SurveyList = response.json().await.unwrap();
        let slugs: Vec<&str> = list.surveys.iter().map(|s| s.slug.as_str()).collect();
        assert!(
            slugs.contains(&QUICK_POLL) && slugs.contains(&CAMPAIGN),
            "{locale}: {slugs:?}"
        );
        assert!(list.surveys.iter().all(|s| s.locale == locale), "{locale}");
        let quick = list.surveys.iter().find(|s| s.slug.as_str() == QUICK_POLL).unwrap();
        assert!(quick.results_public && !quick.closed && quick.limit == Limit::Anonymous);
        assert!(quick.required >= 1 && quick.questions > quick.required && quick.minutes >= 1);
        titles.push(quick.title.clone());

        for slug in [QUICK_POLL, CAMPAIGN] {
            let survey: Survey = app
                .get(&format!("/api/surveys/{slug}?locale={locale}"))
                .await
                .json()
                .await
                .unwrap();
            assert_eq!((survey.slug.as_str(), survey.locale), (slug, locale));
            assert_eq!(survey.languages, Locale::ALL);
            assert!(survey.check().is_empty(), "{slug} in {locale}: {:?}", survey.check());
        }
    }
    titles.dedup();
    assert_eq!(
        titles.len(),
        Locale::ALL.len(),
        "each language has its own title: {titles:?}"
    );
    let campaign: Survey = app.get(&format!("/api/surveys/{CAMPAIGN}")).await.json().await.unwrap();
    assert!(campaign.sections.len() >= 3);
    assert!(campaign.questions().any(|q| q.show_if.is_some()));
    assert!(
        campaign
            .questions()
            .any(|q| matches!(q.kind, QuestionKind::Matrix { .. }))
    );
}

#[tokio::test]
async fn the_list_puts_open_surveys_first_and_falls_back_to_english() {
    let app = spawn_surveys_app().await;

    let list: SurveyList = app.get("/api/surveys?locale=fr").await.json().await.unwrap();

    let shown: Vec<(&str, Locale, bool)> = list
        .surveys
        .iter()
        .map(|s| (s.slug.as_str(), s.locale, s.closed))
        .collect();
    assert_eq!(shown, [(PUBLIC, Locale::Fr, false), (PRIVATE, Locale::En, true)]);
    let streets = &list.surveys[0];
    assert_eq!(streets.title, "Nos rues");
    assert_eq!((streets.questions, streets.required), (9, 1));
    assert!(!list.surveys[1].results_public);

    let default: SurveyList = app.get("/api/surveys").await.json().await.unwrap();
    assert!(default.surveys.iter().all(|s| s.locale == Locale::En));
    for query in ["locale=de", "locale=", "locale=fr&locale=es"] {
        let refused = app.get(&format!("/api/surveys?{query}")).await;
        assert_eq!(refused.status(), 400, "{query}");
        assert_eq!(error_body(refused).await.error.code, ErrorCode::BadRequest, "{query}");
    }
}

#[tokio::test]
async fn a_survey_comes_whole_in_its_language_or_in_english() {
    let app = spawn_surveys_app().await;

    let survey: Survey = app
        .get(&format!("/api/surveys/{PUBLIC}?locale=fr"))
        .await
        .json()
        .await
        .unwrap();

    assert_eq!((survey.locale, survey.title.as_str()), (Locale::Fr, "Nos rues"));
    assert_eq!(survey.languages, [Locale::En, Locale::Fr]);
    assert_eq!(survey.opened_on, "2026-11-01");
    assert_eq!(survey.sections.len(), 2);
    assert_eq!(survey.sections[0].intro, None, "the French file gives no intro");
    let transport = &survey.sections[0].questions[0];
    assert!(transport.required);
    let QuestionKind::SingleChoice { choices } = &transport.kind else {
        panic!("{:?}", transport.kind)
    };
    let labels: Vec<&str> = choices.iter().map(|c| c.label.as_str()).collect();
    assert_eq!(labels, ["À pied, surtout", "À vélo", "En voiture"]);
    let why_car = survey.question(&slug("why-car")).unwrap();
    assert_eq!(why_car.show_if.as_ref().unwrap().any_of, ["car"]);
    assert_eq!(why_car.kind, QuestionKind::LongText { max_chars: 2000 });
    let name = survey.question(&slug("name-a-street")).unwrap();
    assert_eq!(name.kind, QuestionKind::ShortText { max_chars: 200 });

    let english: Survey = app
        .get(&format!("/api/surveys/{PUBLIC}?locale=es"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!((english.locale, english.title.as_str()), (Locale::En, "Our streets"));
    assert_eq!(english.sections[0].intro.as_deref(), Some("About your usual trips."));

    for path in ["/api/surveys/no-such-survey", "/api/surveys/Our_Streets"] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 404, "{path}");
        assert_eq!(error_body(response).await.error.code, ErrorCode::NotFound, "{path}");
    }
    assert_eq!(app.get(&format!("/api/surveys/{PUBLIC}?locale=xx")).await.status(), 400);
}

/// Two counted responses, one pending that must not count.
async fn answered_app() -> crate::helpers::TestApp {
    let app = spawn_surveys_app().await;
    app.store_response(
        PUBLIC,
        "counted",
        json!({
            "transport": {"type": "choice", "value": "car"},
            "why-car": {"type": "text", "value": "SECRET-REASON"},
            "safe": {"type": "yes_no", "value": true},
            "priorities": {"type": "choices", "value": ["trees", "lights"]},
            "district": {"type": "choice", "value": "north"},
            "satisfaction": {"type": "number", "value": 4},
            "recommend": {"type": "number", "value": 9},
            "streets": {"type": "matrix", "value": {"safety": "poor", "noise": "good"}},
            "name-a-street": {"type": "text", "value": "SECRET-STREET"}
        }),
    )
    .await;
    app.store_response(
        PUBLIC,
        "counted",
        json!({
            "transport": {"type": "choice", "value": "walk"},
            "safe": {"type": "yes_no", "value": false},
            "satisfaction": {"type": "number", "value": 5},
            "streets": {"type": "matrix", "value": {"safety": "good"}}
        }),
    )
    .await;
    app.store_response(
        PUBLIC,
        "pending",
        json!({
            "transport": {"type": "choice", "value": "bike"},
            "satisfaction": {"type": "number", "value": 1},
            "name-a-street": {"type": "text", "value": "SECRET-PENDING"}
        }),
    )
    .await;
    app
}

#[tokio::test]
async fn results_count_only_counted_responses_question_by_question() {
    let app = answered_app().await;

    let response = app.get(&format!("/api/surveys/{PUBLIC}/results")).await;

    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "public, max-age=30");
    let results: SurveyResults = response.json().await.unwrap();
    assert_eq!(
        (results.slug.as_str(), results.locale, results.responses),
        (PUBLIC, Locale::En, 2)
    );
    let ids: Vec<&str> = results.questions.iter().map(|q| q.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "transport",
            "why-car",
            "safe",
            "priorities",
            "district",
            "satisfaction",
            "recommend",
            "streets",
            "name-a-street"
        ]
    );
    let by_id = |id: &str| results.questions.iter().find(|q| q.id.as_str() == id).unwrap();
    let options = |id: &str| match &by_id(id).counts {
        ResultCounts::Options { options } => options
            .iter()
            .map(|o| (o.id.to_string(), o.label.clone(), o.count))
            .collect::<Vec<_>>(),
        other => panic!("{id}: {other:?}"),
    };
    let owned = |rows: &[(&str, &str, u64)]| -> Vec<(String, String, u64)> {
        rows.iter()
            .map(|(id, label, n)| (id.to_string(), label.to_string(), *n))
            .collect()
    };
    assert_eq!(
        options("transport"),
        owned(&[
            ("walk", "Walk, mostly", 1),
            ("bike", "By bike", 0),
            ("car", "By \"car\"", 1)
        ])
    );
    assert_eq!(by_id("transport").answered, 2);
    assert_eq!(options("safe"), owned(&[("yes", "Yes", 1), ("no", "No", 1)]));
    assert_eq!(
        options("priorities"),
        owned(&[
            ("trees", "Trees", 1),
            ("benches", "Benches", 0),
            ("lights", "Lights", 1)
        ])
    );
    assert_eq!(by_id("priorities").answered, 1);
    assert_eq!(
        options("district"),
        owned(&[("north", "North", 1), ("south", "South", 0)])
    );
    match &by_id("satisfaction").counts {
        ResultCounts::Distribution {
            min,
            max,
            low,
            counts,
            mean,
            ..
        } => {
            assert_eq!((*min, *max, low.as_str()), (1, 5, "Not at all"));
            assert_eq!(counts, &[0, 0, 0, 1, 1], "the pending 1 is not counted");
            assert_eq!(*mean, Some(4.5));
        }
        other => panic!("{other:?}"),
    }
    match &by_id("recommend").counts {
        ResultCounts::Distribution {
            min, max, counts, mean, ..
        } => {
            assert_eq!((*min, *max, counts.len()), (0, 10, 11));
            assert_eq!(counts[9], 1);
            assert_eq!(*mean, Some(9.0));
        }
        other => panic!("{other:?}"),
    }
    match &by_id("streets").counts {
        ResultCounts::Matrix { columns, rows } => {
            assert_eq!(
                columns.iter().map(|c| c.label.as_str()).collect::<Vec<_>>(),
                ["Poor", "Good"]
            );
            let rows: Vec<(&str, &[u64])> = rows.iter().map(|r| (r.label.as_str(), r.counts.as_slice())).collect();
            assert_eq!(rows, [("Safety", &[1, 1][..]), ("Noise", &[0, 1][..])]);
        }
        other => panic!("{other:?}"),
    }
    for free in ["why-car", "name-a-street"] {
        assert_eq!(by_id(free).counts, ResultCounts::FreeText, "{free}");
        assert_eq!(by_id(free).answered, 1, "{free}");
    }

    let french: SurveyResults = app
        .get(&format!("/api/surveys/{PUBLIC}/results?locale=fr"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!((french.locale, french.title.as_str()), (Locale::Fr, "Nos rues"));
    assert_eq!(french.questions[0].text, "Comment vous déplacez-vous d'habitude ?");
}

#[tokio::test]
async fn written_answers_never_leave_the_server() {
    let app = answered_app().await;

    for path in [
        format!("/api/surveys/{PUBLIC}/results"),
        format!("/api/surveys/{PUBLIC}/results?locale=fr"),
        format!("/api/surveys/{PUBLIC}/results.csv"),
        format!("/api/surveys/{PUBLIC}/results.csv?locale=fr"),
        format!("/surveys/{PUBLIC}/results"),
    ] {
        let body = app.get(&path).await.text().await.unwrap();
        assert!(!body.contains("SECRET"), "{path}: {body}");
    }
}

#[tokio::test]
async fn the_csv_has_one_quoted_line_per_count() {
    let app = answered_app().await;

    let response = app.get(&format!("/api/surveys/{PUBLIC}/results.csv")).await;

    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "text/csv; charset=utf-8");
    assert_eq!(
        response.headers()["content-disposition"],
        "inline; filename=\"our-streets-results.csv\""
    );
    let csv = response.text().await.unwrap();
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(lines[0], "question,question_text,row,option,count");
    assert_eq!(lines.last(), Some(&""), "every line ends with CRLF");
    let transport = "\"transport\",\"How do you usually travel?\",\"\"";
    for expected in [
        format!("{transport},\"Walk, mostly\",1"),
        format!("{transport},\"By bike\",0"),
        format!("{transport},\"By \"\"car\"\"\",1"),
        "\"safe\",\"Do you feel safe?\",\"\",\"Yes\",1".to_owned(),
        "\"satisfaction\",\"How happy are you with your street?\",\"\",\"5\",1".to_owned(),
        "\"recommend\",\"Would you recommend your street?\",\"\",\"0\",0".to_owned(),
        "\"streets\",\"Rate your street\",\"Safety\",\"Poor\",1".to_owned(),
        "\"streets\",\"Rate your street\",\"Noise\",\"Good\",1".to_owned(),
        "\"why-car\",\"Why the car?\",\"\",\"answered\",1".to_owned(),
        "\"name-a-street\",\"Which street needs help most?\",\"\",\"answered\",1".to_owned(),
    ] {
        assert!(lines.contains(&expected.as_str()), "missing {expected}\n{csv}");
    }
    // 3 + 2 + 3 + 2 options, 5 + 11 values, 2×2 matrix cells, 2 free texts.
    assert_eq!(lines.len(), 1 + 10 + 16 + 4 + 2 + 1, "{csv}");
    let french = app
        .get(&format!("/api/surveys/{PUBLIC}/results.csv?locale=fr"))
        .await
        .text()
        .await
        .unwrap();
    assert!(french.contains("\"Sécurité\",\"Mauvais\",1"), "{french}");
    assert!(french.contains("\"Oui\",1"), "{french}");
}

#[tokio::test]
async fn private_results_answer_as_if_there_were_no_survey() {
    let app = spawn_surveys_app().await;
    app.store_response(PRIVATE, "counted", json!({"happy": {"type": "yes_no", "value": true}}))
        .await;

    assert_eq!(app.get(&format!("/api/surveys/{PRIVATE}")).await.status(), 200);
    for path in [
        format!("/api/surveys/{PRIVATE}/results"),
        format!("/api/surveys/{PRIVATE}/results.csv"),
        "/api/surveys/no-such-survey/results".to_owned(),
        "/api/surveys/no-such-survey/results.csv".to_owned(),
    ] {
        let response = app.get(&path).await;
        assert_eq!(response.status(), 404, "{path}");
        assert_eq!(error_body(response).await.error.code, ErrorCode::NotFound, "{path}");
    }
}

#[tokio::test]
async fn survey_pages_carry_the_survey_texts_and_unknown_or_private_ones_are_not_found() {
    let app = spawn_surveys_app().await;

    let form = app.get(&format!("/fr/surveys/{PUBLIC}")).await;
    assert_eq!(form.status(), 200);
    let html = form.text().await.unwrap();
    assert!(html.contains("<title>Nos rues"), "{html}");
    assert!(html.contains("Comment vous vous déplacez"), "{html}");
    assert!(html.contains("<link rel=\"alternate\" hreflang=\"fr\""), "{html}");
    assert!(
        !html.contains("<link rel=\"alternate\" hreflang=\"es\""),
        "written in English and French only: {html}"
    );

    let results = app.get(&format!("/surveys/{PUBLIC}/results")).await;
    assert_eq!(results.status(), 200);
    assert!(results.text().await.unwrap().contains("Our streets"));

    let list = app.get("/es/surveys").await;
    assert_eq!(list.status(), 200);
    assert!(list.text().await.unwrap().contains("<title>Encuestas"));

    let confirm = app.get("/confirm-response?t=v.abc").await;
    assert_eq!(confirm.status(), 200);
    assert!(
        confirm
            .text()
            .await
            .unwrap()
            .contains("<meta name=\"referrer\" content=\"no-referrer\">")
    );

    for path in [
        format!("/surveys/{PRIVATE}/results"),
        "/surveys/no-such-survey".to_owned(),
        "/fr/surveys/no-such-survey/results".to_owned(),
    ] {
        assert_eq!(app.get(&path).await.status(), 404, "{path}");
    }
}

#[tokio::test]
async fn page_views_of_survey_pages_count_but_not_of_unknown_or_private_results() {
    let app = spawn_surveys_app().await;
    let view = |path: String| {
        let app = &app;
        async move { app.post_event(&event(EventKind::PageView, &path, None)).await.status() }
    };

    for path in [
        "/surveys".to_owned(),
        format!("/fr/surveys/{PUBLIC}"),
        format!("/surveys/{PUBLIC}/results"),
        format!("/surveys/{PRIVATE}"),
        "/confirm-response".to_owned(),
    ] {
        assert_eq!(view(path.clone()).await, 204, "{path}");
    }
    for path in [
        format!("/surveys/{PRIVATE}/results"),
        "/surveys/no-such-survey".to_owned(),
    ] {
        assert_eq!(view(path.clone()).await, 422, "{path}");
    }
}

#[tokio::test]
async fn staff_export_private_results_as_the_same_csv() {
    let app = spawn_surveys_app().await;
    app.store_response(PRIVATE, "counted", json!({"happy": {"type": "yes_no", "value": true}}))
        .await;
    app.store_response(PRIVATE, "pending", json!({"happy": {"type": "yes_no", "value": false}}))
        .await;
    let config = app.setup_again().config;

    // Written in English only, so in English whatever the language asked.
    let csv = export(&config, PRIVATE, Locale::Fr).await.unwrap();

    assert_eq!(
        csv,
        "question,question_text,row,option,count\r\n\
         \"happy\",\"Are you happy?\",\"\",\"Yes\",1\r\n\
         \"happy\",\"Are you happy?\",\"\",\"No\",0\r\n"
    );
    let public = export(&config, PUBLIC, Locale::En).await.unwrap();
    let served = app
        .get(&format!("/api/surveys/{PUBLIC}/results.csv"))
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(public, served);
    let unknown = export(&config, "no-such-survey", Locale::En).await.unwrap_err();
    assert!(format!("{unknown:#}").contains("no-such-survey"), "{unknown:#}");
}
