//! The survey form engine: the sections one at a time, checked as the
//! server checks them, kept as a draft while typed, then sent once.

use civic_api::survey::{Limit, ResponseReceipt, Survey};
use civic_api::{ErrorCode, FieldErrors};
use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::browser::focus_element;
use crate::components::survey::alert::{Outcome, SurveyAlert};
use crate::components::survey::draft::{DraftStore, keep_drafts};
use crate::components::survey::email::SurveyEmail;
use crate::components::survey::intro::{InvitationNeeded, RestoredNotice, SurveyClosed, SurveyIntro};
use crate::components::survey::progress::{SurveyNav, SurveyProgress};
use crate::components::survey::section::{SECTION_HEADING_ID, SectionView};
use crate::components::survey::state::{EMAIL_ID, SurveyState, question_dom_id};
use crate::components::survey::thanks::{SurveyCheckInbox, SurveyThanks};
use crate::form_kit::Honeypot;
use crate::request::Request;

#[derive(Debug, Clone, PartialEq)]
enum Stage {
    Form,
    CheckInbox(String),
    Thanks,
}

/// `invitation` is the `?t=i.…` token of an invitation e-mail's link.
/// `preview`: the console's preview of a survey being written, answered
/// as anyone would answer it and checked, but never kept as a draft nor
/// sent.
#[component]
pub fn SurveyForm(
    survey: Survey,
    #[prop(optional_no_strip)] invitation: Option<String>,
    #[prop(optional)] preview: bool,
) -> impl IntoView {
    let locale = survey.locale;
    let (slug, limit, sections) = (survey.slug.clone(), survey.limit, survey.sections.len());
    if survey.closed && !preview {
        return view! { <SurveyClosed survey /> }.into_any();
    }
    if !preview && limit == Limit::Invitation && invitation.as_deref().is_none_or(|token| token.trim().is_empty()) {
        return view! { <InvitationNeeded locale /> }.into_any();
    }
    let state = SurveyState::new(survey, locale);
    let store = DraftStore::new();
    let restored = RwSignal::new(false);
    if !preview && let Some(draft) = store.load(&slug) {
        state.restore(draft);
        restored.set(true);
    }
    let stage = RwSignal::new(Stage::Form);
    let outcome = RwSignal::new(None::<Outcome>);
    if !preview {
        keep_drafts(
            state,
            store,
            slug.clone(),
            Signal::derive(move || stage.get() == Stage::Form),
        );
    }

    let last = sections.saturating_sub(1);
    let go_to = move |index: usize| {
        state.section.set(index);
        request_animation_frame(|| focus_element(SECTION_HEADING_ID));
    };
    let show_errors = move || {
        outcome.set(Some(Outcome::Invalid));
        if let Some(index) = state.first_section_with_error()
            && index != state.section.get_untracked()
        {
            state.section.set(index);
        }
        // After the section is drawn, so its questions are there to focus.
        request_animation_frame(move || {
            // The form may be gone by then.
            let Some(index) = state.section.try_get_untracked() else {
                return;
            };
            match state.first_error_in(index) {
                Some(id) => focus_question(&question_dom_id(&id)),
                None => focus_element(EMAIL_ID),
            }
        });
    };

    let send = Request::new();
    let pending = send.pending();
    let invitation = StoredValue::new(invitation);
    Effect::new(move || {
        let Some(result) = send.answer().get() else { return };
        match result {
            Ok(receipt) => {
                store.delete(&state.survey.with_value(|survey| survey.slug.clone()));
                outcome.set(None);
                stage.set(match receipt {
                    ResponseReceipt::Counted => Stage::Thanks,
                    ResponseReceipt::CheckInbox => Stage::CheckInbox(state.email.text().trim().to_owned()),
                });
            }
            Err(ApiError::Server(body)) if body.code == ErrorCode::Validation => {
                if body.fields.contains_key("invitation") {
                    outcome.set(Some(Outcome::InvitationRefused));
                    return;
                }
                state.errors.set(answer_errors(body.fields));
                show_errors();
            }
            Err(ApiError::Server(body)) if body.code == ErrorCode::Conflict => outcome.set(Some(match limit {
                Limit::Anonymous => Outcome::Closed,
                Limit::Email | Limit::Invitation => Outcome::AlreadyAnswered,
            })),
            Err(error) => outcome.set(Some(Outcome::Failed(error))),
        }
    });
    let base = StoredValue::new(api::api_base());
    let submit = Callback::new(move |()| {
        if pending.get_untracked() {
            return;
        }
        let request = state.request(invitation.get_value());
        let refused = state.survey.with_value(|survey| survey.validate(&request)).err();
        let refused = refused.map(answer_errors).filter(|errors| !errors.is_empty());
        if let Some(errors) = refused {
            state.errors.set(errors);
            show_errors();
            return;
        }
        state.errors.set(FieldErrors::new());
        if preview {
            outcome.set(Some(Outcome::Previewed));
            return;
        }
        outcome.set(None);
        // The key goes out with this request, and stays for its retries.
        state.kit.key_for_request();
        let (base, slug) = (base.get_value(), slug.clone());
        send.send(async move { api::respond_to_survey(&base, &slug, &request).await });
    });
    let forward = move || {
        let index = state.section.get_untracked();
        if index >= last {
            submit.run(());
        } else if state.check_section(index) {
            outcome.set(None);
            go_to(index + 1);
        } else {
            show_errors();
        }
    };
    let back = Callback::new(move |()| {
        outcome.set(None);
        go_to(state.section.get_untracked().saturating_sub(1));
    });
    let start_again = Callback::new(move |()| {
        state.survey.with_value(|survey| store.delete(&survey.slug));
        state.reset();
        outcome.set(None);
        restored.set(false);
        request_animation_frame(|| focus_element(SECTION_HEADING_ID));
    });

    let form = view! {
        <form
            class="survey-form"
            id="survey-form"
            novalidate
            aria-describedby="survey-intro"
            on:submit=move |event| {
                event.prevent_default();
                forward();
            }
        >
            {(sections > 1).then(|| view! { <SurveyProgress state /> })}
            {move || view! { <SectionView state index=state.section.get() /> }}
            {move || {
                (limit == Limit::Email && state.section.get() == last).then(|| view! { <SurveyEmail state /> })
            }}
            <Honeypot kit=state.kit locale id="survey-website".to_owned() />
            <SurveyAlert state outcome retry=submit />
            <SurveyNav state on_back=back pending />
        </form>
    }
    .into_any();
    // The form stays mounted behind the thanks, so nothing is built twice.
    view! {
        <div class="survey-engine">
            <div class="survey-answering" hidden=move || stage.get() != Stage::Form>
                <SurveyIntro state />
                {move || restored.get().then(|| view! { <RestoredNotice state on_start_again=start_again /> })}
                {form}
            </div>
            {move || match stage.get() {
                Stage::Form => None,
                Stage::Thanks => Some(view! { <SurveyThanks state /> }.into_any()),
                Stage::CheckInbox(email) => Some(view! { <SurveyCheckInbox state email /> }.into_any()),
            }}
        </div>
    }
    .into_any()
}

/// The refusals the visitor can act on in the form: answers and address
/// (a key or language refused is the page's fault, not theirs).
fn answer_errors(errors: FieldErrors) -> FieldErrors {
    errors
        .into_iter()
        .filter(|(field, _)| field.starts_with("answers.") || field == "email")
        .collect()
}

/// Focuses the first control of a question: its text field, or the first
/// of its radios or boxes.
fn focus_question(dom_id: &str) {
    let selector = format!("#{dom_id} input, #{dom_id} select, #{dom_id} textarea");
    if let Ok(Some(element)) = document().query_selector(&selector)
        && let Ok(element) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(element)
    {
        let _ = element.focus();
    }
}
