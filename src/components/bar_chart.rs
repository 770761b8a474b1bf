//! A horizontal bar chart of the leading rows for the eye, beside a table of
//! every row for everyone.

use civic_api::Locale;
use leptos::prelude::*;

use crate::components::chart_table::ChartTable;
use crate::numbers::format_number;

/// How many rows the chart shows; the table has them all.
const CHART_ROWS: usize = 10;
/// The chart's drawing units (it scales to its box, keeping proportions).
const WIDTH: u32 = 320;
const ROW: u32 = 38;
const BAR_MAX: u64 = 250;

/// `bars` are in the order to show them: a label and its count.
#[component]
pub fn BarChart(
    locale: Locale,
    /// Prefixes the ids inside, unique on the page.
    id: &'static str,
    caption: String,
    label_column: &'static str,
    count_column: &'static str,
    bars: Vec<(String, u64)>,
) -> impl IntoView {
    let rows: Vec<(String, String)> = bars
        .iter()
        .map(|(label, count)| (label.clone(), format_number(locale, *count)))
        .collect();
    let top = bars.iter().map(|(_, count)| *count).max().unwrap_or(1).max(1);
    let shown = bars.len().min(CHART_ROWS);
    let height = (shown as u32 * ROW).max(ROW);
    let drawn = bars
        .iter()
        .zip(&rows)
        .take(CHART_ROWS)
        .enumerate()
        .map(|(index, ((label, count), (_, number)))| {
            let y = index as u32 * ROW;
            // A row with a count keeps a visible bar, however small. Whole
            // units are fine at this size, and spare the download the code
            // that prints fractions.
            let width = match *count {
                0 => 0,
                count => (u128::from(count) * u128::from(BAR_MAX) / u128::from(top)).max(2) as u64,
            };
            view! {
                <text class="chart-label" x="0" y=(y + 13).to_string()>
                    {label.clone()}
                </text>
                <rect class="chart-bar" x="0" y=(y + 18).to_string() height="14" width=width.to_string() />
                <text class="chart-value" x=(width + 6).to_string() y=(y + 30).to_string()>
                    {number.clone()}
                </text>
            }
        })
        .collect_view();
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
