//! Small storage functions over portable SQL. Writes that belong together
//! take a transaction; single reads take any executor.

pub mod account_sessions;
pub mod accounts;
pub mod analytics;
pub mod authenticators;
pub mod consents;
pub mod contact_messages;
pub mod donations;
pub mod inbox;
pub mod mailings;
pub mod member_data;
pub mod newsletter;
pub mod page_editing;
pub mod pages;
pub mod passkeys;
pub mod people;
pub mod petition_editing;
pub mod petition_news;
pub mod petitions;
pub mod problem_reports;
pub mod references;
pub mod scheduled_runs;
pub mod sign_in_failures;
pub mod signature_review;
pub mod signatures;
pub mod staff_actions;
pub mod survey_editing;
pub mod survey_responses;
pub mod surveys;

/// `text` with LIKE's wildcards (and its escape, `\`) taken literally,
/// for a search by part of a word (`LIKE $1 ESCAPE '\'`).
pub fn like_escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_in_a_search_are_taken_literally() {
        assert_eq!(like_escaped("50%_off\\"), "50\\%\\_off\\\\");
        assert_eq!(like_escaped("ana@example.org"), "ana@example.org");
    }
}
