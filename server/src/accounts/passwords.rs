//! Passwords: stored as Argon2id hashes with OWASP's parameters, and
//! refused when zxcvbn finds them common or easy to guess, or when they
//! hold the person's own name or address.

use std::sync::LazyLock;

use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};
use civic_api::account::Password;
use civic_api::{Email, FieldError, PersonName};
use zxcvbn::Score;

/// OWASP's Password Storage Cheat Sheet: Argon2id, 19 MiB, 2 passes, one
/// lane.
fn argon2() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("OWASP's Argon2 parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// The PHC string (`$argon2id$v=19$m=19456,t=2,p=1$salt$hash`) of a new
/// password, with a fresh random salt. Slow on purpose: call it off the
/// async threads (`hash_blocking`).
pub fn hash(password: &Password) -> anyhow::Result<String> {
    argon2()
        .hash_password(password.as_str().as_bytes())
        .map(|hash| hash.to_string())
        .map_err(|e| anyhow::anyhow!("Failed to hash a password: {e}"))
}

pub async fn hash_blocking(password: Password) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || hash(&password))
        .await
        .map_err(|e| anyhow::anyhow!("The password hasher panicked: {e}"))?
}

/// Whether `password` is the one `stored` was made from. A hash that does
/// not parse matches nothing.
pub fn verify(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|hash| argon2().verify_password(password.as_bytes(), &hash).is_ok())
}

/// A hash of nothing anyone knows, checked against when an address has no
/// account, so that answering takes as long as for a wrong password.
static DECOY: LazyLock<String> = LazyLock::new(|| {
    let random = uuid_like();
    hash(&Password::parse(&random).expect("32 letters make a password")).expect("hashing works")
});

fn uuid_like() -> String {
    use rand::Rng;
    rand::rng()
        .sample_iter(rand::distr::Alphanumeric)
        .take(32)
        .map(char::from)
        .collect()
}

/// `verify`, off the async threads, against the decoy when there is no
/// stored hash; `false` then, whatever the password.
pub async fn verify_blocking(password: String, stored: Option<String>) -> anyhow::Result<bool> {
    tokio::task::spawn_blocking(move || match stored {
        Some(stored) => verify(&password, &stored),
        None => {
            verify(&password, &DECOY);
            false
        }
    })
    .await
    .map_err(|e| anyhow::anyhow!("The password verifier panicked: {e}"))
}

/// Computes the decoy now, so the first sign-in of an unknown address is
/// not slower than a wrong password (which would tell them apart).
pub fn warm_up() {
    LazyLock::force(&DECOY);
}

/// The server's own judgement of a new password, beyond its length: `None`
/// when it may be used.
pub fn refusal(password: &Password, name: &PersonName, email: &Email) -> Option<FieldError> {
    let typed = password.as_str().to_lowercase();
    let local_part = email.as_str().split('@').next().unwrap_or_default().to_lowercase();
    let personal = std::iter::once(local_part.as_str())
        .chain(name.as_str().split_whitespace())
        .map(str::to_lowercase)
        .any(|part| part.chars().count() >= 3 && typed.contains(&part));
    if personal {
        return Some(FieldError::Personal);
    }
    // zxcvbn's dictionaries hold the common and breached passwords, names
    // and words; a score of 3 resists an offline attack on a slow hash.
    let inputs = [name.as_str(), email.as_str(), "civic"];
    (zxcvbn::zxcvbn(password.as_str(), &inputs).score() < Score::Three).then_some(FieldError::Common)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn password(text: &str) -> Password {
        Password::parse(text).expect("long enough")
    }

    #[test]
    fn a_hash_is_argon2id_with_owasp_parameters_and_verifies_only_its_password() {
        let stored = hash(&password("river kettle orbit lantern")).unwrap();
        assert!(stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{stored}");
        assert!(verify("river kettle orbit lantern", &stored));
        assert!(!verify("river kettle orbit lanterN", &stored));
        assert!(!verify("river kettle orbit lantern", "not a hash"));
        let again = hash(&password("river kettle orbit lantern")).unwrap();
        assert_ne!(stored, again, "a fresh salt each time");
    }

    #[test]
    fn nothing_is_cut_from_a_long_password() {
        let long = format!("{}X", "a quiet field of barley ".repeat(8));
        let stored = hash(&password(&long)).unwrap();
        assert!(!verify(long.trim_end_matches('X'), &stored));
        assert!(verify(&long, &stored));
    }

    #[test]
    fn common_and_personal_passwords_are_refused_with_their_reason() {
        let name = PersonName::parse("Amira Haddad").unwrap();
        let email = Email::parse("amira.h@example.org").unwrap();
        let cases = [
            ("password1234", Some(FieldError::Common)),
            ("qwertyuiopasdf", Some(FieldError::Common)),
            ("123456789012", Some(FieldError::Common)),
            ("iloveyou2024", Some(FieldError::Common)),
            ("haddad-family-2024", Some(FieldError::Personal)),
            ("AMIRA.H forever and ever", Some(FieldError::Personal)),
            ("river kettle orbit lantern", None),
            ("أمل الصباح يضيء الطريق", None),
        ];
        for (typed, expected) in cases {
            assert_eq!(refusal(&password(typed), &name, &email), expected, "{typed}");
        }
    }
}
