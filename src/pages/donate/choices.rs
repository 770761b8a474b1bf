//! The donate form's choices as plain values, and the request they make,
//! checked with the contract's own rules against the offer: the browser
//! refuses what the server would, before anything is sent.

use civic_api::donation::{
    AmountChoice, Currency, DonationOffer, DonationRequest, DonationView, Frequency, choose_amount, parse_major_amount,
};
use civic_api::{FieldError, FieldErrors, Locale};

use crate::money::amount_input;

/// The value of the "Other amount" radio; the others are presets' ids.
pub const OTHER: &str = "other";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choices {
    /// A code of the offer's currencies (`EUR`).
    pub currency: String,
    /// `once` or `monthly` (`Frequency::as_str`).
    pub frequency: String,
    /// A preset's id, `OTHER`, or empty while none is chosen.
    pub amount: String,
    /// The visitor's own amount as typed, read when `amount` is `OTHER`.
    pub custom: String,
    pub email: String,
    pub dedication: String,
}

impl Choices {
    /// A new form: the offer's first currency and frequency, and no amount
    /// chosen for the visitor.
    pub fn first(offer: &DonationOffer) -> Choices {
        Choices {
            currency: offer
                .currencies
                .first()
                .map(|first| first.currency.to_string())
                .unwrap_or_default(),
            frequency: offer
                .frequencies
                .first()
                .unwrap_or(&Frequency::Once)
                .as_str()
                .to_owned(),
            amount: String::new(),
            custom: String::new(),
            email: String::new(),
            dedication: String::new(),
        }
    }

    /// The choices of an earlier gift, to try again with after leaving the
    /// payment page or a refused card; what the offer no longer has is
    /// left as a new form has it.
    pub fn of_gift(gift: &DonationView, offer: &DonationOffer, locale: Locale) -> Choices {
        let first = Choices::first(offer);
        let frequency = match offer.frequencies.contains(&gift.frequency) {
            true => gift.frequency.as_str().to_owned(),
            false => first.frequency,
        };
        let (currency, amount, custom) = match offer.currency(&gift.currency) {
            None => (first.currency, String::new(), String::new()),
            Some(currency) => match gift.preset.as_ref() {
                Some(id) if currency.presets.iter().any(|preset| &preset.id == id) => {
                    (gift.currency.to_string(), id.clone(), String::new())
                }
                _ => (
                    gift.currency.to_string(),
                    OTHER.to_owned(),
                    amount_input(locale, gift.amount, &gift.currency),
                ),
            },
        };
        Choices {
            currency,
            frequency,
            amount,
            custom,
            email: gift.email.clone(),
            dedication: gift.dedication.clone().unwrap_or_default(),
        }
    }

    /// The amount chosen, in the currency's minor unit, once the choice
    /// makes one the offer takes.
    pub fn amount(&self, offer: &DonationOffer) -> Option<u64> {
        let currency = Currency::parse(&self.currency).ok()?;
        let choice = self.amount_choice(&currency).ok()??;
        choose_amount(offer.currency(&currency)?, &choice).ok()
    }

    /// The request these choices make, or every refusal the server would
    /// answer them with.
    pub fn request(
        &self,
        offer: &DonationOffer,
        locale: Locale,
        idempotency_key: String,
    ) -> Result<DonationRequest, FieldErrors> {
        let mut errors = FieldErrors::new();
        let frequency = Frequency::parse(&self.frequency);
        if frequency.is_none() {
            errors.insert("frequency".to_owned(), FieldError::Required);
        }
        // An unknown currency is the contract's to refuse, below.
        let amount = match Currency::parse(&self.currency).map(|currency| self.amount_choice(&currency)) {
            Ok(Err(error)) => {
                errors.insert("amount".to_owned(), error);
                None
            }
            Ok(Ok(choice)) => choice,
            Err(_) => None,
        };
        let request = DonationRequest {
            idempotency_key,
            locale: Some(locale),
            currency: self.currency.clone(),
            frequency: frequency.unwrap_or(Frequency::Once),
            // Stands in for a refused amount while the rest is checked.
            amount: amount.unwrap_or(AmountChoice::Custom { amount: 0 }),
            email: self.email.clone(),
            dedication: self.dedication.clone(),
        };
        if let Err(refused) = request.validate(offer) {
            for (field, error) in refused {
                errors.entry(field).or_insert(error);
            }
        }
        match errors.is_empty() {
            true => Ok(request),
            false => Err(errors),
        }
    }

    /// The amount as the request names it: `None` while the currency is
    /// not known; an error when nothing is chosen or the typed amount does
    /// not read as one.
    fn amount_choice(&self, currency: &Currency) -> Result<Option<AmountChoice>, FieldError> {
        match self.amount.as_str() {
            "" => Err(FieldError::Required),
            OTHER => parse_major_amount(&self.custom, currency).map(|amount| Some(AmountChoice::Custom { amount })),
            id => Ok(Some(AmountChoice::Preset { id: id.to_owned() })),
        }
    }
}

/// The preset at the same place in another currency's list, when the
/// visitor changes currency (the second of one is the second of the
/// other); the visitor's own amount stays theirs.
pub fn same_preset_in(offer: &DonationOffer, from: &str, to: &str, chosen: &str) -> String {
    let presets = |code: &str| {
        Currency::parse(code)
            .ok()
            .and_then(|currency| offer.currency(&currency).map(|currency| currency.presets.clone()))
            .unwrap_or_default()
    };
    // Already one of the new currency's: both were set at once (a gift's
    // choices filled in again).
    if chosen.is_empty() || chosen == OTHER || presets(to).iter().any(|preset| preset.id == chosen) {
        return chosen.to_owned();
    }
    presets(from)
        .iter()
        .position(|preset| preset.id == chosen)
        .and_then(|place| presets(to).get(place).map(|preset| preset.id.clone()))
        .unwrap_or_default()
}

/// What can be said of a typed amount before its currency is known: that
/// there is one, written in figures with at most one decimal separator.
/// The currency's own rules and bounds are checked when the form is sent.
pub fn check_amount_text(text: &str) -> Option<FieldError> {
    let text = text.trim();
    if text.is_empty() {
        return Some(FieldError::Required);
    }
    let separators = text.matches(['.', ',']).count();
    let figures = text.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',');
    let ends_in_figures =
        text.starts_with(|c: char| c.is_ascii_digit()) && text.ends_with(|c: char| c.is_ascii_digit());
    (!(figures && separators <= 1 && ends_in_figures)).then_some(FieldError::Invalid)
}

#[cfg(test)]
mod tests {
    use civic_api::donation::{CurrencyOffer, DonationStatus, Preset};

    use super::*;

    fn currency(code: &str, amounts: &[u64]) -> CurrencyOffer {
        CurrencyOffer {
            currency: Currency::parse(code).unwrap(),
            presets: amounts
                .iter()
                .map(|amount| Preset {
                    id: format!("{}-{amount}", code.to_lowercase()),
                    amount: *amount,
                })
                .collect(),
            minimum: 200,
            maximum: 1_000_000,
        }
    }

    fn offer() -> DonationOffer {
        DonationOffer {
            currencies: vec![
                currency("EUR", &[1000, 2500, 5000]),
                currency("GBP", &[1000, 2000, 5000]),
            ],
            frequencies: vec![Frequency::Once, Frequency::Monthly],
            organisation: "Civic Alliance".into(),
            sandbox: true,
        }
    }

    const KEY: &str = "0123456789abcdef0123";

    fn chosen(amount: &str, custom: &str) -> Choices {
        Choices {
            amount: amount.into(),
            custom: custom.into(),
            email: "giver@example.org".into(),
            ..Choices::first(&offer())
        }
    }

    fn refusals(choices: &Choices) -> Vec<(String, FieldError)> {
        let errors = choices.request(&offer(), Locale::En, KEY.into()).unwrap_err();
        errors.into_iter().collect()
    }

    #[test]
    fn a_new_form_has_the_first_currency_and_frequency_and_no_amount_chosen() {
        let first = Choices::first(&offer());
        assert_eq!((first.currency.as_str(), first.frequency.as_str()), ("EUR", "once"));
        assert_eq!(first.amount, "");
    }

    #[test]
    fn a_preset_is_named_and_not_priced_by_the_browser() {
        let request = chosen("eur-2500", "")
            .request(&offer(), Locale::Fr, KEY.into())
            .unwrap();
        assert_eq!(request.amount, AmountChoice::Preset { id: "eur-2500".into() });
        assert_eq!((request.currency.as_str(), request.frequency), ("EUR", Frequency::Once));
        assert_eq!(
            (request.locale, request.idempotency_key.as_str()),
            (Some(Locale::Fr), KEY)
        );
    }

    #[test]
    fn an_amount_of_ones_own_is_read_in_the_currencys_minor_unit() {
        let monthly = Choices {
            frequency: "monthly".into(),
            dedication: "For Ada".into(),
            ..chosen(OTHER, "12,50")
        };
        let request = monthly.request(&offer(), Locale::Fr, KEY.into()).unwrap();
        assert_eq!(request.amount, AmountChoice::Custom { amount: 1250 });
        assert_eq!(request.frequency, Frequency::Monthly);
        assert_eq!(request.dedication, "For Ada");
        assert_eq!(monthly.amount(&offer()), Some(1250));
    }

    #[test]
    fn refused_choices_are_named_by_the_field_the_server_would_name() {
        type Case = (Choices, &'static [(&'static str, FieldError)], &'static str);
        let cases: [Case; 6] = [
            (chosen("", ""), &[("amount", FieldError::Required)], "nothing chosen"),
            (
                chosen(OTHER, ""),
                &[("amount", FieldError::Required)],
                "other, left empty",
            ),
            (
                chosen(OTHER, "1"),
                &[("amount", FieldError::TooShort)],
                "below the minimum",
            ),
            (
                chosen(OTHER, "10000.01"),
                &[("amount", FieldError::TooLong)],
                "above the maximum",
            ),
            (
                chosen(OTHER, "ten"),
                &[("amount", FieldError::Invalid)],
                "not in figures",
            ),
            (
                Choices {
                    email: String::new(),
                    ..chosen("gbp-2000", "")
                },
                &[("amount", FieldError::Invalid), ("email", FieldError::Required)],
                "a preset of another currency, and no address",
            ),
        ];
        for (choices, expected, case) in cases {
            let expected: Vec<(String, FieldError)> = expected
                .iter()
                .map(|(field, error)| (field.to_string(), *error))
                .collect();
            assert_eq!(refusals(&choices), expected, "{case}");
            assert_eq!(choices.amount(&offer()), None, "{case}: no amount to show");
        }
        let long = Choices {
            dedication: "x".repeat(civic_api::donation::DEDICATION_MAX + 1),
            ..chosen("eur-1000", "")
        };
        assert_eq!(refusals(&long), [("dedication".to_owned(), FieldError::TooLong)]);
        let yearly = Choices {
            frequency: "yearly".into(),
            ..chosen("eur-1000", "")
        };
        assert_eq!(refusals(&yearly), [("frequency".to_owned(), FieldError::Invalid)]);
    }

    #[test]
    fn a_gift_fills_the_form_again_with_its_choices() {
        let gift = DonationView {
            reference: "D-1".into(),
            status: DonationStatus::Cancelled,
            currency: Currency::parse("GBP").unwrap(),
            amount: 2000,
            frequency: Frequency::Monthly,
            preset: Some("gbp-2000".into()),
            email: "giver@example.org".into(),
            dedication: Some("For Ada".into()),
        };
        let again = Choices::of_gift(&gift, &offer(), Locale::Fr);
        assert_eq!(
            again,
            Choices {
                currency: "GBP".into(),
                frequency: "monthly".into(),
                amount: "gbp-2000".into(),
                custom: String::new(),
                email: "giver@example.org".into(),
                dedication: "For Ada".into(),
            }
        );
        let own = DonationView {
            preset: None,
            amount: 1250,
            ..gift.clone()
        };
        let again = Choices::of_gift(&own, &offer(), Locale::Fr);
        assert_eq!((again.amount.as_str(), again.custom.as_str()), (OTHER, "12,50"));
        assert!(again.request(&offer(), Locale::Fr, KEY.into()).is_ok());
        let gone = DonationView {
            currency: Currency::parse("USD").unwrap(),
            ..gift
        };
        let again = Choices::of_gift(&gone, &offer(), Locale::En);
        assert_eq!((again.currency.as_str(), again.amount.as_str()), ("EUR", ""));
    }

    #[test]
    fn changing_currency_keeps_the_presets_place_and_ones_own_amount() {
        assert_eq!(same_preset_in(&offer(), "EUR", "GBP", "eur-2500"), "gbp-2000");
        assert_eq!(same_preset_in(&offer(), "EUR", "GBP", OTHER), OTHER);
        assert_eq!(same_preset_in(&offer(), "EUR", "GBP", ""), "");
        assert_eq!(same_preset_in(&offer(), "EUR", "USD", "eur-2500"), "");
        assert_eq!(same_preset_in(&offer(), "EUR", "GBP", "gbp-5000"), "gbp-5000");
    }

    #[test]
    fn a_typed_amount_is_checked_for_figures_as_it_is_typed() {
        for good in ["25", "25.5", "25,50", " 7 "] {
            assert_eq!(check_amount_text(good), None, "{good}");
        }
        assert_eq!(check_amount_text("  "), Some(FieldError::Required));
        for bad in ["-5", "5.", ".5", "1.000,00", "1e3", "€5", "five"] {
            assert_eq!(check_amount_text(bad), Some(FieldError::Invalid), "{bad}");
        }
    }
}
