//! The controls every form is made of, wired for assistive technology: a
//! label, a hint and, once there is one, an error tied to the control with
//! `aria-describedby` and `aria-invalid`.

use civic_api::FieldError;
use leptos::prelude::*;

use crate::first_page::textarea_text;
use crate::form_kit::field::Field;
use crate::form_kit::state::FormKit;
use crate::i18n::{Locale, td_string};

/// One labelled input (or textarea), its hint, and its error.
#[component]
pub fn TextField(
    field: Field,
    #[prop(into)] label: Signal<String>,
    #[prop(into)] hint: Signal<String>,
    /// The words for what is wrong, in the page's language.
    error_text: Callback<FieldError, String>,
    /// A textarea of this many rows instead of an input.
    #[prop(default = None)]
    rows: Option<u8>,
    #[prop(optional)] input_type: Option<&'static str>,
    #[prop(optional)] autocomplete: Option<&'static str>,
    /// The keyboard a phone shows (`decimal` for an amount of money).
    #[prop(optional)]
    inputmode: Option<&'static str>,
    /// Marks the field as required, for people and for assistive
    /// technology, where the form also has optional fields.
    #[prop(optional)]
    required: bool,
    /// The language typed in, where it is not the page's (a translation
    /// in the console): the control says so (`lang`, `dir`), its label
    /// and hint stay in the page's.
    #[prop(optional)]
    text_locale: Option<Locale>,
    /// An address or a number: no capitals, no spelling check.
    #[prop(optional)]
    plain: bool,
) -> impl IntoView {
    let value = field.value();
    let lang = text_locale.map(Locale::as_str);
    let dir = text_locale.map(Locale::dir);
    // What the field starts with, written in the HTML too, so a form the
    // server draws again after a post keeps what was typed.
    let initial = value.get_untracked();
    let on_input = move |event| field.edit(event_target_value(&event));
    let on_blur = move |event: web_sys::FocusEvent| field.leave(&event);
    let control = match rows {
        Some(rows) => view! {
            <textarea
                id=field.id()
                name=field.name()
                rows=rows
                lang=lang
                dir=dir
                required=required
                prop:value=move || value.get()
                on:input=on_input
                on:blur=on_blur
                aria-invalid=move || field.invalid()
                aria-describedby=move || field.described_by()
            >
                {textarea_text(initial)}
            </textarea>
        }
        .into_any(),
        None => view! {
            <input
                id=field.id()
                name=field.name()
                type=input_type.unwrap_or("text")
                lang=lang
                dir=dir
                autocomplete=autocomplete.unwrap_or("off")
                inputmode=inputmode
                autocapitalize=plain.then_some("none")
                spellcheck=plain.then_some("false")
                required=required
                value=initial
                prop:value=move || value.get()
                on:input=on_input
                on:blur=on_blur
                aria-invalid=move || field.invalid()
                aria-describedby=move || field.described_by()
            />
        }
        .into_any(),
    };
    view! {
        <div class="field">
            <label for=field.id()>
                {label}
                {required
                    .then(|| {
                        view! {
                            <span class="required-mark" aria-hidden="true">
                                " *"
                            </span>
                        }
                    })}
            </label>
            <p class="hint" id=field.hint_id()>
                {hint}
            </p>
            {control}
            <FieldMessage field error_text />
        </div>
    }
}

/// A field's error, once there is one, under its control.
#[component]
pub fn FieldMessage(field: Field, error_text: Callback<FieldError, String>) -> impl IntoView {
    move || {
        field.error().map(|error| {
            view! {
                <p class="field-error" id=field.error_id()>
                    {error_text.run(error)}
                </p>
            }
        })
    }
}

/// A field that people never see nor reach, and assistive technology
/// ignores; automated senders fill it in and give themselves away.
#[component]
pub fn Honeypot(kit: FormKit, locale: Locale, id: String) -> impl IntoView {
    view! {
        <div class="honeypot" aria-hidden="true">
            <label for=id.clone()>{td_string!(locale, form.website_label)}</label>
            <input
                id=id
                name="website"
                type="text"
                tabindex="-1"
                autocomplete="off"
                value=kit.honeypot.get_untracked()
                prop:value=move || kit.honeypot.get()
                on:input=move |event| kit.honeypot.set(event_target_value(&event))
            />
        </div>
    }
}

/// The key a browser posting the form by itself sends, as the app does.
#[component]
pub fn IdempotencyKeyInput(kit: FormKit) -> impl IntoView {
    view! { <input type="hidden" name="idempotency_key" value=move || kit.idempotency_key() /> }
}

/// The form's submit button, which says so while the request is on its way.
/// It tells the kit while it is pressed, so that no field's error appears
/// and moves it away from under the pointer (see `Field::leave`).
#[component]
pub fn SubmitButton(
    kit: FormKit,
    #[prop(into)] pending: Signal<bool>,
    /// What it does; it may change with what the form holds ("Post and
    /// e-mail to 12 signers").
    #[prop(into)]
    label: Signal<String>,
    sending: &'static str,
    #[prop(optional)] class: Option<&'static str>,
) -> impl IntoView {
    view! {
        <button
            type="submit"
            class=class
            disabled=move || pending.get()
            on:pointerdown=move |_| kit.pressing(true)
            on:pointercancel=move |_| kit.pressing(false)
            on:click=move |_| kit.pressing(false)
        >
            {move || if pending.get() { sending.to_owned() } else { label.get() }}
        </button>
    }
}
