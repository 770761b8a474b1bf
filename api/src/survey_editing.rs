//! Surveys written in the console: the whole form in every language it is
//! written in, English first, with one structure (sections, question ids,
//! types, required, conditions, choices and limits) and each language's
//! texts. The same checks as a survey written in `content/surveys`
//! (`Survey::check`) decide whether it can be answered. Once people have
//! answered, only its wording may change, so no answer loses its question.

use serde::{Deserialize, Serialize};

use crate::survey::{Limit, Survey};
use crate::{FieldError, FieldErrors, IdempotencyKey, Locale, Slug};

/// Most addresses one paste invites.
pub const INVITATIONS_MAX: usize = 5_000;

/// A survey in the console's list.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyLine {
    pub slug: Slug,
    /// The English title.
    pub title: String,
    pub limit: Limit,
    pub results_public: bool,
    pub closed: bool,
    pub languages: Vec<Locale>,
    /// Counted responses.
    pub responses: u64,
}

/// `GET /api/staff/surveys/{slug}`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EditableSurvey {
    pub slug: Slug,
    pub version: i64,
    /// Every language written, English first.
    pub translations: Vec<Survey>,
    /// Counted responses: once there is one, only wording may change.
    pub responses: u64,
}

/// `POST /api/staff/surveys` (a new survey, `version` 0, open from today)
/// and `PUT /api/staff/surveys/{slug}` (from `version`).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SurveyEdit {
    pub version: i64,
    /// English and any other languages, each once. The English version's
    /// slug, limit and results setting are the survey's; the server sets
    /// `languages`, `closed` and `opened_on` itself.
    pub translations: Vec<Survey>,
    pub idempotency_key: String,
}

/// A checked survey: English first, each language with the survey's own
/// settings and `languages`.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedSurvey {
    pub translations: Vec<Survey>,
    pub idempotency_key: IdempotencyKey,
}

impl CheckedSurvey {
    pub fn english(&self) -> &Survey {
        &self.translations[0]
    }
}

impl SurveyEdit {
    /// English, each language once, every language with the English
    /// structure, and each answerable by `Survey::check`. Refusals are
    /// named `translations` (no English), `translations.{locale}` (twice,
    /// or not the English structure), `translations.{locale}.survey` (the
    /// survey's own texts) and `translations.{locale}.questions.{id}`.
    pub fn validate(&self, closed: bool, opened_on: &str) -> Result<CheckedSurvey, FieldErrors> {
        let mut errors = FieldErrors::new();
        let key = IdempotencyKey::parse(&self.idempotency_key)
            .map_err(|error| errors.insert("idempotency_key".to_owned(), error))
            .ok();
        let mut translations: Vec<Survey> = Vec::new();
        for survey in &self.translations {
            if translations.iter().any(|other| other.locale == survey.locale) {
                errors.insert(format!("translations.{}", survey.locale), FieldError::Invalid);
                continue;
            }
            translations.push(survey.clone());
        }
        translations.sort_by_key(|survey| Locale::ALL.iter().position(|locale| *locale == survey.locale));
        let languages: Vec<Locale> = translations.iter().map(|survey| survey.locale).collect();
        let Some(english) = translations
            .first()
            .filter(|survey| survey.locale == Locale::DEFAULT)
            .cloned()
        else {
            errors.insert("translations".to_owned(), FieldError::Required);
            return Err(errors);
        };
        for survey in &mut translations {
            survey.slug = english.slug.clone();
            survey.limit = english.limit;
            survey.results_public = english.results_public;
            survey.closed = closed;
            survey.opened_on = opened_on.to_owned();
            survey.languages = languages.clone();
        }
        let shape = translations[0].without_texts();
        for survey in &translations {
            if survey.locale != Locale::DEFAULT && survey.without_texts() != shape {
                errors.insert(format!("translations.{}", survey.locale), FieldError::Invalid);
                continue;
            }
            for problem in survey.check() {
                let field = match &problem.question {
                    Some(id) => format!("translations.{}.questions.{id}", survey.locale),
                    None => format!("translations.{}.survey", survey.locale),
                };
                errors.insert(field, FieldError::Invalid);
            }
        }
        match key {
            Some(idempotency_key) if errors.is_empty() => Ok(CheckedSurvey {
                translations,
                idempotency_key,
            }),
            _ => Err(errors),
        }
    }
}

impl Survey {
    /// The survey with every text taken out: what must be the same in
    /// every language, and what answers depend on.
    pub fn without_texts(&self) -> Survey {
        use crate::survey::QuestionKind;
        let mut shape = self.clone();
        shape.locale = Locale::DEFAULT;
        shape.languages.clear();
        for text in [&mut shape.title, &mut shape.summary, &mut shape.thanks] {
            text.clear();
        }
        for section in &mut shape.sections {
            section.title.clear();
            section.intro = section.intro.as_ref().map(|_| String::new());
            for question in &mut section.questions {
                question.text.clear();
                question.help = question.help.as_ref().map(|_| String::new());
                match &mut question.kind {
                    QuestionKind::SingleChoice { choices }
                    | QuestionKind::MultipleChoice { choices, .. }
                    | QuestionKind::Dropdown { choices } => choices.iter_mut().for_each(|choice| choice.label.clear()),
                    QuestionKind::Matrix { rows, columns } => rows
                        .iter_mut()
                        .chain(columns.iter_mut())
                        .for_each(|choice| choice.label.clear()),
                    QuestionKind::Rating { low, high } | QuestionKind::Scale { low, high } => {
                        low.clear();
                        high.clear();
                    }
                    QuestionKind::ShortText { .. } | QuestionKind::LongText { .. } | QuestionKind::YesNo => {}
                }
            }
        }
        shape
    }
}

/// `PUT /api/staff/surveys/{slug}/status`: open or close it, from the
/// version read.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SurveyStatusChange {
    pub version: i64,
    pub closed: bool,
    pub idempotency_key: String,
}

/// `POST /api/staff/surveys/{slug}/invitations`: a personal link to a
/// survey that takes one answer per invited person, mailed to each
/// address pasted (one a line, or separated by commas or semicolons;
/// blank lines and lines starting with `#` skipped, an address twice
/// invited once), in `locale` where the survey is written in it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SurveyInvitations {
    pub addresses: String,
    pub locale: Locale,
    pub idempotency_key: String,
}

/// The answer to invitations: how many were mailed.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationsSent {
    pub invited: u64,
}

/// The addresses in a paste, each once (by `Email::dedupe_key`); every
/// entry that is not an address is refused as `addresses.{n}` (its line,
/// from 1), and nothing is invited then.
pub fn read_addresses(text: &str) -> Result<Vec<crate::Email>, FieldErrors> {
    let mut addresses = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut errors = FieldErrors::new();
    for (number, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.starts_with('#') {
            continue;
        }
        for entry in line.split([',', ';']).map(str::trim).filter(|entry| !entry.is_empty()) {
            match crate::Email::parse(entry) {
                Ok(email) => {
                    if seen.insert(email.dedupe_key()) {
                        addresses.push(email);
                    }
                }
                Err(_) => {
                    errors.insert(format!("addresses.{}", number + 1), FieldError::Invalid);
                }
            }
        }
    }
    if addresses.is_empty() && errors.is_empty() {
        errors.insert("addresses".to_owned(), FieldError::Required);
    }
    if addresses.len() > INVITATIONS_MAX {
        errors.insert("addresses".to_owned(), FieldError::TooLong);
    }
    match errors.is_empty() {
        true => Ok(addresses),
        false => Err(errors),
    }
}

#[cfg(test)]
mod tests;
