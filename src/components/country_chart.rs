//! Signatures by country: a bar chart of the leading countries for the eye,
//! and beside it a table of every country for everyone, screen readers
//! included (the chart repeats the table, so assistive technology skips it).

use civic_api::Locale;
use civic_api::petition::CountryCount;
use leptos::prelude::*;

use crate::browser::{CountryNames, format_number};
use crate::i18n::td_string;
use crate::ui_locale;

/// How many countries the chart shows; the table has them all.
const CHART_ROWS: usize = 10;
/// The chart's drawing units (it scales to its box, keeping proportions).
const WIDTH: u32 = 320;
const ROW: u32 = 38;
const BAR_MAX: u64 = 250;

#[component]
pub fn CountryChart(locale: Locale, by_country: Vec<CountryCount>, csv_href: String) -> impl IntoView {
    let ui = ui_locale(locale);
    if by_country.is_empty() {
        return view! {
            <section class="by-country" aria-labelledby="by-country-heading">
                <h2 id="by-country-heading">{td_string!(ui, petition.by_country_heading)}</h2>
                <p>{td_string!(ui, petition.by_country_empty)}</p>
            </section>
        }
        .into_any();
    }
    let names = CountryNames::new(locale);
    let rows: Vec<(String, u64, String)> = by_country
        .iter()
        .map(|entry| {
            (
                names.name(entry.country),
                entry.count,
                format_number(locale, entry.count),
            )
        })
        .collect();
    let top = rows.iter().map(|(_, count, _)| *count).max().unwrap_or(1).max(1);
    let shown = rows.len().min(CHART_ROWS);
    let height = shown as u32 * ROW;
    let bars = rows
        .iter()
        .take(CHART_ROWS)
        .enumerate()
        .map(|(index, (name, count, number))| {
            let y = index as u32 * ROW;
            // Every country in the chart has signatures: keep its bar visible.
            // Whole units are fine at this size, and spare the download the
            // code that prints fractions.
            let width = (u128::from(*count) * u128::from(BAR_MAX) / u128::from(top)).max(2) as u64;
            view! {
                <text class="chart-label" x="0" y=(y + 13).to_string()>
                    {name.clone()}
                </text>
                <rect class="chart-bar" x="0" y=(y + 18).to_string() height="14" width=width.to_string() />
                <text class="chart-value" x=(width + 6).to_string() y=(y + 30).to_string()>
                    {number.clone()}
                </text>
            }
        })
        .collect_view();
    let table_rows = rows
        .into_iter()
        .map(|(name, _, number)| {
            view! {
                <tr>
                    <th scope="row">{name}</th>
                    <td>{number}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="by-country" aria-labelledby="by-country-heading">
            <h2 id="by-country-heading">{td_string!(ui, petition.by_country_heading)}</h2>
            <div class="by-country-grid">
                <svg
                    class="country-chart"
                    viewBox=format!("0 0 {WIDTH} {height}")
                    width=WIDTH.to_string()
                    height=height.to_string()
                    aria-hidden="true"
                    focusable="false"
                >
                    {bars}
                </svg>
                <div class="table-scroll" tabindex="0" role="region" aria-labelledby="by-country-caption">
                    <table class="country-table">
                        <caption id="by-country-caption">{td_string!(ui, petition.by_country_caption)}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{td_string!(ui, petition.country_column)}</th>
                                <th scope="col">{td_string!(ui, petition.signatures_column)}</th>
                            </tr>
                        </thead>
                        <tbody>{table_rows}</tbody>
                    </table>
                </div>
            </div>
            <p>
                <a href=csv_href download="">
                    {td_string!(ui, petition.csv_link)}
                </a>
            </p>
        </section>
    }
    .into_any()
}
