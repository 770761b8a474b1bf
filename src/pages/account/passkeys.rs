//! The member's passkeys: listed with the days they were added and used,
//! added from this browser under a name, and removed.

use civic_api::account::{NewPasskeyRequest, PasskeyView, parse_passkey_name};
use civic_api::{ErrorCode, FieldError, Locale};
use leptos::prelude::*;

use crate::api::credentials;
use crate::api::{self, ApiError};
use crate::form_kit::{FormAlert, FormKit, SubmitButton, TextField};
use crate::i18n::{self, td_string};
use crate::pages::account::texts::failure_texts;
use crate::passkey_browser::{self, PasskeyFailure};
use crate::request::Request;
use crate::ui_locale;

fn check_passkey_name(input: &str) -> Option<FieldError> {
    parse_passkey_name(input).err()
}

fn passkey_name_error(ui: i18n::Locale, error: FieldError) -> String {
    match error {
        FieldError::Required => td_string!(ui, account.passkey_name_required).to_owned(),
        FieldError::TooLong => td_string!(ui, account.passkey_name_too_long).to_owned(),
        _ => td_string!(ui, account.passkey_name_invalid).to_owned(),
    }
}

/// What the browser said when it made no passkey, in words.
pub fn browser_failure(ui: i18n::Locale, failure: PasskeyFailure) -> &'static str {
    match failure {
        PasskeyFailure::Unsupported => td_string!(ui, account.passkey_unsupported),
        PasskeyFailure::Cancelled => td_string!(ui, account.passkey_cancelled),
        PasskeyFailure::AlreadyThere => td_string!(ui, account.passkey_already_there),
        PasskeyFailure::Failed => td_string!(ui, account.passkey_failed),
    }
}

/// Asks the server for a challenge, the browser for a passkey, and the
/// server to keep it.
async fn make_passkey(base: String, name: String) -> Result<Result<PasskeyView, ApiError>, PasskeyFailure> {
    let options = match credentials::passkey_options(&base).await {
        Ok(options) => options,
        Err(error) => return Ok(Err(error)),
    };
    let credential = passkey_browser::create(&options.public_key).await?;
    Ok(credentials::add_passkey(&base, &NewPasskeyRequest { name, credential }).await)
}

#[component]
pub fn Passkeys(locale: Locale) -> impl IntoView {
    let ui = ui_locale(locale);
    let base = StoredValue::new(api::api_base());
    let changed = RwSignal::new(0_u32);
    let passkeys = LocalResource::new(move || {
        changed.track();
        let base = base.get_value();
        async move { credentials::passkeys(&base).await }
    });
    let message = RwSignal::new(None::<&'static str>);
    let removal_failed = RwSignal::new(false);
    let remove = move |id: i64| {
        let base = base.get_value();
        leptos::task::spawn_local(async move {
            match credentials::remove_passkey(&base, id).await {
                Ok(()) => {
                    removal_failed.set(false);
                    message.set(Some(td_string!(ui, account.passkey_removed)));
                    changed.update(|count| *count += 1);
                }
                Err(_) => removal_failed.set(true),
            }
        });
    };
    view! {
        <section aria-labelledby="passkeys-heading">
            <h2 id="passkeys-heading">{td_string!(ui, account.passkeys_heading)}</h2>
            <p>{td_string!(ui, account.passkeys_intro)}</p>
            {move || match passkeys.get() {
                None => view! { <p class="loading">{td_string!(ui, account.loading)}</p> }.into_any(),
                Some(Err(_)) => view! { <p>{td_string!(ui, account.load_failed)}</p> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! { <p>{td_string!(ui, account.passkeys_none)}</p> }.into_any(),
                Some(Ok(list)) => view! {
                    <ul class="passkeys">
                        {list.into_iter().map(|passkey| view! { <PasskeyItem locale passkey remove /> }).collect_view()}
                    </ul>
                }
                .into_any(),
            }}
            <div role="status">{move || message.get().map(|text| view! { <p>{text}</p> })}</div>
            <div role="alert">
                {move || removal_failed.get().then(|| view! { <p>{td_string!(ui, account_form.failure.error_server)}</p> })}
            </div>
            <AddPasskey locale added=changed message />
        </section>
    }
}

#[component]
fn PasskeyItem(locale: Locale, passkey: PasskeyView, remove: impl Fn(i64) + Copy + 'static) -> impl IntoView {
    let ui = ui_locale(locale);
    let days = match &passkey.last_used_on {
        Some(used) => td_string!(ui, account.passkey_days, added = &passkey.added_on, used = used).to_string(),
        None => td_string!(ui, account.passkey_unused, added = &passkey.added_on).to_string(),
    };
    let label = td_string!(ui, account.passkey_remove, name = &passkey.name).to_string();
    let id = passkey.id;
    view! {
        <li>
            <strong>{passkey.name}</strong>
            <br />
            <span>{days}</span>
            " "
            <button type="button" class="link-button" on:click=move |_| remove(id)>{label}</button>
        </li>
    }
}

#[component]
fn AddPasskey(locale: Locale, added: RwSignal<u32>, message: RwSignal<Option<&'static str>>) -> impl IntoView {
    let ui = ui_locale(locale);
    let kit = FormKit::new();
    let name = kit.field("name", "passkey-name", check_passkey_name);
    let browser_said = RwSignal::new(None::<PasskeyFailure>);
    let send = Request::<Result<Result<PasskeyView, ApiError>, PasskeyFailure>>::new();
    let pending = send.pending();
    Effect::new(move || {
        let Some(result) = send.answer().get() else { return };
        match result {
            Err(failure) => browser_said.set(Some(failure)),
            Ok(Err(ApiError::Server(body))) if body.fields.contains_key("credential") => {
                kit.refuse(td_string!(ui, account.passkey_refused).to_owned());
            }
            Ok(Err(ApiError::Server(body))) if body.code == ErrorCode::Conflict => {
                browser_said.set(Some(PasskeyFailure::Unsupported));
            }
            Ok(Err(ApiError::Server(body))) if body.code == ErrorCode::PasskeyRequired => {
                kit.refuse(td_string!(ui, account.second_factor_first).to_owned());
            }
            Ok(result) => {
                if kit.answer(result).is_some() {
                    name.set(String::new());
                    message.set(Some(td_string!(ui, account.passkey_added)));
                    added.update(|count| *count += 1);
                }
            }
        }
    });
    let base = StoredValue::new(api::api_base());
    let submit = Callback::new(move |()| {
        if pending.get_untracked() || !kit.check(&[name]) {
            return;
        }
        browser_said.set(None);
        message.set(None);
        let base = base.get_value();
        let typed = name.text();
        send.send(make_passkey(base, typed));
    });
    view! {
        <form
            class="account-form"
            novalidate
            on:submit=move |event| {
                event.prevent_default();
                submit.run(());
            }
        >
            <TextField
                field=name
                autocomplete="off"
                label=td_string!(ui, account.passkey_name_label).to_owned()
                hint=td_string!(ui, account.passkey_name_hint).to_owned()
                error_text=Callback::new(move |error| passkey_name_error(ui, error))
            />
            <SubmitButton
                kit
                pending
                label=td_string!(ui, account.passkey_add)
                sending=td_string!(ui, account.passkey_waiting)
            />
        </form>
        <div role="alert">{move || browser_said.get().map(|failure| view! { <p>{browser_failure(ui, failure)}</p> })}</div>
        <FormAlert kit locale texts=failure_texts(ui) retry=submit />
    }
}
