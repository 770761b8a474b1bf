//! One question: its frame (label or legend, help, error, required mark)
//! around the control its type calls for. Hidden questions (show-if) are
//! not in the page at all.

use civic_api::FieldError;
use civic_api::survey::{Question, QuestionKind};
use leptos::prelude::*;

use crate::components::survey::choices::{ChoiceGroup, Dropdown};
use crate::components::survey::matrix::MatrixQuestion;
use crate::components::survey::scale::ScaleQuestion;
use crate::components::survey::state::{SurveyState, described_by, part_id, question_dom_id};
use crate::components::survey::text::TextQuestion;
use crate::i18n::{self, td_string};
use crate::ui_locale;

#[component]
pub fn QuestionView(state: SurveyState, question: Question) -> impl IntoView {
    let id = question.id.clone();
    let shown = Memo::new(move |_| state.is_shown(&id));
    let question = StoredValue::new(question);
    move || {
        shown
            .get()
            .then(|| question.with_value(|question| question_body(state, question.clone())))
    }
}

fn question_body(state: SurveyState, question: Question) -> AnyView {
    match &question.kind {
        QuestionKind::ShortText { .. } | QuestionKind::LongText { .. } => {
            view! { <TextQuestion state question /> }.into_any()
        }
        QuestionKind::Dropdown { .. } => view! { <Dropdown state question /> }.into_any(),
        QuestionKind::SingleChoice { .. } | QuestionKind::MultipleChoice { .. } | QuestionKind::YesNo => {
            view! { <ChoiceGroup state question /> }.into_any()
        }
        QuestionKind::Rating { .. } | QuestionKind::Scale { .. } => {
            view! { <ScaleQuestion state question /> }.into_any()
        }
        QuestionKind::Matrix { .. } => view! { <MatrixQuestion state question /> }.into_any(),
    }
}

/// The question's text with the required mark: a star that is spoken as
/// "required" where the control itself cannot say so (`spoken`).
pub fn question_text(state: SurveyState, question: &Question, spoken: bool) -> impl IntoView + use<> {
    let ui = ui_locale(state.locale);
    let mark = question.required.then(|| {
        view! {
            <span class="required-mark" aria-hidden="true">
                " *"
            </span>
            {spoken.then(|| view! { <span class="visually-hidden">{td_string!(ui, survey_form.required_spoken)}</span> })}
        }
    });
    view! {
        <span class="question-text">{question.text.clone()}</span>
        {mark}
    }
}

/// The help text, if the question has one.
pub fn help_text(question: &Question) -> Option<impl IntoView + use<>> {
    question.help.clone().map(|help| {
        view! {
            <p class="hint" id=part_id(&question.id, "help")>
                {help}
            </p>
        }
    })
}

/// The error under a question, while it has one.
pub fn error_text(state: SurveyState, question: &Question) -> impl IntoView + use<> {
    let (id, error_id) = (question.id.clone(), part_id(&question.id, "error"));
    let kind = StoredValue::new(question.kind.clone());
    let ui = ui_locale(state.locale);
    move || {
        state.error(&id).map(|error| {
            view! {
                <p class="field-error" id=error_id.clone()>
                    {kind.with_value(|kind| error_message(ui, kind, error))}
                </p>
            }
        })
    }
}

/// `aria-describedby` for the question's control or group (tracked).
pub fn describe(
    state: SurveyState,
    question: &Question,
    extra: Option<&'static str>,
) -> impl Fn() -> Option<String> + use<> {
    let id = question.id.clone();
    let has_help = question.help.is_some();
    move || described_by(&id, has_help, state.error(&id).is_some(), extra)
}

/// `aria-invalid` for the question's control or group (tracked).
pub fn invalid(state: SurveyState, question: &Question) -> impl Fn() -> Option<&'static str> + use<> {
    let id = question.id.clone();
    move || state.error(&id).is_some().then_some("true")
}

pub fn dom_id(question: &Question) -> String {
    question_dom_id(&question.id)
}

/// The sentence for a refusal, in the words of the question's type.
pub fn error_message(ui: i18n::Locale, kind: &QuestionKind, error: FieldError) -> String {
    match (kind, error) {
        (QuestionKind::Matrix { .. }, FieldError::Required) => td_string!(ui, survey_form.errors.required_rows).into(),
        (_, FieldError::Required) => td_string!(ui, survey_form.errors.required).into(),
        (QuestionKind::ShortText { max_chars } | QuestionKind::LongText { max_chars }, FieldError::TooLong) => {
            td_string!(ui, survey_form.errors.too_long, max = *max_chars).to_string()
        }
        (QuestionKind::MultipleChoice { min: Some(min), .. }, FieldError::TooShort) => {
            td_string!(ui, survey_form.errors.too_few, min = *min).to_string()
        }
        (QuestionKind::MultipleChoice { max: Some(max), .. }, FieldError::TooLong) => {
            td_string!(ui, survey_form.errors.too_many, max = *max).to_string()
        }
        _ => td_string!(ui, survey_form.errors.invalid).into(),
    }
}
