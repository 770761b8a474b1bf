use super::*;
use crate::survey::validate::fixture::survey;
use crate::survey::{QuestionKind, ShowIf};

fn french() -> Survey {
    let mut french = survey();
    french.locale = Locale::Fr;
    french.title = "Comment venez-vous ?".to_owned();
    french.sections[0].questions[0].text = "Comment venez-vous au travail ?".to_owned();
    french
}

fn edit(translations: Vec<Survey>) -> SurveyEdit {
    SurveyEdit {
        version: 0,
        translations,
        idempotency_key: "0b4e7c1e-4a5b-4c8e-9f00-112233445566".to_owned(),
    }
}

#[test]
fn languages_share_one_structure_and_take_the_english_settings() {
    let mut other = french();
    other.results_public = !survey().results_public;
    other.slug = crate::Slug::parse("something-else").unwrap();
    let checked = edit(vec![other, survey()]).validate(true, "2026-12-05").unwrap();
    let english = checked.english();
    assert_eq!(english.locale, Locale::En);
    let french = &checked.translations[1];
    assert_eq!(french.title, "Comment venez-vous ?");
    assert_eq!(
        (&french.slug, french.results_public),
        (&english.slug, english.results_public)
    );
    assert!(
        checked
            .translations
            .iter()
            .all(|each| each.closed && each.opened_on == "2026-12-05")
    );
    assert_eq!(english.languages, [Locale::En, Locale::Fr]);
}

#[test]
fn another_structure_a_missing_english_or_an_unanswerable_question_is_refused() {
    let mut reordered = french();
    reordered.sections[0].questions.swap(0, 2);
    let errors = edit(vec![survey(), reordered])
        .validate(false, "2026-12-05")
        .unwrap_err();
    assert_eq!(errors.get("translations.fr"), Some(&FieldError::Invalid));

    let errors = edit(vec![french()]).validate(false, "2026-12-05").unwrap_err();
    assert_eq!(errors.get("translations"), Some(&FieldError::Required));

    let mut broken = survey();
    broken.sections[0].questions[1].show_if = Some(ShowIf {
        question: crate::Slug::parse("transport").unwrap(),
        any_of: vec!["plane".to_owned()],
    });
    broken.sections[0].questions[0].kind = QuestionKind::SingleChoice { choices: vec![] };
    broken.title = " ".to_owned();
    let errors = edit(vec![broken]).validate(false, "2026-12-05").unwrap_err();
    assert_eq!(
        errors.get("translations.en.questions.transport"),
        Some(&FieldError::Invalid)
    );
    assert_eq!(
        errors.get("translations.en.questions.why-car"),
        Some(&FieldError::Invalid)
    );
    assert_eq!(errors.get("translations.en.survey"), Some(&FieldError::Invalid));
}

#[test]
fn wording_is_not_structure() {
    assert_eq!(survey().without_texts(), french().without_texts());
    let mut required = french();
    required.sections[0].questions[2].required = !required.sections[0].questions[2].required;
    assert_ne!(survey().without_texts(), required.without_texts());
}

#[test]
fn pasted_addresses_are_read_once_each_and_every_bad_line_is_named() {
    let read =
        read_addresses("ana@example.org, bo@example.org\n# the office\n\nAna@example.org; cy@example.org\n").unwrap();
    let addresses: Vec<&str> = read.iter().map(|email| email.as_str()).collect();
    assert_eq!(addresses, ["ana@example.org", "bo@example.org", "cy@example.org"]);
    let errors = read_addresses("ana@example.org\nnot an address\nbo@\n").unwrap_err();
    assert_eq!(errors.keys().collect::<Vec<_>>(), ["addresses.2", "addresses.3"]);
    assert_eq!(
        read_addresses(" \n# nobody\n").unwrap_err().get("addresses"),
        Some(&FieldError::Required)
    );
}
