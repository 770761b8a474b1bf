//! A saved survey's results for staff, published or not, in the language
//! of the texts: how many responses count, a table of counts per question
//! (written answers only counted), and the same figures as a CSV file,
//! downloaded by a plain link that carries the session's cookie.

use civic_api::survey::{Choice, MatrixRowCount, QuestionResult, ResultCounts, SurveyResults};
use civic_api::{Locale, Slug};
use leptos::prelude::*;

use crate::api::{self, ApiError, staff_surveys};
use crate::components::chart_table::ChartTable;
use crate::components::survey_charts::distribution_chart::format_mean;
use crate::i18n::{self, td_string};
use crate::numbers::format_number;
use crate::pages::console::loaded_view::LoadedView;
use crate::pages::console::survey_words::{Count, count_text, refusal, survey_failure};
use crate::plural::is_singular;
use crate::request::Request;
use crate::ui_locale;

#[component]
pub fn SurveyResultsView(locale: Locale, slug: Slug, text_locale: RwSignal<Locale>) -> impl IntoView {
    let ui = ui_locale(locale);
    let base = StoredValue::new(api::api_base());
    let slug = StoredValue::new(slug);
    let asked = Request::<Result<SurveyResults, ApiError>>::new();
    // Asked again in each language the texts are shown in; leaving the
    // editor, or another language, aborts the request on its way.
    Effect::new(move || {
        let locale = text_locale.get();
        let (base, slug) = (base.get_value(), slug.get_value());
        asked.load(move |abort| async move { staff_surveys::results(&base, &slug, locale, abort.as_ref()).await });
    });
    let refresh = Callback::new(move |()| {
        let (base, slug, locale) = (base.get_value(), slug.get_value(), text_locale.get_untracked());
        asked.send(async move { staff_surveys::results(&base, &slug, locale, None).await });
    });
    let pending = asked.pending();
    let csv = move || staff_surveys::results_csv(&base.get_value(), &slug.get_value(), text_locale.get());
    let csv_name = format!("{}-results.csv", slug.get_value());
    let answer = asked.answer();
    let body = view! {
        <LoadedView
            ui
            state=move || answer.get()
            pending
            loading=td_string!(ui, console.survey_results_loading)
            failure=load_failure
            refusal
            retry=refresh
            let:results
        >
            {results_view(ui, results)}
        </LoadedView>
    };
    view! {
        <section class="survey-results-staff" aria-labelledby="survey-results-heading">
            <h4 id="survey-results-heading">{td_string!(ui, console.survey_results_heading)}</h4>
            <p class="hint">{td_string!(ui, console.survey_results_hint)}</p>
            <ul class="survey-result-links">
                <li>
                    <a href=csv download=csv_name>
                        {td_string!(ui, survey_results.csv_link)}
                    </a>
                </li>
            </ul>
            <p>
                <button type="button" class="secondary" disabled=move || pending.get() on:click=move |_| refresh.run(())>
                    {move || match pending.get() {
                        true => td_string!(ui, console.survey_results_refreshing),
                        false => td_string!(ui, console.survey_results_refresh),
                    }}
                </button>
            </p>
            {body}
        </section>
    }
}

fn load_failure(ui: i18n::Locale, error: &ApiError) -> &'static str {
    match error {
        ApiError::Network => td_string!(ui, console.survey_results_failed),
        _ => survey_failure(ui, error),
    }
}

/// How many responded, then every question's counts.
fn results_view(ui: i18n::Locale, results: SurveyResults) -> impl IntoView + use<> {
    let shown = results.locale;
    let questions = results
        .questions
        .into_iter()
        .map(|result| question_view(ui, shown, result))
        .collect_view();
    view! {
        <p class="survey-responses">{count_text(ui, Count::Responses, results.responses)}</p>
        <div class="survey-result-list">{questions}</div>
    }
}

/// One question: how many answered it, then its counts in a table.
fn question_view(ui: i18n::Locale, shown: Locale, result: QuestionResult) -> impl IntoView + use<> {
    let id = format!("survey-result-{}", result.id);
    let count = result.answered;
    let answered = match is_singular(ui, count) {
        _ if count == 0 => td_string!(ui, survey_results.no_answers).to_owned(),
        true => td_string!(ui, survey_results.answered_singular).to_owned(),
        false => td_string!(ui, survey_results.answered_plural, count = format_number(ui, count)),
    };
    let caption = td_string!(ui, survey_results.caption, question = &result.text);
    let number = move |count: u64| format_number(ui, count);
    let counts = match result.counts {
        ResultCounts::FreeText => {
            view! { <p class="hint">{td_string!(ui, console.survey_result_free_text)}</p> }.into_any()
        }
        ResultCounts::Options { options } => {
            let rows = options
                .into_iter()
                .map(|option| (option.label, number(option.count)))
                .collect();
            view! {
                <ChartTable
                    id
                    caption
                    label_column=td_string!(ui, survey_results.answer_column)
                    count_column=td_string!(ui, survey_results.people_column)
                    rows
                />
            }
            .into_any()
        }
        ResultCounts::Distribution {
            min,
            low,
            high,
            counts,
            mean,
            ..
        } => {
            let last = counts.len().saturating_sub(1);
            let rows = counts
                .into_iter()
                .enumerate()
                .map(|(at, count)| {
                    let value = u64::from(min) + at as u64;
                    let label = match at {
                        0 => format!("{value} – {low}"),
                        at if at == last => format!("{value} – {high}"),
                        _ => value.to_string(),
                    };
                    (label, number(count))
                })
                .collect();
            let mean = mean.map(|mean| {
                let max = u64::from(min) + last as u64;
                let text = td_string!(
                    ui,
                    survey_results.mean,
                    mean = format_mean(ui, mean),
                    min = min,
                    max = max
                );
                view! { <p>{text}</p> }
            });
            view! {
                <ChartTable
                    id
                    caption
                    label_column=td_string!(ui, survey_results.value_column)
                    count_column=td_string!(ui, survey_results.people_column)
                    rows
                />
                {mean}
            }
            .into_any()
        }
        ResultCounts::Matrix { columns, rows } => matrix_table(ui, id, caption, columns, rows).into_any(),
    };
    view! {
        <div class="survey-result" lang=shown.as_str() dir=shown.dir()>
            <p class="survey-result-question">
                <strong>{result.text}</strong>
            </p>
            <p class="hint" lang=ui.as_str() dir=ui.dir()>
                {answered}
            </p>
            {counts}
        </div>
    }
}

/// A grid's counts: a row per row, a column per column.
fn matrix_table(
    ui: i18n::Locale,
    id: String,
    caption: String,
    columns: Vec<Choice>,
    rows: Vec<MatrixRowCount>,
) -> impl IntoView {
    let caption_id = format!("{id}-caption");
    let labelled_by = caption_id.clone();
    let head = columns
        .into_iter()
        .map(|column| view! { <th scope="col">{column.label}</th> })
        .collect_view();
    let body = rows
        .into_iter()
        .map(|row| {
            let cells = row
                .counts
                .into_iter()
                .map(|count| view! { <td>{format_number(ui, count)}</td> })
                .collect_view();
            view! {
                <tr>
                    <th scope="row">{row.label}</th>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-labelledby=labelled_by>
            <table class="chart-table">
                <caption id=caption_id>{caption}</caption>
                <thead>
                    <tr>
                        <td></td>
                        {head}
                    </tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
}
