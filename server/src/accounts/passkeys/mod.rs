//! Passkeys: a signed-in member adds them (and removes them), and anyone
//! signs in with one instead of a password. Each ceremony's challenge is
//! kept in the database and taken by its answer, so it works once, on
//! whichever server the answer reaches; `ceremony` does the WebAuthn
//! checks. Every addition or removal is announced by e-mail.

pub mod ceremony;

use std::net::IpAddr;

use anyhow::Context;
use civic_api::FieldError;
use civic_api::account::{NewPasskeyRequest, PasskeyOptions, PasskeySignInRequest, PasskeyView, parse_passkey_name};
use time::OffsetDateTime;

use super::sessions::SignedIn;
use super::throttle::{self, Subject};
use super::{Accounts, Started};
use crate::db;
use crate::mail;
use crate::refused::Refused;
use crate::state::AppState;
use crate::storage::account_sessions::SignedInWith;
use crate::storage::accounts::{self, Account, day};
use crate::storage::passkeys::{self as storage, CeremonyKind, NewCeremony, NewCredential};
use ceremony::{CeremonyError, RelyingParty, StoredPasskey};

/// A browser's answer that proves nothing: a wrong or replayed challenge,
/// another site's, a bad signature or a passkey removed since.
fn not_accepted(error: &CeremonyError) -> Refused {
    tracing::info!(%error, "passkey answer refused");
    Refused::field("credential", FieldError::Invalid)
}

impl Accounts {
    fn relying_party(&self) -> Result<&RelyingParty, Refused> {
        self.relying_party.as_ref().ok_or(Refused::PasskeysUnavailable)
    }

    async fn begin(
        &self,
        state: &AppState,
        started: ceremony::Started,
        kind: CeremonyKind,
        account_id: Option<i64>,
    ) -> Result<PasskeyOptions, Refused> {
        let now = OffsetDateTime::now_utc();
        let expires_in =
            time::Duration::try_from(started.expires_in).context("A ceremony's timeout is out of range")?;
        storage::begin(
            &state.pool,
            &NewCeremony {
                challenge: &started.challenge,
                kind,
                account_id,
                state: &started.state,
                expires_at: &db::stamp(now + expires_in),
            },
        )
        .await?;
        Ok(PasskeyOptions {
            public_key: started.options,
        })
    }

    /// Starts adding a passkey to the signed-in account.
    pub async fn passkey_options(&self, state: &AppState, signed_in: &SignedIn) -> Result<PasskeyOptions, Refused> {
        let party = self.relying_party()?;
        self.may_change_second_factors(state, signed_in).await?;
        let account = &signed_in.account;
        let (handle, existing) = storage::handle_and_ids(&state.pool, account.id).await?;
        let handle = handle.unwrap_or_else(ceremony::new_user_handle);
        let started = party
            .start_registration(&handle, account.email.as_str(), account.name.as_str(), &existing)
            .context("Failed to start adding a passkey")?;
        self.begin(state, started, CeremonyKind::Register, Some(account.id))
            .await
    }

    /// Verifies the browser's new passkey and keeps it under the member's
    /// name for it; the member is told by e-mail.
    pub async fn add_passkey(
        &self,
        state: &AppState,
        signed_in: &SignedIn,
        request: &NewPasskeyRequest,
    ) -> Result<PasskeyView, Refused> {
        let party = self.relying_party()?;
        self.may_change_second_factors(state, signed_in).await?;
        let name = parse_passkey_name(&request.name).map_err(|e| Refused::field("name", e))?;
        let answer = serde_json::to_vec(&request.credential).context("Failed to read a passkey answer")?;
        let challenge = ceremony::challenge_of_registration(&answer).map_err(|e| not_accepted(&e))?;
        let account = &signed_in.account;
        let now = OffsetDateTime::now_utc();
        let mut conn = state.pool.acquire().await.context("Failed to reach the database")?;
        let mut tx = db::begin_write(&mut conn).await?;
        let Some(ceremony_state) =
            storage::take(&mut *tx, &challenge, CeremonyKind::Register, Some(account.id)).await?
        else {
            tx.commit().await.context("Failed to end a passkey ceremony")?;
            return Err(not_accepted(&CeremonyError::Expired));
        };
        let verified = party.finish_registration(&ceremony_state, &answer);
        let passkey = match verified {
            Ok(passkey) => passkey,
            Err(error) => {
                // The challenge is used up either way.
                tx.commit().await.context("Failed to end a passkey ceremony")?;
                return Err(not_accepted(&error));
            }
        };
        let stamp = db::stamp(now);
        let stored = storage::insert(
            &mut tx,
            &NewCredential {
                account_id: account.id,
                name: &name,
                credential_id: &passkey.credential_id,
                user_handle: &passkey.user_handle,
                static_state: &passkey.static_state,
                dynamic_state: &passkey.dynamic_state,
                now: &stamp,
            },
        )
        .await?;
        if !stored {
            tx.commit().await.context("Failed to end a passkey ceremony")?;
            return Err(Refused::field("credential", FieldError::Invalid));
        }
        mail::enqueue(&mut tx, &self.mails.passkey_changed(account, &name, true, now)).await?;
        tx.commit().await.context("Failed to commit a new passkey")?;
        state.mail.wake();
        tracing::info!(account = account.id, "passkey added");
        let listed = self.passkeys(state, signed_in).await?;
        listed
            .into_iter()
            .rev()
            .find(|view| view.name == name && view.added_on == day(&stamp))
            .context("A new passkey vanished")
            .map_err(Refused::Failed)
    }

    pub async fn passkeys(&self, state: &AppState, signed_in: &SignedIn) -> anyhow::Result<Vec<PasskeyView>> {
        let rows = storage::of_account(&state.pool, signed_in.account.id).await?;
        Ok(rows
            .into_iter()
            .map(|row| PasskeyView {
                id: row.id,
                added_on: day(&row.created_at).to_owned(),
                last_used_on: row.last_used_at.as_deref().map(|at| day(at).to_owned()),
                name: row.name,
            })
            .collect())
    }

    /// Removes one of the member's passkeys; the member is told by e-mail.
    pub async fn remove_passkey(&self, state: &AppState, signed_in: &SignedIn, id: i64) -> Result<(), Refused> {
        self.may_change_second_factors(state, signed_in).await?;
        let account = &signed_in.account;
        let now = OffsetDateTime::now_utc();
        let mut conn = state.pool.acquire().await.context("Failed to reach the database")?;
        let mut tx = db::begin_write(&mut conn).await?;
        let name = storage::delete(&mut tx, account.id, id)
            .await?
            .ok_or(Refused::NotFound)?;
        mail::enqueue(&mut tx, &self.mails.passkey_changed(account, &name, false, now)).await?;
        tx.commit().await.context("Failed to commit a passkey's removal")?;
        state.mail.wake();
        tracing::info!(account = account.id, "passkey removed");
        Ok(())
    }

    /// Starts signing in with any passkey of the site.
    pub async fn passkey_sign_in_options(&self, state: &AppState) -> Result<PasskeyOptions, Refused> {
        let started = self
            .relying_party()?
            .start_sign_in()
            .context("Failed to start a passkey sign-in")?;
        self.begin(state, started, CeremonyKind::SignIn, None).await
    }

    /// Checks the browser's signed answer and starts a session marked as
    /// opened with a passkey. Answers that prove nothing count toward the
    /// client's sign-in delays, like wrong passwords.
    pub async fn sign_in_with_passkey(
        &self,
        state: &AppState,
        request: &PasskeySignInRequest,
        client: IpAddr,
        device: String,
    ) -> Result<Started, Refused> {
        let party = self.relying_party()?;
        let now = OffsetDateTime::now_utc();
        let subject = Subject::client(&self.secret, client);
        if let Some(retry_after) = throttle::wait(&state.pool, &[&subject], now).await? {
            return Err(Refused::Throttled { retry_after });
        }
        let answer = serde_json::to_vec(&request.credential).context("Failed to read a passkey answer")?;
        let checked = self.check_sign_in(state, party, &answer, now).await?;
        let Some(account_id) = checked else {
            let mut conn = state.pool.acquire().await.context("Failed to reach the database")?;
            let mut tx = db::begin_write(&mut conn).await?;
            throttle::failed(&mut tx, &subject, now).await?;
            tx.commit().await.context("Failed to count a failed sign-in")?;
            return Err(Refused::WrongCredentials);
        };
        let account = accounts::find(&state.pool, account_id)
            .await?
            .ok_or(Refused::WrongCredentials)?;
        let started = self
            .start_session(state, account, device, SignedInWith::Passkey, now)
            .await?;
        tracing::info!(account = started.account.id, "signed in with a passkey");
        Ok(started)
    }

    /// Checks that `credential` answers a live challenge with one of
    /// `account`'s own passkeys, before something a borrowed browser
    /// should not do.
    pub(super) async fn reconfirm_with_passkey(
        &self,
        state: &AppState,
        account: &Account,
        credential: &serde_json::Value,
    ) -> Result<(), Refused> {
        let party = self.relying_party()?;
        let answer = serde_json::to_vec(credential).context("Failed to read a passkey answer")?;
        match self
            .check_sign_in(state, party, &answer, OffsetDateTime::now_utc())
            .await?
        {
            Some(id) if id == account.id => Ok(()),
            _ => Err(Refused::field("credential", FieldError::Invalid)),
        }
    }

    /// The account a sign-in answer proves, or `None` when it proves
    /// nothing; the challenge is used up either way.
    async fn check_sign_in(
        &self,
        state: &AppState,
        party: &RelyingParty,
        answer: &[u8],
        now: OffsetDateTime,
    ) -> anyhow::Result<Option<i64>> {
        let refused = |error: CeremonyError| {
            tracing::info!(%error, "passkey sign-in refused");
            None
        };
        let (challenge, (credential_id, user_handle)) = match ceremony::challenge_of_sign_in(answer)
            .and_then(|c| Ok((c, ceremony::credential_of_sign_in(answer)?)))
        {
            Ok(read) => read,
            Err(error) => return Ok(refused(error)),
        };
        let Some(ceremony_state) = storage::take(&state.pool, &challenge, CeremonyKind::SignIn, None).await? else {
            return Ok(refused(CeremonyError::Expired));
        };
        let Some(credential) = storage::by_credential_id(&state.pool, &credential_id).await? else {
            return Ok(refused(CeremonyError::Rejected("no such passkey".to_owned())));
        };
        if credential.user_handle != user_handle {
            return Ok(refused(CeremonyError::Rejected(
                "another account's user handle".to_owned(),
            )));
        }
        let stored = StoredPasskey {
            credential_id: credential.credential_id,
            user_handle: credential.user_handle,
            static_state: credential.static_state,
            dynamic_state: credential.dynamic_state,
        };
        match party.finish_sign_in(&ceremony_state, answer, &stored) {
            Ok(counter) => {
                storage::used(&state.pool, credential.id, counter.as_deref(), &db::stamp(now)).await?;
                Ok(Some(credential.account_id))
            }
            Err(error) => Ok(refused(error)),
        }
    }
}
