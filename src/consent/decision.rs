//! What a stored decision means for the policy revision the server
//! publishes: whether to ask, and what is allowed meanwhile. Pure, so it is
//! tested natively.

use civic_api::consent::{Category, Choices, ConsentRecord, PrivacySignal};

/// Why the banner asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ask {
    /// No decision on this device yet.
    First,
    /// The decision was about an older revision of the privacy policy.
    PolicyChanged,
}

/// Whether to ask. While the revision is unknown there is nothing to ask
/// about yet.
pub fn ask(record: Option<&ConsentRecord>, revision: Option<u32>) -> Option<Ask> {
    let revision = revision?;
    match record {
        None => Some(Ask::First),
        Some(record) if record.revision < revision => Some(Ask::PolicyChanged),
        Some(_) => None,
    }
}

/// What may run now: only what was allowed for the current policy, and
/// never tracking under a privacy signal. An older decision allows nothing
/// new until the visitor has seen what changed.
pub fn allowed(record: Option<&ConsentRecord>, revision: Option<u32>, signal: Option<PrivacySignal>) -> Choices {
    match record {
        Some(record) if revision.is_some() && ask(Some(record), revision).is_none() => record.choices.honouring(signal),
        _ => Choices::ALL_REJECTED,
    }
}

/// The categories whose storage a decision refuses, and which must
/// therefore be emptied at once.
pub fn refused(choices: Choices) -> impl Iterator<Item = Category> {
    Category::ALL
        .into_iter()
        .filter(move |category| !choices.allows(*category))
}

#[cfg(test)]
mod tests {
    use civic_api::consent::ConsentId;

    use super::*;

    fn record(revision: u32, choices: Choices) -> ConsentRecord {
        ConsentRecord {
            id: ConsentId::from_bytes([7; 16]),
            choices,
            revision,
            decided_at: "2026-11-29T10:00:00.000Z".into(),
        }
    }

    #[test]
    fn a_first_visit_is_asked_and_allows_nothing_optional() {
        assert_eq!(ask(None, Some(3)), Some(Ask::First));
        assert_eq!(allowed(None, Some(3), None), Choices::ALL_REJECTED);
    }

    #[test]
    fn a_decision_about_an_older_policy_is_asked_again_and_allows_nothing_meanwhile() {
        let old = record(2, Choices::ALL_ACCEPTED);
        assert_eq!(ask(Some(&old), Some(3)), Some(Ask::PolicyChanged));
        assert_eq!(allowed(Some(&old), Some(3), None), Choices::ALL_REJECTED);
    }

    #[test]
    fn a_current_decision_is_kept_and_a_signal_still_turns_tracking_off() {
        let current = record(3, Choices::ALL_ACCEPTED);
        assert_eq!(ask(Some(&current), Some(3)), None);
        assert_eq!(allowed(Some(&current), Some(3), None), Choices::ALL_ACCEPTED);
        let honoured = allowed(Some(&current), Some(3), Some(PrivacySignal::DoNotTrack));
        assert!(honoured.preferences && !honoured.analytics && !honoured.external_media);
    }

    #[test]
    fn nothing_is_asked_or_allowed_while_the_revision_is_unknown() {
        let current = record(3, Choices::ALL_ACCEPTED);
        assert_eq!(ask(Some(&current), None), None);
        assert_eq!(ask(None, None), None);
        assert_eq!(allowed(Some(&current), None, None), Choices::ALL_REJECTED);
    }

    #[test]
    fn refusing_a_category_names_it_for_deletion_but_never_the_necessary_one() {
        let only_preferences = Choices {
            preferences: true,
            ..Choices::ALL_REJECTED
        };
        let refused: Vec<Category> = refused(only_preferences).collect();
        assert_eq!(refused, [Category::Analytics, Category::ExternalMedia]);
        assert!(super::refused(Choices::ALL_ACCEPTED).next().is_none());
    }
}
