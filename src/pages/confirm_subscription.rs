//! Where the link in a newsletter sign-up e-mail lands: the address is
//! confirmed as the page opens (double opt-in).

use civic_api::{Locale, SiteRoute, Target, paths};
use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::browser::set_document_meta;
use crate::components::link_token::{LinkToken, send_token, status_request};
use crate::components::load_failed::LoadFailed;
use crate::components::page_heading::PageHeading;
use crate::i18n::td_string;
use crate::ui_locale;

#[component]
pub fn ConfirmSubscription(locale: Locale) -> impl IntoView {
    let ui = ui_locale(locale);
    set_document_meta(
        td_string!(ui, confirm_subscription.title),
        Some(td_string!(ui, confirm_subscription.description)),
    );
    let base = StoredValue::new(api::api_base());
    let (confirm, followed) = status_request();
    let send = move |token: String| send_token(confirm, base.get_value(), paths::NEWSLETTER_CONFIRM, token);
    let link = LinkToken::send_once(followed, send);
    let retry = move || {
        if let Some(token) = link.token() {
            send(token);
        }
    };
    let pending = confirm.pending();
    move || {
        if link.missing() {
            return view! { <InvalidLink locale /> }.into_any();
        }
        match confirm.answer().get().filter(|_| !pending.get()) {
            None => view! {
                <div class="loading" role="status" aria-busy="true">
                    <p>{td_string!(ui, confirm_subscription.confirming)}</p>
                </div>
            }
            .into_any(),
            Some(Ok(status)) => {
                let text = td_string!(ui, confirm_subscription.confirmed_text, email = &status.email_hint).to_string();
                view! {
                    <PageHeading text=td_string!(ui, confirm_subscription.confirmed) />
                    <p>{text}</p>
                }
                .into_any()
            }
            Some(Err(ApiError::NotFound)) => view! { <InvalidLink locale /> }.into_any(),
            Some(Err(error)) => view! {
                <LoadFailed locale error retry>
                    <PageHeading text=td_string!(ui, confirm_subscription.title) />
                </LoadFailed>
            }
            .into_any(),
        }
    }
}

/// Never says why (unknown, expired or altered): that would tell a stranger
/// something about the link.
#[component]
fn InvalidLink(locale: Locale) -> impl IntoView {
    let ui = ui_locale(locale);
    let newsletter = SiteRoute {
        locale,
        target: Target::Newsletter,
    }
    .path();
    view! {
        <PageHeading text=td_string!(ui, confirm_subscription.invalid_heading) />
        <p>{td_string!(ui, confirm_subscription.invalid_text)}</p>
        <p>
            <a href=newsletter>{td_string!(ui, confirm_subscription.signup_link)}</a>
        </p>
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use wasm_bindgen_test::*;

    use crate::App;
    use crate::test_support::{container, find, open};

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    async fn a_subscription_address_without_a_token_says_the_link_does_not_work_and_offers_to_sign_up() {
        open("/es/confirm-subscription");
        let root = container();
        let _mounted = leptos::mount::mount_to(root.clone(), App);
        leptos::task::tick().await;

        let heading = find(&root, "main h1").and_then(|h| h.text_content());
        assert_eq!(heading.as_deref(), Some("Este enlace no funciona"));
        let link = find(&root, "main a[href=\"/es/newsletter\"]").expect("a link to sign up again");
        assert_eq!(link.text_content().as_deref(), Some("Suscribirse al boletín"));
        assert_eq!(leptos::prelude::document().title(), "Confirmar su suscripción | Civic");
    }
}
