//! The section on screen: its heading (where focus goes when the visitor
//! moves between sections), its introduction and its questions.

use leptos::prelude::*;

use crate::components::survey::question::QuestionView;
use crate::components::survey::state::SurveyState;

/// The id of the current section's heading.
pub const SECTION_HEADING_ID: &str = "survey-section-heading";

#[component]
pub fn SectionView(state: SurveyState, index: usize) -> impl IntoView {
    let Some(section) = state.survey.with_value(|survey| survey.sections.get(index).cloned()) else {
        return ().into_any();
    };
    let questions = section
        .questions
        .into_iter()
        .map(|question| view! { <QuestionView state question /> })
        .collect_view();
    view! {
        <section class="survey-section" data-section=section.id.to_string() aria-labelledby=SECTION_HEADING_ID>
            <h2 id=SECTION_HEADING_ID tabindex="-1">
                {section.title}
            </h2>
            {section.intro.map(|intro| view! { <p class="section-intro">{intro}</p> })}
            {questions}
        </section>
    }
    .into_any()
}
