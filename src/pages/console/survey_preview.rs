//! The survey as a visitor sees it, in the language of the texts: its
//! title, its summary and the public form itself (`SurveyForm`) in its
//! preview mode, which checks answers as the server would but keeps and
//! sends nothing. It follows what is typed while it is shown.

use leptos::prelude::*;

use crate::components::survey::form::SurveyForm;
use crate::i18n::td_string;
use crate::pages::console::survey_builder::Builder;

const BODY_ID: &str = "survey-preview-body";

#[component]
pub fn SurveyPreview(builder: Builder) -> impl IntoView {
    let ui = builder.ui;
    let shown = RwSignal::new(false);
    let survey = Memo::new(move |_| {
        shown.get().then(|| {
            let (locale, locked) = (builder.locale(), builder.locked.get());
            builder.read(|draft| draft.survey(locale, locked))
        })
    });
    let body = move || {
        survey.get().map(|survey| {
            let (locale, title, summary) = (survey.locale, survey.title.clone(), survey.summary.clone());
            view! {
                <div class="survey-preview-survey" lang=locale.as_str() dir=locale.dir()>
                    <p class="survey-preview-title">{title}</p>
                    <p class="lead">{summary}</p>
                    <SurveyForm survey invitation=None preview=true />
                </div>
            }
        })
    };
    view! {
        <section class="survey-preview" aria-labelledby="survey-preview-heading">
            <h4 id="survey-preview-heading">{td_string!(ui, console.survey_preview_heading)}</h4>
            <p class="hint" id="survey-preview-hint">
                {td_string!(ui, console.survey_preview_hint)}
            </p>
            <button
                type="button"
                class="secondary"
                aria-expanded=move || shown.get().to_string()
                aria-controls=BODY_ID
                aria-describedby="survey-preview-hint"
                on:click=move |_| shown.update(|shown| *shown = !*shown)
            >
                {move || match shown.get() {
                    true => td_string!(ui, console.survey_preview_hide),
                    false => td_string!(ui, console.survey_preview_show),
                }}
            </button>
            <div id=BODY_ID class="survey-preview-body" hidden=move || !shown.get()>
                {body}
            </div>
        </section>
    }
}
