//! Signatures by country: a bar chart of the leading countries beside a
//! table of every country, and the figures to download.

use civic_api::Locale;
use civic_api::petition::CountryCount;
use leptos::prelude::*;

use crate::components::bar_chart::BarChart;
use crate::country_names::CountryNames;
use crate::i18n::td_string;
use crate::ui_locale;

#[component]
pub fn CountryChart(locale: Locale, by_country: Vec<CountryCount>, csv_href: String) -> impl IntoView {
    let ui = ui_locale(locale);
    let chart = match by_country.is_empty() {
        true => view! { <p>{td_string!(ui, petition.by_country_empty)}</p> }.into_any(),
        false => view! {
            <BarChart
                locale
                id="by-country"
                caption=td_string!(ui, petition.by_country_caption).to_owned()
                label_column=td_string!(ui, petition.country_column)
                count_column=td_string!(ui, petition.signatures_column)
                bars=country_bars(locale, &by_country)
            />
            <p>
                <a href=csv_href download="">
                    {td_string!(ui, petition.csv_link)}
                </a>
            </p>
        }
        .into_any(),
    };
    view! {
        <section class="by-country" aria-labelledby="by-country-heading">
            <h2 id="by-country-heading">{td_string!(ui, petition.by_country_heading)}</h2>
            {chart}
        </section>
    }
}

/// Countries named in the page's language, in the order given.
pub fn country_bars(locale: Locale, by_country: &[CountryCount]) -> Vec<(String, u64)> {
    let names = CountryNames::new(locale);
    by_country
        .iter()
        .map(|entry| (names.name(entry.country), entry.count))
        .collect()
}
