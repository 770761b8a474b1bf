//! The page for addresses that name no page, and for pages the API does not
//! know, in the language of the address.

use civic_api::SiteRoute;
use leptos::html::H1;
use leptos::prelude::*;

use crate::browser::{focus_heading_after_navigation, set_document_meta};
use crate::components::site_context::use_site;
use crate::i18n::{t_string, td_string, use_i18n};
use crate::ui_locale;

#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    let site = use_site();
    let heading = NodeRef::<H1>::new();
    focus_heading_after_navigation(heading);
    Effect::new(move || {
        let locale = ui_locale(site.locale.get());
        set_document_meta(
            td_string!(locale, not_found.title),
            Some(td_string!(locale, not_found.description)),
        );
    });
    view! {
        <h1 tabindex="-1" node_ref=heading>
            {move || t_string!(i18n, not_found.title)}
        </h1>
        <p>{move || t_string!(i18n, not_found.description)}</p>
        <p>
            <a href=move || SiteRoute::home(site.locale.get()).path()>{move || t_string!(i18n, not_found.home_link)}</a>
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
    async fn an_unknown_french_address_shows_the_not_found_page_in_french_with_a_link_home() {
        open("/fr/no/such/page");
        let root = container();
        let _mounted = leptos::mount::mount_to(root.clone(), App);
        leptos::task::tick().await;

        let heading = find(&root, "main h1").expect("the page has a heading");
        assert_eq!(heading.text_content().as_deref(), Some("Page introuvable"));
        let home = find(&root, "main a").expect("the page links home");
        assert_eq!(home.get_attribute("href").as_deref(), Some("/fr/"));
        assert_eq!(home.text_content().as_deref(), Some("Aller à la page d’accueil"));
        let html = leptos::prelude::document()
            .document_element()
            .expect("the page has a root");
        assert_eq!(html.get_attribute("lang").as_deref(), Some("fr"));
        assert_eq!(leptos::prelude::document().title(), "Page introuvable | Civic");
    }
}
