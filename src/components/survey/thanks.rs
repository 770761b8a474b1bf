//! What replaces the form once it is sent: thanks (with the results, where
//! public, and buttons to share the survey), or, for a survey that counts
//! one answer per address, word to follow the e-mailed link.

use civic_api::{Locale, SiteRoute, Target};
use leptos::html::H2;
use leptos::prelude::*;

use crate::browser::{focus_when_shown, page_origin};
use crate::components::share_buttons::ShareButtons;
use crate::components::survey::state::SurveyState;
use crate::i18n::td_string;
use crate::ui_locale;

#[component]
pub fn SurveyThanks(state: SurveyState) -> impl IntoView {
    let locale: Locale = state.locale;
    let ui = ui_locale(locale);
    let heading = NodeRef::<H2>::new();
    focus_when_shown(heading);
    let (slug, title, thanks, public) = state.survey.with_value(|survey| {
        (
            survey.slug.clone(),
            survey.title.clone(),
            survey.thanks.clone(),
            survey.results_public,
        )
    });
    let survey_url = format!(
        "{}{}",
        page_origin(),
        SiteRoute {
            locale,
            target: Target::Survey(slug.clone())
        }
        .path()
    );
    let results = public.then(|| {
        let href = SiteRoute {
            locale,
            target: Target::SurveyResults(slug),
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
    let share_text = td_string!(ui, survey_form.share_text, title = &title).to_string();
    view! {
        <section class="survey-thanks" aria-labelledby="survey-thanks-heading">
            <h2 id="survey-thanks-heading" tabindex="-1" node_ref=heading>
                {td_string!(ui, survey_form.thanks_heading)}
            </h2>
            <p>{thanks}</p>
            {results}
            <ShareButtons
                url=survey_url
                title=title
                locale
                text=share_text
                heading=td_string!(ui, survey_form.share_heading)
            />
        </section>
    }
}

#[component]
pub fn SurveyCheckInbox(state: SurveyState, email: String) -> impl IntoView {
    let ui = ui_locale(state.locale);
    let heading = NodeRef::<H2>::new();
    focus_when_shown(heading);
    view! {
        <section class="check-inbox survey-inbox" aria-labelledby="survey-inbox-heading">
            <h2 id="survey-inbox-heading" tabindex="-1" node_ref=heading>
                {td_string!(ui, survey_form.inbox_heading)}
            </h2>
            <p>{td_string!(ui, survey_form.inbox_text, email = &email).to_string()}</p>
            <p>{td_string!(ui, survey_form.inbox_spam)}</p>
        </section>
    }
}
