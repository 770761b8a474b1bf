//! Members' accounts: joining and confirming the address, signing in and
//! out, sessions, password resets and the profile.
//!
//! What an outsider learns is kept to nothing: joining answers "check your
//! inbox" whether or not the address has an account (the e-mail says
//! which), asking for a reset answers the same for any address, and a
//! wrong password and an unknown address get the same answer after the
//! same work (a decoy hash).

pub mod authenticator;
mod mails;
pub mod passkeys;
pub mod passwords;
pub mod roles;
mod second_factors;
pub mod sessions;
pub mod throttle;

use std::net::IpAddr;

use anyhow::Context;
use civic_api::account::MemberData;
use civic_api::account::{
    AccountView, DeleteAccountRequest, EmailChangeRequest, JoinRequest, NewPasswordRequest, Password,
    PasswordChangeRequest, ProfileRequest, ResetRequest, SessionView, SignInRequest,
};
use civic_api::{Email, FieldError};
use time::OffsetDateTime;

use crate::db;
use crate::mail;
use crate::refused::Refused;
use crate::secret::SecretKey;
use crate::state::AppState;
use crate::storage::account_sessions::{self, NewSession, SignedInWith};
use crate::storage::accounts::{self, Account, Joining, day};
use crate::storage::member_data::{self, Member};
use crate::storage::newsletter::Source;
use crate::tokens::{self, Purpose};

pub use mails::Mails;
use sessions::{Lifetime, NewSecret, SignedIn, token_hash};
use throttle::Subject;

pub struct Accounts {
    mails: Mails,
    secret: SecretKey,
    /// `None` when the public address cannot carry passkeys.
    relying_party: Option<passkeys::ceremony::RelyingParty>,
}

/// A new session: whose it is, the cookie's secret and how long it lasts.
pub struct Started {
    pub account: Account,
    pub token: String,
    pub lifetime: Lifetime,
    /// Opened with a passkey, or given a code from the authenticator app.
    pub second_factor: bool,
}

impl Started {
    /// Who is now signed in, as the member area shows it.
    pub fn view(&self) -> AccountView {
        AccountView {
            needs_passkey: self.account.role.is_staff() && !self.second_factor,
            ..self.account.view()
        }
    }
}

/// An account nobody opened is deleted this long after joining, well after
/// its 24-hour link has expired.
pub const FORGET_UNOPENED_AFTER: time::Duration = time::Duration::days(7);

impl Accounts {
    /// Tidies once, then every hour in the background.
    pub async fn start(pool: &crate::db::Pool, public_url: &str, secret: SecretKey) -> anyhow::Result<Accounts> {
        crate::tidying::start(pool, "accounts and sessions", |pool, now| async move {
            tidy(&pool, now).await
        })
        .await?;
        let relying_party = passkeys::ceremony::RelyingParty::from_public_url(public_url)
            .inspect_err(|error| tracing::warn!(%error, "passkeys are unavailable"))
            .ok();
        Ok(Accounts {
            mails: Mails::new(public_url, secret.clone())?,
            secret,
            relying_party,
        })
    }

    /// Takes a join form: a new address gets a link that opens the account,
    /// one with an account a note saying so. Either way the visitor is told
    /// to check their inbox.
    pub async fn join(&self, state: &AppState, request: &JoinRequest) -> Result<(), Refused> {
        if request.looks_automated() {
            tracing::info!("honeypot filled in: no account is opened");
            return Ok(());
        }
        let new = request.validate().map_err(Refused::Invalid)?;
        if let Some(reason) = passwords::refusal(&new.password, &new.name, &new.email) {
            return Err(Refused::field("password", reason));
        }
        // Hashed whether or not the address is taken: the answer comes
        // after the same work either way.
        let hash = passwords::hash_blocking(new.password.clone()).await?;
        let now = OffsetDateTime::now_utc();
        let joining = Joining {
            email: &new.email,
            name: &new.name,
            country: &new.country,
            locale: new.locale,
            password_hash: &hash,
            newsletter_wanted: new.newsletter,
        };
        let mut conn = state.pool.acquire().await.context("Failed to reach the database")?;
        let mut tx = db::begin_write(&mut conn).await?;
        let mail = match accounts::find_by_email(&mut *tx, &new.email).await? {
            Some(account) if account.is_confirmed() => self.mails.already_member(&account, now),
            Some(account) => {
                // Nothing was proven yet: the latest form is the one to open.
                accounts::replace_unconfirmed(&mut tx, account.id, &joining).await?;
                let account = accounts::find(&mut *tx, account.id)
                    .await?
                    .context("An account vanished")?;
                self.mails.confirm(&account, now)
            }
            None => {
                let id = accounts::insert(&mut tx, &joining, &db::stamp(now))
                    .await?
                    .context("An account appeared inside the write lock")?;
                let account = accounts::find(&mut *tx, id).await?.context("An account vanished")?;
                self.mails.confirm(&account, now)
            }
        };
        mail::enqueue(&mut tx, &mail).await?;
        tx.commit().await.context("Failed to commit a join")?;
        state.mail.wake();
        Ok(())
    }

    /// Opens the account the e-mailed link names; following it again
    /// changes nothing. A ticked newsletter box subscribes the now proven
    /// address.
    pub async fn confirm(&self, state: &AppState, token: &str) -> Result<(), Refused> {
        let now = OffsetDateTime::now_utc();
        let account = self
            .account_of_link(state, Purpose::AccountConfirm, token, |account| {
                mails::confirm_binding(&account.email)
            })
            .await?;
        let mut conn = state.pool.acquire().await.context("Failed to reach the database")?;
        let mut tx = db::begin_write(&mut conn).await?;
        let opened = accounts::confirm(&mut tx, account.id, &db::stamp(now)).await?;
        let welcomed = opened
            && account.newsletter_wanted
            && state
                .newsletter
                .subscribe_proven(&mut tx, &account.email, account.locale, Source::Form, now)
                .await?;
        tx.commit().await.context("Failed to commit a confirmation")?;
        if welcomed {
            state.mail.wake();
        }
        if opened {
            tracing::info!(account = account.id, "account opened");
        }
        Ok(())
    }

    /// The account a genuine, unexpired link for `purpose` names, whose
    /// token is bound to what `binding` reads from it.
    async fn account_of_link(
        &self,
        state: &AppState,
        purpose: Purpose,
        token: &str,
        binding: impl Fn(&Account) -> Vec<u8>,
    ) -> Result<Account, Refused> {
        let id = tokens::claimed_subject(purpose, token).ok_or(Refused::NotFound)?;
        let account = accounts::find(&state.pool, id).await?.ok_or(Refused::NotFound)?;
        let now = OffsetDateTime::now_utc();
        tokens::verify_bound(&self.secret, purpose, token, &binding(&account), now)
            .filter(|verified| *verified == account.id)
            .ok_or(Refused::NotFound)?;
        Ok(account)
    }

    /// Checks an address and password and starts a session. Every way of
    /// getting it wrong answers the same, after the same work.
    pub async fn sign_in(
        &self,
        state: &AppState,
        request: &SignInRequest,
        client: IpAddr,
        device: String,
    ) -> Result<Started, Refused> {
        let now = OffsetDateTime::now_utc();
        let email = Email::parse(&request.email).ok();
        let client_subject = Subject::client(&self.secret, client);
        let address_subject = email.as_ref().map(|email| Subject::address(&self.secret, email));
        let subjects: Vec<&Subject> = std::iter::once(&client_subject)
            .chain(address_subject.as_ref())
            .collect();
        if let Some(retry_after) = throttle::wait(&state.pool, &subjects, now).await? {
            return Err(Refused::Throttled { retry_after });
        }
        let account = match &email {
            Some(email) => accounts::find_by_email(&state.pool, email).await?,
            None => None,
        };
        let stored = account.as_ref().map(|account| account.password_hash.clone());
        let right = passwords::verify_blocking(request.password.clone(), stored).await?;
        let Some(account) = account.filter(|_| right) else {
            let mut conn = state.pool.acquire().await.context("Failed to reach the database")?;
            let mut tx = db::begin_write(&mut conn).await?;
            for subject in &subjects {
                throttle::failed(&mut tx, subject, now).await?;
            }
            tx.commit().await.context("Failed to count a failed sign-in")?;
            return Err(Refused::WrongCredentials);
        };
        if let Some(subject) = &address_subject {
            throttle::clear(&state.pool, subject).await?;
        }
        if !account.is_confirmed() {
            let mut conn = state.pool.acquire().await.context("Failed to reach the database")?;
            mail::enqueue(&mut conn, &self.mails.confirm(&account, now)).await?;
            state.mail.wake();
            return Err(Refused::NotConfirmed);
        }
        let started = self
            .start_session(state, account, device, SignedInWith::Password, now)
            .await?;
        tracing::info!(account = started.account.id, "signed in");
        Ok(started)
    }

    /// A new session, under a new id: signing in never reuses one.
    async fn start_session(
        &self,
        state: &AppState,
        account: Account,
        device: String,
        signed_in_with: SignedInWith,
        now: OffsetDateTime,
    ) -> anyhow::Result<Started> {
        let secret = NewSecret::generate();
        let lifetime = Lifetime::of(account.role);
        let mut conn = state.pool.acquire().await.context("Failed to reach the database")?;
        account_sessions::insert(
            &mut conn,
            &NewSession {
                id: &secret.id,
                token_hash: &token_hash(&secret.token),
                account_id: account.id,
                device: &device,
                now: &db::stamp(now),
                expires_at: &db::stamp(now + lifetime.absolute),
                signed_in_with,
            },
        )
        .await?;
        Ok(Started {
            account,
            token: secret.token,
            lifetime,
            second_factor: signed_in_with == SignedInWith::Passkey,
        })
    }

    pub async fn sign_out(&self, state: &AppState, signed_in: &SignedIn) -> anyhow::Result<()> {
        account_sessions::delete(&state.pool, signed_in.account.id, &signed_in.session.id).await?;
        Ok(())
    }

    /// Ends every session of the account, this one included.
    pub async fn sign_out_everywhere(&self, state: &AppState, signed_in: &SignedIn) -> anyhow::Result<()> {
        let mut conn = state.pool.acquire().await.context("Failed to reach the database")?;
        let ended = account_sessions::delete_all(&mut conn, signed_in.account.id).await?;
        tracing::info!(account = signed_in.account.id, ended, "signed out everywhere");
        Ok(())
    }

    /// Ends one other session of the account.
    pub async fn end_session(&self, state: &AppState, signed_in: &SignedIn, id: &str) -> Result<(), Refused> {
        match account_sessions::delete(&state.pool, signed_in.account.id, id).await? {
            true => Ok(()),
            false => Err(Refused::NotFound),
        }
    }

    pub async fn sessions(&self, state: &AppState, signed_in: &SignedIn) -> anyhow::Result<Vec<SessionView>> {
        let rows = account_sessions::of_account(&state.pool, signed_in.account.id).await?;
        Ok(rows
            .into_iter()
            .map(|row| SessionView {
                current: row.id == signed_in.session.id,
                signed_in_on: day(&row.created_at).to_owned(),
                last_used_on: day(&row.last_seen_at).to_owned(),
                device: row.device,
                id: row.id,
            })
            .collect())
    }

    /// Mails a link to choose a new password, if the address has an
    /// account; the answer is the same either way.
    pub async fn request_reset(&self, state: &AppState, request: &ResetRequest) -> Result<(), Refused> {
        if !request.website.trim().is_empty() {
            tracing::info!("honeypot filled in: no reset link is sent");
            return Ok(());
        }
        let email = Email::parse(&request.email).map_err(|e| Refused::field("email", e))?;
        let Some(account) = accounts::find_by_email(&state.pool, &email).await? else {
            return Ok(());
        };
        let mut conn = state.pool.acquire().await.context("Failed to reach the database")?;
        mail::enqueue(&mut conn, &self.mails.reset(&account, OffsetDateTime::now_utc())).await?;
        state.mail.wake();
        Ok(())
    }

    /// Sets the new password from a reset link: the link then stops
    /// working (it is bound to the old hash), every session ends, the
    /// member is told by e-mail, and the address counts as proven.
    pub async fn complete_reset(&self, state: &AppState, request: &NewPasswordRequest) -> Result<(), Refused> {
        let password = Password::parse(&request.password).map_err(|e| Refused::field("password", e))?;
        let account = self
            .account_of_link(state, Purpose::PasswordReset, &request.token, |account| {
                account.password_hash.clone().into_bytes()
            })
            .await?;
        if let Some(reason) = passwords::refusal(&password, &account.name, &account.email) {
            return Err(Refused::field("password", reason));
        }
        let hash = passwords::hash_blocking(password).await?;
        let now = OffsetDateTime::now_utc();
        let mut conn = state.pool.acquire().await.context("Failed to reach the database")?;
        let mut tx = db::begin_write(&mut conn).await?;
        if !accounts::set_password(&mut tx, account.id, &account.password_hash, &hash).await? {
            // Another reset went first with the same link.
            return Err(Refused::NotFound);
        }
        accounts::confirm(&mut tx, account.id, &db::stamp(now)).await?;
        account_sessions::delete_all(&mut tx, account.id).await?;
        let changed = Account {
            password_hash: hash,
            ..account
        };
        mail::enqueue(&mut tx, &self.mails.password_changed(&changed, now)).await?;
        tx.commit().await.context("Failed to commit a new password")?;
        state.mail.wake();
        throttle::clear(&state.pool, &Subject::address(&self.secret, &changed.email)).await?;
        tracing::info!(account = changed.id, "password reset");
        Ok(())
    }

    /// Checks the signed-in member's password again before something that
    /// a borrowed browser should not do; wrong ones count toward the
    /// address's sign-in delays, like any other guess.
    async fn reconfirm(&self, state: &AppState, account: &Account, password: &str, field: &str) -> Result<(), Refused> {
        let now = OffsetDateTime::now_utc();
        let subject = Subject::address(&self.secret, &account.email);
        if let Some(retry_after) = throttle::wait(&state.pool, &[&subject], now).await? {
            return Err(Refused::Throttled { retry_after });
        }
        let right = passwords::verify_blocking(password.to_owned(), Some(account.password_hash.clone())).await?;
        if !right {
            let mut conn = state.pool.acquire().await.context("Failed to reach the database")?;
            let mut tx = db::begin_write(&mut conn).await?;
            throttle::failed(&mut tx, &subject, now).await?;
            tx.commit().await.context("Failed to count a failed confirmation")?;
            return Err(Refused::field(field, FieldError::Invalid));
        }
        throttle::clear(&state.pool, &subject).await?;
        Ok(())
    }

    /// A new password, proven with the current one: every other session
    /// ends (this one stays), and the member is told by e-mail.
    pub async fn change_password(
        &self,
        state: &AppState,
        signed_in: &SignedIn,
        request: &PasswordChangeRequest,
    ) -> Result<(), Refused> {
        let account = &signed_in.account;
        let password = Password::parse(&request.password).map_err(|e| Refused::field("password", e))?;
        self.reconfirm(state, account, &request.current, "current").await?;
        if let Some(reason) = passwords::refusal(&password, &account.name, &account.email) {
            return Err(Refused::field("password", reason));
        }
        let hash = passwords::hash_blocking(password).await?;
        let now = OffsetDateTime::now_utc();
        let mut conn = state.pool.acquire().await.context("Failed to reach the database")?;
        let mut tx = db::begin_write(&mut conn).await?;
        if !accounts::set_password(&mut tx, account.id, &account.password_hash, &hash).await? {
            // Changed meanwhile, by a reset or another tab: prove it again.
            return Err(Refused::field("current", FieldError::Invalid));
        }
        account_sessions::delete_others(&mut tx, account.id, &signed_in.session.id).await?;
        let changed = Account {
            password_hash: hash,
            ..account.clone()
        };
        mail::enqueue(&mut tx, &self.mails.password_changed(&changed, now)).await?;
        tx.commit().await.context("Failed to commit a new password")?;
        state.mail.wake();
        tracing::info!(account = account.id, "password changed");
        Ok(())
    }

    /// Asks to move the account to another address, proven with the
    /// password. The new mailbox gets a link; nothing moves before it is
    /// followed. An address with an account of its own is told so instead.
    pub async fn request_email_change(
        &self,
        state: &AppState,
        signed_in: &SignedIn,
        request: &EmailChangeRequest,
    ) -> Result<(), Refused> {
        let account = &signed_in.account;
        let email = Email::parse(&request.email).map_err(|e| Refused::field("email", e))?;
        if email.dedupe_key() == account.email.dedupe_key() {
            return Err(Refused::field("email", FieldError::Invalid));
        }
        self.reconfirm(state, account, &request.password, "password").await?;
        let now = OffsetDateTime::now_utc();
        let mut conn = state.pool.acquire().await.context("Failed to reach the database")?;
        let mut tx = db::begin_write(&mut conn).await?;
        let mail = if accounts::find_by_email(&mut *tx, &email).await?.is_some() {
            self.mails.email_taken(account, &email)
        } else {
            accounts::set_pending_email(&mut tx, account.id, &email).await?;
            self.mails.email_change(account, &email, now)
        };
        mail::enqueue(&mut tx, &mail).await?;
        tx.commit().await.context("Failed to commit an address change")?;
        state.mail.wake();
        Ok(())
    }

    /// Moves the account to the address whose e-mailed link this is; the
    /// old address is told. Following it again changes nothing (the link is
    /// bound to the pending address, which is then gone).
    pub async fn confirm_email(&self, state: &AppState, token: &str) -> Result<(), Refused> {
        let account = self
            .account_of_link(state, Purpose::EmailChange, token, |account| {
                account
                    .pending_email
                    .as_ref()
                    .map(mails::email_change_binding)
                    .unwrap_or_default()
            })
            .await?;
        let new_email = account.pending_email.clone().ok_or(Refused::NotFound)?;
        let now = OffsetDateTime::now_utc();
        let mut conn = state.pool.acquire().await.context("Failed to reach the database")?;
        let mut tx = db::begin_write(&mut conn).await?;
        if !accounts::move_to_pending_email(&mut tx, account.id, &new_email).await? {
            return Err(Refused::NotFound);
        }
        let moved = Account {
            email: new_email,
            pending_email: None,
            ..account.clone()
        };
        mail::enqueue(&mut tx, &self.mails.email_changed(&moved, &account.email, now)).await?;
        state
            .newsletter
            .move_subscription(&mut tx, &account.email, &moved.email, account.locale, now)
            .await?;
        tx.commit().await.context("Failed to commit an address change")?;
        state.mail.wake();
        tracing::info!(account = account.id, "account moved to a new address");
        Ok(())
    }

    /// Everything held about the member, as "download my data" gives it.
    pub async fn export(&self, state: &AppState, signed_in: &SignedIn) -> anyhow::Result<MemberData> {
        let member = Member {
            account_id: signed_in.account.id,
            email: &signed_in.account.email,
        };
        Ok(MemberData {
            exported_at: db::stamp(OffsetDateTime::now_utc()),
            tables: member_data::export(&state.pool, &member).await?,
        })
    }

    /// Erases the account once the password, or one of its passkeys,
    /// proves it is the member (a session alone could be a borrowed
    /// browser). Wrong passwords count toward the address's sign-in delays,
    /// like any other guess.
    pub async fn delete(
        &self,
        state: &AppState,
        signed_in: &SignedIn,
        request: &DeleteAccountRequest,
    ) -> Result<(), Refused> {
        let account = &signed_in.account;
        match &request.credential {
            Some(credential) => self.reconfirm_with_passkey(state, account, credential).await?,
            None => self.reconfirm(state, account, &request.password, "password").await?,
        }
        let mut conn = state.pool.acquire().await.context("Failed to reach the database")?;
        let mut tx = db::begin_write(&mut conn).await?;
        let member = Member {
            account_id: account.id,
            email: &account.email,
        };
        member_data::erase(&mut tx, &member).await?;
        tx.commit().await.context("Failed to commit an erasure")?;
        tracing::info!(account = account.id, "account erased at its member's request");
        Ok(())
    }

    pub async fn update_profile(
        &self,
        state: &AppState,
        signed_in: &SignedIn,
        request: &ProfileRequest,
    ) -> Result<AccountView, Refused> {
        let profile = request.validate().map_err(Refused::Invalid)?;
        let account = &signed_in.account;
        let mut conn = state.pool.acquire().await.context("Failed to reach the database")?;
        let mut tx = db::begin_write(&mut conn).await?;
        accounts::set_profile(&mut tx, account.id, &profile).await?;
        let welcomed = match profile.newsletter {
            Some(wanted) => {
                state
                    .newsletter
                    .set_for_member(
                        &mut tx,
                        &account.email,
                        profile.locale,
                        wanted,
                        OffsetDateTime::now_utc(),
                    )
                    .await?
            }
            None => false,
        };
        tx.commit().await.context("Failed to commit a profile")?;
        if welcomed {
            state.mail.wake();
        }
        let account = accounts::find(&state.pool, account.id)
            .await?
            .ok_or(Refused::NotFound)?;
        Ok(self.describe(state, account.view()).await?)
    }

    /// The member area's view of an account, with whether its address gets
    /// the newsletter.
    pub async fn describe(&self, state: &AppState, view: AccountView) -> anyhow::Result<AccountView> {
        let email = Email::parse(&view.email).map_err(|e| anyhow::anyhow!("A stored address is invalid: {e}"))?;
        let newsletter = state.newsletter.is_subscribed(&state.pool, &email).await?;
        Ok(AccountView { newsletter, ..view })
    }
}

/// Deletes, as of `now`, accounts never opened, sessions that have ended
/// (past their end, or unused for longer than any role allows) and failed
/// sign-ins that no longer slow anyone down.
pub async fn tidy(pool: &crate::db::Pool, now: OffsetDateTime) -> anyhow::Result<()> {
    let unopened = accounts::forget_unopened(pool, &db::stamp(now - FORGET_UNOPENED_AFTER)).await?;
    let ended = account_sessions::delete_stale(pool, &db::stamp(now), &db::stamp(now - sessions::LONGEST_IDLE)).await?;
    let failures = throttle::tidy(pool, now).await?;
    let challenges = crate::storage::passkeys::forget_expired(pool, &db::stamp(now)).await?;
    tracing::info!(unopened, ended, failures, challenges, "accounts tidied");
    Ok(())
}
