//! `survey.toml`: what a survey asks, the same in every language.

use civic_api::Slug;
use civic_api::survey::{LONG_TEXT_MAX, Limit, SHORT_TEXT_MAX, ShowIf};
use serde::Deserialize;
use time::macros::format_description;

use super::Problems;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StructureFile {
    opened_on: String,
    #[serde(default)]
    closed: bool,
    results: Visibility,
    #[serde(default)]
    limit: Limit,
    #[serde(default)]
    sections: Vec<SectionFile>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Visibility {
    Public,
    Private,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SectionFile {
    id: String,
    #[serde(default)]
    questions: Vec<QuestionFile>,
}

/// Every field any type takes, so that a field given to the wrong type is
/// refused with the question's name rather than a line number.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct QuestionFile {
    id: String,
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    required: bool,
    show_if: Option<ShowIfFile>,
    max_chars: Option<u32>,
    choices: Option<Vec<String>>,
    min: Option<u32>,
    max: Option<u32>,
    rows: Option<Vec<String>>,
    columns: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ShowIfFile {
    question: String,
    any_of: Vec<String>,
}

/// The survey as `survey.toml` gives it: ids and settings, no texts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Structure {
    pub opened_on: String,
    pub closed: bool,
    pub results_public: bool,
    pub limit: Limit,
    pub sections: Vec<SectionShape>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionShape {
    pub id: Slug,
    pub questions: Vec<QuestionShape>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuestionShape {
    pub id: Slug,
    pub required: bool,
    pub show_if: Option<ShowIf>,
    pub shape: Shape,
}

/// A question's type with its ids; the texts file adds the labels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shape {
    ShortText {
        max_chars: u32,
    },
    LongText {
        max_chars: u32,
    },
    SingleChoice {
        choices: Vec<Slug>,
    },
    MultipleChoice {
        choices: Vec<Slug>,
        min: Option<u32>,
        max: Option<u32>,
    },
    Dropdown {
        choices: Vec<Slug>,
    },
    YesNo,
    Rating,
    Scale,
    Matrix {
        rows: Vec<Slug>,
        columns: Vec<Slug>,
    },
}

const TYPES: [&str; 9] = [
    "short_text",
    "long_text",
    "single_choice",
    "multiple_choice",
    "dropdown",
    "yes_no",
    "rating",
    "scale",
    "matrix",
];

impl Structure {
    /// `None` when anything is wrong, each problem told in `problems`.
    pub fn parse(source: &str, problems: &mut Problems) -> Option<Structure> {
        let file: StructureFile = match toml::from_str(source) {
            Ok(file) => file,
            Err(error) => {
                problems.general(error.to_string().trim_end());
                return None;
            }
        };
        let before = problems.len();
        if time::Date::parse(&file.opened_on, format_description!("[year]-[month]-[day]")).is_err() {
            problems.general(&format!("`opened_on = {:?}` is not a YYYY-MM-DD date", file.opened_on));
        }
        if file.sections.is_empty() {
            problems.general("a survey needs at least one `[[sections]]`");
        }
        let mut sections = Vec::new();
        for section in file.sections {
            let Some(id) = parse_id(&section.id, problems, |p, msg| p.section(&section.id, msg)) else {
                continue;
            };
            if sections.iter().any(|s: &SectionShape| s.id == id) {
                problems.section(id.as_str(), "two sections have this id");
            }
            if section.questions.is_empty() {
                problems.section(id.as_str(), "a section needs at least one question");
            }
            let questions = section
                .questions
                .into_iter()
                .filter_map(|question| question_shape(question, problems))
                .collect();
            sections.push(SectionShape { id, questions });
        }
        // Texts are found by id: one id for two questions would share them.
        let mut ids: Vec<&Slug> = sections.iter().flat_map(|s| &s.questions).map(|q| &q.id).collect();
        ids.sort();
        for pair in ids.windows(2).filter(|pair| pair[0] == pair[1]) {
            problems.question(pair[0].as_str(), "two questions have this id");
        }
        (problems.len() == before).then_some(Structure {
            opened_on: file.opened_on,
            closed: file.closed,
            results_public: file.results == Visibility::Public,
            limit: file.limit,
            sections,
        })
    }
}

fn parse_id(raw: &str, problems: &mut Problems, report: impl FnOnce(&mut Problems, &str)) -> Option<Slug> {
    match Slug::parse(raw) {
        Ok(id) => Some(id),
        Err(error) => {
            report(
                problems,
                &format!("the id is not lowercase words joined by hyphens ({error})"),
            );
            None
        }
    }
}

fn question_shape(file: QuestionFile, problems: &mut Problems) -> Option<QuestionShape> {
    let id = parse_id(&file.id, problems, |p, msg| p.question(&file.id, msg))?;
    let mut report = |problem: &str| problems.question(id.as_str(), problem);
    let given = [
        ("max_chars", file.max_chars.is_some()),
        ("choices", file.choices.is_some()),
        ("min", file.min.is_some()),
        ("max", file.max.is_some()),
        ("rows", file.rows.is_some()),
        ("columns", file.columns.is_some()),
    ];
    let takes: &[&str] = match file.kind.as_str() {
        "short_text" | "long_text" => &["max_chars"],
        "single_choice" | "dropdown" => &["choices"],
        "multiple_choice" => &["choices", "min", "max"],
        "matrix" => &["rows", "columns"],
        "yes_no" | "rating" | "scale" => &[],
        unknown => {
            report(&format!("unknown type `{unknown}`; the types are {}", TYPES.join(", ")));
            return None;
        }
    };
    for (field, present) in given {
        if present && !takes.contains(&field) {
            report(&format!("`{field}` does not apply to a {} question", file.kind));
        }
    }
    let mut ids = |field: &str, list: Option<Vec<String>>| -> Vec<Slug> {
        let Some(list) = list else {
            report(&format!("a {} question needs `{field}`", file.kind));
            return Vec::new();
        };
        list.iter()
            .filter_map(|raw| match Slug::parse(raw) {
                Ok(id) => Some(id),
                Err(error) => {
                    report(&format!(
                        "`{field}` holds {raw:?}, which is not lowercase words joined by hyphens ({error})"
                    ));
                    None
                }
            })
            .collect()
    };
    let shape = match file.kind.as_str() {
        "short_text" => Shape::ShortText {
            max_chars: file.max_chars.unwrap_or(SHORT_TEXT_MAX),
        },
        "long_text" => Shape::LongText {
            max_chars: file.max_chars.unwrap_or(LONG_TEXT_MAX),
        },
        "single_choice" => Shape::SingleChoice {
            choices: ids("choices", file.choices),
        },
        "dropdown" => Shape::Dropdown {
            choices: ids("choices", file.choices),
        },
        "multiple_choice" => Shape::MultipleChoice {
            choices: ids("choices", file.choices),
            min: file.min,
            max: file.max,
        },
        "matrix" => Shape::Matrix {
            rows: ids("rows", file.rows),
            columns: ids("columns", file.columns),
        },
        "yes_no" => Shape::YesNo,
        "rating" => Shape::Rating,
        _ => Shape::Scale,
    };
    let show_if = file.show_if.and_then(|show_if| match Slug::parse(&show_if.question) {
        Ok(question) => Some(ShowIf {
            question,
            any_of: show_if.any_of,
        }),
        Err(_) => {
            problems.question(
                id.as_str(),
                &format!("`show_if` names {:?}, which is not a question id", show_if.question),
            );
            None
        }
    });
    Some(QuestionShape {
        id,
        required: file.required,
        show_if,
        shape,
    })
}
