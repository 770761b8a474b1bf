//! Surveys: `content/surveys/{slug}/survey.toml` (the questions, the same in
//! every language) and one `{locale}.toml` of texts per language, English
//! required. Every problem found stops the start-up, each named by its file
//! and question, so that a survey nobody could answer never ships.

mod structure;
mod texts;
pub mod writing;

use std::path::{Path, PathBuf};

use anyhow::Context;
use civic_api::survey::Survey;
use civic_api::{Locale, Slug};

use super::{file_name, visible_entries};
use structure::Structure;

const STRUCTURE_FILE: &str = "survey.toml";

/// One survey in every language it is written in, English first, each
/// checked by `Survey::check`.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceSurvey {
    pub slug: Slug,
    pub translations: Vec<Survey>,
}

impl SourceSurvey {
    pub fn english(&self) -> &Survey {
        &self.translations[0]
    }
}

/// Reads every survey under `content_dir/surveys` (none when the folder
/// does not exist).
pub fn load(content_dir: &Path) -> anyhow::Result<Vec<SourceSurvey>> {
    let dir = content_dir.join("surveys");
    if !dir.exists() {
        return Ok(Vec::new());
    }
    let mut surveys = Vec::new();
    let mut problems = Problems::default();
    for folder in visible_entries(&dir)? {
        if !folder.is_dir() {
            problems.at(&folder);
            problems.general("should be a survey's folder");
            continue;
        }
        if let Some(survey) = load_survey(&folder, &mut problems)? {
            surveys.push(survey);
        }
    }
    anyhow::ensure!(
        problems.list.is_empty(),
        "the surveys in {} cannot be answered as written:\n{}",
        dir.display(),
        problems.list.join("\n")
    );
    Ok(surveys)
}

fn load_survey(folder: &Path, problems: &mut Problems) -> anyhow::Result<Option<SourceSurvey>> {
    problems.at(folder);
    let name = file_name(folder);
    let Ok(slug) = Slug::parse(&name) else {
        problems.general("the folder's name is not lowercase words joined by hyphens");
        return Ok(None);
    };
    let structure_path = folder.join(STRUCTURE_FILE);
    problems.at(&structure_path);
    if !structure_path.exists() {
        problems.general("is missing: it holds the survey's questions");
        return Ok(None);
    }
    let Some(structure) = Structure::parse(&read(&structure_path)?, problems) else {
        return Ok(None);
    };
    let structural = texts::skeleton(&slug, &structure).check();
    for error in &structural {
        problems.general(&error.to_string());
    }
    if !structural.is_empty() {
        return Ok(None);
    }
    let mut translations = Vec::new();
    let mut complete = true;
    for file in visible_entries(folder)? {
        let file_name = file_name(&file);
        if file_name == STRUCTURE_FILE {
            continue;
        }
        problems.at(&file);
        let Some(locale) = file_name
            .strip_suffix(".toml")
            .and_then(|stem| Locale::parse(stem).ok())
        else {
            problems.general("is not survey.toml or a language's texts (en.toml, fr.toml, es.toml)");
            continue;
        };
        match texts::join(&slug, locale, &structure, &read(&file)?, problems) {
            Some(survey) => translations.push(survey),
            None => complete = false,
        }
    }
    if !translations.iter().any(|survey| survey.locale == Locale::DEFAULT) && complete {
        problems.at(&folder.join("en.toml"));
        problems.general("is missing: every survey needs its English texts");
        return Ok(None);
    }
    if !complete {
        return Ok(None);
    }
    translations.sort_by_key(|survey| Locale::ALL.iter().position(|locale| *locale == survey.locale));
    let languages: Vec<Locale> = translations.iter().map(|survey| survey.locale).collect();
    for survey in &mut translations {
        survey.languages = languages.clone();
    }
    // The structure passed on its own: what a language fails lies in its texts.
    for survey in &translations {
        problems.at(&folder.join(format!("{}.toml", survey.locale)));
        for error in survey.check() {
            problems.general(&error.to_string());
        }
    }
    Ok(Some(SourceSurvey { slug, translations }))
}

fn read(path: &Path) -> anyhow::Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("Failed to read {}", path.display()))
}

/// Problems found so far, each prefixed with the file it was found in.
#[derive(Debug, Default)]
pub(super) struct Problems {
    file: PathBuf,
    list: Vec<String>,
}

impl Problems {
    fn at(&mut self, file: &Path) {
        self.file = file.to_owned();
    }

    fn len(&self) -> usize {
        self.list.len()
    }

    fn general(&mut self, problem: &str) {
        self.list.push(format!("{}: {problem}", self.file.display()));
    }

    fn section(&mut self, id: &str, problem: &str) {
        self.general(&format!("section `{id}`: {problem}"));
    }

    fn question(&mut self, id: &str, problem: &str) {
        self.general(&format!("question `{id}`: {problem}"));
    }
}
