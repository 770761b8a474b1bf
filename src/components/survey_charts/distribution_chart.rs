//! Ratings (1-5) and scales (0-10): a column per value with the average
//! marked, beside a table of how many chose each value.

use civic_api::Locale;
use leptos::prelude::*;

use crate::components::chart_table::ChartTable;
use crate::components::survey_charts::options_chart::bar_width;
use crate::components::survey_charts::text_lines::{label_lines, wrap};
use crate::i18n::td_string;
use crate::numbers::format_number;
use crate::ui_locale;

/// The chart's drawing units (it scales to its box, keeping proportions).
const WIDTH: u32 = 320;
/// The columns stand on this line; values are written below it.
const BASE: u32 = 130;
const COLUMN_MAX: u64 = 95;
/// About how many characters of an end label fit in half the width.
const END_LABEL_CHARS: usize = 22;

/// How the values and their ends are named.
#[derive(Debug, Clone, PartialEq)]
pub struct Scale {
    pub min: u8,
    pub low: String,
    pub high: String,
}

#[component]
pub fn DistributionChart(
    locale: Locale,
    /// Prefixes the ids inside, unique on the page.
    id: String,
    caption: String,
    scale: Scale,
    /// `counts[i]` chose `scale.min + i`.
    counts: Vec<u64>,
    mean: Option<f64>,
) -> impl IntoView {
    let ui = ui_locale(locale);
    let slot = WIDTH / counts.len().max(1) as u32;
    let top = counts.iter().copied().max().unwrap_or(0).max(1);
    let value = |index: usize| u32::from(scale.min) + index as u32;
    let columns = counts
        .iter()
        .enumerate()
        .map(|(index, count)| {
            let height = bar_width(*count, top, COLUMN_MAX) as u32;
            let x = index as u32 * slot;
            let middle = (x + slot / 2).to_string();
            view! {
                <rect
                    class="chart-bar"
                    x=(x + slot / 6).to_string()
                    y=(BASE - height).to_string()
                    width=(slot * 2 / 3).max(1).to_string()
                    height=height.to_string()
                />
                <text class="chart-value" x=middle.clone() y=(BASE - height - 4).to_string() text-anchor="middle">
                    {format_number(locale, *count)}
                </text>
                <text class="chart-label" x=middle y=(BASE + 16).to_string() text-anchor="middle">
                    {value(index).to_string()}
                </text>
            }
        })
        .collect_view();
    let low = wrap(&scale.low, END_LABEL_CHARS);
    let high = wrap(&scale.high, END_LABEL_CHARS);
    let height = BASE + 24 + low.len().max(high.len()) as u32 * 16;
    // The average as a dashed line across the columns, where it falls
    // between the values; its label stays inside the chart.
    let mean_mark = mean.map(|mean| {
        let x = (mean - f64::from(scale.min)) * f64::from(slot) + f64::from(slot) / 2.0;
        let x = x.clamp(0.0, f64::from(WIDTH));
        let anchor = match x {
            x if x < 60.0 => "start",
            x if x > f64::from(WIDTH) - 60.0 => "end",
            _ => "middle",
        };
        let label = td_string!(ui, survey_results.mean_label, mean = format_mean(locale, mean)).to_string();
        view! {
            <line class="chart-mean" x1=format!("{x:.1}") x2=format!("{x:.1}") y1="20" y2=BASE.to_string() />
            <text class="chart-value" x=format!("{x:.1}") y="12" text-anchor=anchor>
                {label}
            </text>
        }
    });
    let last = counts.len().saturating_sub(1);
    let rows = counts
        .iter()
        .enumerate()
        .map(|(index, count)| {
            let label = match index {
                0 => format!("{} – {}", value(index), scale.low),
                index if index == last => format!("{} – {}", value(index), scale.high),
                _ => value(index).to_string(),
            };
            (label, format_number(locale, *count))
        })
        .collect();
    let max = value(last);
    let summary = mean.map(|mean| {
        let text = td_string!(
            ui,
            survey_results.mean,
            mean = format_mean(locale, mean),
            min = scale.min,
            max = max
        )
        .to_string();
        view! { <p class="chart-mean-text">{text}</p> }
    });
    view! {
        <div class="chart-grid">
            <svg
                class="distribution-chart"
                viewBox=format!("0 0 {WIDTH} {height}")
                width=WIDTH.to_string()
                height=height.to_string()
                aria-hidden="true"
                focusable="false"
            >
                <line class="chart-axis" x1="0" x2=WIDTH.to_string() y1=BASE.to_string() y2=BASE.to_string() />
                // Behind the columns, whose counts stay readable over it.
                {mean_mark}
                {columns}
                {label_lines("chart-label", 0, BASE + 36, "start", low)}
                {label_lines("chart-label", WIDTH, BASE + 36, "end", high)}
            </svg>
            <div>
                <ChartTable
                    id
                    caption
                    label_column=td_string!(ui, survey_results.value_column)
                    count_column=td_string!(ui, survey_results.people_column)
                    rows
                />
                {summary}
            </div>
        </div>
    }
}

/// An average with one decimal, written with the language's decimal mark.
pub fn format_mean(locale: Locale, mean: f64) -> String {
    let text = format!("{mean:.1}");
    match locale {
        Locale::En | Locale::Ar => text,
        Locale::Fr | Locale::Es => text.replace('.', ","),
    }
}

#[cfg(test)]
mod tests {
    use civic_api::Locale;

    use super::format_mean;

    #[test]
    fn averages_keep_one_decimal_with_the_language_s_mark() {
        assert_eq!(format_mean(Locale::En, 3.24), "3.2");
        assert_eq!(format_mean(Locale::Fr, 7.0), "7,0");
        assert_eq!(format_mean(Locale::Es, 4.56), "4,6");
    }
}
