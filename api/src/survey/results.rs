//! The public results of a survey: counts only. Free-text answers never
//! leave the server; their questions show how many people answered.

use serde::{Deserialize, Serialize};

use crate::survey::{Choice, ChoiceId, QuestionId};
use crate::{Locale, Slug};

/// `GET /api/surveys/{slug}/results?locale=fr`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SurveyResults {
    pub slug: Slug,
    pub locale: Locale,
    pub title: String,
    /// Responses counted (confirmed ones, for surveys limited by e-mail).
    pub responses: u64,
    /// Every question, in the survey's order.
    pub questions: Vec<QuestionResult>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestionResult {
    pub id: QuestionId,
    pub text: String,
    /// Responses that answered this question.
    pub answered: u64,
    pub counts: ResultCounts,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ResultCounts {
    /// Single and multiple choice, dropdown, yes/no (ids `yes`, `no`): every
    /// option in the survey's order, unchosen ones with 0.
    Options { options: Vec<OptionCount> },
    /// Rating and scale: `counts[i]` is how many chose `min + i`.
    Distribution {
        min: u8,
        max: u8,
        low: String,
        high: String,
        counts: Vec<u64>,
        /// `None` when nobody answered.
        mean: Option<f64>,
    },
    /// `rows[r].counts[c]` is how many rated row `r` as column `c`.
    Matrix {
        columns: Vec<Choice>,
        rows: Vec<MatrixRowCount>,
    },
    /// Short and long text: only `answered` is published.
    FreeText,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OptionCount {
    pub id: ChoiceId,
    pub label: String,
    pub count: u64,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatrixRowCount {
    pub id: ChoiceId,
    pub label: String,
    pub counts: Vec<u64>,
}

/// "Yes" and "No" in each language, for results and CSV files.
pub fn yes_no_label(locale: Locale, yes: bool) -> &'static str {
    match (locale, yes) {
        (Locale::En, true) => "Yes",
        (Locale::En, false) => "No",
        (Locale::Fr, true) => "Oui",
        (Locale::Fr, false) => "Non",
        (Locale::Es, true) => "Sí",
        (Locale::Es, false) => "No",
        (Locale::Ar, true) => "نعم",
        (Locale::Ar, false) => "لا",
    }
}
