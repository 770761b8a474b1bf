//! Every survey: open ones to answer first, then closed ones, each with
//! how long it takes and how many questions must be answered, so a visitor
//! knows before starting.

use civic_api::survey::{Limit, SurveySummary};
use civic_api::{Locale, SiteRoute, Target};
use leptos::prelude::*;

use crate::api;
use crate::browser::set_document_meta;
use crate::components::load_failed::LoadFailed;
use crate::components::page_heading::PageHeading;
use crate::first_page;
use crate::i18n::{self, td_string};
use crate::numbers::format_number;
use crate::plural::is_singular;
use crate::request::Request;
use crate::ui_locale;

#[component]
pub fn SurveysPage(locale: Locale) -> impl IntoView {
    let ui = ui_locale(locale);
    set_document_meta(td_string!(ui, surveys.title), Some(td_string!(ui, surveys.description)));
    let base = StoredValue::new(api::api_base());
    // The list the server drew the page with, or a request for it.
    let first = first_page::take_surveys();
    let drawn = first.is_some();
    let surveys = first.map_or_else(Request::new, |list| Request::answered(Ok(list)));
    let load = move || {
        let base = base.get_value();
        surveys.load(move |abort| async move { api::surveys(&base, locale, abort.as_ref()).await });
    };
    if !drawn {
        load();
    }
    let pending = surveys.pending();
    let list = move || match surveys.answer().get().filter(|_| !pending.get()) {
        None => view! {
            <div class="loading" role="status" aria-busy="true">
                <p>{td_string!(ui, surveys.loading)}</p>
            </div>
        }
        .into_any(),
        Some(Ok(list)) => view! { <SurveyLists locale surveys=list.surveys /> }.into_any(),
        Some(Err(error)) => view! {
            <LoadFailed locale error retry=load>
                <h2>{td_string!(ui, surveys.error_title)}</h2>
            </LoadFailed>
        }
        .into_any(),
    };
    view! {
        <div class="survey-list-page">
            <PageHeading text=td_string!(ui, surveys.title) />
            <p class="lead">{td_string!(ui, surveys.intro)}</p>
            {list}
        </div>
    }
}

#[component]
fn SurveyLists(locale: Locale, surveys: Vec<SurveySummary>) -> impl IntoView {
    let ui = ui_locale(locale);
    if surveys.is_empty() {
        return view! { <p class="empty">{td_string!(ui, surveys.empty)}</p> }.into_any();
    }
    let (closed, open): (Vec<_>, Vec<_>) = surveys.into_iter().partition(|survey| survey.closed);
    let section = move |id: &'static str, heading: &'static str, surveys: Vec<SurveySummary>| {
        (!surveys.is_empty()).then(|| {
            let cards = surveys
                .into_iter()
                .map(|survey| view! { <SurveyCard locale survey /> })
                .collect_view();
            view! {
                <section class="survey-list" aria-labelledby=id>
                    <h2 id=id>{heading}</h2>
                    <ul class="survey-cards">{cards}</ul>
                </section>
            }
        })
    };
    view! {
        {section("open-surveys", td_string!(ui, surveys.open_heading), open)}
        {section("closed-surveys", td_string!(ui, surveys.closed_heading), closed)}
    }
    .into_any()
}

#[component]
fn SurveyCard(locale: Locale, survey: SurveySummary) -> impl IntoView {
    let ui = ui_locale(locale);
    let href = SiteRoute {
        locale,
        target: Target::Survey(survey.slug.clone()),
    }
    .path();
    let title_id = format!("survey-{}", survey.slug);
    let closed = survey
        .closed
        .then(|| view! { <p class="badge">{td_string!(ui, surveys.closed_badge)}</p> });
    let limit = match survey.limit {
        Limit::Anonymous => None,
        Limit::Email => Some(td_string!(ui, surveys.limit_email)),
        Limit::Invitation => Some(td_string!(ui, surveys.limit_invitation)),
    }
    .map(|text| view! { <p class="survey-limit">{text}</p> });
    // Named by the survey's title too, so that several such links are told
    // apart in a list of links.
    let results = survey.results_public.then(|| {
        let results = SiteRoute {
            locale,
            target: Target::SurveyResults(survey.slug.clone()),
        }
        .path();
        let described_by = title_id.clone();
        view! {
            <p>
                <a href=results aria-describedby=described_by>
                    {td_string!(ui, surveys.results_link)}
                </a>
            </p>
        }
    });
    let facts = format!(
        "{} · {} ({})",
        minutes(ui, locale, survey.minutes),
        questions(ui, locale, survey.questions),
        required(ui, locale, survey.required)
    );
    view! {
        <li class="survey-card" class:closed=survey.closed>
            <h3 id=title_id>
                <a href=href>{survey.title}</a>
            </h3>
            {closed}
            <p>{survey.summary}</p>
            <p class="survey-facts">{facts}</p>
            {limit}
            {results}
        </li>
    }
}

fn minutes(ui: i18n::Locale, locale: Locale, count: u32) -> String {
    match is_singular(locale, u64::from(count)) {
        true => td_string!(ui, surveys.minutes_singular).to_owned(),
        false => td_string!(
            ui,
            surveys.minutes_plural,
            count = format_number(locale, u64::from(count))
        )
        .to_string(),
    }
}

fn questions(ui: i18n::Locale, locale: Locale, count: u32) -> String {
    match is_singular(locale, u64::from(count)) {
        true => td_string!(ui, surveys.questions_singular).to_owned(),
        false => td_string!(
            ui,
            surveys.questions_plural,
            count = format_number(locale, u64::from(count))
        )
        .to_string(),
    }
}

fn required(ui: i18n::Locale, locale: Locale, count: u32) -> String {
    match count {
        0 => td_string!(ui, surveys.required_none).to_owned(),
        1 => td_string!(ui, surveys.required_singular).to_owned(),
        count => td_string!(
            ui,
            surveys.required_plural,
            count = format_number(locale, u64::from(count))
        )
        .to_string(),
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use std::time::Duration;

    use civic_api::survey::{Limit, SurveySummary};
    use civic_api::{Locale, Slug};
    use leptos::prelude::*;
    use leptos_router::components::Router;
    use wasm_bindgen_test::*;

    use super::{SurveyLists, SurveysPage};
    use crate::api::ApiBase;
    use crate::components::site_context::SiteContext;
    use crate::test_support::{all, container, find, open, wait_for};

    wasm_bindgen_test_configure!(run_in_browser);

    fn summary(slug: &str, closed: bool, results_public: bool, limit: Limit) -> SurveySummary {
        SurveySummary {
            slug: Slug::parse(slug).expect("a slug"),
            locale: Locale::Fr,
            title: format!("Enquête {slug}"),
            summary: "Dites-nous ce que vous en pensez.".to_owned(),
            minutes: 3,
            questions: 5,
            required: 1,
            results_public,
            closed,
            limit,
        }
    }

    fn texts(root: &web_sys::Element, selector: &str) -> Vec<String> {
        all(root, selector)
            .iter()
            .map(|element| element.text_content().unwrap_or_default())
            .collect()
    }

    #[wasm_bindgen_test]
    async fn each_survey_says_how_long_it_takes_and_how_many_questions_must_be_answered() {
        let root = container();
        let surveys = vec![
            summary("quick-poll", false, true, Limit::Anonymous),
            summary("members", false, false, Limit::Email),
            summary("last-year", true, true, Limit::Anonymous),
        ];
        let _mounted = leptos::mount::mount_to(root.clone(), move || {
            view! { <SurveyLists locale=Locale::Fr surveys /> }
        });
        leptos::task::tick().await;

        assert_eq!(texts(&root, "h2"), ["Enquêtes ouvertes", "Enquêtes terminées"]);
        let open_titles = texts(&root, "#open-surveys ~ ul h3");
        assert_eq!(open_titles, ["Enquête quick-poll", "Enquête members"]);
        let link = find(&root, "h3 a").expect("a link to the survey");
        assert_eq!(link.get_attribute("href").as_deref(), Some("/fr/surveys/quick-poll"));
        assert_eq!(
            texts(&root, ".survey-facts")[0],
            "Environ 3 minutes · 5 questions (1 obligatoire)"
        );
        let results = all(&root, "a[href$=\"/results\"]");
        assert_eq!(results.len(), 2, "only public results are offered");
        assert_eq!(
            results[0].get_attribute("aria-describedby").as_deref(),
            Some("survey-quick-poll"),
            "each results link is told apart by its survey's title"
        );
        assert_eq!(
            texts(&root, ".survey-limit"),
            ["Une réponse par personne : nous vous envoyons un lien par e-mail pour confirmer la vôtre."]
        );
        assert_eq!(texts(&root, ".closed .badge"), ["Terminée"]);
    }

    #[wasm_bindgen_test]
    async fn an_empty_list_says_there_is_no_survey() {
        let root = container();
        let _mounted = leptos::mount::mount_to(root.clone(), || {
            view! { <SurveyLists locale=Locale::Es surveys=Vec::new() /> }
        });
        leptos::task::tick().await;
        assert_eq!(texts(&root, "p.empty"), ["No hay ninguna encuesta en este momento."]);
    }

    #[wasm_bindgen_test]
    async fn the_surveys_page_keeps_its_heading_and_offers_a_retry_when_the_api_is_unreachable() {
        open("/surveys");
        let root = container();
        let _mounted = leptos::mount::mount_to(root.clone(), || {
            provide_context(ApiBase("http://127.0.0.1:9".into()));
            view! {
                <Router>
                    <SiteContext>
                        <SurveysPage locale=Locale::En />
                    </SiteContext>
                </Router>
            }
        });
        leptos::task::tick().await;
        assert_eq!(texts(&root, "h1"), ["Surveys"]);
        assert!(
            find(&root, "[aria-busy=\"true\"]").is_some(),
            "a loading state shows first"
        );

        let retry = wait_for(Duration::from_secs(10), || find(&root, ".load-error button")).await;
        assert_eq!(
            retry.expect("the error state appears").text_content().as_deref(),
            Some("Try again")
        );
        assert_eq!(texts(&root, ".load-error h2"), ["The surveys could not be loaded"]);
        assert_eq!(leptos::prelude::document().title(), "Surveys | Civic");
    }
}
