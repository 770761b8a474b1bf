//! A member's dues: where they stand (with the tiers to choose from),
//! paying a tier (the answer names the provider's payment page), and the
//! provider's page to change or cancel them.

use civic_api::donation::CheckoutStarted;
use civic_api::dues::{DuesRequest, DuesView, PortalLink};
use civic_api::{Locale, paths};
use web_sys::AbortSignal;

use super::{ApiError, get_json_until, post_json, post_text};

/// The tiers' names come in `locale`. `Unauthorized` once nobody is
/// signed in.
pub async fn dues(base: &str, locale: Locale, abort: Option<&AbortSignal>) -> Result<DuesView, ApiError> {
    let url = format!("{base}{}?locale={}", paths::ACCOUNT_DUES, locale.as_str());
    get_json_until(&url, abort).await
}

/// `201` (or `200` for a retry with the same key) with the provider's page
/// to send the member to; a 503 when the provider cannot be reached, and
/// nothing was charged.
pub async fn start_dues(base: &str, request: &DuesRequest) -> Result<CheckoutStarted, ApiError> {
    post_json(&format!("{base}{}", paths::ACCOUNT_DUES), request).await
}

/// The provider's page where the member changes or cancels their dues:
/// `NotFound` when there is nothing to manage, a 503 when the provider
/// cannot be reached.
pub async fn dues_portal(base: &str) -> Result<PortalLink, ApiError> {
    post_text(&format!("{base}{}", paths::ACCOUNT_DUES_PORTAL), String::new())
        .await?
        .decode()
}
