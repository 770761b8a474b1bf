//! Each question type's accessible pattern, and that what the visitor does
//! becomes the answer kept in the draft.

use std::time::Duration;

use civic_api::consent::StorageItem;
use serde_json::json;
use wasm_bindgen_test::*;

use super::*;
use crate::test_support::{all, wait_for};

wasm_bindgen_test_configure!(run_in_browser);

fn draft_answer(id: &str) -> Option<serde_json::Value> {
    stored(StorageItem::SurveyDraftTab)?
        .get(SLUG)?
        .get("answers")?
        .get(id)
        .cloned()
}

async fn until_stored(id: &str, wanted: serde_json::Value) {
    let found = wait_for(Duration::from_secs(5), || {
        draft_answer(id).filter(|answer| *answer == wanted)
    })
    .await;
    assert_eq!(found, Some(wanted), "the draft holds the answer to {id}");
}

#[wasm_bindgen_test]
async fn a_short_text_is_labelled_described_and_counts_its_characters() {
    let (root, _mounted) = mount();
    leptos::task::tick().await;
    assert_eq!(text_of(&root, "label[for=\"q-name__input\"]"), "Your first name");
    assert_eq!(attribute(&root, "#q-name", "data-type").as_deref(), Some("short_text"));
    assert_eq!(
        attribute(&root, "#q-name__input", "aria-describedby").as_deref(),
        Some("q-name__help q-name__count")
    );
    assert_eq!(text_of(&root, "#q-name__help"), "Only if you wish.");
    assert_eq!(attribute(&root, "#q-name__input", "required"), None, "optional");
    type_into(&root, "#q-name__input", "Ana");
    leptos::task::tick().await;
    assert_eq!(text_of(&root, "#q-name__count"), "3 of 10 characters");
    until_stored("name", json!({"type": "text", "value": "Ana"})).await;

    type_into(&root, "#q-name__input", "Anastasia-Maria");
    leptos::task::tick().await;
    assert!(element(&root, "#q-name__count").class_list().contains("over"));
}

#[wasm_bindgen_test]
async fn a_text_over_its_limit_is_refused_under_the_field() {
    let (root, _mounted) = mount();
    leptos::task::tick().await;
    answer_first_section(&root);
    type_into(&root, "#q-name__input", "Anastasia-Maria");
    submit(&root);
    leptos::task::tick().await;
    assert_eq!(
        text_of(&root, "#q-name__error"),
        "Please shorten your answer to 10 characters or fewer."
    );
    assert_eq!(
        attribute(&root, "#q-name__input", "aria-invalid").as_deref(),
        Some("true")
    );
    assert_eq!(
        attribute(&root, "#q-name__input", "aria-describedby").as_deref(),
        Some("q-name__help q-name__count q-name__error")
    );
    assert_eq!(
        text_of(&root, "#survey-alert"),
        "Some answers need your attention: see the messages under them."
    );
}

#[wasm_bindgen_test]
async fn a_single_choice_is_a_required_radio_group_under_its_legend() {
    let (root, _mounted) = mount();
    leptos::task::tick().await;
    let group = "fieldset#q-transport";
    assert_eq!(attribute(&root, group, "role").as_deref(), Some("radiogroup"));
    assert_eq!(attribute(&root, group, "aria-required").as_deref(), Some("true"));
    assert_eq!(
        attribute(&root, group, "aria-labelledby").as_deref(),
        Some("q-transport__label")
    );
    assert_eq!(text_of(&root, "#q-transport__label"), "How do you come? *");
    let radios = all(&root, "#q-transport input[type=radio][name=transport]");
    assert_eq!(radios.len(), 3);
    assert_eq!(text_of(&root, "label[for=\"q-transport--bike\"]"), "By bike");
    tick(&root, "#q-transport--bike", true);
    until_stored("transport", json!({"type": "choice", "value": "bike"})).await;
    assert!(
        find(&root, "#q-transport .question-clear").is_none(),
        "a required answer cannot be cleared"
    );
}

#[wasm_bindgen_test]
async fn yes_or_no_is_a_pair_of_radios_that_can_be_cleared() {
    let (root, _mounted) = mount();
    leptos::task::tick().await;
    assert_eq!(text_of(&root, "label[for=\"q-member--yes\"]"), "Yes");
    assert_eq!(text_of(&root, "label[for=\"q-member--no\"]"), "No");
    tick(&root, "#q-member--no", true);
    until_stored("member", json!({"type": "yes_no", "value": false})).await;
    click(&root, "#q-member .question-clear");
    leptos::task::tick().await;
    assert!(!is_ticked(&root, "#q-member--no"));
    assert!(
        wait_for(Duration::from_secs(5), || draft_answer("member")
            .is_none()
            .then_some(()))
        .await
        .is_some()
    );
}

#[wasm_bindgen_test]
async fn multiple_choice_says_its_limit_first_and_refuses_too_many() {
    let (root, _mounted) = mount();
    leptos::task::tick().await;
    assert_eq!(
        attribute(&root, "#q-topics", "role"),
        None,
        "a group of boxes, not radios"
    );
    assert_eq!(text_of(&root, "#q-topics__rule"), "Choose up to 2.");
    assert_eq!(
        attribute(&root, "#q-topics", "aria-describedby").as_deref(),
        Some("q-topics__rule")
    );
    assert_eq!(all(&root, "#q-topics input[type=checkbox]").len(), 3);
    answer_first_section(&root);
    for choice in ["schools", "parks", "roads"] {
        tick(&root, &format!("#q-topics--{choice}"), true);
    }
    tick(&root, "#q-topics--roads", false);
    until_stored("topics", json!({"type": "choices", "value": ["schools", "parks"]})).await;
    tick(&root, "#q-topics--roads", true);
    submit(&root);
    leptos::task::tick().await;
    assert_eq!(text_of(&root, "#q-topics__error"), "Please choose no more than 2.");
    assert_eq!(attribute(&root, "#q-topics", "aria-invalid").as_deref(), Some("true"));
    assert_eq!(
        text_of(&root, ".survey-progress p"),
        "Section 1 of 2",
        "Next waits for the answer to be fixed"
    );
}

/// Opens section two, where the dropdown, rating, scale and matrix are.
async fn second_section(root: &web_sys::Element) {
    answer_first_section(root);
    submit(root);
    leptos::task::tick().await;
    assert_eq!(text_of(root, ".survey-progress p"), "Section 2 of 2");
}

#[wasm_bindgen_test]
async fn a_dropdown_is_a_labelled_select_with_no_answer_first() {
    let (root, _mounted) = mount();
    leptos::task::tick().await;
    second_section(&root).await;
    assert_eq!(text_of(&root, "label[for=\"q-country__input\"]"), "Where do you live?");
    let options: Vec<String> = all(&root, "#q-country__input option")
        .iter()
        .filter_map(|option| option.get_attribute("value"))
        .collect();
    assert_eq!(options, ["", "fr", "es"]);
    select(&root, "#q-country__input", "es");
    until_stored("country", json!({"type": "choice", "value": "es"})).await;
    select(&root, "#q-country__input", "");
    assert!(
        wait_for(Duration::from_secs(5), || draft_answer("country")
            .is_none()
            .then_some(()))
        .await
        .is_some()
    );
}

#[wasm_bindgen_test]
async fn rating_and_scale_are_numbered_radios_whose_ends_are_named() {
    let (root, _mounted) = mount();
    leptos::task::tick().await;
    second_section(&root).await;
    assert_eq!(
        attribute(&root, "#q-satisfaction", "role").as_deref(),
        Some("radiogroup")
    );
    let rating: Vec<String> = all(&root, "#q-satisfaction input[type=radio]")
        .iter()
        .filter_map(|radio| radio.get_attribute("value"))
        .collect();
    assert_eq!(rating, ["1", "2", "3", "4", "5"]);
    assert_eq!(text_of(&root, "label[for=\"q-satisfaction--1\"]"), "1: Not at all");
    assert_eq!(text_of(&root, "label[for=\"q-satisfaction--3\"]"), "3");
    assert_eq!(text_of(&root, "label[for=\"q-satisfaction--5\"]"), "5: Very");
    assert_eq!(all(&root, "#q-recommend input[type=radio]").len(), 11);
    assert_eq!(text_of(&root, "label[for=\"q-recommend--0\"]"), "0: Never");
    assert_eq!(text_of(&root, "label[for=\"q-recommend--10\"]"), "10: Surely");
    tick(&root, "#q-satisfaction--4", true);
    tick(&root, "#q-recommend--0", true);
    until_stored("satisfaction", json!({"type": "number", "value": 4})).await;
    until_stored("recommend", json!({"type": "number", "value": 0})).await;
}

#[wasm_bindgen_test]
async fn a_matrix_is_one_radio_group_per_row_and_a_required_one_needs_every_row() {
    let (root, _mounted) = mount();
    leptos::task::tick().await;
    second_section(&root).await;
    let rows = all(&root, "#q-streets fieldset.matrix-row");
    assert_eq!(rows.len(), 2);
    assert_eq!(
        attribute(&root, "#q-streets--safety", "role").as_deref(),
        Some("radiogroup")
    );
    assert_eq!(
        attribute(&root, "#q-streets--safety", "aria-labelledby").as_deref(),
        Some("q-streets--safety__label")
    );
    assert_eq!(text_of(&root, "#q-streets--safety__label"), "Safety");
    assert_eq!(text_of(&root, "label[for=\"q-streets--noise--good\"]"), "Good");
    assert_eq!(
        attribute(&root, "#q-streets--noise--good", "name").as_deref(),
        Some("streets.noise")
    );
    tick(&root, "#q-streets--safety--poor", true);
    until_stored("streets", json!({"type": "matrix", "value": {"safety": "poor"}})).await;
    submit(&root);
    leptos::task::tick().await;
    assert_eq!(text_of(&root, "#q-streets__error"), "Please answer every row.");
    tick(&root, "#q-streets--noise--good", true);
    until_stored(
        "streets",
        json!({"type": "matrix", "value": {"safety": "poor", "noise": "good"}}),
    )
    .await;
    assert!(
        find(&root, "#q-streets__error").is_none(),
        "the error goes with the change"
    );
}

#[wasm_bindgen_test]
async fn a_failed_send_keeps_every_answer_and_offers_a_retry() {
    let (root, _mounted) = mount();
    leptos::task::tick().await;
    second_section(&root).await;
    tick(&root, "#q-streets--safety--good", true);
    tick(&root, "#q-streets--noise--good", true);
    submit(&root);
    let retry = wait_for(Duration::from_secs(10), || find(&root, "#survey-alert button")).await;
    assert_eq!(
        retry.expect("a retry button").text_content().as_deref(),
        Some("Try again")
    );
    assert!(text_of(&root, "#survey-alert").contains("still in the form"));
    assert!(is_ticked(&root, "#q-streets--noise--good"));
    let draft = stored(StorageItem::SurveyDraftTab).expect("a draft")[SLUG].clone();
    assert_eq!(draft["sent"], json!(true), "a retry resends the same key");
    assert!(find(&root, ".survey-thanks").is_none());
}
