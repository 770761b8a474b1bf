//! The newsletter section in headless Chromium, with a stand-in for the
//! API: the list and its figures, the checks made before a mailing is
//! sent, the first save and the next from the version read, a conflict
//! that keeps what was typed, a test to oneself, a schedule on the
//! visitor's clock, and sending once confirmed.

use std::time::Duration;

use civic_api::newsletter_mailing::{
    EditableMailing, LanguageFigures, MailingDraft, MailingFigures, MailingLine, MailingList, MailingSchedule,
    MailingSend, MailingStatus, MailingTest, MailingTestSent,
};
use civic_api::petition_editing::PreviewHtml;
use civic_api::translated_text::TranslatedText;
use civic_api::{ErrorBody, ErrorCode, ErrorResponse, Locale};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

use crate::api::ApiBase;
use crate::pages::console::mailing_editor::MailingEditor;
use crate::pages::console::mailing_time::local_time;
use crate::pages::console::newsletter::Newsletter;
use crate::test_support::{
    all, answer_fetches, bodies_sent, body_of, container, fetches_made, find, fire, json, text, texts, type_into,
    wait_for,
};

wasm_bindgen_test_configure!(run_in_browser);

const MOCK: &str = "http://mock.newsletter";
const LIST: &str = "GET /api/staff/newsletter";
const CREATE: &str = "POST /api/staff/newsletter";
const MAILING: &str = "GET /api/staff/newsletter/9";
const SAVE: &str = "PUT /api/staff/newsletter/9";
const TEST: &str = "POST /api/staff/newsletter/9/tests";
const SCHEDULE: &str = "PUT /api/staff/newsletter/9/schedule";
const SEND: &str = "POST /api/staff/newsletter/9/sending";
const PREVIEW: &str = "POST /api/staff/markdown-preview";
const SENT_AT: &str = "2026-12-04T21:30:00Z";

fn written(locale: Locale, subject: &str, body: &str) -> TranslatedText {
    TranslatedText {
        locale,
        title: subject.to_owned(),
        body_markdown: body.to_owned(),
    }
}

/// A draft in English and French, Spanish and Arabic left blank.
fn mailing(version: i64, subject: &str) -> EditableMailing {
    EditableMailing {
        id: 9,
        version,
        status: MailingStatus::Draft,
        send_at: None,
        sent_at: None,
        texts: vec![
            written(Locale::En, subject, "Hello **all**."),
            written(Locale::Fr, "Nouvelles de décembre", "Bonjour à toutes et à tous."),
            TranslatedText::empty(Locale::Es),
            TranslatedText::empty(Locale::Ar),
        ],
        figures: MailingFigures::default(),
        subscribers: 1234,
    }
}

fn figures() -> MailingFigures {
    MailingFigures {
        recipients: 1234,
        sent: 1200,
        failed: 3,
        waiting: 31,
        unsubscribes: 5,
        languages: vec![
            LanguageFigures {
                locale: Locale::En,
                recipients: 1000,
                opens: 300,
            },
            LanguageFigures {
                locale: Locale::Fr,
                recipients: 234,
                opens: 40,
            },
        ],
    }
}

fn sent(version: i64) -> EditableMailing {
    EditableMailing {
        status: MailingStatus::Sent,
        sent_at: Some(SENT_AT.to_owned()),
        figures: figures(),
        ..mailing(version, "December news")
    }
}

fn conflict() -> ErrorResponse {
    ErrorResponse {
        error: ErrorBody {
            code: ErrorCode::Conflict,
            message: "stale version".to_owned(),
            fields: Default::default(),
            request_id: None,
        },
    }
}

/// The answers of the stand-in, with a preview for any text typed.
fn answer(mut routes: Vec<(&str, u16, String)>) {
    let preview = PreviewHtml {
        html: "<p>Previewed</p>".to_owned(),
    };
    routes.push((PREVIEW, 200, json(&preview)));
    answer_fetches(MOCK, routes);
}

/// The requests made, previews left out.
fn requests() -> Vec<String> {
    fetches_made().into_iter().filter(|call| call != PREVIEW).collect()
}

/// The bodies of every request to `key`, in order.
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
        view! { <Newsletter locale=Locale::En /> }
    });
    (root, mounted)
}

/// Mounts the editor of mailing 9 and waits for what it shows.
async fn editing(ready: &str) -> (web_sys::HtmlElement, impl Drop) {
    let root = container();
    let mounted = leptos::mount::mount_to(root.clone(), move || {
        provide_context(ApiBase(MOCK.into()));
        view! {
            <MailingEditor
                locale=Locale::En
                id=Some(9)
                subject="December news".to_owned()
                on_change=Callback::new(|_| {})
                on_close=Callback::new(|_| {})
            />
        }
    });
    let shown = wait_for(Duration::from_secs(5), || find(&root, ready)).await;
    assert!(shown.is_some(), "the mailing loads");
    (root, mounted)
}

fn value(root: &web_sys::Element, selector: &str) -> String {
    let field = find(root, selector).unwrap_or_else(|| panic!("no {selector}"));
    match field.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        Some(area) => area.value(),
        None => field.unchecked_into::<web_sys::HtmlInputElement>().value(),
    }
}

fn button(root: &web_sys::Element, words: &str) -> Option<web_sys::HtmlButtonElement> {
    all(root, "button")
        .into_iter()
        .find(|button| text(button) == words)
        .map(JsCast::unchecked_into)
}

fn press(root: &web_sys::Element, words: &str) {
    let found = button(root, words).unwrap_or_else(|| panic!("no button {words:?} in {:?}", texts(root, "button")));
    assert!(!found.disabled(), "{words:?} is disabled");
    found.click();
}

fn submit(root: &web_sys::Element) {
    fire(&find(root, ".mailing-form").unwrap(), "submit", true);
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

#[wasm_bindgen_test]
async fn the_list_shows_the_subscribers_and_each_mailing_with_its_figures() {
    let list = MailingList {
        subscribers: 1234,
        mailings: vec![
            MailingLine {
                id: 9,
                subject: "December news".to_owned(),
                status: MailingStatus::Sent,
                send_at: None,
                sent_at: Some(SENT_AT.to_owned()),
                figures: figures(),
            },
            MailingLine {
                id: 8,
                subject: "Spring draft".to_owned(),
                status: MailingStatus::Draft,
                send_at: None,
                sent_at: None,
                figures: MailingFigures::default(),
            },
        ],
    };
    answer(vec![(LIST, 200, json(&list)), (MAILING, 200, json(&sent(4)))]);
    let (root, _mounted) = mount_list();
    assert_eq!(
        text(&find(&root, "h2#newsletter-heading").unwrap()),
        "Newsletter mailings"
    );
    assert_eq!(
        text(&find(&root, "[role=status].loading").unwrap()),
        "Loading the mailings…"
    );
    saying(&root, ".newsletter-subscribers", "1,234 confirmed subscribers").await;
    assert!(button(&root, "New mailing").is_some());
    let table = find(&root, "table.mailings-table").expect("a table of mailings");
    assert_eq!(text(&find(&table, "caption").unwrap()), "Mailings");
    assert_eq!(
        texts(&table, "thead th"),
        [
            "Subject",
            "Status",
            "Sent",
            "Failed",
            "Waiting",
            "Unsubscribes",
            "Opens"
        ]
    );
    let rows = all(&table, "tbody tr");
    assert_eq!(rows.len(), 2);
    let cells = texts(&rows[0], "th, td");
    assert_eq!(cells[0], "December news");
    assert_eq!(cells[1], format!("Sent on {}", local_time(Locale::En, SENT_AT)));
    assert!(cells[1].contains("December 2026"), "{}", cells[1]);
    assert_eq!(cells[2..], ["1,200", "3", "31", "5", "340"], "opens are summed");
    assert_eq!(texts(&rows[1], "th, td")[..2], ["Spring draft", "Draft"]);

    press(&root, "December news");
    saying(&root, "#mailing-editor-heading", "December news").await;
    assert!(find(&root, ".newsletter-overview").unwrap().has_attribute("hidden"));
    let figures = wait_for(Duration::from_secs(5), || find(&root, ".mailing-figures"))
        .await
        .expect("a sent mailing shows its figures");
    assert_eq!(
        texts(&figures, ".mailing-totals li"),
        [
            "Recipients: 1,234",
            "Sent: 1,200",
            "Failed: 3",
            "Waiting: 31",
            "Unsubscribes: 5"
        ]
    );
    assert_eq!(text(&find(&figures, "caption").unwrap()), "Opens by language");
    assert_eq!(
        texts(&figures, "tbody th, tbody td"),
        ["English", "1,000", "300", "Français", "234", "40"]
    );
    assert!(find(&root, ".mailing-form").is_none(), "a sent mailing is not edited");
    assert!(find(&root, ".mailing-sending").is_none());
    assert_eq!(requests(), [LIST, MAILING]);

    press(&root, "Back to the mailings");
    let returned = wait_for(Duration::from_secs(2), || {
        document()
            .active_element()
            .filter(|element| element.id() == "mailing-open-9")
    })
    .await;
    assert!(returned.is_some(), "the focus is back on the subject");
}

#[wasm_bindgen_test]
async fn a_new_mailing_needs_an_english_subject_before_anything_is_sent() {
    answer(vec![(
        LIST,
        200,
        json(&MailingList {
            subscribers: 0,
            mailings: vec![],
        }),
    )]);
    let (root, _mounted) = mount_list();
    saying(&root, ".newsletter-overview p", "No mailing written yet.").await;
    press(&root, "New mailing");
    saying(&root, "#mailing-editor-heading", "New mailing").await;
    let form = find(&root, ".mailing-form").expect("an empty form");
    assert_eq!(
        texts(&form, "fieldset legend"),
        ["English", "Français", "Español", "العربية"]
    );
    assert_eq!(
        text(&find(&root, "label[for=mailing-en-subject]").unwrap()),
        "Subject *"
    );
    assert_eq!(text(&find(&root, "label[for=mailing-fr-subject]").unwrap()), "Subject");
    assert_eq!(
        text(&find(&root, "label[for=mailing-en-body]").unwrap()),
        "Text (Markdown) *"
    );
    let arabic = find(&root, "#mailing-ar-body").unwrap();
    assert_eq!(arabic.get_attribute("lang").as_deref(), Some("ar"));
    assert_eq!(arabic.get_attribute("dir").as_deref(), Some("rtl"));
    assert_eq!(
        texts(&form, "fieldset > p.hint"),
        vec!["Leave both fields empty and subscribers who read in this language get the English."; 3]
    );
    let previews = all(&root, "[role=region].markdown-preview");
    assert_eq!(previews.len(), 4);
    assert_eq!(
        previews[2].get_attribute("aria-labelledby").as_deref(),
        Some("mailing-es-preview-label mailing-es-language")
    );
    assert!(
        find(&root, ".mailing-sending").is_none(),
        "nothing to test before a save"
    );

    type_into(&root, "#mailing-en-body", "Hello.");
    type_into(&root, "#mailing-fr-subject", "Nouvelles");
    submit(&root);
    leptos::task::tick().await;
    assert_eq!(
        text(&find(&root, "#mailing-en-subject-error").unwrap()),
        "Fill this in."
    );
    assert_eq!(
        document().active_element().map(|element| element.id()).as_deref(),
        Some("mailing-en-subject")
    );
    let errors: Vec<String> = all(&root, ".field-error").iter().map(|error| error.id()).collect();
    assert_eq!(
        errors,
        ["mailing-en-subject-error", "mailing-fr-body-error"],
        "a translation is whole or blank"
    );
    assert_eq!(requests(), [LIST], "nothing is sent");
}

#[wasm_bindgen_test]
async fn the_first_save_creates_the_draft_and_the_next_saves_from_the_version_read() {
    answer(vec![
        (
            LIST,
            200,
            json(&MailingList {
                subscribers: 1234,
                mailings: vec![],
            }),
        ),
        (CREATE, 201, json(&mailing(1, "December news"))),
        (SAVE, 200, json(&mailing(2, "December news, again"))),
    ]);
    let (root, _mounted) = mount_list();
    saying(&root, ".newsletter-subscribers", "1,234 confirmed subscribers").await;
    press(&root, "New mailing");
    let _ = wait_for(Duration::from_secs(2), || find(&root, "#mailing-en-subject")).await;
    type_into(&root, "#mailing-en-subject", " December news ");
    type_into(&root, "#mailing-en-body", "Hello **all**.");
    type_into(&root, "#mailing-fr-subject", "Nouvelles de décembre");
    type_into(&root, "#mailing-fr-body", "Bonjour à toutes et à tous.");
    press(&root, "Save");
    saying(&root, ".mailing-form [role=status] p", "Saved.").await;

    let draft: MailingDraft = body_of(CREATE).await;
    assert_eq!(draft.version, 0);
    let languages: Vec<Locale> = draft.texts.iter().map(|text| text.locale).collect();
    assert_eq!(languages, Locale::ALL, "every language, in the site's order");
    assert_eq!(draft.texts[0], written(Locale::En, "December news", "Hello **all**."));
    assert_eq!(draft.texts[2], TranslatedText::empty(Locale::Es), "blank: not written");
    assert!(draft.validate().is_ok(), "a request the contract takes");
    saying(&root, "#mailing-editor-heading", "December news").await;
    assert_eq!(text(&find(&root, ".mailing-status-line").unwrap()), "Status: Draft");
    assert!(find(&root, ".mailing-sending").is_some(), "a saved draft can be tested");

    type_into(&root, "#mailing-en-subject", "December news, again");
    press(&root, "Save");
    saying(&root, "#mailing-editor-heading", "December news, again").await;
    let edit: MailingDraft = body_of(SAVE).await;
    assert_eq!(edit.version, 1, "from the version the first save answered");
    assert_ne!(edit.idempotency_key, draft.idempotency_key, "a new save, a new key");
    assert_eq!(requests(), [LIST, CREATE, SAVE]);
    press(&root, "Back to the mailings");
    saying(&root, ".mailings-table tbody th", "December news, again").await;
}

#[wasm_bindgen_test]
async fn a_conflict_keeps_what_was_typed_and_offers_their_version() {
    answer(vec![
        (MAILING, 200, json(&mailing(4, "December news"))),
        (SAVE, 409, json(&conflict())),
    ]);
    let (root, _mounted) = editing(".mailing-form").await;
    assert_eq!(value(&root, "#mailing-fr-subject"), "Nouvelles de décembre");
    type_into(&root, "#mailing-en-body", "My **own** words.");
    press(&root, "Save");
    saying(
        &root,
        ".mailing-form [role=alert] p",
        "This mailing changed since you opened it: someone else saved it, or it is being sent. Your text is \
         kept here; load their version to compare, then save again.",
    )
    .await;
    assert_eq!(value(&root, "#mailing-en-body"), "My **own** words.");
    let edit: MailingDraft = body_of(SAVE).await;
    assert_eq!(edit.version, 4);

    answer(vec![(MAILING, 200, json(&mailing(6, "News from the alliance")))]);
    press(&root, "Load their version");
    saying(
        &root,
        ".mailing-notice p",
        "Their version is shown now, in place of what you had typed. Make your changes again, then save.",
    )
    .await;
    assert_eq!(value(&root, "#mailing-en-subject"), "News from the alliance");
    assert_eq!(value(&root, "#mailing-en-body"), "Hello **all**.");
    assert!(button(&root, "Load their version").is_none());
}

#[wasm_bindgen_test]
async fn a_test_sends_the_saved_text_and_says_where_it_went() {
    let sent_to = MailingTestSent {
        to: "editor@example.org".to_owned(),
        locale: Locale::En,
    };
    answer(vec![
        (MAILING, 200, json(&mailing(4, "December news"))),
        (TEST, 200, json(&sent_to)),
    ]);
    let (root, _mounted) = editing(".mailing-sending").await;
    assert_eq!(
        text(&find(&root, "label[for=mailing-test-locale]").unwrap()),
        "Language of the test"
    );
    assert!(!button(&root, "Send me a test").unwrap().disabled());

    // Unsaved text: the test would not be what is on screen.
    type_into(&root, "#mailing-en-subject", "December news!");
    leptos::task::tick().await;
    let test = button(&root, "Send me a test").unwrap();
    assert!(test.disabled(), "not while the text is unsaved");
    assert_eq!(
        test.get_attribute("aria-describedby").as_deref(),
        Some("mailing-unsaved-note")
    );
    assert_eq!(
        text(&find(&root, "#mailing-unsaved-note").unwrap()),
        "You have unsaved changes. A test, a schedule and sending all use the saved text: save first."
    );
    assert!(button(&root, "Schedule").unwrap().disabled());
    assert!(button(&root, "Send now to 1,234 subscribers").unwrap().disabled());
    type_into(&root, "#mailing-en-subject", "December news");
    leptos::task::tick().await;
    assert!(find(&root, "#mailing-unsaved-note").is_none(), "the saved text again");

    let select: web_sys::HtmlSelectElement = find(&root, "#mailing-test-locale").unwrap().unchecked_into();
    select.set_value("es");
    fire(&select, "change", true);
    press(&root, "Send me a test");
    saying(
        &root,
        ".mailing-test [role=status] p",
        "Test sent to editor@example.org in English.",
    )
    .await;
    let asked: MailingTest = body_of(TEST).await;
    assert_eq!(
        asked.locale,
        Locale::Es,
        "Spanish is blank: the server sends the English"
    );
    assert_eq!(requests(), [MAILING, TEST]);
}

#[wasm_bindgen_test]
async fn scheduling_sends_the_local_time_in_utc_and_a_schedule_can_be_undone() {
    // Two days from now, on the browser's clock, to the minute.
    let at = js_sys::Date::new_0();
    at.set_time(((js_sys::Date::now() / 60_000.0).floor() + 2.0 * 24.0 * 60.0) * 60_000.0);
    let typed = format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}",
        at.get_full_year(),
        at.get_month() + 1,
        at.get_date(),
        at.get_hours(),
        at.get_minutes()
    );
    let utc = format!(
        "{}Z",
        String::from(at.to_iso_string())
            .trim_end_matches('Z')
            .trim_end_matches(".000")
    );
    let scheduled = EditableMailing {
        version: 5,
        status: MailingStatus::Scheduled,
        send_at: Some(utc.clone()),
        ..mailing(5, "December news")
    };
    answer(vec![
        (MAILING, 200, json(&mailing(4, "December news"))),
        (SCHEDULE, 200, json(&scheduled)),
    ]);
    let (root, _mounted) = editing(".mailing-sending").await;
    assert!(
        text(&find(&root, "label[for=mailing-send-at]").unwrap()).starts_with("Send at (your local time)"),
        "labelled in local time"
    );
    assert_eq!(
        find(&root, "#mailing-send-at")
            .unwrap()
            .get_attribute("type")
            .as_deref(),
        Some("datetime-local")
    );
    assert!(button(&root, "Back to draft").is_none(), "a draft is not scheduled");

    type_into(&root, "#mailing-send-at", "2020-01-01T10:00");
    press(&root, "Schedule");
    leptos::task::tick().await;
    assert_eq!(
        text(&find(&root, "#mailing-send-at-error").unwrap()),
        "Choose a time in the future, at most 366 days ahead."
    );
    assert_eq!(requests(), [MAILING], "nothing is sent");

    type_into(&root, "#mailing-send-at", &typed);
    press(&root, "Schedule");
    let time = local_time(Locale::En, &utc);
    saying(
        &root,
        ".mailing-schedule [role=status] p",
        &format!("Scheduled for {time}."),
    )
    .await;
    let asked: Vec<MailingSchedule> = all_bodies(SCHEDULE).await;
    assert_eq!(asked.len(), 1);
    assert_eq!(asked[0].version, 4);
    assert_eq!(asked[0].send_at.as_deref(), Some(utc.as_str()), "in UTC");
    assert_eq!(
        text(&find(&root, ".mailing-status-line").unwrap()),
        format!("Status: Scheduled for {time}")
    );

    answer(vec![(SCHEDULE, 200, json(&mailing(6, "December news")))]);
    press(&root, "Back to draft");
    saying(
        &root,
        ".mailing-schedule [role=status] p",
        "Back to a draft: it is not sent until you schedule it or send it now.",
    )
    .await;
    let asked: MailingSchedule = body_of(SCHEDULE).await;
    assert_eq!(asked.version, 5, "from the scheduled version");
    assert_eq!(asked.send_at, None);
    assert_ne!(asked.idempotency_key, "", "with its own key");
    assert!(button(&root, "Back to draft").is_none());
}

#[wasm_bindgen_test]
async fn sending_needs_a_confirmation_names_the_version_read_and_is_retried_with_its_key() {
    // No answer to the first sending: the connection dropped.
    answer(vec![(MAILING, 200, json(&mailing(4, "December news")))]);
    let (root, _mounted) = editing(".mailing-sending").await;
    press(&root, "Send now to 1,234 subscribers");
    saying(
        &root,
        ".erase-confirm p",
        "Send this mailing now to 1,234 subscribers? A mail cannot be called back once sent.",
    )
    .await;
    assert_eq!(requests(), [MAILING], "not before it is confirmed");
    press(&root, "Cancel");
    leptos::task::tick().await;
    assert!(find(&root, ".erase-confirm").is_none());
    assert!(button(&root, "Yes, send it to 1,234 subscribers").is_none());

    press(&root, "Send now to 1,234 subscribers");
    leptos::task::tick().await;
    press(&root, "Yes, send it to 1,234 subscribers");
    saying(
        &root,
        ".mailing-send .form-alert p",
        "The server could not be reached. Check your connection, then try again.",
    )
    .await;
    let first: MailingSend = body_of(SEND).await;
    assert_eq!(first.version, 4, "the version read");

    answer(vec![(SEND, 200, json(&sent(5)))]);
    press(&root, "Try again");
    saying(
        &root,
        ".mailing-notice p",
        "On its way to 1,234 subscribers. The figures below fill in as the mails go out.",
    )
    .await;
    let again: MailingSend = body_of(SEND).await;
    assert_eq!(again, first, "the same sending, done once");
    assert!(find(&root, ".mailing-form").is_none(), "no longer edited");
    assert!(find(&root, ".mailing-sending").is_none());
    assert_eq!(
        text(&find(&root, ".mailing-status-line").unwrap()),
        format!("Status: Sent on {}", local_time(Locale::En, SENT_AT))
    );
    assert_eq!(
        texts(&root, ".mailing-subjects dd"),
        [
            "December news",
            "Nouvelles de décembre",
            "Not written: these subscribers got the English.",
            "Not written: these subscribers got the English."
        ]
    );
    assert_eq!(texts(&root, ".mailing-totals li")[0], "Recipients: 1,234");
    let focused = wait_for(Duration::from_secs(2), || {
        document()
            .active_element()
            .filter(|element| element.id() == "mailing-figures-heading")
    })
    .await;
    assert!(focused.is_some(), "the figures take the focus");

    answer(vec![(MAILING, 200, json(&sent(5)))]);
    press(&root, "Refresh");
    saying(&root, ".mailing-figures [role=status] p", "Figures updated.").await;
    assert_eq!(requests(), [MAILING]);
}
