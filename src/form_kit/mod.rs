//! The one form kit every form of the site is built from: the state of a
//! form and its fields (`FormKit`, `Field`), the labelled text field with
//! its hint and error (`TextField`, `SelectField`, `PasswordField`), one
//! choice among a few (`RadioGroup`), the honeypot, the idempotency key that
//! goes with every retry, and the alert that says why a submit did not go
//! through (`FormAlert`).
//!
//! A form's own component keeps only what is its own: which fields it has,
//! the words of its errors, and what happens once the server took it.

mod alert;
mod choice;
mod controls;
mod field;
mod radios;
mod state;

pub use alert::{FailureTexts, FormAlert, FormStatus};
pub use choice::{Checkbox, PasswordField, SelectField};
pub use controls::{FieldMessage, Honeypot, IdempotencyKeyInput, SubmitButton, TextField};
pub use field::Field;
pub use radios::{RadioGroup, radio_id};
pub use state::FormKit;

#[cfg(all(test, target_arch = "wasm32"))]
mod tests;
