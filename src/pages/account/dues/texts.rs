//! The membership section's words: where the dues stand, a tier's price,
//! and why a request did not go through.

use civic_api::donation::{Currency, Frequency};
use civic_api::dues::{DuesStatus, DuesTier, DuesView};
use civic_api::{ErrorCode, FieldError};

use crate::api::ApiError;
use crate::dates::format_date;
use crate::form_kit::FailureTexts;
use crate::i18n::{Locale, td_string};
use crate::money::format_money;

/// Where the membership stands, in a sentence, with its next day.
pub fn status_text(ui: Locale, view: &DuesView) -> String {
    let day = view
        .next_payment_on
        .as_deref()
        .map(|day| format_date(ui, day).unwrap_or_else(|| day.to_owned()));
    match (view.status, day) {
        (DuesStatus::None, _) => td_string!(ui, dues.status_none).to_owned(),
        (DuesStatus::Active, Some(date)) if view.ends_at_period_end => {
            td_string!(ui, dues.status_active_ends, date = date)
        }
        (DuesStatus::Active, Some(date)) => td_string!(ui, dues.status_active_renews, date = date),
        (DuesStatus::Active, None) => td_string!(ui, dues.status_active).to_owned(),
        (DuesStatus::Due, _) => td_string!(ui, dues.status_due).to_owned(),
        (DuesStatus::Lapsed, _) => td_string!(ui, dues.status_lapsed).to_owned(),
    }
}

/// "€15.00 a year".
pub fn price(ui: Locale, amount: u64, currency: &Currency, frequency: Frequency) -> String {
    let amount = format_money(ui, amount, currency);
    match frequency {
        Frequency::Yearly => td_string!(ui, dues.per_year, amount = amount),
        Frequency::Monthly => td_string!(ui, dues.per_month, amount = amount),
        Frequency::Once => amount,
    }
}

/// A tier as the form offers it: its name and price, and for the reduced
/// one that anyone may choose it.
pub fn tier_option(ui: Locale, tier: &DuesTier, amount: u64, currency: &Currency) -> String {
    let price = price(ui, amount, currency, tier.frequency);
    match tier.reduced {
        true => td_string!(ui, dues.tier_option_reduced, name = &tier.name, price = price),
        false => td_string!(ui, dues.tier_option, name = &tier.name, price = price),
    }
}

pub fn failure_texts(ui: Locale) -> FailureTexts {
    FailureTexts {
        invalid: td_string!(ui, dues.invalid),
        network: td_string!(ui, dues.error_network),
        rate_limited: td_string!(ui, dues.error_rate_limited),
        // A 503 (the provider out of reach) and any other failure alike:
        // the provider's page was never reached, so nothing was charged.
        server: td_string!(ui, dues.error_server),
    }
}

pub fn tier_error(ui: Locale, error: FieldError) -> String {
    match error {
        FieldError::Required => td_string!(ui, dues.errors.tier_required),
        _ => td_string!(ui, dues.errors.tier_invalid),
    }
    .to_owned()
}

/// A currency refused with a tier chosen is one that tier is not paid in.
pub fn currency_error(ui: Locale, error: FieldError, tier_chosen: bool) -> String {
    match error {
        FieldError::Invalid if tier_chosen => td_string!(ui, dues.errors.currency_tier),
        _ => td_string!(ui, dues.errors.currency_invalid),
    }
    .to_owned()
}

/// Why the provider's page to manage the membership did not open.
pub fn portal_failure(ui: Locale, error: &ApiError) -> &'static str {
    match error {
        ApiError::NotFound => td_string!(ui, dues.manage_nothing),
        ApiError::Network => td_string!(ui, dues.manage_network),
        ApiError::Server(body) if body.code == ErrorCode::RateLimited => {
            td_string!(ui, account_form.failure.error_rate_limited)
        }
        _ => td_string!(ui, dues.manage_unavailable),
    }
}

#[cfg(test)]
mod tests {
    use civic_api::Locale;

    use super::*;

    fn view(status: DuesStatus, next: Option<&str>, ends: bool) -> DuesView {
        DuesView {
            status,
            tier: None,
            amount: None,
            currency: None,
            next_payment_on: next.map(str::to_owned),
            ends_at_period_end: ends,
            can_manage: false,
            payments: Vec::new(),
            tiers: Vec::new(),
            currencies: Vec::new(),
            sandbox: false,
        }
    }

    #[test]
    fn the_status_is_said_in_words_with_its_day() {
        let cases = [
            (view(DuesStatus::None, None, false), "You are not a member yet."),
            (
                view(DuesStatus::Active, Some("2027-03-01"), false),
                "Your membership is active. It renews on 1 March 2027.",
            ),
            (
                view(DuesStatus::Active, Some("2027-03-01"), true),
                "Your membership is active until 1 March 2027. It ends then and will not renew.",
            ),
            (view(DuesStatus::Active, None, false), "Your membership is active."),
        ];
        for (view, expected) in cases {
            assert_eq!(status_text(Locale::En, &view), expected);
        }
        let due = status_text(Locale::En, &view(DuesStatus::Due, Some("2027-03-01"), false));
        assert!(due.contains("try again") && due.contains("payment details"), "{due}");
        let lapsed = status_text(Locale::Fr, &view(DuesStatus::Lapsed, None, false));
        assert!(lapsed.contains("expiré"), "{lapsed}");
    }

    #[test]
    fn a_tier_shows_its_price_and_the_reduced_one_that_anyone_may_choose_it() {
        let eur = Currency::parse("EUR").unwrap();
        let tier = DuesTier {
            id: "reduced".into(),
            name: "Reduced membership".into(),
            frequency: Frequency::Yearly,
            reduced: true,
            amounts: Vec::new(),
        };
        assert_eq!(
            tier_option(Locale::En, &tier, 1500, &eur),
            "Reduced membership: €15.00 a year. Anyone may choose it, no proof asked."
        );
        let monthly = DuesTier {
            name: "Adhésion mensuelle".into(),
            frequency: Frequency::Monthly,
            reduced: false,
            ..tier
        };
        assert_eq!(
            tier_option(Locale::Fr, &monthly, 500, &eur),
            "Adhésion mensuelle : 5,00\u{a0}€ par mois"
        );
    }

    #[test]
    fn a_portal_that_cannot_open_says_why() {
        assert_eq!(
            portal_failure(Locale::En, &ApiError::NotFound),
            td_string!(Locale::En, dues.manage_nothing)
        );
        let unavailable = ApiError::refused(ErrorCode::Unavailable);
        assert_eq!(
            portal_failure(Locale::En, &unavailable),
            td_string!(Locale::En, dues.manage_unavailable)
        );
    }
}
