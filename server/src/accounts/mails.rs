//! The e-mails of accounts, in the member's language: open your account,
//! "you already have one", choose a new password, and the notice that the
//! password changed. Texts live in `mail_texts/{locale}.toml`.

use civic_api::{Email, Locale, SiteRoute, Target};
use serde::Deserialize;
use time::OffsetDateTime;

use crate::mail::translations::Translations;
use crate::mail::{Compose, OutgoingMail};
use crate::secret::SecretKey;
use crate::storage::accounts::Account;
use crate::tokens::{self, ACCOUNT_CONFIRM_TTL, EMAIL_CHANGE_TTL, PASSWORD_RESET_TTL, Purpose};

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
    footer: String,
    confirm: LinkTexts,
    already_member: LinkTexts,
    reset: LinkTexts,
    password_changed: NoticeTexts,
    email_change: LinkTexts,
    email_taken: PlainTexts,
    email_changed: NoticeTexts,
    passkey_added: NoticeTexts,
    passkey_removed: NoticeTexts,
    authenticator_added: NoticeTexts,
    authenticator_removed: NoticeTexts,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PlainTexts {
    subject: String,
    intro: String,
    ignore: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LinkTexts {
    subject: String,
    intro: String,
    action: String,
    ignore: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NoticeTexts {
    subject: String,
    intro: String,
    warning: String,
    action: String,
}

pub struct Mails {
    texts: Translations<Texts>,
    public_url: String,
    key: SecretKey,
}

/// What a confirmation link is bound to: the address it was sent to.
pub fn confirm_binding(email: &Email) -> Vec<u8> {
    email.dedupe_key().into_bytes()
}

/// What a link that moves an account is bound to: the address it moves
/// to, as pending now; a later request for another address voids it.
pub fn email_change_binding(pending: &Email) -> Vec<u8> {
    format!("move:{}", pending.dedupe_key()).into_bytes()
}

impl Mails {
    pub fn new(public_url: &str, key: SecretKey) -> anyhow::Result<Mails> {
        Ok(Mails {
            texts: Translations::parse("accounts/mail_texts", &SOURCES)?,
            public_url: public_url.trim_end_matches('/').to_owned(),
            key,
        })
    }

    fn link(&self, locale: Locale, target: Target, token: &str) -> String {
        format!("{}{}?t={token}", self.public_url, SiteRoute { locale, target }.path())
    }

    /// A mail to the member of two paragraphs and one button.
    fn with_link(
        &self,
        account: &Account,
        subject: &str,
        paragraphs: [&String; 2],
        action: &str,
        link: String,
    ) -> OutgoingMail {
        let texts = self.texts.get(account.locale);
        Compose {
            locale: account.locale,
            greeting: texts.greeting.replace("{first_name}", account.name.first_name()),
            paragraphs: paragraphs.map(String::clone).to_vec(),
            action: Some((action.to_owned(), link)),
            footer: texts.footer.clone(),
        }
        .mail(account.email.clone(), subject)
    }

    /// The link that opens a new account: 24 hours, for its address only.
    pub fn confirm(&self, account: &Account, now: OffsetDateTime) -> OutgoingMail {
        let texts = &self.texts.get(account.locale).confirm;
        let token = tokens::issue_bound(
            &self.key,
            Purpose::AccountConfirm,
            account.id,
            &confirm_binding(&account.email),
            ACCOUNT_CONFIRM_TTL,
            now,
        );
        let link = self.link(account.locale, Target::ConfirmAccount, &token);
        self.with_link(
            account,
            &texts.subject,
            [&texts.intro, &texts.ignore],
            &texts.action,
            link,
        )
    }

    /// Someone joined with an address that has an account: nothing
    /// changed, and here is a way in if they forgot the password.
    pub fn already_member(&self, account: &Account, now: OffsetDateTime) -> OutgoingMail {
        let texts = &self.texts.get(account.locale).already_member;
        let link = self.reset_link(account, now);
        self.with_link(
            account,
            &texts.subject,
            [&texts.intro, &texts.ignore],
            &texts.action,
            link,
        )
    }

    /// The link to choose a new password: one hour, void once the password
    /// changes.
    pub fn reset(&self, account: &Account, now: OffsetDateTime) -> OutgoingMail {
        let texts = &self.texts.get(account.locale).reset;
        let link = self.reset_link(account, now);
        self.with_link(
            account,
            &texts.subject,
            [&texts.intro, &texts.ignore],
            &texts.action,
            link,
        )
    }

    /// Tells the member their password changed, with a way to take the
    /// account back if it was not them.
    pub fn password_changed(&self, account: &Account, now: OffsetDateTime) -> OutgoingMail {
        let texts = &self.texts.get(account.locale).password_changed;
        let link = self.reset_link(account, now);
        self.with_link(
            account,
            &texts.subject,
            [&texts.intro, &texts.warning],
            &texts.action,
            link,
        )
    }

    /// To the new address: follow the link to move the account here.
    pub fn email_change(&self, account: &Account, new_email: &Email, now: OffsetDateTime) -> OutgoingMail {
        let texts = &self.texts.get(account.locale).email_change;
        let token = tokens::issue_bound(
            &self.key,
            Purpose::EmailChange,
            account.id,
            &email_change_binding(new_email),
            EMAIL_CHANGE_TTL,
            now,
        );
        let link = self.link(account.locale, Target::ConfirmEmail, &token);
        let mut mail = self.with_link(
            account,
            &texts.subject,
            [&texts.intro, &texts.ignore],
            &texts.action,
            link,
        );
        mail.to = new_email.clone();
        mail
    }

    /// To the new address when it has an account of its own: nothing moves.
    pub fn email_taken(&self, account: &Account, new_email: &Email) -> OutgoingMail {
        let all = self.texts.get(account.locale);
        let texts = &all.email_taken;
        Compose {
            locale: account.locale,
            greeting: all.greeting.replace("{first_name}", account.name.first_name()),
            paragraphs: vec![texts.intro.clone(), texts.ignore.clone()],
            action: None,
            footer: all.footer.clone(),
        }
        .mail(new_email.clone(), &texts.subject)
    }

    /// To the old address once the account has moved, naming the new one,
    /// with a way back if it was not the member.
    pub fn email_changed(&self, account: &Account, old_email: &Email, now: OffsetDateTime) -> OutgoingMail {
        let texts = &self.texts.get(account.locale).email_changed;
        let intro = texts.intro.replace("{new_email}", account.email.as_str());
        let mut mail = self.with_link(
            account,
            &texts.subject,
            [&intro, &texts.warning],
            &texts.action,
            self.reset_link(account, now),
        );
        mail.to = old_email.clone();
        mail
    }

    /// A passkey was added (`added`) or removed, under the name given.
    pub fn passkey_changed(&self, account: &Account, passkey: &str, added: bool, now: OffsetDateTime) -> OutgoingMail {
        let all = self.texts.get(account.locale);
        let texts = if added {
            &all.passkey_added
        } else {
            &all.passkey_removed
        };
        let intro = texts.intro.replace("{passkey}", passkey);
        self.with_link(
            account,
            &texts.subject,
            [&intro, &texts.warning],
            &texts.action,
            self.reset_link(account, now),
        )
    }

    /// An authenticator app was set up (`added`) or removed.
    pub fn authenticator_changed(&self, account: &Account, added: bool, now: OffsetDateTime) -> OutgoingMail {
        let all = self.texts.get(account.locale);
        let texts = if added {
            &all.authenticator_added
        } else {
            &all.authenticator_removed
        };
        self.with_link(
            account,
            &texts.subject,
            [&texts.intro, &texts.warning],
            &texts.action,
            self.reset_link(account, now),
        )
    }

    fn reset_link(&self, account: &Account, now: OffsetDateTime) -> String {
        let token = tokens::issue_bound(
            &self.key,
            Purpose::PasswordReset,
            account.id,
            account.password_hash.as_bytes(),
            PASSWORD_RESET_TTL,
            now,
        );
        self.link(account.locale, Target::ResetPassword, &token)
    }
}

#[cfg(test)]
mod tests {
    use civic_api::account::Role;
    use civic_api::{Country, PersonName};

    use super::*;

    fn account(locale: Locale) -> Account {
        Account {
            id: 7,
            email: Email::parse("amira@example.org").unwrap(),
            name: PersonName::parse("Amira Haddad").unwrap(),
            country: Country::parse("TN").unwrap(),
            locale,
            password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into(),
            role: Role::Member,
            newsletter_wanted: false,
            confirmed_at: None,
            pending_email: None,
        }
    }

    #[test]
    fn every_language_has_every_mail_with_a_link_of_its_own_kind() {
        let mails = Mails::new("https://civic.example/", SecretKey::from_bytes(&[3; 32]).unwrap()).unwrap();
        assert_eq!(mails.texts.len(), Locale::ALL.len());
        let now = OffsetDateTime::now_utc();
        for locale in Locale::ALL {
            let account = account(locale);
            let cases = [
                (mails.confirm(&account, now), "confirm-account?t=a."),
                (mails.already_member(&account, now), "reset-password?t=r."),
                (mails.reset(&account, now), "reset-password?t=r."),
                (mails.password_changed(&account, now), "reset-password?t=r."),
                (
                    mails.email_changed(&account, &account.email, now),
                    "reset-password?t=r.",
                ),
                (
                    mails.passkey_changed(&account, "Phone", true, now),
                    "reset-password?t=r.",
                ),
                (
                    mails.passkey_changed(&account, "Phone", false, now),
                    "reset-password?t=r.",
                ),
            ];
            for (mail, link) in cases {
                assert_eq!(mail.locale, locale);
                assert!(mail.text.contains(link), "{locale}: {}", mail.text);
                assert!(mail.text.contains("https://civic.example/"), "{locale}: absolute links");
                assert!(
                    mail.text.contains("Amira") && !mail.text.contains('{'),
                    "{locale}: {}",
                    mail.text
                );
                assert!(!mail.text.contains("argon2"), "never the hash");
            }
            let new_email = Email::parse("amira.new@example.org").unwrap();
            let moving = mails.email_change(&account, &new_email, now);
            assert_eq!(moving.to, new_email, "the link goes to the new mailbox");
            assert!(moving.text.contains("confirm-email?t=e."), "{locale}: {}", moving.text);
            let taken = mails.email_taken(&account, &new_email);
            assert!(
                !taken.text.contains("?t="),
                "{locale}: no link when the address is taken"
            );
            let told = mails.email_changed(&account, &new_email, now);
            assert!(
                told.text.contains("amira@example.org"),
                "{locale}: names the new address"
            );
        }
    }
}
