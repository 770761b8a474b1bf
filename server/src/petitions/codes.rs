//! Short-link codes: a petition's own, and each confirmed signer's
//! referral code. Unguessable, so nobody can walk through the codes to find
//! who signed what.

use civic_api::petition::ShortCode;
use rand::Rng;

const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
pub const CODE_LEN: usize = 8;

/// 8 letters and digits from the thread's CSPRNG (ChaCha, seeded by the
/// operating system): about 47 bits.
pub fn new_code() -> ShortCode {
    let mut rng = rand::rng();
    let code: String = (0..CODE_LEN)
        .map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]))
        .collect();
    ShortCode::parse(&code).expect("letters and digits of a valid length")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_eight_letters_or_digits_and_do_not_repeat() {
        let codes: HashSet<String> = (0..1000).map(|_| new_code().to_string()).collect();
        assert_eq!(codes.len(), 1000);
        assert!(
            codes
                .iter()
                .all(|code| code.len() == CODE_LEN && code.bytes().all(|b| b.is_ascii_alphanumeric()))
        );
    }
}
