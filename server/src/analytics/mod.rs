//! First-party statistics: which events count, under which country, and the
//! public figures made from the counts. Nothing here keeps an address, an
//! agent, a cookie or an id.

pub mod country;
pub mod statistics;

use civic_api::{SiteRoute, Target};

use crate::state::AppState;
use crate::storage;

/// Whether `route` names a page the site really has, so made-up paths
/// cannot fill the table (or the public statistics) with junk.
pub async fn page_exists(state: &AppState, route: &SiteRoute) -> anyhow::Result<bool> {
    Ok(match &route.target {
        Target::Content(slug) => storage::pages::exists(&state.pool, route.locale, slug).await?,
        Target::Petition(slug) => state.petitions.registry.get(slug).is_some(),
        Target::Survey(slug) => state.surveys.get(slug).is_some(),
        Target::SurveyResults(slug) => state.surveys.get(slug).is_some_and(|survey| survey.results_public()),
        Target::ReportProblem
        | Target::Campaigns
        | Target::ConfirmSignature
        | Target::Statistics
        | Target::Newsletter
        | Target::ConfirmSubscription
        | Target::Unsubscribe
        | Target::Surveys
        | Target::ConfirmResponse => true,
    })
}
