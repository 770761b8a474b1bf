//! The e-mails of signing, in the signer's language: confirm, reminder of a
//! pending signature, "you already signed" and the thank-you with share and
//! one-click links. Texts live in `mail_texts/{locale}.toml`.

use civic_api::email::Email;
use civic_api::petition::ShortCode;
use civic_api::{Locale, SiteRoute, Target};
use serde::Deserialize;
use time::OffsetDateTime;

use super::registry::Petition;
use crate::mail::translations::Translations;
use crate::mail::{Compose, OutgoingMail};
use crate::secret::SecretKey;
use crate::tokens::{self, CONFIRM_TTL, PERSON_TTL, Purpose};

const SOURCES: [(Locale, &str); 4] = [
    (Locale::En, include_str!("mail_texts/en.toml")),
    (Locale::Fr, include_str!("mail_texts/fr.toml")),
    (Locale::Es, include_str!("mail_texts/es.toml")),
    (Locale::Ar, include_str!("mail_texts/ar.toml")),
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Texts {
    pub(super) greeting: String,
    footer: String,
    confirm: ConfirmTexts,
    reminder: ConfirmTexts,
    already_signed: ShareTexts,
    thanks: ThanksTexts,
    pub(super) news: NewsTexts,
}

/// A petition's news; `{stop}` is the link that stops it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct NewsTexts {
    pub(super) subject: String,
    pub(super) intro: String,
    pub(super) action: String,
    pub(super) footer: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfirmTexts {
    subject: String,
    intro: String,
    body: String,
    action: String,
    ignore: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ShareTexts {
    subject: String,
    intro: String,
    share: String,
    action: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ThanksTexts {
    subject: String,
    intro: String,
    share: String,
    action: String,
    others: String,
    others_note: String,
}

/// Who a message goes to and in which language.
pub struct Recipient<'a> {
    pub email: &'a Email,
    pub locale: Locale,
    pub first_name: &'a str,
}

pub struct Mails {
    texts: Translations<Texts>,
    pub(super) public_url: String,
    pub(super) key: SecretKey,
}

impl Mails {
    pub fn new(public_url: &str, key: SecretKey) -> anyhow::Result<Mails> {
        let texts = Translations::parse("petitions/mail_texts", &SOURCES)?;
        Ok(Mails {
            texts,
            public_url: public_url.trim_end_matches('/').to_owned(),
            key,
        })
    }

    pub(super) fn texts(&self, locale: Locale) -> &Texts {
        self.texts.get(locale)
    }

    fn compose(&self, to: &Recipient<'_>, paragraphs: Vec<String>, action: (String, String)) -> Compose {
        let texts = self.texts(to.locale);
        Compose {
            locale: to.locale,
            greeting: texts.greeting.replace("{first_name}", to.first_name),
            paragraphs,
            action: Some(action),
            footer: texts.footer.clone(),
        }
    }

    /// The link that proves the address, first sent or sent again.
    pub fn confirm(
        &self,
        to: &Recipient<'_>,
        petition: &Petition,
        signature_id: i64,
        reminder: bool,
        now: OffsetDateTime,
    ) -> OutgoingMail {
        let all = self.texts(to.locale);
        let texts = if reminder { &all.reminder } else { &all.confirm };
        let fill = |text: &str| fill(text, petition.text(to.locale).title.as_str(), CONFIRM_TTL.whole_days());
        let token = tokens::issue(&self.key, Purpose::Confirm, signature_id, CONFIRM_TTL, now);
        let route = SiteRoute {
            locale: to.locale,
            target: Target::ConfirmSignature,
        };
        let link = format!("{}{}?t={token}", self.public_url, route.path());
        let paragraphs = vec![fill(&texts.intro), fill(&texts.body), fill(&texts.ignore)];
        self.compose(to, paragraphs, (texts.action.clone(), link))
            .mail(to.email.clone(), fill(&texts.subject))
    }

    /// Answers a second signature from a confirmed signer: nothing changed,
    /// here is their link.
    pub fn already_signed(&self, to: &Recipient<'_>, petition: &Petition, code: &ShortCode) -> OutgoingMail {
        let texts = &self.texts(to.locale).already_signed;
        let fill = |text: &str| fill(text, petition.text(to.locale).title.as_str(), 0);
        let paragraphs = vec![fill(&texts.intro), fill(&texts.share)];
        self.compose(to, paragraphs, (texts.action.clone(), self.short_link(code)))
            .mail(to.email.clone(), fill(&texts.subject))
    }

    /// After the signature counts: their share link and the other open
    /// petitions, each with a token that signs in one click.
    pub fn thanks<'p>(
        &self,
        to: &Recipient<'_>,
        petition: &Petition,
        code: &ShortCode,
        signature_id: i64,
        others: impl Iterator<Item = &'p std::sync::Arc<Petition>>,
        now: OffsetDateTime,
    ) -> OutgoingMail {
        let texts = &self.texts(to.locale).thanks;
        let title = petition.text(to.locale).title.as_str();
        let mut paragraphs = vec![fill(&texts.intro, title, 0), fill(&texts.share, title, 0)];
        let token = tokens::issue(&self.key, Purpose::Person, signature_id, PERSON_TTL, now);
        let links: Vec<String> = others
            .map(|other| {
                let path = SiteRoute::petition(to.locale, other.slug().clone()).path();
                format!("{}\n{}{path}?t={token}", other.text(to.locale).title, self.public_url)
            })
            .collect();
        if !links.is_empty() {
            paragraphs.push(texts.others.clone());
            paragraphs.extend(links);
            paragraphs.push(fill(&texts.others_note, title, PERSON_TTL.whole_days()));
        }
        self.compose(to, paragraphs, (texts.action.clone(), self.short_link(code)))
            .mail(to.email.clone(), fill(&texts.subject, title, 0))
    }

    fn short_link(&self, code: &ShortCode) -> String {
        format!("{}{}", self.public_url, code.path())
    }
}

fn fill(text: &str, title: &str, days: i64) -> String {
    text.replace("{title}", title).replace("{days}", &days.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_every_text() {
        let mails = Mails::new("https://civic.example/", SecretKey::generate()).unwrap();
        assert_eq!(mails.texts.len(), Locale::ALL.len());
        for (locale, texts) in &mails.texts {
            let all = [
                &texts.greeting,
                &texts.footer,
                &texts.confirm.subject,
                &texts.confirm.intro,
                &texts.confirm.body,
                &texts.confirm.action,
                &texts.confirm.ignore,
                &texts.reminder.subject,
                &texts.reminder.intro,
                &texts.reminder.body,
                &texts.reminder.action,
                &texts.reminder.ignore,
                &texts.already_signed.subject,
                &texts.already_signed.intro,
                &texts.already_signed.share,
                &texts.already_signed.action,
                &texts.thanks.subject,
                &texts.thanks.intro,
                &texts.thanks.share,
                &texts.thanks.action,
                &texts.thanks.others,
                &texts.thanks.others_note,
                &texts.news.subject,
                &texts.news.intro,
                &texts.news.action,
                &texts.news.footer,
            ];
            assert!(all.iter().all(|text| !text.trim().is_empty()), "{locale}");
            assert!(texts.greeting.contains("{first_name}"), "{locale}");
            for subject in [
                &texts.confirm.subject,
                &texts.thanks.subject,
                &texts.already_signed.subject,
            ] {
                assert!(subject.contains("{title}"), "{locale}: {subject}");
            }
            assert!(texts.confirm.body.contains("{days}") && texts.thanks.others_note.contains("{days}"));
            assert!(texts.news.subject.contains("{news_title}"), "{locale}");
            assert!(texts.news.footer.contains("{stop}"), "{locale}");
        }
        assert_eq!(mails.public_url, "https://civic.example");
    }
}
