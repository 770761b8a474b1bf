//! What the visitor typed into a petition's sign form, built from the form
//! kit, and who a signed e-mail link says they are.

use civic_api::Email;
use civic_api::petition::{SignRequest, SignerGreeting, check_comment, check_country, check_name};
use civic_api::{FieldError, Locale};
use leptos::prelude::*;

use crate::form_kit::{Field, FormKit};

/// The person a signed e-mail link names, once the page has greeted them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signer {
    /// The signed link's token; `None` for the signed-in member, whose
    /// session proves the address.
    pub token: Option<String>,
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

fn check_comment_field(text: &str) -> Option<FieldError> {
    check_comment(text).err()
}

/// The form's state; every part is a signal, so it is `Copy`.
#[derive(Debug, Clone, Copy)]
pub struct SignForm {
    pub kit: FormKit,
    pub name: Field,
    pub email: Field,
    pub country: Field,
    pub comment: Field,
    pub newsletter: RwSignal<bool>,
    /// "Tell me how this petition goes": its news, by e-mail.
    pub news: RwSignal<bool>,
    /// Set once a signed link's greeting was shown: only then is its token
    /// sent, so nobody signs as someone else without being told.
    pub signer: RwSignal<Option<Signer>>,
}

impl SignForm {
    pub fn new() -> SignForm {
        let kit = FormKit::new();
        SignForm {
            kit,
            name: kit.field("name", "sign-name", check_name),
            email: kit.field("email", "sign-email", Email::check),
            country: kit.field("country", "sign-country", check_country),
            comment: kit.field("comment", "sign-comment", check_comment_field),
            newsletter: RwSignal::new(false),
            news: RwSignal::new(false),
            signer: RwSignal::new(None),
        }
    }

    pub fn fields(self) -> [Field; 4] {
        [self.name, self.email, self.country, self.comment]
    }

    /// What the browser posted by itself, typed in again.
    pub fn fill(self, request: &SignRequest) {
        self.name.set(request.name.clone());
        self.email.set(request.email.clone());
        self.country.set(request.country.clone());
        self.comment.set(request.comment.clone());
        self.newsletter.set(request.newsletter);
        self.news.set(request.news);
    }

    /// Another address than the greeted person's makes this an ordinary
    /// signature (tracked: run in an effect).
    pub fn forget_signer_on_other_address(self) {
        let email = self.email.value().get();
        if self
            .signer
            .with_untracked(|signer| signer.as_ref().is_some_and(|signer| signer.email != email))
        {
            self.signer.set(None);
        }
    }

    /// Fills in the form for the person a signed link names.
    /// `token`: the signed link's, or `None` for the signed-in member.
    pub fn greet(self, token: Option<String>, greeting: &SignerGreeting) {
        self.signer.set(Some(Signer {
            token,
            first_name: greeting.first_name.clone(),
            email: greeting.email.clone(),
        }));
        self.name.set(greeting.name.clone());
        self.email.set(greeting.email.clone());
        self.country.set(greeting.country.code().to_owned());
    }

    /// "Not you?": nothing of the greeted person stays on screen.
    pub fn forget(self) {
        self.kit.start_over(&self.fields());
        self.newsletter.set(false);
        self.news.set(false);
        self.signer.set(None);
    }

    /// The request to send; its key stays with every retry of it.
    pub fn request(self, locale: Locale, tracking: &Tracking) -> SignRequest {
        SignRequest {
            idempotency_key: self.kit.key_for_request(),
            locale: Some(locale),
            name: self.name.text(),
            email: self.email.text(),
            country: self.country.text(),
            comment: self.comment.text(),
            newsletter: self.newsletter.get_untracked(),
            news: self.news.get_untracked(),
            source: tracking.source.clone(),
            referral: tracking.referral.clone(),
            token: self
                .signer
                .with_untracked(|signer| signer.as_ref().and_then(|signer| signer.token.clone())),
            website: self.kit.honeypot.get_untracked(),
        }
    }
}
