//! One section at a time: progress, Next that checks first, Back, and
//! focus on the section's heading after each move.

use std::time::Duration;

use wasm_bindgen_test::*;

use super::*;
use crate::test_support::wait_for;

wasm_bindgen_test_configure!(run_in_browser);

fn focused_id() -> Option<String> {
    document().active_element().map(|element| element.id())
}

async fn until_focused(id: &str) {
    let found = wait_for(Duration::from_secs(5), || {
        (focused_id().as_deref() == Some(id)).then_some(())
    })
    .await;
    assert!(found.is_some(), "focus on #{id}, not {:?}", focused_id());
}

#[wasm_bindgen_test]
async fn the_form_says_what_is_required_before_the_first_question() {
    let (root, _mounted) = mount();
    leptos::task::tick().await;
    assert_eq!(
        text_of(&root, "#survey-intro"),
        "This survey has 9 questions and takes about 4 minutes.\
         Questions marked * are required (there are 2); you may skip all the others."
    );
    assert_eq!(
        attribute(&root, "#survey-form", "aria-describedby").as_deref(),
        Some("survey-intro")
    );
}

#[wasm_bindgen_test]
async fn next_checks_the_section_then_moves_on_and_back_returns() {
    let (root, _mounted) = mount();
    leptos::task::tick().await;
    assert_eq!(text_of(&root, "#survey-progress-label"), "Section 1 of 2");
    assert_eq!(attribute(&root, "progress", "value").as_deref(), Some("1"));
    assert_eq!(attribute(&root, "progress", "max").as_deref(), Some("2"));
    assert!(find(&root, "#survey-back").is_none(), "no Back on the first section");
    assert_eq!(text_of(&root, "#survey-section-heading"), "About you");

    submit(&root);
    leptos::task::tick().await;
    assert_eq!(text_of(&root, "#q-transport__error"), "Please answer this question.");
    assert_eq!(
        attribute(&root, "#q-transport", "aria-invalid").as_deref(),
        Some("true")
    );
    assert_eq!(
        attribute(&root, "#q-transport", "aria-describedby").as_deref(),
        Some("q-transport__error")
    );
    assert!(
        find(&root, "#q-name__error").is_none(),
        "skipped optional questions are fine"
    );
    until_focused("q-transport--walk").await;
    assert_eq!(text_of(&root, "#survey-progress-label"), "Section 1 of 2");

    answer_first_section(&root);
    leptos::task::tick().await;
    assert!(find(&root, "#q-transport__error").is_none());
    submit(&root);
    leptos::task::tick().await;
    assert_eq!(text_of(&root, "#survey-progress-label"), "Section 2 of 2");
    assert_eq!(attribute(&root, "progress", "value").as_deref(), Some("2"));
    assert_eq!(text_of(&root, "#survey-section-heading"), "Your opinions");
    assert_eq!(text_of(&root, "#survey-submit"), "Send my answers");
    assert!(find(&root, "#survey-next").is_none());
    until_focused("survey-section-heading").await;

    click(&root, "#survey-back");
    leptos::task::tick().await;
    assert_eq!(text_of(&root, "#survey-section-heading"), "About you");
    assert!(is_ticked(&root, "#q-transport--walk"), "answers survive the move");
    until_focused("survey-section-heading").await;
}

#[wasm_bindgen_test]
async fn sending_with_a_refusal_in_an_earlier_section_leads_back_to_it() {
    clear_drafts();
    // A draft left on the last section without the required first answer.
    let draft = r#"{"test-survey":{"answers":{"streets":{"type":"matrix","value":{"safety":"good","noise":"good"}}},"section":1,"key":"0123456789abcdef-key"}}"#;
    crate::consent::storage::write(civic_api::consent::StorageItem::SurveyDraftTab, draft);
    let (root, _mounted) = mount_with(survey(), None);
    leptos::task::tick().await;
    assert_eq!(text_of(&root, "#survey-progress-label"), "Section 2 of 2");
    submit(&root);
    leptos::task::tick().await;
    assert_eq!(text_of(&root, "#survey-progress-label"), "Section 1 of 2");
    assert_eq!(text_of(&root, "#q-transport__error"), "Please answer this question.");
    until_focused("q-transport--walk").await;
}
