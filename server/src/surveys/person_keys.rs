//! How a survey that takes one answer per person knows a person without
//! keeping anything that names them: a keyed hash (HMAC-SHA256 with the
//! server's secret) per survey, which nobody without the key can link back
//! to an address, nor match across surveys.

use civic_api::Slug;
use civic_api::email::Email;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::secret::SecretKey;

/// Keeps these MACs apart from the tokens', which start `civic token v1`.
const DOMAIN: &str = "survey:";

fn keyed_hash(key: &SecretKey, parts: &[&[u8]]) -> [u8; 32] {
    let mut mac = Hmac::<Sha256>::new_from_slice(key.as_bytes()).expect("HMAC takes a key of any length");
    mac.update(DOMAIN.as_bytes());
    for part in parts {
        // Length first, so no two lists of parts hash the same bytes.
        mac.update(&(part.len() as u64).to_be_bytes());
        mac.update(part);
    }
    mac.finalize().into_bytes().into()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// The person key of whoever proves `email` for a survey limited to one
/// answer per address. Addresses that reach one mailbox share it.
pub fn of_address(key: &SecretKey, slug: &Slug, email: &Email) -> String {
    hex(&keyed_hash(
        key,
        &[b"address", slug.as_str().as_bytes(), email.dedupe_key().as_bytes()],
    ))
}

/// The subject of `email`'s invitation to survey `slug`: the same each time
/// the address is invited, so inviting it twice still counts one answer,
/// and meaningless without the key.
pub fn invitee(key: &SecretKey, slug: &Slug, email: &Email) -> i64 {
    let hash = keyed_hash(
        key,
        &[b"invitee", slug.as_str().as_bytes(), email.dedupe_key().as_bytes()],
    );
    i64::from_be_bytes(hash[..8].try_into().expect("a hash is longer than 8 bytes"))
}

/// The person key stored with an invited answer, from its token's subject.
pub fn of_invitee(key: &SecretKey, slug: &Slug, invitee: i64) -> String {
    hex(&keyed_hash(
        key,
        &[b"invitation", slug.as_str().as_bytes(), &invitee.to_be_bytes()],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> SecretKey {
        SecretKey::from_bytes(&[7u8; 32]).unwrap()
    }

    fn slug(text: &str) -> Slug {
        Slug::parse(text).unwrap()
    }

    fn email(text: &str) -> Email {
        Email::parse(text).unwrap()
    }

    #[test]
    fn one_mailbox_is_one_person_per_survey_and_different_across_surveys() {
        let poll = slug("poll");
        let ana = of_address(&key(), &poll, &email("ana@example.org"));
        assert_eq!(ana.len(), 64);
        assert!(ana.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_eq!(ana, of_address(&key(), &poll, &email("Ana@Example.org")));
        assert_ne!(ana, of_address(&key(), &poll, &email("bo@example.org")));
        assert_ne!(ana, of_address(&key(), &slug("other-poll"), &email("ana@example.org")));
        let other_key = SecretKey::from_bytes(&[8u8; 32]).unwrap();
        assert_ne!(ana, of_address(&other_key, &poll, &email("ana@example.org")));
        assert!(!ana.contains("ana"));
    }

    #[test]
    fn an_invitee_is_the_same_each_time_and_keyed_per_survey() {
        let poll = slug("poll");
        let ana = invitee(&key(), &poll, &email("ana@example.org"));
        assert_eq!(ana, invitee(&key(), &poll, &email("ana@example.org")));
        assert_ne!(ana, invitee(&key(), &poll, &email("bo@example.org")));
        assert_ne!(ana, invitee(&key(), &slug("other-poll"), &email("ana@example.org")));
        let person = of_invitee(&key(), &poll, ana);
        assert_eq!(person, of_invitee(&key(), &poll, ana));
        assert_ne!(person, of_invitee(&key(), &poll, ana.wrapping_add(1)));
        assert_ne!(person, of_address(&key(), &poll, &email("ana@example.org")));
    }
}
