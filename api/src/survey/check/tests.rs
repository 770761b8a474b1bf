use crate::survey::validate::fixture::{choices, question, shown_if, slug, survey};
use crate::survey::{Choice, Question, QuestionKind, Section, Survey, TEXT_MAX_CEILING};

/// The problems of the fixture survey with `question` added at the end.
fn problems_with(question: Question) -> Vec<String> {
    let mut definition = survey();
    definition.sections[1].questions.push(question);
    problems(&definition)
}

fn problems(definition: &Survey) -> Vec<String> {
    definition.check().iter().map(ToString::to_string).collect()
}

fn multiple(min: Option<u32>, max: Option<u32>) -> QuestionKind {
    QuestionKind::MultipleChoice {
        choices: choices(&["a", "b", "c"]),
        min,
        max,
    }
}

#[test]
fn the_fixture_survey_is_accepted() {
    assert_eq!(problems(&survey()), Vec::<String>::new());
}

#[test]
fn each_broken_question_is_refused_naming_it() {
    let one_choice = QuestionKind::SingleChoice {
        choices: choices(&["only"]),
    };
    let twice = QuestionKind::Dropdown {
        choices: choices(&["a", "a"]),
    };
    let mut unlabelled = choices(&["a", "b"]);
    unlabelled[1].label = " ".into();
    let mut untitled = question("x", false, QuestionKind::YesNo);
    untitled.text = String::new();
    let cases = [
        (
            question("x", false, QuestionKind::SingleChoice { choices: vec![] }),
            "choices needs at least 2, found 0",
        ),
        (question("x", false, one_choice), "choices needs at least 2, found 1"),
        (question("x", false, twice), "choices: `a` appears twice"),
        (
            question("x", false, QuestionKind::SingleChoice { choices: unlabelled }),
            "choices: `b` has an empty label",
        ),
        (
            question("x", false, multiple(Some(3), Some(2))),
            "min (3) is above max (2)",
        ),
        (
            question("x", false, multiple(None, Some(4))),
            "max (4) is above the number of choices (3)",
        ),
        (
            question("x", false, multiple(Some(4), None)),
            "min (4) is above the number of choices (3)",
        ),
        (
            question("x", true, multiple(Some(0), None)),
            "a required question needs min of at least 1",
        ),
        (question("x", false, multiple(None, Some(0))), "max must be at least 1"),
        (
            question("x", false, QuestionKind::ShortText { max_chars: 0 }),
            "max_chars must be between 1 and 5000, not 0",
        ),
        (
            question(
                "x",
                false,
                QuestionKind::LongText {
                    max_chars: TEXT_MAX_CEILING + 1,
                },
            ),
            "max_chars must be between 1 and 5000, not 5001",
        ),
        (
            question(
                "x",
                false,
                QuestionKind::Rating {
                    low: "".into(),
                    high: "Good".into(),
                },
            ),
            "the low and high labels must not be empty",
        ),
        (
            question(
                "x",
                false,
                QuestionKind::Matrix {
                    rows: vec![],
                    columns: choices(&["a", "b"]),
                },
            ),
            "rows needs at least 1, found 0",
        ),
        (
            question(
                "x",
                false,
                QuestionKind::Matrix {
                    rows: choices(&["r"]),
                    columns: choices(&["a"]),
                },
            ),
            "columns needs at least 2, found 1",
        ),
        (untitled, "the question's text is empty"),
        (
            question("name", false, QuestionKind::YesNo),
            "the id is used by an earlier question",
        ),
    ];
    for (broken, problem) in cases {
        let id = broken.id.clone();
        assert_eq!(
            problems_with(broken),
            [format!("question `{id}`: {problem}")],
            "{problem}"
        );
    }
}

#[test]
fn a_question_left_valid_is_accepted() {
    for fine in [
        question("x", true, multiple(Some(1), Some(3))),
        question("x", false, multiple(Some(0), None)),
        question(
            "x",
            false,
            QuestionKind::LongText {
                max_chars: TEXT_MAX_CEILING,
            },
        ),
        question(
            "x",
            false,
            QuestionKind::Matrix {
                rows: choices(&["r"]),
                columns: choices(&["a", "b"]),
            },
        ),
    ] {
        assert_eq!(problems_with(fine), Vec::<String>::new());
    }
}

#[test]
fn conditions_must_look_back_at_a_question_that_can_match() {
    let yes_no = || question("x", false, QuestionKind::YesNo);
    let cases = [
        (
            shown_if(yes_no(), "nowhere", &["yes"]),
            "show_if points at `nowhere`, which is not a question of this survey",
        ),
        (
            shown_if(yes_no(), "x", &["yes"]),
            "show_if points at the question itself",
        ),
        (
            shown_if(yes_no(), "name", &["yes"]),
            "show_if points at `name`, a short_text question, whose answers cannot be matched",
        ),
        (
            shown_if(yes_no(), "streets", &["good"]),
            "show_if points at `streets`, a matrix question, whose answers cannot be matched",
        ),
        (
            shown_if(yes_no(), "transport", &[]),
            "show_if lists no values in any_of, so the question could never be shown",
        ),
        (
            shown_if(yes_no(), "transport", &["car", "plane"]),
            "show_if value `plane` can never be an answer to `transport`",
        ),
        (
            shown_if(yes_no(), "member", &["true"]),
            "show_if value `true` can never be an answer to `member`",
        ),
        (
            shown_if(yes_no(), "satisfaction", &["6"]),
            "show_if value `6` can never be an answer to `satisfaction`",
        ),
        (
            shown_if(yes_no(), "recommend", &["eleven"]),
            "show_if value `eleven` can never be an answer to `recommend`",
        ),
        (
            shown_if(yes_no(), "priorities", &["e"]),
            "show_if value `e` can never be an answer to `priorities`",
        ),
    ];
    for (broken, problem) in cases {
        assert_eq!(problems_with(broken), [format!("question `x`: {problem}")], "{problem}");
    }
    for fine in [
        shown_if(yes_no(), "recommend", &["0", "10"]),
        shown_if(yes_no(), "satisfaction", &["1", "5"]),
        shown_if(yes_no(), "priorities", &["d"]),
        shown_if(yes_no(), "pick", &["x"]),
        shown_if(yes_no(), "member", &["no"]),
    ] {
        assert_eq!(problems_with(fine), Vec::<String>::new());
    }
}

#[test]
fn a_condition_pointing_at_a_later_question_is_refused() {
    let mut definition = survey();
    let early = shown_if(question("early", false, QuestionKind::YesNo), "recommend", &["5"]);
    definition.sections[0].questions.insert(0, early);
    assert_eq!(
        problems(&definition),
        ["question `early`: show_if points at `recommend`, which comes later; conditions look back only"]
    );
}

#[test]
fn sections_and_survey_texts_are_checked() {
    let mut definition = survey();
    definition.title = " ".into();
    definition.opened_on = "2026-13-01".into();
    definition.sections[1].id = slug("about");
    definition.sections[1].intro = Some(String::new());
    definition.sections.push(Section {
        id: slug("empty"),
        title: String::new(),
        intro: None,
        questions: vec![],
    });
    assert_eq!(
        problems(&definition),
        [
            "the survey's title is empty",
            "opened_on `2026-13-01` is not a YYYY-MM-DD date",
            "section `about` appears twice",
            "section `about` has an empty intro",
            "section `empty` has an empty title",
            "section `empty` has no questions",
        ]
    );

    definition.sections.clear();
    assert!(problems(&definition).contains(&"the survey has no sections".to_owned()));
}

#[test]
fn dates_must_be_written_in_full() {
    for bad in [
        "",
        "2026-1-20",
        "20-11-2026",
        "2026-11-32",
        "2026/11/20",
        "2026-11-20T00:00",
    ] {
        let mut definition = survey();
        definition.opened_on = bad.into();
        assert_eq!(definition.check().len(), 1, "{bad:?}");
    }
}

#[test]
fn every_problem_is_reported_not_only_the_first() {
    let mut broken = question(
        "x",
        false,
        QuestionKind::Dropdown {
            choices: vec![Choice {
                id: slug("a"),
                label: String::new(),
            }],
        },
    );
    broken.help = Some(" ".into());
    assert_eq!(
        problems_with(broken),
        [
            "question `x`: the help text is empty",
            "question `x`: choices needs at least 2, found 1",
            "question `x`: choices: `a` has an empty label",
        ]
    );
}
