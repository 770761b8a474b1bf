//! The form's live regions: the alert says why the last submit did not go
//! through, with a retry where sending again can help (everything typed
//! stays in the form); the status says what a submit that went through
//! came to.

use civic_api::ErrorCode;
use leptos::prelude::*;

use crate::api::ApiError;
use crate::form_kit::state::{Failure, FormKit};
use crate::i18n::{Locale, td_string};

/// A form's own words for each failure: what it was sending matters ("your
/// signature", "your address").
#[derive(Debug, Clone, Copy)]
pub struct FailureTexts {
    pub invalid: &'static str,
    pub network: &'static str,
    pub rate_limited: &'static str,
    pub server: &'static str,
}

/// What a submit came to when it went through ("received, reference …").
/// Present from the start, as the alert is: screen readers announce changes
/// to a live region, not a region that appears.
#[component]
pub fn FormStatus(message: Signal<Option<String>>) -> impl IntoView {
    view! {
        <div class="form-status" role="status" aria-live="polite">
            {move || message.get().map(|message| view! { <p class="success">{message}</p> })}
        </div>
    }
}

/// Present from the start, so screen readers announce what appears in it.
#[component]
pub fn FormAlert(kit: FormKit, locale: Locale, texts: FailureTexts, retry: Callback<()>) -> impl IntoView {
    let content = move || {
        kit.failure.get().map(|failure| {
            let reason = match failure {
                Failure::Invalid => return view! { <p>{texts.invalid}</p> }.into_any(),
                Failure::Refused(reason) => return view! { <p>{reason}</p> }.into_any(),
                Failure::Failed(ApiError::Network) => texts.network,
                Failure::Failed(ApiError::Server(body)) if body.code == ErrorCode::RateLimited => texts.rate_limited,
                Failure::Failed(_) => texts.server,
            };
            view! {
                <p>{reason}</p>
                <button type="button" on:click=move |_| retry.run(())>
                    {td_string!(locale, page.retry)}
                </button>
            }
            .into_any()
        })
    };
    view! {
        <div class="form-alert" role="alert">
            {content}
        </div>
    }
}
