//! The form engine in headless Chromium: every question type, a show-if
//! condition, moving between sections, and drafts kept and restored.

mod conditions;
mod drafts;
mod navigation;
mod questions;

use civic_api::consent::{Choices, ConsentId, ConsentRecord, StorageItem};
use civic_api::survey::{Choice, Limit, Question, QuestionKind, Section, ShowIf, Survey};
use civic_api::{Locale, Slug};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::api::ApiBase;
use crate::components::survey::form::SurveyForm;
use crate::consent::state::Consent;
use crate::test_support::{container, find, fire};

pub const SLUG: &str = "test-survey";

fn slug(text: &str) -> Slug {
    Slug::parse(text).expect("a test slug")
}

fn choices(pairs: &[(&str, &str)]) -> Vec<Choice> {
    pairs
        .iter()
        .map(|(id, label)| Choice {
            id: slug(id),
            label: (*label).to_owned(),
        })
        .collect()
}

fn question(id: &str, text: &str, kind: QuestionKind) -> Question {
    Question {
        id: slug(id),
        text: text.to_owned(),
        help: None,
        required: false,
        show_if: None,
        kind,
    }
}

/// Two sections holding one question of every type; `why-car` shows only
/// for those who come by car.
pub fn survey() -> Survey {
    let name = Question {
        help: Some("Only if you wish.".into()),
        ..question("name", "Your first name", QuestionKind::ShortText { max_chars: 10 })
    };
    let transport = Question {
        required: true,
        ..question(
            "transport",
            "How do you come?",
            QuestionKind::SingleChoice {
                choices: choices(&[("walk", "On foot"), ("bike", "By bike"), ("car", "By car")]),
            },
        )
    };
    let why_car = Question {
        show_if: Some(ShowIf {
            question: slug("transport"),
            any_of: vec!["car".into()],
        }),
        ..question("why-car", "Why by car?", QuestionKind::LongText { max_chars: 100 })
    };
    let member = question("member", "Are you a member?", QuestionKind::YesNo);
    let topics = question(
        "topics",
        "Which topics?",
        QuestionKind::MultipleChoice {
            choices: choices(&[("parks", "Parks"), ("roads", "Roads"), ("schools", "Schools")]),
            min: None,
            max: Some(2),
        },
    );
    let country = question(
        "country",
        "Where do you live?",
        QuestionKind::Dropdown {
            choices: choices(&[("fr", "France"), ("es", "Spain")]),
        },
    );
    let satisfaction = question(
        "satisfaction",
        "How happy are you?",
        QuestionKind::Rating {
            low: "Not at all".into(),
            high: "Very".into(),
        },
    );
    let recommend = question(
        "recommend",
        "Would you recommend us?",
        QuestionKind::Scale {
            low: "Never".into(),
            high: "Surely".into(),
        },
    );
    let streets = Question {
        required: true,
        ..question(
            "streets",
            "How are your streets?",
            QuestionKind::Matrix {
                rows: choices(&[("safety", "Safety"), ("noise", "Noise")]),
                columns: choices(&[("poor", "Poor"), ("good", "Good")]),
            },
        )
    };
    Survey {
        slug: slug(SLUG),
        locale: Locale::En,
        title: "Test survey".into(),
        summary: "A survey for tests.".into(),
        thanks: "Thanks!".into(),
        sections: vec![
            Section {
                id: slug("about"),
                title: "About you".into(),
                intro: Some("A few words about you.".into()),
                questions: vec![name, transport, why_car, member, topics],
            },
            Section {
                id: slug("opinions"),
                title: "Your opinions".into(),
                intro: None,
                questions: vec![country, satisfaction, recommend, streets],
            },
        ],
        limit: Limit::Anonymous,
        results_public: true,
        closed: false,
        opened_on: "2026-11-20".into(),
        languages: vec![Locale::En],
    }
}

/// A visitor who allowed preference storage (or not).
pub fn consent(preferences: bool) -> Consent {
    let record = ConsentRecord {
        id: ConsentId::from_bytes([7; 16]),
        choices: Choices {
            preferences,
            ..Choices::ALL_REJECTED
        },
        revision: 1,
        decided_at: "2026-11-01T09:00:00.000Z".into(),
    };
    Consent::new(Some(1), Some(record), None)
}

/// Empties both draft stores, so each test starts as a first visit.
pub fn clear_drafts() {
    let session = window().session_storage().unwrap().unwrap();
    let local = window().local_storage().unwrap().unwrap();
    session.remove_item(StorageItem::SurveyDraftTab.key()).unwrap();
    local.remove_item(StorageItem::SurveyDraftSaved.key()).unwrap();
}

/// Mounts the form for `survey`, its API on a closed port.
pub fn mount_with(survey: Survey, consent: Option<Consent>) -> (web_sys::HtmlElement, impl Drop) {
    let root = container();
    let mounted = leptos::mount::mount_to(root.clone(), move || {
        provide_context(ApiBase("http://127.0.0.1:9".into()));
        if let Some(consent) = consent {
            provide_context(consent);
        }
        view! { <SurveyForm survey invitation=None /> }
    });
    (root, mounted)
}

pub fn mount() -> (web_sys::HtmlElement, impl Drop) {
    clear_drafts();
    mount_with(survey(), None)
}

pub fn element(root: &web_sys::Element, selector: &str) -> web_sys::Element {
    find(root, selector).unwrap_or_else(|| panic!("nothing matches {selector}"))
}

pub fn text_of(root: &web_sys::Element, selector: &str) -> String {
    element(root, selector).text_content().unwrap_or_default()
}

pub fn attribute(root: &web_sys::Element, selector: &str, name: &str) -> Option<String> {
    element(root, selector).get_attribute(name)
}

pub fn type_into(root: &web_sys::Element, selector: &str, text: &str) {
    let field = element(root, selector);
    match field.dyn_ref::<web_sys::HtmlInputElement>() {
        Some(input) => input.set_value(text),
        None => field.unchecked_ref::<web_sys::HtmlTextAreaElement>().set_value(text),
    }
    fire(&field, "input", true);
}

/// Ticks a radio or a box, or unticks a box, as a click would.
pub fn tick(root: &web_sys::Element, selector: &str, on: bool) {
    let input = element(root, selector);
    input.unchecked_ref::<web_sys::HtmlInputElement>().set_checked(on);
    fire(&input, "change", true);
}

pub fn is_ticked(root: &web_sys::Element, selector: &str) -> bool {
    element(root, selector)
        .unchecked_ref::<web_sys::HtmlInputElement>()
        .checked()
}

pub fn select(root: &web_sys::Element, selector: &str, value: &str) {
    let field = element(root, selector);
    js_sys::Reflect::set(&field, &"value".into(), &value.into()).unwrap();
    fire(&field, "change", true);
}

pub fn click(root: &web_sys::Element, selector: &str) {
    element(root, selector).unchecked_ref::<web_sys::HtmlElement>().click();
}

/// The form's submit, as Enter or the Next/Send button makes it.
pub fn submit(root: &web_sys::Element) {
    click(root, "#survey-form button[type=submit]");
}

/// The draft kept for the tab (or the device) as raw JSON, if any.
pub fn stored(item: StorageItem) -> Option<serde_json::Value> {
    let text = crate::consent::storage::read(item)?;
    serde_json::from_str(&text).ok()
}

/// Answers section one so that Next goes on.
pub fn answer_first_section(root: &web_sys::Element) {
    tick(root, "#q-transport--walk", true);
}
