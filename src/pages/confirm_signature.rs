//! Where the link in a confirmation e-mail lands: the signature is confirmed
//! once, then the signer is thanked and can share the petition.

use civic_api::analytics::EventKind;
use civic_api::petition::Confirmation;
use civic_api::{ErrorCode, Locale, SiteRoute, Target};
use leptos::html::H1;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::analytics::use_analytics;
use crate::api::{self, ApiError};
use crate::browser::{focus_heading_after_navigation, page_origin, set_document_meta};
use crate::components::thank_you::ThankYou;
use crate::first_page;
use crate::i18n::td_string;
use crate::request::Request;
use crate::ui_locale;

#[component]
pub fn ConfirmSignature(locale: Locale) -> impl IntoView {
    let ui = ui_locale(locale);
    set_document_meta(
        td_string!(ui, confirm_signature.title),
        Some(td_string!(ui, confirm_signature.description)),
    );
    let base = StoredValue::new(api::api_base());
    // The server confirms it when it draws the page (the link works without
    // JavaScript); the app then shows what came of it.
    let first = first_page::take_confirmation().map(|result| result.map_err(ApiError::from_body));
    let drawn = first.is_some();
    let confirm = first.map_or_else(Request::new, Request::answered);
    let send = move |token: String| {
        let base = base.get_value();
        confirm.send(async move { api::confirm_signature(&base, &token).await });
    };
    // Read in an effect: on a client-side navigation the query may settle
    // after the path. The token is sent once; confirming is idempotent on
    // the server anyway, so a retry after a network failure is safe.
    let query = use_query_map();
    let missing = RwSignal::new(false);
    Effect::new(move |sent: Option<bool>| {
        if drawn || sent == Some(true) {
            return true;
        }
        match query
            .with(|query| query.get("t"))
            .filter(|token| !token.trim().is_empty())
        {
            Some(token) => {
                missing.set(false);
                send(token);
                true
            }
            None => {
                missing.set(true);
                false
            }
        }
    });
    let retry = move |_| {
        if let Some(token) = query.with_untracked(|query| query.get("t")) {
            send(token);
        }
    };
    let pending = confirm.pending();
    move || {
        if missing.get() {
            return view! { <InvalidLink locale /> }.into_any();
        }
        match confirm.answer().get().filter(|_| !pending.get()) {
            None => view! {
                <div class="loading" role="status" aria-busy="true">
                    <p>{td_string!(ui, confirm_signature.confirming)}</p>
                </div>
            }
            .into_any(),
            Some(Ok(confirmation)) => view! { <Confirmed locale confirmation /> }.into_any(),
            Some(Err(ApiError::NotFound)) => view! { <InvalidLink locale /> }.into_any(),
            // The petition closed after the visitor signed: retrying cannot help.
            Some(Err(ApiError::Server(body))) if body.code == ErrorCode::Conflict => view! {
                <Unusable
                    locale
                    heading=td_string!(ui, petition.closed_title)
                    text=td_string!(ui, petition.closed_text)
                />
            }
            .into_any(),
            Some(Err(error)) => {
                let reason = match error {
                    ApiError::Network => td_string!(ui, page.error_network),
                    _ => td_string!(ui, page.error_server),
                };
                view! { <ConfirmFailed locale reason retry /> }.into_any()
            }
        }
    }
}

#[component]
fn Confirmed(locale: Locale, confirmation: Confirmation) -> impl IntoView {
    let ui = ui_locale(locale);
    let heading = NodeRef::<H1>::new();
    focus_heading_after_navigation(heading);
    let route = SiteRoute::petition(locale, confirmation.slug.clone());
    use_analytics().petition(EventKind::PetitionConfirmed, &route);
    let petition = route.path();
    let petition_url = format!("{}{petition}", page_origin());
    view! {
        <h1 tabindex="-1" node_ref=heading>
            {td_string!(ui, confirm_signature.confirmed)}
        </h1>
        <p>
            {td_string!(ui, confirm_signature.signed_label)} " "
            <a href=petition>{confirmation.title.clone()}</a>
        </p>
        <ThankYou
            locale
            first_name=confirmation.first_name
            referral=confirmation.referral
            petition_url
            title=confirmation.title
        />
    }
}

/// Never says why (unknown, expired or altered): that would tell a stranger
/// something about the link.
#[component]
fn InvalidLink(locale: Locale) -> impl IntoView {
    let ui = ui_locale(locale);
    view! {
        <Unusable
            locale
            heading=td_string!(ui, confirm_signature.invalid_heading)
            text=td_string!(ui, confirm_signature.invalid_text)
        />
    }
}

/// A link that cannot confirm anything, and why, with the way to the
/// other petitions.
#[component]
fn Unusable(locale: Locale, heading: &'static str, text: &'static str) -> impl IntoView {
    let ui = ui_locale(locale);
    let heading_ref = NodeRef::<H1>::new();
    focus_heading_after_navigation(heading_ref);
    let campaigns = SiteRoute {
        locale,
        target: Target::Campaigns,
    }
    .path();
    view! {
        <h1 tabindex="-1" node_ref=heading_ref>
            {heading}
        </h1>
        <p>{text}</p>
        <p>
            <a href=campaigns>{td_string!(ui, confirm_signature.campaigns_link)}</a>
        </p>
    }
}

#[component]
fn ConfirmFailed(
    locale: Locale,
    reason: &'static str,
    retry: impl Fn(leptos::ev::MouseEvent) + 'static,
) -> impl IntoView {
    let ui = ui_locale(locale);
    let heading = NodeRef::<H1>::new();
    focus_heading_after_navigation(heading);
    view! {
        <div class="load-error" role="alert">
            <h1 tabindex="-1" node_ref=heading>
                {td_string!(ui, confirm_signature.title)}
            </h1>
            <p>{reason}</p>
            <button type="button" on:click=retry>
                {td_string!(ui, page.retry)}
            </button>
        </div>
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use wasm_bindgen_test::*;

    use crate::App;
    use crate::test_support::{container, find, open};

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    async fn a_confirmation_address_without_a_token_says_the_link_does_not_work_and_offers_the_petitions() {
        open("/es/confirm-signature");
        let root = container();
        let _mounted = leptos::mount::mount_to(root.clone(), App);
        leptos::task::tick().await;

        let heading = find(&root, "main h1").expect("a heading");
        assert_eq!(heading.text_content().as_deref(), Some("Este enlace no funciona"));
        let link = find(&root, "main a[href=\"/es/campaigns\"]").expect("a link to the petitions");
        assert_eq!(link.text_content().as_deref(), Some("Ver las peticiones"));
        assert_eq!(leptos::prelude::document().title(), "Confirmar su firma | Civic");
    }
}
