//! Who may change an account's second factors (its passkeys and its
//! authenticator app). Staff whose session was opened with the password
//! alone may set up a first one (how else would they begin?), but once the
//! account has one, adding or removing any needs a session that used one:
//! otherwise a stolen password would add the thief's own passkey or app,
//! or remove the owner's and put its own in its place, and walk past the
//! second factor. Members have no staff rights to guard: they change theirs
//! freely.

use super::Accounts;
use super::sessions::SignedIn;
use crate::refused::Refused;
use crate::state::AppState;
use crate::storage::{authenticators, passkeys};

impl Accounts {
    pub(super) async fn may_change_second_factors(
        &self,
        state: &AppState,
        signed_in: &SignedIn,
    ) -> Result<(), Refused> {
        if !signed_in.needs_passkey() {
            return Ok(());
        }
        let account = signed_in.account.id;
        let has_passkey = !passkeys::of_account(&state.pool, account).await?.is_empty();
        let has_app = authenticators::find(&state.pool, account)
            .await?
            .is_some_and(|row| row.confirmed_at.is_some());
        match has_passkey || has_app {
            true => Err(Refused::SecondFactorRequired),
            false => Ok(()),
        }
    }
}
