//! One survey's form: loads the survey in the page's language and hands it
//! to the form engine (`components::survey`), with the invitation of a
//! `?t=i.…` link.

use civic_api::survey::Survey;
use civic_api::{Locale, Slug};
use leptos::html::H1;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::analytics::use_analytics;
use crate::api::{self, ApiError};
use crate::browser::{focus_heading_after_navigation, set_document_meta};
use crate::components::survey::form::SurveyForm;
use crate::first_page;
use crate::pages::content::{LoadError, Loading};
use crate::pages::not_found::NotFound;
use crate::request::Request;

#[component]
pub fn SurveyPage(locale: Locale, slug: Slug) -> impl IntoView {
    let base = StoredValue::new(api::api_base());
    // The survey the server drew the page with, or a request for it.
    let first = match first_page::take_survey(&slug) {
        Some(survey) => Some(Ok(survey)),
        None => first_page::take_missing().then_some(Err(ApiError::NotFound)),
    };
    let drawn = first.is_some();
    let slug = StoredValue::new(slug);
    let survey = first.map_or_else(Request::new, Request::answered);
    let load = move || {
        let (base, slug) = (base.get_value(), slug.get_value());
        survey.load(move |abort| async move { api::survey(&base, &slug, locale, abort.as_ref()).await });
    };
    if !drawn {
        load();
    }
    let pending = survey.pending();
    move || match survey.answer().get().filter(|_| !pending.get()) {
        None => view! { <Loading /> }.into_any(),
        Some(Ok(survey)) => view! { <SurveyBody locale survey /> }.into_any(),
        Some(Err(ApiError::NotFound)) => view! { <NotFound /> }.into_any(),
        Some(Err(error)) => view! { <LoadError locale error retry=load /> }.into_any(),
    }
}

/// `locale` is the page's language; the survey may be in English where it
/// is not translated.
#[component]
fn SurveyBody(locale: Locale, survey: Survey) -> impl IntoView {
    let heading = NodeRef::<H1>::new();
    focus_heading_after_navigation(heading);
    set_document_meta(&survey.title, Some(&survey.summary));
    use_analytics().page_view();
    let text_lang = (survey.locale != locale).then_some(survey.locale.as_str());
    let invitation = use_query_map()
        .with_untracked(|query| query.get("t"))
        .filter(|token| !token.trim().is_empty());
    let (title, summary) = (survey.title.clone(), survey.summary.clone());
    view! {
        <article class="survey" lang=text_lang>
            <h1 tabindex="-1" node_ref=heading>
                {title}
            </h1>
            <p class="lead">{summary}</p>
            <SurveyForm survey invitation=invitation />
        </article>
    }
}
