//! The survey builder's state: one structure (sections, questions, their
//! ids, types, limits and conditions) shared by every language, and each
//! language's words beside it, as typed. Every section, question, choice,
//! row and column carries a `uid` of its own, never sent, so that the
//! page keeps each one's controls while it is moved, renamed or retyped,
//! and a condition follows its question and choices whatever their ids.
//! `survey_reading` makes a draft of a saved survey, `survey_request`
//! the contract's survey of each language from a draft.

use civic_api::survey::{LONG_TEXT_MAX, Limit, QuestionKind, SHORT_TEXT_MAX};
use civic_api::{Locale, Slug};

/// A text in each language, in `Locale::ALL`'s order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Words([String; 4]);

pub fn language_index(locale: Locale) -> usize {
    Locale::ALL.iter().position(|each| *each == locale).unwrap_or(0)
}

impl Words {
    pub fn get(&self, locale: Locale) -> &str {
        &self.0[language_index(locale)]
    }

    pub fn set(&mut self, locale: Locale, text: String) {
        self.0[language_index(locale)] = text;
    }

    /// Whether any of `languages` has words here.
    pub fn written_in(&self, languages: &[Locale]) -> bool {
        languages.iter().any(|locale| !self.get(*locale).trim().is_empty())
    }
}

/// A question's type, as the builder's `<select>` offers it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    ShortText,
    LongText,
    SingleChoice,
    MultipleChoice,
    Dropdown,
    YesNo,
    Rating,
    Scale,
    Matrix,
}

impl Kind {
    pub const ALL: [Kind; 9] = [
        Kind::ShortText,
        Kind::LongText,
        Kind::SingleChoice,
        Kind::MultipleChoice,
        Kind::Dropdown,
        Kind::YesNo,
        Kind::Rating,
        Kind::Scale,
        Kind::Matrix,
    ];

    /// The contract's name of the type (`single_choice`).
    pub fn name(self) -> &'static str {
        match self {
            Kind::ShortText => "short_text",
            Kind::LongText => "long_text",
            Kind::SingleChoice => "single_choice",
            Kind::MultipleChoice => "multiple_choice",
            Kind::Dropdown => "dropdown",
            Kind::YesNo => "yes_no",
            Kind::Rating => "rating",
            Kind::Scale => "scale",
            Kind::Matrix => "matrix",
        }
    }

    pub fn parse(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|kind| kind.name() == name)
    }

    pub fn of(kind: &QuestionKind) -> Kind {
        Kind::parse(kind.type_name()).unwrap_or(Kind::ShortText)
    }

    pub fn has_choices(self) -> bool {
        matches!(self, Kind::SingleChoice | Kind::MultipleChoice | Kind::Dropdown)
    }

    pub fn is_text(self) -> bool {
        matches!(self, Kind::ShortText | Kind::LongText)
    }

    /// Whether a later question's condition can look at its answers.
    pub fn can_be_matched(self) -> bool {
        self.has_choices() || matches!(self, Kind::YesNo | Kind::Rating | Kind::Scale)
    }

    /// The answers a condition can match, for a rating or a scale.
    pub fn numbers(self) -> Vec<u8> {
        match self {
            Kind::Rating => civic_api::survey::RATING.collect(),
            Kind::Scale => civic_api::survey::SCALE.collect(),
            _ => Vec::new(),
        }
    }

    /// The length a new text question allows.
    pub fn default_max(self) -> u32 {
        match self {
            Kind::LongText => LONG_TEXT_MAX,
            _ => SHORT_TEXT_MAX,
        }
    }
}

/// Which list of a question an entry is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum List {
    Choices,
    Rows,
    Columns,
}

/// A choice, or a matrix's row or column.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub uid: u32,
    pub id: String,
    /// The id follows the English label until it is typed by hand.
    pub auto_id: bool,
    pub label: Words,
}

/// One answer a condition matches: a choice of its question, or `yes`,
/// `no` or a number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Match {
    Choice(u32),
    Value(String),
}

/// Shown only when the earlier question `question` (a uid) was answered
/// with any of `any_of`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Condition {
    pub question: u32,
    pub any_of: Vec<Match>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct QuestionDraft {
    pub uid: u32,
    pub id: String,
    pub auto_id: bool,
    pub kind: Kind,
    pub required: bool,
    pub text: Words,
    pub help: Words,
    /// Whether the survey as saved has help here: once people answered,
    /// help can be reworded but neither added nor taken away.
    pub had_help: bool,
    /// Every type's settings are kept, so that going back to a type finds
    /// them as they were.
    pub max_chars: String,
    pub choices: Vec<Entry>,
    pub min: String,
    pub max: String,
    pub low: Words,
    pub high: Words,
    pub rows: Vec<Entry>,
    pub columns: Vec<Entry>,
    pub condition: Option<Condition>,
}

impl QuestionDraft {
    pub fn list(&self, list: List) -> &[Entry] {
        match list {
            List::Choices => &self.choices,
            List::Rows => &self.rows,
            List::Columns => &self.columns,
        }
    }

    pub fn list_mut(&mut self, list: List) -> &mut Vec<Entry> {
        match list {
            List::Choices => &mut self.choices,
            List::Rows => &mut self.rows,
            List::Columns => &mut self.columns,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct SectionDraft {
    pub uid: u32,
    pub id: String,
    pub auto_id: bool,
    pub title: Words,
    pub intro: Words,
    /// As `QuestionDraft::had_help`, for the introduction.
    pub had_intro: bool,
    pub questions: Vec<QuestionDraft>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    /// The address, typed for a new survey (read-only once saved).
    pub slug: String,
    pub limit: Limit,
    pub results_public: bool,
    /// Which languages are written, in `Locale::ALL`'s order; English
    /// always is. An unticked language keeps its words here, unsent.
    pub written: [bool; 4],
    pub title: Words,
    pub summary: Words,
    pub thanks: Words,
    pub sections: Vec<SectionDraft>,
    pub(super) last_uid: u32,
}

impl Default for Draft {
    fn default() -> Self {
        Draft::new()
    }
}

impl Draft {
    /// A new survey: English only, one section with one question.
    pub fn new() -> Draft {
        let mut draft = Draft {
            slug: String::new(),
            limit: Limit::Anonymous,
            results_public: false,
            written: [true, false, false, false],
            title: Words::default(),
            summary: Words::default(),
            thanks: Words::default(),
            sections: Vec::new(),
            last_uid: 0,
        };
        draft.add_section();
        draft
    }

    pub fn next_uid(&mut self) -> u32 {
        self.last_uid += 1;
        self.last_uid
    }

    /// The languages written, English first.
    pub fn languages(&self) -> Vec<Locale> {
        Locale::ALL
            .into_iter()
            .filter(|locale| *locale == Locale::DEFAULT || self.written[language_index(*locale)])
            .collect()
    }

    pub fn questions(&self) -> impl Iterator<Item = &QuestionDraft> {
        self.sections.iter().flat_map(|section| section.questions.iter())
    }

    pub fn section(&self, uid: u32) -> Option<&SectionDraft> {
        self.sections.iter().find(|section| section.uid == uid)
    }

    pub fn section_mut(&mut self, uid: u32) -> Option<&mut SectionDraft> {
        self.sections.iter_mut().find(|section| section.uid == uid)
    }

    pub fn question(&self, uid: u32) -> Option<&QuestionDraft> {
        self.questions().find(|question| question.uid == uid)
    }

    pub fn question_mut(&mut self, uid: u32) -> Option<&mut QuestionDraft> {
        self.sections
            .iter_mut()
            .flat_map(|section| section.questions.iter_mut())
            .find(|question| question.uid == uid)
    }

    /// The question's number in the whole survey, from 1.
    pub fn question_number(&self, uid: u32) -> usize {
        self.questions()
            .position(|question| question.uid == uid)
            .map_or(0, |at| at + 1)
    }
}

/// `id` as a slug, or a stand-in while it is not one.
pub fn id_or_stand_in(id: &str, uid: u32) -> Slug {
    Slug::parse(id.trim())
        .or_else(|_| Slug::parse(&format!("unnamed-{uid}")))
        .expect("`unnamed-` and a number is a slug")
}

/// A number typed in a field, if it is one.
pub fn number(text: &str) -> Option<u32> {
    text.trim().parse().ok()
}
