//! The donate form's state: the kit, its text fields, and the two choices
//! made with radios. What it holds becomes `Choices`, the plain values the
//! request is made from. Beside drawing, the form follows a change of
//! currency, leaves for the payment page, and takes the visitor to what was
//! refused.

use civic_api::donation::{Currency, DonationOffer, check_dedication};
use civic_api::{Email, FieldErrors};
use leptos::prelude::*;

use crate::api::ApiError;
use crate::browser::{focus_element, leave_for};
use crate::form_kit::{Field, FormKit, radio_id};
use crate::pages::donate::choices::{Choices, OTHER, check_amount_text, same_preset_in};

pub const FREQUENCY_ID: &str = "donate-frequency";
pub const AMOUNT_ID: &str = "donate-amount";

#[derive(Debug, Clone, Copy)]
pub struct GiftForm {
    pub kit: FormKit,
    pub currency: Field,
    /// `Frequency::as_str` of the chosen one.
    pub frequency: RwSignal<String>,
    /// A preset's id, `choices::OTHER`, or empty.
    pub amount: RwSignal<String>,
    /// The visitor's own amount: its refusals are the request's `amount`.
    pub custom: Field,
    pub email: Field,
    pub dedication: Field,
}

impl GiftForm {
    pub fn new(choices: &Choices) -> GiftForm {
        let kit = FormKit::new();
        let form = GiftForm {
            kit,
            currency: kit.field("currency", "donate-currency", |text| Currency::parse(text).err()),
            frequency: RwSignal::new(String::new()),
            amount: RwSignal::new(String::new()),
            custom: kit.field("amount", "donate-other-amount", check_amount_text),
            email: kit.field("email", "donate-email", Email::check),
            dedication: kit.field("dedication", "donate-dedication", |text| check_dedication(text).err()),
        };
        form.fill(choices);
        form
    }

    /// The text fields the form shows, in its order: the field of one's
    /// own amount only while "Other amount" is chosen.
    pub fn fields(self) -> Vec<Field> {
        let own = (self.amount.get_untracked() == OTHER).then_some(self.custom);
        [Some(self.currency), own, Some(self.email), Some(self.dedication)]
            .into_iter()
            .flatten()
            .collect()
    }

    /// Puts `choices` in the form; a text field the visitor has been in
    /// keeps what they typed.
    pub fn fill(self, choices: &Choices) {
        self.currency.set(choices.currency.clone());
        self.frequency.set(choices.frequency.clone());
        self.amount.set(choices.amount.clone());
        self.custom.prefill(choices.custom.clone());
        self.email.prefill(choices.email.clone());
        self.dedication.prefill(choices.dedication.clone());
    }

    /// What the form holds now (untracked).
    pub fn choices(self) -> Choices {
        Choices {
            currency: self.currency.text(),
            frequency: self.frequency.get_untracked(),
            amount: self.amount.get_untracked(),
            custom: self.custom.text(),
            email: self.email.text(),
            dedication: self.dedication.text(),
        }
    }

    /// The same, tracked, for what the page shows as the visitor chooses.
    pub fn choices_tracked(self) -> Choices {
        self.currency.value().track();
        self.frequency.track();
        self.amount.track();
        self.custom.value().track();
        untrack(|| self.choices())
    }

    /// A preset chosen in one currency becomes the one at the same place in
    /// the next currency the visitor picks.
    pub fn follow_currency(self, offer: StoredValue<DonationOffer>) {
        Effect::new(move |before: Option<String>| {
            let now = self.currency.value().get();
            if let Some(before) = before.filter(|before| *before != now) {
                let chosen = self.amount.get_untracked();
                let moved = offer.with_value(|offer| same_preset_in(offer, &before, &now, &chosen));
                if moved != chosen {
                    self.amount.set(moved);
                }
            }
            now
        });
    }

    /// Leaves for the provider's page, keeping the button busy meanwhile. An
    /// address that is not a web page's is never followed.
    pub fn leave_for_payment(self, leaving: RwSignal<bool>, url: &str) {
        leaving.set(true);
        if leave_for(url) {
            return;
        }
        leaving.set(false);
        self.kit.answer::<()>(Err(ApiError::Decode));
    }

    /// Moves focus to the first part of the form, in its order, that was
    /// refused: a text field, or the radio a group of them starts with.
    pub fn focus_first_refused(self, offer: StoredValue<DonationOffer>, errors: &FieldErrors) {
        let chosen = self.amount.get_untracked();
        let amount = match chosen.as_str() {
            OTHER => self.custom.id(),
            "" => {
                let first = offer.with_value(|offer| {
                    Currency::parse(&self.currency.text()).ok().and_then(|currency| {
                        offer
                            .currency(&currency)?
                            .presets
                            .first()
                            .map(|preset| preset.id.clone())
                    })
                });
                radio_id(AMOUNT_ID, first.as_deref().unwrap_or(OTHER))
            }
            preset => radio_id(AMOUNT_ID, preset),
        };
        let frequency = radio_id(FREQUENCY_ID, &self.frequency.get_untracked());
        let order = [
            ("currency", self.currency.id()),
            ("frequency", frequency),
            ("amount", amount),
            ("email", self.email.id()),
            ("dedication", self.dedication.id()),
        ];
        if let Some((_, id)) = order.iter().find(|(name, _)| errors.contains_key(*name)) {
            focus_element(id);
        }
    }
}
