//! Stripe's webhook signatures: `Stripe-Signature: t=<unix time>,v1=<hex>`,
//! each `v1` an HMAC-SHA256 with the endpoint's secret over `<t>.<body>`.
//! Several `v1` entries come while a secret is being rolled; any one that
//! matches any of our secrets will do. Checked on the raw body, before any
//! JSON is read, in constant time, and refused when more than five minutes
//! old, so a captured event cannot be replayed later.

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// How old a signed event may be, in seconds (Stripe's own default).
pub const TOLERANCE_SECONDS: i64 = 300;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error("the Stripe-Signature header is missing or has no t= and v1=")]
    Malformed,
    #[error("the signed time is more than five minutes away from ours")]
    Stale,
    #[error("no v1 signature matches the body with our secret")]
    Mismatch,
}

/// Checks `header` for `body` against each of `secrets`, at `now` (unix
/// seconds).
pub fn verify(header: &str, body: &[u8], secrets: &[&[u8]], now: i64) -> Result<(), SignatureError> {
    let mut timestamp = None;
    let mut signatures = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", value)) => timestamp = value.parse::<i64>().ok(),
            Some(("v1", value)) => signatures.extend(decode_hex(value)),
            _ => {}
        }
    }
    let Some(timestamp) = timestamp else {
        return Err(SignatureError::Malformed);
    };
    if signatures.is_empty() {
        return Err(SignatureError::Malformed);
    }
    let matches = secrets.iter().any(|secret| {
        signatures.iter().any(|signature| {
            // `verify_slice` compares in constant time.
            mac_of(secret, timestamp, body).verify_slice(signature).is_ok()
        })
    });
    if !matches {
        return Err(SignatureError::Mismatch);
    }
    if (now - timestamp).abs() > TOLERANCE_SECONDS {
        return Err(SignatureError::Stale);
    }
    Ok(())
}

/// The header the provider would send for `body` signed at `timestamp`:
/// the sandbox signs its events with it, and the tests theirs.
pub fn sign(body: &[u8], secret: &[u8], timestamp: i64) -> String {
    let signature = mac_of(secret, timestamp, body).finalize().into_bytes();
    let hex: String = signature.iter().map(|byte| format!("{byte:02x}")).collect();
    format!("t={timestamp},v1={hex}")
}

fn mac_of(secret: &[u8], timestamp: i64, body: &[u8]) -> Hmac<Sha256> {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes a key of any length");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    mac
}

fn decode_hex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|at| u8::from_str_radix(text.get(at..at + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    // A fixed vector computed independently of this module with Python's
    // hmac: hmac.new(b"whsec_test_secret", b"1700000000.{\"id\":\"evt_1\"}",
    // sha256).hexdigest().
    const SECRET: &[u8] = b"whsec_test_secret";
    const BODY: &[u8] = br#"{"id":"evt_1"}"#;
    const AT: i64 = 1_700_000_000;
    const SIGNATURE: &str = "248a374f50f943a28b0f6ab50faf9a7e7e29b710fa26df9fb1618b9bf8ea9c9a";

    #[test]
    fn the_documented_scheme_gives_the_fixed_vector() {
        assert_eq!(sign(BODY, SECRET, AT), format!("t={AT},v1={SIGNATURE}"));
        assert_eq!(
            verify(&format!("t={AT},v1={SIGNATURE}"), BODY, &[SECRET], AT + 10),
            Ok(())
        );
    }

    #[test]
    fn a_tampered_body_or_another_secret_is_refused() {
        let header = sign(BODY, SECRET, AT);
        assert_eq!(
            verify(&header, br#"{"id":"evt_2"}"#, &[SECRET], AT),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            verify(&header, BODY, &[b"whsec_other"], AT),
            Err(SignatureError::Mismatch)
        );
    }

    #[test]
    fn an_old_or_future_signature_is_refused() {
        let header = sign(BODY, SECRET, AT);
        assert_eq!(verify(&header, BODY, &[SECRET], AT + 300), Ok(()));
        assert_eq!(verify(&header, BODY, &[SECRET], AT + 301), Err(SignatureError::Stale));
        assert_eq!(verify(&header, BODY, &[SECRET], AT - 301), Err(SignatureError::Stale));
    }

    #[test]
    fn any_of_several_signatures_and_secrets_will_do() {
        let old = sign(BODY, b"whsec_old", AT);
        let new = sign(BODY, SECRET, AT);
        let old_v1 = old.split_once(",v1=").unwrap().1;
        let new_v1 = new.split_once(",v1=").unwrap().1;
        // Stripe sends both while a secret is rolled, plus a v0 we ignore.
        let header = format!("t={AT},v1={old_v1},v1={new_v1},v0=deadbeef");
        assert_eq!(verify(&header, BODY, &[SECRET], AT), Ok(()));
        assert_eq!(verify(&header, BODY, &[b"whsec_old"], AT), Ok(()));
        // We roll ours too: either of two secrets checks one signature.
        assert_eq!(verify(&new, BODY, &[b"whsec_old", SECRET], AT), Ok(()));
    }

    #[test]
    fn malformed_headers_are_refused() {
        for header in ["", "t=1700000000", "v1=00", "t=abc,v1=00", "t=1700000000,v1=zz"] {
            assert_eq!(
                verify(header, BODY, &[SECRET], AT),
                Err(SignatureError::Malformed),
                "{header}"
            );
        }
    }
}
