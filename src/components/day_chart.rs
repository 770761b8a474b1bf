//! A count per day: a column for each day for the eye, beside a table of
//! every day for everyone.

use civic_api::Locale;
use civic_api::analytics::DayCount;
use leptos::prelude::*;

use crate::components::chart_table::ChartTable;
use crate::dates::format_date;
use crate::numbers::format_number;

/// The chart's drawing units (it scales to its box, keeping proportions).
const WIDTH: u32 = 600;
const HEIGHT: u32 = 170;
/// The columns stand on this line; dates are written below it.
const BASE: u32 = 140;
const COLUMN_MAX: u64 = 115;

#[component]
pub fn DayChart(
    locale: Locale,
    id: &'static str,
    caption: String,
    day_column: &'static str,
    count_column: &'static str,
    days: Vec<DayCount>,
) -> impl IntoView {
    let top = days.iter().map(|day| day.count).max().unwrap_or(0);
    let slot = WIDTH / (days.len().max(1) as u32);
    let date = |day: &DayCount| format_date(locale, &day.day).unwrap_or_else(|| day.day.clone());
    let columns = days
        .iter()
        .enumerate()
        .filter(|(_, day)| day.count > 0)
        .map(|(index, day)| {
            let height = (u128::from(day.count) * u128::from(COLUMN_MAX) / u128::from(top.max(1))).max(2) as u32;
            let x = index as u32 * slot + slot / 8;
            view! {
                <rect
                    class="chart-bar"
                    x=x.to_string()
                    y=(BASE - height).to_string()
                    width=(slot * 3 / 4).max(1).to_string()
                    height=height.to_string()
                />
            }
        })
        .collect_view();
    // The highest count at the top and the period's first and last days
    // below are enough to read the chart; the table has every figure.
    let first = days.first().map(date).unwrap_or_default();
    let last = days.last().map(date).unwrap_or_default();
    let rows = days
        .iter()
        .map(|day| (date(day), format_number(locale, day.count)))
        .collect();
    view! {
        <div class="chart-grid day-chart-grid">
            <svg
                class="day-chart"
                viewBox=format!("0 0 {WIDTH} {HEIGHT}")
                width=WIDTH.to_string()
                height=HEIGHT.to_string()
                aria-hidden="true"
                focusable="false"
            >
                <text class="chart-value" x="0" y="14">
                    {format_number(locale, top)}
                </text>
                <line class="chart-axis" x1="0" x2=WIDTH.to_string() y1=BASE.to_string() y2=BASE.to_string() />
                {columns}
                <text class="chart-label" x="0" y=(BASE + 22).to_string()>
                    {first}
                </text>
                <text class="chart-label" x=WIDTH.to_string() y=(BASE + 22).to_string() text-anchor="end">
                    {last}
                </text>
            </svg>
            <ChartTable id caption label_column=day_column count_column rows />
        </div>
    }
}
