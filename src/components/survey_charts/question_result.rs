//! One question's results: how many answered, then its chart and table,
//! or for written answers only that count.

use civic_api::Locale;
use civic_api::survey::{QuestionResult, ResultCounts};
use leptos::prelude::*;

use crate::components::survey_charts::distribution_chart::{DistributionChart, Scale};
use crate::components::survey_charts::matrix_chart::MatrixChart;
use crate::components::survey_charts::options_chart::OptionsChart;
use crate::i18n::td_string;
use crate::numbers::format_number;
use crate::plural::is_singular;
use crate::ui_locale;

#[component]
pub fn QuestionResultView(locale: Locale, result: QuestionResult) -> impl IntoView {
    let ui = ui_locale(locale);
    let id = format!("result-{}", result.id);
    let heading_id = format!("{id}-heading");
    let labelled_by = heading_id.clone();
    let answered = match is_singular(locale, result.answered) {
        _ if result.answered == 0 => td_string!(ui, survey_results.no_answers).to_owned(),
        true => td_string!(ui, survey_results.answered_singular).to_owned(),
        false => td_string!(
            ui,
            survey_results.answered_plural,
            count = format_number(locale, result.answered)
        )
        .to_string(),
    };
    let caption = td_string!(ui, survey_results.caption, question = &result.text).to_string();
    let figures = match result.counts {
        // Written answers never leave the server: their count is all there is.
        ResultCounts::FreeText => {
            Some(view! { <p class="free-text-note">{td_string!(ui, survey_results.free_text)}</p> }.into_any())
        }
        _ if result.answered == 0 => None,
        ResultCounts::Options { options } => {
            let options = options.into_iter().map(|option| (option.label, option.count)).collect();
            Some(
                view! {
                    <OptionsChart
                        locale
                        id
                        caption
                        label_column=td_string!(ui, survey_results.answer_column)
                        count_column=td_string!(ui, survey_results.people_column)
                        options
                    />
                }
                .into_any(),
            )
        }
        ResultCounts::Distribution {
            min,
            low,
            high,
            counts,
            mean,
            ..
        } => {
            let scale = Scale { min, low, high };
            Some(view! { <DistributionChart locale id caption scale counts mean /> }.into_any())
        }
        ResultCounts::Matrix { columns, rows } => {
            Some(view! { <MatrixChart locale id caption columns rows /> }.into_any())
        }
    };
    view! {
        <section class="question-result" aria-labelledby=labelled_by>
            <h2 id=heading_id>{result.text}</h2>
            <p class="answered">{answered}</p>
            {figures}
        </section>
    }
}
