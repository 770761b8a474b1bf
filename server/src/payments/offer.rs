//! The organisation's offer (`content/donations.toml`): the currencies it
//! accepts, their preset amounts and the bounds of a custom one, and the
//! details its receipts carry. Checked once at start.

use std::path::Path;

use anyhow::Context;
use std::collections::BTreeMap;

use civic_api::Locale;
use civic_api::donation::{Currency, CurrencyOffer, DonationOffer, Frequency, Preset};
use civic_api::dues::{DuesTier, TierAmount};
use serde::Deserialize;

pub const OFFER_FILE: &str = "donations.toml";

/// Who the receipts are from.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    pub name: String,
    pub address: String,
    /// Its registration as a charity or association, printed on receipts.
    pub registration: String,
    /// Where a donor writes about a payment.
    pub email: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    organisation: Organisation,
    currencies: Vec<CurrencyFile>,
    #[serde(default)]
    dues: Vec<TierFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TierFile {
    id: String,
    frequency: String,
    #[serde(default)]
    reduced: bool,
    amounts: BTreeMap<String, u64>,
    name: BTreeMap<String, String>,
}

/// A dues tier in every language.
#[derive(Debug, Clone)]
struct Tier {
    id: String,
    frequency: Frequency,
    reduced: bool,
    amounts: Vec<TierAmount>,
    names: Vec<(Locale, String)>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CurrencyFile {
    code: String,
    presets: Vec<u64>,
    minimum: u64,
    maximum: u64,
}

/// The offer, and the organisation behind it.
#[derive(Debug, Clone)]
pub struct Offer {
    pub organisation: Organisation,
    currencies: Vec<CurrencyOffer>,
    tiers: Vec<Tier>,
}

impl Offer {
    pub fn load(content: &Path) -> anyhow::Result<Offer> {
        let path = content.join(OFFER_FILE);
        let text = std::fs::read_to_string(&path).with_context(|| format!("Failed to read {}", path.display()))?;
        Offer::parse(&text).with_context(|| format!("{} is not a usable offer", path.display()))
    }

    pub fn parse(text: &str) -> anyhow::Result<Offer> {
        let file: File = toml::from_str(text)?;
        anyhow::ensure!(!file.currencies.is_empty(), "it names no currency");
        let mut currencies: Vec<CurrencyOffer> = Vec::new();
        for each in file.currencies {
            let currency = Currency::parse(&each.code)
                .map_err(|_| anyhow::anyhow!("{:?} is not an ISO 4217 code such as EUR", each.code))?;
            anyhow::ensure!(
                currencies.iter().all(|offer| offer.currency != currency),
                "{currency} is listed twice"
            );
            anyhow::ensure!(
                0 < each.minimum && each.minimum <= each.maximum,
                "{currency}: the minimum must be above zero and at most the maximum"
            );
            // Stripe's own ceiling for one payment is 99,999,999 minor units.
            anyhow::ensure!(
                each.maximum <= 99_999_999,
                "{currency}: the maximum is above what a payment can be"
            );
            let mut presets = Vec::new();
            for amount in each.presets {
                anyhow::ensure!(
                    (each.minimum..=each.maximum).contains(&amount),
                    "{currency}: the preset {amount} lies outside the minimum and maximum"
                );
                let id = format!("{}-{amount}", currency.lowercase());
                anyhow::ensure!(
                    presets.iter().all(|p: &Preset| p.id != id),
                    "{currency}: {amount} is listed twice"
                );
                presets.push(Preset { id, amount });
            }
            currencies.push(CurrencyOffer {
                currency,
                presets,
                minimum: each.minimum,
                maximum: each.maximum,
            });
        }
        let mut tiers: Vec<Tier> = Vec::new();
        for each in file.dues {
            anyhow::ensure!(
                civic_api::Slug::parse(&each.id).is_ok(),
                "the dues tier {:?} needs an id of small letters, digits and hyphens",
                each.id
            );
            anyhow::ensure!(
                tiers.iter().all(|tier| tier.id != each.id),
                "the dues tier {} is listed twice",
                each.id
            );
            let frequency = Frequency::parse(&each.frequency)
                .filter(|frequency| frequency.is_recurring())
                .with_context(|| format!("the dues tier {}: frequency must be yearly or monthly", each.id))?;
            let mut amounts = Vec::new();
            for (code, amount) in each.amounts {
                let currency = Currency::parse(&code)
                    .ok()
                    .filter(|currency| currencies.iter().any(|offer| &offer.currency == currency))
                    .with_context(|| format!("the dues tier {}: {code} is not one of the currencies", each.id))?;
                anyhow::ensure!(
                    0 < amount && amount <= 99_999_999,
                    "the dues tier {}: {code} {amount} is not an amount",
                    each.id
                );
                amounts.push(TierAmount { currency, amount });
            }
            anyhow::ensure!(!amounts.is_empty(), "the dues tier {} has no amount", each.id);
            let mut names = Vec::new();
            for locale in Locale::ALL {
                let name = each
                    .name
                    .get(locale.as_str())
                    .filter(|name| !name.trim().is_empty())
                    .with_context(|| format!("the dues tier {} has no name in {locale}", each.id))?;
                names.push((locale, name.trim().to_owned()));
            }
            tiers.push(Tier {
                id: each.id,
                frequency,
                reduced: each.reduced,
                amounts,
                names,
            });
        }
        for (field, value) in [
            ("name", &file.organisation.name),
            ("address", &file.organisation.address),
            ("registration", &file.organisation.registration),
        ] {
            anyhow::ensure!(!value.trim().is_empty(), "the organisation's {field} is empty");
        }
        civic_api::Email::parse(&file.organisation.email)
            .map_err(|_| anyhow::anyhow!("the organisation's email is not an address"))?;
        Ok(Offer {
            organisation: file.organisation,
            currencies,
            tiers,
        })
    }

    /// The dues tiers, named in `locale`.
    pub fn dues_tiers(&self, locale: Locale) -> Vec<DuesTier> {
        self.tiers
            .iter()
            .map(|tier| DuesTier {
                id: tier.id.clone(),
                name: tier
                    .names
                    .iter()
                    .find(|(each, _)| *each == locale)
                    .map(|(_, name)| name.clone())
                    .unwrap_or_default(),
                frequency: tier.frequency,
                reduced: tier.reduced,
                amounts: tier.amounts.clone(),
            })
            .collect()
    }

    /// The currencies taken, in the order offered.
    pub fn currencies(&self) -> Vec<Currency> {
        self.currencies.iter().map(|offer| offer.currency.clone()).collect()
    }

    /// What the donate page shows.
    pub fn public(&self, sandbox: bool) -> DonationOffer {
        DonationOffer {
            currencies: self.currencies.clone(),
            frequencies: vec![Frequency::Once, Frequency::Monthly],
            organisation: self.organisation.name.clone(),
            sandbox,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_offer_loads() {
        let offer = Offer::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../content")).unwrap();
        let public = offer.public(true);
        assert_eq!(public.currencies[0].currency.as_str(), "EUR");
        assert_eq!(public.currencies[0].presets[1].id, "eur-2500");
        assert!(public.sandbox);
        let tiers = offer.dues_tiers(Locale::Fr);
        assert_eq!(tiers.len(), 3);
        assert_eq!(tiers[2].name, "Adhésion à tarif réduit");
        assert!(tiers[2].reduced);
        assert_eq!(tiers[1].frequency, Frequency::Monthly);
    }

    #[test]
    fn a_dues_tier_needs_a_known_currency_a_period_and_every_language() {
        let base = r#"
            [organisation]
            name = "Civic"
            address = "Somewhere"
            registration = "No. 1"
            email = "treasurer@civic.example"
            [[currencies]]
            code = "EUR"
            presets = []
            minimum = 100
            maximum = 1000
        "#;
        let names = r#"name = { en = "A", fr = "A", es = "A", ar = "A" }"#;
        let good = format!("{base}\n[[dues]]\nid = \"a\"\nfrequency = \"yearly\"\namounts = {{ EUR = 100 }}\n{names}");
        assert!(Offer::parse(&good).is_ok(), "{good}");
        for (what, bad) in [
            ("a currency not offered", good.replace("EUR = 100", "USD = 100")),
            ("once is no period", good.replace("\"yearly\"", "\"once\"")),
            ("a language missing", good.replace(", ar = \"A\"", "")),
            ("no amount", good.replace("EUR = 100", "EUR = 0")),
        ] {
            assert!(Offer::parse(&bad).is_err(), "{what}");
        }
    }

    #[test]
    fn offers_that_make_no_sense_are_refused() {
        let organisation = r#"
            [organisation]
            name = "Civic"
            address = "Somewhere"
            registration = "No. 1"
            email = "treasurer@civic.example"
        "#;
        assert!(
            Offer::parse(&format!("currencies = []\n{organisation}")).is_err(),
            "no currency"
        );
        for currencies in [
            "[[currencies]]\ncode = \"eur\"\npresets = []\nminimum = 1\nmaximum = 2",
            "[[currencies]]\ncode = \"EUR\"\npresets = [5]\nminimum = 10\nmaximum = 20",
            "[[currencies]]\ncode = \"EUR\"\npresets = []\nminimum = 0\nmaximum = 20",
            "[[currencies]]\ncode = \"EUR\"\npresets = []\nminimum = 30\nmaximum = 20",
            "[[currencies]]\ncode = \"EUR\"\npresets = [15, 15]\nminimum = 10\nmaximum = 20",
        ] {
            assert!(
                Offer::parse(&format!("{organisation}\n{currencies}")).is_err(),
                "{currencies}"
            );
        }
    }
}
