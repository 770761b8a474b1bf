//! The staff console's server side: who may use it (`Admin`, beside
//! `accounts::sessions::Staff`), the actions on people, and the audit log
//! every staff action writes to, in the same transaction as its effect.

pub mod audit;
pub mod consent_log;
pub mod inbox;
pub mod people;
pub mod petitions;
pub mod signatures;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use civic_api::account::Role;

use crate::accounts::sessions::{SignedIn, Staff};
use crate::error::ApiError;
use crate::state::AppState;

/// A request from an admin signed in with a passkey: 401 without a
/// session, 403 `forbidden` for a member or an editor, 403
/// `passkey_required` for an admin signed in with a password only.
#[derive(Debug, Clone)]
pub struct Admin(pub SignedIn);

impl FromRequestParts<AppState> for Admin {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let Staff(signed_in) = Staff::from_request_parts(parts, state).await?;
        if signed_in.account.role != Role::Admin {
            return Err(ApiError::StaffOnly);
        }
        Ok(Admin(signed_in))
    }
}
