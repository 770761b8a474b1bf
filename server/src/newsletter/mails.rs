//! The newsletter's e-mails, in the subscriber's language: the confirmation
//! of a sign-up, the welcome, "you are already subscribed", a fresh
//! unsubscribe link, and the issues. Texts live in `mail_texts/{locale}.toml`.
//!
//! Everything sent to the list carries the unsubscribe link in its footer
//! and the `List-Unsubscribe` and `List-Unsubscribe-Post` headers (RFC 8058),
//! so mail programs can offer their own one-click button.

use civic_api::{Email, Locale, SiteRoute, Target, paths};
use serde::Deserialize;
use time::OffsetDateTime;

use super::issue::Issue;
use crate::mail::compose::framed_html;
use crate::mail::translations::Translations;
use crate::mail::{Compose, OutgoingMail};
use crate::secret::SecretKey;
use crate::storage::newsletter::SubscriberRow;
use crate::tokens::{self, Purpose, SUBSCRIBE_TTL, UNSUBSCRIBE_TTL};

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
    list_footer: String,
    confirm: ConfirmTexts,
    welcome: WelcomeTexts,
    already_subscribed: NoticeTexts,
    unsubscribe_link: LinkTexts,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfirmTexts {
    subject: String,
    intro: String,
    body: String,
    action: String,
    footer: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct WelcomeTexts {
    subject: String,
    intro: String,
    signer_intro: String,
    body: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NoticeTexts {
    subject: String,
    intro: String,
    body: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LinkTexts {
    subject: String,
    intro: String,
    body: String,
    action: String,
}

/// The two addresses that unsubscribe one subscriber.
struct UnsubscribeLinks {
    /// The site's page: unsubscribes on opening and offers to undo.
    page: String,
    /// RFC 8058's POST target, for the `List-Unsubscribe` header.
    one_click: String,
}

pub struct Mails {
    texts: Translations<Texts>,
    public_url: String,
    key: SecretKey,
}

impl Mails {
    pub fn new(public_url: &str, key: SecretKey) -> anyhow::Result<Mails> {
        let texts = Translations::parse("newsletter/mail_texts", &SOURCES)?;
        Ok(Mails {
            texts,
            public_url: public_url.trim_end_matches('/').to_owned(),
            key,
        })
    }

    /// The subscriber id a token from one of these mails names, if it is
    /// genuine, unexpired, made for `purpose` and for the mailbox `email_key`.
    pub fn verify(&self, purpose: Purpose, token: &str, email_key: &str, now: OffsetDateTime) -> Option<i64> {
        tokens::verify_bound(&self.key, purpose, token, email_key.as_bytes(), now)
    }

    fn texts(&self, locale: Locale) -> &Texts {
        self.texts.get(locale)
    }

    /// Asks to confirm the sign-up; not a list message yet (nothing to
    /// unsubscribe from), so it has no unsubscribe link.
    pub fn confirm(&self, to: &SubscriberRow, now: OffsetDateTime) -> anyhow::Result<OutgoingMail> {
        let locale = to.locale();
        let all = self.texts(locale);
        let texts = &all.confirm;
        let token = tokens::issue_bound(
            &self.key,
            Purpose::Subscribe,
            to.id,
            to.email_key.as_bytes(),
            SUBSCRIBE_TTL,
            now,
        );
        let route = SiteRoute {
            locale,
            target: Target::ConfirmSubscription,
        };
        let link = format!("{}{}?t={token}", self.public_url, route.path());
        let compose = Compose {
            locale,
            greeting: all.greeting.clone(),
            paragraphs: vec![texts.intro.clone(), days(&texts.body, SUBSCRIBE_TTL)],
            action: Some((texts.action.clone(), link)),
            footer: texts.footer.clone(),
        };
        Ok(compose.mail(to.email()?, texts.subject.clone()))
    }

    /// After the address is proven, by the confirmation link or by
    /// confirming a petition signature that asked for the newsletter.
    pub fn welcome(
        &self,
        to: &SubscriberRow,
        from_petition: bool,
        now: OffsetDateTime,
    ) -> anyhow::Result<OutgoingMail> {
        let texts = &self.texts(to.locale()).welcome;
        let intro = if from_petition {
            &texts.signer_intro
        } else {
            &texts.intro
        };
        let paragraphs = vec![intro.clone(), texts.body.clone()];
        self.notice(to, &texts.subject, paragraphs, None, now)
    }

    pub fn already_subscribed(&self, to: &SubscriberRow, now: OffsetDateTime) -> anyhow::Result<OutgoingMail> {
        let texts = &self.texts(to.locale()).already_subscribed;
        let paragraphs = vec![texts.intro.clone(), texts.body.clone()];
        self.notice(to, &texts.subject, paragraphs, None, now)
    }

    /// For someone whose old link expired or who lost it.
    pub fn unsubscribe_link(&self, to: &SubscriberRow, now: OffsetDateTime) -> anyhow::Result<OutgoingMail> {
        let texts = &self.texts(to.locale()).unsubscribe_link;
        let links = self.unsubscribe_links(to, now);
        let paragraphs = vec![texts.intro.clone(), days(&texts.body, UNSUBSCRIBE_TTL)];
        let action = Some((texts.action.clone(), links.page));
        self.notice(to, &texts.subject, paragraphs, action, now)
    }

    /// An issue in the subscriber's language, or English when it has none.
    pub fn issue(&self, to: &SubscriberRow, issue: &Issue, now: OffsetDateTime) -> anyhow::Result<OutgoingMail> {
        let text = issue.text(to.locale());
        let locale = text.locale;
        let links = self.unsubscribe_links(to, now);
        let footer = self.texts(locale).list_footer.replace("{unsubscribe}", &links.page);
        let plain = format!("{}\n\n-- \n{footer}\n", text.markdown.trim_end());
        // One image for everyone who got this language: its fetches count
        // opens, never who opened.
        let body = match &issue.opens_image {
            Some(image) => format!(
                "{}<img src=\"{image}/{locale}\" alt=\"\" width=\"1\" height=\"1\">",
                text.html
            ),
            None => text.html.clone(),
        };
        let html = framed_html(locale, &text.subject, &body, &footer);
        Ok(OutgoingMail {
            to: to.email()?,
            locale,
            subject: text.subject.clone(),
            text: plain,
            html,
            headers: list_headers(&links),
            reply_to: None,
        })
    }

    /// A test of `issue` for a member of staff, in `locale` (or English),
    /// subject marked: it looks like what subscribers get, but its
    /// unsubscribe link names nobody, and it has no image counting opens.
    pub fn test_issue(
        &self,
        to: &Email,
        locale: Locale,
        issue: &Issue,
        now: OffsetDateTime,
    ) -> anyhow::Result<OutgoingMail> {
        let nobody = SubscriberRow {
            id: 0,
            email: to.as_str().to_owned(),
            email_key: to.dedupe_key(),
            locale: locale.as_str().to_owned(),
            state: "subscribed".to_owned(),
        };
        let mut mail = self.issue(&nobody, issue, now)?;
        mail.subject = format!("[Test] {}", mail.subject);
        Ok(mail)
    }

    pub fn public_url(&self) -> &str {
        &self.public_url
    }

    /// A message to someone on the list, with the list's footer and headers.
    fn notice(
        &self,
        to: &SubscriberRow,
        subject: &str,
        paragraphs: Vec<String>,
        action: Option<(String, String)>,
        now: OffsetDateTime,
    ) -> anyhow::Result<OutgoingMail> {
        let locale = to.locale();
        let texts = self.texts(locale);
        let links = self.unsubscribe_links(to, now);
        let compose = Compose {
            locale,
            greeting: texts.greeting.clone(),
            paragraphs,
            action,
            footer: texts.list_footer.replace("{unsubscribe}", &links.page),
        };
        let mut mail = compose.mail(to.email()?, subject);
        mail.headers = list_headers(&links);
        Ok(mail)
    }

    fn unsubscribe_links(&self, to: &SubscriberRow, now: OffsetDateTime) -> UnsubscribeLinks {
        let token = tokens::issue_bound(
            &self.key,
            Purpose::Unsubscribe,
            to.id,
            to.email_key.as_bytes(),
            UNSUBSCRIBE_TTL,
            now,
        );
        let route = SiteRoute {
            locale: to.locale(),
            target: Target::Unsubscribe,
        };
        UnsubscribeLinks {
            page: format!("{}{}?t={token}", self.public_url, route.path()),
            one_click: format!("{}{}?t={token}", self.public_url, paths::NEWSLETTER_ONE_CLICK),
        }
    }
}

fn list_headers(links: &UnsubscribeLinks) -> Vec<(String, String)> {
    vec![
        ("List-Unsubscribe".to_owned(), format!("<{}>", links.one_click)),
        (
            "List-Unsubscribe-Post".to_owned(),
            "List-Unsubscribe=One-Click".to_owned(),
        ),
    ]
}

fn days(text: &str, ttl: time::Duration) -> String {
    text.replace("{days}", &ttl.whole_days().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn subscriber(locale: &str) -> SubscriberRow {
        SubscriberRow {
            id: 4,
            email: "Ana.Lopez@example.org".into(),
            email_key: "analopez@example.org".into(),
            locale: locale.into(),
            state: "subscribed".into(),
        }
    }

    #[test]
    fn every_language_has_every_text() {
        let mails = Mails::new("https://civic.example/", SecretKey::generate()).unwrap();
        assert_eq!(mails.texts.len(), Locale::ALL.len());
        for (locale, texts) in &mails.texts {
            let all = [
                &texts.greeting,
                &texts.list_footer,
                &texts.confirm.subject,
                &texts.confirm.intro,
                &texts.confirm.body,
                &texts.confirm.action,
                &texts.confirm.footer,
                &texts.welcome.subject,
                &texts.welcome.intro,
                &texts.welcome.signer_intro,
                &texts.welcome.body,
                &texts.already_subscribed.subject,
                &texts.already_subscribed.intro,
                &texts.already_subscribed.body,
                &texts.unsubscribe_link.subject,
                &texts.unsubscribe_link.intro,
                &texts.unsubscribe_link.body,
                &texts.unsubscribe_link.action,
            ];
            assert!(all.iter().all(|text| !text.trim().is_empty()), "{locale}");
            assert!(texts.list_footer.contains("{unsubscribe}"), "{locale}");
            assert!(texts.confirm.body.contains("{days}"), "{locale}");
            assert!(texts.unsubscribe_link.body.contains("{days}"), "{locale}");
        }
        assert_eq!(mails.public_url, "https://civic.example");
    }

    #[test]
    fn list_mails_carry_the_link_in_both_parts_and_the_one_click_headers() {
        let mails = Mails::new("https://civic.example", SecretKey::generate()).unwrap();
        let now = OffsetDateTime::now_utc();
        let mail = mails.welcome(&subscriber("fr"), false, now).unwrap();
        assert!(
            mail.text.contains("https://civic.example/fr/unsubscribe?t=u."),
            "{}",
            mail.text
        );
        assert!(mail.html.contains("href=\"https://civic.example/fr/unsubscribe?t=u."));
        let header = |name: &str| mail.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone());
        let list = header("List-Unsubscribe").unwrap();
        assert!(
            list.starts_with("<https://civic.example/api/newsletter/one-click?t=u."),
            "{list}"
        );
        assert!(list.ends_with('>'));
        assert_eq!(
            header("List-Unsubscribe-Post").as_deref(),
            Some("List-Unsubscribe=One-Click")
        );
    }

    #[test]
    fn the_confirmation_is_not_a_list_mail() {
        let mails = Mails::new("https://civic.example", SecretKey::generate()).unwrap();
        let mail = mails.confirm(&subscriber("es"), OffsetDateTime::now_utc()).unwrap();
        assert!(mail.text.contains("https://civic.example/es/confirm-subscription?t=n."));
        assert!(!mail.text.contains("unsubscribe"));
        assert!(mail.headers.is_empty());
    }
}
