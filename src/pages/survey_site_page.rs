//! The survey bundle's pages: a survey's form, its results and the answer's
//! confirmation. The survey list is a reading page, and every other page
//! belongs to the main bundle.

use civic_api::{SiteRoute, Target};
use leptos::prelude::*;

use crate::pages::confirm_response::ConfirmResponsePage;
use crate::pages::other_bundle::OtherBundle;
use crate::pages::survey::SurveyPage;
use crate::pages::survey_results::SurveyResultsPage;

pub fn survey_page(route: Option<SiteRoute>) -> AnyView {
    match route {
        Some(SiteRoute {
            locale,
            target: Target::Survey(slug),
        }) => view! { <SurveyPage locale slug /> }.into_any(),
        Some(SiteRoute {
            locale,
            target: Target::SurveyResults(slug),
        }) => view! { <SurveyResultsPage locale slug /> }.into_any(),
        Some(SiteRoute {
            locale,
            target: Target::ConfirmResponse,
        }) => view! { <ConfirmResponsePage locale /> }.into_any(),
        _ => view! { <OtherBundle /> }.into_any(),
    }
}
