//! Choices, dropdowns and yes/no: a bar per option in the survey's order,
//! beside a table of the same counts.

use civic_api::Locale;
use leptos::prelude::*;

use crate::components::chart_table::ChartTable;
use crate::components::survey_charts::text_lines::{LINE, label_lines, wrap};
use crate::numbers::format_number;

/// The chart's drawing units (it scales to its box, keeping proportions).
const WIDTH: u32 = 320;
const BAR: u32 = 14;
const BAR_MAX: u64 = 250;
/// About how many characters of a 13px label fit across the chart.
const LABEL_CHARS: usize = 40;

/// `options` are each option's label and count, in the survey's order.
#[component]
pub fn OptionsChart(
    locale: Locale,
    /// Prefixes the ids inside, unique on the page.
    id: String,
    caption: String,
    label_column: &'static str,
    count_column: &'static str,
    options: Vec<(String, u64)>,
) -> impl IntoView {
    let top = options.iter().map(|(_, count)| *count).max().unwrap_or(0).max(1);
    let mut y = 0;
    let drawn = options
        .iter()
        .map(|(label, count)| {
            let lines = wrap(label, LABEL_CHARS);
            let label_y = y + 13;
            let bar_y = y + lines.len() as u32 * LINE + 4;
            y = bar_y + BAR + 12;
            let width = bar_width(*count, top, BAR_MAX);
            view! {
                {label_lines("chart-label", 0, label_y, "start", lines)}
                <rect class="chart-bar" x="0" y=bar_y.to_string() height=BAR.to_string() width=width.to_string() />
                <text class="chart-value" x=(width + 6).to_string() y=(bar_y + 12).to_string()>
                    {format_number(locale, *count)}
                </text>
            }
        })
        .collect_view();
    let height = y.max(LINE);
    let rows = options
        .into_iter()
        .map(|(label, count)| (label, format_number(locale, count)))
        .collect();
    view! {
        <div class="chart-grid">
            <svg
                class="bar-chart"
                viewBox=format!("0 0 {WIDTH} {height}")
                width=WIDTH.to_string()
                height=height.to_string()
                aria-hidden="true"
                focusable="false"
            >
                {drawn}
            </svg>
            <ChartTable id caption label_column count_column rows />
        </div>
    }
}

/// A count's bar length against the largest: one with a count keeps a
/// visible bar, however small.
pub fn bar_width(count: u64, top: u64, max: u64) -> u64 {
    match count {
        0 => 0,
        count => (u128::from(count) * u128::from(max) / u128::from(top.max(1))).max(2) as u64,
    }
}
