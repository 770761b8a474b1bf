//! A survey read from the server as the builder's draft: the English
//! structure, each language's words in its places, and each condition
//! pointing at its question's and choices' uids.

use civic_api::Locale;
use civic_api::survey::{Choice, Question, QuestionKind, Survey};
use civic_api::survey_editing::EditableSurvey;

use crate::pages::console::survey_draft::{
    Condition, Draft, Entry, Kind, Match, QuestionDraft, SectionDraft, Words, language_index,
};

impl Draft {
    /// The survey read from the server, English first.
    pub fn from_saved(saved: &EditableSurvey) -> Draft {
        let mut draft = Draft::new();
        draft.sections.clear();
        let Some(english) = saved
            .translations
            .iter()
            .find(|survey| survey.locale == Locale::DEFAULT)
            .or(saved.translations.first())
        else {
            return draft;
        };
        draft.slug = english.slug.to_string();
        draft.limit = english.limit;
        draft.results_public = english.results_public;
        for section in &english.sections {
            let uid = draft.next_uid();
            let questions = section
                .questions
                .iter()
                .map(|question| draft.read_question(question))
                .collect();
            draft.sections.push(SectionDraft {
                uid,
                id: section.id.to_string(),
                auto_id: false,
                title: Words::default(),
                intro: Words::default(),
                had_intro: section.intro.is_some(),
                questions,
            });
        }
        draft.read_conditions(english);
        for survey in &saved.translations {
            draft.written[language_index(survey.locale)] = true;
            draft.read_words(survey);
        }
        draft
    }

    fn read_question(&mut self, question: &Question) -> QuestionDraft {
        let uid = self.next_uid();
        let kind = Kind::of(&question.kind);
        let mut draft = QuestionDraft {
            uid,
            id: question.id.to_string(),
            auto_id: false,
            kind,
            required: question.required,
            text: Words::default(),
            help: Words::default(),
            had_help: question.help.is_some(),
            max_chars: kind.default_max().to_string(),
            choices: Vec::new(),
            min: String::new(),
            max: String::new(),
            low: Words::default(),
            high: Words::default(),
            rows: Vec::new(),
            columns: Vec::new(),
            condition: None,
        };
        let mut entries = |list: &[Choice]| -> Vec<Entry> {
            list.iter()
                .map(|choice| Entry {
                    uid: self.next_uid(),
                    id: choice.id.to_string(),
                    auto_id: false,
                    label: Words::default(),
                })
                .collect()
        };
        match &question.kind {
            QuestionKind::ShortText { max_chars } | QuestionKind::LongText { max_chars } => {
                draft.max_chars = max_chars.to_string();
            }
            QuestionKind::SingleChoice { choices } | QuestionKind::Dropdown { choices } => {
                draft.choices = entries(choices);
            }
            QuestionKind::MultipleChoice { choices, min, max } => {
                draft.choices = entries(choices);
                draft.min = min.map(|min| min.to_string()).unwrap_or_default();
                draft.max = max.map(|max| max.to_string()).unwrap_or_default();
            }
            QuestionKind::Matrix { rows, columns } => {
                draft.rows = entries(rows);
                draft.columns = entries(columns);
            }
            QuestionKind::YesNo | QuestionKind::Rating { .. } | QuestionKind::Scale { .. } => {}
        }
        draft
    }

    /// Each condition, pointing at its question's and choices' uids.
    fn read_conditions(&mut self, english: &Survey) {
        let read: Vec<(u32, Condition)> = english
            .questions()
            .zip(self.questions())
            .filter_map(|(question, draft)| {
                let show_if = question.show_if.as_ref()?;
                let target = self.questions().find(|each| each.id == show_if.question.as_str())?;
                let any_of = show_if
                    .any_of
                    .iter()
                    .map(|value| match target.choices.iter().find(|choice| choice.id == *value) {
                        Some(choice) if target.kind.has_choices() => Match::Choice(choice.uid),
                        _ => Match::Value(value.clone()),
                    })
                    .collect();
                Some((
                    draft.uid,
                    Condition {
                        question: target.uid,
                        any_of,
                    },
                ))
            })
            .collect();
        for (uid, condition) in read {
            if let Some(question) = self.question_mut(uid) {
                question.condition = Some(condition);
            }
        }
    }

    /// One language's words, in the structure's places.
    fn read_words(&mut self, survey: &Survey) {
        let locale = survey.locale;
        self.title.set(locale, survey.title.clone());
        self.summary.set(locale, survey.summary.clone());
        self.thanks.set(locale, survey.thanks.clone());
        for (draft, section) in self.sections.iter_mut().zip(&survey.sections) {
            draft.title.set(locale, section.title.clone());
            draft.intro.set(locale, section.intro.clone().unwrap_or_default());
            for (draft, question) in draft.questions.iter_mut().zip(&section.questions) {
                draft.text.set(locale, question.text.clone());
                draft.help.set(locale, question.help.clone().unwrap_or_default());
                let labels = |entries: &mut Vec<Entry>, choices: &[Choice]| {
                    for (entry, choice) in entries.iter_mut().zip(choices) {
                        entry.label.set(locale, choice.label.clone());
                    }
                };
                match &question.kind {
                    QuestionKind::SingleChoice { choices }
                    | QuestionKind::MultipleChoice { choices, .. }
                    | QuestionKind::Dropdown { choices } => labels(&mut draft.choices, choices),
                    QuestionKind::Matrix { rows, columns } => {
                        labels(&mut draft.rows, rows);
                        labels(&mut draft.columns, columns);
                    }
                    QuestionKind::Rating { low, high } | QuestionKind::Scale { low, high } => {
                        draft.low.set(locale, low.clone());
                        draft.high.set(locale, high.clone());
                    }
                    QuestionKind::ShortText { .. } | QuestionKind::LongText { .. } | QuestionKind::YesNo => {}
                }
            }
        }
    }

    /// Once saved, the optional texts are as they were sent: what
    /// `locked` keeps from then on.
    pub fn saved(&mut self) {
        let languages = self.languages();
        for section in &mut self.sections {
            section.had_intro = section.intro.written_in(&languages);
            for question in &mut section.questions {
                question.had_help = question.help.written_in(&languages);
            }
        }
    }
}
