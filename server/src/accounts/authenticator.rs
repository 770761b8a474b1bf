//! An authenticator app (TOTP, RFC 6238, the codes every common app shows):
//! a member sets one up and confirms it with a first code; staff who
//! signed in with their password give a code from it, and their session
//! (under a new secret) may then do staff work, as a passkey's may.
//!
//! The secret is sealed (ChaCha20-Poly1305) with a key derived from the
//! server's secret key and bound to the account, so neither a copy of the
//! database nor a row moved to another account makes codes. Each code is
//! taken once (its 30-second step is kept); wrong codes count toward the
//! same delays as wrong passwords. Every addition and removal is
//! announced by e-mail.

use anyhow::Context;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use civic_api::FieldError;
use civic_api::authenticator::{AuthenticatorCode, AuthenticatorSetup, AuthenticatorView};
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;
use time::OffsetDateTime;
use totp_rs::{Builder, Secret, Totp};

use super::sessions::{Lifetime, NewSecret, SignedIn, token_hash};
use super::throttle::{self, Subject};
use super::{Accounts, Started};
use crate::db;
use crate::mail;
use crate::refused::Refused;
use crate::secret::SecretKey;
use crate::state::AppState;
use crate::storage::accounts::{Account, day};
use crate::storage::{account_sessions, authenticators as storage};

/// What the app shows beside the code.
const ISSUER: &str = "Civic";
/// 160 bits, as RFC 4226 recommends.
const SECRET_BYTES: usize = 20;
const NONCE_BYTES: usize = 12;

/// The sealing key: the server's secret key, through HMAC with its own
/// label, so it is never the key anything else uses.
fn sealing_key(secret: &SecretKey) -> Key {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes()).expect("HMAC takes a key of any length");
    mac.update(b"civic authenticator seal v1");
    let bytes: [u8; 32] = mac.finalize().into_bytes().into();
    Key::from(bytes)
}

fn seal(secret: &SecretKey, account: i64, raw: &[u8]) -> anyhow::Result<String> {
    let mut nonce = [0u8; NONCE_BYTES];
    rand::rng().fill_bytes(&mut nonce);
    let sealed = ChaCha20Poly1305::new(&sealing_key(secret))
        .encrypt(
            Nonce::from_slice(&nonce),
            Payload {
                msg: raw,
                aad: &account.to_be_bytes(),
            },
        )
        .map_err(|_| anyhow::anyhow!("Failed to seal an authenticator's secret"))?;
    Ok(URL_SAFE_NO_PAD.encode([nonce.as_slice(), &sealed].concat()))
}

fn open(secret: &SecretKey, account: i64, sealed: &str) -> anyhow::Result<Vec<u8>> {
    let bytes = URL_SAFE_NO_PAD
        .decode(sealed)
        .context("An authenticator's sealed secret is not base64")?;
    anyhow::ensure!(
        bytes.len() > NONCE_BYTES,
        "An authenticator's sealed secret is too short"
    );
    let (nonce, sealed) = bytes.split_at(NONCE_BYTES);
    ChaCha20Poly1305::new(&sealing_key(secret))
        .decrypt(
            Nonce::from_slice(nonce),
            Payload {
                msg: sealed,
                aad: &account.to_be_bytes(),
            },
        )
        .map_err(|_| anyhow::anyhow!("An authenticator's secret does not open with this server's key"))
}

fn totp(raw: Vec<u8>, account: &Account) -> anyhow::Result<Totp> {
    Builder::new()
        .with_secret(raw)
        .with_account_name(account.email.as_str())
        .with_issuer(Some(ISSUER))
        .build()
        .map_err(|error| anyhow::anyhow!("An authenticator cannot be made: {error:?}"))
}

/// The QR code of `uri` as an SVG element (no XML prologue), for the page.
fn qr_svg(uri: &str) -> anyhow::Result<String> {
    let code = qrcode::QrCode::new(uri.as_bytes()).context("Failed to make a QR code")?;
    let svg = code
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(200, 200)
        .quiet_zone(true)
        .build();
    let start = svg.find("<svg").context("The QR code has no svg element")?;
    Ok(svg[start..].to_owned())
}

/// `ABCD EFGH …`: easier to type into an app than one long run.
fn grouped(base32: &str) -> String {
    base32
        .trim_end_matches('=')
        .as_bytes()
        .chunks(4)
        .map(|chunk| String::from_utf8_lossy(chunk).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

fn unix(now: OffsetDateTime) -> u64 {
    u64::try_from(now.unix_timestamp()).unwrap_or(0)
}

fn step_number(step: u64) -> anyhow::Result<i64> {
    i64::try_from(step).context("A code's step is out of range")
}

fn wrong_code() -> Refused {
    Refused::field("code", FieldError::Invalid)
}

impl Accounts {
    pub async fn authenticator(&self, state: &AppState, signed_in: &SignedIn) -> anyhow::Result<AuthenticatorView> {
        let row = storage::find(&state.pool, signed_in.account.id).await?;
        let confirmed = row.and_then(|row| row.confirmed_at);
        Ok(AuthenticatorView {
            enabled: confirmed.is_some(),
            added_on: confirmed.as_deref().map(|at| day(at).to_owned()),
        })
    }

    /// A new secret for the member's app, kept until a code confirms it.
    /// An account that has one already must remove it first.
    pub async fn start_authenticator(
        &self,
        state: &AppState,
        signed_in: &SignedIn,
    ) -> Result<AuthenticatorSetup, Refused> {
        self.may_change_second_factors(state, signed_in).await?;
        let account = &signed_in.account;
        let mut raw = vec![0u8; SECRET_BYTES];
        rand::rng().fill_bytes(&mut raw);
        let made = totp(raw.clone(), account)?;
        let uri = made
            .to_url()
            .map_err(|error| anyhow::anyhow!("An authenticator's address: {error:?}"))?;
        let now = db::stamp(OffsetDateTime::now_utc());
        let mut conn = state.pool.acquire().await.context("Failed to reach the database")?;
        let mut tx = db::begin_write(&mut conn).await?;
        if storage::find(&mut *tx, account.id)
            .await?
            .is_some_and(|row| row.confirmed_at.is_some())
        {
            return Err(Refused::AuthenticatorExists);
        }
        storage::set_pending(&mut tx, account.id, &seal(&self.secret, account.id, &raw)?, &now).await?;
        tx.commit().await.context("Failed to commit a pending authenticator")?;
        Ok(AuthenticatorSetup {
            secret: grouped(&Secret::from(raw).to_base32()),
            qr_svg: qr_svg(&uri)?,
            uri,
        })
    }

    /// The first code from the app: the authenticator is in use from now,
    /// and the member is told by e-mail.
    pub async fn confirm_authenticator(
        &self,
        state: &AppState,
        signed_in: &SignedIn,
        request: &AuthenticatorCode,
    ) -> Result<AuthenticatorView, Refused> {
        let code = request.validate().map_err(Refused::Invalid)?;
        self.may_change_second_factors(state, signed_in).await?;
        let account = &signed_in.account;
        let now = OffsetDateTime::now_utc();
        let mut conn = state.pool.acquire().await.context("Failed to reach the database")?;
        let mut tx = db::begin_write(&mut conn).await?;
        let row = storage::find(&mut *tx, account.id).await?.ok_or(Refused::NotFound)?;
        if row.confirmed_at.is_some() {
            return Err(Refused::AuthenticatorExists);
        }
        let made = totp(open(&self.secret, account.id, &row.sealed_secret)?, account)?;
        let step = made.check(&code, unix(now)).ok_or_else(wrong_code)?;
        let stamp = db::stamp(now);
        if !storage::take_step(&mut tx, account.id, step_number(step)?, Some(&stamp)).await? {
            return Err(wrong_code());
        }
        mail::enqueue(&mut tx, &self.mails.authenticator_changed(account, true, now)).await?;
        tx.commit().await.context("Failed to commit an authenticator")?;
        state.mail.wake();
        tracing::info!(account = account.id, "authenticator app set up");
        Ok(AuthenticatorView {
            enabled: true,
            added_on: Some(day(&stamp).to_owned()),
        })
    }

    /// The app no longer gives codes for this account, and sessions that
    /// gave one are back to a password's; the member is told by e-mail.
    pub async fn remove_authenticator(&self, state: &AppState, signed_in: &SignedIn) -> Result<(), Refused> {
        self.may_change_second_factors(state, signed_in).await?;
        let account = &signed_in.account;
        let mut conn = state.pool.acquire().await.context("Failed to reach the database")?;
        let mut tx = db::begin_write(&mut conn).await?;
        let confirmed = storage::find(&mut *tx, account.id)
            .await?
            .is_some_and(|row| row.confirmed_at.is_some());
        storage::delete(&mut tx, account.id).await?;
        if !confirmed {
            return Err(Refused::NotFound);
        }
        let now = OffsetDateTime::now_utc();
        mail::enqueue(&mut tx, &self.mails.authenticator_changed(account, false, now)).await?;
        tx.commit()
            .await
            .context("Failed to commit an authenticator's removal")?;
        state.mail.wake();
        tracing::info!(account = account.id, "authenticator app removed");
        Ok(())
    }

    /// A code from the app in a session opened with the password: the
    /// session gets a new secret and may do staff work. Wrong codes count
    /// toward the account's and the client's sign-in delays.
    pub async fn step_up_with_authenticator(
        &self,
        state: &AppState,
        signed_in: &SignedIn,
        request: &AuthenticatorCode,
        client: std::net::IpAddr,
    ) -> Result<Started, Refused> {
        let code = request.validate().map_err(Refused::Invalid)?;
        let account = &signed_in.account;
        let now = OffsetDateTime::now_utc();
        let by_address = Subject::address(&self.secret, &account.email);
        let by_client = Subject::client(&self.secret, client);
        if let Some(retry_after) = throttle::wait(&state.pool, &[&by_address, &by_client], now).await? {
            return Err(Refused::Throttled { retry_after });
        }
        let row = storage::find(&state.pool, account.id)
            .await?
            .filter(|row| row.confirmed_at.is_some())
            .ok_or(Refused::NotFound)?;
        let made = totp(open(&self.secret, account.id, &row.sealed_secret)?, account)?;
        let mut conn = state.pool.acquire().await.context("Failed to reach the database")?;
        let mut tx = db::begin_write(&mut conn).await?;
        let taken = match made.check(&code, unix(now)) {
            Some(step) => storage::take_step(&mut tx, account.id, step_number(step)?, None).await?,
            None => false,
        };
        if !taken {
            throttle::failed(&mut tx, &by_address, now).await?;
            throttle::failed(&mut tx, &by_client, now).await?;
            tx.commit().await.context("Failed to count a wrong code")?;
            return Err(wrong_code());
        }
        let secret = NewSecret::generate();
        let stamp = db::stamp(now);
        if !account_sessions::step_up(
            &mut tx,
            &signed_in.session.id,
            &secret.id,
            &token_hash(&secret.token),
            &stamp,
        )
        .await?
        {
            // Signed out meanwhile.
            return Err(Refused::WrongCredentials);
        }
        tx.commit()
            .await
            .context("Failed to commit a session's second factor")?;
        throttle::clear(&state.pool, &by_address).await?;
        tracing::info!(account = account.id, "a code from the authenticator app was given");
        Ok(Started {
            account: account.clone(),
            token: secret.token,
            lifetime: Lifetime::of(account.role),
            second_factor: true,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_secret_opens_only_with_its_key_and_account() {
        let key = SecretKey::from_bytes(&[7u8; 32]).unwrap();
        let sealed = seal(&key, 42, b"twenty bytes secret!").unwrap();
        assert_eq!(open(&key, 42, &sealed).unwrap(), b"twenty bytes secret!");
        assert!(open(&key, 43, &sealed).is_err(), "moved to another account");
        let other = SecretKey::from_bytes(&[8u8; 32]).unwrap();
        assert!(open(&other, 42, &sealed).is_err(), "another server's key");
        assert_ne!(
            seal(&key, 42, b"twenty bytes secret!").unwrap(),
            sealed,
            "a fresh nonce each time"
        );
    }

    #[test]
    fn the_secret_is_shown_in_groups_and_the_qr_code_is_an_svg_element() {
        assert_eq!(grouped("ABCDEFGHIJ======"), "ABCD EFGH IJ");
        let svg = qr_svg("otpauth://totp/Civic:ada%40example.org?secret=ABCD&issuer=Civic").unwrap();
        assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"), "{svg}");
    }
}
