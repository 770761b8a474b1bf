//! The bottom of every page: the privacy policy, a way to report a problem
//! with the page being read, and the copyright line.

use civic_api::{SiteRoute, Slug, Target};
use leptos::prelude::*;

use crate::browser::current_year;
use crate::components::site_context::use_site;
use crate::i18n::{t_string, use_i18n};

#[component]
pub fn Footer() -> impl IntoView {
    let i18n = use_i18n();
    let site = use_site();
    let privacy = move || {
        let slug = Slug::parse("privacy").expect("the privacy slug is well formed");
        SiteRoute {
            locale: site.locale.get(),
            target: Target::Content(slug),
        }
        .path()
    };
    let report = move || {
        let form = SiteRoute {
            locale: site.locale.get(),
            target: Target::ReportProblem,
        };
        let about = site
            .pathname
            .with(|path| String::from(js_sys::encode_uri_component(path)));
        format!("{}?page={about}", form.path())
    };
    let year = current_year();
    view! {
        <footer class="site-footer">
            <nav aria-label=move || t_string!(i18n, layout.footer_nav)>
                <ul>
                    <li>
                        <a href=privacy>{move || t_string!(i18n, nav.privacy)}</a>
                    </li>
                    <li>
                        <a href=report>{move || t_string!(i18n, nav.report_problem)}</a>
                    </li>
                </ul>
            </nav>
            <p>{move || t_string!(i18n, layout.copyright, year = year).to_string()}</p>
        </footer>
    }
}
