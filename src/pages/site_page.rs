//! Chooses the page for the current address with the route table that the
//! server shares (`civic_api::site`), so both always agree on what exists.

use civic_api::site::Bundle;
use civic_api::{SiteRoute, Target};
use leptos::prelude::*;

use crate::analytics::count_app_page_views;
use crate::components::site_context::use_site;
use crate::i18n;
use crate::pages::campaigns::Campaigns;
use crate::pages::confirm_signature::ConfirmSignature;
use crate::pages::confirm_subscription::ConfirmSubscription;
use crate::pages::contact::ContactPage;
use crate::pages::content::ContentPage;
use crate::pages::newsletter::NewsletterPage;
use crate::pages::not_found::NotFound;
use crate::pages::other_bundle::OtherBundle;
use crate::pages::petition::PetitionPage;
use crate::pages::petition_news::StopPetitionNews;
use crate::pages::report_problem::ReportProblem;
use crate::pages::statistics::StatisticsPage;
use crate::pages::unsubscribe::Unsubscribe;

/// Picks a bundle's page for an address (`None`: no page there).
pub type PageChooser = fn(Option<SiteRoute>) -> AnyView;

#[component]
pub fn SitePage(bundle: Bundle, choose: PageChooser) -> impl IntoView {
    let site = use_site();
    count_app_page_views(bundle);
    move || {
        // The page came with its language's strings only: a page in
        // another language is loaded afresh, so the server sends its own.
        if !i18n::has(site.locale.get()) {
            return view! { <OtherBundle /> }.into_any();
        }
        choose(site.route.get())
    }
}

/// The main bundle's pages, and the reading bundle's too
/// (`Bundle::draws`); survey, account, donation and console pages belong
/// to their own bundles.
pub fn main_page(route: Option<SiteRoute>) -> AnyView {
    let Some(SiteRoute { locale, target }) = route else {
        return view! { <NotFound /> }.into_any();
    };
    match target {
        Target::Content(slug) => view! { <ContentPage locale slug /> }.into_any(),
        Target::ReportProblem => view! { <ReportProblem locale /> }.into_any(),
        Target::Contact => view! { <ContactPage locale /> }.into_any(),
        Target::Campaigns => view! { <Campaigns locale /> }.into_any(),
        Target::Petition(slug) => view! { <PetitionPage locale slug /> }.into_any(),
        Target::ConfirmSignature => view! { <ConfirmSignature locale /> }.into_any(),
        Target::Statistics => view! { <StatisticsPage locale /> }.into_any(),
        Target::Newsletter => view! { <NewsletterPage locale /> }.into_any(),
        Target::ConfirmSubscription => view! { <ConfirmSubscription locale /> }.into_any(),
        Target::Unsubscribe => view! { <Unsubscribe locale /> }.into_any(),
        Target::PetitionNews => view! { <StopPetitionNews locale /> }.into_any(),
        Target::Surveys
        | Target::Survey(_)
        | Target::SurveyResults(_)
        | Target::ConfirmResponse
        | Target::Join
        | Target::ConfirmAccount
        | Target::ConfirmEmail
        | Target::SignIn
        | Target::ForgotPassword
        | Target::ResetPassword
        | Target::Account
        | Target::Donate
        | Target::DonationThanks
        | Target::Console => view! { <OtherBundle /> }.into_any(),
    }
}
