//! The bottom of every page: the newsletter's sign-up, giving, the privacy
//! policy, the statistics, the member area, the contact form, a way to
//! report a problem with the page being read, and the copyright line.

use civic_api::{SiteRoute, Slug, Target};
use leptos::prelude::*;

use crate::browser::{current_year, encode_uri_component};
use crate::components::newsletter_form::{AddressPurpose, NewsletterForm};
use crate::components::site_context::use_site;
use crate::consent::settings_button::CookieSettingsButton;
use crate::i18n::{t_string, td_string, use_i18n};
use crate::ui_locale;

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
        let about = site.pathname.with(|path| encode_uri_component(path));
        format!("{}?page={about}", form.path())
    };
    let contact = move || {
        SiteRoute {
            locale: site.locale.get(),
            target: Target::Contact,
        }
        .path()
    };
    let account = move || {
        SiteRoute {
            locale: site.locale.get(),
            target: Target::Account,
        }
        .path()
    };
    let donate = move || {
        SiteRoute {
            locale: site.locale.get(),
            target: Target::Donate,
        }
        .path()
    };
    let statistics = move || {
        SiteRoute {
            locale: site.locale.get(),
            target: Target::Statistics,
        }
        .path()
    };
    let year = current_year();
    view! {
        <footer class="site-footer">
            <FooterNewsletter />
            <nav aria-label=move || t_string!(i18n, layout.footer_nav)>
                <ul>
                    <li>
                        <a href=donate>{move || t_string!(i18n, nav.donate)}</a>
                    </li>
                    <li>
                        <a href=privacy>{move || t_string!(i18n, nav.privacy)}</a>
                    </li>
                    <li>
                        <a href=statistics>{move || t_string!(i18n, statistics.title)}</a>
                    </li>
                    <li>
                        <a href=account>{move || t_string!(i18n, nav.account)}</a>
                    </li>
                    <li>
                        <a href=contact>{move || t_string!(i18n, nav.contact)}</a>
                    </li>
                    <li>
                        <a href=report>{move || t_string!(i18n, nav.report_problem)}</a>
                    </li>
                    <li>
                        <CookieSettingsButton class="link-button" />
                    </li>
                </ul>
            </nav>
            <p>{move || t_string!(i18n, layout.copyright, year = year).to_string()}</p>
        </footer>
    }
}

/// The compact sign-up, in the page's language. Left out where the page
/// itself is about the newsletter, so no page has two sign-up forms.
#[component]
pub fn FooterNewsletter() -> impl IntoView {
    let site = use_site();
    let newsletter_page = Memo::new(move |_| {
        site.route.with(|route| {
            route.as_ref().is_some_and(|route| {
                matches!(
                    route.target,
                    Target::Newsletter | Target::ConfirmSubscription | Target::Unsubscribe
                )
            })
        })
    });
    move || {
        let locale = site.locale.get();
        let ui = ui_locale(locale);
        (!newsletter_page.get()).then(|| {
            view! {
                <section class="footer-newsletter" aria-labelledby="footer-newsletter-heading">
                    <h2 id="footer-newsletter-heading">{td_string!(ui, newsletter.footer_heading)}</h2>
                    <p>{td_string!(ui, newsletter.footer_text)}</p>
                    <NewsletterForm locale purpose=AddressPurpose::SignUp id="footer-newsletter" compact=true />
                </section>
            }
        })
    }
}
