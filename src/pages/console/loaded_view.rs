//! What a console part shows of a request it waits for: a status while no
//! answer came, the failure and "Try again", else what came. Sections and
//! editors drew this shape each on its own.

use leptos::prelude::*;

use crate::api::ApiError;
use crate::i18n;
use crate::pages::console::texts::LoadFailed;

/// `state` (tracked, the view is drawn again on each change): `None` while
/// no answer came, the failure, or what the children draw (`let:`).
/// `failure` words the failure; `refusal`, where given, says when trying
/// again cannot help, and "Try again" is left out then.
#[component]
pub fn LoadedView<S, T, C, V>(
    ui: i18n::Locale,
    state: S,
    #[prop(into)] pending: Signal<bool>,
    loading: &'static str,
    failure: fn(i18n::Locale, &ApiError) -> &'static str,
    #[prop(optional)] refusal: Option<fn(i18n::Locale, &ApiError) -> Option<&'static str>>,
    retry: Callback<()>,
    children: C,
) -> impl IntoView
where
    S: Fn() -> Option<Result<T, ApiError>> + Send + Sync + 'static,
    T: 'static,
    C: Fn(T) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    move || match state() {
        None => view! { <p class="loading" role="status">{loading}</p> }.into_any(),
        Some(Err(error)) => {
            let offer_retry = !refusal.is_some_and(|refusal| refusal(ui, &error).is_some());
            view! { <LoadFailed ui text=failure(ui, &error) offer_retry pending retry /> }.into_any()
        }
        Some(Ok(value)) => children(value).into_any(),
    }
}
