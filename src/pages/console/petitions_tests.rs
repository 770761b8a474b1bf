//! The petitions section in headless Chromium, with the API out of reach
//! (a closed port): the list, opening and leaving the editor, the
//! editor's four languages, and the checks made before anything is sent.

use std::time::Duration;

use civic_api::petition_editing::{EditablePetition, PetitionLine, PetitionStatus, PetitionText};
use civic_api::{Locale, Slug};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

use crate::api::ApiBase;
use crate::pages::console::petition_editor::PetitionEditor;
use crate::pages::console::petitions::Petitions;
use crate::test_support::{all, container, find, fire, wait_for};

wasm_bindgen_test_configure!(run_in_browser);

const CLOSED: &str = "http://127.0.0.1:9";

fn line(id: i64, title: &str, status: PetitionStatus, missing: Vec<Locale>) -> PetitionLine {
    PetitionLine {
        id,
        slug: Slug::parse("clean-air").unwrap(),
        title: title.to_owned(),
        status,
        version: 1,
        count: 1234,
        missing,
    }
}

fn draft() -> EditablePetition {
    EditablePetition {
        id: 7,
        slug: Slug::parse("clean-air").unwrap(),
        version: 3,
        status: PetitionStatus::Draft,
        goal: 5000,
        opened_on: String::new(),
        image: None,
        texts: vec![PetitionText {
            locale: Locale::En,
            title: "Clean air now".to_owned(),
            summary: "Breathe".to_owned(),
            addressed_to: "The council".to_owned(),
            body_markdown: "We ask **this**.".to_owned(),
            image_alt: String::new(),
        }],
        missing: vec![Locale::Fr, Locale::Es, Locale::Ar],
        count: 0,
        public_path: "/petitions/clean-air".to_owned(),
    }
}

fn text(element: &web_sys::Element) -> String {
    element.text_content().unwrap_or_default().trim().to_owned()
}

fn click(root: &web_sys::Element, selector: &str) {
    find(root, selector)
        .unwrap_or_else(|| panic!("no {selector}"))
        .unchecked_into::<web_sys::HtmlElement>()
        .click();
}

fn type_into(root: &web_sys::Element, selector: &str, value: &str) {
    let input = find(root, selector).unwrap_or_else(|| panic!("no {selector}"));
    match input.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        Some(area) => area.set_value(value),
        None => input.unchecked_ref::<web_sys::HtmlInputElement>().set_value(value),
    }
    fire(&input, "input", true);
}

fn mount_list(lines: Vec<PetitionLine>) -> (web_sys::HtmlElement, impl Drop) {
    let root = container();
    let mounted = leptos::mount::mount_to(root.clone(), move || {
        provide_context(ApiBase(CLOSED.into()));
        view! { <Petitions locale=Locale::En first=Some(lines) /> }
    });
    (root, mounted)
}

fn mount_editor(petition: EditablePetition) -> (web_sys::HtmlElement, impl Drop) {
    let root = container();
    let mounted = leptos::mount::mount_to(root.clone(), move || {
        provide_context(ApiBase(CLOSED.into()));
        view! {
            <PetitionEditor
                locale=Locale::En
                id=petition.id
                title="Clean air now".to_owned()
                first=Some(petition)
                on_change=Callback::new(|_| {})
                on_close=Callback::new(|_| {})
            />
        }
    });
    (root, mounted)
}

#[wasm_bindgen_test]
async fn each_line_says_its_state_count_and_missing_languages_and_names_its_edit_button() {
    let (root, _mounted) = mount_list(vec![
        line(1, "Clean air now", PetitionStatus::Draft, vec![Locale::Fr, Locale::Es]),
        line(2, "Safe streets", PetitionStatus::Open, vec![]),
    ]);
    leptos::task::tick().await;

    let rows = all(&root, ".petition-line");
    assert_eq!(rows.len(), 2);
    let facts: Vec<String> = all(&rows[0], ".petition-facts li").iter().map(text).collect();
    assert_eq!(
        facts,
        [
            "Status: Draft",
            "1,234 confirmed signatures",
            "Missing: Français, Español"
        ]
    );
    let french = find(&rows[0], ".petition-facts [lang=fr]").expect("the language is marked");
    assert_eq!(text(&french), "Français");
    assert_eq!(all(&rows[1], ".petition-facts li").len(), 2, "nothing is missing");
    let edit = find(&rows[0], "button").unwrap();
    assert_eq!(text(&edit), "Edit Clean air now");
    assert_eq!(text(&find(&edit, ".visually-hidden").unwrap()), "Clean air now");
}

#[wasm_bindgen_test]
async fn edit_opens_the_editor_in_place_of_the_list_and_back_returns_to_its_button() {
    let (root, _mounted) = mount_list(vec![line(1, "Clean air now", PetitionStatus::Open, vec![])]);
    leptos::task::tick().await;
    click(&root, "#petition-edit-1");

    let heading = wait_for(Duration::from_secs(2), || find(&root, "#petition-editor-heading"))
        .await
        .expect("the editor opens");
    assert_eq!(text(&heading), "Clean air now");
    assert!(find(&root, ".petitions-overview").unwrap().has_attribute("hidden"));
    let focused = wait_for(Duration::from_secs(2), || {
        document()
            .active_element()
            .filter(|element| element.id() == "petition-editor-heading")
    })
    .await;
    assert!(focused.is_some(), "the focus moves to the editor's heading");
    // The API is out of reach: the editor says so.
    let alert = wait_for(Duration::from_secs(5), || {
        find(&root, ".petition-editor [role=alert] p")
    })
    .await
    .expect("the failure is said");
    assert!(text(&alert).contains("Check your connection"), "{}", text(&alert));

    let back = all(&root, ".petition-editor button")
        .into_iter()
        .find(|button| text(button) == "Back to all petitions")
        .expect("a way back");
    back.unchecked_into::<web_sys::HtmlElement>().click();
    let returned = wait_for(Duration::from_secs(2), || {
        document()
            .active_element()
            .filter(|element| element.id() == "petition-edit-1")
    })
    .await;
    assert!(returned.is_some(), "the focus is back on the Edit button");
    assert!(find(&root, ".petition-editor").is_none());
    assert!(!find(&root, ".petitions-overview").unwrap().has_attribute("hidden"));
}

#[wasm_bindgen_test]
async fn the_editor_has_a_fieldset_per_language_written_in_its_direction() {
    let (root, _mounted) = mount_editor(draft());
    leptos::task::tick().await;

    let legends: Vec<String> = all(&root, "fieldset legend").iter().map(text).collect();
    assert_eq!(
        legends,
        [
            "English",
            "Français Not translated yet",
            "Español Not translated yet",
            "العربية Not translated yet"
        ]
    );
    let arabic = find(&root, "#petition-ar-body").expect("a textarea per language");
    assert_eq!(arabic.get_attribute("lang").as_deref(), Some("ar"));
    assert_eq!(arabic.get_attribute("dir").as_deref(), Some("rtl"));
    let label = find(&root, "label[for=petition-fr-title]").unwrap();
    assert_eq!(
        label.get_attribute("lang"),
        None,
        "labels stay in the console's language"
    );
    assert_eq!(all(&root, "[role=region].markdown-preview").len(), 4);
    assert_eq!(
        find(&root, "#petition-en-title")
            .unwrap()
            .unchecked_into::<web_sys::HtmlInputElement>()
            .value(),
        "Clean air now"
    );

    // Typing in a language makes it a translation.
    type_into(&root, "#petition-fr-title", "De l’air pur");
    leptos::task::tick().await;
    let french = text(&all(&root, "fieldset legend")[1]);
    assert_eq!(french, "Français");
}

#[wasm_bindgen_test]
async fn a_half_written_translation_is_refused_at_its_fields_before_it_is_sent() {
    let (root, _mounted) = mount_editor(draft());
    leptos::task::tick().await;
    type_into(&root, "#petition-fr-title", "De l’air pur");
    fire(&find(&root, ".petition-form").unwrap(), "submit", true);
    leptos::task::tick().await;

    let error = find(&root, "#petition-fr-summary-error").expect("the summary says what is missing");
    assert!(text(&error).starts_with("Fill this in too"), "{}", text(&error));
    let summary = find(&root, "#petition-fr-summary").unwrap();
    assert_eq!(summary.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(
        document().active_element().map(|element| element.id()).as_deref(),
        Some("petition-fr-summary")
    );
    assert!(
        find(&root, "#petition-es-title-error").is_none(),
        "a blank language is fine"
    );
    assert!(text(&find(&root, ".petition-form .form-alert").unwrap()).starts_with("Some fields need correcting"));
}

#[wasm_bindgen_test]
async fn publishing_with_languages_missing_asks_for_the_english_fallback_first() {
    let (root, _mounted) = mount_editor(draft());
    leptos::task::tick().await;
    let label = find(&root, "label[for=petition-fallback]").expect("the fallback is asked for");
    assert_eq!(
        text(&label),
        "Publish with the English text shown where a translation is missing"
    );
    let publish = all(&root, ".petition-status button")
        .into_iter()
        .find(|button| text(button) == "Publish")
        .expect("a draft can be published");
    publish.unchecked_into::<web_sys::HtmlElement>().click();
    leptos::task::tick().await;

    let checkbox = find(&root, "#petition-fallback").unwrap();
    assert_eq!(checkbox.get_attribute("aria-invalid").as_deref(), Some("true"));
    let alert = find(&root, ".petition-status [role=alert]").unwrap();
    assert!(text(&alert).starts_with("Tick this box"), "{}", text(&alert));
}

#[wasm_bindgen_test]
async fn a_new_petition_is_checked_in_the_browser_first() {
    let (root, _mounted) = mount_list(vec![]);
    leptos::task::tick().await;
    assert!(text(&find(&root, ".petitions-overview").unwrap()).contains("No petition yet"));
    type_into(&root, "#new-petition-slug", "Clean Air");
    type_into(&root, "#new-petition-goal", "5 000");
    fire(&find(&root, ".new-petition form").unwrap(), "submit", true);
    leptos::task::tick().await;

    let errors: Vec<String> = all(&root, ".new-petition .field-error")
        .iter()
        .map(|element| element.id())
        .collect();
    assert_eq!(
        errors,
        [
            "new-petition-slug-error",
            "new-petition-en-title-error",
            "new-petition-en-summary-error",
            "new-petition-en-addressed-to-error",
            "new-petition-en-body-error"
        ]
    );
    assert_eq!(
        document().active_element().map(|element| element.id()).as_deref(),
        Some("new-petition-slug")
    );
}
