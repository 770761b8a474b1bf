//! The one judge of a response, run by the server before anything is stored
//! and by the browser for instant feedback.

use std::collections::BTreeSet;

use crate::survey::{Answer, Answers, Choice, Limit, Question, QuestionKind, RATING, ResponseRequest, SCALE};
use crate::survey::{Survey, ValidResponse, answer_field};
use crate::{Email, FieldError, FieldErrors, IdempotencyKey};

#[cfg(test)]
pub(crate) mod fixture;
#[cfg(test)]
mod tests;

impl Survey {
    /// Checks every answer against this survey and returns all refusals at
    /// once, keyed by `answer_field(id)` (and `email`, `invitation`,
    /// `idempotency_key`, `locale`).
    pub fn validate(&self, request: &ResponseRequest) -> Result<ValidResponse, FieldErrors> {
        let mut errors = FieldErrors::new();
        let idempotency_key = IdempotencyKey::parse(&request.idempotency_key)
            .map_err(|e| errors.insert("idempotency_key".to_owned(), e))
            .ok();
        let locale = request.locale.or_else(|| {
            errors.insert("locale".to_owned(), FieldError::Required);
            None
        });
        // The address and the invitation are read only for the survey that
        // asks for them, so an anonymous answer never carries either.
        let email = match self.limit {
            Limit::Email => Email::parse(request.email.as_deref().unwrap_or(""))
                .map_err(|e| errors.insert("email".to_owned(), e))
                .ok(),
            Limit::Anonymous | Limit::Invitation => None,
        };
        let invitation = match self.limit {
            Limit::Invitation => match request.invitation.as_deref().map(str::trim) {
                Some(token) if !token.is_empty() => Some(token.to_owned()),
                _ => {
                    errors.insert("invitation".to_owned(), FieldError::Required);
                    None
                }
            },
            Limit::Anonymous | Limit::Email => None,
        };
        let answers = self.checked_answers(&request.answers, &mut errors);
        match (idempotency_key, locale) {
            (Some(idempotency_key), Some(locale)) if errors.is_empty() => Ok(ValidResponse {
                idempotency_key,
                locale,
                answers,
                email,
                invitation,
            }),
            _ => Err(errors),
        }
    }

    /// The answers worth keeping, tidied; every refusal goes into `errors`.
    /// Visibility is judged on the answers as sent, as the form judged it.
    fn checked_answers(&self, sent: &Answers, errors: &mut FieldErrors) -> Answers {
        let mut kept = Answers::new();
        for id in sent.keys().filter(|id| self.question(id).is_none()) {
            errors.insert(answer_field(id), FieldError::Invalid);
        }
        for question in self.questions() {
            let answer = sent.get(&question.id).filter(|answer| !is_blank(answer));
            let field = || answer_field(&question.id);
            match (self.is_shown(question, sent), answer) {
                (false, None) => {}
                (false, Some(_)) => {
                    errors.insert(field(), FieldError::Invalid);
                }
                (true, None) if question.required => {
                    errors.insert(field(), FieldError::Required);
                }
                (true, None) => {}
                (true, Some(answer)) => match checked_answer(question, answer) {
                    Ok(answer) => {
                        kept.insert(question.id.clone(), answer);
                    }
                    Err(error) => {
                        errors.insert(field(), error);
                    }
                },
            }
        }
        kept
    }
}

/// Whether `answer` says nothing: a blank text, no ticks, no matrix rows.
pub(super) fn is_blank(answer: &Answer) -> bool {
    match answer {
        Answer::Text(text) => text.trim().is_empty(),
        Answer::Choices(choices) => choices.is_empty(),
        Answer::Matrix(rows) => rows.is_empty(),
        Answer::Choice(_) | Answer::YesNo(_) | Answer::Number(_) => false,
    }
}

fn offers(choices: &[Choice], id: &str) -> bool {
    choices.iter().any(|choice| choice.id.as_str() == id)
}

/// One non-blank answer to a shown question, tidied, or why it is refused.
fn checked_answer(question: &Question, answer: &Answer) -> Result<Answer, FieldError> {
    match (&question.kind, answer) {
        (QuestionKind::ShortText { max_chars } | QuestionKind::LongText { max_chars }, Answer::Text(text)) => {
            let text = text.trim();
            if text.chars().count() > *max_chars as usize {
                Err(FieldError::TooLong)
            } else if !crate::field::is_typed_text(text) {
                Err(FieldError::Invalid)
            } else {
                Ok(Answer::Text(text.to_owned()))
            }
        }
        (QuestionKind::SingleChoice { choices } | QuestionKind::Dropdown { choices }, Answer::Choice(id)) => {
            if offers(choices, id.as_str()) {
                Ok(answer.clone())
            } else {
                Err(FieldError::Invalid)
            }
        }
        (QuestionKind::MultipleChoice { choices, min, max }, Answer::Choices(ticked)) => {
            let distinct: BTreeSet<_> = ticked.iter().collect();
            if distinct.len() != ticked.len() || !ticked.iter().all(|id| offers(choices, id.as_str())) {
                return Err(FieldError::Invalid);
            }
            let count = ticked.len() as u64;
            if min.is_some_and(|min| count < u64::from(min)) {
                return Err(FieldError::TooShort);
            }
            if max.is_some_and(|max| count > u64::from(max)) {
                return Err(FieldError::TooLong);
            }
            // Kept in the survey's order, so equal answers are stored alike.
            let in_order = choices.iter().filter(|choice| distinct.contains(&choice.id));
            Ok(Answer::Choices(in_order.map(|choice| choice.id.clone()).collect()))
        }
        (QuestionKind::YesNo, Answer::YesNo(_)) => Ok(answer.clone()),
        (QuestionKind::Rating { .. }, Answer::Number(number)) if RATING.contains(number) => Ok(answer.clone()),
        (QuestionKind::Scale { .. }, Answer::Number(number)) if SCALE.contains(number) => Ok(answer.clone()),
        (QuestionKind::Matrix { rows, columns }, Answer::Matrix(rated)) => {
            let known = rated
                .iter()
                .all(|(row, column)| offers(rows, row.as_str()) && offers(columns, column.as_str()));
            if !known {
                Err(FieldError::Invalid)
            } else if question.required && rated.len() < rows.len() {
                Err(FieldError::Required)
            } else {
                Ok(answer.clone())
            }
        }
        _ => Err(FieldError::Invalid),
    }
}
