//! What stands in the way of a survey being answered, said beside the part
//! it is about: the address, the survey's texts, a section or a question.
//! The contract (`SurveyEdit::validate`, `Survey::check`) is the judge,
//! and its refusals name a language's survey or one of its questions;
//! `diagnose` finds the same rules broken in the builder's own terms, so
//! each refusal is explained in words (and a refusal it cannot explain is
//! still said, at its place).

use civic_api::survey::{RATING, SCALE, TEXT_MAX_CEILING};
use civic_api::{FieldErrors, Locale, Slug};

use crate::i18n::{self, td_string};
use crate::numbers::format_number;
use crate::pages::console::survey_draft::{Draft, Entry, Kind, List, Match, QuestionDraft, number};

/// The part of the builder a problem is said beside.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Address,
    Survey,
    Section(u32),
    Question(u32),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub place: Place,
    pub text: String,
}

/// "Choice 2", "Row 1", "Column 3": an entry's name, and its legend.
pub fn entry_name(ui: i18n::Locale, list: List, number: usize) -> String {
    match list {
        List::Choices => td_string!(ui, console.survey_entry_choice, number = number),
        List::Rows => td_string!(ui, console.survey_entry_row, number = number),
        List::Columns => td_string!(ui, console.survey_entry_column, number = number),
    }
}

/// Whether every id (and a new survey's address) is one, and every number
/// typed is a number: until then the survey cannot even be put together.
pub fn can_be_built(draft: &Draft, new: bool) -> bool {
    let slug = |id: &str| Slug::parse(id.trim()).is_ok();
    let bound = |text: &str| text.trim().is_empty() || number(text).is_some();
    (!new || slug(&draft.slug))
        && draft.sections.iter().all(|section| slug(&section.id))
        && draft.questions().all(|question| {
            slug(&question.id)
                && [List::Choices, List::Rows, List::Columns]
                    .iter()
                    .all(|list| question.list(*list).iter().all(|entry| slug(&entry.id)))
                && (!question.kind.is_text() || number(&question.max_chars).is_some())
                && (question.kind != Kind::MultipleChoice || (bound(&question.min) && bound(&question.max)))
        })
}

/// Every rule of the contract's check the draft breaks, in order, in
/// words, each at its place. `new`: the address is typed here.
/// `locked`: people have answered, so help and introductions stay where
/// they were.
pub fn diagnose(ui: i18n::Locale, draft: &Draft, new: bool, locked: bool) -> Vec<Problem> {
    let mut found = Vec::new();
    let mut say = |place: Place, text: String| found.push(Problem { place, text });
    let languages = draft.languages();
    if new && let Err(error) = Slug::parse(draft.slug.trim()) {
        say(
            Place::Address,
            match error {
                civic_api::FieldError::Required => td_string!(ui, console.survey_problem_address_required),
                _ => td_string!(ui, console.survey_problem_address),
            }
            .to_owned(),
        );
    }
    for locale in &languages {
        let language = locale.native_name();
        if draft.title.get(*locale).trim().is_empty() {
            say(
                Place::Survey,
                td_string!(ui, console.survey_problem_title, language = language),
            );
        }
        if draft.summary.get(*locale).trim().is_empty() {
            say(
                Place::Survey,
                td_string!(ui, console.survey_problem_summary, language = language),
            );
        }
        if draft.thanks.get(*locale).trim().is_empty() {
            say(
                Place::Survey,
                td_string!(ui, console.survey_problem_thanks, language = language),
            );
        }
    }
    if draft.sections.is_empty() {
        say(
            Place::Survey,
            td_string!(ui, console.survey_problem_no_sections).to_owned(),
        );
    }
    for (at, section) in draft.sections.iter().enumerate() {
        let place = Place::Section(section.uid);
        if Slug::parse(section.id.trim()).is_err() {
            say(place, td_string!(ui, console.survey_problem_id).to_owned());
        } else if draft.sections[..at]
            .iter()
            .any(|other| other.id.trim() == section.id.trim())
        {
            say(place, td_string!(ui, console.survey_problem_section_twice).to_owned());
        }
        let intro = if locked {
            section.had_intro
        } else {
            section.intro.written_in(&languages)
        };
        for locale in &languages {
            let language = locale.native_name();
            if section.title.get(*locale).trim().is_empty() {
                say(
                    place,
                    td_string!(ui, console.survey_problem_section_title, language = language),
                );
            }
            if intro && section.intro.get(*locale).trim().is_empty() {
                say(place, td_string!(ui, console.survey_problem_intro, language = language));
            }
        }
        if section.questions.is_empty() {
            say(place, td_string!(ui, console.survey_problem_no_questions).to_owned());
        }
    }
    let questions: Vec<&QuestionDraft> = draft.questions().collect();
    for (at, question) in questions.iter().enumerate() {
        let place = Place::Question(question.uid);
        for text in question_problems(ui, draft, &questions, at, locked) {
            say(place, text);
        }
    }
    found
}

fn question_problems(
    ui: i18n::Locale,
    draft: &Draft,
    questions: &[&QuestionDraft],
    at: usize,
    locked: bool,
) -> Vec<String> {
    let question = questions[at];
    let languages = draft.languages();
    let mut problems = Vec::new();
    if Slug::parse(question.id.trim()).is_err() {
        problems.push(td_string!(ui, console.survey_problem_id).to_owned());
    } else if questions[..at]
        .iter()
        .any(|other| other.id.trim() == question.id.trim())
    {
        problems.push(td_string!(ui, console.survey_problem_question_twice).to_owned());
    }
    let help = if locked {
        question.had_help
    } else {
        question.help.written_in(&languages)
    };
    for locale in &languages {
        let language = locale.native_name();
        if question.text.get(*locale).trim().is_empty() {
            problems.push(td_string!(ui, console.survey_problem_text, language = language));
        }
        if help && question.help.get(*locale).trim().is_empty() {
            problems.push(td_string!(ui, console.survey_problem_help, language = language));
        }
    }
    let lists: &[(List, usize)] = match question.kind {
        kind if kind.has_choices() => &[(List::Choices, 2)],
        Kind::Matrix => &[(List::Rows, 1), (List::Columns, 2)],
        _ => &[],
    };
    for (list, fewest) in lists {
        problems.extend(list_problems(ui, &languages, *list, question.list(*list), *fewest));
    }
    match question.kind {
        Kind::ShortText | Kind::LongText
            if !number(&question.max_chars).is_some_and(|max| (1..=TEXT_MAX_CEILING).contains(&max)) =>
        {
            let max = format_number(ui, u64::from(TEXT_MAX_CEILING));
            problems.push(td_string!(ui, console.survey_problem_max_chars, max = max));
        }
        Kind::MultipleChoice => problems.extend(bound_problems(ui, question)),
        Kind::Rating | Kind::Scale => {
            for locale in &languages {
                if question.low.get(*locale).trim().is_empty() || question.high.get(*locale).trim().is_empty() {
                    let language = locale.native_name();
                    problems.push(td_string!(ui, console.survey_problem_ends, language = language));
                }
            }
        }
        _ => {}
    }
    if let Some(problem) = condition_problem(ui, questions, at) {
        problems.push(problem);
    }
    problems
}

/// Too few entries, an id that is not one or is given twice, a label
/// missing in a language.
fn list_problems(ui: i18n::Locale, languages: &[Locale], list: List, entries: &[Entry], fewest: usize) -> Vec<String> {
    let mut problems = Vec::new();
    if entries.len() < fewest {
        problems.push(match list {
            List::Choices => td_string!(ui, console.survey_problem_too_few_choices, count = fewest),
            List::Rows => td_string!(ui, console.survey_problem_too_few_rows, count = fewest),
            List::Columns => td_string!(ui, console.survey_problem_too_few_columns, count = fewest),
        });
    }
    for (at, entry) in entries.iter().enumerate() {
        let name = entry_name(ui, list, at + 1);
        if Slug::parse(entry.id.trim()).is_err() {
            problems.push(td_string!(ui, console.survey_problem_entry_id, entry = &name));
        } else if entries[..at].iter().any(|other| other.id.trim() == entry.id.trim()) {
            problems.push(td_string!(ui, console.survey_problem_entry_twice, entry = &name));
        }
        for locale in languages {
            if entry.label.get(*locale).trim().is_empty() {
                let language = locale.native_name();
                problems.push(td_string!(
                    ui,
                    console.survey_problem_entry_label,
                    language = language,
                    entry = &name
                ));
            }
        }
    }
    problems
}

/// The fewest and most ticks of a multiple choice.
fn bound_problems(ui: i18n::Locale, question: &QuestionDraft) -> Vec<String> {
    let read = |text: &str| match text.trim() {
        "" => Ok(None),
        typed => number(typed).map(Some).ok_or(()),
    };
    let (Ok(min), Ok(max)) = (read(&question.min), read(&question.max)) else {
        return vec![td_string!(ui, console.survey_problem_bounds_number).to_owned()];
    };
    let offered = question.choices.len() as u32;
    let mut problems = Vec::new();
    if min == Some(0) && question.required {
        problems.push(td_string!(ui, console.survey_problem_min_required).to_owned());
    }
    if max == Some(0) {
        problems.push(td_string!(ui, console.survey_problem_max_zero).to_owned());
    }
    if let (Some(min), Some(max)) = (min, max)
        && min > max
    {
        problems.push(td_string!(ui, console.survey_problem_min_above_max).to_owned());
    }
    if [min, max].iter().flatten().any(|bound| *bound > offered) {
        problems.push(td_string!(ui, console.survey_problem_bound_above_choices).to_owned());
    }
    problems
}

/// What is wrong with a question's condition, as the check sees it: one
/// problem at most.
fn condition_problem(ui: i18n::Locale, questions: &[&QuestionDraft], at: usize) -> Option<String> {
    let condition = questions[at].condition.as_ref()?;
    let position = questions
        .iter()
        .position(|question| question.uid == condition.question)?;
    if position >= at {
        return Some(td_string!(ui, console.survey_problem_condition_later).to_owned());
    }
    let target = questions[position];
    if !target.kind.can_be_matched() {
        return Some(td_string!(ui, console.survey_problem_condition_kind).to_owned());
    }
    if condition.any_of.is_empty() {
        return Some(td_string!(ui, console.survey_problem_condition_none).to_owned());
    }
    let possible = |value: &Match| match value {
        Match::Choice(uid) => target.kind.has_choices() && target.choices.iter().any(|choice| choice.uid == *uid),
        Match::Value(value) => match target.kind {
            Kind::YesNo => value == "yes" || value == "no",
            Kind::Rating => value.parse::<u8>().is_ok_and(|value| RATING.contains(&value)),
            Kind::Scale => value.parse::<u8>().is_ok_and(|value| SCALE.contains(&value)),
            _ => target.choices.iter().any(|choice| choice.id.trim() == value),
        },
    };
    (!condition.any_of.iter().all(possible)).then(|| td_string!(ui, console.survey_problem_condition_value).to_owned())
}

/// The contract's refusals of `fields` (from the browser's check or the
/// server's 422), each explained where `diagnose` can, else said as a
/// refusal of its place.
pub fn refused(ui: i18n::Locale, draft: &Draft, new: bool, locked: bool, fields: &FieldErrors) -> Vec<Problem> {
    let found = diagnose(ui, draft, new, locked);
    let mut shown: Vec<Problem> = Vec::new();
    for field in fields.keys() {
        let parts: Vec<&str> = field.split('.').collect();
        let language = |code: &str| Locale::parse(code).unwrap_or(Locale::DEFAULT).native_name();
        let (places, fallback) = match parts.as_slice() {
            ["translations", code, "questions", id] => {
                let places: Vec<Place> = draft
                    .questions()
                    .filter(|question| question.id.trim() == *id)
                    .map(|question| Place::Question(question.uid))
                    .collect();
                let text = td_string!(ui, console.survey_problem_question, language = language(code));
                let at = places.first().copied().unwrap_or(Place::Survey);
                (places, Problem { place: at, text })
            }
            ["translations", "en", "slug"] => {
                let text = td_string!(ui, console.survey_problem_slug_fixed).to_owned();
                (
                    Vec::new(),
                    Problem {
                        place: Place::Address,
                        text,
                    },
                )
            }
            ["translations", code, "survey"] => {
                let places = std::iter::once(Place::Survey)
                    .chain(draft.sections.iter().map(|section| Place::Section(section.uid)))
                    .collect();
                let text = td_string!(ui, console.survey_problem_survey, language = language(code));
                (
                    places,
                    Problem {
                        place: Place::Survey,
                        text,
                    },
                )
            }
            ["translations", code] => {
                let text = td_string!(ui, console.survey_problem_structure, language = language(code));
                (
                    Vec::new(),
                    Problem {
                        place: Place::Survey,
                        text,
                    },
                )
            }
            ["translations"] => {
                let text = td_string!(ui, console.survey_problem_survey, language = language("en"));
                (
                    vec![Place::Survey],
                    Problem {
                        place: Place::Survey,
                        text,
                    },
                )
            }
            // A refused key is the page's to renew; the alert says it.
            _ => continue,
        };
        let explained: Vec<&Problem> = found.iter().filter(|problem| places.contains(&problem.place)).collect();
        if explained.is_empty() {
            if !shown.contains(&fallback) {
                shown.push(fallback);
            }
            continue;
        }
        for problem in explained {
            if !shown.contains(problem) {
                shown.push(problem.clone());
            }
        }
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pages::console::survey_draft::Draft;

    fn texts(problems: &[Problem]) -> Vec<&str> {
        problems.iter().map(|problem| problem.text.as_str()).collect()
    }

    #[test]
    fn a_new_survey_is_told_everything_it_lacks_in_words() {
        let draft = Draft::new();
        let question = draft.sections[0].questions[0].uid;
        let found = diagnose(Locale::En, &draft, true, false);
        assert_eq!(found[0].place, Place::Address);
        assert!(found.iter().any(
            |problem| problem.place == Place::Question(question) && problem.text == "English: write the question."
        ));
        assert!(!can_be_built(&draft, true), "no address yet");
    }

    #[test]
    fn a_refusal_is_explained_at_its_question_or_said_there() {
        let mut draft = Draft::new();
        draft.slug = "bike-lanes".to_owned();
        let question = draft.sections[0].questions[0].uid;
        draft.set_kind(question, Kind::SingleChoice);
        draft.set_question_id(question, "often".to_owned());
        let refusal = FieldErrors::from([(
            "translations.en.questions.often".to_owned(),
            civic_api::FieldError::Invalid,
        )]);
        let shown = refused(Locale::En, &draft, true, false, &refusal);
        assert!(shown.iter().all(|problem| problem.place == Place::Question(question)));
        assert!(
            texts(&shown).contains(&"English, Choice 1: write its label."),
            "{shown:?}"
        );

        let unknown = FieldErrors::from([(
            "translations.fr.questions.gone".to_owned(),
            civic_api::FieldError::Invalid,
        )]);
        let shown = refused(Locale::En, &draft, true, false, &unknown);
        assert_eq!(shown[0].place, Place::Survey);
        assert!(shown[0].text.starts_with("Français: "), "{}", shown[0].text);
    }
}
