//! Surveys: the form a visitor answers, in one language, and everything the
//! browser and the server must agree on about it (which questions are shown,
//! which answers are acceptable, what the public results hold).
//!
//! A survey's structure (ids, types, required, conditions) is the same in
//! every language; only its texts differ. `check` refuses a definition that
//! could not be answered; `Survey::validate` is the one judge of answers.

mod answer;
mod check;
mod results;
mod tally;
pub(crate) mod validate;

pub use answer::{Answer, Answers, ResponseReceipt, ResponseRequest, ValidResponse, answer_field};
pub use check::DefinitionError;
pub use results::{MatrixRowCount, OptionCount, QuestionResult, ResultCounts, SurveyResults, yes_no_label};
pub use tally::tally;

use serde::{Deserialize, Serialize};

use crate::{Locale, Slug};

/// Question, section, choice and matrix-row ids: lowercase words and hyphens.
pub type QuestionId = Slug;
pub type ChoiceId = Slug;

/// The 1 to 5 rating.
pub const RATING: std::ops::RangeInclusive<u8> = 1..=5;
/// The 0 to 10 scale ("how likely…").
pub const SCALE: std::ops::RangeInclusive<u8> = 0..=10;
/// Default and ceiling of a text answer's length, in characters.
pub const SHORT_TEXT_MAX: u32 = 200;
pub const LONG_TEXT_MAX: u32 = 2000;
pub const TEXT_MAX_CEILING: u32 = 5000;

/// Who may answer, and how often.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Limit {
    /// Anyone, as often as they like; nothing personal is stored.
    #[default]
    Anonymous,
    /// One answer per e-mail address, counted once the address is confirmed
    /// by the link we send to it.
    Email,
    /// One answer per signed link that we e-mailed (`?t=i.…`).
    Invitation,
}

/// `GET /api/surveys/{slug}?locale=fr`: the whole form in one language.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Survey {
    pub slug: Slug,
    pub locale: Locale,
    pub title: String,
    pub summary: String,
    /// Shown after a visitor has answered.
    pub thanks: String,
    /// A survey with one section shows no progress bar or back/next.
    pub sections: Vec<Section>,
    pub limit: Limit,
    /// Whether `/surveys/{slug}/results` and the results API are public.
    pub results_public: bool,
    pub closed: bool,
    /// `YYYY-MM-DD`.
    pub opened_on: String,
    /// The languages the survey is written in.
    pub languages: Vec<Locale>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    pub id: Slug,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intro: Option<String>,
    pub questions: Vec<Question>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Question {
    pub id: QuestionId,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// Every question may be skipped unless this is set.
    #[serde(default)]
    pub required: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_if: Option<ShowIf>,
    pub kind: QuestionKind,
}

/// A question is shown only when an earlier question is shown and its answer
/// matches one of `any_of`: a choice id, `"yes"`/`"no"`, or a rating or
/// scale value written as a number (`"4"`). For multiple choice, any ticked
/// choice matches.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShowIf {
    pub question: QuestionId,
    pub any_of: Vec<String>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub id: ChoiceId,
    pub label: String,
}

/// What a question asks for, with its translated choices and labels.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum QuestionKind {
    ShortText {
        max_chars: u32,
    },
    LongText {
        max_chars: u32,
    },
    SingleChoice {
        choices: Vec<Choice>,
    },
    MultipleChoice {
        choices: Vec<Choice>,
        /// Fewest ticks when answered (a required question needs at least one).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<u32>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<u32>,
    },
    Dropdown {
        choices: Vec<Choice>,
    },
    YesNo,
    /// 1 to 5; `low` and `high` name the ends.
    Rating {
        low: String,
        high: String,
    },
    /// 0 to 10; `low` and `high` name the ends.
    Scale {
        low: String,
        high: String,
    },
    /// Several rows rated on one set of columns. A required matrix needs
    /// every row; an optional one takes any rows.
    Matrix {
        rows: Vec<Choice>,
        columns: Vec<Choice>,
    },
}

impl QuestionKind {
    /// The definition's name of the type, as written in `survey.toml`.
    pub fn type_name(&self) -> &'static str {
        match self {
            QuestionKind::ShortText { .. } => "short_text",
            QuestionKind::LongText { .. } => "long_text",
            QuestionKind::SingleChoice { .. } => "single_choice",
            QuestionKind::MultipleChoice { .. } => "multiple_choice",
            QuestionKind::Dropdown { .. } => "dropdown",
            QuestionKind::YesNo => "yes_no",
            QuestionKind::Rating { .. } => "rating",
            QuestionKind::Scale { .. } => "scale",
            QuestionKind::Matrix { .. } => "matrix",
        }
    }

    /// Roughly how long answering takes, for the list's "about N minutes".
    fn seconds(&self) -> u32 {
        match self {
            QuestionKind::ShortText { .. } => 30,
            QuestionKind::LongText { .. } => 90,
            QuestionKind::Matrix { rows, .. } => 8 * rows.len() as u32,
            _ => 10,
        }
    }
}

impl Survey {
    pub fn questions(&self) -> impl Iterator<Item = &Question> {
        self.sections.iter().flat_map(|section| section.questions.iter())
    }

    pub fn question(&self, id: &QuestionId) -> Option<&Question> {
        self.questions().find(|question| &question.id == id)
    }

    /// Whether `question` is shown given the answers so far: conditions
    /// point only at earlier questions, so one pass in order decides it.
    pub fn is_shown(&self, question: &Question, answers: &Answers) -> bool {
        match &question.show_if {
            None => true,
            Some(show_if) => {
                let Some(target) = self.question(&show_if.question) else {
                    return false;
                };
                self.is_shown(target, answers)
                    && answers
                        .get(&show_if.question)
                        .is_some_and(|answer| show_if.any_of.iter().any(|value| answer.matches(value)))
            }
        }
    }

    /// The questions shown given `answers`, in order.
    pub fn shown_questions<'a>(&'a self, answers: &'a Answers) -> impl Iterator<Item = &'a Question> {
        self.questions()
            .filter(move |question| self.is_shown(question, answers))
    }

    /// About how many minutes answering every question takes, at least one.
    pub fn minutes(&self) -> u32 {
        let seconds: u32 = self.questions().map(|question| question.kind.seconds()).sum();
        seconds.div_ceil(60).max(1)
    }

    pub fn summary(&self) -> SurveySummary {
        SurveySummary {
            slug: self.slug.clone(),
            locale: self.locale,
            title: self.title.clone(),
            summary: self.summary.clone(),
            minutes: self.minutes(),
            questions: self.questions().count() as u32,
            required: self.questions().filter(|question| question.required).count() as u32,
            results_public: self.results_public,
            closed: self.closed,
            limit: self.limit,
        }
    }
}

/// One survey in the list, in one language.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveySummary {
    pub slug: Slug,
    pub locale: Locale,
    pub title: String,
    pub summary: String,
    pub minutes: u32,
    pub questions: u32,
    pub required: u32,
    pub results_public: bool,
    pub closed: bool,
    pub limit: Limit,
}

/// `GET /api/surveys?locale=fr`: open surveys first, newest first.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyList {
    pub surveys: Vec<SurveySummary>,
}
