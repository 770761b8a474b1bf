//! The dues form's choice as plain values (a tier and a currency), the
//! request it makes, checked with the contract's own rule against the
//! tiers, and what the page reads in a view of the member's dues.

use civic_api::donation::{Currency, DonationView};
use civic_api::dues::{DuesRequest, DuesStatus, DuesTier, DuesView};
use civic_api::{FieldErrors, Locale};

/// The currency the form starts with: the one the member paid in last,
/// while the organisation still takes it, or else the first it takes.
pub fn first_currency(view: &DuesView) -> String {
    view.currency
        .as_ref()
        .filter(|last| view.currencies.contains(last))
        .or(view.currencies.first())
        .map(Currency::to_string)
        .unwrap_or_default()
}

/// The tiers that can be paid in `currency`, each with its amount there.
pub fn tiers_in<'a>(tiers: &'a [DuesTier], currency: &str) -> Vec<(&'a DuesTier, u64)> {
    let Ok(currency) = Currency::parse(currency) else {
        return Vec::new();
    };
    tiers
        .iter()
        .filter_map(|tier| tier.amount_in(&currency).map(|amount| (tier, amount)))
        .collect()
}

/// The request for `tier` (an id, empty while none is chosen) in
/// `currency`, or the refusals the server would answer it with.
pub fn request(
    tiers: &[DuesTier],
    tier: &str,
    currency: &str,
    locale: Locale,
    idempotency_key: String,
) -> Result<DuesRequest, FieldErrors> {
    let request = DuesRequest {
        idempotency_key,
        locale: Some(locale),
        tier: tier.to_owned(),
        currency: currency.to_owned(),
    };
    request.validate(tiers).map(|_| request)
}

/// The tier and currency of a checkout the member came back from, to
/// choose again with: the tier of that frequency with that amount there.
pub fn of_gift(gift: &DonationView, tiers: &[DuesTier]) -> Option<(String, String)> {
    tiers
        .iter()
        .find(|tier| tier.frequency == gift.frequency && tier.amount_in(&gift.currency) == Some(gift.amount))
        .map(|tier| (tier.id.clone(), gift.currency.to_string()))
}

/// Whether the member may pay dues: they have none, or they lapsed.
pub fn may_pay(status: DuesStatus) -> bool {
    matches!(status, DuesStatus::None | DuesStatus::Lapsed)
}

/// Whether the provider's confirmation has all arrived: the membership is
/// active, with its next day and its payment. (The events come one after
/// the other; the status alone may come before the payment does.)
pub fn confirmed(view: &DuesView) -> bool {
    view.status == DuesStatus::Active && view.next_payment_on.is_some() && !view.payments.is_empty()
}

/// The tier the membership is of, by its id.
pub fn tier_of(view: &DuesView) -> Option<&DuesTier> {
    let id = view.tier.as_deref()?;
    view.tiers.iter().find(|tier| tier.id == id)
}

#[cfg(test)]
mod tests {
    use civic_api::FieldError;
    use civic_api::donation::{DonationStatus, Frequency};
    use civic_api::dues::{PaymentView, TierAmount};

    use super::*;

    fn money(code: &str, amount: u64) -> TierAmount {
        TierAmount {
            currency: Currency::parse(code).unwrap(),
            amount,
        }
    }

    fn tiers() -> Vec<DuesTier> {
        let tier = |id: &str, frequency, reduced, amounts: Vec<TierAmount>| DuesTier {
            id: id.into(),
            name: id.into(),
            frequency,
            reduced,
            amounts,
        };
        vec![
            tier(
                "standard",
                Frequency::Yearly,
                false,
                vec![money("EUR", 6000), money("GBP", 5000)],
            ),
            tier("monthly", Frequency::Monthly, false, vec![money("EUR", 500)]),
            tier(
                "reduced",
                Frequency::Yearly,
                true,
                vec![money("EUR", 1500), money("GBP", 1200)],
            ),
        ]
    }

    fn view(status: DuesStatus) -> DuesView {
        DuesView {
            status,
            tier: None,
            amount: None,
            currency: None,
            next_payment_on: None,
            ends_at_period_end: false,
            can_manage: false,
            payments: Vec::new(),
            tiers: tiers(),
            currencies: vec![Currency::parse("EUR").unwrap(), Currency::parse("GBP").unwrap()],
            sandbox: true,
        }
    }

    const KEY: &str = "0123456789abcdef0123";

    #[test]
    fn the_form_starts_in_the_currency_paid_last_while_it_is_taken() {
        assert_eq!(first_currency(&view(DuesStatus::None)), "EUR");
        let paid_in_pounds = DuesView {
            currency: Some(Currency::parse("GBP").unwrap()),
            ..view(DuesStatus::Lapsed)
        };
        assert_eq!(first_currency(&paid_in_pounds), "GBP");
        let no_longer_taken = DuesView {
            currency: Some(Currency::parse("USD").unwrap()),
            ..view(DuesStatus::Lapsed)
        };
        assert_eq!(first_currency(&no_longer_taken), "EUR");
    }

    #[test]
    fn only_the_tiers_with_an_amount_in_the_currency_are_offered() {
        let ids = |currency| {
            tiers_in(&tiers(), currency)
                .iter()
                .map(|(tier, amount)| (tier.id.clone(), *amount))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            ids("GBP"),
            [("standard".to_owned(), 5000), ("reduced".to_owned(), 1200)]
        );
        assert_eq!(ids("EUR").len(), 3);
        assert!(ids("").is_empty());
    }

    #[test]
    fn a_choice_is_refused_as_the_server_would_refuse_it() {
        let request = request(&tiers(), "reduced", "GBP", Locale::Ar, KEY.into()).unwrap();
        assert_eq!(
            (request.tier.as_str(), request.currency.as_str(), request.locale),
            ("reduced", "GBP", Some(Locale::Ar))
        );
        let cases = [
            ("", "EUR", "tier", FieldError::Required, "no tier chosen"),
            ("gold", "EUR", "tier", FieldError::Invalid, "a tier not offered"),
            ("monthly", "GBP", "currency", FieldError::Invalid, "not in pounds"),
            ("standard", "", "currency", FieldError::Required, "no currency"),
        ];
        for (tier, currency, field, error, case) in cases {
            let refused = super::request(&tiers(), tier, currency, Locale::En, KEY.into()).unwrap_err();
            assert_eq!(refused.get(field), Some(&error), "{case}: {refused:?}");
        }
    }

    #[test]
    fn a_checkout_left_unpaid_gives_back_its_tier_and_currency() {
        let gift = DonationView {
            reference: "G-1".into(),
            status: DonationStatus::Cancelled,
            currency: Currency::parse("GBP").unwrap(),
            amount: 1200,
            frequency: Frequency::Yearly,
            preset: None,
            email: "member@example.org".into(),
            dedication: None,
        };
        assert_eq!(of_gift(&gift, &tiers()), Some(("reduced".into(), "GBP".into())));
        let changed_since = DonationView { amount: 1300, ..gift };
        assert_eq!(of_gift(&changed_since, &tiers()), None);
    }

    #[test]
    fn a_membership_is_confirmed_once_its_day_and_payment_are_there() {
        let active = DuesView {
            tier: Some("reduced".into()),
            ..view(DuesStatus::Active)
        };
        assert!(!confirmed(&active), "the status alone");
        let dated = DuesView {
            next_payment_on: Some("2027-03-01".into()),
            ..active
        };
        assert!(!confirmed(&dated), "no payment yet");
        let paid = DuesView {
            payments: vec![PaymentView {
                receipt: "R-2026-1".into(),
                paid_on: "2026-03-01".into(),
                amount: 1500,
                currency: Currency::parse("EUR").unwrap(),
            }],
            ..dated
        };
        assert!(confirmed(&paid));
        assert_eq!(tier_of(&paid).map(|tier| tier.reduced), Some(true));
        assert!(may_pay(DuesStatus::Lapsed) && may_pay(DuesStatus::None));
        assert!(!may_pay(DuesStatus::Due) && !may_pay(DuesStatus::Active));
    }
}
