//! What a form holds beside its fields: the server's verdict on each field,
//! the idempotency key, the honeypot, and why the last submit failed.

use civic_api::form_post::FormOutcome;
use civic_api::{ErrorCode, FieldError, FieldErrors};
use leptos::prelude::*;

use crate::api::ApiError;
use crate::browser::{focus_element, random_uuid};
use crate::form_kit::field::Field;

/// Why the last submit did not go through.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// Some fields are wrong; each says why under it.
    Invalid,
    /// The request did not get through; everything typed stays.
    Failed(ApiError),
    /// The server understood and said no, for a reason the form explains
    /// in its own words (a wrong password, say): sending it again as it is
    /// would not help.
    Refused(String),
}

/// A form's shared state. Every part is a signal, so it is `Copy` and can
/// go into any number of event handlers.
#[derive(Debug, Clone, Copy)]
pub struct FormKit {
    /// Refusals by field name, from the server's last answer (a 422) or a
    /// form post the server answered.
    server_errors: RwSignal<FieldErrors>,
    /// Kept for every retry of the same request, so a request whose answer
    /// was lost is not acted on twice; renewed once the request changes.
    key: RwSignal<String>,
    /// Whether `key` went out with a request.
    sent: RwSignal<bool>,
    /// The honeypot: people never see it, so it stays empty.
    pub honeypot: RwSignal<String>,
    pub failure: RwSignal<Option<Failure>>,
    /// The submit button is being pressed (from the press to the click).
    pressing: RwSignal<bool>,
}

impl Default for FormKit {
    fn default() -> Self {
        FormKit::new()
    }
}

impl FormKit {
    pub fn new() -> FormKit {
        FormKit {
            server_errors: RwSignal::new(FieldErrors::new()),
            key: RwSignal::new(random_uuid()),
            sent: RwSignal::new(false),
            honeypot: RwSignal::new(String::new()),
            failure: RwSignal::new(None),
            pressing: RwSignal::new(false),
        }
    }

    /// The visitor pressed the submit button, or let go of it.
    pub fn pressing(self, pressed: bool) {
        self.pressing.set(pressed);
    }

    /// Whether the submit button is being pressed: a field left meanwhile
    /// is left for it, even where the button takes no focus (Safari).
    pub fn is_pressing(self) -> bool {
        self.pressing.get_untracked()
    }

    /// A text field of this form: `name` as in the request and the API's
    /// errors, `id` its element's, `check` the shared contract's rule.
    pub fn field(self, name: &'static str, id: impl Into<String>, check: fn(&str) -> Option<FieldError>) -> Field {
        Field::new(self, name, id.into(), check)
    }

    /// The key the next request goes with (tracked, for the hidden input a
    /// browser posts by itself).
    pub fn idempotency_key(self) -> String {
        self.key.get()
    }

    /// The key for the request about to be sent; it stays until the
    /// request changes.
    pub fn key_for_request(self) -> String {
        self.sent.set(true);
        self.key.get_untracked()
    }

    /// The key and whether it went out (tracked), for a draft kept across
    /// reloads.
    pub fn key_state(self) -> (String, bool) {
        (self.key.get(), self.sent.get())
    }

    /// A draft's key, taken up again.
    pub fn resume_key(self, key: String, sent: bool) {
        self.key.set(key);
        self.sent.set(sent);
    }

    /// The request changed: once the key went out, the next one needs its
    /// own.
    pub fn changed(self) {
        if self.sent.get_untracked() {
            self.sent.set(false);
            self.key.set(random_uuid());
        }
    }

    /// The server's verdict on a field (tracked).
    pub fn server_error(self, name: &str) -> Option<FieldError> {
        self.server_errors.with(|errors| errors.get(name).copied())
    }

    /// Every server verdict (tracked), for a form whose fields are not all
    /// text fields (a survey's answers).
    pub fn server_errors(self) -> RwSignal<FieldErrors> {
        self.server_errors
    }

    /// A field changed: the server's verdict on its old value is void.
    pub fn forget_error(self, name: &str) {
        if self.server_errors.with_untracked(|errors| errors.contains_key(name)) {
            self.server_errors.update(|errors| {
                errors.remove(name);
            });
        }
    }

    /// Checks every field as the visitor would see it, marking them all as
    /// touched. When one is wrong, says so and takes the visitor to the
    /// first; answers whether the form may be sent.
    pub fn check(self, fields: &[Field]) -> bool {
        fields.iter().for_each(|field| field.touch());
        match fields.iter().find(|field| field.error_untracked().is_some()) {
            Some(field) => {
                self.failure.set(Some(Failure::Invalid));
                focus_element(&field.id());
                false
            }
            None => {
                self.failure.set(None);
                true
            }
        }
    }

    /// The contract's refusals of a request found in the browser, for rules
    /// a field cannot check alone (an amount within the bounds of the chosen
    /// currency): shown as the server's would be, each beside its field, and
    /// said in the alert. The form moves focus itself: some of the refused
    /// parts are not text fields.
    pub fn refuse_fields(self, fields: &[Field], errors: FieldErrors) {
        fields.iter().for_each(|field| field.touch());
        self.server_errors.set(errors);
        self.failure.set(Some(Failure::Invalid));
    }

    /// Shows `reason` in the alert, with no retry.
    pub fn refuse(self, reason: String) {
        self.failure.set(Some(Failure::Refused(reason)));
    }

    /// Reads the API's answer: a refusal of fields marks them (nothing
    /// typed is lost), another failure is kept for the alert, and a success
    /// is handed back with the form ready for its next request.
    pub fn answer<T>(self, result: Result<T, ApiError>) -> Option<T> {
        match result {
            Ok(answer) => {
                self.failure.set(None);
                self.server_errors.set(FieldErrors::new());
                self.renew_key();
                Some(answer)
            }
            Err(ApiError::Server(body)) if body.code == ErrorCode::Validation => {
                self.server_errors.set(body.fields);
                self.failure.set(Some(Failure::Invalid));
                None
            }
            Err(error) => {
                self.failure.set(Some(Failure::Failed(error)));
                None
            }
        }
    }

    /// The form as the browser posted it by itself, once the server drew
    /// the page again with its answer: the key and honeypot it carried,
    /// and the verdict. Answers whether the request was taken.
    pub fn restore(self, key: &str, honeypot: &str, outcome: &FormOutcome) -> bool {
        self.key.set(key.to_owned());
        self.honeypot.set(honeypot.to_owned());
        match outcome {
            FormOutcome::CheckInbox | FormOutcome::Received { .. } => {
                self.renew_key();
                return true;
            }
            FormOutcome::Invalid { fields } => {
                self.server_errors.set(fields.clone());
                self.failure.set(Some(Failure::Invalid));
            }
            FormOutcome::RateLimited => {
                self.failure
                    .set(Some(Failure::Failed(ApiError::refused(ErrorCode::RateLimited))));
            }
            FormOutcome::Failed => {
                self.failure
                    .set(Some(Failure::Failed(ApiError::refused(ErrorCode::Internal))));
            }
            FormOutcome::Closed => {}
        }
        // Sent once already: the same request again goes with the same key.
        self.sent.set(true);
        false
    }

    /// A new request begins: nothing the server said applies, and it gets
    /// its own key.
    pub fn start_over(self, fields: &[Field]) {
        fields.iter().for_each(|field| field.clear());
        self.server_errors.set(FieldErrors::new());
        self.failure.set(None);
        self.renew_key();
    }

    fn renew_key(self) {
        self.sent.set(false);
        self.key.set(random_uuid());
    }
}
