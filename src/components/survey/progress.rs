//! Where the visitor is in a survey of several sections, and the buttons
//! that move between them.

use leptos::prelude::*;

use crate::components::survey::state::SurveyState;
use crate::i18n::td_string;
use crate::ui_locale;

#[component]
pub fn SurveyProgress(state: SurveyState) -> impl IntoView {
    let ui = ui_locale(state.locale);
    let total = state.survey.with_value(|survey| survey.sections.len());
    let current = move || state.section.get() + 1;
    view! {
        <div class="survey-progress">
            <p id="survey-progress-label">
                {move || td_string!(ui, survey_form.progress, current = current(), total = total).to_string()}
            </p>
            <progress
                max=total.to_string()
                value=move || current().to_string()
                aria-labelledby="survey-progress-label"
            ></progress>
        </div>
    }
}

/// Back (but not on the first section), then Next, or Send on the last.
#[component]
pub fn SurveyNav(state: SurveyState, on_back: Callback<()>, #[prop(into)] pending: Signal<bool>) -> impl IntoView {
    let ui = ui_locale(state.locale);
    let last = state
        .survey
        .with_value(|survey| survey.sections.len().saturating_sub(1));
    let section = state.section;
    view! {
        <div class="survey-nav">
            {move || {
                (section.get() > 0)
                    .then(|| {
                        view! {
                            <button
                                type="button"
                                id="survey-back"
                                class="secondary"
                                on:click=move |_| on_back.run(())
                            >
                                {td_string!(ui, survey_form.back)}
                            </button>
                        }
                    })
            }}
            // Both move forward through the form's submit, so Enter in a
            // text field does what the visible button says.
            {move || match section.get() < last {
                true => view! {
                    <button type="submit" id="survey-next">
                        {td_string!(ui, survey_form.next)}
                    </button>
                }
                .into_any(),
                false => view! {
                    <button type="submit" id="survey-submit" disabled=move || pending.get()>
                        {move || match pending.get() {
                            true => td_string!(ui, survey_form.sending),
                            false => td_string!(ui, survey_form.submit),
                        }}
                    </button>
                }
                .into_any(),
            }}
        </div>
    }
}
