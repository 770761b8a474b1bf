//! The contact form's two e-mails: the acknowledgement to the sender, in
//! their language (texts in `mail_texts/{locale}.toml`), and the copy for
//! staff.
//!
//! The acknowledgement repeats nothing the sender wrote but their first
//! name: a copy of the message would let anyone send any text to any
//! address through us.

use civic_api::contact::ContactMessage;
use civic_api::{Email, Locale};
use serde::Deserialize;

use crate::mail::translations::Translations;
use crate::mail::{Compose, OutgoingMail};

const SOURCES: [(Locale, &str); 4] = [
    (Locale::En, include_str!("mail_texts/en.toml")),
    (Locale::Fr, include_str!("mail_texts/fr.toml")),
    (Locale::Es, include_str!("mail_texts/es.toml")),
    (Locale::Ar, include_str!("mail_texts/ar.toml")),
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Texts {
    greeting: String,
    subject: String,
    intro: String,
    reference: String,
    footer: String,
    /// Under a reply sent from the console's inbox.
    reply_footer: String,
}

pub struct Mails {
    texts: Translations<Texts>,
}

impl Mails {
    pub fn load() -> anyhow::Result<Mails> {
        Ok(Mails {
            texts: Translations::parse("contact/mail_texts", &SOURCES)?,
        })
    }

    /// Why the writer gets a reply from the console, in their language.
    pub fn reply_footer(&self, locale: Locale, reference: &str) -> String {
        self.texts.get(locale).reply_footer.replace("{reference}", reference)
    }

    /// "We have received your message", with the reference to quote.
    pub fn acknowledgement(&self, message: &ContactMessage, reference: &str) -> OutgoingMail {
        let texts = self.texts.get(message.locale);
        Compose {
            locale: message.locale,
            greeting: texts.greeting.replace("{first_name}", message.name.first_name()),
            paragraphs: vec![texts.intro.clone(), texts.reference.replace("{reference}", reference)],
            action: None,
            footer: texts.footer.clone(),
        }
        .mail(message.email.clone(), texts.subject.clone())
    }

    /// The message as staff read it: who wrote, in which language, and
    /// what; answering it replies to the sender. Staff's working copy, in
    /// English like the exports.
    pub fn staff_copy(&self, to: &Email, message: &ContactMessage, reference: &str) -> OutgoingMail {
        let mut mail = Compose {
            locale: Locale::En,
            greeting: format!("Contact message {reference}"),
            paragraphs: vec![
                format!(
                    "From: {} <{}>\nLanguage: {}\nSubject: {}",
                    message.name.as_str(),
                    message.email.as_str(),
                    message.locale,
                    message.subject
                ),
                message.message.clone(),
            ],
            action: None,
            footer: "Sent with the contact form of the website. Reply to this e-mail to answer the sender.".to_owned(),
        }
        .mail(to.clone(), format!("[{reference}] {}", message.subject));
        mail.reply_to = Some(message.email.clone());
        mail
    }
}

#[cfg(test)]
mod tests {
    use civic_api::contact::ContactRequest;

    use super::*;

    fn message(locale: Locale) -> ContactMessage {
        ContactRequest {
            idempotency_key: "3f1e9c1a-2b4d-4e6f-8a9b-0c1d2e3f4a5b".into(),
            locale: Some(locale),
            name: "Ana López".into(),
            email: "ana@example.org".into(),
            subject: "Joining the alliance".into(),
            message: "Our association would like to join: what are the steps?".into(),
            website: String::new(),
        }
        .validate()
        .expect("a valid message")
    }

    #[test]
    fn every_language_acknowledges_with_the_reference_and_never_the_message() {
        let mails = Mails::load().expect("the texts parse");
        assert_eq!(mails.texts.len(), Locale::ALL.len());
        for locale in Locale::ALL {
            let message = message(locale);
            let mail = mails.acknowledgement(&message, "C-7K3QX9");
            assert_eq!(mail.to.as_str(), "ana@example.org");
            assert_eq!(mail.locale, locale);
            assert!(mail.text.contains("C-7K3QX9"), "{locale}: {}", mail.text);
            assert!(mail.text.contains("Ana"), "{locale}: greeted by first name");
            assert!(!mail.text.contains("{"), "{locale}: every blank filled in");
            for echoed in [&message.subject, &message.message] {
                assert!(!mail.text.contains(echoed.as_str()) && !mail.html.contains(echoed.as_str()));
            }
        }
    }

    #[test]
    fn the_staff_copy_holds_the_message_and_replies_go_to_the_sender() {
        let mails = Mails::load().expect("the texts parse");
        let office = Email::parse("office@civic.example").unwrap();
        let mail = mails.staff_copy(&office, &message(Locale::Ar), "C-7K3QX9");
        assert_eq!(mail.to, office);
        assert_eq!(mail.subject, "[C-7K3QX9] Joining the alliance");
        assert!(mail.text.contains("Our association would like to join"));
        assert!(mail.text.contains("Language: ar"));
        assert!(mail.text.contains("From: Ana López <ana@example.org>"), "{}", mail.text);
        assert_eq!(mail.reply_to.as_ref().map(Email::as_str), Some("ana@example.org"));
    }
}
