//! The console's inbox: contact messages and problem reports in one queue;
//! staff set a status and an assignee (never over a change they did not
//! see), leave notes, and reply by e-mail through the outbox, the reply
//! kept with the thread; an erased writer takes the thread with them.

use civic_api::account::Role;
use civic_api::contact::{ContactReceipt, ContactRequest};
use civic_api::inbox::{EntryKind, InboxItem, InboxLine, InboxStatus};
use civic_api::{Email, ErrorCode, Locale, paths};
use reqwest::Method;
use reqwest::header::CONTENT_TYPE;
use serde_json::json;

use crate::accounts::{get_with_cookie, send_with_cookie};
use crate::helpers::{CONTACT_TO, TestApp, error_body, spawn_app, valid_report};
use crate::passkeys::staff_with_passkey;

const WRITER: &str = "lucia@example.org";

fn key(n: u32) -> String {
    format!("4c3d0c2a-0000-4000-8000-{n:012}")
}

async fn contact_message(app: &TestApp) -> String {
    let message = ContactRequest {
        idempotency_key: key(900),
        locale: Some(Locale::Es),
        name: "Lucía Fernández".into(),
        email: WRITER.into(),
        subject: "Una alianza en Valencia".into(),
        message: "Somos una asociación vecinal y queremos sumarnos. ¿Cómo empezamos?".into(),
        website: String::new(),
    };
    let response = app
        .client
        .post(app.url(paths::CONTACT_MESSAGES))
        .header(CONTENT_TYPE, "application/json")
        .json(&message)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    response.json::<ContactReceipt>().await.unwrap().reference
}

async fn thread(app: &TestApp, cookie: &str, reference: &str) -> InboxItem {
    let response = get_with_cookie(app, &paths::staff_inbox_item(reference), cookie).await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

#[tokio::test]
async fn staff_work_the_queue_and_a_reply_goes_out_through_the_outbox_and_stays_with_the_thread() {
    let app = spawn_app().await;
    let editor = staff_with_passkey(&app, "eve.editor@example.org", Role::Editor).await;
    staff_with_passkey(&app, "ada.admin@example.org", Role::Admin).await;
    let message = contact_message(&app).await;
    let report = app.post_problem_report(&valid_report()).await;
    assert_eq!(report.status(), 201);

    // One queue, newest first, everything new.
    let queue: Vec<InboxLine> = get_with_cookie(&app, paths::STAFF_INBOX, &editor)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(queue.len(), 2, "{queue:?}");
    assert!(queue.iter().all(|line| line.status == InboxStatus::New));
    assert!(
        queue
            .iter()
            .any(|line| line.reference == message && line.from.as_deref() == Some("Lucía Fernández"))
    );
    let first = thread(&app, &editor, &message).await;
    assert_eq!(
        (first.version, first.email.as_deref(), first.locale),
        (0, Some(WRITER), Locale::Es)
    );

    // Taken by the admin, in progress; the same change from the old copy is refused.
    let update = |version: i64, status: &str, assignee: &str, n: u32| json!({"version": version, "status": status, "assignee": assignee, "idempotency_key": key(n)});
    let path = paths::staff_inbox_item(&message);
    let taken = send_with_cookie(
        &app,
        Method::PUT,
        &path,
        &editor,
        &update(0, "in_progress", "ada.admin@example.org", 1),
    )
    .await;
    assert_eq!(taken.status(), 200);
    let taken: InboxItem = taken.json().await.unwrap();
    assert_eq!(
        (taken.status, taken.assignee.as_deref(), taken.version),
        (InboxStatus::InProgress, Some("ada.admin@example.org"), 1)
    );
    let stale = send_with_cookie(&app, Method::PUT, &path, &editor, &update(0, "done", "", 2)).await;
    assert_eq!(stale.status(), 409);
    let outsider = send_with_cookie(&app, Method::PUT, &path, &editor, &update(1, "done", WRITER, 3)).await;
    assert_eq!(
        error_body(outsider).await.error.fields["assignee"],
        civic_api::FieldError::Invalid
    );
    let new_only: Vec<InboxLine> = get_with_cookie(&app, &format!("{}?status=new", paths::STAFF_INBOX), &editor)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(new_only.len(), 1, "the message is in progress now");

    // A note for staff; a reply to the writer, in the outbox and in the thread, once.
    let note = json!({"body": "She asked about Valencia: Marta knows the group.", "idempotency_key": key(4)});
    send_with_cookie(&app, Method::POST, &paths::staff_inbox_notes(&message), &editor, &note).await;
    let reply = json!({
        "subject": "Bienvenida a la alianza",
        "body": "Hola Lucía:\n\nGracias por escribirnos. Marta, de Valencia, le escribirá esta semana.",
        "idempotency_key": key(5),
    });
    let replied = send_with_cookie(
        &app,
        Method::POST,
        &paths::staff_inbox_replies(&message),
        &editor,
        &reply,
    )
    .await;
    assert_eq!(replied.status(), 200);
    send_with_cookie(
        &app,
        Method::POST,
        &paths::staff_inbox_replies(&message),
        &editor,
        &reply,
    )
    .await;
    let replied = thread(&app, &editor, &message).await;
    let kinds: Vec<EntryKind> = replied.entries.iter().map(|entry| entry.kind).collect();
    assert_eq!(kinds, [EntryKind::Note, EntryKind::Reply]);
    assert_eq!(replied.entries[1].author.as_deref(), Some("eve.editor@example.org"));
    let mails = app.mails_to(WRITER).await;
    let sent: Vec<_> = mails
        .iter()
        .filter(|mail| mail.subject.starts_with("Bienvenida"))
        .collect();
    assert_eq!(sent.len(), 1, "sent once: {mails:?}");
    assert_eq!(sent[0].subject, format!("Bienvenida a la alianza [{message}]"));
    assert!(sent[0].text.contains("Marta, de Valencia") && sent[0].text.contains(&message));
    assert_eq!(
        sent[0].reply_to.as_deref(),
        Some(CONTACT_TO),
        "answers reach the office"
    );
    assert!(
        !sent[0].text.contains("Marta knows the group"),
        "a note never leaves the console"
    );

    // A report without an address cannot be answered by e-mail.
    let report_line = new_only[0].clone();
    let refused = send_with_cookie(
        &app,
        Method::POST,
        &paths::staff_inbox_replies(&report_line.reference),
        &editor,
        &json!({"subject": "Hi", "body": "Thanks", "idempotency_key": key(6)}),
    )
    .await;
    assert_eq!(refused.status(), 409);
    assert_eq!(error_body(refused).await.error.code, ErrorCode::Conflict);

    let actions = app
        .scalar("SELECT COUNT(*) FROM staff_actions WHERE action IN ('inbox_updated', 'inbox_noted', 'inbox_replied')")
        .await;
    assert_eq!(actions, 3, "each write is one audit line");

    // The writer erases their data: the thread, notes and reply go with the message.
    let writer = Email::parse(WRITER).unwrap();
    let mut conn = app.pool.acquire().await.unwrap();
    let member = civic_server::storage::member_data::Member {
        account_id: 0,
        email: &writer,
    };
    civic_server::storage::member_data::erase(&mut conn, &member)
        .await
        .unwrap();
    assert_eq!(app.scalar("SELECT COUNT(*) FROM inbox_entries").await, 0);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM inbox_threads").await, 0);
}
