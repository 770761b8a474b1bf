//! Loading `content/surveys`: the repository's own surveys load, every
//! definition nobody could answer stops the start-up naming its file and
//! question, and restarts keep what people answered.

use civic_api::Locale;
use civic_server::content::surveys::load;
use civic_server::startup::Application;
use serde_json::json;

use crate::fixture::CONTENT_DIR;
use crate::surveys_fixture::{
    PUBLIC, STREETS_EN, STREETS_FR, STREETS_STRUCTURE, fixture_files, surveys_setup, write_surveys,
};

#[test]
fn the_repository_surveys_load_in_three_languages() {
    let surveys = load(std::path::Path::new(CONTENT_DIR)).unwrap();

    let slugs: Vec<&str> = surveys.iter().map(|s| s.slug.as_str()).collect();
    assert_eq!(slugs, ["campaign-priorities-2027", "quick-poll-open-data"]);
    for survey in &surveys {
        let locales: Vec<Locale> = survey.translations.iter().map(|t| t.locale).collect();
        assert_eq!(locales, Locale::ALL, "{}", survey.slug);
        for translation in &survey.translations {
            assert_eq!(translation.languages, Locale::ALL);
            assert!(translation.check().is_empty(), "{} {}", survey.slug, translation.locale);
        }
    }
}

/// A change to one of the fixture's files: `(file, from, to)`; an empty
/// `from` appends `to`, and `to = None` deletes the file.
type Edit = (&'static str, &'static str, Option<&'static str>);

fn loaded_with(edits: &[Edit]) -> Result<(), String> {
    let dir = tempfile::tempdir().unwrap();
    let mut files: Vec<(String, String)> = fixture_files()
        .into_iter()
        .map(|(path, text)| (path.to_owned(), text.to_owned()))
        .collect();
    for (file, from, to) in edits {
        let path = format!("{PUBLIC}/{file}");
        let index = files.iter().position(|(p, _)| *p == path);
        match (index, to) {
            (Some(index), None) => {
                files.remove(index);
            }
            (Some(index), Some(to)) if from.is_empty() => files[index].1.push_str(to),
            (Some(index), Some(to)) => {
                assert!(files[index].1.contains(from), "{file} has no {from:?}");
                files[index].1 = files[index].1.replacen(from, to, 1);
            }
            (None, Some(to)) => files.push((path, (*to).to_owned())),
            (None, None) => panic!("{file} is not in the fixture"),
        }
    }
    let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    let content = write_surveys(dir.path(), &files);
    load(&content).map(|_| ()).map_err(|error| format!("{error:#}"))
}

#[test]
fn the_fixture_itself_loads() {
    assert_eq!(loaded_with(&[]), Ok(()));
}

#[test]
fn every_unanswerable_definition_is_refused_naming_its_file_and_question() {
    const SURVEY: &str = "survey.toml";
    // The edits, the file and question the message must name, and why.
    let cases: Vec<(Vec<Edit>, &str, &str, &str)> = vec![
        (
            vec![(SURVEY, "type = \"dropdown\"", Some("type = \"slider\""))],
            SURVEY,
            "`district`",
            "unknown type",
        ),
        (
            vec![(SURVEY, "type = \"yes_no\"", Some("type = \"yes_no\"\nmax_chars = 10"))],
            SURVEY,
            "`safe`",
            "a field of another type",
        ),
        (
            vec![(SURVEY, "choices = [\"walk\", \"bike\", \"car\"]", Some(""))],
            SURVEY,
            "`transport`",
            "choices missing",
        ),
        (
            vec![(SURVEY, "choices = [\"walk\", \"bike\", \"car\"]", Some("choices = []"))],
            SURVEY,
            "`transport`",
            "no choices",
        ),
        (
            vec![(
                SURVEY,
                "choices = [\"walk\", \"bike\", \"car\"]",
                Some("choices = [\"Walk\", \"bike\"]"),
            )],
            SURVEY,
            "`transport`",
            "a malformed choice id",
        ),
        (
            vec![(SURVEY, "question = \"transport\"", Some("question = \"district\""))],
            SURVEY,
            "`why-car`",
            "a condition on a later question",
        ),
        (
            vec![(SURVEY, "question = \"transport\"", Some("question = \"nowhere\""))],
            SURVEY,
            "`why-car`",
            "a condition on a missing question",
        ),
        (
            vec![(SURVEY, "any_of = [\"car\"]", Some("any_of = [\"plane\"]"))],
            SURVEY,
            "`why-car`",
            "a condition that can never match",
        ),
        (
            vec![(SURVEY, "id = \"district\"", Some("id = \"safe\""))],
            SURVEY,
            "`safe`",
            "two questions with one id",
        ),
        (
            vec![(SURVEY, "max = 2", Some("min = 3\nmax = 2"))],
            SURVEY,
            "`priorities`",
            "min above max",
        ),
        (
            vec![(
                SURVEY,
                "type = \"short_text\"",
                Some("type = \"short_text\"\nmax_chars = 99999"),
            )],
            SURVEY,
            "`name-a-street`",
            "a text limit above the ceiling",
        ),
        (
            vec![(SURVEY, "2026-11-01", Some("1/11/2026"))],
            SURVEY,
            "opened_on",
            "a malformed date",
        ),
        (
            vec![(SURVEY, "results = \"public\"", Some("results = \"secret\""))],
            SURVEY,
            SURVEY,
            "unknown visibility",
        ),
        (
            vec![(SURVEY, "", Some("\ncolour = \"red\"\n"))],
            SURVEY,
            "colour",
            "an unknown setting",
        ),
        (vec![(SURVEY, "", None)], SURVEY, SURVEY, "no survey.toml"),
        (
            vec![("fr.toml", ", car = \"En voiture\"", Some(""))],
            "fr.toml",
            "`transport`",
            "a choice without its label in one language",
        ),
        (
            vec![(
                "en.toml",
                "car = 'By \"car\"'",
                Some("car = 'By \"car\"', plane = \"Plane\""),
            )],
            "en.toml",
            "`transport`",
            "a label for a choice that is not offered",
        ),
        (
            vec![("fr.toml", "good = \"Bon\"", Some("good = \"\""))],
            "fr.toml",
            "`streets`",
            "an empty matrix column label",
        ),
        (
            vec![(
                "fr.toml",
                "rows = { safety = \"Sécurité\", noise = \"Bruit\" }",
                Some("rows = { safety = \"Sécurité\" }"),
            )],
            "fr.toml",
            "`streets`",
            "a matrix row without its label",
        ),
        (
            vec![("fr.toml", "low = \"Pas du tout\"\n", Some(""))],
            "fr.toml",
            "`satisfaction`",
            "a rating without the name of its low end",
        ),
        (
            vec![(
                "fr.toml",
                "[questions.safe]\ntext = \"Vous sentez-vous en sécurité ?\"\n",
                Some(""),
            )],
            "fr.toml",
            "`safe`",
            "a question without its text in one language",
        ),
        (
            vec![("en.toml", "", Some("\n[questions.ghost]\ntext = \"Boo?\"\n"))],
            "en.toml",
            "`ghost`",
            "a text for a question that does not exist",
        ),
        (
            vec![(
                "en.toml",
                "help = \"Pick the one you use most.\"",
                Some("low = \"Slow\""),
            )],
            "en.toml",
            "`transport`",
            "end labels on a choice question",
        ),
        (
            vec![("fr.toml", "[sections.ratings]\ntitle = \"Votre rue\"\n", Some(""))],
            "fr.toml",
            "`ratings`",
            "a section without its title in one language",
        ),
        (
            vec![("fr.toml", "", Some("\ntitle = \"again\"\n"))],
            "fr.toml",
            "fr.toml",
            "invalid TOML",
        ),
        (vec![("en.toml", "", None)], "en.toml", "English", "no English"),
        (
            vec![("de.toml", "", Some(STREETS_EN))],
            "de.toml",
            "de.toml",
            "an unknown language",
        ),
    ];
    for (edits, file, named, why) in cases {
        let error = loaded_with(&edits).expect_err(why);
        let path = format!("{PUBLIC}/{file}: ");
        assert!(
            error.contains(&path),
            "{why}: the message does not name {file}: {error}"
        );
        if named.starts_with('`') {
            let question = format!("{path}question {named}");
            let section = format!("{path}section {named}");
            assert!(
                error.contains(&question) || error.contains(&section),
                "{why}: {named} is not named: {error}"
            );
        } else {
            assert!(error.contains(named), "{why}: {named} is not named: {error}");
        }
    }
}

#[test]
fn a_malformed_folder_name_is_refused_and_every_problem_is_told_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let broken_french = STREETS_FR.replace("good = \"Bon\"", "");
    let broken_structure = STREETS_STRUCTURE.replace("type = \"dropdown\"", "type = \"slider\"");
    let content = write_surveys(
        dir.path(),
        &[
            ("Bad_Slug/survey.toml", STREETS_STRUCTURE),
            ("Bad_Slug/en.toml", STREETS_EN),
            ("a/survey.toml", &broken_structure),
            ("a/en.toml", STREETS_EN),
            ("b/survey.toml", STREETS_STRUCTURE),
            ("b/en.toml", STREETS_EN),
            ("b/fr.toml", &broken_french),
        ],
    );

    let error = format!("{:#}", load(&content).unwrap_err());

    assert!(error.contains("Bad_Slug"), "{error}");
    assert!(
        error.contains("a/survey.toml: question `district`: unknown type `slider`"),
        "{error}"
    );
    assert!(error.contains("b/fr.toml: question `streets`"), "{error}");
}

#[tokio::test]
async fn the_server_refuses_to_start_on_a_broken_survey() {
    let mut setup = crate::helpers::setup();
    let broken = STREETS_STRUCTURE.replace("any_of = [\"car\"]", "any_of = [\"plane\"]");
    setup.config.content = write_surveys(setup.dir(), &[("x/survey.toml", &broken), ("x/en.toml", STREETS_EN)]);

    let error = match Application::build(setup.config).await {
        Ok(_) => panic!("the server started"),
        Err(error) => format!("{error:#}"),
    };

    assert!(error.contains("x/survey.toml: question `why-car`"), "{error}");
}

#[tokio::test]
async fn a_restart_keeps_answers_follows_changes_and_never_drops_an_answered_survey() {
    let app = surveys_setup().spawn().await;
    app.store_response(
        PUBLIC,
        "counted",
        json!({"transport": {"type": "choice", "value": "walk"}}),
    )
    .await;
    let id = |pool: civic_server::db::Pool| async move {
        sqlx::query_scalar::<_, i64>("SELECT id FROM surveys WHERE slug = $1")
            .bind(PUBLIC)
            .fetch_one(&pool)
            .await
            .unwrap()
    };
    let before = id(app.pool.clone()).await;
    let folder = app.setup_again().config.content.join("surveys").join(PUBLIC);
    std::fs::remove_file(folder.join("fr.toml")).unwrap();
    std::fs::write(folder.join("en.toml"), STREETS_EN.replace("Our streets", "Our roads")).unwrap();

    let again = app.setup_again().spawn().await;

    assert_eq!(id(again.pool.clone()).await, before);
    let survey: civic_api::survey::Survey = again
        .get(&format!("/api/surveys/{PUBLIC}?locale=fr"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!((survey.locale, survey.title.as_str()), (Locale::En, "Our roads"));
    assert_eq!(survey.languages, [Locale::En]);
    let results: civic_api::survey::SurveyResults = again
        .get(&format!("/api/surveys/{PUBLIC}/results"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(results.responses, 1);

    std::fs::remove_dir_all(&folder).unwrap();
    let error = match Application::build(app.setup_again().config).await {
        Ok(_) => panic!("the server started without an answered survey"),
        Err(error) => format!("{error:#}"),
    };
    assert!(
        error.contains(&format!(
            "content/surveys/{PUBLIC} is gone but 1 responses to it are stored"
        )),
        "{error}"
    );
}
