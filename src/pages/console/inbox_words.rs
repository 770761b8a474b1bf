//! The console's words for the inbox: kinds and states, who wrote and
//! who added what, and why a request about a thread did not go through.

use civic_api::ErrorCode;
use civic_api::inbox::{EntryKind, InboxEntry, InboxKind, InboxStatus};

use crate::api::ApiError;
use crate::i18n::{self, td_string};
use crate::pages::console::petition_signatures_words::time_text;
use crate::pages::console::texts::refused_as;
use crate::pages::console::texts::{ADDRESS, Said};

/// "Message", "Problem report".
pub fn kind_name(ui: i18n::Locale, kind: InboxKind) -> &'static str {
    match kind {
        InboxKind::Contact => td_string!(ui, console.inbox_kind_contact),
        InboxKind::Report => td_string!(ui, console.inbox_kind_report),
    }
}

/// "New", "In progress", "Done".
pub fn status_name(ui: i18n::Locale, status: InboxStatus) -> &'static str {
    match status {
        InboxStatus::New => td_string!(ui, console.inbox_status_new),
        InboxStatus::InProgress => td_string!(ui, console.inbox_status_in_progress),
        InboxStatus::Done => td_string!(ui, console.inbox_status_done),
    }
}

/// "Assigned to ana@example.org", or "Not assigned".
pub fn assignee_line(ui: i18n::Locale, assignee: Option<&str>) -> Said {
    match assignee {
        Some(address) => Said::with(td_string!(ui, console.inbox_line_assignee, who = ADDRESS), address),
        None => Said::plain(td_string!(ui, console.inbox_line_unassigned)),
    }
}

/// "Note by ana@example.org, 4 December 2026, 21:30 UTC", and the like
/// for a reply; by an account erased since, without its address.
pub fn entry_by(ui: i18n::Locale, entry: &InboxEntry) -> Said {
    let time = time_text(ui, &entry.at);
    match (entry.kind, &entry.author) {
        (EntryKind::Note, Some(author)) => Said::with(
            td_string!(ui, console.inbox_note_by, author = ADDRESS, time = time),
            author,
        ),
        (EntryKind::Note, None) => Said::plain(&td_string!(ui, console.inbox_note_by_gone, time = time)),
        (EntryKind::Reply, Some(author)) => Said::with(
            td_string!(ui, console.inbox_reply_by, author = ADDRESS, time = time),
            author,
        ),
        (EntryKind::Reply, None) => Said::plain(&td_string!(ui, console.inbox_reply_by_gone, time = time)),
    }
}

/// A refusal that sending again would not help (the session ended, the
/// thread is gone): said without a retry.
pub fn refusal(ui: i18n::Locale, error: &ApiError) -> Option<&'static str> {
    refused_as(ui, error, td_string!(ui, console.inbox_gone))
}

/// Why a request about the inbox did not go through (a conflict and
/// refused fields are the caller's to say).
pub fn inbox_failure(ui: i18n::Locale, error: &ApiError) -> &'static str {
    if let Some(refused) = refusal(ui, error) {
        return refused;
    }
    match error {
        ApiError::Network => td_string!(ui, console.failed_network),
        ApiError::Server(body) if body.code == ErrorCode::RateLimited => td_string!(ui, console.failed_rate_limited),
        _ => td_string!(ui, console.failed_server),
    }
}

pub fn is_conflict(error: &ApiError) -> bool {
    matches!(error, ApiError::Server(body) if body.code == ErrorCode::Conflict)
}

/// The id of a line's "Open" button, where the focus goes back to: a
/// reference holds letters, digits and hyphens, anything else is dropped.
pub fn open_button_id(reference: &str) -> String {
    let safe: String = reference
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    format!("inbox-open-{safe}")
}

/// The reply's subject as first offered: "Re: " and theirs, once.
pub fn reply_subject(subject: &str) -> String {
    let trimmed = subject.trim();
    match trimmed.get(..3) {
        Some(start) if start.eq_ignore_ascii_case("re:") => trimmed.to_owned(),
        _ => format!("Re: {trimmed}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reply_subject_says_re_once() {
        assert_eq!(
            reply_subject("Question about the march"),
            "Re: Question about the march"
        );
        assert_eq!(reply_subject("RE: Question"), "RE: Question");
        assert_eq!(reply_subject(" /petitions/clean-air "), "Re: /petitions/clean-air");
    }

    #[test]
    fn a_button_id_keeps_letters_digits_and_hyphens() {
        assert_eq!(open_button_id("PR-7K3M"), "inbox-open-PR-7K3M");
        assert_eq!(open_button_id("C-1 \"x\""), "inbox-open-C-1x");
    }
}
