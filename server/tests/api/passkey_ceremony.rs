//! End-to-end passkey ceremonies against the software authenticator, as the server will run them:
//! every state goes through bytes, and responses through JSON bytes.
use std::time::Duration;

use crate::soft_authenticator::SoftAuthenticator;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use civic_server::accounts::passkeys::ceremony::{
    CeremonyError, RelyingParty, StoredPasskey, challenge_of_registration, challenge_of_sign_in, credential_of_sign_in,
    new_user_handle,
};
use serde_json::Value;

const SITE: &str = "https://civic.example.org";

fn bytes(json: &Value) -> Vec<u8> {
    serde_json::to_vec(json).expect("JSON serializes")
}

/// Registers a new passkey for a fresh account, returning the row the server would store.
fn register(rp: &RelyingParty, authenticator: &mut SoftAuthenticator) -> StoredPasskey {
    let handle = new_user_handle();
    let started = rp
        .start_registration(&handle, "ada@example.org", "Ada Lovelace", &[])
        .expect("registration starts");
    let response = bytes(&authenticator.register(&started.options, rp.origin()));
    assert_eq!(
        challenge_of_registration(&response).expect("challenge readable"),
        started.challenge
    );
    let passkey = rp
        .finish_registration(&started.state, &response)
        .expect("registration verifies");
    assert_eq!(passkey.user_handle, handle);
    passkey.into()
}

fn sign_in(
    rp: &RelyingParty,
    authenticator: &mut SoftAuthenticator,
    stored: &StoredPasskey,
) -> Result<Option<Vec<u8>>, CeremonyError> {
    let started = rp.start_sign_in().expect("sign-in starts");
    let response = bytes(&authenticator.sign_in(&started.options, rp.origin()));
    rp.finish_sign_in(&started.state, &response, stored)
}

fn sign_count(dynamic_state: &[u8]) -> u32 {
    // The crate's DynamicState layout: uv, backup, counter (little endian), attachment.
    u32::from_le_bytes(dynamic_state[2..6].try_into().expect("7-byte dynamic state"))
}

#[test]
fn register_then_sign_in_updates_the_counter() {
    let rp = RelyingParty::from_public_url(SITE).expect("valid URL");
    let mut authenticator = SoftAuthenticator::new();
    let mut stored = register(&rp, &mut authenticator);
    assert_eq!(sign_count(&stored.dynamic_state), 0);

    let started = rp.start_sign_in().expect("sign-in starts");
    let response = bytes(&authenticator.sign_in(&started.options, rp.origin()));
    assert_eq!(
        challenge_of_sign_in(&response).expect("challenge readable"),
        started.challenge
    );
    let (credential_id, user_handle) = credential_of_sign_in(&response).expect("credential readable");
    assert_eq!(credential_id, stored.credential_id);
    assert_eq!(user_handle, stored.user_handle);

    let updated = rp
        .finish_sign_in(&started.state, &response, &stored)
        .expect("sign-in verifies")
        .expect("the counter moved");
    assert_eq!(sign_count(&updated), 1);
    stored.dynamic_state = updated;
    let again = sign_in(&rp, &mut authenticator, &stored).expect("second sign-in verifies");
    assert_eq!(again.map(|state| sign_count(&state)), Some(2));
}

#[test]
fn options_are_what_parse_from_json_expects() {
    let rp = RelyingParty::from_public_url(SITE).expect("valid URL");
    let handle = new_user_handle();
    let existing = vec![vec![7u8; 32]];
    let started = rp
        .start_registration(&handle, "ada@example.org", "Ada Lovelace", &existing)
        .expect("registration starts");
    let options = &started.options;
    assert_eq!(options["rp"]["id"], "civic.example.org");
    assert_eq!(options["user"]["name"], "ada@example.org");
    assert_eq!(options["user"]["displayName"], "Ada Lovelace");
    let decode = |v: &Value| URL_SAFE_NO_PAD.decode(v.as_str().expect("string")).expect("base64url");
    assert_eq!(decode(&options["user"]["id"]), handle);
    assert_eq!(decode(&options["challenge"]).len(), 16);
    assert_eq!(options["challenge"], started.challenge.as_str());
    assert_eq!(decode(&options["excludeCredentials"][0]["id"]), existing[0]);
    assert_eq!(options["authenticatorSelection"]["userVerification"], "required");
    assert_eq!(options["authenticatorSelection"]["residentKey"], "required");
    assert_eq!(started.expires_in, Duration::from_secs(300));

    let sign_in = rp.start_sign_in().expect("sign-in starts");
    assert_eq!(sign_in.options["rpId"], "civic.example.org");
    assert_eq!(sign_in.options["userVerification"], "required");
    assert_eq!(decode(&sign_in.options["challenge"]).len(), 16);
}

#[test]
fn a_blank_display_name_is_left_out() {
    let rp = RelyingParty::from_public_url(SITE).expect("valid URL");
    let started = rp
        .start_registration(&new_user_handle(), "ada@example.org", "  ", &[])
        .expect("registration starts");
    assert_eq!(started.options["user"]["displayName"], "");
}

#[test]
fn a_wrong_user_handle_length_is_refused() {
    let rp = RelyingParty::from_public_url(SITE).expect("valid URL");
    let result = rp.start_registration(&[1; 16], "ada@example.org", "Ada", &[]);
    assert!(matches!(result, Err(CeremonyError::UserDetails(_))), "{result:?}");
}

#[test]
fn a_response_from_another_origin_is_refused() {
    let rp = RelyingParty::from_public_url(SITE).expect("valid URL");
    let mut authenticator = SoftAuthenticator::new();
    let started = rp
        .start_registration(&new_user_handle(), "ada@example.org", "Ada", &[])
        .expect("registration starts");
    let response = bytes(&authenticator.register(&started.options, "https://evil.example.org"));
    let result = rp.finish_registration(&started.state, &response);
    assert!(matches!(result, Err(CeremonyError::Rejected(_))), "{result:?}");

    let stored = register(&rp, &mut authenticator);
    let started = rp.start_sign_in().expect("sign-in starts");
    let response = bytes(&authenticator.sign_in(&started.options, "https://sub.civic.example.org"));
    let result = rp.finish_sign_in(&started.state, &response, &stored);
    assert!(matches!(result, Err(CeremonyError::Rejected(_))), "{result:?}");
}

#[test]
fn a_tampered_signature_is_refused() {
    let rp = RelyingParty::from_public_url(SITE).expect("valid URL");
    let mut authenticator = SoftAuthenticator::new();
    let stored = register(&rp, &mut authenticator);
    let started = rp.start_sign_in().expect("sign-in starts");
    let mut response = authenticator.sign_in(&started.options, rp.origin());
    let signature = &mut response["response"]["signature"];
    let mut raw = URL_SAFE_NO_PAD
        .decode(signature.as_str().expect("string"))
        .expect("base64url");
    *raw.last_mut().expect("non-empty") ^= 0x01;
    *signature = Value::String(URL_SAFE_NO_PAD.encode(&raw));
    let result = rp.finish_sign_in(&started.state, &bytes(&response), &stored);
    assert!(matches!(result, Err(CeremonyError::Rejected(_))), "{result:?}");
}

#[test]
fn a_state_does_not_verify_another_ceremonys_response() {
    let rp = RelyingParty::from_public_url(SITE).expect("valid URL");
    let mut authenticator = SoftAuthenticator::new();
    let stored = register(&rp, &mut authenticator);
    let answered = rp.start_sign_in().expect("sign-in starts");
    let other = rp.start_sign_in().expect("sign-in starts");
    let response = bytes(&authenticator.sign_in(&answered.options, rp.origin()));
    let result = rp.finish_sign_in(&other.state, &response, &stored);
    assert!(matches!(result, Err(CeremonyError::Rejected(_))), "{result:?}");

    let answered = rp
        .start_registration(&new_user_handle(), "b@example.org", "B", &[])
        .expect("starts");
    let other = rp
        .start_registration(&new_user_handle(), "b@example.org", "B", &[])
        .expect("starts");
    let response = bytes(&authenticator.register(&answered.options, rp.origin()));
    let result = rp.finish_registration(&other.state, &response);
    assert!(matches!(result, Err(CeremonyError::Rejected(_))), "{result:?}");
}

#[test]
fn another_accounts_passkey_row_is_refused() {
    let rp = RelyingParty::from_public_url(SITE).expect("valid URL");
    let mut authenticator = SoftAuthenticator::new();
    let mut stored = register(&rp, &mut authenticator);
    stored.user_handle = new_user_handle();
    let result = sign_in(&rp, &mut authenticator, &stored);
    assert!(matches!(result, Err(CeremonyError::Rejected(_))), "{result:?}");
}

#[test]
fn an_unverified_user_is_refused() {
    let rp = RelyingParty::from_public_url(SITE).expect("valid URL");
    let mut authenticator = SoftAuthenticator::new().without_user_verification();
    let started = rp
        .start_registration(&new_user_handle(), "ada@example.org", "Ada", &[])
        .expect("registration starts");
    let response = bytes(&authenticator.register(&started.options, rp.origin()));
    let result = rp.finish_registration(&started.state, &response);
    assert!(matches!(result, Err(CeremonyError::Rejected(_))), "{result:?}");
}

#[test]
fn an_expired_state_is_refused() {
    let rp = RelyingParty::from_public_url(SITE)
        .and_then(|rp| rp.with_ceremony_timeout(Duration::from_millis(1)))
        .expect("valid settings");
    let mut authenticator = SoftAuthenticator::new();
    let started = rp
        .start_registration(&new_user_handle(), "ada@example.org", "Ada", &[])
        .expect("registration starts");
    assert_eq!(started.expires_in, Duration::from_millis(1));
    let response = bytes(&authenticator.register(&started.options, rp.origin()));
    std::thread::sleep(Duration::from_millis(20));
    assert_eq!(
        rp.finish_registration(&started.state, &response),
        Err(CeremonyError::Expired)
    );

    let patient = RelyingParty::from_public_url(SITE).expect("valid URL");
    let stored = register(&patient, &mut authenticator);
    let started = rp.start_sign_in().expect("sign-in starts");
    let response = bytes(&authenticator.sign_in(&started.options, rp.origin()));
    std::thread::sleep(Duration::from_millis(20));
    assert_eq!(
        rp.finish_sign_in(&started.state, &response, &stored),
        Err(CeremonyError::Expired)
    );
}

#[test]
fn garbage_is_refused_without_panicking() {
    let rp = RelyingParty::from_public_url(SITE).expect("valid URL");
    let started = rp.start_sign_in().expect("sign-in starts");
    assert!(matches!(
        challenge_of_sign_in(b"{}"),
        Err(CeremonyError::MalformedResponse(_))
    ));
    assert!(matches!(
        challenge_of_registration(b"not json"),
        Err(CeremonyError::MalformedResponse(_))
    ));
    assert!(matches!(
        credential_of_sign_in(b"[]"),
        Err(CeremonyError::MalformedResponse(_))
    ));
    assert!(matches!(
        rp.finish_registration(&started.state, b"{}"),
        Err(CeremonyError::MalformedStoredData(_) | CeremonyError::MalformedResponse(_))
    ));
    let corrupt = StoredPasskey {
        credential_id: vec![1; 32],
        user_handle: vec![2; 64],
        static_state: vec![3; 5],
        dynamic_state: vec![4; 2],
    };
    let mut authenticator = SoftAuthenticator::new();
    register(&rp, &mut authenticator);
    let response = bytes(&authenticator.sign_in(&started.options, rp.origin()));
    assert!(matches!(
        rp.finish_sign_in(&started.state, &response, &corrupt),
        Err(CeremonyError::MalformedStoredData(_))
    ));
    assert!(matches!(
        rp.finish_sign_in(&[0xff; 3], &response, &corrupt),
        Err(CeremonyError::MalformedStoredData(_))
    ));
}

#[test]
fn ip_address_public_urls_are_refused() {
    for url in ["http://127.0.0.1:8080", "https://[::1]/", "https://10.0.0.1"] {
        let result = RelyingParty::from_public_url(url);
        assert!(matches!(result, Err(CeremonyError::PublicUrl(_))), "{url}: {result:?}");
    }
}

#[test]
fn insecure_or_odd_public_urls_are_refused() {
    for url in [
        "http://civic.example.org",
        "ftp://civic.example.org",
        "civic.example.org",
        "",
    ] {
        let result = RelyingParty::from_public_url(url);
        assert!(matches!(result, Err(CeremonyError::PublicUrl(_))), "{url}: {result:?}");
    }
}

#[test]
fn localhost_with_a_port_works() {
    let rp = RelyingParty::from_public_url("http://localhost:8080").expect("valid URL");
    assert_eq!(rp.id(), "localhost");
    assert_eq!(rp.origin(), "http://localhost:8080");
    let mut authenticator = SoftAuthenticator::new();
    let stored = register(&rp, &mut authenticator);
    assert!(sign_in(&rp, &mut authenticator, &stored).is_ok());

    // The port is part of the origin: another port on the same host is another site.
    let started = rp.start_sign_in().expect("sign-in starts");
    let response = bytes(&authenticator.sign_in(&started.options, "http://localhost:9090"));
    let result = rp.finish_sign_in(&started.state, &response, &stored);
    assert!(matches!(result, Err(CeremonyError::Rejected(_))), "{result:?}");
}

#[test]
fn the_public_site_works() {
    let rp = RelyingParty::from_public_url("https://Civic.Example.org/some/path").expect("valid URL");
    assert_eq!(rp.id(), "civic.example.org");
    assert_eq!(rp.origin(), "https://civic.example.org");
    let mut authenticator = SoftAuthenticator::new();
    let stored = register(&rp, &mut authenticator);
    assert!(sign_in(&rp, &mut authenticator, &stored).is_ok());
}

#[test]
fn extra_members_from_real_browsers_are_accepted() {
    let rp = RelyingParty::from_public_url(SITE).expect("valid URL");
    let mut authenticator = SoftAuthenticator::new();
    let started = rp
        .start_registration(&new_user_handle(), "ada@example.org", "Ada", &[])
        .expect("registration starts");
    let mut response = authenticator.register(&started.options, rp.origin());
    response["clientExtensionResults"] = serde_json::json!({ "credProps": { "rk": true } });
    response["response"]["somethingNew"] = Value::from(1);
    response["addedByAPasswordManager"] = Value::from(true);
    let stored: StoredPasskey = rp
        .finish_registration(&started.state, &bytes(&response))
        .expect("registration verifies")
        .into();

    let started = rp.start_sign_in().expect("sign-in starts");
    let mut response = authenticator.sign_in(&started.options, rp.origin());
    response["addedByAPasswordManager"] = Value::from(true);
    response["authenticatorAttachment"] = Value::Null;
    let result = rp.finish_sign_in(&started.state, &bytes(&response), &stored);
    assert!(result.is_ok(), "{result:?}");
}
