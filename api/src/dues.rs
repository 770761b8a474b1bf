//! Membership dues: the tiers a member may choose (one of them reduced,
//! chosen freely without proof), paying them through the provider, and
//! where the membership stands as the provider's events leave it.

use serde::{Deserialize, Serialize};

use crate::donation::{Currency, Frequency};
use crate::{FieldError, FieldErrors, IdempotencyKey, Locale};

/// One tier, in the member's language.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DuesTier {
    /// What the browser sends back to choose it.
    pub id: String,
    pub name: String,
    /// `yearly` or `monthly`.
    pub frequency: Frequency,
    /// The reduced tier: for anyone who needs it, no questions asked.
    pub reduced: bool,
    /// Its amount in each currency the organisation takes, minor units.
    pub amounts: Vec<TierAmount>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TierAmount {
    pub currency: Currency,
    pub amount: u64,
}

impl DuesTier {
    pub fn amount_in(&self, currency: &Currency) -> Option<u64> {
        self.amounts
            .iter()
            .find(|each| &each.currency == currency)
            .map(|each| each.amount)
    }
}

/// Where a membership stands.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DuesStatus {
    /// Never paid.
    None,
    /// Paid up; renews on `next_payment_at` (unless `ends_at_period_end`).
    Active,
    /// A renewal payment failed; the provider tries again.
    Due,
    /// Ended or unpaid: the account stays, the membership does not.
    Lapsed,
}

/// A payment as its payer's history lists it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentView {
    /// The receipt's number, as on the e-mailed receipt.
    pub receipt: String,
    /// `YYYY-MM-DD`.
    pub paid_on: String,
    pub amount: u64,
    pub currency: Currency,
}

/// `GET /api/account/dues`: the member's dues, and the tiers to choose from.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DuesView {
    pub status: DuesStatus,
    /// The tier of the latest membership, if any.
    pub tier: Option<String>,
    pub amount: Option<u64>,
    pub currency: Option<Currency>,
    /// `YYYY-MM-DD`: when the next payment falls due (or the membership
    /// ends, with `ends_at_period_end`).
    pub next_payment_on: Option<String>,
    pub ends_at_period_end: bool,
    /// Whether the provider has a page where the member changes or
    /// cancels (there is a membership to manage).
    pub can_manage: bool,
    /// Oldest first.
    pub payments: Vec<PaymentView>,
    pub tiers: Vec<DuesTier>,
    pub currencies: Vec<Currency>,
    /// No money moves: the sandbox takes the payments.
    pub sandbox: bool,
}

/// `POST /api/account/dues`: the tier and currency chosen.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DuesRequest {
    pub idempotency_key: String,
    pub locale: Option<Locale>,
    pub tier: String,
    pub currency: String,
}

/// Dues whose tier and currency the organisation offers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuesChoice {
    pub idempotency_key: IdempotencyKey,
    pub locale: Locale,
    pub tier: DuesTier,
    pub currency: Currency,
    pub amount: u64,
}

impl DuesRequest {
    pub fn validate(&self, tiers: &[DuesTier]) -> Result<DuesChoice, FieldErrors> {
        let mut errors = FieldErrors::new();
        let mut refuse = |field: &str, error: FieldError| {
            errors.insert(field.to_owned(), error);
        };
        let idempotency_key = IdempotencyKey::parse(&self.idempotency_key)
            .map_err(|e| refuse("idempotency_key", e))
            .ok();
        let locale = self
            .locale
            .ok_or(FieldError::Required)
            .map_err(|e| refuse("locale", e))
            .ok();
        let tier = tiers.iter().find(|tier| tier.id == self.tier);
        if tier.is_none() {
            refuse(
                "tier",
                if self.tier.is_empty() {
                    FieldError::Required
                } else {
                    FieldError::Invalid
                },
            );
        }
        let currency = Currency::parse(&self.currency).map_err(|e| refuse("currency", e)).ok();
        let amount = match (tier, &currency) {
            (Some(tier), Some(currency)) => {
                let amount = tier.amount_in(currency);
                if amount.is_none() {
                    refuse("currency", FieldError::Invalid);
                }
                amount
            }
            _ => None,
        };
        match (idempotency_key, locale, tier, currency, amount) {
            (Some(idempotency_key), Some(locale), Some(tier), Some(currency), Some(amount)) if errors.is_empty() => {
                Ok(DuesChoice {
                    idempotency_key,
                    locale,
                    tier: tier.clone(),
                    currency,
                    amount,
                })
            }
            _ => Err(errors),
        }
    }
}

/// `POST /api/account/dues/portal`'s answer: the provider's page where the
/// member changes or cancels their dues.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortalLink {
    pub url: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiers() -> Vec<DuesTier> {
        let eur = Currency::parse("EUR").unwrap();
        vec![
            DuesTier {
                id: "standard".into(),
                name: "Standard".into(),
                frequency: Frequency::Yearly,
                reduced: false,
                amounts: vec![TierAmount {
                    currency: eur.clone(),
                    amount: 6000,
                }],
            },
            DuesTier {
                id: "reduced".into(),
                name: "Reduced".into(),
                frequency: Frequency::Yearly,
                reduced: true,
                amounts: vec![TierAmount {
                    currency: eur,
                    amount: 1500,
                }],
            },
        ]
    }

    fn request(tier: &str, currency: &str) -> DuesRequest {
        DuesRequest {
            idempotency_key: "dues-key-0123456789".into(),
            locale: Some(Locale::Fr),
            tier: tier.into(),
            currency: currency.into(),
        }
    }

    #[test]
    fn the_tier_decides_the_amount() {
        let choice = request("reduced", "EUR").validate(&tiers()).unwrap();
        assert_eq!(choice.amount, 1500);
        assert!(choice.tier.reduced);
    }

    #[test]
    fn an_unknown_tier_or_a_currency_the_tier_has_not_is_refused() {
        assert_eq!(
            request("gold", "EUR").validate(&tiers()).unwrap_err()["tier"],
            FieldError::Invalid
        );
        assert_eq!(
            request("", "EUR").validate(&tiers()).unwrap_err()["tier"],
            FieldError::Required
        );
        assert_eq!(
            request("standard", "USD").validate(&tiers()).unwrap_err()["currency"],
            FieldError::Invalid
        );
        assert_eq!(
            request("standard", "usd").validate(&tiers()).unwrap_err()["currency"],
            FieldError::Invalid
        );
    }
}
