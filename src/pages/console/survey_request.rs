//! The builder's draft as the contract has it: the survey of each
//! language written, texts trimmed, every id a slug (a stand-in while one
//! is not, which the builder's check refuses before any save), each
//! condition naming its question's and choices' ids as they are now.

use civic_api::Locale;
use civic_api::survey::{Choice, Question, QuestionKind, Section, ShowIf, Survey};
use civic_api::survey_editing::SurveyEdit;

use crate::pages::console::survey_draft::{Draft, Entry, Kind, Match, QuestionDraft, Words, id_or_stand_in, number};

impl Draft {
    /// The request for the survey as typed, every language written, from
    /// `version` (0 for a new one). `locked`: people have answered, so
    /// help and introductions are where they were.
    pub fn edit(&self, version: i64, idempotency_key: String, locked: bool) -> SurveyEdit {
        SurveyEdit {
            version,
            translations: self
                .languages()
                .into_iter()
                .map(|locale| self.survey(locale, locked))
                .collect(),
            idempotency_key,
        }
    }

    /// The survey in `locale`, texts trimmed. An id that is not one yet
    /// gets a stand-in (the builder's check refuses it before any save);
    /// the server sets the state and languages itself.
    pub fn survey(&self, locale: Locale, locked: bool) -> Survey {
        let languages = self.languages();
        let words = |words: &Words| words.get(locale).trim().to_owned();
        let optional = |words: &Words, had: bool| {
            let present = match locked {
                true => had,
                false => words.written_in(&languages),
            };
            present.then(|| words.get(locale).trim().to_owned())
        };
        let sections = self
            .sections
            .iter()
            .map(|section| Section {
                id: id_or_stand_in(&section.id, section.uid),
                title: words(&section.title),
                intro: optional(&section.intro, section.had_intro),
                questions: section
                    .questions
                    .iter()
                    .map(|question| Question {
                        id: id_or_stand_in(&question.id, question.uid),
                        text: words(&question.text),
                        help: optional(&question.help, question.had_help),
                        required: question.required,
                        show_if: self.show_if(question),
                        kind: kind_in(question, locale),
                    })
                    .collect(),
            })
            .collect();
        Survey {
            slug: id_or_stand_in(&self.slug, 0),
            locale,
            title: words(&self.title),
            summary: words(&self.summary),
            thanks: words(&self.thanks),
            sections,
            limit: self.limit,
            results_public: self.results_public,
            closed: false,
            opened_on: String::new(),
            languages: Vec::new(),
        }
    }

    fn show_if(&self, question: &QuestionDraft) -> Option<ShowIf> {
        let condition = question.condition.as_ref()?;
        let target = self.question(condition.question)?;
        let any_of = condition
            .any_of
            .iter()
            .filter_map(|value| match value {
                Match::Choice(uid) => target
                    .choices
                    .iter()
                    .find(|choice| choice.uid == *uid)
                    .map(|choice| id_or_stand_in(&choice.id, choice.uid).to_string()),
                Match::Value(value) => Some(value.clone()),
            })
            .collect();
        Some(ShowIf {
            question: id_or_stand_in(&target.id, target.uid),
            any_of,
        })
    }
}

fn kind_in(question: &QuestionDraft, locale: Locale) -> QuestionKind {
    let entries = |entries: &[Entry]| -> Vec<Choice> {
        entries
            .iter()
            .map(|entry| Choice {
                id: id_or_stand_in(&entry.id, entry.uid),
                label: entry.label.get(locale).trim().to_owned(),
            })
            .collect()
    };
    let bound = |text: &str| match text.trim() {
        "" => None,
        typed => Some(number(typed).unwrap_or(0)),
    };
    let max_chars = number(&question.max_chars).unwrap_or(0);
    let (low, high) = (
        question.low.get(locale).trim().to_owned(),
        question.high.get(locale).trim().to_owned(),
    );
    match question.kind {
        Kind::ShortText => QuestionKind::ShortText { max_chars },
        Kind::LongText => QuestionKind::LongText { max_chars },
        Kind::SingleChoice => QuestionKind::SingleChoice {
            choices: entries(&question.choices),
        },
        Kind::MultipleChoice => QuestionKind::MultipleChoice {
            choices: entries(&question.choices),
            min: bound(&question.min),
            max: bound(&question.max),
        },
        Kind::Dropdown => QuestionKind::Dropdown {
            choices: entries(&question.choices),
        },
        Kind::YesNo => QuestionKind::YesNo,
        Kind::Rating => QuestionKind::Rating { low, high },
        Kind::Scale => QuestionKind::Scale { low, high },
        Kind::Matrix => QuestionKind::Matrix {
            rows: entries(&question.rows),
            columns: entries(&question.columns),
        },
    }
}

#[cfg(test)]
mod tests {
    use civic_api::Slug;
    use civic_api::survey::Limit;
    use civic_api::survey_editing::EditableSurvey;

    use super::*;

    fn slug(text: &str) -> Slug {
        Slug::parse(text).unwrap()
    }

    /// A survey of every kind of part: an introduction, help, a multiple
    /// choice with bounds, a grid, and a condition on a scale.
    fn saved(locale: Locale) -> Survey {
        let words = |text: &str| format!("{text} ({locale})");
        let choice = |id: &str| Choice {
            id: slug(id),
            label: words(id),
        };
        let question = |id: &str, kind: QuestionKind| Question {
            id: slug(id),
            text: words(id),
            help: None,
            required: false,
            show_if: None,
            kind,
        };
        Survey {
            slug: slug("streets"),
            locale,
            title: words("title"),
            summary: words("summary"),
            thanks: words("thanks"),
            sections: vec![Section {
                id: slug("you"),
                title: words("you"),
                intro: Some(words("intro")),
                questions: vec![
                    Question {
                        help: Some(words("help")),
                        required: true,
                        ..question(
                            "score",
                            QuestionKind::Scale {
                                low: words("low"),
                                high: words("high"),
                            },
                        )
                    },
                    Question {
                        show_if: Some(ShowIf {
                            question: slug("score"),
                            any_of: vec!["9".to_owned(), "10".to_owned()],
                        }),
                        ..question(
                            "ways",
                            QuestionKind::MultipleChoice {
                                choices: vec![choice("walk"), choice("bike")],
                                min: Some(1),
                                max: None,
                            },
                        )
                    },
                    question(
                        "grid",
                        QuestionKind::Matrix {
                            rows: vec![choice("noise")],
                            columns: vec![choice("low"), choice("high")],
                        },
                    ),
                    question("ideas", QuestionKind::LongText { max_chars: 900 }),
                ],
            }],
            limit: Limit::Email,
            results_public: true,
            closed: false,
            opened_on: String::new(),
            languages: Vec::new(),
        }
    }

    #[test]
    fn a_saved_survey_is_sent_back_as_it_was_read() {
        let read = EditableSurvey {
            slug: slug("streets"),
            version: 3,
            translations: vec![saved(Locale::En), saved(Locale::Ar)],
            responses: 0,
        };
        let draft = Draft::from_saved(&read);
        assert_eq!(draft.languages(), [Locale::En, Locale::Ar]);
        let edit = draft.edit(3, "key".to_owned(), false);
        assert_eq!(edit.translations, read.translations);
        assert_eq!(
            draft.edit(3, "key".to_owned(), true).translations,
            read.translations,
            "locked"
        );
    }

    #[test]
    fn optional_texts_are_there_when_a_language_has_them_unless_locked() {
        let read = EditableSurvey {
            slug: slug("streets"),
            version: 3,
            translations: vec![saved(Locale::En)],
            responses: 2,
        };
        let mut draft = Draft::from_saved(&read);
        let score = draft.sections[0].questions[0].uid;
        draft.question_mut(score).unwrap().help.set(Locale::En, " ".to_owned());
        let help = |edit: &SurveyEdit| edit.translations[0].sections[0].questions[0].help.clone();
        assert_eq!(help(&draft.edit(3, "key".to_owned(), false)), None);
        assert_eq!(
            help(&draft.edit(3, "key".to_owned(), true)),
            Some(String::new()),
            "kept, and refused"
        );
    }
}
