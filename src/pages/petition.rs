//! One petition: its text, who it asks, its news, the live count,
//! signatures by country, and the sign form (or word that it is closed).

use civic_api::petition::{PetitionCount, PetitionDetail};
use civic_api::petition_news::NewsItem;
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
    let text_lang = written_in(petition.locale, locale).map(Locale::as_str);
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
                <NewsSection locale news=petition.news />
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

/// The language of a text shown on a page in `page`'s, where it is
/// another (English, where the text is not translated).
fn written_in(text: Locale, page: Locale) -> Option<Locale> {
    (text != page).then_some(text)
}

const NEWS_HEADING_ID: &str = "petition-news-heading";

/// The petition's news, newest first, each update in the page's language or
/// in English where it is not translated; nothing before the first.
#[component]
fn NewsSection(locale: Locale, mut news: Vec<NewsItem>) -> impl IntoView {
    let ui = ui_locale(locale);
    if news.is_empty() {
        return None;
    }
    news.sort_by(|a, b| (&b.posted_on, b.id).cmp(&(&a.posted_on, a.id)));
    let items = news
        .into_iter()
        .map(|item| {
            // Marked where it is not the page's language; its date is.
            let other = written_in(item.locale, locale);
            let (date_lang, date_dir) = match other {
                Some(_) => (Some(locale.as_str()), Some(locale.dir())),
                None => (None, None),
            };
            let date = format_date(locale, &item.posted_on).unwrap_or_else(|| item.posted_on.clone());
            view! {
                <article class="news-item" lang=other.map(Locale::as_str) dir=other.map(Locale::dir)>
                    <p class="news-date">
                        <time datetime=item.posted_on lang=date_lang dir=date_dir>
                            {date}
                        </time>
                    </p>
                    <h3>{item.title}</h3>
                    <div class="prose" inner_html=item.body_html></div>
                </article>
            }
        })
        .collect_view();
    Some(view! {
        <section class="petition-news" aria-labelledby=NEWS_HEADING_ID>
            <h2 id=NEWS_HEADING_ID>{td_string!(ui, petition.news_heading)}</h2>
            {items}
        </section>
    })
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

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use civic_api::petition::PetitionDetail;
    use civic_api::petition_news::NewsItem;
    use civic_api::site::FirstData;
    use civic_api::{Locale, Slug};
    use leptos::prelude::*;
    use leptos_router::components::Router;
    use wasm_bindgen_test::*;

    use super::PetitionPage;
    use crate::api::ApiBase;
    use crate::components::site_context::SiteContext;
    use crate::first_page;
    use crate::test_support::{all, container, find, open, text, texts};

    wasm_bindgen_test_configure!(run_in_browser);

    const CLOSED: &str = "http://127.0.0.1:9";

    fn item(id: i64, posted_on: &str, locale: Locale, title: &str) -> NewsItem {
        NewsItem {
            id,
            posted_on: posted_on.to_owned(),
            locale,
            title: title.to_owned(),
            body_html: format!("<p>{title}, <strong>at last</strong>.</p>"),
        }
    }

    fn petition(locale: Locale, news: Vec<NewsItem>) -> PetitionDetail {
        PetitionDetail {
            slug: Slug::parse("clean-air").unwrap(),
            locale,
            title: "De l’air pur".to_owned(),
            summary: "Respirer".to_owned(),
            addressed_to: "La mairie".to_owned(),
            body_html: "<p>Nous demandons.</p>".to_owned(),
            image: None,
            count: 12,
            goal: 100,
            closed: false,
            opened_on: "2026-11-01".to_owned(),
            languages: vec![Locale::En, Locale::Fr],
            by_country: Vec::new(),
            short_path: "/s/Kq3x9T".to_owned(),
            news,
        }
    }

    /// The page at `path`, drawn from `petition` as the app draws it after
    /// the server.
    fn mount(path: &str, locale: Locale, petition: PetitionDetail) -> (web_sys::HtmlElement, impl Drop) {
        open(path);
        first_page::put(Some(FirstData::Petition(petition)), None);
        let root = container();
        let mounted = leptos::mount::mount_to(root.clone(), move || {
            provide_context(ApiBase(CLOSED.into()));
            let slug = Slug::parse("clean-air").unwrap();
            view! {
                <Router>
                    <SiteContext>
                        <PetitionPage locale slug />
                    </SiteContext>
                </Router>
            }
        });
        (root, mounted)
    }

    #[wasm_bindgen_test]
    async fn the_news_shows_newest_first_and_says_which_update_is_in_english() {
        let news = vec![
            item(1, "2026-11-20", Locale::Fr, "La mairie répond"),
            item(3, "2026-12-04", Locale::En, "Victory"),
            item(2, "2026-12-04", Locale::Fr, "Rendez-vous pris"),
        ];
        let (root, _mounted) = mount("/fr/petitions/clean-air", Locale::Fr, petition(Locale::Fr, news));
        leptos::task::tick().await;

        let section = find(&root, "section.petition-news").expect("a section for the news");
        let heading = find(&section, "h2").unwrap();
        assert_eq!(text(&heading), "Nouvelles de cette pétition");
        assert_eq!(section.get_attribute("aria-labelledby"), Some(heading.id()));
        assert_eq!(
            texts(&section, "article h3"),
            ["Victory", "Rendez-vous pris", "La mairie répond"],
            "newest first"
        );
        let articles = all(&section, "article");
        assert_eq!(articles[0].get_attribute("lang").as_deref(), Some("en"));
        assert_eq!(articles[0].get_attribute("dir").as_deref(), Some("ltr"));
        assert_eq!(articles[1].get_attribute("lang"), None, "in the page's language");
        let date = find(&articles[0], "time").unwrap();
        assert_eq!(date.get_attribute("datetime").as_deref(), Some("2026-12-04"));
        assert_eq!(text(&date), "4 décembre 2026");
        assert_eq!(
            date.get_attribute("lang").as_deref(),
            Some("fr"),
            "the date is the page's"
        );
        assert_eq!(text(&find(&articles[2], "time").unwrap()), "20 novembre 2026");
        let body = find(&articles[0], ".prose strong").expect("the body as the server made it");
        assert_eq!(text(&body), "at last");
    }

    #[wasm_bindgen_test]
    async fn an_arabic_page_marks_an_english_update_left_to_right() {
        let news = vec![item(1, "2026-12-04", Locale::En, "Victory")];
        let (root, _mounted) = mount("/ar/petitions/clean-air", Locale::Ar, petition(Locale::En, news));
        leptos::task::tick().await;
        let article = find(&root, ".petition-news article").expect("the update");
        assert_eq!(article.get_attribute("lang").as_deref(), Some("en"));
        assert_eq!(article.get_attribute("dir").as_deref(), Some("ltr"));
        let date = find(&article, "time").unwrap();
        assert_eq!(date.get_attribute("dir").as_deref(), Some("rtl"));
    }

    #[wasm_bindgen_test]
    async fn a_petition_without_news_has_no_news_section() {
        let (root, _mounted) = mount("/petitions/clean-air", Locale::En, petition(Locale::En, Vec::new()));
        leptos::task::tick().await;
        assert!(find(&root, ".petition h1").is_some(), "the petition is drawn");
        assert!(find(&root, ".petition-news").is_none());
    }
}
