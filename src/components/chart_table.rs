//! The table beside every chart: the same figures for everyone, screen
//! readers included (the charts repeat it, so assistive technology skips
//! them). It scrolls inside its own box when long.

use leptos::prelude::*;

/// `rows` are a label and its figure, already written for the language.
#[component]
pub fn ChartTable(
    /// Prefixes the caption's id, unique on the page.
    #[prop(into)]
    id: String,
    caption: String,
    label_column: &'static str,
    count_column: &'static str,
    rows: Vec<(String, String)>,
) -> impl IntoView {
    let caption_id = format!("{id}-caption");
    let labelled_by = caption_id.clone();
    let rows = rows
        .into_iter()
        .map(|(label, count)| {
            view! {
                <tr>
                    <th scope="row">{label}</th>
                    <td>{count}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-labelledby=labelled_by>
            <table class="chart-table">
                <caption id=caption_id>{caption}</caption>
                <thead>
                    <tr>
                        <th scope="col">{label_column}</th>
                        <th scope="col">{count_column}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
