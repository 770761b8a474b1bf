//! Matrices: for each row, a bar per column, beside one table with a line
//! per row and a column per answer.

use civic_api::Locale;
use civic_api::survey::{Choice, MatrixRowCount};
use leptos::prelude::*;

use crate::components::survey_charts::options_chart::bar_width;
use crate::components::survey_charts::text_lines::{LINE, label_lines, wrap};
use crate::numbers::format_number;

/// The chart's drawing units (it scales to its box, keeping proportions).
const WIDTH: u32 = 320;
/// Column names on the left, bars from here.
const BAR_X: u32 = 140;
const BAR: u32 = 12;
const BAR_MAX: u64 = 145;
const ROW_LABEL_CHARS: usize = 40;
const COLUMN_LABEL_CHARS: usize = 19;

#[component]
pub fn MatrixChart(
    locale: Locale,
    /// Prefixes the ids inside, unique on the page.
    id: String,
    caption: String,
    columns: Vec<Choice>,
    rows: Vec<MatrixRowCount>,
) -> impl IntoView {
    let top = rows
        .iter()
        .flat_map(|row| row.counts.iter().copied())
        .max()
        .unwrap_or(0)
        .max(1);
    let mut y = 0;
    let mut drawn = Vec::new();
    for row in &rows {
        let lines = wrap(&row.label, ROW_LABEL_CHARS);
        drawn.push(label_lines("chart-label chart-row-label", 0, y + 13, "start", lines.clone()).into_any());
        y += lines.len() as u32 * LINE + 6;
        for (column, count) in columns.iter().zip(&row.counts) {
            let name = wrap(&column.label, COLUMN_LABEL_CHARS);
            let lines = name.len() as u32;
            let width = bar_width(*count, top, BAR_MAX);
            drawn.push(
                view! {
                    {label_lines("chart-label", 0, y + 11, "start", name)}
                    <rect class="chart-bar" x=BAR_X.to_string() y=y.to_string() height=BAR.to_string() width=width.to_string() />
                    <text class="chart-value" x=(u64::from(BAR_X) + width + 6).to_string() y=(y + 11).to_string()>
                        {format_number(locale, *count)}
                    </text>
                }
                .into_any(),
            );
            y += (lines * LINE).max(BAR) + 6;
        }
        y += 12;
    }
    let height = y.max(LINE);
    let caption_id = format!("{id}-caption");
    let labelled_by = caption_id.clone();
    let head = columns
        .iter()
        .map(|column| view! { <th scope="col">{column.label.clone()}</th> })
        .collect_view();
    let body = rows
        .into_iter()
        .map(|row| {
            let cells = row
                .counts
                .iter()
                .map(|count| view! { <td>{format_number(locale, *count)}</td> })
                .collect_view();
            view! {
                <tr>
                    <th scope="row">{row.label}</th>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="chart-grid matrix-grid">
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
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby=labelled_by>
                <table class="chart-table matrix-table">
                    <caption id=caption_id>{caption}</caption>
                    <thead>
                        <tr>
                            <td></td>
                            {head}
                        </tr>
                    </thead>
                    <tbody>{body}</tbody>
                </table>
            </div>
        </div>
    }
}
