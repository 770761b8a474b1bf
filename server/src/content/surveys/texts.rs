//! `{locale}.toml`: a survey's texts in one language, joined to its
//! structure to make the `Survey` visitors get.

use std::collections::BTreeMap;

use civic_api::survey::{Choice, Question, QuestionKind, Section, Survey};
use civic_api::{Locale, Slug};
use serde::Deserialize;

use super::Problems;
use super::structure::{QuestionShape, Shape, Structure};
use crate::content::petitions::SUMMARY_MAX;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TextsFile {
    title: String,
    summary: String,
    thanks: String,
    #[serde(default)]
    sections: BTreeMap<String, SectionText>,
    #[serde(default)]
    questions: BTreeMap<String, QuestionText>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SectionText {
    title: String,
    intro: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct QuestionText {
    text: String,
    help: Option<String>,
    choices: Option<BTreeMap<String, String>>,
    rows: Option<BTreeMap<String, String>>,
    columns: Option<BTreeMap<String, String>>,
    low: Option<String>,
    high: Option<String>,
}

/// The survey in `locale`, or `None` with the reasons in `problems`.
pub fn join(
    slug: &Slug,
    locale: Locale,
    structure: &Structure,
    source: &str,
    problems: &mut Problems,
) -> Option<Survey> {
    match toml::from_str(source) {
        Ok(file) => join_file(slug, locale, structure, file, problems),
        Err(error) => {
            problems.general(error.to_string().trim_end());
            None
        }
    }
}

/// The survey with every text standing in for itself (labels are ids), so
/// that `Survey::check` can judge the structure before any language.
pub fn skeleton(slug: &Slug, structure: &Structure) -> Survey {
    let labels = |ids: &[Slug]| Some(ids.iter().map(|id| (id.to_string(), id.to_string())).collect());
    let questions = structure
        .sections
        .iter()
        .flat_map(|section| &section.questions)
        .map(|question| {
            let mut text = QuestionText {
                text: question.id.to_string(),
                help: None,
                choices: None,
                rows: None,
                columns: None,
                low: None,
                high: None,
            };
            match &question.shape {
                Shape::SingleChoice { choices }
                | Shape::MultipleChoice { choices, .. }
                | Shape::Dropdown { choices } => {
                    text.choices = labels(choices);
                }
                Shape::Matrix { rows, columns } => {
                    text.rows = labels(rows);
                    text.columns = labels(columns);
                }
                Shape::Rating | Shape::Scale => {
                    text.low = Some("low".to_owned());
                    text.high = Some("high".to_owned());
                }
                Shape::ShortText { .. } | Shape::LongText { .. } | Shape::YesNo => {}
            }
            (question.id.to_string(), text)
        })
        .collect();
    let file = TextsFile {
        title: slug.to_string(),
        summary: slug.to_string(),
        thanks: slug.to_string(),
        sections: structure
            .sections
            .iter()
            .map(|section| {
                let text = SectionText {
                    title: section.id.to_string(),
                    intro: None,
                };
                (section.id.to_string(), text)
            })
            .collect(),
        questions,
    };
    join_file(slug, Locale::DEFAULT, structure, file, &mut Problems::default())
        .expect("labels made from the structure's own ids fit it")
}

fn join_file(
    slug: &Slug,
    locale: Locale,
    structure: &Structure,
    file: TextsFile,
    problems: &mut Problems,
) -> Option<Survey> {
    let before = problems.len();
    for (field, value) in [
        ("title", &file.title),
        ("summary", &file.summary),
        ("thanks", &file.thanks),
    ] {
        if value.trim().is_empty() {
            problems.general(&format!("`{field}` is empty"));
        }
    }
    let summary_length = file.summary.trim().chars().count();
    if summary_length > SUMMARY_MAX {
        problems.general(&format!(
            "the `summary` has {summary_length} characters; at most {SUMMARY_MAX}"
        ));
    }
    let mut sections = Vec::new();
    for shape in &structure.sections {
        // Looked up, not taken: a repeated id is `Survey::check`'s to refuse.
        let Some(text) = file.sections.get(shape.id.as_str()) else {
            problems.section(shape.id.as_str(), "has no `title` in this language");
            continue;
        };
        if text.title.trim().is_empty() {
            problems.section(shape.id.as_str(), "`title` is empty");
        }
        let questions = shape
            .questions
            .iter()
            .filter_map(|question| match file.questions.get(question.id.as_str()) {
                Some(text) => join_question(question, text, problems),
                None => {
                    problems.question(question.id.as_str(), "has no `text` in this language");
                    None
                }
            })
            .collect();
        sections.push(Section {
            id: shape.id.clone(),
            title: text.title.trim().to_owned(),
            intro: non_blank(text.intro.clone()),
            questions,
        });
    }
    for unknown in file.sections.keys() {
        if !structure.sections.iter().any(|section| section.id.as_str() == unknown) {
            problems.section(unknown, "survey.toml has no such section");
        }
    }
    let questions = || structure.sections.iter().flat_map(|section| &section.questions);
    for unknown in file.questions.keys() {
        if !questions().any(|question| question.id.as_str() == unknown) {
            problems.question(unknown, "survey.toml has no such question");
        }
    }
    (problems.len() == before).then(|| Survey {
        slug: slug.clone(),
        locale,
        title: file.title.trim().to_owned(),
        summary: file.summary.trim().to_owned(),
        thanks: file.thanks.trim().to_owned(),
        sections,
        limit: structure.limit,
        results_public: structure.results_public,
        closed: structure.closed,
        opened_on: structure.opened_on.clone(),
        languages: Vec::new(),
    })
}

fn join_question(shape: &QuestionShape, text: &QuestionText, problems: &mut Problems) -> Option<Question> {
    let id = shape.id.as_str();
    let before = problems.len();
    if text.text.trim().is_empty() {
        problems.question(id, "`text` is empty");
    }
    let type_name = type_name(&shape.shape);
    let (takes, needs_labels): (&[&str], bool) = match &shape.shape {
        Shape::SingleChoice { .. } | Shape::MultipleChoice { .. } | Shape::Dropdown { .. } => (&["choices"], false),
        Shape::Matrix { .. } => (&["rows", "columns"], false),
        Shape::Rating | Shape::Scale => (&[], true),
        Shape::ShortText { .. } | Shape::LongText { .. } | Shape::YesNo => (&[], false),
    };
    for (field, present) in [
        ("choices", text.choices.is_some()),
        ("rows", text.rows.is_some()),
        ("columns", text.columns.is_some()),
    ] {
        if present && !takes.contains(&field) {
            problems.question(id, &format!("`{field}` does not apply to a {type_name} question"));
        }
    }
    let end = |field: &str, value: Option<String>, problems: &mut Problems| -> String {
        match (needs_labels, non_blank(value)) {
            (true, Some(label)) => label,
            (true, None) => {
                problems.question(
                    id,
                    &format!("a {type_name} question needs `{field}`, the name of its end"),
                );
                String::new()
            }
            (false, Some(_)) => {
                problems.question(id, &format!("`{field}` does not apply to a {type_name} question"));
                String::new()
            }
            (false, None) => String::new(),
        }
    };
    let low = end("low", text.low.clone(), problems);
    let high = end("high", text.high.clone(), problems);
    let mut labels = |field: &str, ids: &[Slug], given: &Option<BTreeMap<String, String>>| -> Vec<Choice> {
        labelled(id, field, ids, given, problems)
    };
    let kind = match &shape.shape {
        Shape::ShortText { max_chars } => QuestionKind::ShortText { max_chars: *max_chars },
        Shape::LongText { max_chars } => QuestionKind::LongText { max_chars: *max_chars },
        Shape::SingleChoice { choices } => QuestionKind::SingleChoice {
            choices: labels("choices", choices, &text.choices),
        },
        Shape::Dropdown { choices } => QuestionKind::Dropdown {
            choices: labels("choices", choices, &text.choices),
        },
        Shape::MultipleChoice { choices, min, max } => QuestionKind::MultipleChoice {
            choices: labels("choices", choices, &text.choices),
            min: *min,
            max: *max,
        },
        Shape::Matrix { rows, columns } => QuestionKind::Matrix {
            rows: labels("rows", rows, &text.rows),
            columns: labels("columns", columns, &text.columns),
        },
        Shape::YesNo => QuestionKind::YesNo,
        Shape::Rating => QuestionKind::Rating { low, high },
        Shape::Scale => QuestionKind::Scale { low, high },
    };
    (problems.len() == before).then(|| Question {
        id: shape.id.clone(),
        text: text.text.trim().to_owned(),
        help: non_blank(text.help.clone()),
        required: shape.required,
        show_if: shape.show_if.clone(),
        kind,
    })
}

/// Every id of `ids` with its label from `given`, which must name exactly
/// those ids.
fn labelled(
    question: &str,
    field: &str,
    ids: &[Slug],
    given: &Option<BTreeMap<String, String>>,
    problems: &mut Problems,
) -> Vec<Choice> {
    let empty = BTreeMap::new();
    let given = given.as_ref().unwrap_or(&empty);
    let mut choices = Vec::new();
    // A repeated id takes its label twice here; `Survey::check` refuses it.
    for id in ids {
        match non_blank(given.get(id.as_str()).cloned()) {
            Some(label) => choices.push(Choice { id: id.clone(), label }),
            None => problems.question(question, &format!("`{field}` has no label for `{id}`")),
        }
    }
    for unknown in given
        .keys()
        .filter(|key| !ids.iter().any(|id| id.as_str() == key.as_str()))
    {
        problems.question(
            question,
            &format!("`{field}` labels `{unknown}`, which survey.toml does not list"),
        );
    }
    choices
}

fn non_blank(text: Option<String>) -> Option<String> {
    text.map(|text| text.trim().to_owned()).filter(|text| !text.is_empty())
}

fn type_name(shape: &Shape) -> &'static str {
    match shape {
        Shape::ShortText { .. } => "short_text",
        Shape::LongText { .. } => "long_text",
        Shape::SingleChoice { .. } => "single_choice",
        Shape::MultipleChoice { .. } => "multiple_choice",
        Shape::Dropdown { .. } => "dropdown",
        Shape::YesNo => "yes_no",
        Shape::Rating => "rating",
        Shape::Scale => "scale",
        Shape::Matrix { .. } => "matrix",
    }
}
