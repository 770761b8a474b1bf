//! A question shown only for some answers to an earlier one.

use std::time::Duration;

use civic_api::consent::StorageItem;
use wasm_bindgen_test::*;

use super::*;
use crate::test_support::wait_for;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn a_follow_up_appears_for_the_answer_it_depends_on_and_goes_with_it() {
    let (root, _mounted) = mount();
    leptos::task::tick().await;
    assert!(
        find(&root, "#q-why-car").is_none(),
        "hidden until its condition matches"
    );
    tick(&root, "#q-transport--car", true);
    leptos::task::tick().await;
    assert_eq!(text_of(&root, "label[for=\"q-why-car__input\"]"), "Why by car?");
    assert_eq!(
        attribute(&root, "#q-why-car", "data-type").as_deref(),
        Some("long_text")
    );
    assert_eq!(element(&root, "#q-why-car__input").tag_name(), "TEXTAREA");
    type_into(&root, "#q-why-car__input", "No bus at night");
    leptos::task::tick().await;

    tick(&root, "#q-transport--bike", true);
    leptos::task::tick().await;
    assert!(find(&root, "#q-why-car").is_none(), "hidden again");

    // Kept meanwhile, in case the visitor changes their mind again...
    tick(&root, "#q-transport--car", true);
    leptos::task::tick().await;
    let input = element(&root, "#q-why-car__input");
    assert_eq!(
        input.unchecked_ref::<web_sys::HtmlTextAreaElement>().value(),
        "No bus at night"
    );
}

#[wasm_bindgen_test]
async fn the_answer_to_a_hidden_question_is_not_sent() {
    let (root, _mounted) = mount();
    leptos::task::tick().await;
    tick(&root, "#q-transport--car", true);
    leptos::task::tick().await;
    type_into(&root, "#q-why-car__input", "No bus at night");
    tick(&root, "#q-transport--walk", true);
    submit(&root);
    leptos::task::tick().await;
    tick(&root, "#q-streets--safety--good", true);
    tick(&root, "#q-streets--noise--good", true);
    // The send fails (closed port); the request it made is what counts.
    submit(&root);
    assert!(
        wait_for(Duration::from_secs(10), || find(&root, "#survey-alert button"))
            .await
            .is_some(),
        "the send was tried"
    );
    // What went out is what `request` builds; the draft keeps everything.
    let draft = stored(StorageItem::SurveyDraftTab).expect("a draft")[SLUG].clone();
    assert!(
        draft["answers"].get("why-car").is_some(),
        "the draft keeps the hidden answer"
    );
    let answers = hidden_free_request_answers();
    assert!(!answers.contains(&"why-car".to_owned()), "{answers:?}");
    assert!(answers.contains(&"transport".to_owned()), "{answers:?}");
}

/// The answers a `SurveyState` would send for the draft above, built the
/// way the form builds its request.
fn hidden_free_request_answers() -> Vec<String> {
    use crate::components::survey::state::SurveyState;
    let owner = Owner::new();
    owner.with(|| {
        let state = SurveyState::new(survey(), civic_api::Locale::En);
        let draft = stored(StorageItem::SurveyDraftTab).expect("a draft")[SLUG].clone();
        state
            .answers
            .set(serde_json::from_value(draft["answers"].clone()).expect("answers"));
        state.request(None).answers.keys().map(|id| id.to_string()).collect()
    })
}
