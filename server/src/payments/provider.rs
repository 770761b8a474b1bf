//! The payment provider as the rest of the server sees it: a hosted
//! checkout page for a gift, the provider's page where a payer manages a
//! recurring one, and the secret its signed events are checked with. Two
//! kinds: Stripe (`stripe_api`), and the sandbox the server plays itself
//! when no key is set (`sandbox`).

use civic_api::donation::{Currency, Frequency};
use civic_api::{Email, Locale};

use crate::config::Secret;
use crate::payments::sandbox::Sandbox;
use crate::payments::stripe_api::StripeApi;

/// What a checkout session is made of. Every amount here was decided by
/// the server (`DonationRequest::validate`).
#[derive(Debug, Clone)]
pub struct CheckoutRequest {
    /// Our reference for the gift: the session's `client_reference_id` and
    /// `metadata[reference]`, and the subscription's and payment's
    /// metadata, so every event leads back to it.
    pub reference: String,
    /// Sent as the `Idempotency-Key` header: a retried request creates no
    /// second session.
    pub idempotency_key: String,
    pub frequency: Frequency,
    /// In the currency's minor unit.
    pub amount: u64,
    pub currency: Currency,
    pub email: Email,
    pub locale: Locale,
    /// What the payer reads on the payment page and the statement, such as
    /// "Gift to Civic".
    pub description: String,
    /// Where the provider sends the payer back after paying, and after
    /// leaving without paying.
    pub success_url: String,
    pub cancel_url: String,
}

/// A checkout session the provider made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckoutSession {
    /// The provider's id (`cs_…`), which its events carry.
    pub id: String,
    /// The hosted payment page the payer is sent to.
    pub url: String,
}

#[derive(Debug, thiserror::Error)]
pub enum ProviderError {
    /// No answer, or not one we understand: nothing was created that we know of.
    #[error("the payment provider could not be reached: {0:#}")]
    Unreachable(anyhow::Error),
    /// The provider answered, and refused (an error status and its message).
    #[error("the payment provider refused the request ({status}): {message}")]
    Refused { status: u16, message: String },
}

/// Which provider takes the payments.
pub enum Provider {
    Stripe {
        api: StripeApi,
        /// `whsec_…`: checks the `Stripe-Signature` of its events. Several,
        /// comma-separated, while a secret is being rolled.
        webhook_secrets: Vec<Secret<String>>,
    },
    Sandbox(Sandbox),
}

impl Provider {
    pub fn is_sandbox(&self) -> bool {
        matches!(self, Provider::Sandbox(_))
    }

    pub async fn create_checkout(&self, request: &CheckoutRequest) -> Result<CheckoutSession, ProviderError> {
        match self {
            Provider::Stripe { api, .. } => api.create_checkout_session(request).await,
            Provider::Sandbox(sandbox) => Ok(sandbox.create_checkout(request)),
        }
    }

    /// The provider's page where the customer manages their recurring
    /// gifts or dues (Stripe's Billing customer portal), coming back to
    /// `return_url`.
    pub async fn portal_url(&self, customer: &str, return_url: &str) -> Result<String, ProviderError> {
        match self {
            Provider::Stripe { api, .. } => api.create_portal_session(customer, return_url).await,
            Provider::Sandbox(sandbox) => Ok(sandbox.portal_url(customer, return_url)),
        }
    }

    /// The secrets a webhook's signature may be made with.
    pub fn webhook_secrets(&self) -> Vec<&[u8]> {
        match self {
            Provider::Stripe { webhook_secrets, .. } => webhook_secrets
                .iter()
                .map(|secret| secret.expose().as_bytes())
                .collect(),
            Provider::Sandbox(sandbox) => vec![sandbox.webhook_secret()],
        }
    }
}
