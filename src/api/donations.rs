//! Giving: what the donate page offers, starting a gift (the answer names
//! the provider's payment page), and a gift as its payer sees it.

use civic_api::donation::{CheckoutStarted, DonationOffer, DonationRequest, DonationView};
use civic_api::paths;
use web_sys::AbortSignal;

use super::{ApiError, get_json_until, post_json};
use crate::browser::encode_uri_component;

pub async fn donation_offer(base: &str, abort: Option<&AbortSignal>) -> Result<DonationOffer, ApiError> {
    get_json_until(&format!("{base}{}", paths::DONATION_OFFER), abort).await
}

/// `201` with the provider's page to send the visitor to; a 503 when the
/// provider cannot be reached, and nothing was charged.
pub async fn start_donation(base: &str, request: &DonationRequest) -> Result<CheckoutStarted, ApiError> {
    post_json(&format!("{base}{}", paths::DONATIONS), request).await
}

/// `NotFound` for a reference the server does not know. The reference
/// comes from the address, so it is escaped into the path.
pub async fn donation(base: &str, reference: &str, abort: Option<&AbortSignal>) -> Result<DonationView, ApiError> {
    let path = paths::donation(&encode_uri_component(reference));
    get_json_until(&format!("{base}{path}"), abort).await
}
