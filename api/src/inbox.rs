//! The console's inbox: contact messages and problem reports in one queue,
//! each with a status, someone it is assigned to, staff's notes, and the
//! replies sent from the console.

use serde::{Deserialize, Serialize};

use crate::field::bounded_text;
use crate::{FieldError, FieldErrors, IdempotencyKey, Locale};

pub const NOTE_MAX: usize = 4000;
pub const REPLY_SUBJECT_MAX: usize = 200;
pub const REPLY_MAX: usize = 10_000;
/// At most this many lines answer one look at the queue.
pub const INBOX_PAGE: usize = 100;

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InboxKind {
    /// Sent with the contact form (`C-…`).
    Contact,
    /// A problem reported on a page (`PR-…`).
    Report,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InboxStatus {
    New,
    InProgress,
    Done,
}

impl InboxStatus {
    pub const ALL: [InboxStatus; 3] = [InboxStatus::New, InboxStatus::InProgress, InboxStatus::Done];

    pub fn as_str(self) -> &'static str {
        match self {
            InboxStatus::New => "new",
            InboxStatus::InProgress => "in_progress",
            InboxStatus::Done => "done",
        }
    }

    pub fn parse(input: &str) -> Option<InboxStatus> {
        InboxStatus::ALL.into_iter().find(|status| status.as_str() == input)
    }
}

/// One line of the queue.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxLine {
    pub reference: String,
    pub kind: InboxKind,
    pub status: InboxStatus,
    /// The staff member it is assigned to, by address.
    pub assignee: Option<String>,
    /// RFC 3339 UTC.
    pub received_at: String,
    /// A message's subject, or the page a problem was reported on.
    pub subject: String,
    /// Who wrote, where they said.
    pub from: Option<String>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    /// For staff only.
    Note,
    /// Sent to the writer by e-mail.
    Reply,
}

/// What staff added to a thread, oldest first.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxEntry {
    pub id: i64,
    pub at: String,
    /// Its author's address, while their account exists.
    pub author: Option<String>,
    pub kind: EntryKind,
    /// A reply's subject; empty for a note.
    #[serde(default)]
    pub subject: String,
    pub body: String,
}

/// `GET /api/staff/inbox/{reference}`: a thread whole.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxItem {
    pub reference: String,
    pub kind: InboxKind,
    pub status: InboxStatus,
    pub assignee: Option<String>,
    /// Moves with every change of status or assignee.
    pub version: i64,
    pub received_at: String,
    pub locale: Locale,
    /// The writer's name (contact messages only).
    pub name: Option<String>,
    /// Where a reply goes; a problem report may have none.
    pub email: Option<String>,
    pub subject: String,
    pub message: String,
    pub entries: Vec<InboxEntry>,
    /// The staff it may be assigned to, by address.
    pub assignable: Vec<String>,
}

/// `PUT /api/staff/inbox/{reference}`: its status and assignee, from the
/// version shown.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InboxUpdate {
    pub version: i64,
    pub status: InboxStatus,
    /// A staff member's address; `None` for nobody.
    #[serde(default)]
    pub assignee: Option<String>,
    pub idempotency_key: String,
}

impl InboxUpdate {
    pub fn key(&self) -> Result<IdempotencyKey, FieldErrors> {
        parse_key(&self.idempotency_key)
    }
}

/// `POST /api/staff/inbox/{reference}/notes`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewNote {
    pub body: String,
    pub idempotency_key: String,
}

impl NewNote {
    pub fn validate(&self) -> Result<(String, IdempotencyKey), FieldErrors> {
        let body = bounded_text(&self.body, 1, NOTE_MAX);
        match (body, parse_key(&self.idempotency_key)) {
            (Ok(body), Ok(key)) => Ok((body, key)),
            (body, key) => {
                let mut errors = key.err().unwrap_or_default();
                if let Err(error) = body {
                    errors.insert("body".to_owned(), error);
                }
                Err(errors)
            }
        }
    }
}

/// `POST /api/staff/inbox/{reference}/replies`: sent through the outbox.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewReply {
    pub subject: String,
    pub body: String,
    pub idempotency_key: String,
}

impl NewReply {
    pub fn validate(&self) -> Result<(String, String, IdempotencyKey), FieldErrors> {
        let subject = bounded_text(&self.subject, 1, REPLY_SUBJECT_MAX);
        let body = bounded_text(&self.body, 1, REPLY_MAX);
        match (subject, body, parse_key(&self.idempotency_key)) {
            (Ok(subject), Ok(body), Ok(key)) => Ok((subject, body, key)),
            (subject, body, key) => {
                let mut errors = key.err().unwrap_or_default();
                for (field, result) in [("subject", subject), ("body", body)] {
                    if let Err(error) = result {
                        errors.insert(field.to_owned(), error);
                    }
                }
                Err(errors)
            }
        }
    }
}

fn parse_key(input: &str) -> Result<IdempotencyKey, FieldErrors> {
    IdempotencyKey::parse(input).map_err(|error: FieldError| FieldErrors::from([("idempotency_key".to_owned(), error)]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reply_needs_a_subject_and_words_and_a_status_reads_back() {
        let reply = NewReply {
            subject: " ".into(),
            body: "x".repeat(REPLY_MAX + 1),
            idempotency_key: "short".into(),
        };
        let errors = reply.validate().unwrap_err();
        assert_eq!(errors["subject"], FieldError::Required);
        assert_eq!(errors["body"], FieldError::TooLong);
        assert!(errors.contains_key("idempotency_key"));
        for status in InboxStatus::ALL {
            assert_eq!(InboxStatus::parse(status.as_str()), Some(status));
        }
    }
}
