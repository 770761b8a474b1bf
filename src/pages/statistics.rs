//! The transparency page: every figure the site counts, as charts with
//! their tables, and in plain words what is and is not collected, so anyone
//! can check that the statistics identify no one.

use civic_api::analytics::{COUNTRY_THRESHOLD, STATISTICS_DAYS, Statistics};
use civic_api::share::Network;
use civic_api::{Locale, SiteRoute, Slug, Target};
use leptos::prelude::*;

use crate::api;
use crate::browser::set_document_meta;
use crate::components::bar_chart::BarChart;
use crate::components::country_chart::country_bars;
use crate::components::day_chart::DayChart;
use crate::components::load_failed::LoadFailed;
use crate::components::page_heading::PageHeading;
use crate::dates::format_date;
use crate::first_page;
use crate::i18n::{self, td_string};
use crate::numbers::format_number;
use crate::request::Request;
use crate::ui_locale;

#[component]
pub fn StatisticsPage(locale: Locale) -> impl IntoView {
    let ui = ui_locale(locale);
    set_document_meta(
        td_string!(ui, statistics.title),
        Some(td_string!(ui, statistics.description)),
    );
    let base = StoredValue::new(api::api_base());
    // The figures the server drew the page with, or a request for them.
    let first = first_page::take_statistics();
    let drawn = first.is_some();
    let statistics = first.map_or_else(Request::new, |statistics| Request::answered(Ok(statistics)));
    let load = move || {
        let base = base.get_value();
        statistics.load(move |abort| async move { api::statistics(&base, abort.as_ref()).await });
    };
    if !drawn {
        load();
    }
    let pending = statistics.pending();
    let figures = move || match statistics.answer().get().filter(|_| !pending.get()) {
        None => view! {
            <div class="loading" role="status" aria-busy="true">
                <p>{td_string!(ui, statistics.loading)}</p>
            </div>
        }
        .into_any(),
        Some(Ok(statistics)) => view! { <Figures locale statistics /> }.into_any(),
        Some(Err(error)) => view! {
            <LoadFailed locale error retry=load>
                <h2>{td_string!(ui, statistics.error_title)}</h2>
            </LoadFailed>
        }
        .into_any(),
    };
    let privacy = SiteRoute {
        locale,
        target: Target::Content(Slug::parse("privacy").expect("the privacy slug is well formed")),
    }
    .path();
    let threshold = COUNTRY_THRESHOLD;
    view! {
        <div class="statistics">
            <PageHeading text=td_string!(ui, statistics.title) />
            <p class="lead">{td_string!(ui, statistics.intro)}</p>
            <div class="collected">
                <section aria-labelledby="collected-heading">
                    <h2 id="collected-heading">{td_string!(ui, statistics.collected_heading)}</h2>
                    <ul>
                        <li>{td_string!(ui, statistics.collected_pages)}</li>
                        <li>{td_string!(ui, statistics.collected_shares)}</li>
                        <li>{td_string!(ui, statistics.collected_funnel)}</li>
                        <li>{td_string!(ui, statistics.collected_country, threshold = threshold).to_string()}</li>
                        <li>{td_string!(ui, statistics.collected_consent)}</li>
                    </ul>
                </section>
                <section aria-labelledby="not-collected-heading">
                    <h2 id="not-collected-heading">{td_string!(ui, statistics.not_collected_heading)}</h2>
                    <p>{td_string!(ui, statistics.not_collected)}</p>
                    <p>
                        <a href=privacy>{td_string!(ui, statistics.privacy_link)}</a>
                    </p>
                </section>
            </div>
            {figures}
        </div>
    }
}

#[component]
fn Figures(locale: Locale, statistics: Statistics) -> impl IntoView {
    let ui = ui_locale(locale);
    let date = |day: &str| format_date(locale, day).unwrap_or_else(|| day.to_owned());
    let period = td_string!(
        ui,
        statistics.period,
        days = STATISTICS_DAYS,
        from = date(&statistics.from),
        to = date(&statistics.to)
    )
    .to_string();
    let total: u64 = statistics.page_views.iter().map(|day| day.count).sum();
    let total_text = td_string!(ui, statistics.page_views_total, count = format_number(locale, total)).to_string();
    // Every other chart is the same kind, drawn by one loop: one copy of
    // its code in the download.
    let charts = bar_charts(locale, &statistics)
        .into_iter()
        .map(|chart| {
            let heading_id = format!("{}-heading", chart.id);
            let labelled_by = heading_id.clone();
            let body = match chart.bars.iter().any(|(_, count)| *count > 0) {
                true => view! {
                    <BarChart
                        locale
                        id=chart.id
                        caption=chart.caption
                        label_column=chart.label_column
                        count_column=chart.count_column
                        bars=chart.bars
                    />
                }
                .into_any(),
                false => view! { <p class="empty">{td_string!(ui, statistics.empty)}</p> }.into_any(),
            };
            view! {
                <section class="chart" aria-labelledby=labelled_by>
                    <h2 id=heading_id>{chart.heading}</h2>
                    {body}
                </section>
            }
        })
        .collect_view();
    let day_chart = match total {
        0 => view! { <p class="empty">{td_string!(ui, statistics.empty)}</p> }.into_any(),
        _ => view! {
            <p>{total_text}</p>
            <DayChart
                locale
                id="page-views"
                caption=td_string!(ui, statistics.page_views_caption).to_owned()
                day_column=td_string!(ui, statistics.day_column)
                count_column=td_string!(ui, statistics.views_column)
                days=statistics.page_views
            />
        }
        .into_any(),
    };
    view! {
        <p class="period">{period}</p>
        <section class="chart" aria-labelledby="page-views-heading">
            <h2 id="page-views-heading">{td_string!(ui, statistics.page_views_heading)}</h2>
            {day_chart}
        </section>
        {charts}
    }
}

/// One bar chart of the page and its table's words.
struct Bars {
    id: &'static str,
    heading: &'static str,
    caption: String,
    label_column: &'static str,
    count_column: &'static str,
    bars: Vec<(String, u64)>,
}

fn bar_charts(locale: Locale, statistics: &Statistics) -> [Bars; 6] {
    let ui = ui_locale(locale);
    let named = |bars: &[(&'static str, u64)]| {
        bars.iter()
            .map(|(label, count)| ((*label).to_owned(), *count))
            .collect::<Vec<_>>()
    };
    let mut countries = country_bars(locale, &statistics.page_views_by_country);
    if statistics.page_views_other_countries > 0 {
        countries.push((
            td_string!(ui, statistics.other_countries).to_owned(),
            statistics.page_views_other_countries,
        ));
    }
    let (funnel, consent) = (statistics.funnel, statistics.consent);
    let country_column = td_string!(ui, statistics.country_column);
    let views_column = td_string!(ui, statistics.views_column);
    [
        Bars {
            id: "top-pages",
            heading: td_string!(ui, statistics.top_pages_heading),
            caption: td_string!(ui, statistics.top_pages_caption).to_owned(),
            label_column: td_string!(ui, statistics.page_column),
            count_column: views_column,
            bars: statistics
                .top_pages
                .iter()
                .map(|page| (page.path.clone(), page.count))
                .collect(),
        },
        Bars {
            id: "shares",
            heading: td_string!(ui, statistics.shares_heading),
            caption: td_string!(ui, statistics.shares_caption).to_owned(),
            label_column: td_string!(ui, statistics.network_column),
            count_column: td_string!(ui, statistics.shares_column),
            bars: statistics
                .shares
                .iter()
                .map(|share| (network_name(ui, share.network).to_owned(), share.count))
                .collect(),
        },
        Bars {
            id: "funnel",
            heading: td_string!(ui, statistics.funnel_heading),
            caption: td_string!(ui, statistics.funnel_caption).to_owned(),
            label_column: td_string!(ui, statistics.step_column),
            count_column: td_string!(ui, statistics.people_column),
            bars: named(&[
                (td_string!(ui, statistics.funnel_viewed), funnel.viewed),
                (td_string!(ui, statistics.funnel_signed), funnel.signed),
                (td_string!(ui, statistics.funnel_confirmed), funnel.confirmed),
            ]),
        },
        Bars {
            id: "countries",
            heading: td_string!(ui, statistics.countries_heading),
            caption: td_string!(ui, statistics.countries_caption).to_owned(),
            label_column: country_column,
            count_column: views_column,
            bars: countries,
        },
        Bars {
            id: "signatures",
            heading: td_string!(ui, statistics.signatures_heading),
            caption: td_string!(ui, statistics.signatures_caption).to_owned(),
            label_column: country_column,
            count_column: td_string!(ui, statistics.signatures_column),
            bars: country_bars(locale, &statistics.signatures_by_country),
        },
        Bars {
            id: "consent",
            heading: td_string!(ui, statistics.consent_heading),
            caption: td_string!(
                ui,
                statistics.consent_caption,
                count = format_number(locale, consent.decisions)
            )
            .to_string(),
            label_column: td_string!(ui, statistics.choice_column),
            count_column: td_string!(ui, statistics.decisions_column),
            bars: named(&[
                (td_string!(ui, statistics.consent_preferences), consent.preferences),
                (td_string!(ui, statistics.consent_analytics), consent.analytics),
                (
                    td_string!(ui, statistics.consent_external_media),
                    consent.external_media,
                ),
                (td_string!(ui, statistics.consent_rejected_all), consent.rejected_all),
                (td_string!(ui, statistics.consent_with_signal), consent.with_signal),
            ]),
        },
    ]
}

/// Networks keep their own names; the buttons that are not one are named
/// in the page's language.
fn network_name(ui: i18n::Locale, network: Network) -> &'static str {
    match network {
        Network::Email => td_string!(ui, statistics.network_email),
        Network::Link => td_string!(ui, statistics.network_link),
        Network::Native => td_string!(ui, statistics.network_native),
        other => other.name(),
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use std::time::Duration;

    use civic_api::analytics::{ConsentRates, DayCount, Funnel, PathCount, Statistics};
    use civic_api::petition::CountryCount;
    use civic_api::{Country, Locale};
    use leptos::prelude::*;
    use leptos_router::components::Router;
    use wasm_bindgen_test::*;

    use super::{Figures, StatisticsPage};
    use crate::api::ApiBase;
    use crate::components::site_context::SiteContext;
    use crate::test_support::{all, container, find, open, wait_for};

    wasm_bindgen_test_configure!(run_in_browser);

    fn sample() -> Statistics {
        let page_views = (1..=30)
            .map(|day| DayCount {
                day: match day {
                    1 => "2026-10-31".to_owned(),
                    day => format!("2026-11-{:02}", day - 1),
                },
                count: match day {
                    29 => 12,
                    30 => 3,
                    _ => 0,
                },
            })
            .collect();
        let country = |code: &str, count| CountryCount {
            country: Country::parse(code).expect("a country code"),
            count,
        };
        Statistics {
            from: "2026-10-31".to_owned(),
            to: "2026-11-29".to_owned(),
            page_views,
            top_pages: vec![
                PathCount {
                    path: "/fr/".to_owned(),
                    count: 9,
                },
                PathCount {
                    path: "/fr/petitions/clean-air".to_owned(),
                    count: 6,
                },
            ],
            shares: Vec::new(),
            funnel: Funnel {
                viewed: 5,
                signed: 2,
                confirmed: 1,
            },
            page_views_by_country: vec![country("DE", 12)],
            page_views_other_countries: 3,
            signatures_by_country: Vec::new(),
            consent: ConsentRates {
                decisions: 4,
                preferences: 1,
                analytics: 2,
                external_media: 0,
                rejected_all: 2,
                with_signal: 1,
            },
        }
    }

    /// The rows of the table with this caption id, as its cells' texts.
    fn table(root: &web_sys::Element, id: &str) -> Vec<Vec<String>> {
        all(root, &format!("table:has(#{id}-caption) tbody tr"))
            .iter()
            .map(|row| {
                all(row, "th, td")
                    .iter()
                    .map(|cell| cell.text_content().unwrap_or_default())
                    .collect()
            })
            .collect()
    }

    #[wasm_bindgen_test]
    async fn every_figure_is_in_a_table_beside_its_chart_in_the_page_language() {
        let root = container();
        let _mounted = leptos::mount::mount_to(root.clone(), || {
            view! { <Figures locale=Locale::Fr statistics=sample() /> }
        });
        leptos::task::tick().await;

        let period = find(&root, ".period").and_then(|p| p.text_content());
        assert_eq!(
            period.as_deref(),
            Some("Chiffres des 30 derniers jours : du 31 octobre 2026 au 29 novembre 2026.")
        );
        let days = table(&root, "page-views");
        assert_eq!(days.len(), 30);
        assert_eq!(days[0], ["31 octobre 2026", "0"]);
        assert_eq!(days[28], ["28 novembre 2026", "12"]);
        let total = find(&root, "#page-views-heading ~ p").and_then(|p| p.text_content());
        assert_eq!(total.as_deref(), Some("15 pages vues au total."));
        assert_eq!(table(&root, "top-pages")[1], ["/fr/petitions/clean-air", "6"]);
        assert_eq!(
            table(&root, "funnel"),
            [
                ["Ont vu une pétition", "5"],
                ["Ont signé", "2"],
                ["Ont confirmé leur signature", "1"],
            ]
        );
        assert_eq!(
            table(&root, "countries"),
            [["Allemagne", "12"], ["Autres pays ou pays inconnu", "3"]]
        );
        assert_eq!(table(&root, "consent").len(), 5);
        let caption = find(&root, "#consent-caption").and_then(|c| c.text_content());
        assert_eq!(
            caption.as_deref(),
            Some("Choix faits dans le bandeau des cookies : 4 au total")
        );
        for empty in ["shares", "signatures"] {
            let text = find(&root, &format!("#{empty}-heading + p.empty")).and_then(|p| p.text_content());
            assert_eq!(text.as_deref(), Some("Rien n’a encore été compté."), "{empty}");
        }
        let charts = all(&root, "svg");
        assert_eq!(charts.len(), 5);
        assert!(
            charts
                .iter()
                .all(|svg| svg.get_attribute("aria-hidden").as_deref() == Some("true")),
            "the tables speak for the charts"
        );
    }

    #[wasm_bindgen_test]
    async fn the_statistics_page_explains_what_is_counted_and_offers_a_retry_when_the_api_is_unreachable() {
        open("/statistics");
        let root = container();
        let _mounted = leptos::mount::mount_to(root.clone(), || {
            provide_context(ApiBase("http://127.0.0.1:9".into()));
            view! {
                <Router>
                    <SiteContext>
                        <StatisticsPage locale=Locale::En />
                    </SiteContext>
                </Router>
            }
        });
        leptos::task::tick().await;
        assert_eq!(
            find(&root, "h1").and_then(|h| h.text_content()).as_deref(),
            Some("Statistics")
        );
        assert!(find(&root, "#not-collected-heading").is_some());
        assert!(
            find(&root, "a[href=\"/privacy\"]").is_some(),
            "a link to the privacy policy"
        );
        assert!(
            find(&root, "[aria-busy=\"true\"]").is_some(),
            "a loading state shows first"
        );

        let retry = wait_for(Duration::from_secs(10), || find(&root, ".load-error button")).await;
        assert_eq!(
            retry.expect("the error state appears").text_content().as_deref(),
            Some("Try again")
        );
    }
}
