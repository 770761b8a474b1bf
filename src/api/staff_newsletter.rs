//! The console's newsletter: the mailings with their figures, one mailing
//! in every language, saving it from the version it was read at, a test
//! to oneself, and sending it at a set time or now. A stale version, or a
//! mailing no longer editable, comes back as a `Conflict`.

use civic_api::newsletter_mailing::{
    EditableMailing, MailingDraft, MailingList, MailingSchedule, MailingSend, MailingTest, MailingTestSent,
};
use civic_api::paths;
use web_sys::AbortSignal;

use super::{ApiError, get_json_until, post_json, post_large_json, put_json};

/// The mailings, newest first, and how many confirmed subscribers there are.
pub async fn mailings(base: &str, abort: Option<&AbortSignal>) -> Result<MailingList, ApiError> {
    get_json_until(&format!("{base}{}", paths::STAFF_MAILINGS), abort).await
}

/// One mailing in every language; `NotFound` for an id that names none.
pub async fn mailing(base: &str, id: i64, abort: Option<&AbortSignal>) -> Result<EditableMailing, ApiError> {
    get_json_until(&format!("{base}{}", paths::staff_mailing(id)), abort).await
}

/// A new draft (`201`), or the same one for a retry of the same key.
pub async fn create(base: &str, draft: &MailingDraft) -> Result<EditableMailing, ApiError> {
    post_large_json(&format!("{base}{}", paths::STAFF_MAILINGS), draft).await
}

/// The mailing at its next version, or as it stands for a retry.
pub async fn save(base: &str, id: i64, draft: &MailingDraft) -> Result<EditableMailing, ApiError> {
    put_json(&format!("{base}{}", paths::staff_mailing(id)), draft)
        .await?
        .decode()
}

/// Sends the saved mailing, in one language, to the signed-in staff
/// member's own address.
pub async fn send_test(base: &str, id: i64, test: &MailingTest) -> Result<MailingTestSent, ApiError> {
    post_json(&format!("{base}{}", paths::staff_mailing_tests(id)), test).await
}

/// Sends the version read at a set time, or with no time takes it back
/// to a draft.
pub async fn schedule(base: &str, id: i64, schedule: &MailingSchedule) -> Result<EditableMailing, ApiError> {
    put_json(&format!("{base}{}", paths::staff_mailing_schedule(id)), schedule)
        .await?
        .decode()
}

/// Sends the version read to every confirmed subscriber now.
pub async fn send(base: &str, id: i64, send: &MailingSend) -> Result<EditableMailing, ApiError> {
    post_json(&format!("{base}{}", paths::staff_mailing_sending(id)), send).await
}
