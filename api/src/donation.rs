//! Giving: what the organisation offers (currencies, preset amounts, the
//! bounds of a custom one), the visitor's choice, and a gift's state as the
//! payment provider has confirmed it. The server decides every amount: the
//! browser names a preset or a custom amount, and `DonationRequest::validate`
//! checks it against the offer on both sides.

use serde::{Deserialize, Serialize};

use crate::field::bounded_text;
use crate::{Email, FieldError, FieldErrors, IdempotencyKey, Locale};

/// The longest dedication ("In memory of …"), in characters.
pub const DEDICATION_MAX: usize = 200;

/// An ISO 4217 currency code, such as `EUR`: three capital letters.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String))]
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Currency(String);

impl Currency {
    pub fn parse(input: &str) -> Result<Currency, FieldError> {
        let input = input.trim();
        if input.is_empty() {
            Err(FieldError::Required)
        } else if input.len() == 3 && input.bytes().all(|b| b.is_ascii_uppercase()) {
            Ok(Currency(input.to_owned()))
        } else {
            Err(FieldError::Invalid)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Stripe's lower-case spelling (`eur`).
    pub fn lowercase(&self) -> String {
        self.0.to_ascii_lowercase()
    }

    /// How many digits its minor unit has: none for the yen and the few
    /// like it (ISO 4217), two for the others the site may offer.
    pub fn minor_digits(&self) -> u32 {
        const WHOLE_UNITS: [&str; 16] = [
            "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF",
            "XPF",
        ];
        if WHOLE_UNITS.contains(&self.0.as_str()) { 0 } else { 2 }
    }
}

impl TryFrom<String> for Currency {
    type Error = FieldError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Currency::parse(&value)
    }
}

impl From<Currency> for String {
    fn from(value: Currency) -> Self {
        value.0
    }
}

impl std::fmt::Display for Currency {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// How often a gift is given.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Frequency {
    Once,
    Monthly,
    Yearly,
}

impl Frequency {
    pub fn as_str(self) -> &'static str {
        match self {
            Frequency::Once => "once",
            Frequency::Monthly => "monthly",
            Frequency::Yearly => "yearly",
        }
    }

    pub fn parse(input: &str) -> Option<Frequency> {
        [Frequency::Once, Frequency::Monthly, Frequency::Yearly]
            .into_iter()
            .find(|each| each.as_str() == input)
    }

    pub fn is_recurring(self) -> bool {
        self != Frequency::Once
    }
}

/// A preset amount, in the currency's minor unit (cents).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preset {
    /// What the browser sends back to choose it, such as `eur-25`.
    pub id: String,
    pub amount: u64,
}

/// What may be given in one currency; amounts in its minor unit.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrencyOffer {
    pub currency: Currency,
    pub presets: Vec<Preset>,
    /// The smallest and largest custom amount.
    pub minimum: u64,
    pub maximum: u64,
}

/// `GET /api/donations/offer`: what the donate page offers.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DonationOffer {
    /// The first is the one chosen at first.
    pub currencies: Vec<CurrencyOffer>,
    /// `once` and `monthly`, in that order.
    pub frequencies: Vec<Frequency>,
    /// The organisation's name, for the statement of where money goes.
    pub organisation: String,
    /// A sandbox takes the place of the payment provider: the page says
    /// no money moves.
    pub sandbox: bool,
}

impl DonationOffer {
    pub fn currency(&self, currency: &Currency) -> Option<&CurrencyOffer> {
        self.currencies.iter().find(|offer| &offer.currency == currency)
    }
}

/// Which amount the visitor chose.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// No `deny_unknown_fields`: the OpenAPI schema of an internally tagged
// enum's variants cannot say it. A member the browser adds (an `amount`
// beside a preset, say) is ignored, never read: the server decides every
// amount.
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AmountChoice {
    /// One of the currency's presets, by id.
    Preset { id: String },
    /// An amount of the visitor's own, in the minor unit (`2500` or, as
    /// JSON may write it, `2500.0`).
    Custom {
        #[serde(deserialize_with = "crate::whole_number::read")]
        amount: u64,
    },
}

/// `POST /api/donations`: the visitor's choice. No amount the browser
/// computed is trusted: a preset is named, a custom amount is bounded.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DonationRequest {
    pub idempotency_key: String,
    pub locale: Option<Locale>,
    pub currency: String,
    pub frequency: Frequency,
    pub amount: AmountChoice,
    /// Where the receipt goes.
    pub email: String,
    /// Optional: "In memory of …".
    #[serde(default)]
    pub dedication: String,
}

/// A gift whose every field has been checked against the offer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gift {
    pub idempotency_key: IdempotencyKey,
    pub locale: Locale,
    pub currency: Currency,
    pub frequency: Frequency,
    /// In the currency's minor unit.
    pub amount: u64,
    pub email: Email,
    pub dedication: Option<String>,
}

impl DonationRequest {
    /// Checks every field against `offer` and returns all refusals at once.
    pub fn validate(&self, offer: &DonationOffer) -> Result<Gift, FieldErrors> {
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
        let currency = Currency::parse(&self.currency)
            .and_then(|currency| offer.currency(&currency).ok_or(FieldError::Invalid))
            .map_err(|e| refuse("currency", e))
            .ok();
        if !offer.frequencies.contains(&self.frequency) {
            refuse("frequency", FieldError::Invalid);
        }
        let amount = currency.and_then(|currency| {
            choose_amount(currency, &self.amount)
                .map_err(|e| refuse("amount", e))
                .ok()
        });
        let email = Email::parse(&self.email).map_err(|e| refuse("email", e)).ok();
        let dedication = check_dedication(&self.dedication)
            .map_err(|e| refuse("dedication", e))
            .ok();
        match (idempotency_key, locale, currency, amount, email, dedication) {
            (Some(idempotency_key), Some(locale), Some(currency), Some(amount), Some(email), Some(dedication))
                if errors.is_empty() =>
            {
                Ok(Gift {
                    idempotency_key,
                    locale,
                    currency: currency.currency.clone(),
                    frequency: self.frequency,
                    amount,
                    email,
                    dedication,
                })
            }
            _ => Err(errors),
        }
    }
}

/// The amount `choice` names in `offer`'s currency, in its minor unit.
pub fn choose_amount(offer: &CurrencyOffer, choice: &AmountChoice) -> Result<u64, FieldError> {
    match choice {
        AmountChoice::Preset { id } => offer
            .presets
            .iter()
            .find(|preset| &preset.id == id)
            .map(|preset| preset.amount)
            .ok_or(FieldError::Invalid),
        AmountChoice::Custom { amount } if *amount < offer.minimum => Err(FieldError::TooShort),
        AmountChoice::Custom { amount } if *amount > offer.maximum => Err(FieldError::TooLong),
        AmountChoice::Custom { amount } => Ok(*amount),
    }
}

/// An optional dedication: empty is none; otherwise at most
/// `DEDICATION_MAX` characters of typed text.
pub fn check_dedication(input: &str) -> Result<Option<String>, FieldError> {
    if input.trim().is_empty() {
        Ok(None)
    } else {
        bounded_text(input, 1, DEDICATION_MAX).map(Some)
    }
}

/// Reads an amount as a visitor types it in the currency's major unit
/// ("25", "25.5", "25,50") into its minor unit; more decimals than the
/// currency has, or anything but digits and one separator, is invalid.
pub fn parse_major_amount(input: &str, currency: &Currency) -> Result<u64, FieldError> {
    let input = input.trim();
    if input.is_empty() {
        return Err(FieldError::Required);
    }
    let digits = currency.minor_digits();
    let (whole, fraction) = match input.split_once(['.', ',']) {
        Some((whole, fraction)) => (whole, fraction),
        None => (input, ""),
    };
    let all_digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !all_digits(whole) || !all_digits(fraction) || fraction.len() > digits as usize {
        return Err(FieldError::Invalid);
    }
    if input.contains(['.', ',']) && fraction.is_empty() {
        return Err(FieldError::Invalid);
    }
    let scale = 10u64.pow(digits);
    let whole: u64 = whole.parse().map_err(|_| FieldError::TooLong)?;
    let fraction: u64 = if fraction.is_empty() {
        0
    } else {
        format!("{fraction:0<width$}", width = digits as usize)
            .parse()
            .map_err(|_| FieldError::Invalid)?
    };
    whole
        .checked_mul(scale)
        .and_then(|minor| minor.checked_add(fraction))
        .ok_or(FieldError::TooLong)
}

/// `201` answer to `POST /api/donations`: where the visitor pays.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckoutStarted {
    /// The gift's reference, which the thank-you page reads it by.
    pub reference: String,
    /// The provider's hosted payment page.
    pub checkout_url: String,
}

/// Where a gift stands, as the provider's confirmed events say.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DonationStatus {
    /// Sent to the provider; nothing confirmed yet.
    Pending,
    /// The payer finished, and the money is on its way (a bank debit).
    Processing,
    /// Confirmed by the provider.
    Paid,
    /// The payment was refused.
    Failed,
    /// The payer left the payment page, or it expired.
    Cancelled,
}

impl DonationStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            DonationStatus::Pending => "pending",
            DonationStatus::Processing => "processing",
            DonationStatus::Paid => "paid",
            DonationStatus::Failed => "failed",
            DonationStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(input: &str) -> Option<DonationStatus> {
        [
            DonationStatus::Pending,
            DonationStatus::Processing,
            DonationStatus::Paid,
            DonationStatus::Failed,
            DonationStatus::Cancelled,
        ]
        .into_iter()
        .find(|each| each.as_str() == input)
    }

    /// Whether no later event can change it any more.
    pub fn is_settled(self) -> bool {
        matches!(
            self,
            DonationStatus::Paid | DonationStatus::Failed | DonationStatus::Cancelled
        )
    }
}

/// `GET /api/donations/{reference}`: a gift as its payer sees it on the
/// thank-you page, and as the donate page fills its form again after a
/// cancel. The reference is a random secret only the payer's browser got.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DonationView {
    pub reference: String,
    pub status: DonationStatus,
    pub currency: Currency,
    pub amount: u64,
    pub frequency: Frequency,
    /// The preset it was, if it was one.
    pub preset: Option<String>,
    pub email: String,
    pub dedication: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn offer() -> DonationOffer {
        DonationOffer {
            currencies: vec![
                CurrencyOffer {
                    currency: Currency::parse("EUR").unwrap(),
                    presets: vec![
                        Preset {
                            id: "eur-10".into(),
                            amount: 1000,
                        },
                        Preset {
                            id: "eur-25".into(),
                            amount: 2500,
                        },
                    ],
                    minimum: 200,
                    maximum: 1_000_000,
                },
                CurrencyOffer {
                    currency: Currency::parse("JPY").unwrap(),
                    presets: vec![],
                    minimum: 300,
                    maximum: 1_000_000,
                },
            ],
            frequencies: vec![Frequency::Once, Frequency::Monthly],
            organisation: "Civic".into(),
            sandbox: true,
        }
    }

    fn request() -> DonationRequest {
        DonationRequest {
            idempotency_key: "0123456789abcdef-gift".into(),
            locale: Some(Locale::En),
            currency: "EUR".into(),
            frequency: Frequency::Once,
            amount: AmountChoice::Preset { id: "eur-25".into() },
            email: "giver@example.org".into(),
            dedication: "  In memory of Ada  ".into(),
        }
    }

    #[test]
    fn a_preset_is_its_amount_and_the_dedication_is_trimmed() {
        let gift = request().validate(&offer()).unwrap();
        assert_eq!(gift.amount, 2500);
        assert_eq!(gift.currency.as_str(), "EUR");
        assert_eq!(gift.dedication.as_deref(), Some("In memory of Ada"));
    }

    #[test]
    fn a_custom_amount_must_lie_within_the_bounds() {
        let with = |amount| DonationRequest {
            amount: AmountChoice::Custom { amount },
            ..request()
        };
        assert_eq!(with(200).validate(&offer()).unwrap().amount, 200);
        assert_eq!(with(1_000_000).validate(&offer()).unwrap().amount, 1_000_000);
        assert_eq!(
            with(199).validate(&offer()).unwrap_err()["amount"],
            FieldError::TooShort
        );
        assert_eq!(
            with(1_000_001).validate(&offer()).unwrap_err()["amount"],
            FieldError::TooLong
        );
    }

    #[test]
    fn tampered_choices_are_refused() {
        let unknown_preset = DonationRequest {
            amount: AmountChoice::Preset { id: "eur-1".into() },
            ..request()
        };
        assert_eq!(
            unknown_preset.validate(&offer()).unwrap_err()["amount"],
            FieldError::Invalid
        );
        let other_currency = DonationRequest {
            currency: "USD".into(),
            ..request()
        };
        assert_eq!(
            other_currency.validate(&offer()).unwrap_err()["currency"],
            FieldError::Invalid
        );
        // A preset of another currency is not one of this currency's.
        let foreign_preset = DonationRequest {
            currency: "JPY".into(),
            ..request()
        };
        assert_eq!(
            foreign_preset.validate(&offer()).unwrap_err()["amount"],
            FieldError::Invalid
        );
        let yearly = DonationRequest {
            frequency: Frequency::Yearly,
            ..request()
        };
        assert_eq!(yearly.validate(&offer()).unwrap_err()["frequency"], FieldError::Invalid);
    }

    #[test]
    fn every_refusal_comes_at_once() {
        let bad = DonationRequest {
            idempotency_key: String::new(),
            locale: None,
            email: "nobody".into(),
            dedication: "x".repeat(DEDICATION_MAX + 1),
            amount: AmountChoice::Custom { amount: 1 },
            ..request()
        };
        let errors = bad.validate(&offer()).unwrap_err();
        let mut fields: Vec<&str> = errors.keys().map(String::as_str).collect();
        fields.sort();
        assert_eq!(fields, ["amount", "dedication", "email", "idempotency_key", "locale"]);
    }

    #[test]
    fn typed_amounts_become_minor_units() {
        let eur = Currency::parse("EUR").unwrap();
        let jpy = Currency::parse("JPY").unwrap();
        assert_eq!(parse_major_amount("25", &eur), Ok(2500));
        assert_eq!(parse_major_amount(" 25.5 ", &eur), Ok(2550));
        assert_eq!(parse_major_amount("25,05", &eur), Ok(2505));
        assert_eq!(parse_major_amount("3000", &jpy), Ok(3000));
        assert_eq!(parse_major_amount("30.5", &jpy), Err(FieldError::Invalid));
        assert_eq!(parse_major_amount("2.555", &eur), Err(FieldError::Invalid));
        assert_eq!(parse_major_amount("-5", &eur), Err(FieldError::Invalid));
        assert_eq!(parse_major_amount("5.", &eur), Err(FieldError::Invalid));
        assert_eq!(parse_major_amount("1e3", &eur), Err(FieldError::Invalid));
        assert_eq!(parse_major_amount("", &eur), Err(FieldError::Required));
        assert_eq!(
            parse_major_amount("99999999999999999999", &eur),
            Err(FieldError::TooLong)
        );
    }

    #[test]
    fn a_custom_amount_is_a_whole_number_as_json_may_write_it() {
        let read = |json: &str| serde_json::from_str::<AmountChoice>(json).ok();
        assert_eq!(
            read(r#"{"kind":"custom","amount":2500.0}"#),
            Some(AmountChoice::Custom { amount: 2500 })
        );
        assert_eq!(
            read(r#"{"kind":"custom","amount":2500}"#),
            Some(AmountChoice::Custom { amount: 2500 })
        );
        assert_eq!(read(r#"{"kind":"custom","amount":25.5}"#), None);
        assert_eq!(read(r#"{"kind":"custom","amount":-1}"#), None);
    }

    #[test]
    fn currencies_are_three_capital_letters() {
        assert!(Currency::parse("EUR").is_ok());
        assert_eq!(Currency::parse("eur"), Err(FieldError::Invalid));
        assert_eq!(Currency::parse("EURO"), Err(FieldError::Invalid));
        assert_eq!(Currency::parse(""), Err(FieldError::Required));
    }
}
