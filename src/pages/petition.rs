//! One petition: its text, who it asks, the live count, signatures by
//! country, and the sign form (or word that it is closed).

use civic_api::petition::{PetitionCount, PetitionDetail};
use civic_api::{Locale, SiteRoute, Slug, Target, paths};
use leptos::html::H1;
use leptos::prelude::*;

use crate::analytics::use_analytics;
use crate::api::{self, ApiError};
use crate::browser::{focus_element, focus_heading_after_navigation, page_origin, set_document_meta};
use crate::components::country_chart::CountryChart;
use crate::components::petition_count::LiveCount;
use crate::components::petition_picture::{Fetch, PetitionPicture};
use crate::components::share_buttons::ShareButtons;
use crate::components::sign_panel::{SIGN_HEADING_ID, SignPanel};
use crate::dates::format_date;
use crate::first_page;
use crate::i18n::td_string;
use crate::pages::content::{LoadError, Loading};
use crate::pages::not_found::NotFound;
use crate::request::Request;
use crate::ui_locale;

/// How wide the picture is shown (style/petitions.css): the text's column,
/// at most 44rem (`.petition-main > *`), and from 60rem of screen the
/// 60rem page less its padding, the 20rem sign form and the 2.5rem gap.
const PICTURE_SIZES: &str = "(min-width: 60rem) 35.5rem, (min-width: 46rem) 44rem, calc(100vw - 2rem)";

#[component]
pub fn PetitionPage(locale: Locale, slug: Slug) -> impl IntoView {
    let base = StoredValue::new(api::api_base());
    // The petition the server drew the page with, or a request for it.
    let first = match first_page::take_petition(&slug) {
        Some(petition) => Some(Ok(petition)),
        None => first_page::take_missing().then_some(Err(ApiError::NotFound)),
    };
    let drawn = first.is_some();
    let slug = StoredValue::new(slug);
    let petition = first.map_or_else(Request::new, Request::answered);
    let load = move || {
        let (base, slug) = (base.get_value(), slug.get_value());
        petition.load(move |abort| async move { api::petition(&base, &slug, locale, abort.as_ref()).await });
    };
    if !drawn {
        load();
    }
    let pending = petition.pending();
    move || match petition.answer().get().filter(|_| !pending.get()) {
        None => view! { <Loading /> }.into_any(),
        Some(Ok(petition)) => view! { <PetitionBody locale petition /> }.into_any(),
        Some(Err(ApiError::NotFound)) => view! { <NotFound /> }.into_any(),
        Some(Err(error)) => view! { <LoadError locale error retry=load /> }.into_any(),
    }
}

/// `locale` is the page's language; the petition's text may be in English
/// where it is not translated.
#[component]
fn PetitionBody(locale: Locale, petition: PetitionDetail) -> impl IntoView {
    let ui = ui_locale(locale);
    let heading = NodeRef::<H1>::new();
    focus_heading_after_navigation(heading);
    set_document_meta(&petition.title, Some(&petition.summary));
    let text_lang = (petition.locale != locale).then_some(petition.locale.as_str());
    let route = SiteRoute::petition(locale, petition.slug.clone());
    use_analytics().page_view();
    let petition_url = format!("{}{}", page_origin(), route.path());
    let count = RwSignal::new(PetitionCount {
        count: petition.count,
        goal: petition.goal,
        closed: petition.closed,
    });
    let closed = RwSignal::new(petition.closed);
    Effect::new(move || {
        let now_closed = count.with(|count| count.closed);
        if now_closed && !closed.get_untracked() {
            closed.set(true);
        }
    });

    let opened = format_date(locale, &petition.opened_on);
    let addressed_to = petition.addressed_to.clone();
    let languages = other_languages(&petition, locale);
    // The largest thing on a desktop's first screen, and on a phone's just
    // after the count and the sign button: fetched first.
    let image = petition.image.clone().map(|image| {
        view! { <PetitionPicture image class="petition-image" sizes=PICTURE_SIZES fetch=Fetch::First /> }
    });
    let slug = petition.slug.clone();
    let title = petition.title.clone();
    let sign = {
        let (slug, title, petition_url) = (slug.clone(), title.clone(), petition_url.clone());
        move || match closed.get() {
            true => view! { <ClosedNotice locale=locale /> }.into_any(),
            false => view! {
                <SignPanel
                    locale=locale
                    slug=slug.clone()
                    title=title.clone()
                    petition_url=petition_url.clone()
                    closed
                />
            }
            .into_any(),
        }
    };
    let share_text = {
        let title = title.clone();
        td_string!(ui, petition.share_text, title = &title).to_string()
    };
    view! {
        <article class="petition">
            <header class="petition-header">
                <h1 tabindex="-1" node_ref=heading lang=text_lang>
                    {petition.title.clone()}
                </h1>
                <p class="lead" lang=text_lang>
                    {petition.summary.clone()}
                </p>
                <p class="petition-meta">
                    <span>{td_string!(ui, petition.addressed_to, name = &addressed_to).to_string()}</span>
                    {opened
                        .map(|date| {
                            view! {
                                <span>{td_string!(ui, petition.opened_on, date = &date).to_string()}</span>
                            }
                        })}
                </p>
                {languages}
            </header>
            // Before the text, so a phone shows the count and a way to sign
            // on its first screen; beside the text on wide screens.
            <div class="petition-count">
                <LiveCount locale=locale slug=slug.clone() count />
                {move || (!closed.get()).then(|| view! { <SignJump locale /> })}
            </div>
            <div class="petition-main">
                {image}
                <div class="prose" lang=text_lang inner_html=petition.body_html></div>
                <CountryChart
                    locale=locale
                    by_country=petition.by_country
                    csv_href=paths::petition_countries_csv(&slug)
                />
            </div>
            <aside class="petition-aside">
                {sign}
                <ShareButtons
                    url=petition_url
                    title=title.clone()
                    locale
                    text=share_text
                    heading=td_string!(ui, petition.share_heading)
                />
            </aside>
        </article>
    }
}

/// Links to the petition in the other languages it is written in.
fn other_languages(petition: &PetitionDetail, locale: Locale) -> Option<impl IntoView + use<>> {
    let ui = ui_locale(locale);
    let others: Vec<Locale> = petition
        .languages
        .iter()
        .copied()
        .filter(|other| *other != locale)
        .collect();
    if others.is_empty() {
        return None;
    }
    let links = others
        .into_iter()
        .map(|locale| {
            let href = SiteRoute::petition(locale, petition.slug.clone()).path();
            view! {
                <li>
                    <a href=href lang=locale.as_str() hreflang=locale.as_str()>
                        {locale.native_name()}
                    </a>
                </li>
            }
        })
        .collect_view();
    Some(view! {
        <div class="petition-languages">
            <span>{td_string!(ui, petition.other_languages)}</span>
            <ul>{links}</ul>
        </div>
    })
}

/// On a phone the form is below the petition's text: this takes the
/// visitor there, with focus on its heading (wide screens show the form
/// beside the text and hide this).
#[component]
fn SignJump(locale: Locale) -> impl IntoView {
    let ui = ui_locale(locale);
    view! {
        // A link, so it leads there before any app runs (and without one).
        <a
            href=format!("#{SIGN_HEADING_ID}")
            class="sign-jump"
            on:click=move |event| {
                event.prevent_default();
                reveal_sign_form();
            }
        >
            {td_string!(ui, petition.sign_jump)}
        </a>
    }
}

/// Focuses the form's heading, which scrolls it into view; once the form
/// has made way for its answer, brings that answer into view instead.
fn reveal_sign_form() {
    let document = document();
    if document.get_element_by_id(SIGN_HEADING_ID).is_some() {
        focus_element(SIGN_HEADING_ID);
    } else if let Ok(Some(panel)) = document.query_selector(".petition-aside") {
        panel.scroll_into_view();
    }
}

/// In place of the form once a petition no longer takes signatures.
#[component]
fn ClosedNotice(locale: Locale) -> impl IntoView {
    let ui = ui_locale(locale);
    let campaigns = SiteRoute {
        locale,
        target: Target::Campaigns,
    }
    .path();
    view! {
        <div class="closed-notice" role="status">
            <h2>{td_string!(ui, petition.closed_title)}</h2>
            <p>{td_string!(ui, petition.closed_text)}</p>
            <p>
                <a href=campaigns>{td_string!(ui, petition.campaigns_link)}</a>
            </p>
        </div>
    }
}
