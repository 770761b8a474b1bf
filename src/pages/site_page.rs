//! Chooses the page for the current address with the route table that the
//! server shares (`civic_api::site`), so both always agree on what exists.

use civic_api::{SiteRoute, Target};
use leptos::prelude::*;

use crate::analytics::count_app_page_views;
use crate::components::site_context::use_site;
use crate::pages::campaigns::Campaigns;
use crate::pages::confirm_signature::ConfirmSignature;
use crate::pages::confirm_subscription::ConfirmSubscription;
use crate::pages::content::ContentPage;
use crate::pages::newsletter::NewsletterPage;
use crate::pages::not_found::NotFound;
use crate::pages::petition::PetitionPage;
use crate::pages::report_problem::ReportProblem;
use crate::pages::statistics::StatisticsPage;
use crate::pages::unsubscribe::Unsubscribe;

#[component]
pub fn SitePage() -> impl IntoView {
    let site = use_site();
    count_app_page_views();
    move || match site.route.get() {
        Some(SiteRoute {
            locale,
            target: Target::Content(slug),
        }) => view! { <ContentPage locale slug /> }.into_any(),
        Some(SiteRoute {
            locale,
            target: Target::ReportProblem,
        }) => view! { <ReportProblem locale /> }.into_any(),
        Some(SiteRoute {
            locale,
            target: Target::Campaigns,
        }) => view! { <Campaigns locale /> }.into_any(),
        Some(SiteRoute {
            locale,
            target: Target::Petition(slug),
        }) => view! { <PetitionPage locale slug /> }.into_any(),
        Some(SiteRoute {
            locale,
            target: Target::ConfirmSignature,
        }) => view! { <ConfirmSignature locale /> }.into_any(),
        Some(SiteRoute {
            locale,
            target: Target::Statistics,
        }) => view! { <StatisticsPage locale /> }.into_any(),
        Some(SiteRoute {
            locale,
            target: Target::Newsletter,
        }) => view! { <NewsletterPage locale /> }.into_any(),
        Some(SiteRoute {
            locale,
            target: Target::ConfirmSubscription,
        }) => view! { <ConfirmSubscription locale /> }.into_any(),
        Some(SiteRoute {
            locale,
            target: Target::Unsubscribe,
        }) => view! { <Unsubscribe locale /> }.into_any(),
        None => view! { <NotFound /> }.into_any(),
    }
}
