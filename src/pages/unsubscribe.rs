//! Where every newsletter's unsubscribe link lands. Opening the link is the
//! one click: the address is unsubscribed as the page opens, and an "Undo"
//! button subscribes it again with the same link.

use civic_api::newsletter::{SubscriptionState, SubscriptionStatus};
use civic_api::{Locale, paths};
use leptos::prelude::*;

use crate::browser::set_document_meta;
use crate::components::link_token::{Phase, UndoableLink};
use crate::components::load_failed::LoadFailed;
use crate::components::page_heading::PageHeading;
use crate::components::undo_link_view::{UndoWords, UndoableDone};
use crate::first_page;
use crate::i18n::td_string;
use crate::pages::newsletter::LostLink;
use crate::ui_locale;

#[component]
pub fn Unsubscribe(locale: Locale) -> impl IntoView {
    let ui = ui_locale(locale);
    set_document_meta(
        td_string!(ui, unsubscribe.title),
        Some(td_string!(ui, unsubscribe.description)),
    );
    let landing = UndoableLink::follow(first_page::take_subscription(), paths::NEWSLETTER_UNSUBSCRIBE);
    let status = landing.state;
    // Undo while unsubscribed, unsubscribe (again) while subscribed.
    let toggle = Callback::new(move |()| {
        let subscribed = status.with_untracked(|status| {
            status
                .as_ref()
                .is_some_and(|status| status.state == SubscriptionState::Subscribed)
        });
        landing.send(match subscribed {
            true => paths::NEWSLETTER_UNSUBSCRIBE,
            false => paths::NEWSLETTER_RESUBSCRIBE,
        });
    });
    let retry = move || landing.retry(paths::NEWSLETTER_UNSUBSCRIBE);
    let pending = landing.pending();
    let action_failed = landing.action_failed;
    move || match landing.phase.get() {
        Phase::Working => view! {
            <div class="loading" role="status" aria-busy="true">
                <p>{td_string!(ui, unsubscribe.working)}</p>
            </div>
        }
        .into_any(),
        Phase::Invalid => view! {
            <PageHeading text=td_string!(ui, unsubscribe.invalid_heading) />
            <p>{td_string!(ui, unsubscribe.invalid_text)}</p>
            <LostLink locale />
        }
        .into_any(),
        Phase::Failed(error) => view! {
            <LoadFailed locale error retry>
                <PageHeading text=td_string!(ui, unsubscribe.title) />
            </LoadFailed>
        }
        .into_any(),
        Phase::Done => view! { <Done locale status pending action_failed toggle /> }.into_any(),
    }
}

#[component]
fn Done(
    locale: Locale,
    status: RwSignal<Option<SubscriptionStatus>>,
    pending: ReadSignal<bool>,
    action_failed: RwSignal<bool>,
    toggle: Callback<()>,
) -> impl IntoView {
    let ui = ui_locale(locale);
    let subscribed = move || {
        status.with(|status| {
            status
                .as_ref()
                .is_some_and(|status| status.state == SubscriptionState::Subscribed)
        })
    };
    let hint = move || {
        status.with(|status| {
            status
                .as_ref()
                .map(|status| status.email_hint.clone())
                .unwrap_or_default()
        })
    };
    let heading = Signal::derive(move || match subscribed() {
        true => td_string!(ui, unsubscribe.undone_heading),
        false => td_string!(ui, unsubscribe.done_heading),
    });
    let text = move || match subscribed() {
        true => td_string!(ui, unsubscribe.undone_text, email = &hint()).to_string(),
        false => td_string!(ui, unsubscribe.done_text, email = &hint()).to_string(),
    };
    let words = UndoWords {
        undo_text: td_string!(ui, unsubscribe.undo_text),
        undo: td_string!(ui, unsubscribe.undo),
        undoing: td_string!(ui, unsubscribe.undoing),
        again: td_string!(ui, unsubscribe.again),
        again_working: td_string!(ui, unsubscribe.working),
        action_error: td_string!(ui, unsubscribe.action_error),
    };
    view! {
        <UndoableDone
            heading
            text=Signal::derive(text)
            undone=Signal::derive(subscribed)
            pending
            action_failed
            toggle
            words
            class="unsubscribe-state"
        />
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use std::time::Duration;

    use civic_api::Locale;
    use leptos::prelude::*;
    use leptos_router::components::Router;
    use wasm_bindgen_test::*;

    use super::Unsubscribe;
    use crate::App;
    use crate::api::ApiBase;
    use crate::components::site_context::SiteContext;
    use crate::test_support::{container, find, open, wait_for};

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    async fn an_unsubscribe_address_without_a_token_offers_a_new_link_instead() {
        open("/fr/unsubscribe");
        let root = container();
        let _mounted = leptos::mount::mount_to(root.clone(), App);
        leptos::task::tick().await;

        let heading = find(&root, "main h1").and_then(|h| h.text_content());
        assert_eq!(heading.as_deref(), Some("Ce lien ne fonctionne pas"));
        let lost = find(&root, "main #lost-link-heading").and_then(|h| h.text_content());
        assert_eq!(lost.as_deref(), Some("Vous avez perdu votre lien de désabonnement ?"));
        assert!(
            find(&root, "main #lost-link-email").is_some(),
            "a field for the address"
        );
        assert!(
            find(&root, "#footer-newsletter-email").is_none(),
            "no sign-up form in the footer of this page"
        );
        assert_eq!(document().title(), "Se désabonner | Civic");
    }

    #[wasm_bindgen_test]
    async fn an_unreachable_server_leaves_the_link_to_try_again() {
        open("/unsubscribe?t=u.abc");
        let root = container();
        let _mounted = leptos::mount::mount_to(root.clone(), || {
            provide_context(ApiBase("http://127.0.0.1:9".into()));
            view! {
                <Router>
                    <SiteContext>
                        <Unsubscribe locale=Locale::En />
                    </SiteContext>
                </Router>
            }
        });
        leptos::task::tick().await;
        let working = find(&root, "[aria-busy=\"true\"]").and_then(|p| p.text_content());
        assert_eq!(working.as_deref(), Some("Unsubscribing…"));

        let retry = wait_for(Duration::from_secs(10), || find(&root, ".load-error button")).await;
        assert_eq!(
            retry.expect("the error state appears").text_content().as_deref(),
            Some("Try again")
        );
        assert_eq!(
            find(&root, ".load-error h1").and_then(|h| h.text_content()).as_deref(),
            Some("Unsubscribe")
        );
    }
}
