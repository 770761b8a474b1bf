use proptest::prelude::*;

use crate::Locale;
use crate::survey::validate::fixture::{choice, matrix, request, required_answers, slug, survey, ticks};
use crate::survey::{Answer, Answers, OptionCount, QuestionResult, ResultCounts, tally};

fn result<'a>(results: &'a [QuestionResult], id: &str) -> &'a QuestionResult {
    results.iter().find(|result| result.id.as_str() == id).unwrap()
}

fn counts(result: &QuestionResult) -> Vec<(String, u64)> {
    match &result.counts {
        ResultCounts::Options { options } => options.iter().map(|o| (o.id.to_string(), o.count)).collect(),
        other => panic!("not options: {other:?}"),
    }
}

fn responses() -> Vec<Answers> {
    let mut first = required_answers();
    first.insert(slug("transport"), choice("car"));
    first.insert(slug("why-car"), Answer::Text("No night bus".into()));
    first.insert(slug("member"), Answer::YesNo(true));
    first.insert(slug("priorities"), ticks(&["a", "c"]));
    first.insert(slug("satisfaction"), Answer::Number(4));
    let mut second = required_answers();
    second.insert(slug("member"), Answer::YesNo(false));
    second.insert(slug("priorities"), ticks(&["c"]));
    second.insert(slug("satisfaction"), Answer::Number(1));
    second.insert(slug("recommend"), Answer::Number(10));
    second.insert(slug("streets"), matrix(&[("safety", "good"), ("noise", "poor")]));
    // Stored before the condition was changed: must not count.
    second.insert(slug("why-car"), Answer::Text("hidden".into()));
    vec![first, second, required_answers()]
}

#[test]
fn every_question_is_counted_in_the_surveys_order() {
    let results = tally(&survey(), &responses());
    assert_eq!(results.responses, 3);
    assert_eq!(results.title, "Test survey");
    let ids: Vec<&str> = results.questions.iter().map(|result| result.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "transport",
            "why-car",
            "member",
            "priorities",
            "pick",
            "satisfaction",
            "recommend",
            "streets",
            "name",
            "member-since"
        ]
    );
}

#[test]
fn options_count_every_choice_including_the_unchosen() {
    let results = tally(&survey(), &responses());
    let transport = result(&results.questions, "transport");
    assert_eq!(transport.answered, 3);
    let expected = [("walk", 0), ("bike", 0), ("bus", 2), ("car", 1)].map(|(id, n)| (id.to_owned(), n));
    assert_eq!(counts(transport), expected);

    let priorities = result(&results.questions, "priorities");
    assert_eq!(priorities.answered, 2);
    assert_eq!(
        counts(priorities),
        [("a", 1), ("b", 0), ("c", 2), ("d", 0)].map(|(id, n)| (id.to_owned(), n))
    );
    assert_eq!(result(&results.questions, "pick").answered, 0);
}

#[test]
fn yes_and_no_are_labelled_in_the_surveys_language() {
    let mut definition = survey();
    definition.locale = Locale::Fr;
    let results = tally(&definition, &responses());
    let ResultCounts::Options { options } = &result(&results.questions, "member").counts else {
        panic!("yes/no counts options")
    };
    let expected = [("yes", "Oui", 1), ("no", "Non", 1)].map(|(id, label, count)| OptionCount {
        id: slug(id),
        label: label.to_owned(),
        count,
    });
    assert_eq!(options.as_slice(), expected.as_slice());
}

#[test]
fn ratings_and_scales_count_a_distribution_with_its_mean() {
    let results = tally(&survey(), &responses());
    let ResultCounts::Distribution {
        min,
        max,
        counts,
        mean,
        low,
        ..
    } = &result(&results.questions, "satisfaction").counts
    else {
        panic!("a rating is a distribution")
    };
    assert_eq!((*min, *max, low.as_str()), (1, 5, "Bad"));
    assert_eq!(counts, &[1, 0, 0, 1, 0]);
    assert_eq!(*mean, Some(2.5));

    let ResultCounts::Distribution { counts, mean, .. } = &result(&results.questions, "recommend").counts else {
        panic!("a scale is a distribution")
    };
    assert_eq!(counts, &[0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 1]);
    assert_eq!(*mean, Some(8.0));
}

#[test]
fn a_matrix_counts_each_row_on_the_columns() {
    let results = tally(&survey(), &responses());
    let streets = result(&results.questions, "streets");
    assert_eq!(streets.answered, 3);
    let ResultCounts::Matrix { columns, rows } = &streets.counts else {
        panic!("matrix")
    };
    assert_eq!(columns.len(), 3);
    assert_eq!(rows[0].id.as_str(), "safety");
    assert_eq!(rows[0].counts, [0, 2, 1]);
    assert_eq!(rows[1].counts, [3, 0, 0]);
}

#[test]
fn free_text_publishes_only_how_many_answered_and_hidden_answers_count_nothing() {
    let results = tally(&survey(), &responses());
    let why = result(&results.questions, "why-car");
    assert_eq!(why.answered, 1);
    assert_eq!(why.counts, ResultCounts::FreeText);
    assert!(!written_answers_appear_in(&results));
}

fn written_answers_appear_in(results: &crate::survey::SurveyResults) -> bool {
    let json = serde_json::to_string(results).unwrap();
    json.contains("No night bus") || json.contains("hidden")
}

#[test]
fn nobody_answering_gives_zeros_and_no_mean() {
    let results = tally(&survey(), &[]);
    assert_eq!(results.responses, 0);
    assert!(results.questions.iter().all(|result| result.answered == 0));
    let ResultCounts::Distribution { mean, counts, .. } = &result(&results.questions, "recommend").counts else {
        panic!("a scale is a distribution")
    };
    assert_eq!((mean, counts.iter().sum::<u64>()), (&None, 0));
}

fn valid_response() -> impl Strategy<Value = Answers> {
    (
        prop::sample::select(vec!["walk", "bike", "bus", "car"]),
        0u8..=10,
        prop::option::of(1u8..=5),
        prop::option::of(any::<bool>()),
        prop::sample::subsequence(vec!["a", "b", "c", "d"], 0..=2),
    )
        .prop_map(|(transport, recommend, satisfaction, member, priorities)| {
            let mut answers = required_answers();
            answers.insert(slug("transport"), choice(transport));
            answers.insert(slug("recommend"), Answer::Number(recommend));
            if let Some(number) = satisfaction {
                answers.insert(slug("satisfaction"), Answer::Number(number));
            }
            if let Some(yes) = member {
                answers.insert(slug("member"), Answer::YesNo(yes));
            }
            answers.insert(slug("priorities"), ticks(&priorities));
            survey().validate(&request(answers)).expect("a valid response").answers
        })
}

proptest! {
    #[test]
    fn counts_of_single_answers_sum_to_how_many_answered(responses in prop::collection::vec(valid_response(), 0..20)) {
        let results = tally(&survey(), &responses);
        prop_assert_eq!(results.responses, responses.len() as u64);
        for question in &results.questions {
            prop_assert!(question.answered <= results.responses);
            let sum: u64 = match &question.counts {
                ResultCounts::Options { options } => options.iter().map(|option| option.count).sum(),
                ResultCounts::Distribution { counts, .. } => counts.iter().sum(),
                ResultCounts::Matrix { rows, .. } => rows.iter().map(|row| row.counts.iter().sum::<u64>()).sum(),
                ResultCounts::FreeText => question.answered,
            };
            match question.id.as_str() {
                "priorities" => prop_assert!(sum >= question.answered && sum <= 2 * question.answered),
                "streets" => prop_assert_eq!(sum, 2 * question.answered),
                _ => prop_assert_eq!(sum, question.answered),
            }
        }
    }
}
