//! Refuses a survey definition that could not be answered. The server runs
//! this on every survey in every language when it loads `content/`, and
//! will not start while any is refused.

use std::collections::BTreeSet;

use crate::survey::{Choice, Question, QuestionId, QuestionKind, RATING, SCALE, ShowIf, Survey, TEXT_MAX_CEILING};

#[cfg(test)]
mod tests;

/// One thing wrong with a definition, naming the question where there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DefinitionError {
    pub question: Option<QuestionId>,
    pub problem: String,
}

impl std::fmt::Display for DefinitionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.question {
            Some(question) => write!(f, "question `{question}`: {}", self.problem),
            None => f.write_str(&self.problem),
        }
    }
}

impl Survey {
    /// Every problem found, in order; empty when the survey can be answered.
    pub fn check(&self) -> Vec<DefinitionError> {
        let mut errors = Vec::new();
        let mut survey_problem = |problem: String| {
            errors.push(DefinitionError {
                question: None,
                problem,
            })
        };
        for (name, text) in [
            ("title", &self.title),
            ("summary", &self.summary),
            ("thanks", &self.thanks),
        ] {
            if text.trim().is_empty() {
                survey_problem(format!("the survey's {name} is empty"));
            }
        }
        if !is_date(&self.opened_on) {
            survey_problem(format!("opened_on `{}` is not a YYYY-MM-DD date", self.opened_on));
        }
        if self.sections.is_empty() {
            survey_problem("the survey has no sections".to_owned());
        }
        let mut section_ids = BTreeSet::new();
        for section in &self.sections {
            if !section_ids.insert(&section.id) {
                survey_problem(format!("section `{}` appears twice", section.id));
            }
            if section.title.trim().is_empty() {
                survey_problem(format!("section `{}` has an empty title", section.id));
            }
            if section.intro.as_ref().is_some_and(|intro| intro.trim().is_empty()) {
                survey_problem(format!("section `{}` has an empty intro", section.id));
            }
            if section.questions.is_empty() {
                survey_problem(format!("section `{}` has no questions", section.id));
            }
        }
        let questions: Vec<&Question> = self.questions().collect();
        for (index, question) in questions.iter().enumerate() {
            let problems = question_problems(question)
                .into_iter()
                .chain(duplicate_problem(&questions[..index], question))
                .chain(
                    question
                        .show_if
                        .iter()
                        .flat_map(|show_if| condition_problems(&questions, index, show_if)),
                );
            errors.extend(problems.map(|problem| DefinitionError {
                question: Some(question.id.clone()),
                problem,
            }));
        }
        errors
    }
}

fn duplicate_problem(earlier: &[&Question], question: &Question) -> Option<String> {
    earlier
        .iter()
        .any(|other| other.id == question.id)
        .then(|| "the id is used by an earlier question".to_owned())
}

/// `YYYY-MM-DD` with a month and day that can exist.
fn is_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let number = |part: &str, len: usize| {
        (part.len() == len && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse::<u32>().ok())
            .flatten()
    };
    match parts.as_slice() {
        [year, month, day] => matches!(
            (number(year, 4), number(month, 2), number(day, 2)),
            (Some(_), Some(1..=12), Some(1..=31))
        ),
        _ => false,
    }
}

fn question_problems(question: &Question) -> Vec<String> {
    let mut problems = Vec::new();
    if question.text.trim().is_empty() {
        problems.push("the question's text is empty".to_owned());
    }
    if question.help.as_ref().is_some_and(|help| help.trim().is_empty()) {
        problems.push("the help text is empty".to_owned());
    }
    match &question.kind {
        QuestionKind::ShortText { max_chars } | QuestionKind::LongText { max_chars } => {
            if *max_chars == 0 || *max_chars > TEXT_MAX_CEILING {
                problems.push(format!(
                    "max_chars must be between 1 and {TEXT_MAX_CEILING}, not {max_chars}"
                ));
            }
        }
        QuestionKind::SingleChoice { choices } | QuestionKind::Dropdown { choices } => {
            list_problems("choices", choices, 2, &mut problems);
        }
        QuestionKind::MultipleChoice { choices, min, max } => {
            list_problems("choices", choices, 2, &mut problems);
            let offered = choices.len() as u64;
            let (min, max) = (min.map(u64::from), max.map(u64::from));
            if min == Some(0) && question.required {
                problems.push("a required question needs min of at least 1".to_owned());
            }
            if max == Some(0) {
                problems.push("max must be at least 1".to_owned());
            }
            if let (Some(min), Some(max)) = (min, max)
                && min > max
            {
                problems.push(format!("min ({min}) is above max ({max})"));
            }
            for (name, bound) in [("min", min), ("max", max)] {
                if let Some(bound) = bound.filter(|bound| *bound > offered) {
                    problems.push(format!("{name} ({bound}) is above the number of choices ({offered})"));
                }
            }
        }
        QuestionKind::YesNo => {}
        QuestionKind::Rating { low, high } | QuestionKind::Scale { low, high } => {
            if low.trim().is_empty() || high.trim().is_empty() {
                problems.push("the low and high labels must not be empty".to_owned());
            }
        }
        QuestionKind::Matrix { rows, columns } => {
            list_problems("rows", rows, 1, &mut problems);
            list_problems("columns", columns, 2, &mut problems);
        }
    }
    problems
}

/// Too few entries, an id given twice, an empty label.
fn list_problems(name: &str, list: &[Choice], fewest: usize, problems: &mut Vec<String>) {
    if list.len() < fewest {
        problems.push(format!("{name} needs at least {fewest}, found {}", list.len()));
    }
    let mut seen = BTreeSet::new();
    for entry in list {
        if !seen.insert(&entry.id) {
            problems.push(format!("{name}: `{}` appears twice", entry.id));
        }
        if entry.label.trim().is_empty() {
            problems.push(format!("{name}: `{}` has an empty label", entry.id));
        }
    }
}

/// A condition must point at an earlier question whose answers can match
/// every value it lists.
fn condition_problems(questions: &[&Question], index: usize, show_if: &ShowIf) -> Vec<String> {
    let target = &show_if.question;
    let Some(position) = questions.iter().position(|question| &question.id == target) else {
        return vec![format!(
            "show_if points at `{target}`, which is not a question of this survey"
        )];
    };
    if position == index {
        return vec!["show_if points at the question itself".to_owned()];
    }
    if position > index {
        return vec![format!(
            "show_if points at `{target}`, which comes later; conditions look back only"
        )];
    }
    if show_if.any_of.is_empty() {
        return vec!["show_if lists no values in any_of, so the question could never be shown".to_owned()];
    }
    let target = questions[position];
    let matchable = |value: &str| -> Option<bool> {
        let number = || value.parse::<u8>().ok();
        match &target.kind {
            QuestionKind::ShortText { .. } | QuestionKind::LongText { .. } | QuestionKind::Matrix { .. } => None,
            QuestionKind::SingleChoice { choices }
            | QuestionKind::MultipleChoice { choices, .. }
            | QuestionKind::Dropdown { choices } => Some(choices.iter().any(|choice| choice.id.as_str() == value)),
            QuestionKind::YesNo => Some(value == "yes" || value == "no"),
            QuestionKind::Rating { .. } => Some(number().is_some_and(|n| RATING.contains(&n))),
            QuestionKind::Scale { .. } => Some(number().is_some_and(|n| SCALE.contains(&n))),
        }
    };
    let mut problems = Vec::new();
    for value in &show_if.any_of {
        match matchable(value) {
            None => {
                let kind = target.kind.type_name();
                return vec![format!(
                    "show_if points at `{target}`, a {kind} question, whose answers cannot be matched",
                    target = target.id
                )];
            }
            Some(false) => problems.push(format!(
                "show_if value `{value}` can never be an answer to `{}`",
                target.id
            )),
            Some(true) => {}
        }
    }
    problems
}
