//! What the visitor reads before the questions: how long the survey is and
//! that only the starred questions must be answered; that earlier answers
//! were restored; or why the survey cannot be answered here.

use civic_api::survey::Survey;
use civic_api::{Locale, SiteRoute, Target};
use leptos::prelude::*;

use crate::components::survey::state::SurveyState;
use crate::i18n::td_string;
use crate::plural::is_singular;
use crate::ui_locale;

#[component]
pub fn SurveyIntro(state: SurveyState) -> impl IntoView {
    let locale = state.locale;
    let ui = ui_locale(locale);
    let (questions, required, minutes) = state.survey.with_value(|survey| {
        let summary = survey.summary();
        (summary.questions, summary.required, summary.minutes)
    });
    let questions_text = match is_singular(locale, u64::from(questions)) {
        true => td_string!(ui, survey_form.questions_singular).to_string(),
        false => td_string!(ui, survey_form.questions_plural, count = questions).to_string(),
    };
    let minutes_text = match is_singular(locale, u64::from(minutes)) {
        true => td_string!(ui, survey_form.minutes_singular).to_string(),
        false => td_string!(ui, survey_form.minutes_plural, count = minutes).to_string(),
    };
    let required_text = match required {
        0 => td_string!(ui, survey_form.required_none).to_string(),
        1 => td_string!(ui, survey_form.required_one).to_string(),
        count => td_string!(ui, survey_form.required_several, count = count).to_string(),
    };
    view! {
        <div class="survey-intro" id="survey-intro">
            <p>
                {td_string!(ui, survey_form.length, questions = &questions_text, minutes = &minutes_text).to_string()}
            </p>
            <p>{required_text}</p>
        </div>
    }
}

/// Answers found from an earlier visit, put back in the form.
#[component]
pub fn RestoredNotice(state: SurveyState, on_start_again: Callback<()>) -> impl IntoView {
    let ui = ui_locale(state.locale);
    view! {
        <div class="survey-restored" role="status">
            <p>{td_string!(ui, survey_form.restored)}</p>
            <button
                type="button"
                class="secondary"
                id="survey-start-again"
                on:click=move |_| on_start_again.run(())
            >
                {td_string!(ui, survey_form.start_again)}
            </button>
        </div>
    }
}

#[component]
pub fn SurveyClosed(survey: Survey) -> impl IntoView {
    let ui = ui_locale(survey.locale);
    let results = survey.results_public.then(|| {
        let href = SiteRoute {
            locale: survey.locale,
            target: Target::SurveyResults(survey.slug.clone()),
        }
        .path();
        view! {
            <p>
                <a class="survey-results-link" href=href>
                    {td_string!(ui, survey_form.results_link)}
                </a>
            </p>
        }
    });
    view! {
        <div class="survey-closed" role="status">
            <h2>{td_string!(ui, survey_form.closed_heading)}</h2>
            <p>{td_string!(ui, survey_form.closed_text)}</p>
            {results}
        </div>
    }
}

/// A survey for invited people, opened without the invitation's link.
#[component]
pub fn InvitationNeeded(locale: Locale) -> impl IntoView {
    let ui = ui_locale(locale);
    view! {
        <div class="survey-invitation-needed" role="status">
            <h2>{td_string!(ui, survey_form.invitation_heading)}</h2>
            <p>{td_string!(ui, survey_form.invitation_text)}</p>
        </div>
    }
}
