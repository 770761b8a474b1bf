//! The receipt e-mailed for every payment, in the payer's language (texts
//! in `mail_texts/{locale}.toml`), and the names gifts carry on the
//! provider's payment page. The organisation's details come from
//! `content/donations.toml`.

use civic_api::donation::{Currency, Frequency};
use civic_api::{Email, Locale};
use civic_web::money::format_money;
use serde::Deserialize;

use crate::mail::translations::Translations;
use crate::mail::{Compose, OutgoingMail};
use crate::payments::offer::Organisation;

const SOURCES: [(Locale, &str); 4] = [
    (Locale::En, include_str!("mail_texts/en.toml")),
    (Locale::Fr, include_str!("mail_texts/fr.toml")),
    (Locale::Es, include_str!("mail_texts/es.toml")),
    (Locale::Ar, include_str!("mail_texts/ar.toml")),
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Texts {
    subject: String,
    greeting: String,
    thanks_once: String,
    thanks_monthly: String,
    thanks_yearly: String,
    details: String,
    dedication: String,
    card: String,
    issuer: String,
    footer: String,
    description_once: String,
    description_monthly: String,
    description_yearly: String,
    description_dues: String,
    thanks_dues: String,
    lapsed_subject: String,
    lapsed_greeting: String,
    lapsed_body: String,
    lapsed_action: String,
    lapsed_footer: String,
    manage: String,
}

/// A payment as its receipt tells it.
pub struct Paid<'a> {
    pub to: &'a Email,
    pub locale: Locale,
    /// The receipt's number (`R-2026-000042`).
    pub receipt: &'a str,
    /// The gift's reference.
    pub reference: &'a str,
    pub amount: u64,
    pub currency: &'a Currency,
    pub frequency: Frequency,
    /// Membership dues rather than a gift.
    pub dues: bool,
    /// `YYYY-MM-DD`.
    pub date: &'a str,
    pub dedication: Option<&'a str>,
    /// For a monthly gift: the signed link to the provider's page where
    /// the giver changes or stops it.
    pub manage_url: Option<&'a str>,
}

pub struct Receipts {
    texts: Translations<Texts>,
    organisation: Organisation,
}

impl Receipts {
    pub fn load(organisation: Organisation) -> anyhow::Result<Receipts> {
        Ok(Receipts {
            texts: Translations::parse("payments/mail_texts", &SOURCES)?,
            organisation,
        })
    }

    /// What the payer reads on the payment page: "Monthly gift to Civic",
    /// "Membership dues of Civic".
    pub fn description(&self, locale: Locale, frequency: Frequency, dues: bool) -> String {
        let texts = self.texts.get(locale);
        let template = match frequency {
            _ if dues => &texts.description_dues,
            Frequency::Once => &texts.description_once,
            Frequency::Monthly => &texts.description_monthly,
            Frequency::Yearly => &texts.description_yearly,
        };
        template.replace("{organisation}", &self.organisation.name)
    }

    pub fn receipt(&self, paid: &Paid<'_>) -> OutgoingMail {
        let texts = self.texts.get(paid.locale);
        let amount = format_money(paid.locale, paid.amount, paid.currency);
        let fill = |template: &str| {
            template
                .replace("{organisation}", &self.organisation.name)
                .replace("{amount}", &amount)
                .replace("{date}", paid.date)
                .replace("{receipt}", paid.receipt)
                .replace("{reference}", paid.reference)
                .replace("{name}", &self.organisation.name)
                .replace("{address}", &self.organisation.address)
                .replace("{registration}", &self.organisation.registration)
                .replace("{email}", &self.organisation.email)
        };
        let thanks = match paid.frequency {
            _ if paid.dues => &texts.thanks_dues,
            Frequency::Once => &texts.thanks_once,
            Frequency::Monthly => &texts.thanks_monthly,
            Frequency::Yearly => &texts.thanks_yearly,
        };
        let mut paragraphs = vec![fill(thanks), fill(&texts.details)];
        if let Some(dedication) = paid.dedication {
            // Filled in last, so nothing the payer typed is read as a blank.
            paragraphs.push(fill(&texts.dedication).replace("{dedication}", dedication));
        }
        if let Some(url) = paid.manage_url {
            paragraphs.push(fill(&texts.manage).replace("{link}", url));
        }
        paragraphs.extend([fill(&texts.card), fill(&texts.issuer)]);
        Compose {
            locale: paid.locale,
            greeting: texts.greeting.clone(),
            paragraphs,
            action: None,
            footer: fill(&texts.footer),
        }
        .mail(paid.to.clone(), fill(&texts.subject))
    }
}

impl Receipts {
    /// "Your membership has lapsed": once, to a member whose dues ended or
    /// went unpaid; the account stays, and the link renews.
    pub fn lapsed(&self, to: &Email, locale: Locale, account_url: &str) -> OutgoingMail {
        let texts = self.texts.get(locale);
        let fill = |template: &str| {
            template
                .replace("{organisation}", &self.organisation.name)
                .replace("{email}", &self.organisation.email)
        };
        Compose {
            locale,
            greeting: fill(&texts.lapsed_greeting),
            paragraphs: vec![fill(&texts.lapsed_body)],
            action: Some((fill(&texts.lapsed_action), account_url.to_owned())),
            footer: fill(&texts.lapsed_footer),
        }
        .mail(to.clone(), fill(&texts.lapsed_subject))
    }
}

/// A receipt's number: the year it was paid and the payment's row,
/// `R-2026-000042`, in the order payments were recorded.
pub fn receipt_number(year: &str, id: i64) -> String {
    format!("R-{year}-{id:06}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn receipts() -> Receipts {
        Receipts::load(Organisation {
            name: "Civic Alliance".into(),
            address: "Rue de la Loi 42, Brussels".into(),
            registration: "No. 0712.345.678".into(),
            email: "treasurer@civic.example".into(),
        })
        .expect("the texts parse")
    }

    #[test]
    fn every_language_writes_a_whole_receipt() {
        let receipts = receipts();
        let to = Email::parse("giver@example.org").unwrap();
        let eur = Currency::parse("EUR").unwrap();
        for locale in Locale::ALL {
            for (frequency, dues) in [
                (Frequency::Once, false),
                (Frequency::Monthly, false),
                (Frequency::Yearly, false),
                (Frequency::Yearly, true),
            ] {
                let mail = receipts.receipt(&Paid {
                    to: &to,
                    locale,
                    receipt: "R-2026-000042",
                    reference: "G-ABC",
                    amount: 2500,
                    currency: &eur,
                    frequency,
                    dues,
                    date: "2026-12-05",
                    dedication: Some("For {amount} Ada"),
                    manage_url: Some("https://civic.example/manage-gift?t=g.x"),
                });
                assert_eq!(mail.locale, locale);
                for shown in [
                    "R-2026-000042",
                    "G-ABC",
                    "2026-12-05",
                    "Rue de la Loi 42",
                    "No. 0712.345.678",
                ] {
                    assert!(
                        mail.text.contains(shown),
                        "{locale} {frequency:?}: {shown} in {}",
                        mail.text
                    );
                }
                assert!(
                    mail.text.contains(&format_money(locale, 2500, &eur)),
                    "{locale}: the amount"
                );
                assert!(mail.subject.contains("Civic Alliance"), "{locale}: {}", mail.subject);
                assert!(
                    mail.text.contains("For {amount} Ada"),
                    "{locale}: the dedication as typed"
                );
                assert!(
                    mail.text.contains("https://civic.example/manage-gift?t=g.x"),
                    "{locale}: the link"
                );
                let without_dedication = mail.text.replace("For {amount} Ada", "");
                assert!(
                    !without_dedication.contains('{'),
                    "{locale}: every blank filled: {}",
                    mail.text
                );
                assert!(!receipts.description(locale, frequency, dues).contains('{'));
            }
            let lapsed = receipts.lapsed(&to, locale, "https://civic.example/account");
            assert!(lapsed.text.contains("https://civic.example/account"), "{locale}");
            assert!(
                !lapsed.text.contains('{') && !lapsed.subject.contains('{'),
                "{locale}: {}",
                lapsed.text
            );
        }
    }
}
