//! The top of every page: the skip link, then the organisation's name, the
//! main navigation and the language switcher.

use civic_api::site::{HOME_SLUG, SITE_NAME};
use civic_api::{SiteRoute, Slug, Target};
use leptos::prelude::*;

use crate::browser::focus_element;
use crate::components::language_switcher::LanguageSwitcher;
use crate::components::site_context::use_site;
use crate::i18n::{t_string, use_i18n};

pub const MAIN_ID: &str = "main";

/// The first thing a keyboard reaches on every page, before even the
/// consent banner.
#[component]
pub fn SkipLink() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <a class="skip-link" href=format!("#{MAIN_ID}") on:click=skip_to_main>
            {move || t_string!(i18n, layout.skip_link)}
        </a>
    }
}

#[component]
pub fn Header() -> impl IntoView {
    let i18n = use_i18n();
    let site = use_site();
    let home = move || SiteRoute::home(site.locale.get()).path();
    view! {
        <header class="site-header">
            <div class="bar">
                <a class="brand" href=home>
                    {SITE_NAME}
                </a>
                <LanguageSwitcher />
            </div>
            <nav class="main-nav" aria-label=move || t_string!(i18n, layout.main_nav)>
                <ul>
                    <NavLink target=content(HOME_SLUG)>{move || t_string!(i18n, nav.home)}</NavLink>
                    <NavLink target=Target::Campaigns>{move || t_string!(i18n, nav.campaigns)}</NavLink>
                    <NavLink target=Target::Surveys>{move || t_string!(i18n, nav.surveys)}</NavLink>
                    <NavLink target=content("about")>{move || t_string!(i18n, nav.about)}</NavLink>
                    <NavLink target=content("privacy")>{move || t_string!(i18n, nav.privacy)}</NavLink>
                </ul>
            </nav>
        </header>
    }
}

/// The router would only scroll to `#main`; keyboard and screen-reader users
/// need the focus to move there too.
fn skip_to_main(event: leptos::ev::MouseEvent) {
    event.prevent_default();
    focus_element(MAIN_ID);
}

fn content(slug: &'static str) -> Target {
    Target::Content(Slug::parse(slug).expect("navigation slugs are well formed"))
}

/// A link to a page in the current language, marked as the current page
/// when it is.
#[component]
fn NavLink(target: Target, children: Children) -> impl IntoView {
    let site = use_site();
    let route = Memo::new(move |_| SiteRoute {
        locale: site.locale.get(),
        target: target.clone(),
    });
    let is_current = move || site.route.with(|current| current.as_ref() == Some(&route.get()));
    view! {
        <li>
            <a href=move || route.get().path() aria-current=move || is_current().then_some("page")>
                {children()}
            </a>
        </li>
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use leptos::prelude::*;
    use leptos_router::components::Router;
    use wasm_bindgen_test::*;

    use super::{Header, SkipLink};
    use crate::components::footer::Footer;
    use crate::components::site_context::SiteContext;
    use crate::consent::ConsentScope;
    use crate::test_support::{all, container, find, open};

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    async fn the_navigation_stays_in_the_language_of_the_address_and_marks_the_current_page() {
        open("/fr/privacy");
        let root = container();
        let _mounted = leptos::mount::mount_to(root.clone(), || {
            view! {
                <Router>
                    <SiteContext>
                        <SkipLink />
                        <ConsentScope>
                            <Header />
                            <Footer />
                        </ConsentScope>
                    </SiteContext>
                </Router>
            }
        });
        leptos::task::tick().await;

        let links: Vec<_> = all(&root, ".main-nav a")
            .iter()
            .map(|a| {
                (
                    a.get_attribute("href").unwrap_or_default(),
                    a.get_attribute("aria-current"),
                )
            })
            .collect();
        let expected = [
            ("/fr/", None),
            ("/fr/campaigns", None),
            ("/fr/surveys", None),
            ("/fr/about", None),
            ("/fr/privacy", Some("page")),
        ];
        assert_eq!(links.len(), expected.len());
        for ((href, current), (expected_href, expected_current)) in links.iter().zip(expected) {
            assert_eq!((href.as_str(), current.as_deref()), (expected_href, expected_current));
        }
        let report = find(&root, ".site-footer a[href*=\"report-a-problem\"]").expect("the footer links to the form");
        assert_eq!(
            report.get_attribute("href").as_deref(),
            Some("/fr/report-a-problem?page=%2Ffr%2Fprivacy"),
            "the form is told which page the visitor was on"
        );
        let skip = find(&root, ".skip-link").expect("a skip link");
        assert_eq!(skip.text_content().as_deref(), Some("Aller au contenu principal"));
    }
}
