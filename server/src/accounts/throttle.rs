//! Slows password guessing: after a few failed sign-ins for one address
//! (known or not: both are counted alike) or from one client, each further
//! attempt waits longer, up to 15 minutes, and an hour without failures
//! starts afresh. Nobody is ever locked out for good, and a password reset
//! lifts an account's delay at once.
//!
//! The worst case for one account is about 20 tries an hour, well under
//! ASVS's 100.

use std::net::IpAddr;

use civic_api::Email;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use time::{Duration, OffsetDateTime};

use crate::db::{self, Connection, Pool};
use crate::secret::SecretKey;
use crate::storage::sign_in_failures::{self as storage, Failures};

/// Failures allowed without delay: for an address, a person mistyping; for
/// a client, several people behind one address (an office, a library).
const ADDRESS_FREE_TRIES: i32 = 5;
const CLIENT_FREE_TRIES: i32 = 20;
const LONGEST_DELAY: Duration = Duration::minutes(15);
/// Failures older than this are forgotten.
const MEMORY: Duration = Duration::hours(1);

/// One thing whose failures are counted: an address or a client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subject {
    key: String,
    free_tries: i32,
}

/// Keyed hashes, so the table names no address and no client; the same
/// key as the e-mailed links' tokens, under its own label.
fn keyed(secret: &SecretKey, label: &str, value: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes a key of any length");
    mac.update(b"civic sign-in throttle\0");
    mac.update(label.as_bytes());
    mac.update(value.as_bytes());
    let bytes = mac.finalize().into_bytes();
    format!(
        "{label}:{}",
        bytes[..16].iter().map(|b| format!("{b:02x}")).collect::<String>()
    )
}

impl Subject {
    pub fn address(secret: &SecretKey, email: &Email) -> Subject {
        Subject {
            key: keyed(secret, "a", &email.dedupe_key()),
            free_tries: ADDRESS_FREE_TRIES,
        }
    }

    pub fn client(secret: &SecretKey, ip: IpAddr) -> Subject {
        Subject {
            key: keyed(secret, "c", &ip.to_string()),
            free_tries: CLIENT_FREE_TRIES,
        }
    }
}

/// How long to wait after `failures` failures in a row.
pub fn delay(failures: i32, free_tries: i32) -> Duration {
    if failures < free_tries {
        return Duration::ZERO;
    }
    let doublings = u32::try_from(failures - free_tries).unwrap_or(0).min(20);
    Duration::seconds(1_i64 << doublings).min(LONGEST_DELAY)
}

/// The seconds any of `subjects` must still wait, if any.
pub async fn wait(pool: &Pool, subjects: &[&Subject], now: OffsetDateTime) -> anyhow::Result<Option<u64>> {
    let now_stamp = db::stamp(now);
    let mut longest = None;
    for subject in subjects {
        if let Some(failures) = storage::find(pool, &subject.key).await?
            && failures.blocked_until > now_stamp
        {
            let until = OffsetDateTime::parse(&failures.blocked_until, &time::format_description::well_known::Rfc3339)?;
            let seconds = u64::try_from((until - now).whole_seconds()).unwrap_or(0) + 1;
            longest = longest.max(Some(seconds));
        }
    }
    Ok(longest)
}

/// Counts one failure against `subject`.
pub async fn failed(conn: &mut Connection, subject: &Subject, now: OffsetDateTime) -> anyhow::Result<()> {
    let forgotten = db::stamp(now - MEMORY);
    let before = storage::find(&mut *conn, &subject.key)
        .await?
        .filter(|failures| failures.last_failed_at >= forgotten)
        .map_or(0, |failures| failures.failures);
    let failures = before.saturating_add(1);
    let record = Failures {
        failures,
        last_failed_at: db::stamp(now),
        blocked_until: db::stamp(now + delay(failures, subject.free_tries)),
    };
    storage::put(conn, &subject.key, &record).await
}

/// A success (or a reset) clears the subject's failures.
pub async fn clear(pool: &Pool, subject: &Subject) -> anyhow::Result<()> {
    storage::clear(pool, &subject.key).await
}

/// Forgets failures that no longer slow anyone down.
pub async fn tidy(pool: &Pool, now: OffsetDateTime) -> anyhow::Result<u64> {
    storage::forget_before(pool, &db::stamp(now - MEMORY)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_start_after_the_free_tries_double_and_stop_at_fifteen_minutes() {
        assert_eq!(delay(4, 5), Duration::ZERO);
        assert_eq!(delay(5, 5), Duration::seconds(1));
        assert_eq!(delay(6, 5), Duration::seconds(2));
        assert_eq!(delay(10, 5), Duration::seconds(32));
        assert_eq!(delay(40, 5), LONGEST_DELAY);
        assert_eq!(delay(i32::MAX, 5), LONGEST_DELAY);
    }

    #[test]
    fn an_hour_of_guessing_one_account_allows_far_fewer_than_a_hundred_tries() {
        // The fastest guesser waits out every delay exactly.
        let (mut elapsed, mut tries) = (Duration::ZERO, 0);
        while elapsed < Duration::hours(1) {
            tries += 1;
            elapsed += delay(tries, ADDRESS_FREE_TRIES);
        }
        assert!(tries < 30, "{tries} tries in an hour");
    }

    #[test]
    fn subjects_name_no_address_or_client_and_differ_by_key() {
        let secret = SecretKey::from_bytes(&[7; 32]).unwrap();
        let email = Email::parse("amira@example.org").unwrap();
        let address = Subject::address(&secret, &email);
        assert!(address.key.starts_with("a:") && !address.key.contains("amira"));
        let client = Subject::client(&secret, "192.0.2.7".parse().unwrap());
        assert!(client.key.starts_with("c:") && !client.key.contains("192"));
        let other = SecretKey::from_bytes(&[8; 32]).unwrap();
        assert_ne!(Subject::address(&other, &email), address);
    }
}
