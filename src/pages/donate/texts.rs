//! The donation pages' words for each refusal and each frequency.

use civic_api::FieldError;
use civic_api::donation::{CurrencyOffer, DEDICATION_MAX, Frequency};

use crate::form_kit::FailureTexts;
use crate::i18n::{Locale, td_string};
use crate::money::format_money;

pub fn failure_texts(ui: Locale) -> FailureTexts {
    FailureTexts {
        invalid: td_string!(ui, donate.invalid),
        network: td_string!(ui, donate.error_network),
        rate_limited: td_string!(ui, donate.error_rate_limited),
        // A 503 (the provider out of reach) and any other failure alike:
        // the provider's page was never reached, so nothing was charged.
        server: td_string!(ui, donate.error_server),
    }
}

/// "Once", "Every month".
pub fn frequency_label(ui: Locale, frequency: Frequency) -> &'static str {
    match frequency {
        Frequency::Once => td_string!(ui, donate.once),
        Frequency::Monthly => td_string!(ui, donate.monthly),
        Frequency::Yearly => td_string!(ui, donate.yearly),
    }
}

/// "You are giving €25.00 every month."
pub fn summary(ui: Locale, frequency: Frequency, amount: String) -> String {
    match frequency {
        Frequency::Once => td_string!(ui, donate.summary_once, amount = amount),
        Frequency::Monthly => td_string!(ui, donate.summary_monthly, amount = amount),
        Frequency::Yearly => td_string!(ui, donate.summary_yearly, amount = amount),
    }
}

/// The refusal of the amount typed in "Other amount", with the bounds of
/// the currency chosen.
pub fn custom_amount_error(ui: Locale, error: FieldError, currency: Option<&CurrencyOffer>) -> String {
    let bound = |amount: fn(&CurrencyOffer) -> u64| {
        currency
            .map(|offer| format_money(ui, amount(offer), &offer.currency))
            .unwrap_or_default()
    };
    match error {
        FieldError::Required => td_string!(ui, donate.errors.amount_empty).to_owned(),
        FieldError::TooShort => td_string!(ui, donate.errors.amount_too_small, min = bound(|offer| offer.minimum)),
        FieldError::TooLong => td_string!(ui, donate.errors.amount_too_large, max = bound(|offer| offer.maximum)),
        _ => td_string!(ui, donate.errors.amount_invalid).to_owned(),
    }
}

/// The refusal of the amount when no amount of one's own was typed:
/// nothing chosen, or a preset the offer no longer has.
pub fn amount_choice_error(ui: Locale) -> String {
    td_string!(ui, donate.errors.amount_required).to_owned()
}

pub fn currency_error(ui: Locale, _error: FieldError) -> String {
    td_string!(ui, donate.errors.currency_invalid).to_owned()
}

pub fn frequency_error(ui: Locale) -> String {
    td_string!(ui, donate.errors.frequency_invalid).to_owned()
}

pub fn email_error(ui: Locale, error: FieldError) -> String {
    match error {
        FieldError::Required => td_string!(ui, donate.errors.email_required),
        FieldError::TooLong => td_string!(ui, donate.errors.email_too_long),
        _ => td_string!(ui, donate.errors.email_invalid),
    }
    .to_owned()
}

pub fn dedication_error(ui: Locale, error: FieldError) -> String {
    match error {
        FieldError::TooLong => td_string!(ui, donate.errors.dedication_too_long, max = DEDICATION_MAX),
        _ => td_string!(ui, donate.errors.dedication_invalid).to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use civic_api::donation::Currency;

    use super::*;

    #[test]
    fn an_amount_out_of_bounds_is_refused_with_the_bound_in_the_currency() {
        let eur = CurrencyOffer {
            currency: Currency::parse("EUR").unwrap(),
            presets: vec![],
            minimum: 200,
            maximum: 1_000_000,
        };
        let too_small = custom_amount_error(Locale::En, FieldError::TooShort, Some(&eur));
        assert_eq!(too_small, "The smallest gift is €2.00.");
        let too_large = custom_amount_error(Locale::Fr, FieldError::TooLong, Some(&eur));
        assert!(too_large.contains("10\u{202f}000,00\u{a0}€"), "{too_large}");
    }
}
