use proptest::prelude::*;

use super::fixture::{choice, matrix, request, required_answers, slug, survey, ticks};
use crate::survey::{Answer, Answers, Limit, QuestionKind, RATING, SCALE, answer_field};
use crate::{FieldError, FieldErrors};

fn refusals(answers: Answers) -> FieldErrors {
    survey().validate(&request(answers)).unwrap_err()
}

fn with(id: &str, answer: Answer) -> Answers {
    let mut answers = required_answers();
    answers.insert(slug(id), answer);
    answers
}

fn field(id: &str) -> String {
    answer_field(&slug(id))
}

#[test]
fn the_required_answers_alone_are_accepted() {
    let valid = survey().validate(&request(required_answers())).unwrap();
    assert_eq!(valid.answers, required_answers());
    assert_eq!(valid.email, None);
    assert_eq!(valid.invitation, None);
}

#[test]
fn every_question_answered_is_accepted() {
    let mut answers = with("transport", choice("car"));
    answers.insert(slug("why-car"), Answer::Text("No bus at night".into()));
    answers.insert(slug("member"), Answer::YesNo(true));
    answers.insert(slug("member-since"), Answer::Text("2019".into()));
    answers.insert(slug("priorities"), ticks(&["b", "a"]));
    answers.insert(slug("pick"), choice("y"));
    answers.insert(slug("satisfaction"), Answer::Number(5));
    answers.insert(slug("name"), Answer::Text("Ana".into()));
    let valid = survey().validate(&request(answers)).unwrap();
    assert_eq!(valid.answers.len(), 10);
    assert_eq!(
        valid.answers[&slug("priorities")],
        ticks(&["a", "b"]),
        "kept in the survey's order"
    );
}

#[test]
fn every_refusal_is_reported_at_once_under_its_field() {
    let mut answers = Answers::from([
        (slug("transport"), choice("plane")),
        (slug("satisfaction"), Answer::Number(6)),
        (slug("name"), Answer::Text("x".repeat(21))),
        (slug("nonsense"), Answer::YesNo(true)),
    ]);
    answers.insert(slug("pick"), Answer::YesNo(false));
    let mut sent = request(answers);
    sent.idempotency_key = "short".into();
    sent.locale = None;
    let errors = survey().validate(&sent).unwrap_err();
    let expected = FieldErrors::from([
        ("idempotency_key".to_owned(), FieldError::TooShort),
        ("locale".to_owned(), FieldError::Required),
        (field("transport"), FieldError::Invalid),
        (field("satisfaction"), FieldError::Invalid),
        (field("name"), FieldError::TooLong),
        (field("nonsense"), FieldError::Invalid),
        (field("pick"), FieldError::Invalid),
        (field("recommend"), FieldError::Required),
        (field("streets"), FieldError::Required),
    ]);
    assert_eq!(errors, expected);
}

#[test]
fn each_wrong_answer_is_refused_with_its_reason() {
    let cases = [
        (
            "transport",
            choice("plane"),
            FieldError::Invalid,
            "a choice not offered",
        ),
        (
            "transport",
            ticks(&["bus"]),
            FieldError::Invalid,
            "ticks for a single choice",
        ),
        ("pick", choice("z"), FieldError::Invalid, "a dropdown entry not offered"),
        ("recommend", Answer::Number(11), FieldError::Invalid, "above the scale"),
        (
            "satisfaction",
            Answer::Number(0),
            FieldError::Invalid,
            "below the rating",
        ),
        (
            "satisfaction",
            Answer::Text("5".into()),
            FieldError::Invalid,
            "a number as text",
        ),
        ("member", choice("yes"), FieldError::Invalid, "yes as a choice"),
        (
            "priorities",
            ticks(&["a", "b", "c"]),
            FieldError::TooLong,
            "more ticks than max",
        ),
        (
            "priorities",
            ticks(&["a", "a"]),
            FieldError::Invalid,
            "the same tick twice",
        ),
        (
            "priorities",
            ticks(&["a", "e"]),
            FieldError::Invalid,
            "a tick not offered",
        ),
        (
            "name",
            Answer::Text("é".repeat(21)),
            FieldError::TooLong,
            "over max_chars",
        ),
        (
            "streets",
            matrix(&[("safety", "good")]),
            FieldError::Required,
            "a required matrix row missing",
        ),
        (
            "streets",
            matrix(&[("safety", "good"), ("noise", "awful")]),
            FieldError::Invalid,
            "unknown column",
        ),
        (
            "streets",
            matrix(&[("safety", "good"), ("noise", "good"), ("light", "good")]),
            FieldError::Invalid,
            "unknown row",
        ),
        (
            "why-car",
            Answer::Text("hidden".into()),
            FieldError::Invalid,
            "a question hidden by its condition",
        ),
        (
            "member-since",
            Answer::Text("2019".into()),
            FieldError::Invalid,
            "a condition never answered",
        ),
    ];
    for (id, answer, expected, why) in cases {
        let errors = refusals(with(id, answer));
        assert_eq!(errors, FieldErrors::from([(field(id), expected)]), "{why}");
    }
}

#[test]
fn fewer_ticks_than_min_are_too_short() {
    let mut definition = survey();
    for question in definition
        .sections
        .iter_mut()
        .flat_map(|section| section.questions.iter_mut())
    {
        if let QuestionKind::MultipleChoice { min, .. } = &mut question.kind {
            *min = Some(2);
        }
    }
    let errors = definition
        .validate(&request(with("priorities", ticks(&["c"]))))
        .unwrap_err();
    assert_eq!(errors, FieldErrors::from([(field("priorities"), FieldError::TooShort)]));
}

#[test]
fn blank_answers_count_as_unanswered() {
    let mut answers = with("name", Answer::Text("   \n".into()));
    answers.insert(slug("priorities"), ticks(&[]));
    answers.insert(slug("member-since"), Answer::Text(" ".into()));
    let valid = survey().validate(&request(answers)).unwrap();
    assert_eq!(valid.answers, required_answers());

    let errors = refusals(with("streets", matrix(&[])));
    assert_eq!(errors, FieldErrors::from([(field("streets"), FieldError::Required)]));
}

#[test]
fn texts_are_trimmed_before_counting_and_keeping() {
    let padded = format!("  {}  ", "x".repeat(20));
    let valid = survey().validate(&request(with("name", Answer::Text(padded)))).unwrap();
    assert_eq!(valid.answers[&slug("name")], Answer::Text("x".repeat(20)));
}

#[test]
fn a_condition_met_shows_its_question() {
    let mut answers = with("member", Answer::YesNo(true));
    answers.insert(slug("member-since"), Answer::Text("2020".into()));
    assert!(survey().validate(&request(answers)).is_ok());
}

#[test]
fn an_email_is_required_and_parsed_only_when_the_survey_is_limited_by_email() {
    let mut definition = survey();
    definition.limit = Limit::Email;
    let errors = definition.validate(&request(required_answers())).unwrap_err();
    assert_eq!(errors, FieldErrors::from([("email".to_owned(), FieldError::Required)]));

    let mut sent = request(required_answers());
    sent.email = Some("not an address".into());
    assert_eq!(
        definition.validate(&sent).unwrap_err(),
        FieldErrors::from([("email".to_owned(), FieldError::Invalid)])
    );

    sent.email = Some(" Ana@Example.ORG ".into());
    assert_eq!(
        definition.validate(&sent).unwrap().email.unwrap().as_str(),
        "Ana@example.org"
    );

    let anonymous = survey().validate(&sent).unwrap();
    assert_eq!(anonymous.email, None, "an anonymous survey never keeps an address");
}

#[test]
fn an_invitation_is_required_only_when_the_survey_is_by_invitation() {
    let mut definition = survey();
    definition.limit = Limit::Invitation;
    let mut sent = request(required_answers());
    sent.invitation = Some("  ".into());
    let errors = definition.validate(&sent).unwrap_err();
    assert_eq!(
        errors,
        FieldErrors::from([("invitation".to_owned(), FieldError::Required)])
    );

    sent.invitation = Some(" i.abc ".into());
    assert_eq!(definition.validate(&sent).unwrap().invitation.as_deref(), Some("i.abc"));
    assert_eq!(survey().validate(&sent).unwrap().invitation, None);
}

fn any_answer() -> impl Strategy<Value = Answer> {
    let id = "[a-z]{1,6}".prop_map(|id| slug(&id));
    prop_oneof![
        "\\PC{0,30}".prop_map(Answer::Text),
        id.clone().prop_map(Answer::Choice),
        prop::collection::vec(id.clone(), 0..5).prop_map(Answer::Choices),
        any::<bool>().prop_map(Answer::YesNo),
        any::<u8>().prop_map(Answer::Number),
        prop::collection::btree_map(id.clone(), id, 0..4).prop_map(Answer::Matrix),
    ]
}

fn question_id() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "transport",
        "why-car",
        "member",
        "priorities",
        "pick",
        "satisfaction",
        "recommend",
        "streets",
        "name",
        "member-since",
        "other",
    ])
    .prop_map(str::to_owned)
}

proptest! {
    #[test]
    fn numbers_are_accepted_exactly_inside_the_scale(number in any::<u8>()) {
        let result = survey().validate(&request(with("recommend", Answer::Number(number))));
        prop_assert_eq!(result.is_ok(), SCALE.contains(&number));
    }

    #[test]
    fn numbers_are_accepted_exactly_inside_the_rating(number in any::<u8>()) {
        let result = survey().validate(&request(with("satisfaction", Answer::Number(number))));
        match result {
            Ok(valid) => {
                prop_assert!(RATING.contains(&number));
                prop_assert_eq!(&valid.answers[&slug("satisfaction")], &Answer::Number(number));
            }
            Err(errors) => {
                prop_assert!(!RATING.contains(&number));
                prop_assert_eq!(errors, FieldErrors::from([(field("satisfaction"), FieldError::Invalid)]));
            }
        }
    }

    #[test]
    fn a_choice_not_offered_is_refused(id in "[a-z]{1,8}") {
        let offered = ["walk", "bike", "bus", "car"].contains(&id.as_str());
        let result = survey().validate(&request(with("transport", choice(&id))));
        prop_assert_eq!(result.is_ok(), offered);
    }

    #[test]
    fn any_tick_not_offered_is_refused(ids in prop::collection::btree_set("[a-e]", 1..3)) {
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        let result = survey().validate(&request(with("priorities", ticks(&ids))));
        prop_assert_eq!(result.is_ok(), !ids.contains(&"e"));
    }

    #[test]
    fn any_subset_within_min_and_max_is_accepted(mask in 1u8..16) {
        let ids: Vec<&str> = ["a", "b", "c", "d"].into_iter().enumerate().filter(|(i, _)| mask & (1 << i) != 0).map(|(_, id)| id).collect();
        let result = survey().validate(&request(with("priorities", ticks(&ids))));
        prop_assert_eq!(result.is_ok(), (1..=2).contains(&ids.len()));
    }

    #[test]
    fn validate_never_panics_and_keeps_only_shown_questions(
        answers in prop::collection::btree_map(question_id(), any_answer(), 0..5)
    ) {
        let definition = survey();
        // Over the required answers, so that some random responses pass.
        let mut all = required_answers();
        all.extend(answers.into_iter().map(|(id, answer)| (slug(&id), answer)));
        let answers = all;
        if let Ok(valid) = definition.validate(&request(answers)) {
            for id in valid.answers.keys() {
                let question = definition.question(id).expect("only known questions are kept");
                prop_assert!(definition.is_shown(question, &valid.answers));
            }
            prop_assert_eq!(definition.validate(&request(valid.answers.clone())).map(|again| again.answers), Ok(valid.answers));
        }
    }

    #[test]
    fn answers_to_hidden_questions_are_refused(text in "\\PC*[a-z]\\PC*", transport in prop::sample::select(vec!["walk", "bike", "bus"])) {
        let mut answers = with("transport", choice(transport));
        answers.insert(slug("why-car"), Answer::Text(text));
        let errors = refusals(answers);
        prop_assert_eq!(errors, FieldErrors::from([(field("why-car"), FieldError::Invalid)]));
    }
}

#[test]
fn a_text_answer_with_a_control_character_is_refused() {
    let errors = refusals(with("name", Answer::Text("Ana\u{0}".into())));
    assert_eq!(errors, FieldErrors::from([(field("name"), FieldError::Invalid)]));
}
