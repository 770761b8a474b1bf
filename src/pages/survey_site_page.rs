//! The survey bundle's pages; every other page belongs to the main bundle.

use civic_api::{SiteRoute, Target};
use leptos::prelude::*;

use crate::pages::confirm_response::ConfirmResponsePage;
use crate::pages::other_bundle::OtherBundle;
use crate::pages::survey::SurveyPage;
use crate::pages::survey_results::SurveyResultsPage;
use crate::pages::surveys::SurveysPage;

pub fn survey_page(route: Option<SiteRoute>) -> AnyView {
    match route {
        Some(SiteRoute {
            locale,
            target: Target::Surveys,
        }) => view! { <SurveysPage locale /> }.into_any(),
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
