//! Signed-in sessions: kept in the database, so any server can answer; the
//! browser holds only a random secret in an `HttpOnly` cookie, and the
//! table only that secret's SHA-256.
//!
//! Lifetimes (ASVS 3.3.2 level 2): a member's session ends 12 hours after
//! signing in, or after 2 hours without use; staff's after 8 hours, or 30
//! minutes without use.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use civic_api::account::{AccountView, Role};
use civic_api::consent::StorageItem;
use rand::RngCore;
use sha2::{Digest, Sha256};
use time::{Duration, OffsetDateTime};

use crate::db;
use crate::error::ApiError;
use crate::state::AppState;
use crate::storage::account_sessions::{self as storage, SessionRow};
use crate::storage::accounts::{self, Account};

/// How long a session may last, and stay unused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lifetime {
    pub absolute: Duration,
    pub idle: Duration,
}

impl Lifetime {
    pub fn of(role: Role) -> Lifetime {
        if role.is_staff() {
            Lifetime {
                absolute: Duration::hours(8),
                idle: Duration::minutes(30),
            }
        } else {
            Lifetime {
                absolute: Duration::hours(12),
                idle: Duration::hours(2),
            }
        }
    }
}

/// The longest idle time of any role: sessions unused for longer are
/// gone for everyone.
pub const LONGEST_IDLE: Duration = Duration::hours(2);

/// A session's use is written down at most this often.
const TOUCH_EVERY: Duration = Duration::minutes(1);

/// `__Host-` over https: the browser then keeps the cookie only from this
/// very host, over https, for the whole site.
pub fn cookie_name(secure: bool) -> String {
    let name = StorageItem::Session.key();
    if secure {
        format!("__Host-{name}")
    } else {
        name.to_owned()
    }
}

/// A fresh secret for the cookie, and the public id of its session.
pub struct NewSecret {
    pub token: String,
    pub id: String,
}

impl NewSecret {
    pub fn generate() -> NewSecret {
        let random = |len: usize| {
            let mut bytes = vec![0; len];
            rand::rng().fill_bytes(&mut bytes);
            URL_SAFE_NO_PAD.encode(bytes)
        };
        NewSecret {
            token: random(32),
            id: random(12),
        }
    }
}

pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// The `Set-Cookie` that signs this browser in.
pub fn set_cookie(secure: bool, token: &str, lifetime: Lifetime) -> HeaderValue {
    let secure_flag = if secure { "; Secure" } else { "" };
    let value = format!(
        "{}={token}; Path=/; Max-Age={}; HttpOnly; SameSite=Lax{secure_flag}",
        cookie_name(secure),
        lifetime.absolute.whole_seconds()
    );
    HeaderValue::from_str(&value).expect("a base64url token makes a valid header")
}

/// The `Set-Cookie` that makes the browser forget it.
pub fn clear_cookie(secure: bool) -> HeaderValue {
    let secure_flag = if secure { "; Secure" } else { "" };
    let value = format!(
        "{}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax{secure_flag}",
        cookie_name(secure)
    );
    HeaderValue::from_str(&value).expect("a fixed cookie makes a valid header")
}

/// "Firefox on Linux", from the `User-Agent` header; a few words at most,
/// and nothing when the browser cannot be named.
pub fn device(headers: &HeaderMap) -> String {
    let agent = headers
        .get(header::USER_AGENT)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    let parsed = woothee::parser::Parser::new().parse(agent);
    let known = |text: &str| !text.is_empty() && text != woothee::woothee::VALUE_UNKNOWN;
    let text = match parsed {
        Some(found) if known(found.name) && known(found.os) => format!("{} on {}", found.name, found.os),
        Some(found) if known(found.name) => found.name.to_owned(),
        // The member area names it in the reader's language.
        _ => String::new(),
    };
    text.chars().take(60).collect()
}

/// A request from a signed-in member: the extractor answers 401 itself
/// when there is no live session.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub account: Account,
    pub session: SessionRow,
}

impl SignedIn {
    /// The session the request's cookie names, if it is still alive; its
    /// use is noted.
    pub async fn of(state: &AppState, headers: &HeaderMap, now: OffsetDateTime) -> anyhow::Result<Option<SignedIn>> {
        let secure = state.site.public_url().starts_with("https://");
        let Some(token) = crate::cookies::value(headers, &cookie_name(secure)) else {
            return Ok(None);
        };
        let Some(session) = storage::find_by_token_hash(&state.pool, &token_hash(token)).await? else {
            return Ok(None);
        };
        let Some(account) = accounts::find(&state.pool, session.account_id).await? else {
            return Ok(None);
        };
        let lifetime = Lifetime::of(account.role);
        let stamp = db::stamp(now);
        // The role's own limits, which may be shorter than when it began.
        let ended = session.expires_at <= stamp
            || session.created_at < db::stamp(now - lifetime.absolute)
            || session.last_seen_at < db::stamp(now - lifetime.idle);
        if ended {
            storage::delete(&state.pool, account.id, &session.id).await?;
            return Ok(None);
        }
        if session.last_seen_at < db::stamp(now - TOUCH_EVERY) {
            storage::touch(&state.pool, &session.id, &stamp).await?;
        }
        Ok(Some(SignedIn { account, session }))
    }
}

impl SignedIn {
    /// Staff whose session was opened with a password must sign in again
    /// with a passkey before any staff request.
    pub fn needs_passkey(&self) -> bool {
        self.account.role.is_staff() && !self.session.with_second_factor()
    }

    /// Who is signed in, as the member area shows it.
    pub fn view(&self) -> AccountView {
        AccountView {
            needs_passkey: self.needs_passkey(),
            ..self.account.view()
        }
    }
}

/// A request from staff (an editor or an admin) signed in with a passkey:
/// the extractor answers 401 without a session, 403 for a member, and 403
/// `passkey_required` for staff signed in with a password only.
#[derive(Debug, Clone)]
pub struct Staff(pub SignedIn);

impl FromRequestParts<AppState> for Staff {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let signed_in = SignedIn::from_request_parts(parts, state).await?;
        if !signed_in.account.role.is_staff() {
            return Err(ApiError::StaffOnly);
        }
        if signed_in.needs_passkey() {
            return Err(ApiError::PasskeyRequired);
        }
        Ok(Staff(signed_in))
    }
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        SignedIn::of(state, &parts.headers, OffsetDateTime::now_utc())
            .await?
            .ok_or(ApiError::Unauthorized)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cookie_is_http_only_lax_and_over_https_secure_and_host_prefixed() {
        let lifetime = Lifetime::of(Role::Member);
        let plain = set_cookie(false, "abc", lifetime);
        assert_eq!(
            plain.to_str().unwrap(),
            "civic.session=abc; Path=/; Max-Age=43200; HttpOnly; SameSite=Lax"
        );
        let secure = set_cookie(true, "abc", lifetime);
        assert_eq!(
            secure.to_str().unwrap(),
            "__Host-civic.session=abc; Path=/; Max-Age=43200; HttpOnly; SameSite=Lax; Secure"
        );
        assert!(
            clear_cookie(true)
                .to_str()
                .unwrap()
                .starts_with("__Host-civic.session=; Path=/; Max-Age=0")
        );
    }

    #[test]
    fn staff_sessions_are_shorter() {
        let (member, staff) = (Lifetime::of(Role::Member), Lifetime::of(Role::Admin));
        assert!(staff.absolute < member.absolute && staff.idle < member.idle);
        assert_eq!(Lifetime::of(Role::Editor), staff);
        assert!(member.idle <= LONGEST_IDLE);
    }

    #[test]
    fn secrets_are_random_and_only_their_hash_is_kept() {
        let (one, two) = (NewSecret::generate(), NewSecret::generate());
        assert_ne!(one.token, two.token);
        assert_eq!(one.token.len(), 43, "256 bits");
        assert_eq!(token_hash(&one.token).len(), 64);
        assert!(!token_hash(&one.token).contains(&one.token));
    }

    #[test]
    fn the_device_is_named_in_a_few_words() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::USER_AGENT,
            HeaderValue::from_static("Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"),
        );
        assert_eq!(device(&headers), "Firefox on Linux");
        assert_eq!(device(&HeaderMap::new()), "");
    }
}
