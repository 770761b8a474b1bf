//! First-party statistics: which events count, under which country, and the
//! public figures made from the counts. Nothing here keeps an address, an
//! agent, a cookie or an id.

pub mod country;
pub mod statistics;

use civic_api::SiteRoute;

use crate::site;
use crate::state::AppState;

/// Whether `route` names a page the site really has, so made-up paths
/// cannot fill the table (or the public statistics) with junk.
pub async fn page_exists(state: &AppState, route: &SiteRoute) -> anyhow::Result<bool> {
    Ok(site::describe(state, route, false).await?.is_some())
}
