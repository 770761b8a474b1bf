//! Signing in with a passkey instead of the address and password: one
//! button, the browser's own dialog, and on to where the visitor was going.

use civic_api::account::{AccountView, PasskeySignInRequest};
use civic_api::{ErrorCode, Locale};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api::credentials;
use crate::api::{self, ApiError};
use crate::i18n::td_string;
use crate::pages::account::passkeys::browser_failure;
use crate::pages::account::sign_in::safe_next;
use crate::passkey_browser::{self, PasskeyFailure};
use crate::request::Request;
use crate::ui_locale;

async fn sign_in(base: String) -> Result<Result<AccountView, ApiError>, PasskeyFailure> {
    let options = match credentials::passkey_sign_in_options(&base).await {
        Ok(options) => options,
        Err(error) => return Ok(Err(error)),
    };
    let credential = passkey_browser::sign(&options.public_key).await?;
    Ok(credentials::sign_in_with_passkey(&base, &PasskeySignInRequest { credential }).await)
}

#[component]
pub fn PasskeySignIn(locale: Locale) -> impl IntoView {
    let ui = ui_locale(locale);
    let query = use_query_map();
    let navigate = use_navigate();
    let send = Request::<Result<Result<AccountView, ApiError>, PasskeyFailure>>::new();
    let pending = send.pending();
    let problem = RwSignal::new(None::<&'static str>);
    Effect::new(move || {
        let Some(result) = send.answer().get() else { return };
        let said = match result {
            Ok(Ok(_)) => {
                let next = safe_next(query.with_untracked(|query| query.get("next")), locale);
                navigate(&next, Default::default());
                return;
            }
            Err(failure) => browser_failure(ui, failure),
            Ok(Err(ApiError::Server(body))) if body.code == ErrorCode::Unauthorized => {
                td_string!(ui, sign_in.passkey_not_accepted)
            }
            Ok(Err(ApiError::Server(body))) if body.code == ErrorCode::Conflict => {
                browser_failure(ui, PasskeyFailure::Unsupported)
            }
            Ok(Err(ApiError::Server(body))) if body.code == ErrorCode::RateLimited => {
                td_string!(ui, account_form.failure.error_rate_limited)
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
        send.send(sign_in(base.get_value()));
    };
    view! {
        <section class="passkey-sign-in" aria-labelledby="passkey-sign-in-heading">
            <h2 id="passkey-sign-in-heading">{td_string!(ui, sign_in.passkey_heading)}</h2>
            <p>{td_string!(ui, sign_in.passkey_intro)}</p>
            <button type="button" class="secondary" on:click=start aria-disabled=move || pending.get().to_string()>
                {move || if pending.get() { td_string!(ui, account.passkey_waiting) } else { td_string!(ui, sign_in.passkey_button) }}
            </button>
            <div role="alert">{move || problem.get().map(|text| view! { <p>{text}</p> })}</div>
        </section>
    }
}
