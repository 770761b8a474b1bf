//! What a page shows when the API could not be reached or failed: which of
//! the two, and a retry. The page's own heading, if any, goes first.

use civic_api::Locale;
use leptos::prelude::*;

use crate::api::ApiError;
use crate::i18n::td_string;
use crate::ui_locale;

#[component]
pub fn LoadFailed(
    locale: Locale,
    error: ApiError,
    retry: impl Fn() + Send + Sync + 'static,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let ui = ui_locale(locale);
    let reason = match error {
        ApiError::Network => td_string!(ui, page.error_network),
        _ => td_string!(ui, page.error_server),
    };
    view! {
        <div class="load-error" role="alert">
            {children.map(|heading| heading())}
            <p>{reason}</p>
            <button type="button" on:click=move |_| retry()>
                {td_string!(ui, page.retry)}
            </button>
        </div>
    }
}
