//! References a person can read out on the phone, such as `PR-7K3QX9`.

use rand::Rng;

/// Letters and digits that cannot be misread for one another (no 0/O, 1/I/L).
const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
const LEN: usize = 6;

/// A fresh reference after `prefix` (`PR`, `C`): about 900 million of
/// them, so a collision with a stored one is rare and retried.
pub fn new_reference(prefix: &str) -> String {
    let mut rng = rand::rng();
    let code: String = (0..LEN)
        .map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]))
        .collect();
    format!("{prefix}-{code}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_short_and_unambiguous() {
        for _ in 0..200 {
            let reference = new_reference("PR");
            let code = reference.strip_prefix("PR-").unwrap();
            assert_eq!(code.len(), LEN);
            assert!(code.bytes().all(|b| ALPHABET.contains(&b)), "{reference}");
        }
    }
}
