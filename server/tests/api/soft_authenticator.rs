//! A software passkey authenticator plus the browser around it, for tests.
//!
//! It plays both parts a real sign-in involves: the browser (builds `clientDataJSON` for an
//! origin and returns what Chromium's `PublicKeyCredential.prototype.toJSON()` returns) and a
//! platform authenticator (P-256 ES256 keys, "none" attestation, user present and verified,
//! a per-credential sign counter, resident credentials that remember the user handle).
//!
//! Being test support it panics on options it cannot serve, as a test should fail loudly.
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use p256::ecdsa::signature::Signer as _;
use p256::ecdsa::{Signature, SigningKey};
use serde_json::{Value, json};
use sha2::{Digest as _, Sha256};

/// COSE algorithm identifier for ES256 (ECDSA P-256 with SHA-256).
const ES256: i64 = -7;
/// Authenticator data flags (WebAuthn §6.1).
const FLAG_USER_PRESENT: u8 = 0x01;
const FLAG_USER_VERIFIED: u8 = 0x04;
const FLAG_ATTESTED_CREDENTIAL_DATA: u8 = 0x40;
const FLAG_EXTENSION_DATA: u8 = 0x80;
/// DER prefix of a P-256 SubjectPublicKeyInfo, followed by the 65-byte uncompressed point.
const P256_SPKI_PREFIX: [u8; 26] = [
    0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce,
    0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00,
];
/// Chromium sometimes adds this member to `clientDataJSON` so that servers don't compare it
/// against a template; we always add it so servers are tested against the worst case.
const CHROMIUM_EXTRA_CLIENT_DATA: &str =
    r#""other_keys_can_be_added_here":"do not compare clientDataJSON against a template. See https://goo.gl/yabPex""#;

/// A passkey held by the [`SoftAuthenticator`].
struct ResidentCredential {
    id: Vec<u8>,
    rp_id: String,
    user_handle: Vec<u8>,
    key: SigningKey,
    sign_count: u32,
}

/// A software authenticator holding any number of passkeys.
pub struct SoftAuthenticator {
    credentials: Vec<ResidentCredential>,
    verifies_user: bool,
}

impl Default for SoftAuthenticator {
    fn default() -> Self {
        Self::new()
    }
}

impl SoftAuthenticator {
    /// An authenticator with no passkeys that verifies its user (as a phone or laptop does).
    pub fn new() -> Self {
        Self {
            credentials: Vec::new(),
            verifies_user: true,
        }
    }

    /// Makes the authenticator report the user present but not verified, like a security key
    /// without a PIN, to test that servers insist on verification.
    pub fn without_user_verification(mut self) -> Self {
        self.verifies_user = false;
        self
    }

    /// Creates a passkey as `navigator.credentials.create({publicKey})` would on a page of
    /// `origin`, returning the `RegistrationResponseJSON`.
    ///
    /// `options` is the JSON given to `parseCreationOptionsFromJSON`.
    ///
    /// # Panics
    ///
    /// When the options lack required members, don't offer ES256, or exclude a credential this
    /// authenticator holds (where a browser would throw `InvalidStateError`).
    pub fn register(&mut self, options: &Value, origin: &str) -> Value {
        let rp_id = string_member(&options["rp"], "id");
        let challenge = string_member(options, "challenge");
        let user_handle = base64url_member(&options["user"], "id");
        assert!(
            offers_es256(options),
            "the options offer no ES256 (-7) in pubKeyCredParams"
        );
        self.refuse_excluded(options, &rp_id);

        let key = new_signing_key();
        let id = random_bytes(32);
        let public_point = key.verifying_key().to_encoded_point(false);
        let wants_cred_protect =
            options["extensions"]["credentialProtectionPolicy"].as_str() == Some("userVerificationRequired");

        let mut authenticator_data = authenticator_data_prefix(
            &rp_id,
            self.flags() | FLAG_ATTESTED_CREDENTIAL_DATA | if wants_cred_protect { FLAG_EXTENSION_DATA } else { 0 },
            0,
        );
        authenticator_data.extend_from_slice(&[0; 16]); // AAGUID: none.
        authenticator_data.extend_from_slice(&length_u16(id.len()).to_be_bytes());
        authenticator_data.extend_from_slice(&id);
        authenticator_data.extend_from_slice(&cose_es256_key(public_point.as_bytes()));
        if wants_cred_protect {
            authenticator_data.extend_from_slice(&cred_protect_output());
        }

        let client_data = client_data_json("webauthn.create", &challenge, origin);
        let response = json!({
            "id": URL_SAFE_NO_PAD.encode(&id),
            "rawId": URL_SAFE_NO_PAD.encode(&id),
            "type": "public-key",
            "response": {
                "clientDataJSON": URL_SAFE_NO_PAD.encode(&client_data),
                "attestationObject": URL_SAFE_NO_PAD.encode(none_attestation_object(&authenticator_data)),
                "authenticatorData": URL_SAFE_NO_PAD.encode(&authenticator_data),
                "transports": ["internal"],
                "publicKey": URL_SAFE_NO_PAD.encode([P256_SPKI_PREFIX.as_slice(), public_point.as_bytes()].concat()),
                "publicKeyAlgorithm": ES256,
            },
            "authenticatorAttachment": "platform",
            "clientExtensionResults": {},
        });
        self.credentials.push(ResidentCredential {
            id,
            rp_id,
            user_handle,
            key,
            sign_count: 0,
        });
        response
    }

    /// Signs in as `navigator.credentials.get({publicKey})` would on a page of `origin`,
    /// returning the `AuthenticationResponseJSON` (with `userHandle`).
    ///
    /// With an empty `allowCredentials` (a discoverable sign-in) it uses the most recently
    /// created passkey for the RP id, as if the user picked it.
    ///
    /// # Panics
    ///
    /// When the options lack required members or no passkey matches.
    pub fn sign_in(&mut self, options: &Value, origin: &str) -> Value {
        let rp_id = string_member(options, "rpId");
        let challenge = string_member(options, "challenge");
        let allowed: Vec<Vec<u8>> = options["allowCredentials"]
            .as_array()
            .map(|list| {
                list.iter()
                    .map(|descriptor| base64url_member(descriptor, "id"))
                    .collect()
            })
            .unwrap_or_default();
        let flags = self.flags();
        let credential = self
            .credentials
            .iter_mut()
            .rev()
            .find(|c| c.rp_id == rp_id && (allowed.is_empty() || allowed.contains(&c.id)))
            .unwrap_or_else(|| panic!("no passkey for RP id {rp_id:?}"));
        credential.sign_count += 1;

        let authenticator_data = authenticator_data_prefix(&rp_id, flags, credential.sign_count);
        let client_data = client_data_json("webauthn.get", &challenge, origin);
        let signed = [authenticator_data.as_slice(), &Sha256::digest(&client_data)[..]].concat();
        let signature: Signature = credential.key.sign(&signed);
        json!({
            "id": URL_SAFE_NO_PAD.encode(&credential.id),
            "rawId": URL_SAFE_NO_PAD.encode(&credential.id),
            "type": "public-key",
            "response": {
                "clientDataJSON": URL_SAFE_NO_PAD.encode(&client_data),
                "authenticatorData": URL_SAFE_NO_PAD.encode(&authenticator_data),
                "signature": URL_SAFE_NO_PAD.encode(signature.to_der().as_bytes()),
                "userHandle": URL_SAFE_NO_PAD.encode(&credential.user_handle),
            },
            "authenticatorAttachment": "platform",
            "clientExtensionResults": {},
        })
    }

    fn flags(&self) -> u8 {
        FLAG_USER_PRESENT | if self.verifies_user { FLAG_USER_VERIFIED } else { 0 }
    }

    fn refuse_excluded(&self, options: &Value, rp_id: &str) {
        let Some(excluded) = options["excludeCredentials"].as_array() else {
            return;
        };
        for descriptor in excluded {
            let id = base64url_member(descriptor, "id");
            assert!(
                !self.credentials.iter().any(|c| c.rp_id == rp_id && c.id == id),
                "InvalidStateError: this authenticator already holds an excluded credential"
            );
        }
    }
}

fn string_member(object: &Value, name: &str) -> String {
    object[name]
        .as_str()
        .unwrap_or_else(|| panic!("options lack the string member {name:?}: {object}"))
        .to_owned()
}

fn base64url_member(object: &Value, name: &str) -> Vec<u8> {
    URL_SAFE_NO_PAD
        .decode(string_member(object, name))
        .unwrap_or_else(|e| panic!("member {name:?} is not base64url: {e}"))
}

fn offers_es256(options: &Value) -> bool {
    options["pubKeyCredParams"]
        .as_array()
        .is_some_and(|params| params.iter().any(|p| p["alg"].as_i64() == Some(ES256)))
}

fn random_bytes(count: usize) -> Vec<u8> {
    let mut bytes = vec![0; count];
    rand::fill(bytes.as_mut_slice());
    bytes
}

fn new_signing_key() -> SigningKey {
    // Random 32-byte strings are valid scalars except with negligible probability; retry then.
    loop {
        if let Ok(key) = SigningKey::from_slice(&random_bytes(32)) {
            return key;
        }
    }
}

fn length_u16(length: usize) -> u16 {
    u16::try_from(length).expect("length fits in 16 bits")
}

/// `clientDataJSON` in the member order browsers use.
fn client_data_json(ceremony_type: &str, challenge: &str, origin: &str) -> Vec<u8> {
    let origin = serde_json::to_string(origin).expect("a string serializes");
    format!(
        r#"{{"type":"{ceremony_type}","challenge":"{challenge}","origin":{origin},"crossOrigin":false,{CHROMIUM_EXTRA_CLIENT_DATA}}}"#
    )
    .into_bytes()
}

/// RP id hash, flags and sign counter: the whole authenticator data of a sign-in, and the start
/// of a registration's.
fn authenticator_data_prefix(rp_id: &str, flags: u8, sign_count: u32) -> Vec<u8> {
    let mut data = Sha256::digest(rp_id.as_bytes()).to_vec();
    data.push(flags);
    data.extend_from_slice(&sign_count.to_be_bytes());
    data
}

// CBOR, written by hand in the CTAP2 canonical form (shortest lengths, sorted map keys) that
// strict servers require.

/// The head of a CBOR item of `major` type with argument `value`, in its shortest form.
fn cbor_head(major: u8, value: usize) -> Vec<u8> {
    let major = major << 5;
    match value {
        0..=23 => vec![major | value as u8],
        24..=0xff => vec![major | 24, value as u8],
        0x100..=0xffff => [vec![major | 25], (value as u16).to_be_bytes().to_vec()].concat(),
        _ => [
            vec![major | 26],
            u32::try_from(value).expect("CBOR item fits").to_be_bytes().to_vec(),
        ]
        .concat(),
    }
}

fn cbor_bytes(bytes: &[u8]) -> Vec<u8> {
    [cbor_head(2, bytes.len()), bytes.to_vec()].concat()
}

fn cbor_text(text: &str) -> Vec<u8> {
    [cbor_head(3, text.len()), text.as_bytes().to_vec()].concat()
}

/// The COSE_Key of a P-256 public key from its 65-byte uncompressed SEC1 point.
fn cose_es256_key(uncompressed_point: &[u8]) -> Vec<u8> {
    let (x, y) = uncompressed_point[1..].split_at(32);
    [
        vec![0xa5],       // map of 5, keys in canonical order 1, 3, -1, -2, -3
        vec![0x01, 0x02], // kty: EC2
        vec![0x03, 0x26], // alg: ES256 (-7)
        vec![0x20, 0x01], // crv: P-256
        vec![0x21],
        cbor_bytes(x),
        vec![0x22],
        cbor_bytes(y),
    ]
    .concat()
}

/// Authenticator extension output `{"credProtect": 3}` (user verification required).
fn cred_protect_output() -> Vec<u8> {
    [vec![0xa1], cbor_text("credProtect"), vec![0x03]].concat()
}

/// `{"fmt": "none", "attStmt": {}, "authData": …}` with keys in canonical order.
fn none_attestation_object(authenticator_data: &[u8]) -> Vec<u8> {
    [
        vec![0xa3],
        cbor_text("fmt"),
        cbor_text("none"),
        cbor_text("attStmt"),
        vec![0xa0],
        cbor_text("authData"),
        cbor_bytes(authenticator_data),
    ]
    .concat()
}
