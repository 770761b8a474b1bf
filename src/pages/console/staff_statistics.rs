//! Statistics (every staff member): what the public statistics page does
//! not show, over the same period: each petition's funnel, from its page
//! seen to the signature confirmed, and the `?source=` of the links that
//! confirmed signatures came through. The server draws it with the console
//! for staff signed in with a passkey; come by a link, the app asks.

use civic_api::analytics::{Funnel, PetitionFunnel, STATISTICS_DAYS, SourceTotal, StaffStatistics};
use civic_api::signature_review::DIRECT;
use civic_api::{ErrorCode, Locale, SiteRoute, Target};
use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::components::chart_table::ChartTable;
use crate::dates::format_date;
use crate::i18n::{self, td_string};
use crate::numbers::format_number;
use crate::request::Request;
use crate::ui_locale;

pub const STATISTICS_HEADING_ID: &str = "staff-statistics-heading";

/// `first`: the figures drawn with the page, where the server drew them.
#[component]
pub fn StaffStatisticsSection(locale: Locale, first: Option<StaffStatistics>) -> impl IntoView {
    let ui = ui_locale(locale);
    let base = StoredValue::new(api::api_base());
    let drawn = first.is_some();
    let asked = first.map_or_else(Request::new, |figures| Request::answered(Ok(figures)));
    let load = move || {
        let base = base.get_value();
        asked.load(move |abort| async move { api::staff::statistics(&base, abort.as_ref()).await });
    };
    // The server draws it for staff; where it did not, the app asks.
    if !drawn && cfg!(target_arch = "wasm32") {
        load();
    }
    let pending = asked.pending();
    let body = move || {
        asked.answer().with(|answer| match answer {
            None => {
                view! { <p class="loading" role="status">{td_string!(ui, console.statistics_loading)}</p> }.into_any()
            }
            Some(Err(error)) => view! {
                <div class="console-alert" role="alert">
                    <p>{td_string!(ui, console.statistics_load_failed)}</p>
                    <p>{load_failure(ui, error)}</p>
                    <button type="button" disabled=move || pending.get() on:click=move |_| load()>
                        {td_string!(ui, page.retry)}
                    </button>
                </div>
            }
            .into_any(),
            Some(Ok(figures)) => figures_view(locale, figures).into_any(),
        })
    };
    view! {
        <section class="console-section staff-statistics" aria-labelledby=STATISTICS_HEADING_ID>
            <h2 id=STATISTICS_HEADING_ID tabindex="-1">{td_string!(ui, console.statistics_heading)}</h2>
            {body}
        </section>
    }
}

fn load_failure(ui: i18n::Locale, error: &ApiError) -> &'static str {
    match error {
        ApiError::Network => td_string!(ui, console.failed_network),
        ApiError::Server(body)
            if matches!(
                body.code,
                ErrorCode::Unauthorized | ErrorCode::Forbidden | ErrorCode::PasskeyRequired
            ) =>
        {
            td_string!(ui, console.failed_refused)
        }
        _ => td_string!(ui, console.failed_server),
    }
}

/// The period, the way to the public figures, and the two tables.
fn figures_view(locale: Locale, figures: &StaffStatistics) -> impl IntoView + use<> {
    let ui = ui_locale(locale);
    let date = |day: &str| format_date(locale, day).unwrap_or_else(|| day.to_owned());
    let period = td_string!(
        ui,
        console.statistics_period,
        days = STATISTICS_DAYS,
        from = date(&figures.public.from),
        to = date(&figures.public.to)
    );
    let public = SiteRoute {
        locale,
        target: Target::Statistics,
    }
    .path();
    view! {
        <p>{period}</p>
        <p>
            <a href=public>{td_string!(ui, console.statistics_public_link)}</a>
        </p>
        <section class="staff-funnel" aria-labelledby="staff-funnel-heading">
            <h3 id="staff-funnel-heading">{td_string!(ui, console.statistics_funnel_heading)}</h3>
            <p class="hint">{td_string!(ui, console.statistics_funnel_hint)}</p>
            {funnel_table(locale, &figures.funnel_by_petition)}
        </section>
        <section class="staff-sources" aria-labelledby="staff-sources-heading">
            <h3 id="staff-sources-heading">{td_string!(ui, console.statistics_sources_heading)}</h3>
            <p class="hint">{td_string!(ui, console.statistics_sources_hint)}</p>
            {sources_table(locale, &figures.sources)}
        </section>
    }
}

/// One row per petition that anything happened to, most viewed first (as
/// the server sends them), named by its English title (or, for one no
/// longer stored, its address).
fn funnel_table(locale: Locale, funnels: &[PetitionFunnel]) -> AnyView {
    let ui = ui_locale(locale);
    let counted = |funnel: &Funnel| funnel.viewed + funnel.signed + funnel.confirmed > 0;
    let rows: Vec<_> = funnels.iter().filter(|each| counted(&each.funnel)).collect();
    if rows.is_empty() {
        return view! { <p class="empty">{td_string!(ui, console.statistics_funnel_none)}</p> }.into_any();
    }
    let number = move |count: u64| format_number(locale, count);
    let rows = rows
        .into_iter()
        .map(|each| {
            let name = match each.title.is_empty() {
                false => view! { <span lang="en" dir="auto">{each.title.clone()}</span> }.into_any(),
                true => view! { <span dir="ltr">{each.slug.to_string()}</span> }.into_any(),
            };
            let funnel = each.funnel;
            let rate = match viewed_to_confirmed(locale, funnel) {
                Some(rate) => rate.into_any(),
                None => view! {
                    <span aria-hidden="true">"—"</span>
                    <span class="visually-hidden">{td_string!(ui, console.statistics_rate_none)}</span>
                }
                .into_any(),
            };
            view! {
                <tr>
                    <th scope="row">{name}</th>
                    <td>{number(funnel.viewed)}</td>
                    <td>{number(funnel.signed)}</td>
                    <td>{number(funnel.confirmed)}</td>
                    <td>{rate}</td>
                </tr>
            }
        })
        .collect_view();
    let caption = td_string!(ui, console.statistics_funnel_caption);
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=caption>
            <table class="chart-table funnel-table">
                <caption>{caption}</caption>
                <thead>
                    <tr>
                        <th scope="col">{td_string!(ui, console.statistics_petition_column)}</th>
                        <th scope="col">{td_string!(ui, console.statistics_viewed_column)}</th>
                        <th scope="col">{td_string!(ui, console.statistics_signed_column)}</th>
                        <th scope="col">{td_string!(ui, console.statistics_confirmed_column)}</th>
                        <th scope="col">{td_string!(ui, console.statistics_rate_column)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// Confirmed signatures by source, in the public page's table.
fn sources_table(locale: Locale, sources: &[SourceTotal]) -> AnyView {
    let ui = ui_locale(locale);
    let rows: Vec<(String, String)> = sources
        .iter()
        .filter(|each| each.count > 0)
        .map(|each| {
            let name = match each.source.as_str() {
                DIRECT | "" => td_string!(ui, console.signatures_source_direct).to_owned(),
                other => other.to_owned(),
            };
            (name, format_number(locale, each.count))
        })
        .collect();
    if rows.is_empty() {
        return view! { <p class="empty">{td_string!(ui, console.statistics_sources_none)}</p> }.into_any();
    }
    view! {
        <ChartTable
            id="staff-sources"
            caption=td_string!(ui, console.statistics_sources_caption).to_owned()
            label_column=td_string!(ui, console.signatures_source_column)
            count_column=td_string!(ui, console.signatures_count_column)
            rows
        />
    }
    .into_any()
}

/// How many of those who saw a petition confirmed a signature, in percent
/// with one decimal, as the language writes it; `None` when no one saw it.
pub fn viewed_to_confirmed(locale: Locale, funnel: Funnel) -> Option<String> {
    let tenths = tenths_of_percent(funnel.confirmed, funnel.viewed)?;
    let whole = u64::try_from(tenths / 10).unwrap_or(u64::MAX);
    let value = format!(
        "{}{}{}",
        format_number(locale, whole),
        td_string!(locale, number.decimal),
        tenths % 10
    );
    Some(td_string!(locale, console.statistics_percent, value = value))
}

/// `part` of `whole` in tenths of a percent, rounded half up.
fn tenths_of_percent(part: u64, whole: u64) -> Option<u128> {
    let (part, whole) = (u128::from(part), u128::from(whole));
    (whole > 0).then(|| (part * 2000 + whole) / (2 * whole))
}

#[cfg(test)]
mod tests {
    use super::tenths_of_percent;

    #[test]
    fn a_share_is_rounded_to_a_tenth_of_a_percent() {
        assert_eq!(tenths_of_percent(1, 3), Some(333));
        assert_eq!(tenths_of_percent(2, 3), Some(667));
        assert_eq!(tenths_of_percent(1, 8), Some(125));
        assert_eq!(tenths_of_percent(5, 5), Some(1000));
        assert_eq!(tenths_of_percent(0, 7), Some(0));
        assert_eq!(tenths_of_percent(3, 0), None);
        assert_eq!(tenths_of_percent(u64::MAX, u64::MAX), Some(1000));
    }
}
