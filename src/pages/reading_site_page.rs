//! The reading bundle's pages: the written pages, the campaign list, the
//! statistics and the survey list.
//! Every other page belongs to another bundle.

use civic_api::{SiteRoute, Target};
use leptos::prelude::*;

use crate::pages::campaigns::Campaigns;
use crate::pages::content::ContentPage;
use crate::pages::other_bundle::OtherBundle;
use crate::pages::statistics::StatisticsPage;
use crate::pages::surveys::SurveysPage;

pub fn reading_page(route: Option<SiteRoute>) -> AnyView {
    match route {
        Some(SiteRoute {
            locale,
            target: Target::Content(slug),
        }) => view! { <ContentPage locale slug /> }.into_any(),
        Some(SiteRoute {
            locale,
            target: Target::Campaigns,
        }) => view! { <Campaigns locale /> }.into_any(),
        Some(SiteRoute {
            locale,
            target: Target::Statistics,
        }) => view! { <StatisticsPage locale /> }.into_any(),
        Some(SiteRoute {
            locale,
            target: Target::Surveys,
        }) => view! { <SurveysPage locale /> }.into_any(),
        _ => view! { <OtherBundle /> }.into_any(),
    }
}
