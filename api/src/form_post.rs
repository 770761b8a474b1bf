//! A form the browser sent by itself, as a form post to the page's own
//! address (JavaScript was off, or the app had not loaded yet), and what
//! came of it. The server answers with the page drawn with it, and carries
//! it in that page's HTML (`site::FORM_POST_ELEMENT_ID`) so the app goes on
//! from the same place.

use serde::{Deserialize, Serialize};

use crate::FieldErrors;

/// `request` is what the visitor typed, kept to show again: the API's own
/// request type for that form (`petition::SignRequest`, say).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormPost<R> {
    /// Which form on the page: its id (`sign`, `footer-newsletter`).
    pub form: String,
    pub request: R,
    pub outcome: FormOutcome,
}

/// The answers the API gives, for a page to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum FormOutcome {
    CheckInbox,
    /// Taken; `reference` is what the visitor can quote (a problem report).
    Received {
        reference: String,
    },
    /// Some fields were refused; nothing was stored.
    Invalid {
        fields: FieldErrors,
    },
    RateLimited,
    /// What the form acts on no longer takes it (a petition that closed).
    Closed,
    /// The server failed; the visitor may send it again.
    Failed,
}

impl FormOutcome {
    /// The HTTP status the page is answered with, as the API would answer.
    pub fn status(&self) -> u16 {
        match self {
            FormOutcome::CheckInbox | FormOutcome::Received { .. } => 200,
            FormOutcome::Invalid { .. } => 422,
            FormOutcome::RateLimited => 429,
            FormOutcome::Closed => 409,
            FormOutcome::Failed => 500,
        }
    }
}
