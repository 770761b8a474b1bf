//! What the visitor typed into a petition's sign form, and which fields to
//! mark as wrong.

use civic_api::petition::{SignRequest, SignerGreeting, check_comment, check_country, check_email, check_name};
use civic_api::{FieldError, FieldErrors, Locale};
use leptos::prelude::*;

use crate::browser::random_uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignField {
    Name,
    Email,
    Country,
    Comment,
}

impl SignField {
    pub const ALL: [SignField; 4] = [
        SignField::Name,
        SignField::Email,
        SignField::Country,
        SignField::Comment,
    ];

    /// The field's name in `SignRequest` and in the API's errors.
    pub fn name(self) -> &'static str {
        match self {
            SignField::Name => "name",
            SignField::Email => "email",
            SignField::Country => "country",
            SignField::Comment => "comment",
        }
    }

    pub fn id(self) -> &'static str {
        match self {
            SignField::Name => "sign-name",
            SignField::Email => "sign-email",
            SignField::Country => "sign-country",
            SignField::Comment => "sign-comment",
        }
    }

    pub fn hint_id(self) -> String {
        format!("{}-hint", self.id())
    }

    pub fn error_id(self) -> String {
        format!("{}-error", self.id())
    }
}

/// The person a signed e-mail link names, once the page has greeted them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signer {
    pub token: String,
    pub first_name: String,
    pub email: String,
}

/// Where the visitor came from, read from the address they opened.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tracking {
    pub source: Option<String>,
    pub referral: Option<String>,
}

impl Tracking {
    /// As a form post sends them (`source`, `ref`), where known.
    pub fn hidden_fields(&self) -> Vec<(&'static str, String)> {
        [("source", &self.source), ("ref", &self.referral)]
            .into_iter()
            .filter_map(|(name, value)| value.clone().map(|value| (name, value)))
            .collect()
    }
}

/// The form's state; every part is a signal, so it is `Copy`.
#[derive(Debug, Clone, Copy)]
pub struct SignForm {
    pub name: RwSignal<String>,
    pub email: RwSignal<String>,
    pub country: RwSignal<String>,
    pub comment: RwSignal<String>,
    pub newsletter: RwSignal<bool>,
    /// The honeypot: people never see it, so it stays empty.
    pub website: RwSignal<String>,
    /// Set once a signed link's greeting was shown: only then is its token
    /// sent, so nobody signs as someone else without being told.
    pub signer: RwSignal<Option<Signer>>,
    touched: [RwSignal<bool>; 4],
    server_errors: RwSignal<FieldErrors>,
    /// Kept for every retry of the same request, so a signature whose answer
    /// was lost is not handled twice; renewed once the request changes.
    idempotency_key: RwSignal<String>,
    sent: RwSignal<bool>,
}

impl SignForm {
    pub fn new() -> SignForm {
        SignForm {
            name: RwSignal::new(String::new()),
            email: RwSignal::new(String::new()),
            country: RwSignal::new(String::new()),
            comment: RwSignal::new(String::new()),
            newsletter: RwSignal::new(false),
            website: RwSignal::new(String::new()),
            signer: RwSignal::new(None),
            touched: std::array::from_fn(|_| RwSignal::new(false)),
            server_errors: RwSignal::new(FieldErrors::new()),
            idempotency_key: RwSignal::new(random_uuid()),
            sent: RwSignal::new(false),
        }
    }

    /// The form as the browser posted it by itself, with the fields the
    /// server refused.
    pub fn from_post(request: &SignRequest, errors: FieldErrors) -> SignForm {
        let form = SignForm::new();
        form.name.set(request.name.clone());
        form.email.set(request.email.clone());
        form.country.set(request.country.clone());
        form.comment.set(request.comment.clone());
        form.newsletter.set(request.newsletter);
        form.website.set(request.website.clone());
        form.server_errors.set(errors);
        form
    }

    /// The key the next request goes with.
    pub fn idempotency_key(self) -> String {
        self.idempotency_key.get()
    }

    pub fn value(self, field: SignField) -> RwSignal<String> {
        match field {
            SignField::Name => self.name,
            SignField::Email => self.email,
            SignField::Country => self.country,
            SignField::Comment => self.comment,
        }
    }

    /// Records a change. The server's verdict on the old value no longer
    /// applies, and a changed request needs its own idempotency key. Another
    /// address than the greeted person's makes this an ordinary signature.
    pub fn edit(self, field: SignField, value: String) {
        if field == SignField::Email
            && self
                .signer
                .with_untracked(|signer| signer.as_ref().is_some_and(|signer| signer.email != value))
        {
            self.signer.set(None);
        }
        self.value(field).set(value);
        self.server_errors.update(|errors| {
            errors.remove(field.name());
        });
        self.changed();
    }

    pub fn changed(self) {
        if self.sent.get_untracked() {
            self.sent.set(false);
            self.idempotency_key.set(random_uuid());
        }
    }

    /// From now on the field is checked as the visitor types.
    pub fn touch(self, field: SignField) {
        self.touched[field as usize].set(true);
    }

    /// What is wrong with a field, by the browser's own check once the field
    /// was touched, else by the server's last answer.
    pub fn error(self, field: SignField) -> Option<FieldError> {
        let local = if self.touched[field as usize].get() {
            self.value(field).with(|text| match field {
                SignField::Name => check_name(text),
                SignField::Email => check_email(text),
                SignField::Country => check_country(text),
                SignField::Comment => check_comment(text).err(),
            })
        } else {
            None
        };
        local.or_else(|| self.server_errors.with(|errors| errors.get(field.name()).copied()))
    }

    /// Marks every field as touched and answers the first one that is wrong.
    pub fn check_all(self) -> Option<SignField> {
        SignField::ALL.into_iter().for_each(|field| self.touch(field));
        SignField::ALL.into_iter().find(|field| self.error(*field).is_some())
    }

    pub fn set_server_errors(self, errors: FieldErrors) {
        self.server_errors.set(errors);
    }

    /// Fills in the form for the person a signed link names.
    pub fn greet(self, token: String, greeting: &SignerGreeting) {
        self.name.set(greeting.name.clone());
        self.email.set(greeting.email.clone());
        self.country.set(greeting.country.code().to_owned());
        self.signer.set(Some(Signer {
            token,
            first_name: greeting.first_name.clone(),
            email: greeting.email.clone(),
        }));
        self.changed();
    }

    /// "Not you?": nothing of the greeted person stays on screen.
    pub fn forget(self) {
        for field in SignField::ALL {
            self.value(field).set(String::new());
            self.touched[field as usize].set(false);
        }
        self.newsletter.set(false);
        self.signer.set(None);
        self.server_errors.set(FieldErrors::new());
        self.changed();
    }

    /// The request to send; marks the key as used by it.
    pub fn request(self, locale: Locale, tracking: &Tracking) -> SignRequest {
        self.sent.set(true);
        SignRequest {
            idempotency_key: self.idempotency_key.get_untracked(),
            locale: Some(locale),
            name: self.name.get_untracked(),
            email: self.email.get_untracked(),
            country: self.country.get_untracked(),
            comment: self.comment.get_untracked(),
            newsletter: self.newsletter.get_untracked(),
            source: tracking.source.clone(),
            referral: tracking.referral.clone(),
            token: self
                .signer
                .with_untracked(|signer| signer.as_ref().map(|signer| signer.token.clone())),
            website: self.website.get_untracked(),
        }
    }
}
