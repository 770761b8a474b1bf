//! A survey written back as `content/surveys` holds it: `survey.toml` with
//! its structure and one `{locale}.toml` of texts per language, which
//! `load` reads back as the same survey.

use std::collections::BTreeMap;

use anyhow::Context;
use civic_api::survey::{Choice, Limit, QuestionKind, ShowIf, Survey};
use serde::Serialize;

#[derive(Serialize)]
struct StructureFile<'a> {
    opened_on: &'a str,
    closed: bool,
    results: &'static str,
    limit: Limit,
    sections: Vec<SectionFile<'a>>,
}

#[derive(Serialize)]
struct SectionFile<'a> {
    id: &'a str,
    questions: Vec<QuestionFile<'a>>,
}

#[derive(Serialize)]
struct QuestionFile<'a> {
    id: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    required: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    show_if: Option<&'a ShowIf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    max_chars: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    choices: Option<Vec<&'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    min: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    max: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rows: Option<Vec<&'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    columns: Option<Vec<&'a str>>,
}

#[derive(Serialize)]
struct TextsFile<'a> {
    title: &'a str,
    summary: &'a str,
    thanks: &'a str,
    sections: BTreeMap<&'a str, SectionText<'a>>,
    questions: BTreeMap<&'a str, QuestionText<'a>>,
}

#[derive(Serialize)]
struct SectionText<'a> {
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    intro: Option<&'a str>,
}

#[derive(Serialize)]
struct QuestionText<'a> {
    text: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    choices: Option<BTreeMap<&'a str, &'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rows: Option<BTreeMap<&'a str, &'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    columns: Option<BTreeMap<&'a str, &'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    low: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    high: Option<&'a str>,
}

fn ids(list: &[Choice]) -> Vec<&str> {
    list.iter().map(|choice| choice.id.as_str()).collect()
}

fn labels(list: &[Choice]) -> BTreeMap<&str, &str> {
    list.iter()
        .map(|choice| (choice.id.as_str(), choice.label.as_str()))
        .collect()
}

/// The files of a survey, English first in `translations`: each file's
/// name in the survey's folder and its text.
pub fn files(translations: &[Survey]) -> anyhow::Result<Vec<(String, String)>> {
    let english = translations
        .first()
        .context("A survey with no language cannot be written")?;
    let structure = StructureFile {
        opened_on: &english.opened_on,
        closed: english.closed,
        results: if english.results_public { "public" } else { "private" },
        limit: english.limit,
        sections: english
            .sections
            .iter()
            .map(|section| SectionFile {
                id: section.id.as_str(),
                questions: section
                    .questions
                    .iter()
                    .map(|question| {
                        let mut file = QuestionFile {
                            id: question.id.as_str(),
                            kind: question.kind.type_name(),
                            required: question.required,
                            show_if: question.show_if.as_ref(),
                            max_chars: None,
                            choices: None,
                            min: None,
                            max: None,
                            rows: None,
                            columns: None,
                        };
                        match &question.kind {
                            QuestionKind::ShortText { max_chars } | QuestionKind::LongText { max_chars } => {
                                file.max_chars = Some(*max_chars);
                            }
                            QuestionKind::SingleChoice { choices } | QuestionKind::Dropdown { choices } => {
                                file.choices = Some(ids(choices));
                            }
                            QuestionKind::MultipleChoice { choices, min, max } => {
                                file.choices = Some(ids(choices));
                                (file.min, file.max) = (*min, *max);
                            }
                            QuestionKind::Matrix { rows, columns } => {
                                (file.rows, file.columns) = (Some(ids(rows)), Some(ids(columns)));
                            }
                            QuestionKind::YesNo | QuestionKind::Rating { .. } | QuestionKind::Scale { .. } => {}
                        }
                        file
                    })
                    .collect(),
            })
            .collect(),
    };
    let mut files = vec![("survey.toml".to_owned(), toml::to_string(&structure)?)];
    for survey in translations {
        let texts = TextsFile {
            title: &survey.title,
            summary: &survey.summary,
            thanks: &survey.thanks,
            sections: survey
                .sections
                .iter()
                .map(|section| {
                    let text = SectionText {
                        title: &section.title,
                        intro: section.intro.as_deref(),
                    };
                    (section.id.as_str(), text)
                })
                .collect(),
            questions: survey
                .questions()
                .map(|question| {
                    let mut text = QuestionText {
                        text: &question.text,
                        help: question.help.as_deref(),
                        choices: None,
                        rows: None,
                        columns: None,
                        low: None,
                        high: None,
                    };
                    match &question.kind {
                        QuestionKind::SingleChoice { choices }
                        | QuestionKind::MultipleChoice { choices, .. }
                        | QuestionKind::Dropdown { choices } => text.choices = Some(labels(choices)),
                        QuestionKind::Matrix { rows, columns } => {
                            (text.rows, text.columns) = (Some(labels(rows)), Some(labels(columns)));
                        }
                        QuestionKind::Rating { low, high } | QuestionKind::Scale { low, high } => {
                            (text.low, text.high) = (Some(low.as_str()), Some(high.as_str()));
                        }
                        QuestionKind::ShortText { .. } | QuestionKind::LongText { .. } | QuestionKind::YesNo => {}
                    }
                    (question.id.as_str(), text)
                })
                .collect(),
        };
        files.push((format!("{}.toml", survey.locale), toml::to_string(&texts)?));
    }
    Ok(files)
}
