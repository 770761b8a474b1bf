//! What a visitor sends: one answer per shown question they chose to answer.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::survey::{ChoiceId, QuestionId};
use crate::{Email, IdempotencyKey, Locale};

/// One question's answer, tagged with its shape:
/// `{"type":"choice","value":"often"}`, `{"type":"number","value":7}`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum Answer {
    /// Short or long text.
    Text(String),
    /// Single choice or dropdown.
    Choice(ChoiceId),
    /// Multiple choice, in any order.
    Choices(Vec<ChoiceId>),
    YesNo(bool),
    /// Rating or scale.
    #[cfg_attr(feature = "openapi", schema(value_type = NumberAnswer))]
    #[serde(deserialize_with = "crate::whole_number::read")]
    Number(u8),
    /// Matrix: row id to column id.
    Matrix(BTreeMap<ChoiceId, ChoiceId>),
}

/// The schema of a rating or scale answer: the `u8` it is read into.
#[cfg(feature = "openapi")]
struct NumberAnswer;

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for NumberAnswer {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::Integer)
            .minimum(Some(u8::MIN))
            .maximum(Some(u8::MAX))
            .description(Some("Rating or scale."))
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for NumberAnswer {}

impl Answer {
    /// Whether this answer matches a `ShowIf` value.
    pub fn matches(&self, value: &str) -> bool {
        match self {
            Answer::Choice(choice) => choice.as_str() == value,
            Answer::Choices(choices) => choices.iter().any(|choice| choice.as_str() == value),
            Answer::YesNo(yes) => value == if *yes { "yes" } else { "no" },
            Answer::Number(number) => value.parse::<u8>().is_ok_and(|wanted| wanted == *number),
            Answer::Text(_) | Answer::Matrix(_) => false,
        }
    }
}

/// The answers of one response, by question id.
pub type Answers = BTreeMap<QuestionId, Answer>;

/// The field name of a question in `FieldErrors`: `answers.{id}`.
pub fn answer_field(id: &QuestionId) -> String {
    format!("answers.{id}")
}

/// `POST /api/surveys/{slug}/responses`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResponseRequest {
    pub idempotency_key: String,
    pub locale: Option<Locale>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = BTreeMap<crate::Slug, Answer>))]
    pub answers: Answers,
    /// Only for a survey limited to one answer per e-mail address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Only for a survey limited to invited people: the `?t=i.…` token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invitation: Option<String>,
    /// A field hidden from people; automated senders fill it in.
    #[serde(default)]
    pub website: String,
}

/// A response that passed `Survey::validate`: texts trimmed, empty answers
/// dropped, nothing for a hidden question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidResponse {
    pub idempotency_key: IdempotencyKey,
    pub locale: Locale,
    pub answers: Answers,
    /// Present exactly when the survey's limit is `Email`.
    pub email: Option<Email>,
    /// Present exactly when the survey's limit is `Invitation`; the server
    /// checks its signature.
    pub invitation: Option<String>,
}

/// `201 {"status":"counted"}`, or `202 {"status":"check_inbox"}` when the
/// answer counts only once the e-mailed link is followed.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum ResponseReceipt {
    Counted,
    CheckInbox,
}
