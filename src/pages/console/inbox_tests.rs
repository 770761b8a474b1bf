//! The inbox in headless Chromium, with a stand-in for the API: the queue
//! drawn from the lines given, a filter that asks again, a thread opened
//! and left (the focus goes there and back), its message and entries, a
//! report that cannot be answered, the checks made before a reply goes,
//! a reply and a note that go, and a status saved from a stale version.

use std::time::Duration;

use civic_api::inbox::{EntryKind, InboxEntry, InboxItem, InboxKind, InboxLine, InboxStatus};
use civic_api::{ErrorBody, ErrorCode, ErrorResponse, Locale};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

use crate::api::ApiBase;
use crate::pages::console::inbox::Inbox;
use crate::pages::console::inbox_thread::InboxThread;
use crate::test_support::{
    all, answer_fetches, container, fetches_made, find, fire, json, text, texts, type_into, wait_for,
};

wasm_bindgen_test_configure!(run_in_browser);

const CLOSED: &str = "http://127.0.0.1:9";

// A stand-in for the API: the page's `fetch` answers for `MOCK` from a
// table, records each request, and passes anything else on.

const MOCK: &str = "http://mock.inbox";

fn line(reference: &str, kind: InboxKind, subject: &str, from: Option<&str>) -> InboxLine {
    InboxLine {
        reference: reference.to_owned(),
        kind,
        status: InboxStatus::New,
        assignee: None,
        received_at: "2026-12-04T21:30:12Z".to_owned(),
        subject: subject.to_owned(),
        from: from.map(str::to_owned),
    }
}

fn message() -> InboxItem {
    InboxItem {
        reference: "C-7K3M".to_owned(),
        kind: InboxKind::Contact,
        status: InboxStatus::New,
        assignee: None,
        version: 2,
        received_at: "2026-12-04T21:30:12Z".to_owned(),
        locale: Locale::Es,
        name: Some("Lucía Pérez".to_owned()),
        email: Some("lucia@example.org".to_owned()),
        subject: "Pregunta sobre la marcha".to_owned(),
        message: "Hola:\n\n¿A qué hora empieza?".to_owned(),
        entries: vec![
            InboxEntry {
                id: 1,
                at: "2026-12-05T09:00:00Z".to_owned(),
                author: Some("ana@example.org".to_owned()),
                kind: EntryKind::Note,
                subject: String::new(),
                body: "I'll answer.\nAsk Tom.".to_owned(),
            },
            InboxEntry {
                id: 2,
                at: "2026-12-05T10:15:00Z".to_owned(),
                author: None,
                kind: EntryKind::Reply,
                subject: "Re: Pregunta sobre la marcha".to_owned(),
                body: "Estimada Lucía:\n\nA las diez.".to_owned(),
            },
        ],
        assignable: vec!["ana@example.org".to_owned(), "tom@example.org".to_owned()],
    }
}

fn report_without_address() -> InboxItem {
    InboxItem {
        reference: "PR-9Q".to_owned(),
        kind: InboxKind::Report,
        name: None,
        email: None,
        subject: "/petitions/clean-air".to_owned(),
        message: "The sign button does nothing.".to_owned(),
        locale: Locale::En,
        entries: vec![],
        ..message()
    }
}

fn click(root: &web_sys::Element, selector: &str) {
    find(root, selector)
        .unwrap_or_else(|| panic!("no {selector}"))
        .unchecked_into::<web_sys::HtmlElement>()
        .click();
}

fn choose(root: &web_sys::Element, selector: &str, value: &str) {
    let select = find(root, selector).unwrap_or_else(|| panic!("no {selector}"));
    select.unchecked_ref::<web_sys::HtmlSelectElement>().set_value(value);
    fire(&select, "change", true);
}

fn value(root: &web_sys::Element, selector: &str) -> String {
    let element = find(root, selector).unwrap_or_else(|| panic!("no {selector}"));
    if let Some(select) = element.dyn_ref::<web_sys::HtmlSelectElement>() {
        return select.value();
    }
    if let Some(area) = element.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        return area.value();
    }
    element.unchecked_ref::<web_sys::HtmlInputElement>().value()
}

fn focused_id() -> Option<String> {
    document().active_element().map(|element| element.id())
}

async fn saying(root: &web_sys::Element, selector: &str, expected: &str) {
    let found = wait_for(Duration::from_secs(5), || {
        find(root, selector).filter(|element| text(element) == expected)
    })
    .await;
    let shown = find(root, selector).map(|element| text(&element));
    assert!(
        found.is_some(),
        "{selector} says {shown:?}, not {expected:?}; asked {:?}",
        fetches_made()
    );
}

fn mount_queue(base: &'static str, first: Option<Vec<InboxLine>>) -> (web_sys::HtmlElement, impl Drop) {
    let root = container();
    let mounted = leptos::mount::mount_to(root.clone(), move || {
        provide_context(ApiBase(base.into()));
        view! { <Inbox locale=Locale::En first /> }
    });
    (root, mounted)
}

/// Mounted on the stand-in, once the focus has gone to its heading.
async fn mount_thread(item: InboxItem) -> (web_sys::HtmlElement, impl Drop) {
    let root = container();
    let mounted = leptos::mount::mount_to(root.clone(), move || {
        provide_context(ApiBase(MOCK.into()));
        view! {
            <InboxThread
                locale=Locale::En
                reference=item.reference.clone()
                subject=item.subject.clone()
                first=item
                on_change=Callback::new(|_| {})
                on_close=Callback::new(|_| {})
            />
        }
    });
    let focused = wait_for(Duration::from_secs(2), || {
        (focused_id().as_deref() == Some("inbox-thread-heading")).then_some(())
    })
    .await;
    assert!(focused.is_some(), "the focus goes to the thread's heading");
    (root, mounted)
}

#[wasm_bindgen_test]
async fn the_queue_is_drawn_from_the_lines_given_without_asking() {
    answer_fetches(MOCK, vec![]);
    let lines = vec![
        line(
            "C-7K3M",
            InboxKind::Contact,
            "Question about the march",
            Some("Lucía Pérez"),
        ),
        line("PR-9Q", InboxKind::Report, "/petitions/clean-air", None),
    ];
    let (root, _mounted) = mount_queue(MOCK, Some(lines));
    leptos::task::tick().await;

    assert_eq!(text(&find(&root, "h2").unwrap()), "Inbox");
    let label = find(&root, "label[for=inbox-filter]").expect("the filter is labelled");
    assert_eq!(text(&label), "Show");
    let options = texts(&root, "#inbox-filter option");
    assert_eq!(options, ["New", "In progress", "Done", "All"]);
    assert_eq!(value(&root, "#inbox-filter"), "new");
    assert_eq!(text(&find(&root, ".inbox-count").unwrap()), "2 threads");

    let rows = all(&root, ".inbox-line");
    assert_eq!(rows.len(), 2);
    assert_eq!(
        text(&find(&rows[0], ".inbox-line-subject").unwrap()),
        "Question about the march"
    );
    assert_eq!(
        texts(&rows[0], ".inbox-facts li"),
        [
            "Message",
            "From Lucía Pérez",
            "Received 4 December 2026, 21:30 UTC",
            "Status: New",
            "Not assigned"
        ]
    );
    assert_eq!(
        texts(&rows[1], ".inbox-facts li"),
        [
            "Problem report",
            "Received 4 December 2026, 21:30 UTC",
            "Status: New",
            "Not assigned"
        ]
    );
    let open = find(&rows[0], "button").unwrap();
    assert_eq!(text(&open), "Open “Question about the march”");
    assert_eq!(open.id(), "inbox-open-C-7K3M");
    assert_eq!(
        text(&find(&open, ".visually-hidden").unwrap()),
        "“Question about the march”",
        "on screen it reads Open"
    );
    let _ = wait_for(Duration::from_millis(200), || None::<()>).await;
    assert!(fetches_made().is_empty(), "asked {:?}", fetches_made());
}

#[wasm_bindgen_test]
async fn an_empty_queue_says_so_and_another_status_is_asked_for() {
    let done = InboxLine {
        status: InboxStatus::Done,
        assignee: Some("ana@example.org".to_owned()),
        ..line("C-1", InboxKind::Contact, "Thanks", Some("Omar"))
    };
    answer_fetches(MOCK, vec![("GET /api/staff/inbox?status=done", 200, json(&vec![done]))]);
    let (root, _mounted) = mount_queue(MOCK, Some(vec![]));
    leptos::task::tick().await;
    assert_eq!(text(&find(&root, ".inbox-count").unwrap()), "Nothing here.");
    assert!(find(&root, ".inbox-list").is_none());

    choose(&root, "#inbox-filter", "done");
    saying(&root, ".inbox-count", "1 thread").await;
    assert_eq!(
        texts(&root, ".inbox-line .inbox-facts li")[3..],
        ["Status: Done", "Assigned to ana@example.org"]
    );
    assert_eq!(fetches_made(), ["GET /api/staff/inbox?status=done"]);
}

#[wasm_bindgen_test]
async fn a_queue_that_cannot_be_loaded_says_so_with_a_retry() {
    let (root, _mounted) = mount_queue(CLOSED, None);
    assert_eq!(text(&find(&root, ".inbox-count").unwrap()), "Loading the inbox…");
    let alert = wait_for(Duration::from_secs(5), || {
        find(&root, ".inbox [role=alert]").filter(|alert| !text(alert).is_empty())
    })
    .await
    .expect("the failure is said");
    assert!(
        text(&alert).starts_with("The inbox could not be loaded. Check your connection and try again."),
        "{}",
        text(&alert)
    );
    assert_eq!(text(&find(&alert, "button").unwrap()), "Try again");
}

#[wasm_bindgen_test]
async fn opening_a_line_shows_its_thread_with_the_focus_and_back_returns_it_to_the_line() {
    answer_fetches(MOCK, vec![("GET /api/staff/inbox/C-7K3M", 200, json(&message()))]);
    let lines = vec![line(
        "C-7K3M",
        InboxKind::Contact,
        "Pregunta sobre la marcha",
        Some("Lucía Pérez"),
    )];
    let (root, _mounted) = mount_queue(MOCK, Some(lines));
    leptos::task::tick().await;

    click(&root, "#inbox-open-C-7K3M");
    let heading = wait_for(Duration::from_secs(2), || find(&root, "#inbox-thread-heading"))
        .await
        .expect("the thread opens");
    assert_eq!(text(&heading), "Pregunta sobre la marcha");
    assert_eq!(heading.tag_name(), "H3");
    let focused = wait_for(Duration::from_secs(2), || {
        (focused_id().as_deref() == Some("inbox-thread-heading")).then_some(())
    })
    .await;
    assert!(focused.is_some(), "the focus goes to the thread's heading");
    assert!(find(&root, ".inbox-queue").unwrap().has_attribute("hidden"));
    saying(&root, ".inbox-message .inbox-text", "Hola:\n\n¿A qué hora empieza?").await;

    let back = all(&root, ".inbox-thread button")
        .into_iter()
        .find(|button| text(button) == "Back to the inbox")
        .expect("a way back");
    back.unchecked_into::<web_sys::HtmlElement>().click();
    let returned = wait_for(Duration::from_secs(2), || {
        (focused_id().as_deref() == Some("inbox-open-C-7K3M")).then_some(())
    })
    .await;
    assert!(returned.is_some(), "the focus goes back to the line's button");
    assert!(find(&root, ".inbox-thread").is_none());
}

#[wasm_bindgen_test]
async fn a_thread_shows_who_wrote_what_and_the_entries_oldest_first() {
    answer_fetches(MOCK, vec![]);
    let (root, _mounted) = mount_thread(message()).await;

    let heading = find(&root, "h3").unwrap();
    assert_eq!(heading.get_attribute("lang").as_deref(), Some("es"));
    let facts: Vec<(String, String)> = all(&root, ".inbox-thread-facts > div")
        .iter()
        .map(|fact| (text(&find(fact, "dt").unwrap()), text(&find(fact, "dd").unwrap())))
        .collect();
    let fact = |label: &str, value: &str| (label.to_owned(), value.to_owned());
    assert_eq!(
        facts,
        [
            fact("Reference", "C-7K3M"),
            fact("Kind", "Message"),
            fact("Received", "4 December 2026, 21:30 UTC"),
            fact("Language", "Español"),
            fact("From", "Lucía Pérez"),
            fact("E-mail", "lucia@example.org"),
        ]
    );
    let message = find(&root, ".inbox-message .inbox-text").unwrap();
    assert_eq!(message.get_attribute("lang").as_deref(), Some("es"));
    assert_eq!(message.get_attribute("dir").as_deref(), Some("auto"));
    // console.css keeps its line breaks (`white-space: pre-wrap`).
    assert!(message.class_list().contains("inbox-text"));

    let entries = all(&root, ".inbox-entry");
    assert_eq!(entries.len(), 2);
    assert_eq!(
        text(&find(&entries[0], ".inbox-entry-by").unwrap()),
        "Note by ana@example.org, 5 December 2026, 09:00 UTC"
    );
    assert_eq!(
        text(&find(&entries[0], ".inbox-text").unwrap()),
        "I'll answer.\nAsk Tom."
    );
    assert_eq!(
        text(&find(&entries[1], ".inbox-entry-by").unwrap()),
        "Reply sent by an account that no longer exists, 5 December 2026, 10:15 UTC"
    );
    assert_eq!(
        text(&find(&entries[1], ".inbox-entry-subject").unwrap()),
        "Subject: Re: Pregunta sobre la marcha"
    );

    assert_eq!(value(&root, "#inbox-status"), "new");
    assert_eq!(texts(&root, "#inbox-status option"), ["New", "In progress", "Done"]);
    assert_eq!(
        texts(&root, "#inbox-assignee option"),
        ["Nobody", "ana@example.org", "tom@example.org"]
    );
    assert_eq!(text(&find(&root, "label[for=inbox-note]").unwrap()), "Note *");
    assert_eq!(text(&find(&root, "#inbox-note-hint").unwrap()), "Only staff see notes.");
    assert_eq!(value(&root, "#inbox-reply-subject"), "Re: Pregunta sobre la marcha");
    let body = find(&root, "#inbox-reply-body").unwrap();
    assert_eq!(body.get_attribute("lang").as_deref(), Some("es"));
    assert_eq!(body.get_attribute("rows").as_deref(), Some("10"));
    assert!(
        text(&find(&root, "#inbox-reply-body-hint").unwrap()).ends_with("Write in the language they wrote in: Español")
    );
    let headings = texts(&root, "h4");
    assert_eq!(
        headings,
        [
            "What they wrote",
            "Status and assignee",
            "Notes and replies",
            "Add a note",
            "Reply by e-mail"
        ]
    );
}

#[wasm_bindgen_test]
async fn a_report_without_an_address_offers_no_reply() {
    answer_fetches(MOCK, vec![]);
    let (root, _mounted) = mount_thread(report_without_address()).await;

    assert!(find(&root, "#inbox-reply-body").is_none());
    assert!(find(&root, "#inbox-reply-subject").is_none());
    assert_eq!(
        text(&find(&root, ".inbox-reply .note").unwrap()),
        "This report left no address: it cannot be answered by e-mail."
    );
    let facts = texts(&root, ".inbox-thread-facts dd");
    assert_eq!(facts[1], "Problem report");
    assert_eq!(facts[4], "/petitions/clean-air");
    assert_eq!(facts[5], "None given");
    assert_eq!(text(&find(&root, ".inbox-entries p").unwrap()), "No note or reply yet.");
    assert!(find(&root, "#inbox-note").is_some(), "a note can still be added");
}

#[wasm_bindgen_test]
async fn an_empty_reply_is_refused_at_its_fields_without_sending() {
    answer_fetches(MOCK, vec![]);
    let (root, _mounted) = mount_thread(message()).await;

    type_into(&root, "#inbox-reply-subject", " ");
    fire(&find(&root, ".inbox-reply form").unwrap(), "submit", true);
    leptos::task::tick().await;

    assert_eq!(
        text(&find(&root, "#inbox-reply-subject-error").unwrap()),
        "Fill this in."
    );
    assert_eq!(text(&find(&root, "#inbox-reply-body-error").unwrap()), "Fill this in.");
    let body = find(&root, "#inbox-reply-body").unwrap();
    assert_eq!(body.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(focused_id().as_deref(), Some("inbox-reply-subject"));
    let alert = text(&find(&root, ".inbox-reply .form-alert").unwrap());
    assert!(alert.starts_with("Some fields need correcting"), "{alert}");
    let _ = wait_for(Duration::from_millis(200), || None::<()>).await;
    assert!(fetches_made().is_empty(), "asked {:?}", fetches_made());
}

#[wasm_bindgen_test]
async fn a_reply_that_went_says_where_shows_in_the_entries_and_empties_the_form() {
    let mut after = message();
    after.entries.push(InboxEntry {
        id: 3,
        at: "2026-12-06T08:00:00Z".to_owned(),
        author: Some("ana@example.org".to_owned()),
        kind: EntryKind::Reply,
        subject: "Re: Pregunta sobre la marcha".to_owned(),
        body: "Estimada Lucía:\n\nA las once.".to_owned(),
    });
    answer_fetches(MOCK, vec![("POST /api/staff/inbox/C-7K3M/replies", 201, json(&after))]);
    let (root, _mounted) = mount_thread(message()).await;

    type_into(&root, "#inbox-reply-body", "Estimada Lucía:\n\nA las once.");
    fire(&find(&root, ".inbox-reply form").unwrap(), "submit", true);
    saying(
        &root,
        ".inbox-reply .console-status",
        "Your reply is on its way to lucia@example.org.",
    )
    .await;
    assert_eq!(all(&root, ".inbox-entry").len(), 3);
    assert_eq!(value(&root, "#inbox-reply-body"), "");
    assert_eq!(value(&root, "#inbox-reply-subject"), "Re: Pregunta sobre la marcha");
    assert_eq!(fetches_made(), ["POST /api/staff/inbox/C-7K3M/replies"]);
}

#[wasm_bindgen_test]
async fn a_note_that_failed_keeps_its_text_and_one_that_went_is_cleared() {
    let mut after = message();
    after.entries.push(InboxEntry {
        id: 3,
        at: "2026-12-06T08:00:00Z".to_owned(),
        author: Some("ana@example.org".to_owned()),
        kind: EntryKind::Note,
        subject: String::new(),
        body: "Called her.".to_owned(),
    });
    answer_fetches(MOCK, vec![]);
    let (root, _mounted) = mount_thread(message()).await;

    type_into(&root, "#inbox-note", "Called her.");
    fire(&find(&root, ".inbox-note-form form").unwrap(), "submit", true);
    let alert = wait_for(Duration::from_secs(5), || {
        find(&root, ".inbox-note-form .form-alert p").filter(|alert| !text(alert).is_empty())
    })
    .await
    .expect("the failure is said");
    assert!(text(&alert).contains("could not be reached"), "{}", text(&alert));
    assert_eq!(value(&root, "#inbox-note"), "Called her.");

    answer_fetches(MOCK, vec![("POST /api/staff/inbox/C-7K3M/notes", 201, json(&after))]);
    click(&root, ".inbox-note-form .form-alert button");
    saying(&root, ".inbox-note-form .console-status", "Note added.").await;
    assert_eq!(value(&root, "#inbox-note"), "");
    assert_eq!(all(&root, ".inbox-entry").len(), 3);
}

#[wasm_bindgen_test]
async fn a_status_saved_from_a_stale_version_keeps_the_choice_and_offers_the_thread_as_it_is() {
    let conflict = ErrorResponse {
        error: ErrorBody {
            code: ErrorCode::Conflict,
            message: "Someone changed this thread since you opened it; nothing was saved".to_owned(),
            fields: Default::default(),
            request_id: None,
        },
    };
    let theirs = InboxItem {
        status: InboxStatus::InProgress,
        assignee: Some("tom@example.org".to_owned()),
        version: 3,
        ..message()
    };
    answer_fetches(
        MOCK,
        vec![
            ("PUT /api/staff/inbox/C-7K3M", 409, json(&conflict)),
            ("GET /api/staff/inbox/C-7K3M", 200, json(&theirs)),
        ],
    );
    let (root, _mounted) = mount_thread(message()).await;

    choose(&root, "#inbox-status", "done");
    choose(&root, "#inbox-assignee", "ana@example.org");
    fire(&find(&root, ".inbox-state form").unwrap(), "submit", true);
    let alert = wait_for(Duration::from_secs(5), || {
        find(&root, ".inbox-state .console-alert").filter(|alert| !text(alert).is_empty())
    })
    .await
    .expect("the conflict is said");
    assert!(
        text(&alert).starts_with("Someone changed this thread since you opened it"),
        "{}",
        text(&alert)
    );
    assert_eq!(value(&root, "#inbox-status"), "done", "the choice stays");
    assert_eq!(value(&root, "#inbox-assignee"), "ana@example.org");

    let reload = find(&alert, "button").expect("a way to see the thread as it is");
    assert_eq!(text(&reload), "Load the thread as it is now");
    reload.unchecked_into::<web_sys::HtmlElement>().click();
    saying(
        &root,
        ".inbox-state .console-status",
        "The thread is shown as it is now. Choose its status and assignee again, then save.",
    )
    .await;
    assert_eq!(value(&root, "#inbox-status"), "in_progress");
    assert_eq!(value(&root, "#inbox-assignee"), "tom@example.org");
    assert_eq!(text(&find(&root, ".inbox-state .console-alert").unwrap()), "");
}

#[wasm_bindgen_test]
async fn a_saved_status_says_so() {
    let saved = InboxItem {
        status: InboxStatus::InProgress,
        assignee: Some("tom@example.org".to_owned()),
        version: 3,
        ..message()
    };
    answer_fetches(MOCK, vec![("PUT /api/staff/inbox/C-7K3M", 200, json(&saved))]);
    let (root, _mounted) = mount_thread(message()).await;

    choose(&root, "#inbox-status", "in_progress");
    choose(&root, "#inbox-assignee", "tom@example.org");
    fire(&find(&root, ".inbox-state form").unwrap(), "submit", true);
    saying(&root, ".inbox-state .console-status", "Saved.").await;
    assert_eq!(value(&root, "#inbox-status"), "in_progress");
    assert_eq!(fetches_made(), ["PUT /api/staff/inbox/C-7K3M"]);
}

#[wasm_bindgen_test]
async fn an_assignee_who_is_not_staff_is_refused_at_the_list() {
    let refusal = ErrorResponse {
        error: ErrorBody {
            code: ErrorCode::Validation,
            message: "invalid".to_owned(),
            fields: [("assignee".to_owned(), civic_api::FieldError::Invalid)].into(),
            request_id: None,
        },
    };
    answer_fetches(MOCK, vec![("PUT /api/staff/inbox/C-7K3M", 422, json(&refusal))]);
    let (root, _mounted) = mount_thread(message()).await;

    choose(&root, "#inbox-assignee", "tom@example.org");
    fire(&find(&root, ".inbox-state form").unwrap(), "submit", true);
    let error = wait_for(Duration::from_secs(5), || find(&root, "#inbox-assignee-error"))
        .await
        .expect("the list says what is wrong");
    assert!(
        text(&error).starts_with("This address is not a staff member's"),
        "{}",
        text(&error)
    );
    assert_eq!(focused_id().as_deref(), Some("inbox-assignee"));
    assert_eq!(value(&root, "#inbox-assignee"), "tom@example.org");
}
