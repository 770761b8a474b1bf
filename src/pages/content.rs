//! A page written in `content/` (home, about, privacy policy...), fetched
//! from the API with its HTML already rendered and sanitised by the server.

use civic_api::page::Page;
use civic_api::{ErrorCode, Locale, SiteRoute, Slug};
use leptos::html::H1;
use leptos::prelude::*;

use crate::analytics::use_analytics;
use crate::api::{self, ApiError};
use crate::browser::{focus_heading_after_navigation, page_origin, set_document_meta};
use crate::components::load_failed::LoadFailed;
use crate::components::members_only::MembersOnly;
use crate::components::privacy_details::PrivacyDetails;
use crate::components::share_buttons::ShareButtons;
use crate::consent::banner::privacy_slug;
use crate::dates::format_date;
use crate::first_page;
use crate::i18n::{t_string, td_string, use_i18n};
use crate::pages::not_found::NotFound;
use crate::ui_locale;

#[component]
pub fn ContentPage(locale: Locale, slug: Slug) -> impl IntoView {
    // The page the server drew: the same, at once, with nothing to ask.
    if let Some(page) = first_page::take_content(locale, &slug) {
        return view! { <PageBody page /> }.into_any();
    }
    if first_page::take_missing() {
        return view! { <NotFound /> }.into_any();
    }
    if first_page::take_members_only() {
        return view! { <MembersOnly locale /> }.into_any();
    }
    let base = api::api_base();
    let page = LocalResource::new(move || {
        let (base, slug) = (base.clone(), slug.clone());
        async move { api::page(&base, locale, &slug).await }
    });
    let retry = move || page.refetch();
    // `Suspense` (not `Transition`) so that a retry shows the loading state
    // again instead of leaving the old error on screen.
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => view! { <PageBody page /> }.into_any(),
                    Err(ApiError::NotFound) => view! { <NotFound /> }.into_any(),
                    Err(ApiError::Server(body)) if body.code == ErrorCode::Unauthorized => {
                        view! { <MembersOnly locale /> }.into_any()
                    }
                    Err(error) => view! { <LoadError locale error retry /> }.into_any(),
                }
            })}
        </Suspense>
    }
    .into_any()
}

#[component]
pub fn Loading() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="loading" role="status" aria-busy="true">
            <p>{move || t_string!(i18n, page.loading)}</p>
        </div>
    }
}

#[component]
fn PageBody(page: Page) -> impl IntoView {
    let i18n = use_i18n();
    let heading = NodeRef::<H1>::new();
    focus_heading_after_navigation(heading);
    set_document_meta(&page.title, Some(&page.description));
    let revision = page.revision.map(|number| {
        let date = page
            .updated
            .as_deref()
            .and_then(|updated| format_date(page.locale, updated));
        let text = move || match &date {
            Some(date) => t_string!(i18n, page.revision_dated, number = number, date = date).to_string(),
            None => t_string!(i18n, page.revision, number = number).to_string(),
        };
        view! { <p class="revision">{text}</p> }
    });
    let changes = page.changes.clone().map(|changes| {
        view! {
            <p class="changes">
                <strong>{move || t_string!(i18n, consent.changes_label)}</strong>
                " "
                {changes}
            </p>
        }
    });
    let details = (page.slug == privacy_slug()).then(|| view! { <PrivacyDetails locale=page.locale /> });
    use_analytics().page_view();
    let share = view! { <ContentShare locale=page.locale slug=page.slug.clone() title=page.title.clone() /> };
    view! {
        <article class="content-page">
            <h1 tabindex="-1" node_ref=heading>
                {page.title.clone()}
            </h1>
            {revision}
            {changes}
            <div class="prose" inner_html=page.html></div>
            {details}
        </article>
        {share}
    }
}

/// The share buttons under the written page `slug`, titled `title`.
#[component]
pub fn ContentShare(locale: Locale, slug: Slug, title: String) -> impl IntoView {
    let url = SiteRoute::content(locale, slug.as_str())
        .map(|route| format!("{}{}", page_origin(), route.path()))
        .unwrap_or_default();
    view! {
        <ShareButtons
            url
            title=title.clone()
            text=title
            locale
            heading=td_string!(ui_locale(locale), share.page_heading)
        />
    }
}

/// The API could not be reached or failed: say which, and offer a retry.
#[component]
pub fn LoadError(locale: Locale, error: ApiError, retry: impl Fn() + Send + Sync + 'static) -> impl IntoView {
    let ui = ui_locale(locale);
    let heading = NodeRef::<H1>::new();
    focus_heading_after_navigation(heading);
    set_document_meta(td_string!(ui, page.error_title), None);
    view! {
        <LoadFailed locale error retry>
            <h1 tabindex="-1" node_ref=heading>
                {td_string!(ui, page.error_title)}
            </h1>
        </LoadFailed>
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use std::time::Duration;

    use civic_api::{Locale, Slug};
    use leptos::prelude::*;
    use leptos_router::components::Router;
    use wasm_bindgen_test::*;

    use super::ContentPage;
    use crate::api::ApiBase;
    use crate::components::site_context::SiteContext;
    use crate::test_support::{container, find, open, wait_for};

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    async fn an_unreachable_api_shows_a_clear_error_with_a_retry_button() {
        open("/about");
        let root = container();
        let _mounted = leptos::mount::mount_to(root.clone(), || {
            // Port 9 (discard) is closed here and refused by browsers anyway.
            provide_context(ApiBase("http://127.0.0.1:9".into()));
            let slug = Slug::parse("about").expect("a valid slug");
            view! {
                <Router>
                    <SiteContext>
                        <ContentPage locale=Locale::En slug />
                    </SiteContext>
                </Router>
            }
        });
        leptos::task::tick().await;
        assert!(
            find(&root, "[aria-busy=\"true\"]").is_some(),
            "a loading state shows first"
        );

        let retry = wait_for(Duration::from_secs(10), || find(&root, ".load-error button")).await;
        let retry = retry.expect("the error state appears within 10 seconds");
        assert_eq!(retry.text_content().as_deref(), Some("Try again"));
        let message = find(&root, ".load-error p")
            .and_then(|p| p.text_content())
            .unwrap_or_default();
        assert!(message.contains("could not reach the server"), "{message}");
        assert_eq!(
            find(&root, ".load-error h1").and_then(|h| h.text_content()).as_deref(),
            Some("This page could not be loaded")
        );
    }
}
