//! Passkey (WebAuthn relying party) ceremonies as pure functions over bytes.
//!
//! Several servers share one database, so a ceremony may start on one server and finish on
//! another. Every piece of state this module hands out is therefore plain bytes meant for a
//! database row, and every function takes those bytes back instead of keeping anything in memory.
//!
//! The flow, for both adding a passkey and signing in:
//!
//! 1. `start_*` returns a [`Started`]: store `state` under the key `challenge` (with an expiry of
//!    `expires_in` so abandoned rows can be swept) and send `options` to the browser.
//! 2. The browser answers with `PublicKeyCredential.toJSON()`. Read its key with
//!    [`challenge_of_registration`] / [`challenge_of_sign_in`], then *take* the stored state:
//!    delete the row and read it in one statement (`DELETE … RETURNING`). A state must verify at
//!    most one response; deleting it is what makes a captured response useless for a replay.
//! 3. `finish_*` verifies the response against that state.
//!
//! # Expiry
//!
//! The encoded state carries its own deadline: the wall-clock time (`SystemTime`) at which the
//! starting server's ceremony ends (start time + timeout). `finish_*` refuses the response with
//! [`CeremonyError::Expired`] once the *finishing* server's clock is past that deadline, before
//! anything else is checked. Servers' clocks therefore need to agree (NTP); a skew of a few
//! seconds only stretches or shortens the five-minute window by as much.
//!
//! # The state must stay on the server
//!
//! The state bytes are not signed or encrypted: they hold the challenge, the deadline and the
//! requirements the response must meet. Keep them in the database; never put them in a cookie or
//! send them to the browser, where they could be edited (a later deadline, a known challenge).
//!
//! # Response format
//!
//! Responses are read with the crate's *relaxed* parser, which accepts what browsers really send:
//! Chromium's and Firefox's `toJSON()` output (`id`, `rawId`, `type`, `response{…}`,
//! `authenticatorAttachment`, `clientExtensionResults`), unknown members (password-manager
//! extensions add some), and a `clientDataJSON` with extra keys: Chromium sometimes adds
//! `"other_keys_can_be_added_here"`, which the crate's strict parser refuses. Whatever is present
//! must still agree (e.g. `id`, `rawId` and the credential id inside the attestation object).
use std::fmt::{self, Display, Formatter};
use std::num::NonZeroU32;
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use url::{Host, Url};
use webauthn_rp::bin::{Decode, Encode};
use webauthn_rp::request::auth::{AuthenticationVerificationOptions, DiscoverableCredentialRequestOptions};
use webauthn_rp::request::register::{
    CredProtect, Nickname, PublicKeyCredentialCreationOptions, PublicKeyCredentialUserEntity,
    RegistrationVerificationOptions, USER_HANDLE_MAX_LEN, UserHandle64, Username,
};
use webauthn_rp::request::{AsciiDomain, BackupReq, ExtensionInfo, PublicKeyCredentialDescriptor, RpId, TimedCeremony};
use webauthn_rp::response::auth::error::AuthCeremonyErr;
use webauthn_rp::response::register::error::RegCeremonyErr;
use webauthn_rp::response::register::{CompressedPubKey, DynamicState, StaticState};
use webauthn_rp::response::{AuthTransports, CredentialId, SentChallenge};
use webauthn_rp::{
    AuthenticatedCredential, DiscoverableAuthentication64, DiscoverableAuthenticationServerState, Registration,
    RegistrationServerState,
};

/// How long a browser has to answer, unless [`RelyingParty::with_ceremony_timeout`] says
/// otherwise. Five minutes is the WebAuthn recommendation for user-verifying ceremonies.
pub const DEFAULT_CEREMONY_TIMEOUT: Duration = Duration::from_secs(300);

/// The length of every user handle: the WebAuthn recommendation of 64 random bytes. The response
/// parser expects exactly this many, so all accounts must use handles from [`new_user_handle`].
pub const USER_HANDLE_LEN: usize = USER_HANDLE_MAX_LEN;

/// The length of the encoded dynamic state (`DynamicState` in the crate's binary format).
const DYNAMIC_STATE_LEN: usize = 7;

/// The public-key type a stored static state decodes into (keys kept in compressed form).
type StoredPublicKey = CompressedPubKey<[u8; 32], [u8; 32], [u8; 48], Vec<u8>>;

/// Why a ceremony could not start or finish.
///
/// The variants separate what the caller may want to treat differently: configuration mistakes,
/// a browser sending garbage, corrupt rows, a user who took too long, and a response that is
/// well-formed but proves nothing (which is what an attack looks like).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CeremonyError {
    /// The site's public URL cannot serve as a WebAuthn relying party.
    PublicUrl(String),
    /// A setting (such as the ceremony timeout) is out of range.
    Config(String),
    /// The account details cannot be given to an authenticator (e.g. an empty e-mail address).
    UserDetails(String),
    /// The browser's response is not a credential in a format we understand.
    MalformedResponse(String),
    /// Bytes we stored earlier (ceremony state or passkey) do not decode: corrupt, or from a
    /// different format.
    MalformedStoredData(String),
    /// The ceremony's deadline passed before the response arrived.
    Expired,
    /// The response is well-formed but fails verification: wrong origin, challenge, signature,
    /// user handle, missing user verification, a sign counter gone backwards, …
    Rejected(String),
    /// Encoding state failed; only possible if the system clock is before 1970.
    Internal(String),
}

impl Display for CeremonyError {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            Self::PublicUrl(why) => write!(f, "unusable public URL for passkeys: {why}"),
            Self::Config(why) => write!(f, "invalid passkey setting: {why}"),
            Self::UserDetails(why) => write!(f, "invalid account details for a passkey: {why}"),
            Self::MalformedResponse(why) => write!(f, "malformed passkey response: {why}"),
            Self::MalformedStoredData(why) => write!(f, "stored passkey data is unreadable: {why}"),
            Self::Expired => f.write_str("the passkey ceremony expired"),
            Self::Rejected(why) => write!(f, "passkey response rejected: {why}"),
            Self::Internal(why) => write!(f, "passkey ceremony failed: {why}"),
        }
    }
}

impl std::error::Error for CeremonyError {}

/// A ceremony that has begun: what to store and what to send.
#[derive(Debug, Clone)]
pub struct Started {
    /// The key to store `state` under. The browser's response names the same key
    /// ([`challenge_of_registration`], [`challenge_of_sign_in`]). It is the random 128-bit
    /// challenge as the 22-character base64url string also found in `options.challenge`:
    /// unguessable, so it can serve as the primary key.
    pub challenge: String,
    /// The server state, to store server-side only (see the module docs).
    pub state: Vec<u8>,
    /// What the browser passes to `PublicKeyCredential.parseCreationOptionsFromJSON` or
    /// `parseRequestOptionsFromJSON`: the content of the `publicKey` member, with binary values
    /// (challenge, user id, credential ids) as base64url strings.
    pub options: serde_json::Value,
    /// How long the state stays usable; rows older than this can be deleted.
    pub expires_in: Duration,
}

/// A passkey that has just been verified, to be inserted into the database.
///
/// The database must keep `credential_id` unique across all accounts: registering an id that
/// already exists has to fail (WebAuthn requires refusing such a registration).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPasskey {
    /// The credential id: what a sign-in response names to find this row.
    pub credential_id: Vec<u8>,
    /// The account's user handle, as given to [`RelyingParty::start_registration`].
    pub user_handle: Vec<u8>,
    /// The public key and registration-time extension results; never changes.
    pub static_state: Vec<u8>,
    /// Sign counter, backup and verification flags; replaced after sign-ins.
    pub dynamic_state: Vec<u8>,
}

/// A passkey as loaded from the database for a sign-in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredPasskey {
    /// The credential id the row was found by.
    pub credential_id: Vec<u8>,
    /// The owning account's user handle.
    pub user_handle: Vec<u8>,
    /// As stored by registration.
    pub static_state: Vec<u8>,
    /// As stored by registration or by the latest sign-in that changed it.
    pub dynamic_state: Vec<u8>,
}

impl From<NewPasskey> for StoredPasskey {
    fn from(new: NewPasskey) -> Self {
        Self {
            credential_id: new.credential_id,
            user_handle: new.user_handle,
            static_state: new.static_state,
            dynamic_state: new.dynamic_state,
        }
    }
}

/// The site as a WebAuthn relying party: the RP id passkeys are bound to, and the one origin
/// allowed to use them.
#[derive(Debug, Clone)]
pub struct RelyingParty {
    rp_id: RpId,
    origin: String,
    timeout_ms: NonZeroU32,
}

impl RelyingParty {
    /// From the site's public URL such as `https://civic.example.org` or `http://localhost:8080`.
    ///
    /// The RP id is the host without port, so passkeys keep working if the port changes; the only
    /// allowed origin is the URL's own origin (scheme, host, port), so a page served from any
    /// other origin—even a subdomain—cannot use them.
    ///
    /// Refused up front rather than failing later in every browser: IP-address hosts (browsers
    /// refuse IP addresses as RP ids) and plain `http` except for `localhost` (WebAuthn needs a
    /// secure context).
    pub fn from_public_url(public_url: &str) -> Result<RelyingParty, CeremonyError> {
        let url = Url::parse(public_url)
            .map_err(|e| CeremonyError::PublicUrl(format!("{public_url:?} is not a URL: {e}")))?;
        let host = domain_host(&url)?;
        require_secure_context(&url, host)?;
        let domain = AsciiDomain::try_from(host.to_owned())
            .map_err(|e| CeremonyError::PublicUrl(format!("{host:?} is not a usable domain: {e}")))?;
        Ok(RelyingParty {
            rp_id: RpId::Domain(domain),
            origin: url.origin().ascii_serialization(),
            timeout_ms: milliseconds(DEFAULT_CEREMONY_TIMEOUT)?,
        })
    }

    /// Changes how long browsers get to answer (and so how long states stay valid).
    ///
    /// Must be between 1 ms and about 49 days (the browser's `timeout` is a 32-bit millisecond
    /// count).
    pub fn with_ceremony_timeout(mut self, timeout: Duration) -> Result<RelyingParty, CeremonyError> {
        self.timeout_ms = milliseconds(timeout)?;
        Ok(self)
    }

    /// The RP id: the public URL's host.
    pub fn id(&self) -> &str {
        self.rp_id.as_ref()
    }

    /// The only origin whose responses are accepted, e.g. `http://localhost:8080`.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// Starts adding a passkey to an account.
    ///
    /// `user_handle` is the account's handle from [`new_user_handle`]; `name` (the e-mail address)
    /// and `display_name` (the member's name) are what the authenticator shows in its account
    /// picker. `existing` lists the ids of the account's passkeys, so the browser refuses to
    /// register a second passkey on an authenticator that already holds one for this account.
    ///
    /// The passkey must be discoverable (sign-in needs no user name) and the user verified
    /// (PIN, biometrics): the passkey is the only factor. A display name the authenticator
    /// could not show (e.g. blank) is left out rather than blocking the registration.
    pub fn start_registration(
        &self,
        user_handle: &[u8],
        name: &str,
        display_name: &str,
        existing: &[Vec<u8>],
    ) -> Result<Started, CeremonyError> {
        let user_id = decode_user_handle(user_handle)?;
        let user = PublicKeyCredentialUserEntity {
            name: Username::try_from(name)
                .map_err(|e| CeremonyError::UserDetails(format!("user name {name:?}: {e}")))?,
            id: &user_id,
            display_name: Nickname::try_from(display_name).ok(),
        };
        let mut options = PublicKeyCredentialCreationOptions::passkey(&self.rp_id, user, exclusion_list(existing)?);
        options.timeout = self.timeout_ms;
        // Ask authenticators to demand user verification for this credential, but don't make the
        // browser refuse authenticators that can't promise it: with `enforce` set, the CTAP
        // rules let browsers reject authenticators lacking the credProtect extension, which
        // could lock out some platform authenticators. Every sign-in requires user
        // verification regardless.
        options.extensions.cred_protect = CredProtect::UserVerificationRequired(ExtensionInfo::AllowDontEnforceValue);
        let (server, client) = options
            .start_ceremony()
            .map_err(|e| CeremonyError::Internal(format!("creation options: {e}")))?;
        Ok(Started {
            challenge: challenge_key(server.sent_challenge()),
            state: server
                .encode()
                .map_err(|e| CeremonyError::Internal(format!("registration state: {e}")))?,
            options: serde_json::to_value(&client).map_err(options_json_failure)?,
            expires_in: self.timeout(),
        })
    }

    /// Finishes adding a passkey: verifies the browser's `RegistrationResponseJSON` (as bytes)
    /// against the state stored by [`Self::start_registration`].
    ///
    /// We ask for no attestation (`"attestation": "none"`): we trust the signed-in member, not
    /// the authenticator's make, so there is no model list to check.
    pub fn finish_registration(&self, state: &[u8], response_json: &[u8]) -> Result<NewPasskey, CeremonyError> {
        let server = RegistrationServerState::<USER_HANDLE_LEN>::decode(state)
            .map_err(|e| CeremonyError::MalformedStoredData(format!("registration state: {e}")))?;
        let registration = parse_registration(response_json)?;
        let origins = [self.origin.as_str()];
        let options = RegistrationVerificationOptions::<&str, &str> {
            allowed_origins: &origins,
            allowed_top_origins: None,
            backup_requirement: BackupReq::None,
            // Extensions we did not ask for carry nothing we use; refusing them would only
            // refuse authenticators that volunteer extra data.
            error_on_unsolicited_extensions: false,
            require_authenticator_attachment: false,
            client_data_json_relaxed: true,
        };
        let credential = server
            .verify(&self.rp_id, &registration, &options)
            .map_err(registration_failure)?;
        Ok(NewPasskey {
            credential_id: credential.id().as_ref().to_vec(),
            user_handle: credential.user_id().as_ref().to_vec(),
            static_state: infallible(credential.static_state().encode()),
            dynamic_state: infallible(credential.dynamic_state().encode()).to_vec(),
        })
    }

    /// Starts a discoverable (username-less) sign-in with any passkey of the site, requiring
    /// user verification.
    pub fn start_sign_in(&self) -> Result<Started, CeremonyError> {
        let mut options = DiscoverableCredentialRequestOptions::passkey(&self.rp_id);
        options.0.timeout = self.timeout_ms;
        let (server, client) = options
            .start_ceremony()
            .map_err(|e| CeremonyError::Internal(format!("request options: {e}")))?;
        Ok(Started {
            challenge: challenge_key(server.sent_challenge()),
            state: server
                .encode()
                .map_err(|e| CeremonyError::Internal(format!("sign-in state: {e}")))?,
            options: serde_json::to_value(&client).map_err(options_json_failure)?,
            expires_in: self.timeout(),
        })
    }

    /// Finishes a sign-in: verifies the browser's `AuthenticationResponseJSON` (as bytes) against
    /// the state stored by [`Self::start_sign_in`] and the passkey it names.
    ///
    /// `stored` is the row found by [`credential_of_sign_in`]'s credential id; its user handle
    /// must equal the response's (checked here too). On success the user behind
    /// `stored.user_handle` is signed in; the result is the passkey's new dynamic state to store,
    /// or `None` when it is unchanged (synced passkeys keep their counter at zero).
    ///
    /// A sign counter that does not increase (for authenticators that count) is refused: it
    /// means the key has been cloned.
    pub fn finish_sign_in(
        &self,
        state: &[u8],
        response_json: &[u8],
        stored: &StoredPasskey,
    ) -> Result<Option<Vec<u8>>, CeremonyError> {
        let server = DiscoverableAuthenticationServerState::decode(state)
            .map_err(|e| CeremonyError::MalformedStoredData(format!("sign-in state: {e}")))?;
        let authentication = parse_sign_in(response_json)?;
        let user_handle = decode_stored_user_handle(&stored.user_handle)?;
        let mut credential = authenticated_credential(stored, &user_handle)?;
        let origins = [self.origin.as_str()];
        let options = AuthenticationVerificationOptions::<&str, &str> {
            allowed_origins: &origins,
            allowed_top_origins: None,
            error_on_unsolicited_extensions: false,
            client_data_json_relaxed: true,
            ..AuthenticationVerificationOptions::default()
        };
        let changed = server
            .verify(&self.rp_id, &authentication, &mut credential, &options)
            .map_err(sign_in_failure)?;
        Ok(changed.then(|| infallible(credential.dynamic_state().encode()).to_vec()))
    }

    fn timeout(&self) -> Duration {
        Duration::from_millis(u64::from(self.timeout_ms.get()))
    }
}

/// A fresh random user handle for a new account (64 bytes).
///
/// Random rather than derived from the account id or e-mail: authenticators may reveal the
/// handle, and it must not identify the person.
pub fn new_user_handle() -> Vec<u8> {
    UserHandle64::new().as_ref().to_vec()
}

/// Reads, without verifying, the challenge key (as in [`Started::challenge`]) that a browser's
/// registration response answers, to look up the stored state.
pub fn challenge_of_registration(response_json: &[u8]) -> Result<String, CeremonyError> {
    let challenge = parse_registration(response_json)?
        .challenge_relaxed()
        .map_err(|e| CeremonyError::MalformedResponse(format!("challenge: {e}")))?;
    Ok(challenge_key(challenge))
}

/// Reads, without verifying, the challenge key (as in [`Started::challenge`]) that a browser's
/// sign-in response answers, to look up the stored state.
pub fn challenge_of_sign_in(response_json: &[u8]) -> Result<String, CeremonyError> {
    let challenge = parse_sign_in(response_json)?
        .challenge_relaxed()
        .map_err(|e| CeremonyError::MalformedResponse(format!("challenge: {e}")))?;
    Ok(challenge_key(challenge))
}

/// Reads, without verifying, which credential id and which user handle a sign-in response names,
/// to load the passkey row (by credential id) and check it belongs to that user handle.
pub fn credential_of_sign_in(response_json: &[u8]) -> Result<(Vec<u8>, Vec<u8>), CeremonyError> {
    let authentication = parse_sign_in(response_json)?;
    Ok((
        authentication.raw_id().as_ref().to_vec(),
        authentication.response().user_handle().as_ref().to_vec(),
    ))
}

/// The host of a public URL, which must be a domain name: browsers refuse IP addresses as RP ids.
fn domain_host(url: &Url) -> Result<&str, CeremonyError> {
    match url.host() {
        Some(Host::Domain(domain)) => Ok(domain),
        Some(Host::Ipv4(_) | Host::Ipv6(_)) => Err(CeremonyError::PublicUrl(format!(
            "{url} has an IP address as host; passkeys need a domain name (use localhost for development)"
        ))),
        None => Err(CeremonyError::PublicUrl(format!("{url} has no host"))),
    }
}

/// Browsers offer WebAuthn only to secure contexts: `https`, or `http` on localhost.
fn require_secure_context(url: &Url, host: &str) -> Result<(), CeremonyError> {
    let is_localhost = host == "localhost" || host.ends_with(".localhost");
    match url.scheme() {
        "https" => Ok(()),
        "http" if is_localhost => Ok(()),
        "http" => Err(CeremonyError::PublicUrl(format!(
            "{url} is plain http; browsers allow passkeys only over https (or on localhost)"
        ))),
        other => Err(CeremonyError::PublicUrl(format!(
            "{url} has scheme {other:?}; expected https"
        ))),
    }
}

fn milliseconds(timeout: Duration) -> Result<NonZeroU32, CeremonyError> {
    u32::try_from(timeout.as_millis())
        .ok()
        .and_then(NonZeroU32::new)
        .ok_or_else(|| CeremonyError::Config(format!("ceremony timeout {timeout:?} is out of range")))
}

/// The storage key for a challenge: unique per ceremony, and computable from both the state we
/// created and the response that answers it. It is the challenge exactly as the browser sees it
/// (base64url of the crate's little-endian bytes), which makes logs easy to match up.
fn challenge_key(challenge: SentChallenge) -> String {
    URL_SAFE_NO_PAD.encode(challenge.0.to_le_bytes())
}

fn decode_user_handle(bytes: &[u8]) -> Result<UserHandle64, CeremonyError> {
    let array = <[u8; USER_HANDLE_LEN]>::try_from(bytes).map_err(|_| {
        CeremonyError::UserDetails(format!(
            "user handle has {} bytes; expected {USER_HANDLE_LEN} (use new_user_handle)",
            bytes.len()
        ))
    })?;
    Ok(infallible(UserHandle64::decode(array)))
}

fn decode_stored_user_handle(bytes: &[u8]) -> Result<UserHandle64, CeremonyError> {
    decode_user_handle(bytes).map_err(|e| CeremonyError::MalformedStoredData(e.to_string()))
}

/// The account's existing passkeys as descriptors for `excludeCredentials`.
fn exclusion_list(existing: &[Vec<u8>]) -> Result<Vec<PublicKeyCredentialDescriptor<Vec<u8>>>, CeremonyError> {
    // No transport hints: the ids alone let the browser match its authenticators.
    let no_transports =
        AuthTransports::decode(0).map_err(|e| CeremonyError::Internal(format!("empty transport set: {e}")))?;
    existing
        .iter()
        .map(|id| {
            CredentialId::decode(id.clone())
                .map(|id| PublicKeyCredentialDescriptor {
                    id,
                    transports: no_transports,
                })
                .map_err(|e| CeremonyError::MalformedStoredData(format!("existing credential id: {e}")))
        })
        .collect()
}

/// Rebuilds the crate's credential from its stored parts, checking each decodes.
fn authenticated_credential<'a>(
    stored: &'a StoredPasskey,
    user_handle: &'a UserHandle64,
) -> Result<AuthenticatedCredential<'a, 'a, USER_HANDLE_LEN, StoredPublicKey>, CeremonyError> {
    let corrupt = |what: &str, e: &dyn Display| CeremonyError::MalformedStoredData(format!("passkey {what}: {e}"));
    let id =
        CredentialId::<&[u8]>::decode(stored.credential_id.as_slice()).map_err(|e| corrupt("credential id", &e))?;
    let static_state = StaticState::<StoredPublicKey>::decode(stored.static_state.as_slice())
        .map_err(|e| corrupt("static state", &e))?;
    let dynamic_bytes = <[u8; DYNAMIC_STATE_LEN]>::try_from(stored.dynamic_state.as_slice()).map_err(|_| {
        corrupt(
            "dynamic state",
            &format!("{} bytes, expected {DYNAMIC_STATE_LEN}", stored.dynamic_state.len()),
        )
    })?;
    let dynamic_state = DynamicState::decode(dynamic_bytes).map_err(|e| corrupt("dynamic state", &e))?;
    AuthenticatedCredential::new(id, user_handle, static_state, dynamic_state).map_err(|e| corrupt("state", &e))
}

fn parse_registration(response_json: &[u8]) -> Result<Registration, CeremonyError> {
    Registration::from_json_relaxed(response_json)
        .map_err(|e| CeremonyError::MalformedResponse(format!("registration response: {e}")))
}

fn parse_sign_in(response_json: &[u8]) -> Result<DiscoverableAuthentication64, CeremonyError> {
    DiscoverableAuthentication64::from_json_relaxed(response_json)
        .map_err(|e| CeremonyError::MalformedResponse(format!("sign-in response: {e}")))
}

fn registration_failure(error: RegCeremonyErr) -> CeremonyError {
    match error {
        RegCeremonyErr::Timeout => CeremonyError::Expired,
        other => CeremonyError::Rejected(other.to_string()),
    }
}

fn sign_in_failure(error: AuthCeremonyErr) -> CeremonyError {
    match error {
        AuthCeremonyErr::Timeout => CeremonyError::Expired,
        other => CeremonyError::Rejected(other.to_string()),
    }
}

fn options_json_failure(error: serde_json::Error) -> CeremonyError {
    CeremonyError::Internal(format!("options JSON: {error}"))
}

/// Unwraps results whose error type has no values (the crate's encoders that cannot fail).
fn infallible<T>(result: Result<T, std::convert::Infallible>) -> T {
    match result {
        Ok(value) => value,
        Err(never) => match never {},
    }
}
