//! A survey holding every question type and both kinds of condition, shared
//! by the tests of `check`, `validate` and `tally`.

use crate::survey::{Answer, Answers, Choice, Limit, Question, QuestionKind, ResponseRequest, Section, ShowIf, Survey};
use crate::{Locale, Slug};

pub fn slug(id: &str) -> Slug {
    Slug::parse(id).unwrap()
}

pub fn choices(ids: &[&str]) -> Vec<Choice> {
    ids.iter()
        .map(|id| Choice {
            id: slug(id),
            label: format!("Label {id}"),
        })
        .collect()
}

pub fn question(id: &str, required: bool, kind: QuestionKind) -> Question {
    Question {
        id: slug(id),
        text: format!("Text of {id}?"),
        help: None,
        required,
        show_if: None,
        kind,
    }
}

pub fn shown_if(mut question: Question, target: &str, any_of: &[&str]) -> Question {
    question.show_if = Some(ShowIf {
        question: slug(target),
        any_of: any_of.iter().map(|value| (*value).to_owned()).collect(),
    });
    question
}

/// `transport` (required single choice) → `why-car` when `car`; `member`
/// (yes/no) → `member-since` when `yes`; `priorities` 1 to 2 of 4;
/// `recommend` (required scale); `streets` (required matrix).
pub fn survey() -> Survey {
    let about = vec![
        question(
            "transport",
            true,
            QuestionKind::SingleChoice {
                choices: choices(&["walk", "bike", "bus", "car"]),
            },
        ),
        shown_if(
            question("why-car", false, QuestionKind::LongText { max_chars: 100 }),
            "transport",
            &["car"],
        ),
        question("member", false, QuestionKind::YesNo),
        question(
            "priorities",
            false,
            QuestionKind::MultipleChoice {
                choices: choices(&["a", "b", "c", "d"]),
                min: Some(1),
                max: Some(2),
            },
        ),
        question(
            "pick",
            false,
            QuestionKind::Dropdown {
                choices: choices(&["x", "y"]),
            },
        ),
    ];
    let opinions = vec![
        question(
            "satisfaction",
            false,
            QuestionKind::Rating {
                low: "Bad".into(),
                high: "Good".into(),
            },
        ),
        question(
            "recommend",
            true,
            QuestionKind::Scale {
                low: "Never".into(),
                high: "Surely".into(),
            },
        ),
        question(
            "streets",
            true,
            QuestionKind::Matrix {
                rows: choices(&["safety", "noise"]),
                columns: choices(&["poor", "fair", "good"]),
            },
        ),
        question("name", false, QuestionKind::ShortText { max_chars: 20 }),
        shown_if(
            question("member-since", false, QuestionKind::ShortText { max_chars: 20 }),
            "member",
            &["yes"],
        ),
    ];
    Survey {
        slug: slug("test-survey"),
        locale: Locale::En,
        title: "Test survey".into(),
        summary: "A survey for tests.".into(),
        thanks: "Thank you.".into(),
        sections: vec![
            Section {
                id: slug("about"),
                title: "About you".into(),
                intro: None,
                questions: about,
            },
            Section {
                id: slug("opinions"),
                title: "Your opinions".into(),
                intro: None,
                questions: opinions,
            },
        ],
        limit: Limit::Anonymous,
        results_public: true,
        closed: false,
        opened_on: "2026-11-20".into(),
        languages: vec![Locale::En],
    }
}

pub fn choice(id: &str) -> Answer {
    Answer::Choice(slug(id))
}

pub fn ticks(ids: &[&str]) -> Answer {
    Answer::Choices(ids.iter().map(|id| slug(id)).collect())
}

pub fn matrix(rated: &[(&str, &str)]) -> Answer {
    Answer::Matrix(rated.iter().map(|(row, column)| (slug(row), slug(column))).collect())
}

/// The fewest answers the fixture survey accepts.
pub fn required_answers() -> Answers {
    Answers::from([
        (slug("transport"), choice("bus")),
        (slug("recommend"), Answer::Number(7)),
        (slug("streets"), matrix(&[("safety", "fair"), ("noise", "poor")])),
    ])
}

pub fn request(answers: Answers) -> ResponseRequest {
    ResponseRequest {
        idempotency_key: "3f2b8c1e-4d5a-4b6c-8d7e-9f0a1b2c3d4e".into(),
        locale: Some(Locale::En),
        answers,
        email: None,
        invitation: None,
        website: String::new(),
    }
}
