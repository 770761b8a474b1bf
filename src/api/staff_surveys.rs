//! The console's surveys: the list, one survey in every language, writing
//! it (created on the first save, then from the version read), opening and
//! closing it, its results whether public or not, and invitations mailed
//! to a pasted list. A stale version, a structure changed once people
//! answered, a taken address or a survey that takes no invitations comes
//! back as a `Conflict`.

use civic_api::survey::SurveyResults;
use civic_api::survey_editing::{
    EditableSurvey, InvitationsSent, SurveyEdit, SurveyInvitations, SurveyLine, SurveyStatusChange,
};
use civic_api::{Locale, Slug, paths};
use web_sys::AbortSignal;

use super::{ApiError, get_json_until, post_large_json, put_json};

/// Every survey, open ones first, with its counted responses.
pub async fn surveys(base: &str, abort: Option<&AbortSignal>) -> Result<Vec<SurveyLine>, ApiError> {
    get_json_until(&format!("{base}{}", paths::STAFF_SURVEYS), abort).await
}

/// One survey in every language written, English first; `NotFound` for a
/// slug that names none.
pub async fn survey(base: &str, slug: &Slug, abort: Option<&AbortSignal>) -> Result<EditableSurvey, ApiError> {
    get_json_until(&format!("{base}{}", paths::staff_survey(slug.as_str())), abort).await
}

/// A new survey, open from today (`201`), or the same one for a retry of
/// the same key. Sent without `keepalive`: four languages of a long
/// survey pass the 64 KiB a keepalive request may carry.
pub async fn create(base: &str, edit: &SurveyEdit) -> Result<EditableSurvey, ApiError> {
    post_large_json(&format!("{base}{}", paths::STAFF_SURVEYS), edit).await
}

/// The survey at its next version, or as it stands for a retry.
pub async fn save(base: &str, slug: &Slug, edit: &SurveyEdit) -> Result<EditableSurvey, ApiError> {
    put_json(&format!("{base}{}", paths::staff_survey(slug.as_str())), edit)
        .await?
        .decode()
}

/// Opens or closes the survey, from the version read.
pub async fn change_status(base: &str, slug: &Slug, change: &SurveyStatusChange) -> Result<EditableSurvey, ApiError> {
    put_json(&format!("{base}{}", paths::staff_survey_status(slug.as_str())), change)
        .await?
        .decode()
}

/// The counts so far in `locale`'s words, published or not.
pub async fn results(
    base: &str,
    slug: &Slug,
    locale: Locale,
    abort: Option<&AbortSignal>,
) -> Result<SurveyResults, ApiError> {
    get_json_until(
        &format!("{base}{}", paths::staff_survey_results(slug.as_str(), locale)),
        abort,
    )
    .await
}

/// Where the browser downloads the results in `locale`'s words as CSV
/// (the session's cookie goes with a plain link).
pub fn results_csv(base: &str, slug: &Slug, locale: Locale) -> String {
    format!("{base}{}", paths::staff_survey_results_csv(slug.as_str(), locale))
}

/// Mails a personal link to every pasted address, once each. Without
/// `keepalive` too: five thousand addresses pass 64 KiB.
pub async fn invite(base: &str, slug: &Slug, request: &SurveyInvitations) -> Result<InvitationsSent, ApiError> {
    post_large_json(
        &format!("{base}{}", paths::staff_survey_invitations(slug.as_str())),
        request,
    )
    .await
}
