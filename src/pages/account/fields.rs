//! The fields that joining and the profile share.

use civic_api::{FieldError, Locale};
use leptos::prelude::*;

use crate::country_names::country_options;
use crate::form_kit::{Field, SelectField, TextField};
use crate::i18n::td_string;
use crate::pages::account::texts::{country_error, language_error, name_error};
use crate::ui_locale;

/// A language the site is written in, as a select gives it.
pub fn check_language(input: &str) -> Option<FieldError> {
    Locale::parse(input).err().map(|_| FieldError::Required)
}

#[component]
pub fn NameField(locale: Locale, field: Field) -> impl IntoView {
    let ui = ui_locale(locale);
    view! {
        <TextField
            field
            autocomplete="name"
            label=td_string!(ui, join.name_label).to_owned()
            hint=td_string!(ui, join.name_hint).to_owned()
            error_text=Callback::new(move |error| name_error(ui, error))
        />
    }
}

#[component]
pub fn CountryField(locale: Locale, field: Field) -> impl IntoView {
    let ui = ui_locale(locale);
    view! {
        <SelectField
            field
            autocomplete="country"
            label=td_string!(ui, join.country_label).to_owned()
            hint=td_string!(ui, join.country_hint).to_owned()
            choose=td_string!(ui, sign.country_choose).to_owned()
            options=country_options(locale)
            error_text=Callback::new(move |error| country_error(ui, error))
        />
    }
}

/// The languages by their own names, so anyone finds theirs.
#[component]
pub fn LanguageField(locale: Locale, field: Field) -> impl IntoView {
    let ui = ui_locale(locale);
    let options = Locale::ALL
        .into_iter()
        .map(|language| (language.as_str().to_owned(), language.native_name().to_owned()))
        .collect();
    view! {
        <SelectField
            field
            label=td_string!(ui, join.language_label).to_owned()
            hint=td_string!(ui, join.language_hint).to_owned()
            options
            error_text=Callback::new(move |error| language_error(ui, error))
        />
    }
}
