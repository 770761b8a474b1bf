//! Every petition: open ones to sign first, then closed ones with their
//! result.

use civic_api::petition::PetitionSummary;
use civic_api::{Locale, SiteRoute};
use leptos::html::H1;
use leptos::prelude::*;

use crate::api;
use crate::browser::{focus_heading_after_navigation, set_document_meta};
use crate::components::load_failed::LoadFailed;
use crate::components::petition_picture::{Fetch, PetitionPicture};
use crate::components::signature_progress::SignatureProgress;
use crate::first_page;
use crate::i18n::td_string;
use crate::request::Request;
use crate::ui_locale;

#[component]
pub fn Campaigns(locale: Locale) -> impl IntoView {
    let ui = ui_locale(locale);
    let heading = NodeRef::<H1>::new();
    focus_heading_after_navigation(heading);
    set_document_meta(
        td_string!(ui, campaigns.title),
        Some(td_string!(ui, campaigns.description)),
    );
    let base = StoredValue::new(api::api_base());
    // The list the server drew the page with, or a request for it.
    let first = first_page::take_petitions();
    let drawn = first.is_some();
    let petitions = first.map_or_else(Request::new, |list| Request::answered(Ok(list)));
    let load = move || {
        let base = base.get_value();
        petitions.load(move |abort| async move { api::petitions(&base, locale, abort.as_ref()).await });
    };
    if !drawn {
        load();
    }
    let pending = petitions.pending();
    let list = move || match petitions.answer().get().filter(|_| !pending.get()) {
        None => view! {
            <div class="loading" role="status" aria-busy="true">
                <p>{td_string!(ui, campaigns.loading)}</p>
            </div>
        }
        .into_any(),
        Some(Ok(list)) => view! { <PetitionLists locale petitions=list.petitions /> }.into_any(),
        Some(Err(error)) => view! { <LoadFailed locale error retry=load /> }.into_any(),
    };
    view! {
        <h1 tabindex="-1" node_ref=heading>
            {td_string!(ui, campaigns.title)}
        </h1>
        <p>{td_string!(ui, campaigns.intro)}</p>
        {list}
    }
}

/// How wide a card's picture is shown (style/petitions.css): the list is
/// at most 44rem wide (`main > *`), in one column below 35.25rem of screen
/// and two above, 1.25rem apart, each card inside a 1px border.
const CARD_SIZES: &str = concat!(
    "(min-width: 46rem) calc(21.375rem - 2px), ",
    "(min-width: 35.25rem) calc(50vw - 1.75rem), ",
    "calc(100vw - 2.125rem)"
);

#[component]
fn PetitionLists(locale: Locale, petitions: Vec<PetitionSummary>) -> impl IntoView {
    let ui = ui_locale(locale);
    if petitions.is_empty() {
        return view! { <p class="empty">{td_string!(ui, campaigns.empty)}</p> }.into_any();
    }
    let (closed, open): (Vec<_>, Vec<_>) = petitions.into_iter().partition(|petition| petition.closed);
    // Only the first card is on a phone's first screen; the others wait
    // until they are scrolled near.
    let first = open.first().or(closed.first()).map(|petition| petition.slug.clone());
    let section = move |id: &'static str, heading: &'static str, petitions: Vec<PetitionSummary>| {
        (!petitions.is_empty()).then(|| {
            let cards = petitions
                .into_iter()
                .map(|petition| {
                    let fetch = match Some(&petition.slug) == first.as_ref() {
                        true => Fetch::Eager,
                        false => Fetch::Lazy,
                    };
                    view! { <PetitionCard locale petition fetch /> }
                })
                .collect_view();
            view! {
                <section class="petition-list" aria-labelledby=id>
                    <h2 id=id>{heading}</h2>
                    <ul class="petition-cards">{cards}</ul>
                </section>
            }
        })
    };
    let open = section("open-petitions", td_string!(ui, campaigns.open_heading), open);
    let closed = section("closed-petitions", td_string!(ui, campaigns.closed_heading), closed);
    view! {
        {open}
        {closed}
    }
    .into_any()
}

#[component]
fn PetitionCard(locale: Locale, petition: PetitionSummary, fetch: Fetch) -> impl IntoView {
    let ui = ui_locale(locale);
    let href = SiteRoute::petition(locale, petition.slug.clone()).path();
    let progress_id = format!("progress-{}", petition.slug);
    let image = petition
        .image
        .map(|image| view! { <PetitionPicture image class="card-image" sizes=CARD_SIZES fetch /> });
    let closed = petition.closed.then(|| {
        view! { <p class="badge">{td_string!(ui, campaigns.closed_badge)}</p> }
    });
    view! {
        <li class="petition-card" class:closed=petition.closed>
            {image}
            <div class="card-body">
                <h3>
                    <a href=href>{petition.title}</a>
                </h3>
                {closed}
                <p>{petition.summary}</p>
                <SignatureProgress locale id=progress_id count=petition.count goal=petition.goal />
            </div>
        </li>
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use std::time::Duration;

    use civic_api::Locale;
    use leptos::prelude::*;
    use leptos_router::components::Router;
    use wasm_bindgen_test::*;

    use super::Campaigns;
    use crate::api::ApiBase;
    use crate::components::site_context::SiteContext;
    use crate::test_support::{container, find, open, wait_for};

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    async fn the_campaigns_page_keeps_its_heading_and_offers_a_retry_when_the_api_is_unreachable() {
        open("/fr/campaigns");
        let root = container();
        let _mounted = leptos::mount::mount_to(root.clone(), || {
            provide_context(ApiBase("http://127.0.0.1:9".into()));
            view! {
                <Router>
                    <SiteContext>
                        <Campaigns locale=Locale::Fr />
                    </SiteContext>
                </Router>
            }
        });
        leptos::task::tick().await;
        assert_eq!(
            find(&root, "h1").and_then(|h| h.text_content()).as_deref(),
            Some("Campagnes")
        );
        assert!(
            find(&root, "[aria-busy=\"true\"]").is_some(),
            "a loading state shows first"
        );

        let retry = wait_for(Duration::from_secs(10), || find(&root, ".load-error button")).await;
        assert_eq!(
            retry.expect("the error state appears").text_content().as_deref(),
            Some("Réessayer")
        );
        let message = find(&root, ".load-error p")
            .and_then(|p| p.text_content())
            .unwrap_or_default();
        assert!(message.contains("Le serveur est injoignable"), "{message}");
    }
}
