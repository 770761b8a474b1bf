//! `civic-server invite-survey <slug> <file>`: mails each address in the
//! file its own link to a survey that takes one answer per invited person.
//!
//! Nothing about the invited is stored: the link's `i.` token names a keyed
//! hash of the address (`person_keys::invitee`), bound to the survey, and
//! the answer keeps another hash of that. Inviting an address again sends a
//! new link for the same person, so it still counts one answer.

use std::collections::HashSet;
use std::path::Path;

use crate::db::{self, Pool};
use anyhow::Context;
use civic_api::email::Email;
use civic_api::survey::Limit;
use civic_api::{Locale, Slug};
use time::OffsetDateTime;

use super::mails::Mails;
use super::person_keys;
use super::registry::{Registry, SurveyEntry};
use crate::config::Config;
use crate::mail;
use crate::secret::SecretKey;
use crate::tokens::{self, INVITATION_TTL, Purpose};

/// `email`'s `i.` token for `survey`.
pub fn token(key: &SecretKey, survey: &Slug, email: &Email, now: OffsetDateTime) -> String {
    tokens::issue_bound(
        key,
        Purpose::SurveyInvitation,
        person_keys::invitee(key, survey, email),
        survey.as_str().as_bytes(),
        INVITATION_TTL,
        now,
    )
}

/// The addresses in `text`, one a line; blank lines and lines starting
/// with `#` are skipped, and an address given twice is invited once. Any
/// line that is not an address refuses the whole file, naming each one.
pub fn read_addresses(text: &str) -> anyhow::Result<Vec<Email>> {
    let mut addresses = Vec::new();
    let mut seen = HashSet::new();
    let mut refused = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        match Email::parse(line) {
            Ok(email) => {
                if seen.insert(email.dedupe_key()) {
                    addresses.push(email);
                }
            }
            Err(error) => refused.push(format!("line {}: {line:?} is not an address ({error})", number + 1)),
        }
    }
    anyhow::ensure!(refused.is_empty(), "nobody was invited:\n{}", refused.join("\n"));
    Ok(addresses)
}

/// Queues one invitation per address, in `locale`, in one transaction.
pub async fn invite(
    pool: &Pool,
    mails: &Mails,
    key: &SecretKey,
    survey: &SurveyEntry,
    addresses: &[Email],
    locale: Locale,
    now: OffsetDateTime,
) -> anyhow::Result<usize> {
    anyhow::ensure!(
        survey.limit() == Limit::Invitation,
        "the survey {} is not limited to invited people (its survey.toml says limit = \"{}\")",
        survey.slug(),
        crate::storage::surveys::limit_name(survey.limit())
    );
    anyhow::ensure!(!survey.closed(), "the survey {} is closed", survey.slug());
    let mut conn = pool.acquire().await.context("Failed to get a database connection")?;
    let mut tx = sqlx::Connection::begin(&mut *conn)
        .await
        .context("Failed to start a transaction")?;
    queue(&mut tx, mails, key, survey, addresses, locale, now).await?;
    tx.commit().await.context("Failed to commit the invitations")?;
    Ok(addresses.len())
}

/// Queues one invitation per address, in `locale` where the survey is
/// written in it, in the caller's transaction.
pub async fn queue(
    tx: &mut db::Transaction<'_>,
    mails: &Mails,
    key: &SecretKey,
    survey: &SurveyEntry,
    addresses: &[Email],
    locale: Locale,
    now: OffsetDateTime,
) -> anyhow::Result<()> {
    let text = survey.in_locale(locale);
    for email in addresses {
        let token = token(key, survey.slug(), email, now);
        mail::enqueue(tx, &mails.invitation(email, locale, text, &token)).await?;
    }
    Ok(())
}

/// The subcommand, with the server's own settings (database, secret key,
/// public address); the running server's mail sender delivers the queue.
pub async fn invite_survey(config: &Config, slug: &str, file: &Path, locale: Locale) -> anyhow::Result<usize> {
    let text = std::fs::read_to_string(file).with_context(|| format!("Failed to read {}", file.display()))?;
    let addresses =
        read_addresses(&text).with_context(|| format!("{} holds lines that are not addresses", file.display()))?;
    let public_url = match &config.public_url {
        Some(url) => url.clone(),
        None => {
            let guess = format!("http://{}", config.addr);
            tracing::warn!("CIVIC_PUBLIC_URL is unset: the invitation links point at {guess}");
            guess
        }
    };
    let mails = Mails::new(&public_url)?;
    let key = config.secret.load()?;
    let pool = db::connect_for_command(&config.database_url).await?;
    let invited = async {
        let registry = Registry::load(&pool).await?;
        let survey = registry.find(slug).with_context(|| {
            format!("no survey {slug} in the database: add content/surveys/{slug}/ and start the server once")
        })?;
        invite(
            &pool,
            &mails,
            &key,
            &survey,
            &addresses,
            locale,
            OffsetDateTime::now_utc(),
        )
        .await
    }
    .await;
    pool.close().await;
    invited
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_gives_each_mailbox_once_and_skips_comments_and_blank_lines() {
        let text = "# members\nana@example.org\n\n  Bo@Example.org \nANA@example.org\n";
        let addresses = read_addresses(text).unwrap();
        let shown: Vec<&str> = addresses.iter().map(Email::as_str).collect();
        assert_eq!(shown, ["ana@example.org", "Bo@example.org"]);
    }

    #[test]
    fn a_line_that_is_not_an_address_refuses_the_file_naming_every_such_line() {
        let error = read_addresses("ana@example.org\nnot an address\nbo@\n").unwrap_err();
        let message = error.to_string();
        assert!(message.contains("line 2: \"not an address\""), "{message}");
        assert!(message.contains("line 3: \"bo@\""), "{message}");
    }

    #[test]
    fn an_address_is_the_same_invitee_each_time_and_its_token_is_bound_to_the_survey() {
        let key = SecretKey::from_bytes(&[3u8; 32]).unwrap();
        let poll = Slug::parse("poll").unwrap();
        let ana = Email::parse("ana@example.org").unwrap();
        let now = OffsetDateTime::now_utc();
        let token = token(&key, &poll, &ana, now);
        assert!(token.starts_with("i."));
        let invitee = person_keys::invitee(&key, &poll, &ana);
        let verify = |binding: &[u8]| tokens::verify_bound(&key, Purpose::SurveyInvitation, &token, binding, now);
        assert_eq!(verify(b"poll"), Some(invitee));
        assert_eq!(verify(b"other-poll"), None);
    }
}
