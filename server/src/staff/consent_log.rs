//! The consent log as CSV, for an auditor who checks that the banner's
//! choices were recorded as made: each decision's random id (the one the
//! visitor's browser keeps), choices, policy revision and privacy signal.
//! Nothing in it names or traces a person.

use crate::csv_field::table;
use crate::storage::consents::DecisionRow;

pub const HEADER: &str = "recorded_at,consent_id,policy_revision,preferences,analytics,external_media,signal";

pub fn csv(decisions: &[DecisionRow]) -> String {
    let yes_no = |flag: i32| if flag != 0 { "yes" } else { "no" }.to_owned();
    table(
        HEADER,
        decisions.iter().map(|decision| {
            [
                decision.recorded_at.clone(),
                decision.consent_id.clone(),
                decision.revision.to_string(),
                yes_no(decision.preferences),
                yes_no(decision.analytics),
                yes_no(decision.external_media),
                decision.signal.clone().unwrap_or_default(),
            ]
        }),
    )
}
