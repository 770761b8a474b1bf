//! The survey e-mails, in the recipient's language: the link that counts
//! an answer to a survey taking one per address, and an invitation to a
//! survey taking one per invited person. Texts live in
//! `mail_texts/{locale}.toml`.

use civic_api::email::Email;
use civic_api::survey::Survey;
use civic_api::{Locale, SiteRoute, Target};
use serde::Deserialize;

use crate::mail::translations::Translations;
use crate::mail::{Compose, OutgoingMail};
use crate::tokens::{INVITATION_TTL, SURVEY_CONFIRM_TTL};

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
    confirm: MailTexts,
    invitation: InvitationTexts,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MailTexts {
    subject: String,
    intro: String,
    body: String,
    action: String,
    ignore: String,
    footer: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct InvitationTexts {
    subject: String,
    intro: String,
    body: String,
    action: String,
    footer: String,
}

pub struct Mails {
    texts: Translations<Texts>,
    public_url: String,
}

impl Mails {
    pub fn new(public_url: &str) -> anyhow::Result<Mails> {
        Ok(Mails {
            texts: Translations::parse("surveys/mail_texts", &SOURCES)?,
            public_url: public_url.trim_end_matches('/').to_owned(),
        })
    }

    /// Asks `to` to follow the link that counts their pending answer;
    /// `token` is its `v.` token.
    pub fn confirm(&self, to: &Email, locale: Locale, survey: &Survey, token: &str) -> OutgoingMail {
        let all = self.texts.get(locale);
        let texts = &all.confirm;
        let fill = |text: &str| fill(text, &survey.title, SURVEY_CONFIRM_TTL.whole_days());
        let route = SiteRoute {
            locale,
            target: Target::ConfirmResponse,
        };
        let link = format!("{}{}?t={token}", self.public_url, route.path());
        let compose = Compose {
            locale,
            greeting: all.greeting.clone(),
            paragraphs: vec![fill(&texts.intro), fill(&texts.body), fill(&texts.ignore)],
            action: Some((texts.action.clone(), link)),
            footer: texts.footer.clone(),
        };
        compose.mail(to.clone(), fill(&texts.subject))
    }

    /// Invites `to` to answer `survey` through its own link; `token` is
    /// its `i.` token.
    pub fn invitation(&self, to: &Email, locale: Locale, survey: &Survey, token: &str) -> OutgoingMail {
        let all = self.texts.get(locale);
        let texts = &all.invitation;
        let fill = |text: &str| fill(text, &survey.title, INVITATION_TTL.whole_days());
        let route = SiteRoute {
            locale,
            target: Target::Survey(survey.slug.clone()),
        };
        let link = format!("{}{}?t={token}", self.public_url, route.path());
        let compose = Compose {
            locale,
            greeting: all.greeting.clone(),
            paragraphs: vec![fill(&texts.intro), fill(&texts.body)],
            action: Some((texts.action.clone(), link)),
            footer: texts.footer.clone(),
        };
        compose.mail(to.clone(), fill(&texts.subject))
    }
}

fn fill(text: &str, title: &str, days: i64) -> String {
    text.replace("{title}", title).replace("{days}", &days.to_string())
}

#[cfg(test)]
mod tests {
    use civic_api::Slug;
    use civic_api::survey::Limit;

    use super::*;

    fn survey(locale: Locale) -> Survey {
        Survey {
            slug: Slug::parse("street-poll").unwrap(),
            locale,
            title: "Our streets".into(),
            summary: String::new(),
            thanks: String::new(),
            sections: Vec::new(),
            limit: Limit::Email,
            results_public: true,
            closed: false,
            opened_on: "2026-11-20".into(),
            languages: vec![Locale::En],
        }
    }

    #[test]
    fn every_language_has_every_text() {
        let mails = Mails::new("https://civic.example/").unwrap();
        assert_eq!(mails.texts.len(), Locale::ALL.len());
        for (locale, texts) in &mails.texts {
            let all = [
                &texts.greeting,
                &texts.confirm.subject,
                &texts.confirm.intro,
                &texts.confirm.body,
                &texts.confirm.action,
                &texts.confirm.ignore,
                &texts.confirm.footer,
                &texts.invitation.subject,
                &texts.invitation.intro,
                &texts.invitation.body,
                &texts.invitation.action,
                &texts.invitation.footer,
            ];
            assert!(all.iter().all(|text| !text.trim().is_empty()), "{locale}");
            for subject in [&texts.confirm.subject, &texts.invitation.subject] {
                assert!(subject.contains("{title}"), "{locale}: {subject}");
            }
            assert!(texts.confirm.body.contains("{days}"), "{locale}");
            assert!(texts.invitation.body.contains("{days}"), "{locale}");
        }
        assert_eq!(mails.public_url, "https://civic.example");
    }

    #[test]
    fn links_lead_to_the_page_in_the_recipients_language() {
        let mails = Mails::new("https://civic.example").unwrap();
        let to = Email::parse("ana@example.org").unwrap();
        let confirm = mails.confirm(&to, Locale::Fr, &survey(Locale::En), "v.abc");
        assert!(
            confirm
                .text
                .contains("https://civic.example/fr/confirm-response?t=v.abc")
        );
        assert_eq!(confirm.subject, "Confirmez vos réponses : Our streets");
        assert!(confirm.text.contains("7 jours"), "{}", confirm.text);
        let invitation = mails.invitation(&to, Locale::Es, &survey(Locale::Es), "i.xyz");
        assert!(
            invitation
                .text
                .contains("https://civic.example/es/surveys/street-poll?t=i.xyz"),
            "{}",
            invitation.text
        );
        assert!(invitation.text.contains("60 días"), "{}", invitation.text);
        assert_eq!(invitation.locale, Locale::Es);
    }
}
