//! The counted signatures as tables: by day, each with a bar for the eye
//! (the table says it all in figures); by country; by source. Each table
//! scrolls in its own box where a phone is too narrow for it.

use civic_api::Locale;
use civic_api::petition::CountryCount;
use civic_api::signature_review::{DAYS_SHOWN, DIRECT, DayCount, SignatureSummary, SourceCount};
use leptos::prelude::*;

use crate::country_names::CountryNames;
use crate::dates::format_date;
use crate::i18n::{self, td_string};
use crate::numbers::format_number;
use crate::ui_locale;

/// The three breakdowns of a summary, which its invalidations leave alone.
type Breakdowns = (Vec<DayCount>, Vec<CountryCount>, Vec<SourceCount>);

#[component]
pub fn SignatureTables(locale: Locale, summary: RwSignal<Option<SignatureSummary>>) -> impl IntoView {
    let ui = ui_locale(locale);
    // A memo, so that an invalidation shown does not draw the tables again.
    let breakdowns = Memo::new(move |_| {
        summary.with(|summary| {
            summary.as_ref().map(|summary| -> Breakdowns {
                (
                    summary.by_day.clone(),
                    summary.by_country.clone(),
                    summary.by_source.clone(),
                )
            })
        })
    });
    move || {
        breakdowns.get().map(|(days, countries, sources)| {
            if days.is_empty() && countries.is_empty() && sources.is_empty() {
                return view! { <p>{td_string!(ui, console.signatures_none)}</p> }.into_any();
            }
            view! {
                <div class="signature-tables">
                    {(!days.is_empty()).then(|| by_day(ui, &days))}
                    {(!countries.is_empty()).then(|| by_country(locale, &countries))}
                    {(!sources.is_empty()).then(|| by_source(ui, &sources))}
                </div>
            }
            .into_any()
        })
    }
}

/// A table of two columns in a box of its own, which scrolls (and so can
/// be reached and scrolled with the keyboard), named as its caption.
fn table<R: IntoView + 'static>(
    caption: String,
    class: &'static str,
    label_column: &'static str,
    count_column: &'static str,
    rows: R,
) -> impl IntoView + use<R> {
    let label = caption.clone();
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=label>
            <table class=format!("chart-table {class}")>
                <caption>{caption}</caption>
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

/// How long a day's bar is, in percent of the busiest day's; never less
/// than 1 for a day that has any, so that it shows.
fn bar_percent(count: u64, most: u64) -> u64 {
    match (count, most) {
        (0, _) | (_, 0) => 0,
        _ => (count.min(most) * 100 / most).max(1),
    }
}

fn by_day(ui: i18n::Locale, days: &[DayCount]) -> impl IntoView + use<> {
    let most = days.iter().map(|day| day.count).max().unwrap_or(0);
    let rows = days
        .iter()
        .map(|day| {
            let date = format_date(ui, &day.day).unwrap_or_else(|| day.day.clone());
            let width = format!("{}%", bar_percent(day.count, most));
            view! {
                <tr>
                    <th scope="row">{date}</th>
                    <td>
                        <div class="day-count">
                            <span class="day-bar-track" aria-hidden="true">
                                <span class="day-bar" style:width=width></span>
                            </span>
                            <span class="day-number">{format_number(ui, day.count)}</span>
                        </div>
                    </td>
                </tr>
            }
        })
        .collect_view();
    table(
        td_string!(ui, console.signatures_by_day_caption, days = DAYS_SHOWN),
        "by-day-table",
        td_string!(ui, console.signatures_day_column),
        td_string!(ui, console.signatures_count_column),
        rows,
    )
}

fn by_country(locale: Locale, countries: &[CountryCount]) -> impl IntoView + use<> {
    let ui = ui_locale(locale);
    let names = CountryNames::new(locale);
    let rows = countries
        .iter()
        .map(|entry| {
            view! {
                <tr>
                    <th scope="row">{names.name(entry.country)}</th>
                    <td>{format_number(ui, entry.count)}</td>
                </tr>
            }
        })
        .collect_view();
    table(
        td_string!(ui, console.signatures_by_country_caption).to_owned(),
        "by-country-table",
        td_string!(ui, console.signatures_country_column),
        td_string!(ui, console.signatures_count_column),
        rows,
    )
}

fn by_source(ui: i18n::Locale, sources: &[SourceCount]) -> impl IntoView + use<> {
    let rows = sources
        .iter()
        .map(|entry| {
            view! {
                <tr>
                    <th scope="row">{source_name(ui, &entry.source)}</th>
                    <td>{format_number(ui, entry.count)}</td>
                </tr>
            }
        })
        .collect_view();
    table(
        td_string!(ui, console.signatures_by_source_caption).to_owned(),
        "by-source-table",
        td_string!(ui, console.signatures_source_column),
        td_string!(ui, console.signatures_count_column),
        rows,
    )
}

/// A source as written in links (in its own direction), or in words for
/// signatures that came without one.
fn source_name(ui: i18n::Locale, source: &str) -> AnyView {
    match source {
        DIRECT | "" => td_string!(ui, console.signatures_source_direct).into_any(),
        other => view! { <span dir="ltr">{other.to_owned()}</span> }.into_any(),
    }
}

#[cfg(test)]
mod tests {
    use super::bar_percent;

    #[test]
    fn a_bar_is_its_share_of_the_busiest_day_and_shows_when_there_is_any() {
        assert_eq!(bar_percent(50, 200), 25);
        assert_eq!(bar_percent(200, 200), 100);
        assert_eq!(bar_percent(1, 100_000), 1);
        assert_eq!(bar_percent(0, 10), 0);
        assert_eq!(bar_percent(3, 0), 0);
    }
}
