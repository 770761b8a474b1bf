//! Changing the password (proven with the current one) and the address
//! (proven with the password, confirmed from the new mailbox).

use civic_api::account::{EmailChangeRequest, Password, PasswordChangeRequest};
use civic_api::{Email, FieldError, Locale};
use leptos::prelude::*;

use crate::api::credentials;
use crate::api::{self, ApiError};
use crate::form_kit::{FormAlert, FormKit, FormStatus, PasswordField, SubmitButton, TextField};
use crate::i18n::td_string;
use crate::pages::account::texts::{check_given, email_error, failure_texts, password_error};
use crate::request::Request;
use crate::ui_locale;

#[component]
pub fn ChangePassword(locale: Locale) -> impl IntoView {
    let ui = ui_locale(locale);
    let kit = FormKit::new();
    let current = kit.field("current", "change-current-password", check_given);
    let password = kit.field("password", "change-new-password", Password::check);
    let changed = RwSignal::new(false);
    let send = Request::<Result<(), ApiError>>::new();
    let pending = send.pending();
    Effect::new(move || {
        let Some(result) = send.answer().get() else { return };
        if kit.answer(result).is_some() {
            current.set(String::new());
            password.set(String::new());
            changed.set(true);
        }
    });
    let base = StoredValue::new(api::api_base());
    let submit = Callback::new(move |()| {
        if pending.get_untracked() || !kit.check(&[current, password]) {
            return;
        }
        changed.set(false);
        let request = PasswordChangeRequest {
            current: current.value().get_untracked(),
            password: password.value().get_untracked(),
        };
        let base = base.get_value();
        send.send(async move { credentials::change_password(&base, &request).await });
    });
    let current_error = Callback::new(move |error| match error {
        FieldError::Invalid => td_string!(ui, account.wrong_current_password).to_owned(),
        other => password_error(ui, other),
    });
    view! {
        <section aria-labelledby="password-heading">
            <h2 id="password-heading">{td_string!(ui, account.password_heading)}</h2>
            <p>{td_string!(ui, account.password_intro)}</p>
            <form
                class="account-form"
                novalidate
                on:submit=move |event| {
                    event.prevent_default();
                    submit.run(());
                }
            >
                <PasswordField
                    field=current
                    locale=ui
                    label=td_string!(ui, account.current_password_label).to_owned()
                    hint=String::new()
                    error_text=current_error
                />
                <PasswordField
                    field=password
                    locale=ui
                    new=true
                    label=td_string!(ui, account.new_password_label).to_owned()
                    hint=td_string!(ui, join.password_hint, min = civic_api::account::PASSWORD_MIN).to_string()
                    error_text=Callback::new(move |error| password_error(ui, error))
                />
                <SubmitButton
                    kit
                    pending
                    label=td_string!(ui, account.password_submit)
                    sending=td_string!(ui, account.saving)
                />
            </form>
            <FormStatus message=Signal::derive(move || {
                changed.get().then(|| td_string!(ui, account.password_changed).to_owned())
            }) />
            <FormAlert kit locale texts=failure_texts(ui) retry=submit />
        </section>
    }
}

/// `pending_email` is the address the account waits to move to, if any.
#[component]
pub fn ChangeEmail(locale: Locale, pending_email: Option<String>) -> impl IntoView {
    let ui = ui_locale(locale);
    let kit = FormKit::new();
    let email = kit.field("email", "change-email", Email::check);
    let password = kit.field("password", "change-email-password", check_given);
    let waiting = RwSignal::new(pending_email);
    let send = Request::<Result<(), ApiError>>::new();
    let pending = send.pending();
    Effect::new(move || {
        let Some(result) = send.answer().get() else { return };
        if kit.answer(result).is_some() {
            waiting.set(Some(email.text()));
            password.set(String::new());
        }
    });
    let base = StoredValue::new(api::api_base());
    let submit = Callback::new(move |()| {
        if pending.get_untracked() || !kit.check(&[email, password]) {
            return;
        }
        let request = EmailChangeRequest {
            email: email.text(),
            password: password.value().get_untracked(),
        };
        let base = base.get_value();
        send.send(async move { credentials::change_email(&base, &request).await });
    });
    let email_text = Callback::new(move |error| match error {
        // A well-formed address refused by the server is the account's own.
        FieldError::Invalid if Email::check(&email.text()).is_none() => td_string!(ui, account.email_same).to_owned(),
        other => email_error(ui, other),
    });
    let password_text = Callback::new(move |error| match error {
        FieldError::Invalid => td_string!(ui, account.wrong_current_password).to_owned(),
        other => password_error(ui, other),
    });
    view! {
        <section aria-labelledby="email-heading">
            <h2 id="email-heading">{td_string!(ui, account.email_heading)}</h2>
            <p>{td_string!(ui, account.email_intro)}</p>
            <form
                class="account-form"
                novalidate
                on:submit=move |event| {
                    event.prevent_default();
                    submit.run(());
                }
            >
                <TextField
                    field=email
                    input_type="email"
                    autocomplete="email"
                    label=td_string!(ui, account.new_email_label).to_owned()
                    hint=String::new()
                    error_text=email_text
                />
                <PasswordField
                    field=password
                    locale=ui
                    label=td_string!(ui, account.confirm_password_label).to_owned()
                    hint=String::new()
                    error_text=password_text
                />
                <SubmitButton
                    kit
                    pending
                    label=td_string!(ui, account.email_submit)
                    sending=td_string!(ui, account.sending)
                />
            </form>
            <FormStatus message=Signal::derive(move || {
                waiting.get().map(|address| td_string!(ui, account.email_waiting, email = &address).to_string())
            }) />
            <FormAlert kit locale texts=failure_texts(ui) retry=submit />
        </section>
    }
}
