//! A survey's results so far, where its definition makes them public: a
//! chart and a table per question, the total, and the figures as CSV.

use civic_api::survey::SurveyResults;
use civic_api::{Locale, SiteRoute, Slug, Target, paths};
use leptos::html::H1;
use leptos::prelude::*;

use crate::analytics::use_analytics;
use crate::api::{self, ApiError};
use crate::browser::{focus_heading_after_navigation, set_document_meta};
use crate::components::load_failed::LoadFailed;
use crate::components::survey_charts::question_result::QuestionResultView;
use crate::first_page;
use crate::i18n::td_string;
use crate::numbers::format_number;
use crate::plural::is_singular;
use crate::request::Request;
use crate::ui_locale;

#[component]
pub fn SurveyResultsPage(locale: Locale, slug: Slug) -> impl IntoView {
    let ui = ui_locale(locale);
    set_document_meta(
        td_string!(ui, survey_results.title),
        Some(td_string!(ui, survey_results.description)),
    );
    let base = StoredValue::new(api::api_base());
    // The results the server drew the page with, or a request for them.
    let first = first_page::take_survey_results(&slug);
    let drawn = first.is_some();
    let slug = StoredValue::new(slug);
    let results = first.map_or_else(Request::new, |results| Request::answered(Ok(results)));
    let load = move || {
        let base = base.get_value();
        let slug = slug.get_value();
        results.load(move |abort| async move { api::survey_results(&base, &slug, locale, abort.as_ref()).await });
    };
    if !drawn {
        load();
    }
    let pending = results.pending();
    let answer = move || results.answer().get().filter(|_| !pending.get());
    // One heading throughout, so that focus given to it after a navigation
    // stays while the results arrive.
    let heading_text = move || match answer() {
        Some(Ok(results)) => td_string!(ui, survey_results.heading, title = &results.title).to_string(),
        Some(Err(ApiError::NotFound)) => td_string!(ui, survey_results.private_heading).to_owned(),
        _ => td_string!(ui, survey_results.title).to_owned(),
    };
    Effect::new(move || {
        if let Some(Ok(results)) = answer() {
            let title = td_string!(ui, survey_results.heading, title = &results.title).to_string();
            set_document_meta(&title, None);
        }
    });
    let heading = NodeRef::<H1>::new();
    focus_heading_after_navigation(heading);
    let surveys = SiteRoute {
        locale,
        target: Target::Surveys,
    }
    .path();
    let body = move || match answer() {
        None => view! {
            <div class="loading" role="status" aria-busy="true">
                <p>{td_string!(ui, survey_results.loading)}</p>
            </div>
        }
        .into_any(),
        Some(Ok(results)) => view! { <Results locale results base=base.get_value() /> }.into_any(),
        Some(Err(ApiError::NotFound)) => view! {
            <p>{td_string!(ui, survey_results.private_text)}</p>
            <p>
                <a href=surveys.clone()>{td_string!(ui, survey_results.surveys_link)}</a>
            </p>
        }
        .into_any(),
        Some(Err(error)) => view! {
            <LoadFailed locale error retry=load>
                <h2>{td_string!(ui, survey_results.error_title)}</h2>
            </LoadFailed>
        }
        .into_any(),
    };
    view! {
        <div class="survey-results">
            <h1 tabindex="-1" node_ref=heading>
                {heading_text}
            </h1>
            {body}
        </div>
    }
}

#[component]
fn Results(locale: Locale, results: SurveyResults, base: String) -> impl IntoView {
    let ui = ui_locale(locale);
    use_analytics().page_view();
    let total = match is_singular(locale, results.responses) {
        true => td_string!(ui, survey_results.responses_singular).to_owned(),
        false => td_string!(
            ui,
            survey_results.responses_plural,
            count = format_number(locale, results.responses)
        )
        .to_string(),
    };
    let csv = format!("{base}{}", paths::survey_results_csv(&results.slug, locale));
    let csv_name = format!("{}-results.csv", results.slug);
    let survey = SiteRoute {
        locale,
        target: Target::Survey(results.slug.clone()),
    }
    .path();
    let questions = results
        .questions
        .into_iter()
        .map(|result| view! { <QuestionResultView locale result /> })
        .collect_view();
    view! {
        <p class="lead survey-total">{total}</p>
        <ul class="survey-result-links">
            <li>
                <a href=csv download=csv_name>
                    {td_string!(ui, survey_results.csv_link)}
                </a>
            </li>
            <li>
                <a href=survey>{td_string!(ui, survey_results.survey_link)}</a>
            </li>
        </ul>
        {questions}
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use std::time::Duration;

    use civic_api::survey::{Choice, MatrixRowCount, OptionCount, QuestionResult, ResultCounts, SurveyResults};
    use civic_api::{Locale, Slug};
    use leptos::prelude::*;
    use leptos_router::components::Router;
    use wasm_bindgen_test::*;

    use super::{Results, SurveyResultsPage};
    use crate::api::ApiBase;
    use crate::components::site_context::SiteContext;
    use crate::test_support::{all, container, find, open, wait_for};

    wasm_bindgen_test_configure!(run_in_browser);

    fn slug(text: &str) -> Slug {
        Slug::parse(text).expect("a slug")
    }

    fn choice(id: &str, label: &str) -> Choice {
        Choice {
            id: slug(id),
            label: label.to_owned(),
        }
    }

    fn question(id: &str, text: &str, answered: u64, counts: ResultCounts) -> QuestionResult {
        QuestionResult {
            id: slug(id),
            text: text.to_owned(),
            answered,
            counts,
        }
    }

    fn sample() -> SurveyResults {
        let option = |id: &str, label: &str, count| OptionCount {
            id: slug(id),
            label: label.to_owned(),
            count,
        };
        SurveyResults {
            slug: slug("quick-poll"),
            locale: Locale::Fr,
            title: "Sondage rapide".to_owned(),
            responses: 12,
            questions: vec![
                question(
                    "transport",
                    "Comment venez-vous ?",
                    3,
                    ResultCounts::Options {
                        options: vec![
                            option("walk", "À pied", 2),
                            option("bike", "À vélo", 1),
                            option("car", "En voiture", 0),
                        ],
                    },
                ),
                question(
                    "satisfaction",
                    "Êtes-vous satisfait ?",
                    4,
                    ResultCounts::Distribution {
                        min: 1,
                        max: 5,
                        low: "Pas du tout".to_owned(),
                        high: "Tout à fait".to_owned(),
                        counts: vec![0, 1, 0, 2, 1],
                        mean: Some(3.75),
                    },
                ),
                question(
                    "streets",
                    "Vos rues",
                    2,
                    ResultCounts::Matrix {
                        columns: vec![choice("poor", "Mauvais"), choice("good", "Bon")],
                        rows: vec![
                            MatrixRowCount {
                                id: slug("safety"),
                                label: "Sécurité".to_owned(),
                                counts: vec![2, 0],
                            },
                            MatrixRowCount {
                                id: slug("noise"),
                                label: "Bruit".to_owned(),
                                counts: vec![1, 1],
                            },
                        ],
                    },
                ),
                question("ideas", "Vos idées", 1, ResultCounts::FreeText),
                question(
                    "member",
                    "Êtes-vous membre ?",
                    0,
                    ResultCounts::Options {
                        options: vec![option("yes", "Oui", 0), option("no", "Non", 0)],
                    },
                ),
            ],
        }
    }

    /// The rows of the table with this caption id, as its cells' texts.
    fn table(root: &web_sys::Element, id: &str) -> Vec<Vec<String>> {
        all(root, &format!("table:has(#{id}-caption) tr"))
            .iter()
            .map(|row| {
                all(row, "th, td")
                    .iter()
                    .map(|cell| cell.text_content().unwrap_or_default())
                    .collect()
            })
            .collect()
    }

    fn text(root: &web_sys::Element, selector: &str) -> Option<String> {
        find(root, selector).and_then(|element| element.text_content())
    }

    #[wasm_bindgen_test]
    async fn every_question_has_its_chart_beside_a_table_and_written_answers_only_their_count() {
        let root = container();
        let _mounted = leptos::mount::mount_to(root.clone(), || {
            view! { <Results locale=Locale::Fr results=sample() base=String::new() /> }
        });
        leptos::task::tick().await;

        assert_eq!(
            text(&root, ".survey-total").as_deref(),
            Some("12 réponses jusqu’à présent.")
        );
        let csv = find(&root, "a[download]").expect("a CSV download link");
        assert_eq!(
            csv.get_attribute("href").as_deref(),
            Some("/api/surveys/quick-poll/results.csv?locale=fr")
        );
        assert_eq!(
            text(&root, "#result-transport-heading").as_deref(),
            Some("Comment venez-vous ?")
        );
        assert_eq!(
            text(&root, "#result-transport-heading + .answered").as_deref(),
            Some("3 personnes ont répondu à cette question.")
        );
        assert_eq!(
            table(&root, "result-transport"),
            [
                ["Réponse", "Personnes"],
                ["À pied", "2"],
                ["À vélo", "1"],
                ["En voiture", "0"]
            ]
        );
        assert_eq!(
            text(&root, "#result-transport-caption").as_deref(),
            Some("Réponses à « Comment venez-vous ? »")
        );
        assert_eq!(
            table(&root, "result-satisfaction"),
            [
                ["Valeur", "Personnes"],
                ["1 – Pas du tout", "0"],
                ["2", "1"],
                ["3", "0"],
                ["4", "2"],
                ["5 – Tout à fait", "1"],
            ]
        );
        assert_eq!(
            text(&root, ".chart-mean-text").as_deref(),
            Some("Moyenne : 3,8, sur une échelle de 1 à 5.")
        );
        assert_eq!(
            table(&root, "result-streets"),
            [["", "Mauvais", "Bon"], ["Sécurité", "2", "0"], ["Bruit", "1", "1"]]
        );
        assert_eq!(
            text(&root, "#result-ideas-heading + .answered").as_deref(),
            Some("1 personne a répondu à cette question.")
        );
        assert_eq!(
            text(&root, "#result-ideas-heading ~ .free-text-note").as_deref(),
            Some("Les réponses écrites ne sont pas publiées.")
        );
        assert!(
            find(&root, "#result-ideas-caption").is_none(),
            "no table of written answers"
        );
        assert_eq!(
            text(&root, "#result-member-heading + .answered").as_deref(),
            Some("Personne n’a encore répondu à cette question.")
        );
        assert!(find(&root, "#result-member-caption").is_none(), "no chart of nothing");

        let charts = all(&root, "svg");
        assert_eq!(charts.len(), 3, "one chart per question with figures");
        assert!(
            charts
                .iter()
                .all(|svg| svg.get_attribute("aria-hidden").as_deref() == Some("true")),
            "the tables speak for the charts"
        );
        let mean = find(&root, ".distribution-chart .chart-mean").expect("the average is marked");
        assert_eq!(
            mean.get_attribute("x1").as_deref(),
            Some("208.0"),
            "3.75 on 5 slots of 64"
        );
    }

    fn mount_page(path: &str, base: &str) -> (web_sys::HtmlElement, impl Sized) {
        open(path);
        let root = container();
        let base = base.to_owned();
        let mounted = leptos::mount::mount_to(root.clone(), move || {
            provide_context(ApiBase(base));
            view! {
                <Router>
                    <SiteContext>
                        <SurveyResultsPage locale=Locale::En slug=slug("quick-poll") />
                    </SiteContext>
                </Router>
            }
        });
        (root, mounted)
    }

    #[wasm_bindgen_test]
    async fn the_results_page_offers_a_retry_when_the_api_is_unreachable() {
        let (root, _mounted) = mount_page("/surveys/quick-poll/results", "http://127.0.0.1:9");
        leptos::task::tick().await;
        assert_eq!(text(&root, "h1").as_deref(), Some("Survey results"));
        assert!(
            find(&root, "[aria-busy=\"true\"]").is_some(),
            "a loading state shows first"
        );

        let retry = wait_for(Duration::from_secs(10), || find(&root, ".load-error button")).await;
        assert_eq!(
            retry.expect("the error state appears").text_content().as_deref(),
            Some("Try again")
        );
        assert_eq!(
            text(&root, ".load-error h2").as_deref(),
            Some("The results could not be loaded")
        );
    }

    #[wasm_bindgen_test]
    async fn private_or_unknown_results_say_they_are_not_published() {
        // The test server answers 404 to the API's address, as the API does
        // for private results.
        let (root, _mounted) = mount_page("/surveys/quick-poll/results", "");
        let heading = wait_for(Duration::from_secs(10), || {
            text(&root, "h1").filter(|heading| heading != "Survey results")
        })
        .await;
        assert_eq!(heading.as_deref(), Some("These results are not published"));
        let link = find(&root, "a[href=\"/surveys\"]").expect("a link to the other surveys");
        assert_eq!(link.text_content().as_deref(), Some("See all surveys"));
    }
}
