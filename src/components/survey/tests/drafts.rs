//! Answers kept while typed: for the tab always, on the device only with
//! consent to preference storage; restored with a notice and a way out.

use std::time::Duration;

use civic_api::consent::StorageItem;
use serde_json::json;
use wasm_bindgen_test::*;

use super::*;
use crate::consent::storage;
use crate::test_support::wait_for;

wasm_bindgen_test_configure!(run_in_browser);

async fn until_stored_in(item: StorageItem) -> serde_json::Value {
    wait_for(Duration::from_secs(5), || {
        stored(item).and_then(|drafts| drafts.get(SLUG).cloned())
    })
    .await
    .unwrap_or_else(|| panic!("a draft under {}", item.key()))
}

#[wasm_bindgen_test]
async fn without_consent_answers_are_kept_for_the_tab_only() {
    clear_drafts();
    let (root, _mounted) = mount_with(survey(), Some(consent(false)));
    leptos::task::tick().await;
    tick(&root, "#q-transport--bike", true);
    let draft = until_stored_in(StorageItem::SurveyDraftTab).await;
    assert_eq!(
        draft["answers"]["transport"],
        json!({"type": "choice", "value": "bike"})
    );
    assert_eq!(draft["section"], json!(0));
    assert!(draft["key"].as_str().is_some_and(|key| key.len() >= 16));
    assert_eq!(
        stored(StorageItem::SurveyDraftSaved),
        None,
        "nothing kept on the device"
    );
}

#[wasm_bindgen_test]
async fn with_consent_answers_are_kept_on_the_device_and_resumed_another_day() {
    clear_drafts();
    {
        let (root, _mounted) = mount_with(survey(), Some(consent(true)));
        leptos::task::tick().await;
        tick(&root, "#q-transport--car", true);
        leptos::task::tick().await;
        type_into(&root, "#q-why-car__input", "No bus at night");
        submit(&root);
        leptos::task::tick().await;
        let saved = until_stored_in(StorageItem::SurveyDraftSaved).await;
        assert_eq!(
            saved["answers"]["why-car"],
            json!({"type": "text", "value": "No bus at night"})
        );
    }
    // Another day: the tab's storage is gone, the device's is not.
    window()
        .session_storage()
        .unwrap()
        .unwrap()
        .remove_item(StorageItem::SurveyDraftTab.key())
        .unwrap();
    let (root, _mounted) = mount_with(survey(), Some(consent(true)));
    leptos::task::tick().await;
    assert_eq!(
        text_of(&root, ".survey-restored p"),
        "We restored your answers from earlier."
    );
    assert_eq!(
        text_of(&root, "#survey-progress-label"),
        "Section 2 of 2",
        "where they left off"
    );
    click(&root, "#survey-back");
    leptos::task::tick().await;
    assert!(is_ticked(&root, "#q-transport--car"));
    let why = element(&root, "#q-why-car__input");
    assert_eq!(
        why.unchecked_ref::<web_sys::HtmlTextAreaElement>().value(),
        "No bus at night"
    );
}

#[wasm_bindgen_test]
async fn the_tabs_draft_wins_and_start_again_forgets_both() {
    clear_drafts();
    storage::write(
        StorageItem::SurveyDraftSaved,
        r#"{"test-survey":{"answers":{"member":{"type":"yes_no","value":true}},"section":0,"key":"saved-key-0123456789"}}"#,
    );
    storage::write(
        StorageItem::SurveyDraftTab,
        r#"{"test-survey":{"answers":{"member":{"type":"yes_no","value":false}},"section":0,"key":"tab-key-0123456789ab"}}"#,
    );
    let (root, _mounted) = mount_with(survey(), Some(consent(true)));
    leptos::task::tick().await;
    assert!(is_ticked(&root, "#q-member--no"), "the tab's draft is the fresher one");
    assert!(!is_ticked(&root, "#q-member--yes"));

    click(&root, "#survey-start-again");
    leptos::task::tick().await;
    assert!(find(&root, ".survey-restored").is_none());
    assert!(!is_ticked(&root, "#q-member--no"));
    let gone = wait_for(Duration::from_secs(5), || {
        (stored(StorageItem::SurveyDraftTab).is_none() && stored(StorageItem::SurveyDraftSaved).is_none()).then_some(())
    })
    .await;
    assert!(gone.is_some(), "both drafts deleted");
    let focused = document().active_element().map(|element| element.id());
    assert!(
        wait_for(Duration::from_secs(5), || {
            (document().active_element().map(|element| element.id()).as_deref() == Some("survey-section-heading"))
                .then_some(())
        })
        .await
        .is_some(),
        "focus on the first section, not {focused:?}"
    );
}
