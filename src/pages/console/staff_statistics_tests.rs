//! The console's statistics in headless Chromium: the tables drawn from
//! the figures given (without asking the API), the share of visitors who
//! confirmed as each language writes it, the empty states, and the figures
//! asked for, or a retry offered, when the page came without them.

use std::time::Duration;

use civic_api::analytics::{ConsentRates, Funnel, PetitionFunnel, SourceTotal, StaffStatistics, Statistics};
use civic_api::{Locale, Slug};
use leptos::prelude::*;
use wasm_bindgen_test::*;

use crate::api::ApiBase;
use crate::pages::console::staff_statistics::StaffStatisticsSection;
use crate::test_support::{all, answer_fetches, container, fetches_made, find, json, wait_for};

wasm_bindgen_test_configure!(run_in_browser);

const CLOSED: &str = "http://127.0.0.1:9";
const MOCK: &str = "http://mock.statistics";

/// Answers the statistics with `answer`, or as if offline for `None`.
fn mock_api(answer: Option<&StaffStatistics>) {
    let routes = match answer {
        Some(figures) => vec![("GET /api/staff/statistics", 200, json(figures))],
        None => Vec::new(),
    };
    answer_fetches(MOCK, routes);
}

fn slug(text: &str) -> Slug {
    Slug::parse(text).expect("a well-formed slug")
}

/// A petition's funnel; `title` empty for one the server no longer has.
fn funnel(petition: &str, title: &str, viewed: u64, signed: u64, confirmed: u64) -> PetitionFunnel {
    PetitionFunnel {
        slug: slug(petition),
        title: title.to_owned(),
        funnel: Funnel {
            viewed,
            signed,
            confirmed,
        },
    }
}

fn source(name: &str, count: u64) -> SourceTotal {
    SourceTotal {
        source: name.to_owned(),
        count,
    }
}

fn figures(funnels: Vec<PetitionFunnel>, sources: Vec<SourceTotal>) -> StaffStatistics {
    StaffStatistics {
        public: Statistics {
            from: "2026-11-01".to_owned(),
            to: "2026-11-30".to_owned(),
            page_views: Vec::new(),
            top_pages: Vec::new(),
            shares: Vec::new(),
            funnel: Funnel::default(),
            page_views_by_country: Vec::new(),
            page_views_other_countries: 0,
            signatures_by_country: Vec::new(),
            consent: ConsentRates::default(),
        },
        funnel_by_petition: funnels,
        sources,
    }
}

fn sample() -> StaffStatistics {
    figures(
        vec![
            funnel("big-march", "", 1234, 700, 617),
            funnel("clean-air", "Clean air for every school", 8, 3, 1),
            funnel("quiet-streets", "", 0, 2, 1),
        ],
        vec![source("newsletter", 5), source("direct", 3)],
    )
}

fn text(element: &web_sys::Element) -> String {
    element.text_content().unwrap_or_default().trim().to_owned()
}

/// The body rows of the table whose caption reads `caption`, as texts.
fn rows(root: &web_sys::Element, caption: &str) -> Vec<Vec<String>> {
    let table = all(root, "table")
        .into_iter()
        .find(|table| find(table, "caption").is_some_and(|found| text(&found) == caption))
        .unwrap_or_else(|| panic!("no table captioned {caption:?}"));
    all(&table, "tbody tr")
        .iter()
        .map(|row| all(row, "th, td").iter().map(text).collect())
        .collect()
}

fn mount(locale: Locale, base: &'static str, first: Option<StaffStatistics>) -> (web_sys::HtmlElement, impl Drop) {
    let root = container();
    let mounted = leptos::mount::mount_to(root.clone(), move || {
        provide_context(ApiBase(base.into()));
        view! { <StaffStatisticsSection locale first /> }
    });
    (root, mounted)
}

#[wasm_bindgen_test]
async fn the_tables_are_drawn_from_the_figures_given_without_asking() {
    mock_api(None);
    let (root, _mounted) = mount(Locale::En, MOCK, Some(sample()));
    leptos::task::tick().await;

    assert_eq!(text(&find(&root, "h2").unwrap()), "Statistics");
    let paragraphs: Vec<String> = all(&root, "section > p").iter().map(text).collect();
    assert_eq!(
        paragraphs[0],
        "The last 30 days, from 1 November 2026 to 30 November 2026 (UTC)."
    );
    let link = find(&root, "a").expect("a link to the public page");
    assert_eq!(link.get_attribute("href").as_deref(), Some("/statistics"));
    assert_eq!(
        text(&link),
        "The public statistics page shows the rest: page views, shares, countries, consent."
    );
    let headings: Vec<String> = all(&root, "h3").iter().map(text).collect();
    assert_eq!(headings, ["Funnel by petition", "Where signatures came from"]);

    let columns: Vec<String> = all(&root, ".funnel-table thead th").iter().map(text).collect();
    assert_eq!(
        columns,
        ["Petition", "Viewed", "Signed", "Confirmed", "Viewed → confirmed"]
    );
    let funnel = rows(&root, "Visitors who viewed, signed and confirmed, by petition");
    assert_eq!(funnel[0], ["big-march", "1,234", "700", "617", "50.0%"]);
    assert_eq!(funnel[1], ["Clean air for every school", "8", "3", "1", "12.5%"]);
    assert_eq!(funnel[2][..4], ["quiet-streets", "0", "2", "1"]);
    let dash = find(
        &root,
        ".funnel-table tbody tr:nth-child(3) td:last-child [aria-hidden=true]",
    );
    assert_eq!(dash.map(|dash| text(&dash)).as_deref(), Some("—"));
    assert_eq!(
        find(&root, ".funnel-table tbody tr:nth-child(3) .visually-hidden")
            .map(|said| text(&said))
            .as_deref(),
        Some("No views"),
        "a screen reader hears why there is no share"
    );

    assert_eq!(
        rows(&root, "Confirmed signatures by source, all petitions"),
        [["newsletter", "5"], ["Direct (no source)", "3"]]
    );
    let regions = all(&root, ".table-scroll");
    assert_eq!(regions.len(), 2);
    for region in regions {
        assert_eq!(region.get_attribute("tabindex").as_deref(), Some("0"));
        assert_eq!(region.get_attribute("role").as_deref(), Some("region"));
        assert!(
            region.has_attribute("aria-label") || region.has_attribute("aria-labelledby"),
            "each scrolling box is named"
        );
    }
    assert!(find(&root, "[role=status]").is_none(), "nothing loads");
    let _ = wait_for(Duration::from_millis(200), || None::<()>).await;
    assert_eq!(fetches_made().len(), 0, "the figures given are not asked for");
}

#[wasm_bindgen_test]
async fn numbers_and_shares_are_written_the_way_the_language_writes_them() {
    mock_api(None);
    let (root, _mounted) = mount(Locale::Fr, MOCK, Some(sample()));
    leptos::task::tick().await;

    let funnel = rows(&root, "Visiteurs qui ont vu, signé et confirmé, par pétition");
    assert_eq!(funnel[0], ["big-march", "1\u{202f}234", "700", "617", "50,0\u{202f}%"]);
    assert_eq!(
        funnel[1],
        ["Clean air for every school", "8", "3", "1", "12,5\u{202f}%"],
        "the English title, in every language"
    );
    assert_eq!(
        rows(&root, "Signatures confirmées par source, toutes pétitions")[1],
        ["Directe (sans source)", "3"]
    );
}

#[wasm_bindgen_test]
async fn a_period_without_views_or_signatures_says_so() {
    mock_api(None);
    let nothing = figures(
        vec![funnel("clean-air", "Clean air for every school", 0, 0, 0)],
        vec![source("flyer", 0)],
    );
    let (root, _mounted) = mount(Locale::En, MOCK, Some(nothing));
    leptos::task::tick().await;

    assert!(find(&root, "table").is_none());
    let empty: Vec<String> = all(&root, "p.empty").iter().map(text).collect();
    assert_eq!(
        empty,
        [
            "No petition was viewed in this period.",
            "No signature was confirmed in this period."
        ]
    );
    assert_eq!(fetches_made().len(), 0);
}

#[wasm_bindgen_test]
async fn without_figures_it_asks_for_them() {
    mock_api(Some(&sample()));
    let (root, _mounted) = mount(Locale::En, MOCK, None);
    assert_eq!(
        find(&root, "[role=status]").map(|status| text(&status)).as_deref(),
        Some("Loading statistics…")
    );
    let drawn = wait_for(Duration::from_secs(5), || find(&root, ".funnel-table")).await;
    assert!(drawn.is_some(), "the tables come with the answer");
    assert_eq!(fetches_made().len(), 1);
    assert_eq!(
        rows(&root, "Confirmed signatures by source, all petitions")[0],
        ["newsletter", "5"]
    );
}

#[wasm_bindgen_test]
async fn a_failure_offers_to_try_again() {
    let (root, _mounted) = mount(Locale::En, CLOSED, None);
    let alert = wait_for(Duration::from_secs(10), || find(&root, "[role=alert]")).await;
    let alert = alert.expect("the failure is said");
    let said: Vec<String> = all(&alert, "p").iter().map(text).collect();
    assert_eq!(said[0], "The statistics could not be loaded.");
    assert_eq!(
        find(&alert, "button").map(|button| text(&button)).as_deref(),
        Some("Try again")
    );
}
