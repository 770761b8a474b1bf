//! The surveys section in headless Chromium, with a stand-in for the API:
//! the list; a new survey built in two languages with a condition; the
//! contract's check refusing a one-choice question with one choice before
//! anything is sent; a refusal from the server said at its question; the
//! structure locked once people answered; opening and closing from the
//! version read; invitations, pasted or from a file; the results with
//! their CSV; the preview.

use std::time::Duration;

use civic_api::survey::{
    Choice, Limit, OptionCount, Question, QuestionKind, QuestionResult, ResultCounts, Section, ShowIf, Survey,
    SurveyResults,
};
use civic_api::survey_editing::{
    EditableSurvey, InvitationsSent, SurveyEdit, SurveyInvitations, SurveyLine, SurveyStatusChange,
};
use civic_api::{ErrorBody, ErrorCode, ErrorResponse, FieldError, FieldErrors, Locale, Slug};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

use crate::api::ApiBase;
use crate::pages::console::survey_editor::SurveyEditor;
use crate::pages::console::surveys::Surveys;
use crate::test_support::{
    all, answer_fetches, bodies_sent, body_of, container, fetches_made, find, fire, json, text, texts, wait_for,
};

wasm_bindgen_test_configure!(run_in_browser);

const MOCK: &str = "http://mock.surveys";
const LIST: &str = "GET /api/staff/surveys";
const CREATE: &str = "POST /api/staff/surveys";
const SURVEY: &str = "GET /api/staff/surveys/bike-lanes";
const SAVE: &str = "PUT /api/staff/surveys/bike-lanes";
const STATUS: &str = "PUT /api/staff/surveys/bike-lanes/status";
const RESULTS: &str = "GET /api/staff/surveys/bike-lanes/results?locale=en";
const RESULTS_FR: &str = "GET /api/staff/surveys/bike-lanes/results?locale=fr";
const INVITE: &str = "POST /api/staff/surveys/bike-lanes/invitations";

fn slug(text: &str) -> Slug {
    Slug::parse(text).expect("a well-formed slug")
}

fn choice(id: &str, label: &str) -> Choice {
    Choice {
        id: slug(id),
        label: label.to_owned(),
    }
}

/// "Bike lanes" in English or French: how often one cycles (required),
/// then, for those who cycle every day, how safe they feel.
fn bike_lanes(locale: Locale, limit: Limit, closed: bool) -> Survey {
    let french = locale == Locale::Fr;
    let say = |english: &str, francais: &str| if french { francais } else { english }.to_owned();
    Survey {
        slug: slug("bike-lanes"),
        locale,
        title: say("Bike lanes", "Pistes cyclables"),
        summary: say("Tell us how you ride.", "Dites-nous comment vous roulez."),
        thanks: say("Thank you.", "Merci."),
        sections: vec![Section {
            id: slug("cycling"),
            title: say("Cycling", "Le vélo"),
            intro: None,
            questions: vec![
                Question {
                    id: slug("often"),
                    text: say("How often do you cycle?", "À quelle fréquence roulez-vous ?"),
                    help: None,
                    required: true,
                    show_if: None,
                    kind: QuestionKind::SingleChoice {
                        choices: vec![
                            choice("daily", &say("Every day", "Tous les jours")),
                            choice("never", &say("Never", "Jamais")),
                        ],
                    },
                },
                Question {
                    id: slug("safety"),
                    text: say("How safe do you feel?", "Vous sentez-vous en sécurité ?"),
                    help: None,
                    required: false,
                    show_if: Some(ShowIf {
                        question: slug("often"),
                        any_of: vec!["daily".to_owned()],
                    }),
                    kind: QuestionKind::Rating {
                        low: say("Not at all", "Pas du tout"),
                        high: say("Very", "Très"),
                    },
                },
            ],
        }],
        limit,
        results_public: false,
        closed,
        opened_on: "2026-12-01".to_owned(),
        languages: vec![Locale::En, Locale::Fr],
    }
}

fn editable(version: i64, responses: u64, limit: Limit, closed: bool) -> EditableSurvey {
    EditableSurvey {
        slug: slug("bike-lanes"),
        version,
        translations: vec![
            bike_lanes(Locale::En, limit, closed),
            bike_lanes(Locale::Fr, limit, closed),
        ],
        responses,
    }
}

fn refusal(code: ErrorCode, fields: FieldErrors) -> ErrorResponse {
    ErrorResponse {
        error: ErrorBody {
            code,
            message: "refused".to_owned(),
            fields,
            request_id: None,
        },
    }
}

fn results() -> SurveyResults {
    SurveyResults {
        slug: slug("bike-lanes"),
        locale: Locale::En,
        title: "Bike lanes".to_owned(),
        responses: 12,
        questions: vec![
            QuestionResult {
                id: slug("often"),
                text: "How often do you cycle?".to_owned(),
                answered: 12,
                counts: ResultCounts::Options {
                    options: vec![
                        OptionCount {
                            id: slug("daily"),
                            label: "Every day".to_owned(),
                            count: 9,
                        },
                        OptionCount {
                            id: slug("never"),
                            label: "Never".to_owned(),
                            count: 3,
                        },
                    ],
                },
            },
            QuestionResult {
                id: slug("safety"),
                text: "How safe do you feel?".to_owned(),
                answered: 1,
                counts: ResultCounts::Distribution {
                    min: 1,
                    max: 5,
                    low: "Not at all".to_owned(),
                    high: "Very".to_owned(),
                    counts: vec![0, 0, 0, 1, 0],
                    mean: Some(4.0),
                },
            },
        ],
    }
}

/// The requests made, the results' left out.
fn requests() -> Vec<String> {
    fetches_made()
        .into_iter()
        .filter(|call| !call.contains("/results?"))
        .collect()
}

async fn all_bodies<T: serde::de::DeserializeOwned>(key: &str) -> Vec<T> {
    bodies_sent()
        .await
        .into_iter()
        .filter(|(heard, _)| heard == key)
        .map(|(_, body)| serde_json::from_str(&body).expect("a JSON body"))
        .collect()
}

fn mount_list() -> (web_sys::HtmlElement, impl Drop) {
    let root = container();
    let mounted = leptos::mount::mount_to(root.clone(), move || {
        provide_context(ApiBase(MOCK.into()));
        view! { <Surveys locale=Locale::En /> }
    });
    (root, mounted)
}

/// Mounts the builder of a new survey (`None`) or of "bike-lanes", and
/// waits for `ready`.
async fn building(saved: bool, ready: &str) -> (web_sys::HtmlElement, impl Drop) {
    let root = container();
    let mounted = leptos::mount::mount_to(root.clone(), move || {
        provide_context(ApiBase(MOCK.into()));
        let (slug, title) = match saved {
            true => (Some(slug("bike-lanes")), "Bike lanes".to_owned()),
            false => (None, String::new()),
        };
        view! {
            <SurveyEditor
                locale=Locale::En
                slug
                title
                on_change=Callback::new(|_| {})
                on_close=Callback::new(|_| {})
            />
        }
    });
    let shown = wait_for(Duration::from_secs(5), || find(&root, ready)).await;
    assert!(shown.is_some(), "{ready} shows");
    settle().await;
    (root, mounted)
}

/// The fieldset whose own legend says `legend`, within `scope`.
fn group(scope: &web_sys::Element, legend: &str) -> web_sys::Element {
    all(scope, "fieldset")
        .into_iter()
        .find(|fieldset| {
            fieldset
                .query_selector(":scope > legend")
                .ok()
                .flatten()
                .is_some_and(|found| text(&found) == legend)
        })
        .unwrap_or_else(|| panic!("no fieldset {legend:?} in {:?}", texts(scope, "legend")))
}

/// The control labelled `label` within `scope`.
fn control(scope: &web_sys::Element, label: &str) -> web_sys::HtmlElement {
    let found = all(scope, "label")
        .into_iter()
        .find(|each| text(each) == label)
        .unwrap_or_else(|| panic!("no label {label:?} in {:?}", texts(scope, "label")));
    let id = found.get_attribute("for").expect("a label names its control");
    document()
        .get_element_by_id(&id)
        .expect("the labelled control")
        .unchecked_into()
}

fn type_in(scope: &web_sys::Element, label: &str, value: &str) {
    let field = control(scope, label);
    match field.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        Some(area) => area.set_value(value),
        None => field.unchecked_ref::<web_sys::HtmlInputElement>().set_value(value),
    }
    fire(&field, "input", true);
}

fn choose(scope: &web_sys::Element, label: &str, value: &str) {
    let select: web_sys::HtmlSelectElement = control(scope, label).unchecked_into();
    select.set_value(value);
    fire(&select, "change", true);
}

fn value_of(scope: &web_sys::Element, label: &str) -> String {
    let field = control(scope, label);
    match field.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        Some(area) => area.value(),
        None => field.unchecked_ref::<web_sys::HtmlInputElement>().value(),
    }
}

fn button(scope: &web_sys::Element, words: &str) -> Option<web_sys::HtmlButtonElement> {
    all(scope, "button")
        .into_iter()
        .find(|button| text(button) == words)
        .map(JsCast::unchecked_into)
}

fn press(scope: &web_sys::Element, words: &str) {
    let found = button(scope, words).unwrap_or_else(|| panic!("no button {words:?} in {:?}", texts(scope, "button")));
    assert!(!found.disabled(), "{words:?} is disabled");
    found.click();
}

async fn saying(root: &web_sys::Element, selector: &str, expected: &str) {
    let found = wait_for(Duration::from_secs(5), || {
        all(root, selector)
            .into_iter()
            .find(|element| text(element) == expected)
    })
    .await;
    let shown = texts(root, selector);
    assert!(found.is_some(), "{selector} says {shown:?}, not {expected:?}");
}

/// Chooses a file named `name` holding `contents` (a string or bytes) in
/// the file control labelled `label`, as the browser's dialog does.
fn choose_file(scope: &web_sys::Element, label: &str, name: &str, contents: &JsValue) {
    let field = control(scope, label);
    assert_eq!(field.get_attribute("type").as_deref(), Some("file"));
    js_sys::Function::new_with_args(
        "field, name, contents",
        "const chosen = new DataTransfer();
         chosen.items.add(new File([contents], name));
         field.files = chosen.files;
         field.dispatchEvent(new Event('change', { bubbles: true }));",
    )
    .call3(&JsValue::NULL, &field, &name.into(), contents)
    .expect("a file can be chosen");
}

/// Lets the page draw what the last actions changed.
async fn settle() {
    let _ = wait_for(Duration::from_millis(40), || None::<()>).await;
}

#[wasm_bindgen_test]
async fn the_list_shows_every_survey_with_who_may_answer_and_its_responses() {
    let lines = vec![
        SurveyLine {
            slug: slug("bike-lanes"),
            title: "Bike lanes".to_owned(),
            limit: Limit::Invitation,
            results_public: false,
            closed: false,
            languages: vec![Locale::En, Locale::Fr],
            responses: 1234,
        },
        SurveyLine {
            slug: slug("old-poll"),
            title: "Old poll".to_owned(),
            limit: Limit::Anonymous,
            results_public: true,
            closed: true,
            languages: vec![Locale::En],
            responses: 1,
        },
    ];
    answer_fetches(
        MOCK,
        vec![
            (LIST, 200, json(&lines)),
            (SURVEY, 200, json(&editable(4, 1234, Limit::Invitation, false))),
            (RESULTS, 200, json(&results())),
        ],
    );
    let (root, _mounted) = mount_list();
    assert_eq!(text(&find(&root, "h2#surveys-heading").unwrap()), "Surveys");
    assert_eq!(
        text(&find(&root, "[role=status].loading").unwrap()),
        "Loading the surveys…"
    );
    let table = wait_for(Duration::from_secs(5), || find(&root, "table.surveys-table"))
        .await
        .expect("a table of surveys");
    assert!(button(&root, "New survey").is_some());
    assert_eq!(text(&find(&table, "caption").unwrap()), "Surveys");
    assert_eq!(
        texts(&table, "thead th"),
        [
            "Survey",
            "Open or closed",
            "Who may answer",
            "Results",
            "Languages",
            "Responses"
        ]
    );
    let rows = all(&table, "tbody tr");
    assert_eq!(
        texts(&rows[0], "th, td"),
        [
            "Bike lanes",
            "Open",
            "Invited people",
            "Private",
            "English, Français",
            "1,234"
        ]
    );
    assert_eq!(
        texts(&rows[1], "th, td"),
        ["Old poll", "Closed", "Anyone", "Public", "English", "1"]
    );

    press(&root, "Bike lanes");
    saying(&root, "#survey-editor-heading", "Bike lanes").await;
    assert!(find(&root, ".surveys-overview").unwrap().has_attribute("hidden"));
    let focused = wait_for(Duration::from_secs(2), || {
        document()
            .active_element()
            .filter(|element| element.id() == "survey-editor-heading")
    })
    .await;
    assert!(focused.is_some(), "the editor's heading takes the focus");
    let _ = wait_for(Duration::from_secs(5), || find(&root, ".survey-builder")).await;
    press(&root, "Back to the surveys");
    let returned = wait_for(Duration::from_secs(2), || {
        document()
            .active_element()
            .filter(|element| element.id() == "survey-open-bike-lanes")
    })
    .await;
    assert!(returned.is_some(), "the focus is back on the title");
}

#[wasm_bindgen_test]
async fn a_new_survey_built_in_english_and_french_with_a_condition_is_sent_as_one_structure() {
    answer_fetches(
        MOCK,
        vec![
            (LIST, 200, json(&Vec::<SurveyLine>::new())),
            (CREATE, 201, json(&editable(1, 0, Limit::Anonymous, false))),
            (RESULTS, 200, json(&results())),
        ],
    );
    let (root, _mounted) = mount_list();
    saying(&root, ".surveys-overview p", "No survey written yet.").await;
    press(&root, "New survey");
    saying(&root, "#survey-editor-heading", "New survey").await;
    let form = find(&root, "form.survey-builder").expect("the builder");
    type_in(&form, "Address", "bike-lanes");
    control(&form, "Français").click();
    settle().await;
    type_in(&form, "Title", "Bike lanes");
    type_in(&form, "Summary", "Tell us how you ride.");
    type_in(&form, "Thanks message", "Thank you.");
    let section = group(&form, "Section 1");
    type_in(&section, "Section title", "Cycling");
    settle().await;
    assert_eq!(value_of(&section, "Section id"), "cycling", "proposed from the title");

    let first = group(&form, "Question 1");
    choose(&first, "Type", "single_choice");
    settle().await;
    type_in(&first, "Question text", "How often do you cycle?");
    control(&first, "Required").click();
    settle().await;
    type_in(&group(&first, "Choice 1"), "Label", "Every day");
    type_in(&group(&first, "Choice 2"), "Label", "Never");
    settle().await;
    assert_eq!(value_of(&first, "Question id"), "how-often-do-you-cycle");
    assert_eq!(value_of(&group(&first, "Choice 1"), "Id"), "every-day");

    press(&section, "Add a question");
    settle().await;
    let second = group(&form, "Question 2");
    choose(&second, "Type", "rating");
    settle().await;
    type_in(&second, "Question text", "How safe do you feel?");
    type_in(&second, "Label for 1", "Not at all");
    type_in(&second, "Label for 5", "Very");
    let show_if: web_sys::HtmlSelectElement = control(&second, "Show only when").unchecked_into();
    let options: Vec<String> = all(&show_if, "option").iter().map(text).collect();
    assert_eq!(options, ["Always shown", "Question 1: How often do you cycle?"]);
    let target = all(&show_if, "option")[1].get_attribute("value").unwrap();
    choose(&second, "Show only when", &target);
    settle().await;
    control(&group(&second, "Answers that show it"), "Every day").click();

    choose(&form, "Language of the texts", "fr");
    settle().await;
    assert_eq!(value_of(&form, "Title"), "", "French is written apart");
    assert_eq!(control(&form, "Title").get_attribute("lang").as_deref(), Some("fr"));
    type_in(&form, "Title", "Pistes cyclables");
    type_in(&form, "Summary", "Dites-nous comment vous roulez.");
    type_in(&form, "Thanks message", "Merci.");
    type_in(&section, "Section title", "Le vélo");
    type_in(&first, "Question text", "À quelle fréquence roulez-vous ?");
    type_in(&group(&first, "Choice 1"), "Label", "Tous les jours");
    type_in(&group(&first, "Choice 2"), "Label", "Jamais");
    type_in(&second, "Question text", "Vous sentez-vous en sécurité ?");
    type_in(&second, "Label for 1", "Pas du tout");
    type_in(&second, "Label for 5", "Très");
    settle().await;
    assert_eq!(
        value_of(&section, "Section id"),
        "cycling",
        "ids follow the English only"
    );

    press(&form, "Save");
    saying(&root, ".survey-builder [role=status] p", "Saved.").await;
    let sent: SurveyEdit = body_of(CREATE).await;
    assert_eq!(sent.version, 0);
    let languages: Vec<Locale> = sent.translations.iter().map(|survey| survey.locale).collect();
    assert_eq!(languages, [Locale::En, Locale::Fr]);
    let english = &sent.translations[0];
    assert_eq!(english.slug.as_str(), "bike-lanes");
    assert_eq!(
        (english.limit, english.results_public, english.closed),
        (Limit::Anonymous, false, false)
    );
    assert_eq!(
        (english.opened_on.as_str(), english.languages.len()),
        ("", 0),
        "the server's to set"
    );
    let questions: Vec<&Question> = english.questions().collect();
    assert_eq!(questions[0].id.as_str(), "how-often-do-you-cycle");
    assert!(questions[0].required);
    assert_eq!(
        questions[0].kind,
        QuestionKind::SingleChoice {
            choices: vec![choice("every-day", "Every day"), choice("never", "Never")]
        }
    );
    assert_eq!(
        questions[1].show_if,
        Some(ShowIf {
            question: slug("how-often-do-you-cycle"),
            any_of: vec!["every-day".to_owned()],
        })
    );
    let french = &sent.translations[1];
    assert_eq!(french.title, "Pistes cyclables");
    assert_eq!(french.sections[0].questions[1].text, "Vous sentez-vous en sécurité ?");
    assert_eq!(french.without_texts(), english.without_texts(), "one structure");
    assert!(
        sent.validate(false, "2026-12-05").is_ok(),
        "a request the contract takes"
    );

    saying(&root, "#survey-editor-heading", "Bike lanes").await;
    assert!(find(&root, "#survey-slug").is_none(), "the address is fixed once saved");
    assert_eq!(requests(), [LIST, CREATE]);
    press(&root, "Back to the surveys");
    saying(&root, ".surveys-table tbody th", "Bike lanes").await;
}

#[wasm_bindgen_test]
async fn a_one_choice_question_with_one_choice_is_refused_before_anything_is_sent() {
    answer_fetches(MOCK, vec![]);
    let (root, _mounted) = building(false, "form.survey-builder").await;
    let form = find(&root, "form.survey-builder").unwrap();
    type_in(&form, "Address", "bike-lanes");
    type_in(&form, "Title", "Bike lanes");
    type_in(&form, "Summary", "Tell us.");
    type_in(&form, "Thanks message", "Thanks.");
    type_in(&group(&form, "Section 1"), "Section title", "Cycling");
    let question = group(&form, "Question 1");
    choose(&question, "Type", "single_choice");
    settle().await;
    type_in(&question, "Question text", "Do you cycle?");
    type_in(&group(&question, "Choice 1"), "Label", "Yes");
    press(&group(&question, "Choice 2"), "Remove this choice");
    settle().await;
    assert!(all(&question, "fieldset.survey-entry").len() == 1);

    press(&form, "Save");
    settle().await;
    assert_eq!(texts(&question, ".survey-problems li"), ["Give at least 2 choices."]);
    let problems_id = find(&question, ".survey-problems").unwrap().id();
    assert_eq!(question.get_attribute("aria-describedby"), Some(problems_id));
    assert_eq!(
        texts(&form, ".survey-problems li"),
        ["Give at least 2 choices."],
        "nothing else is wrong"
    );
    saying(
        &root,
        ".survey-builder .form-alert p",
        "Some parts need your attention: see the messages beside them.",
    )
    .await;
    let focused = wait_for(Duration::from_secs(2), || {
        document()
            .active_element()
            .filter(|element| question.contains(Some(element)))
    })
    .await;
    assert!(focused.is_some(), "the focus goes to the question");
    assert_eq!(fetches_made(), Vec::<String>::new(), "nothing is sent");

    type_in(&question, "Question text", "Do you ride a bike?");
    settle().await;
    assert!(
        find(&question, ".survey-problems").is_none(),
        "said until the question changes"
    );
}

#[wasm_bindgen_test]
async fn a_refusal_of_a_question_by_the_server_is_said_at_that_question_and_keeps_what_was_typed() {
    let refused = refusal(
        ErrorCode::Validation,
        FieldErrors::from([("translations.en.questions.safety".to_owned(), FieldError::Invalid)]),
    );
    answer_fetches(
        MOCK,
        vec![
            (SURVEY, 200, json(&editable(4, 0, Limit::Anonymous, false))),
            (SAVE, 422, json(&refused)),
            (RESULTS, 200, json(&results())),
        ],
    );
    let (root, _mounted) = building(true, "form.survey-builder").await;
    let form = find(&root, "form.survey-builder").unwrap();
    let second = group(&form, "Question 2");
    assert_eq!(value_of(&second, "Question text"), "How safe do you feel?");
    type_in(&second, "Question text", "How safe do you feel on the road?");
    press(&form, "Save");
    saying(
        &root,
        ".survey-builder .form-alert p",
        "Some parts need your attention: see the messages beside them.",
    )
    .await;
    assert_eq!(
        texts(&second, ".survey-problems li"),
        ["English: this question cannot be answered as written. Check its choices, limits and condition."]
    );
    assert!(find(&group(&form, "Question 1"), ".survey-problems").is_none());
    assert_eq!(value_of(&second, "Question text"), "How safe do you feel on the road?");
    let sent: SurveyEdit = body_of(SAVE).await;
    assert_eq!(sent.version, 4, "from the version read");
    assert_eq!(requests(), [SURVEY, SAVE]);
}

#[wasm_bindgen_test]
async fn once_people_answered_the_structure_is_locked_and_only_the_wording_is_saved() {
    let loaded = editable(4, 3, Limit::Anonymous, false);
    answer_fetches(
        MOCK,
        vec![
            (SURVEY, 200, json(&loaded)),
            (SAVE, 200, json(&editable(5, 3, Limit::Anonymous, false))),
            (RESULTS, 200, json(&results())),
        ],
    );
    let (root, _mounted) = building(true, "form.survey-builder").await;
    assert_eq!(
        text(&find(&root, ".survey-locked").unwrap()),
        "3 people have answered this survey, so only its wording can change now: every answer keeps its \
         question. Sections, questions, choices, types, ids, conditions, limits and the settings are locked."
    );
    let form = find(&root, "form.survey-builder").unwrap();
    let first = group(&form, "Question 1");
    let second = group(&form, "Question 2");
    let disabled = |element: web_sys::HtmlElement| element.has_attribute("disabled");
    assert!(disabled(control(&form, "Who may answer")));
    assert!(disabled(control(&form, "Publish the results")));
    assert!(disabled(control(&first, "Type")));
    assert!(disabled(control(&first, "Required")));
    assert!(disabled(control(&second, "Show only when")));
    assert!(disabled(control(&group(&second, "Answers that show it"), "Every day")));
    assert!(control(&first, "Question id").has_attribute("readonly"));
    assert!(control(&group(&first, "Choice 1"), "Id").has_attribute("readonly"));
    for words in [
        "Add a question",
        "Add a section",
        "Add a choice",
        "Remove this choice",
        "Move this question down",
        "Remove this question",
    ] {
        assert!(button(&form, words).unwrap().disabled(), "{words} is disabled");
    }
    assert!(
        !control(&first, "Question text").has_attribute("readonly"),
        "wording stays editable"
    );
    assert!(
        all(&first, "label")
            .iter()
            .all(|label| text(label) != "Help (optional)"),
        "help is neither added nor taken away"
    );
    assert!(
        !control(&form, "Français").has_attribute("disabled"),
        "a language may still be added"
    );

    type_in(&group(&first, "Choice 2"), "Label", "Never, ever");
    press(&form, "Save");
    saying(&root, ".survey-builder [role=status] p", "Saved.").await;
    let sent: SurveyEdit = body_of(SAVE).await;
    assert_eq!(sent.version, 4);
    let (sent_shape, read_shape) = (
        sent.translations[0].without_texts(),
        loaded.translations[0].without_texts(),
    );
    assert_eq!(sent_shape.sections, read_shape.sections, "the structure as read");
    assert_eq!(
        (sent_shape.limit, sent_shape.results_public),
        (read_shape.limit, read_shape.results_public)
    );
    assert_eq!(
        sent.translations[0].sections[0].questions[0].kind,
        QuestionKind::SingleChoice {
            choices: vec![choice("daily", "Every day"), choice("never", "Never, ever")]
        }
    );
}

#[wasm_bindgen_test]
async fn closing_and_opening_name_the_version_read() {
    answer_fetches(
        MOCK,
        vec![
            (SURVEY, 200, json(&editable(4, 12, Limit::Anonymous, false))),
            (STATUS, 200, json(&editable(5, 12, Limit::Anonymous, true))),
            (RESULTS, 200, json(&results())),
        ],
    );
    let (root, _mounted) = building(true, ".survey-status").await;
    let status = find(&root, ".survey-status").unwrap();
    assert_eq!(text(&find(&status, "h4").unwrap()), "Survey status");
    assert_eq!(
        text(&find(&status, ".survey-state").unwrap()),
        "Open since 1 December 2026: it takes answers."
    );
    assert_eq!(
        text(&find(&status, ".survey-responses").unwrap()),
        "12 responses counted."
    );
    press(&status, "Close the survey");
    saying(
        &status,
        "[role=status] p",
        "The survey is closed: it takes no more answers.",
    )
    .await;
    let asked: SurveyStatusChange = body_of(STATUS).await;
    assert_eq!((asked.version, asked.closed), (4, true));
    assert!(!asked.idempotency_key.is_empty());
    assert_eq!(
        text(&find(&status, ".survey-state").unwrap()),
        "Closed: it takes no answers."
    );

    answer_fetches(
        MOCK,
        vec![(STATUS, 200, json(&editable(6, 12, Limit::Anonymous, false)))],
    );
    press(&status, "Open the survey");
    saying(
        &status,
        "[role=status] p",
        "The survey is open: it takes answers again.",
    )
    .await;
    let asked: SurveyStatusChange = body_of(STATUS).await;
    assert_eq!(
        (asked.version, asked.closed),
        (5, false),
        "from the version the close answered"
    );
    assert!(button(&status, "Close the survey").is_some());
}

#[wasm_bindgen_test]
async fn invitations_name_each_line_that_is_not_an_address_then_say_how_many_were_invited() {
    let refused = refusal(
        ErrorCode::Validation,
        FieldErrors::from([("addresses.2".to_owned(), FieldError::Invalid)]),
    );
    answer_fetches(
        MOCK,
        vec![
            (SURVEY, 200, json(&editable(4, 0, Limit::Invitation, false))),
            (INVITE, 422, json(&refused)),
            (RESULTS, 200, json(&results())),
        ],
    );
    let (root, _mounted) = building(true, ".survey-invitations").await;
    let invitations = find(&root, ".survey-invitations").unwrap();
    assert_eq!(text(&find(&invitations, "h4").unwrap()), "Invite people");
    type_in(&invitations, "Addresses", "ana@example.org\nnot an address, bo@\n");
    press(&invitations, "Send invitations");
    settle().await;
    assert_eq!(
        texts(&invitations, ".field-error li"),
        ["Line 2 is not an e-mail address."]
    );
    assert_eq!(
        control(&invitations, "Addresses")
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("true")
    );
    assert!(
        all_bodies::<SurveyInvitations>(INVITE).await.is_empty(),
        "nothing is sent"
    );

    type_in(&invitations, "Addresses", "ana@example.org\nbo@example.org");
    choose(&invitations, "Language of the invitation", "fr");
    press(&invitations, "Send invitations");
    saying(&invitations, ".field-error li", "Line 2 is not an e-mail address.").await;
    let first: SurveyInvitations = body_of(INVITE).await;
    assert_eq!(first.addresses, "ana@example.org\nbo@example.org");
    assert_eq!(first.locale, Locale::Fr);

    answer_fetches(MOCK, vec![(INVITE, 200, json(&InvitationsSent { invited: 2 }))]);
    press(&invitations, "Send invitations");
    saying(&invitations, "[role=status] p", "Invited 2 people.").await;
    let again: SurveyInvitations = body_of(INVITE).await;
    assert_eq!(again, first, "the same request, with the same key");
    assert_eq!(value_of(&invitations, "Addresses"), "", "not to be sent twice");
}

const FROM_FILE: &str = "Or take the addresses from a file";

#[wasm_bindgen_test]
async fn a_file_replaces_the_typed_addresses_and_its_lines_are_checked_when_sent() {
    answer_fetches(
        MOCK,
        vec![
            (SURVEY, 200, json(&editable(4, 0, Limit::Invitation, false))),
            (RESULTS, 200, json(&results())),
        ],
    );
    let (root, _mounted) = building(true, ".survey-invitations").await;
    let invitations = find(&root, ".survey-invitations").unwrap();
    assert_eq!(
        control(&invitations, FROM_FILE).get_attribute("accept").as_deref(),
        Some(".txt,.csv,text/plain,text/csv")
    );
    type_in(&invitations, "Addresses", "typed@example.org");
    let listed = "ana@example.org, bo@example.org\r\nnot an address\r\ncy@example.org\r\n";
    choose_file(&invitations, FROM_FILE, "people.csv", &listed.into());
    saying(
        &invitations,
        "[role=status] p",
        "Took the addresses of people.csv: check them, then send.",
    )
    .await;
    assert_eq!(
        value_of(&invitations, "Addresses"),
        listed.replace("\r\n", "\n"),
        "in place of what was typed (a text box's lines end in LF)"
    );
    assert!(
        all_bodies::<SurveyInvitations>(INVITE).await.is_empty(),
        "nothing is sent yet"
    );

    press(&invitations, "Send invitations");
    settle().await;
    assert_eq!(
        texts(&invitations, ".field-error li"),
        ["Line 2 is not an e-mail address."]
    );
    assert!(
        all_bodies::<SurveyInvitations>(INVITE).await.is_empty(),
        "nothing is sent while a line is wrong"
    );
}

#[wasm_bindgen_test]
async fn a_file_too_large_or_not_text_is_refused_and_the_addresses_stay_as_typed() {
    answer_fetches(
        MOCK,
        vec![
            (SURVEY, 200, json(&editable(4, 0, Limit::Invitation, false))),
            (RESULTS, 200, json(&results())),
        ],
    );
    let (root, _mounted) = building(true, ".survey-invitations").await;
    let invitations = find(&root, ".survey-invitations").unwrap();
    type_in(&invitations, "Addresses", "ana@example.org");
    let cases: [(&str, JsValue, &str); 2] = [
        (
            "everyone.txt",
            "ana@example.org\n".repeat(70_000).into(),
            "This file is too large: at most 1 MB of addresses.",
        ),
        (
            "people.xlsx",
            js_sys::Uint8Array::from(&[0x50, 0x4b, 0x03, 0x04, 0x00, 0xff, 0xfe][..]).into(),
            "This file could not be read as text.",
        ),
    ];
    for (name, contents, refused) in cases {
        choose_file(&invitations, FROM_FILE, name, &contents);
        saying(&invitations, ".field-error", refused).await;
        let field = control(&invitations, FROM_FILE);
        assert_eq!(field.get_attribute("aria-invalid").as_deref(), Some("true"), "{name}");
        let described = field.get_attribute("aria-describedby").unwrap_or_default();
        let error = find(&invitations, "[role=alert]").expect("the refusal");
        assert!(described.contains(&error.id()), "{name}: {described:?}");
        assert_eq!(value_of(&invitations, "Addresses"), "ana@example.org", "{name}");
        assert!(
            texts(&invitations, "[role=status] p").is_empty(),
            "{name}: nothing taken"
        );
    }
    assert!(fetches_made().iter().all(|call| call != INVITE), "nothing is sent");
}

#[wasm_bindgen_test]
async fn the_results_show_a_table_per_question_in_the_language_of_the_texts_with_a_csv_link() {
    answer_fetches(
        MOCK,
        vec![
            (SURVEY, 200, json(&editable(4, 12, Limit::Anonymous, false))),
            (RESULTS, 200, json(&results())),
            (RESULTS_FR, 200, json(&results())),
        ],
    );
    let (root, _mounted) = building(true, ".survey-result-list").await;
    let section = find(&root, ".survey-results-staff").unwrap();
    assert_eq!(text(&find(&section, "h4").unwrap()), "Survey results");
    assert_eq!(
        text(&find(&section, ".survey-responses").unwrap()),
        "12 responses counted."
    );
    let link = all(&section, "a[download]")
        .into_iter()
        .find(|link| text(link) == "Download the results (CSV)")
        .expect("a CSV link");
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some("http://mock.surveys/api/staff/surveys/bike-lanes/results.csv?locale=en")
    );
    let captions = texts(&section, "caption");
    assert_eq!(
        captions,
        [
            "Answers to “How often do you cycle?”",
            "Answers to “How safe do you feel?”"
        ]
    );
    let rows: Vec<Vec<String>> = all(&section, "table")[0]
        .query_selector_all("tr")
        .map(|list| (0..list.length()).filter_map(|at| list.item(at)).collect::<Vec<_>>())
        .unwrap()
        .into_iter()
        .map(|row| texts(row.unchecked_ref(), "th, td"))
        .collect();
    assert_eq!(rows, [["Answer", "People"], ["Every day", "9"], ["Never", "3"]]);
    assert_eq!(
        texts(&all(&section, "table")[1], "tbody th"),
        ["1 – Not at all", "2", "3", "4", "5 – Very"]
    );

    choose(
        &find(&root, "form.survey-builder").unwrap(),
        "Language of the texts",
        "fr",
    );
    let asked = wait_for(Duration::from_secs(5), || {
        fetches_made().contains(&RESULTS_FR.to_owned()).then_some(())
    })
    .await;
    assert!(asked.is_some(), "asked again in French");
    assert!(link.get_attribute("href").unwrap().ends_with("results.csv?locale=fr"));
}

#[wasm_bindgen_test]
async fn the_preview_shows_the_survey_as_typed_and_sends_nothing() {
    answer_fetches(
        MOCK,
        vec![
            (SURVEY, 200, json(&editable(4, 0, Limit::Invitation, false))),
            (RESULTS, 200, json(&results())),
        ],
    );
    let (root, _mounted) = building(true, "form.survey-builder").await;
    let form = find(&root, "form.survey-builder").unwrap();
    type_in(&form, "Title", "Bike lanes in town");
    let preview = find(&root, ".survey-preview").unwrap();
    assert_eq!(text(&find(&preview, "h4").unwrap()), "Survey preview");
    let show = button(&preview, "Show the preview").unwrap();
    assert_eq!(show.get_attribute("aria-expanded").as_deref(), Some("false"));
    show.click();
    let shown = wait_for(Duration::from_secs(2), || find(&preview, "form.survey-form")).await;
    assert!(shown.is_some(), "the visitors' form, even by invitation");
    assert_eq!(
        text(&find(&preview, ".survey-preview-title").unwrap()),
        "Bike lanes in town"
    );
    assert!(button(&preview, "Hide the preview").is_some());
    press(&preview, "Send my answers");
    saying(
        &preview,
        "#survey-alert p",
        "Some answers need your attention: see the messages under them.",
    )
    .await;
    let daily: web_sys::HtmlInputElement = find(&preview, "#q-often--daily").unwrap().unchecked_into();
    daily.click();
    settle().await;
    press(&preview, "Send my answers");
    saying(
        &preview,
        "#survey-alert p",
        "This is a preview: these answers would be accepted. Nothing was sent.",
    )
    .await;
    assert_eq!(requests(), [SURVEY], "no answer is sent");
}
