//! The member's rights over their data: one file with everything held
//! about them, and erasing the account (confirmed with the password, or a
//! passkey).

use civic_api::account::DeleteAccountRequest;
use civic_api::{ErrorCode, FieldError, Locale, paths};
use leptos::prelude::*;

use crate::api::credentials;
use crate::api::{self, ApiError};
use crate::form_kit::{FormAlert, FormKit, PasswordField, SubmitButton};
use crate::i18n::td_string;
use crate::pages::account::passkeys::browser_failure;
use crate::pages::account::texts::{check_given, failure_texts, password_error};
use crate::passkey_browser::{self, PasskeyFailure};
use crate::request::Request;
use crate::ui_locale;

#[component]
pub fn YourData(locale: Locale) -> impl IntoView {
    let ui = ui_locale(locale);
    let file = format!("{}{}", api::api_base(), paths::ACCOUNT_DATA);
    view! {
        <section aria-labelledby="data-heading">
            <h2 id="data-heading">{td_string!(ui, account.data_heading)}</h2>
            <p>{td_string!(ui, account.data_intro)}</p>
            <p>
                <a class="button" href=file download="civic-my-data.json">
                    {td_string!(ui, account.data_download)}
                </a>
            </p>
        </section>
    }
}

/// `deleted` is set once the account is gone.
#[component]
pub fn DeleteAccount(locale: Locale, deleted: RwSignal<bool>) -> impl IntoView {
    let ui = ui_locale(locale);
    let kit = FormKit::new();
    let password = kit.field("password", "delete-password", check_given);
    let send = Request::<Result<(), ApiError>>::new();
    let pending = send.pending();
    Effect::new(move || {
        let Some(result) = send.answer().get() else { return };
        if kit.answer(result).is_some() {
            deleted.set(true);
        }
    });
    let base = StoredValue::new(api::api_base());
    let submit = Callback::new(move |()| {
        if pending.get_untracked() || !kit.check(&[password]) {
            return;
        }
        let request = DeleteAccountRequest {
            password: password.value().get_untracked(),
            credential: None,
        };
        let base = base.get_value();
        send.send(async move { api::delete_account(&base, &request).await });
    });
    // A wrong password comes back as `invalid`: said as such here.
    let error_text = Callback::new(move |error| match error {
        FieldError::Invalid => td_string!(ui, account.delete_wrong_password).to_owned(),
        other => password_error(ui, other),
    });
    view! {
        <section aria-labelledby="delete-heading">
            <h2 id="delete-heading">{td_string!(ui, account.delete_heading)}</h2>
            <p>{td_string!(ui, account.delete_intro)}</p>
            <form
                class="account-form"
                novalidate
                on:submit=move |event| {
                    event.prevent_default();
                    submit.run(());
                }
            >
                <PasswordField
                    field=password
                    locale=ui
                    label=td_string!(ui, account.delete_password_label).to_owned()
                    hint=String::new()
                    error_text
                />
                <SubmitButton
                    kit
                    pending
                    class="danger"
                    label=td_string!(ui, account.delete_submit)
                    sending=td_string!(ui, account.deleting)
                />
            </form>
            <FormAlert kit locale texts=failure_texts(ui) retry=submit />
            <DeleteWithPasskey locale deleted />
        </section>
    }
}

/// Confirms with a passkey's answer instead of the password, then erases.
async fn delete_with_passkey(base: String) -> Result<Result<(), ApiError>, PasskeyFailure> {
    let options = match credentials::passkey_sign_in_options(&base).await {
        Ok(options) => options,
        Err(error) => return Ok(Err(error)),
    };
    let credential = passkey_browser::sign(&options.public_key).await?;
    let request = DeleteAccountRequest {
        password: String::new(),
        credential: Some(credential),
    };
    Ok(api::delete_account(&base, &request).await)
}

#[component]
fn DeleteWithPasskey(locale: Locale, deleted: RwSignal<bool>) -> impl IntoView {
    let ui = ui_locale(locale);
    let send = Request::<Result<Result<(), ApiError>, PasskeyFailure>>::new();
    let pending = send.pending();
    let problem = RwSignal::new(None::<&'static str>);
    Effect::new(move || {
        let Some(result) = send.answer().get() else { return };
        let said = match result {
            Ok(Ok(())) => {
                deleted.set(true);
                return;
            }
            Err(failure) => browser_failure(ui, failure),
            Ok(Err(ApiError::Server(body))) if body.fields.contains_key("credential") => {
                td_string!(ui, account.delete_wrong_passkey)
            }
            Ok(Err(ApiError::Server(body))) if body.code == ErrorCode::Conflict => {
                browser_failure(ui, PasskeyFailure::Unsupported)
            }
            Ok(Err(ApiError::Network)) => td_string!(ui, account_form.failure.error_network),
            Ok(Err(_)) => td_string!(ui, account_form.failure.error_server),
        };
        problem.set(Some(said));
    });
    let base = StoredValue::new(api::api_base());
    let start = move |_| {
        if pending.get_untracked() {
            return;
        }
        problem.set(None);
        send.send(delete_with_passkey(base.get_value()));
    };
    view! {
        <p>
            <button type="button" class="danger secondary" on:click=start aria-disabled=move || pending.get().to_string()>
                {move || if pending.get() { td_string!(ui, account.passkey_waiting) } else { td_string!(ui, account.delete_with_passkey) }}
            </button>
        </p>
        <div role="alert">{move || problem.get().map(|text| view! { <p>{text}</p> })}</div>
    }
}
