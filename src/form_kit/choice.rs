//! The kit's select and password controls, wired like `TextField`.

use civic_api::FieldError;
use civic_api::account::{PASSWORD_MIN, StrengthHint};
use leptos::prelude::*;

use crate::form_kit::controls::FieldMessage;
use crate::form_kit::field::Field;
use crate::i18n::{Locale, td_string};

/// One labelled `<select>`: its options as (value, text), and a first
/// empty option that asks to choose, when given.
#[component]
pub fn SelectField(
    field: Field,
    #[prop(into)] label: Signal<String>,
    #[prop(into)] hint: Signal<String>,
    error_text: Callback<FieldError, String>,
    options: Vec<(String, String)>,
    #[prop(optional)] choose: Option<String>,
    #[prop(optional)] autocomplete: Option<&'static str>,
) -> impl IntoView {
    let chosen = field.text();
    let options = options
        .into_iter()
        .map(|(value, text)| {
            // `selected` covers a form drawn with a value already chosen,
            // before the select's value can be set.
            let selected = value == chosen;
            view! {
                <option value=value selected=selected>
                    {text}
                </option>
            }
        })
        .collect_view();
    view! {
        <div class="field">
            <label for=field.id()>{label}</label>
            <p class="hint" id=field.hint_id()>
                {hint}
            </p>
            <select
                id=field.id()
                name=field.name()
                autocomplete=autocomplete.unwrap_or("off")
                prop:value=move || field.value().get()
                on:change=move |event| {
                    field.edit(event_target_value(&event));
                    field.touch();
                }
                on:blur=move |event| field.leave(&event)
                aria-invalid=move || field.invalid()
                aria-describedby=move || field.described_by()
            >
                {choose.map(|text| view! { <option value="">{text}</option> })}
                {options}
            </select>
            <FieldMessage field error_text />
        </div>
    }
}

/// A labelled password input with a "show the password" switch; for a new
/// password (`new`), a hint of its strength by length as it is typed. The
/// value is never written into the HTML.
#[component]
pub fn PasswordField(
    field: Field,
    locale: Locale,
    #[prop(into)] label: Signal<String>,
    #[prop(into)] hint: Signal<String>,
    error_text: Callback<FieldError, String>,
    /// A new password (`autocomplete="new-password"`, strength shown), or
    /// the current one.
    #[prop(optional)]
    new: bool,
) -> impl IntoView {
    let shown = RwSignal::new(false);
    let toggle_id = format!("{}-show", field.id());
    let strength_id = format!("{}-strength", field.id());
    let strength = move || {
        let typed = field.value().get();
        let count = typed.chars().count();
        match StrengthHint::of(&typed) {
            StrengthHint::TooShort => td_string!(
                locale,
                account_form.password.strength_too_short,
                count = count,
                min = PASSWORD_MIN
            )
            .to_string(),
            StrengthHint::Acceptable => {
                td_string!(locale, account_form.password.strength_acceptable, count = count).to_string()
            }
            StrengthHint::Good => td_string!(locale, account_form.password.strength_good, count = count).to_string(),
            StrengthHint::Strong => {
                td_string!(locale, account_form.password.strength_strong, count = count).to_string()
            }
        }
    };
    let strength_class = move || match StrengthHint::of(&field.value().get()) {
        StrengthHint::TooShort => "strength strength-short",
        StrengthHint::Acceptable => "strength strength-acceptable",
        StrengthHint::Good | StrengthHint::Strong => "strength strength-good",
    };
    let described_by = {
        let strength_id = strength_id.clone();
        move || match new {
            true => format!("{} {strength_id}", field.described_by()),
            false => field.described_by(),
        }
    };
    view! {
        <div class="field">
            <label for=field.id()>{label}</label>
            <p class="hint" id=field.hint_id()>
                {hint}
            </p>
            <input
                id=field.id()
                name=field.name()
                type=move || if shown.get() { "text" } else { "password" }
                autocomplete=if new { "new-password" } else { "current-password" }
                autocapitalize="off"
                spellcheck="false"
                prop:value=move || field.value().get()
                on:input=move |event| field.edit(event_target_value(&event))
                on:blur=move |event| field.leave(&event)
                aria-invalid=move || field.invalid()
                aria-describedby=described_by
            />
            {new.then(|| view! { <p class=strength_class id=strength_id>{strength}</p> })}
            <p class="show-password">
                <input
                    type="checkbox"
                    id=toggle_id.clone()
                    prop:checked=move || shown.get()
                    on:change=move |event| shown.set(event_target_checked(&event))
                />
                <label for=toggle_id>{td_string!(locale, account_form.password.show)}</label>
            </p>
            <FieldMessage field error_text />
        </div>
    }
}

/// One labelled checkbox for a yes or no that needs no checking, such as a
/// newsletter: never ticked unless `checked` says so. `name` is what a
/// form posted without JavaScript sends.
#[component]
pub fn Checkbox(
    id: &'static str,
    name: &'static str,
    checked: RwSignal<bool>,
    #[prop(into)] label: Signal<String>,
) -> impl IntoView {
    view! {
        <p class="checkbox">
            <input
                type="checkbox"
                id=id
                name=name
                value="on"
                prop:checked=move || checked.get()
                on:change=move |event| checked.set(event_target_checked(&event))
            />
            <label for=id>{label}</label>
        </p>
    }
}
