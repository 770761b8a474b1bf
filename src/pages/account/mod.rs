//! The accounts bundle's pages: joining, opening the account, signing in,
//! passwords, and the member area.

pub mod area;
mod authenticator;
#[cfg(all(test, target_arch = "wasm32"))]
mod authenticator_tests;
pub mod confirm_account;
mod credential_changes;
mod data_rights;
mod dues;
mod fields;
pub mod forgot_password;
pub mod join;
mod my_petitions;
mod passkey_sign_in;
mod passkeys;
pub mod reset_password;
pub mod sign_in;
mod texts;
