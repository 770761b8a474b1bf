//! What the visitor has answered so far, where they are, and what is wrong
//! with it: one `Copy` handle that every question component shares.

use civic_api::survey::{Answer, Answers, QuestionId, ResponseRequest, Survey, answer_field};
use civic_api::{FieldError, FieldErrors, Locale};
use leptos::prelude::*;

use civic_api::Email;

use crate::form_kit::{Field, FormKit};

/// The address field's id, where a survey asks for one.
pub const EMAIL_ID: &str = "survey-email";

#[derive(Debug, Clone, Copy)]
pub struct SurveyState {
    pub survey: StoredValue<Survey>,
    pub locale: Locale,
    pub answers: RwSignal<Answers>,
    /// The index of the section on screen.
    pub section: RwSignal<usize>,
    /// The idempotency key, the honeypot and the refusals.
    pub kit: FormKit,
    /// Refusals by field name (`answers.{id}`, `email`), from the browser's
    /// check of a section or from the server: the kit's.
    pub errors: RwSignal<FieldErrors>,
    pub email: Field,
}

impl SurveyState {
    pub fn new(survey: Survey, locale: Locale) -> SurveyState {
        let kit = FormKit::new();
        SurveyState {
            survey: StoredValue::new(survey),
            locale,
            answers: RwSignal::new(Answers::new()),
            section: RwSignal::new(0),
            kit,
            errors: kit.server_errors(),
            email: kit.field("email", EMAIL_ID, Email::check),
        }
    }

    /// The current answer to a question (tracked).
    pub fn answer(self, id: &QuestionId) -> Option<Answer> {
        self.answers.with(|answers| answers.get(id).cloned())
    }

    /// Records an answer, or its removal (`None`, or nothing left in it).
    /// The last verdict on the question no longer applies.
    pub fn set_answer(self, id: &QuestionId, answer: Option<Answer>) {
        let answer = answer.filter(|answer| !is_empty(answer));
        self.answers.update(|answers| match answer {
            Some(answer) => {
                answers.insert(id.clone(), answer);
            }
            None => {
                answers.remove(id);
            }
        });
        self.kit.forget_error(&answer_field(id));
        self.kit.changed();
    }

    /// What is wrong with the answer to a question (tracked).
    pub fn error(self, id: &QuestionId) -> Option<FieldError> {
        self.errors.with(|errors| errors.get(&answer_field(id)).copied())
    }

    /// Whether a question is shown given the answers so far (tracked).
    pub fn is_shown(self, id: &QuestionId) -> bool {
        self.answers.with(|answers| {
            self.survey.with_value(|survey| {
                survey
                    .question(id)
                    .is_some_and(|question| survey.is_shown(question, answers))
            })
        })
    }

    /// The request for the answers as they stand, without those to hidden
    /// questions (kept meanwhile, in case the visitor changes their mind).
    pub fn request(self, invitation: Option<String>) -> ResponseRequest {
        let answers = self.answers.with_untracked(|answers| {
            self.survey.with_value(|survey| {
                let shown = survey.shown_questions(answers);
                shown
                    .filter_map(|question| Some((question.id.clone(), answers.get(&question.id)?.clone())))
                    .collect()
            })
        });
        let email = self
            .survey
            .with_value(|survey| survey.limit == civic_api::survey::Limit::Email);
        ResponseRequest {
            idempotency_key: untrack(|| self.kit.idempotency_key()),
            locale: Some(self.locale),
            answers,
            email: email.then(|| self.email.text()),
            invitation,
            website: self.kit.honeypot.get_untracked(),
        }
    }

    /// Checks the shown questions of section `index` as the server would
    /// and keeps only their refusals; answers whether all is well.
    pub fn check_section(self, index: usize) -> bool {
        let request = self.request(None);
        let Err(all) = self.survey.with_value(|survey| survey.validate(&request)) else {
            self.errors.set(FieldErrors::new());
            return true;
        };
        let fields: Vec<String> = self.survey.with_value(|survey| {
            survey
                .sections
                .get(index)
                .map(|section| {
                    section
                        .questions
                        .iter()
                        .map(|question| answer_field(&question.id))
                        .collect()
                })
                .unwrap_or_default()
        });
        let errors: FieldErrors = all.into_iter().filter(|(field, _)| fields.contains(field)).collect();
        let ok = errors.is_empty();
        self.errors.set(errors);
        ok
    }

    /// The index of the first section with a refused question, if any.
    pub fn first_section_with_error(self) -> Option<usize> {
        self.errors.with_untracked(|errors| {
            self.survey.with_value(|survey| {
                survey.sections.iter().position(|section| {
                    section
                        .questions
                        .iter()
                        .any(|question| errors.contains_key(&answer_field(&question.id)))
                })
            })
        })
    }

    /// The first refused question of section `index`, in order.
    pub fn first_error_in(self, index: usize) -> Option<QuestionId> {
        self.errors.with_untracked(|errors| {
            self.survey.with_value(|survey| {
                survey.sections.get(index).and_then(|section| {
                    section
                        .questions
                        .iter()
                        .find(|question| errors.contains_key(&answer_field(&question.id)))
                        .map(|question| question.id.clone())
                })
            })
        })
    }

    /// "Start again": nothing typed stays, and a new response begins.
    pub fn reset(self) {
        self.answers.set(Answers::new());
        self.kit.start_over(&[self.email]);
        self.section.set(0);
    }
}

/// Whether an answer says nothing (so it is dropped rather than kept).
fn is_empty(answer: &Answer) -> bool {
    match answer {
        Answer::Text(text) => text.is_empty(),
        Answer::Choices(choices) => choices.is_empty(),
        Answer::Matrix(rows) => rows.is_empty(),
        Answer::Choice(_) | Answer::YesNo(_) | Answer::Number(_) => false,
    }
}

/// The ids a question's markup uses, so components, tests and the
/// end-to-end suite agree: `q-{id}` on the question, `q-{id}__label`,
/// `__help`, `__error`, `__count`, `__input` (texts and dropdowns), and
/// `q-{id}--{choice}` for each radio or checkbox (`q-{id}--{row}--{column}`
/// in a matrix). Slugs hold no `_` and no `--`, so no two ids can meet.
pub fn question_dom_id(id: &QuestionId) -> String {
    format!("q-{id}")
}

pub fn part_id(id: &QuestionId, part: &str) -> String {
    format!("q-{id}__{part}")
}

pub fn option_id(id: &QuestionId, option: &str) -> String {
    format!("q-{id}--{option}")
}

/// What ties a question's control to its help text and error.
pub fn described_by(id: &QuestionId, has_help: bool, has_error: bool, extra: Option<&str>) -> Option<String> {
    let parts: Vec<String> = [
        has_help.then(|| part_id(id, "help")),
        extra.map(|extra| part_id(id, extra)),
        has_error.then(|| part_id(id, "error")),
    ]
    .into_iter()
    .flatten()
    .collect();
    (!parts.is_empty()).then(|| parts.join(" "))
}
