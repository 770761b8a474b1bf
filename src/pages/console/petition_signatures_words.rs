//! The console's words for a petition's signatures: counts of them in
//! each language's grammatical number, times, and a filter in words.

use civic_api::signature_review::{DIRECT, SignatureFilter};
use leptos::prelude::*;

use crate::dates::format_date;
use crate::i18n::{self, td_string};
use crate::numbers::format_number;
use crate::pages::console::texts::{ADDRESS, Said};
use crate::plural::is_singular;

/// Each count sentence's two forms: singular and plural.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counted {
    /// "12 signatures waiting for their address to be confirmed".
    Pending,
    /// "12 signatures invalidated".
    Invalidated,
    /// "12 signatures match."
    Matching,
    /// "Invalidate 12 signatures", the button.
    Invalidate,
    /// "12 signatures invalidated; the public count has dropped."
    InvalidatedNow,
    /// "Undo invalidation of 12 signatures", the button.
    Undo,
    /// "Undone: 12 signatures count again."
    UndoneNow,
}

/// `count` signatures, as `what` says them.
pub fn counted(ui: i18n::Locale, what: Counted, count: u64) -> String {
    let number = format_number(ui, count);
    let one = is_singular(ui, count);
    match (what, one) {
        (Counted::Pending, true) => td_string!(ui, console.signatures_pending_one, count = number),
        (Counted::Pending, false) => td_string!(ui, console.signatures_pending_other, count = number),
        (Counted::Invalidated, true) => td_string!(ui, console.signatures_invalidated_one, count = number),
        (Counted::Invalidated, false) => td_string!(ui, console.signatures_invalidated_other, count = number),
        (Counted::Matching, _) if count == 0 => td_string!(ui, console.preview_none).to_owned(),
        (Counted::Matching, true) => td_string!(ui, console.preview_match_one, count = number),
        (Counted::Matching, false) => td_string!(ui, console.preview_match_other, count = number),
        (Counted::Invalidate, _) if count == 0 => td_string!(ui, console.invalidation_submit).to_owned(),
        (Counted::Invalidate, true) => td_string!(ui, console.invalidation_submit_one, count = number),
        (Counted::Invalidate, false) => td_string!(ui, console.invalidation_submit_other, count = number),
        (Counted::InvalidatedNow, true) => td_string!(ui, console.invalidation_done_one, count = number),
        (Counted::InvalidatedNow, false) => td_string!(ui, console.invalidation_done_other, count = number),
        (Counted::Undo, true) => td_string!(ui, console.invalidation_undo_one, count = number),
        (Counted::Undo, false) => td_string!(ui, console.invalidation_undo_other, count = number),
        (Counted::UndoneNow, true) => td_string!(ui, console.invalidation_undone_notice_one, count = number),
        (Counted::UndoneNow, false) => td_string!(ui, console.invalidation_undone_notice_other, count = number),
    }
}

/// A UTC time, `2026-12-04T21:30` or RFC 3339, as "4 December 2026,
/// 21:30 UTC"; anything else as it is.
pub fn time_text(ui: i18n::Locale, at: &str) -> String {
    match (format_date(ui, at), at.get(10..11), at.get(11..16)) {
        (Some(day), Some("T"), Some(time)) => td_string!(ui, console.signatures_time, day = day, time = time),
        _ => at.to_owned(),
    }
}

/// "Matching: addresses at spam.example, confirmed from …, no source",
/// each domain and source in its own direction.
pub fn filter_words(ui: i18n::Locale, filter: &SignatureFilter) -> AnyView {
    let mut parts = Vec::new();
    if !filter.domain.is_empty() {
        let text = td_string!(ui, console.filter_words_domain, domain = ADDRESS);
        parts.push(Said::with(text, &filter.domain));
    }
    if !filter.from.is_empty() {
        let time = time_text(ui, &filter.from);
        parts.push(Said::plain(&td_string!(ui, console.filter_words_from, time = time)));
    }
    if !filter.to.is_empty() {
        let time = time_text(ui, &filter.to);
        parts.push(Said::plain(&td_string!(ui, console.filter_words_to, time = time)));
    }
    match filter.source.as_str() {
        "" => {}
        DIRECT => parts.push(Said::plain(td_string!(ui, console.filter_words_direct))),
        source => {
            let text = td_string!(ui, console.filter_words_source, source = ADDRESS);
            parts.push(Said::with(text, source));
        }
    }
    let separator = td_string!(ui, console.petition_language_separator);
    let parts = parts
        .into_iter()
        .enumerate()
        .map(|(index, part)| view! { {(index > 0).then_some(separator)} {part.into_view()} })
        .collect_view();
    view! { {td_string!(ui, console.invalidation_filter)} " " {parts} }.into_any()
}

#[cfg(test)]
mod tests {
    use civic_api::Locale;

    use super::*;

    #[test]
    fn a_time_reads_as_its_day_and_minute_in_utc() {
        assert_eq!(time_text(Locale::En, "2026-12-04T21:30"), "4 December 2026, 21:30 UTC");
        assert_eq!(
            time_text(Locale::En, "2026-12-04T09:05:12.5Z"),
            "4 December 2026, 09:05 UTC"
        );
        assert_eq!(time_text(Locale::En, "soon"), "soon");
    }

    #[test]
    fn counts_take_the_form_their_number_asks_for() {
        assert_eq!(
            counted(Locale::En, Counted::Undo, 1),
            "Undo invalidation of 1 signature"
        );
        assert_eq!(
            counted(Locale::En, Counted::Invalidate, 1234),
            "Invalidate 1,234 signatures"
        );
        assert_eq!(counted(Locale::En, Counted::Invalidate, 0), "Invalidate signatures");
        assert_eq!(counted(Locale::Fr, Counted::Invalidated, 0), "0 signature invalidée");
    }
}
