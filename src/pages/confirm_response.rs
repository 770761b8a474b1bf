//! Where the link in a survey's confirmation e-mail lands: the answer is
//! counted as the page opens (surveys limited to one answer per address).

use civic_api::{ErrorCode, Locale, SiteRoute, Target};
use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::browser::set_document_meta;
use crate::components::link_token::{LinkToken, followed_or_new};
use crate::components::load_failed::LoadFailed;
use crate::components::page_heading::PageHeading;
use crate::first_page;
use crate::i18n::td_string;
use crate::ui_locale;

#[component]
pub fn ConfirmResponsePage(locale: Locale) -> impl IntoView {
    let ui = ui_locale(locale);
    set_document_meta(
        td_string!(ui, surveys.confirm_title),
        Some(td_string!(ui, surveys.confirm_description)),
    );
    let base = StoredValue::new(api::api_base());
    // The server confirms it when it draws the page (the link works without
    // JavaScript); the app then shows what came of it.
    let (confirm, followed) = followed_or_new(first_page::take_response_confirmation());
    // Confirming is idempotent on the server: a retry after a network
    // failure, or the same link opened twice, counts the answer once.
    let send = move |token: String| {
        let base = base.get_value();
        confirm.send(async move { api::confirm_response(&base, &token).await });
    };
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
                    <p>{td_string!(ui, surveys.confirming)}</p>
                </div>
            }
            .into_any(),
            Some(Ok(_)) => view! {
                <Outcome
                    locale
                    heading=td_string!(ui, surveys.confirmed)
                    text=td_string!(ui, surveys.confirmed_text)
                />
            }
            .into_any(),
            Some(Err(ApiError::NotFound)) => view! { <InvalidLink locale /> }.into_any(),
            // One answer per person: the first one stays, this one is dropped.
            Some(Err(ApiError::Server(body))) if body.code == ErrorCode::Conflict => view! {
                <Outcome
                    locale
                    heading=td_string!(ui, surveys.already_heading)
                    text=td_string!(ui, surveys.already_text)
                />
            }
            .into_any(),
            Some(Err(error)) => view! {
                <LoadFailed locale error retry>
                    <PageHeading text=td_string!(ui, surveys.confirm_title) />
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
    view! {
        <Outcome
            locale
            heading=td_string!(ui, surveys.invalid_heading)
            text=td_string!(ui, surveys.invalid_text)
        />
    }
}

/// How the link ended, and the way to the other surveys.
#[component]
fn Outcome(locale: Locale, heading: &'static str, text: &'static str) -> impl IntoView {
    let ui = ui_locale(locale);
    let surveys = SiteRoute {
        locale,
        target: Target::Surveys,
    }
    .path();
    view! {
        <PageHeading text=heading />
        <p>{text}</p>
        <p>
            <a href=surveys>{td_string!(ui, surveys.surveys_link)}</a>
        </p>
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use std::time::Duration;

    use civic_api::Locale;
    use leptos::prelude::*;
    use leptos_router::components::Router;
    use wasm_bindgen_test::*;

    use super::ConfirmResponsePage;
    use crate::api::ApiBase;
    use crate::components::site_context::SiteContext;
    use crate::test_support::{container, find, open, wait_for};

    wasm_bindgen_test_configure!(run_in_browser);

    fn mount(path: &str, locale: Locale, base: &str) -> (web_sys::HtmlElement, impl Sized) {
        open(path);
        let root = container();
        let base = base.to_owned();
        let mounted = leptos::mount::mount_to(root.clone(), move || {
            provide_context(ApiBase(base));
            view! {
                <Router>
                    <SiteContext>
                        <ConfirmResponsePage locale />
                    </SiteContext>
                </Router>
            }
        });
        (root, mounted)
    }

    fn text(root: &web_sys::Element, selector: &str) -> Option<String> {
        find(root, selector).and_then(|element| element.text_content())
    }

    #[wasm_bindgen_test]
    async fn a_confirmation_address_without_a_token_says_the_link_does_not_work_and_offers_the_surveys() {
        let (root, _mounted) = mount("/es/confirm-response", Locale::Es, "http://127.0.0.1:9");
        leptos::task::tick().await;

        assert_eq!(text(&root, "h1").as_deref(), Some("Este enlace no funciona"));
        let link = find(&root, "a[href=\"/es/surveys\"]").expect("a link to the surveys");
        assert_eq!(link.text_content().as_deref(), Some("Ver las encuestas"));
        assert_eq!(document().title(), "Confirmar su respuesta | Civic");
    }

    #[wasm_bindgen_test]
    async fn a_token_is_sent_as_the_page_opens_and_a_failure_offers_a_retry() {
        let (root, _mounted) = mount("/fr/confirm-response?t=v.abc", Locale::Fr, "http://127.0.0.1:9");
        leptos::task::tick().await;
        assert_eq!(
            text(&root, "[aria-busy=\"true\"]").as_deref(),
            Some("Confirmation de votre réponse…")
        );

        let retry = wait_for(Duration::from_secs(10), || find(&root, ".load-error button")).await;
        assert_eq!(
            retry.expect("the error state appears").text_content().as_deref(),
            Some("Réessayer")
        );
        assert_eq!(
            text(&root, ".load-error h1").as_deref(),
            Some("Confirmer votre réponse")
        );
    }

    #[wasm_bindgen_test]
    async fn a_refused_token_says_the_link_does_not_work() {
        // The test server answers 404 to the API's address, as the API does
        // for an unknown, expired or altered token.
        let (root, _mounted) = mount("/confirm-response?t=v.abc", Locale::En, "");
        let heading = wait_for(Duration::from_secs(10), || {
            text(&root, "h1").filter(|heading| heading == "This link does not work")
        })
        .await;
        assert!(heading.is_some(), "the invalid link state appears");
    }
}
