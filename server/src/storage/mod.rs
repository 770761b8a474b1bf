//! Small storage functions over portable SQL. Writes that belong together
//! take a transaction; single reads take any executor.

pub mod account_sessions;
pub mod accounts;
pub mod analytics;
pub mod consents;
pub mod contact_messages;
pub mod donations;
pub mod member_data;
pub mod newsletter;
pub mod pages;
pub mod passkeys;
pub mod petitions;
pub mod problem_reports;
pub mod references;
pub mod scheduled_runs;
pub mod sign_in_failures;
pub mod signatures;
pub mod survey_responses;
pub mod surveys;
