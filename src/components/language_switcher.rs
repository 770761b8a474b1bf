//! Links to the page being read, in each language the site is published in.

use civic_api::{Locale, SiteRoute};
use leptos::prelude::*;

use crate::components::site_context::use_site;
use crate::i18n::{t_string, use_i18n};
use crate::preferences::use_preferences;

#[component]
pub fn LanguageSwitcher() -> impl IntoView {
    let i18n = use_i18n();
    let site = use_site();
    let preferences = use_preferences();
    // An address that names no page has no translation: offer the home page.
    let href = move |locale: Locale| {
        site.route.with(|route| match route {
            Some(route) => route.in_locale(locale).path(),
            None => SiteRoute::home(locale).path(),
        })
    };
    let links = Locale::ALL
        .into_iter()
        .map(|locale| {
            view! {
                <li>
                    <a
                        href=move || href(locale)
                        lang=locale.as_str()
                        hreflang=locale.as_str()
                        aria-current=move || (site.locale.get() == locale).then_some("true")
                        on:click=move |_| preferences.remember_language(locale)
                    >
                        {locale.native_name()}
                    </a>
                </li>
            }
        })
        .collect_view();
    view! {
        <nav class="language-switcher" aria-label=move || t_string!(i18n, layout.language_nav)>
            <ul>{links}</ul>
        </nav>
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use leptos::prelude::*;
    use leptos_router::components::Router;
    use wasm_bindgen_test::*;

    use super::LanguageSwitcher;
    use crate::components::site_context::SiteContext;
    use crate::test_support::{all, container, open};

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    async fn the_switcher_links_to_the_same_page_in_each_language_and_marks_the_current_one() {
        open("/fr/about");
        let root = container();
        let _mounted = leptos::mount::mount_to(root.clone(), || {
            view! {
                <Router>
                    <SiteContext>
                        <LanguageSwitcher />
                    </SiteContext>
                </Router>
            }
        });
        leptos::task::tick().await;

        let links: Vec<_> = all(&root, ".language-switcher a")
            .into_iter()
            .map(|a| {
                let attribute = |name| a.get_attribute(name).unwrap_or_default();
                (
                    attribute("href"),
                    attribute("hreflang"),
                    attribute("lang"),
                    a.get_attribute("aria-current"),
                )
            })
            .collect();
        let expected = [
            ("/about", "en", "en", None),
            ("/fr/about", "fr", "fr", Some("true")),
            ("/es/about", "es", "es", None),
            ("/ar/about", "ar", "ar", None),
        ];
        assert_eq!(links.len(), expected.len(), "one link per language");
        for (link, (href, hreflang, lang, current)) in links.iter().zip(expected) {
            assert_eq!(
                (link.0.as_str(), link.1.as_str(), link.2.as_str()),
                (href, hreflang, lang)
            );
            assert_eq!(link.3.as_deref(), current, "{href} current marker");
        }
        let names: Vec<_> = all(&root, ".language-switcher a")
            .iter()
            .filter_map(|a| a.text_content())
            .collect();
        assert_eq!(names, ["English", "Français", "Español", "العربية"]);
    }
}
