//! Answering surveys: every refusal stores nothing, retries count once,
//! one answer per confirmed address or per invitation, and nothing that
//! identifies a person is ever stored with an answer.

use civic_api::survey::{Answer, ResponseReceipt};
use civic_api::{Email, FieldError, Locale};
use civic_server::surveys::invitations;
use civic_server::surveys::person_keys;
use civic_server::tokens::{self, Purpose};
use sqlx::Row;
use time::{Duration, OffsetDateTime};

use crate::fixture::PUBLIC_URL;
use crate::helpers::{error_body, headers, test_secret};
use crate::petitions_fixture::token_of;
use crate::survey_responses_fixture::{
    ANONYMOUS, BY_EMAIL, BY_INVITATION, CLOSED, answers, choice, request, slug, spawn_surveys_app, street_answer, vote,
};

fn email(text: &str) -> Email {
    Email::parse(text).unwrap()
}

async fn receipt(response: reqwest::Response, status: u16) -> ResponseReceipt {
    assert_eq!(response.status(), status);
    response.json().await.unwrap()
}

#[tokio::test]
async fn an_anonymous_answer_counts_at_once_with_nothing_about_the_person() {
    let app = spawn_surveys_app().await;

    let response = app.answer(ANONYMOUS, &street_answer()).await;

    assert_eq!(receipt(response, 201).await, ResponseReceipt::Counted);
    let row = sqlx::query("SELECT answers, state, person_key, submitted_on FROM survey_responses")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(row.get::<String, _>("state"), "counted");
    assert_eq!(row.get::<Option<String>, _>("person_key"), None);
    let today = OffsetDateTime::now_utc().date().to_string();
    assert_eq!(row.get::<String, _>("submitted_on"), today);
    let stored: civic_api::survey::Answers = serde_json::from_str(&row.get::<String, _>("answers")).unwrap();
    assert_eq!(
        stored,
        answers(&[("transport", choice("bike")), ("safety", Answer::Number(4))])
    );
    assert!(app.mails_to("anyone").await.is_empty());
}

#[tokio::test]
async fn every_refused_answer_is_a_422_naming_the_field_and_stores_nothing() {
    let app = spawn_surveys_app().await;
    let text = |text: &str| Answer::Text(text.into());
    let transport = ("transport", choice("walk"));
    let cases = [
        (
            "a choice that is not offered",
            vec![("transport", choice("plane"))],
            "answers.transport",
            FieldError::Invalid,
        ),
        (
            "a rating out of range",
            vec![transport.clone(), ("safety", Answer::Number(6))],
            "answers.safety",
            FieldError::Invalid,
        ),
        (
            "a rating of zero",
            vec![transport.clone(), ("safety", Answer::Number(0))],
            "answers.safety",
            FieldError::Invalid,
        ),
        (
            "the required question skipped",
            vec![("safety", Answer::Number(3))],
            "answers.transport",
            FieldError::Required,
        ),
        (
            "an answer to a hidden question",
            vec![transport.clone(), ("why-car", text("Rain"))],
            "answers.why-car",
            FieldError::Invalid,
        ),
        (
            "a text over its limit",
            vec![transport.clone(), ("comment", text(&"é".repeat(21)))],
            "answers.comment",
            FieldError::TooLong,
        ),
        (
            "more ticks than allowed",
            vec![
                transport.clone(),
                (
                    "priorities",
                    Answer::Choices(vec![slug("trees"), slug("benches"), slug("lights")]),
                ),
            ],
            "answers.priorities",
            FieldError::TooLong,
        ),
        (
            "an answer of the wrong shape",
            vec![("transport", Answer::YesNo(true))],
            "answers.transport",
            FieldError::Invalid,
        ),
        (
            "an unknown question",
            vec![transport.clone(), ("colour", text("Blue"))],
            "answers.colour",
            FieldError::Invalid,
        ),
    ];
    for (case, pairs, field, error) in cases {
        let response = app.answer(ANONYMOUS, &request(answers(&pairs))).await;
        assert_eq!(response.status(), 422, "{case}");
        let body = error_body(response).await;
        assert_eq!(
            body.error.fields.get(field),
            Some(&error),
            "{case}: {:?}",
            body.error.fields
        );
    }
    let mut no_locale = street_answer();
    no_locale.locale = None;
    let body = error_body(app.answer(ANONYMOUS, &no_locale).await).await;
    assert_eq!(body.error.fields.get("locale"), Some(&FieldError::Required));
    let mut no_key = street_answer();
    no_key.idempotency_key = String::new();
    assert_eq!(app.answer(ANONYMOUS, &no_key).await.status(), 422);

    assert_eq!(app.all_responses().await, 0, "nothing stored");
}

#[tokio::test]
async fn the_hidden_question_may_be_answered_once_its_condition_matches() {
    let app = spawn_surveys_app().await;
    let shown = answers(&[
        ("transport", choice("car")),
        ("why-car", Answer::Text("  Rain  ".into())),
    ]);

    assert_eq!(app.answer(ANONYMOUS, &request(shown)).await.status(), 201);

    let stored: String = sqlx::query_scalar("SELECT answers FROM survey_responses")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert!(stored.contains("\"Rain\""), "trimmed: {stored}");
}

#[tokio::test]
async fn a_closed_or_unknown_survey_refuses_answers_and_stores_nothing() {
    let app = spawn_surveys_app().await;

    let closed = app.answer(CLOSED, &vote(None, None)).await;
    assert_eq!(closed.status(), 409);
    assert_eq!(error_body(closed).await.error.code, civic_api::ErrorCode::Conflict);
    assert_eq!(app.answer("no-such-survey", &vote(None, None)).await.status(), 404);
    let malformed = app
        .post_json("/api/surveys/Not%20A%20Slug/responses", &vote(None, None))
        .await;
    assert_eq!(malformed.status(), 404);

    assert_eq!(app.all_responses().await, 0);
}

#[tokio::test]
async fn a_retry_with_the_same_idempotency_key_answers_the_same_and_counts_once() {
    let app = spawn_surveys_app().await;
    let answer = street_answer();

    for _ in 0..3 {
        assert_eq!(
            receipt(app.answer(ANONYMOUS, &answer).await, 201).await,
            ResponseReceipt::Counted
        );
    }
    assert_eq!(app.all_responses().await, 1);

    let by_email = vote(Some("ana@example.org"), None);
    for _ in 0..2 {
        assert_eq!(
            receipt(app.answer(BY_EMAIL, &by_email).await, 202).await,
            ResponseReceipt::CheckInbox
        );
    }
    assert_eq!(app.responses(BY_EMAIL).await.len(), 1);
    assert_eq!(app.mails_to("ana@example.org").await.len(), 1, "one link, not two");
}

#[tokio::test]
async fn a_filled_honeypot_looks_like_any_answer_but_stores_and_mails_nothing() {
    let app = spawn_surveys_app().await;
    let mut bot = street_answer();
    bot.website = "http://spam.example".into();
    let mut mailing_bot = vote(Some("bot@example.org"), None);
    mailing_bot.website = "spam".into();

    assert_eq!(
        receipt(app.answer(ANONYMOUS, &bot).await, 201).await,
        ResponseReceipt::Counted
    );
    assert_eq!(
        receipt(app.answer(BY_EMAIL, &mailing_bot).await, 202).await,
        ResponseReceipt::CheckInbox
    );

    assert_eq!(app.all_responses().await, 0);
    assert!(app.mails_to("bot@example.org").await.is_empty());
}

#[tokio::test]
async fn answers_from_another_site_are_refused_and_long_answers_fit() {
    let app = spawn_surveys_app().await;
    let cross_site = app
        .client
        .post(app.url("/api/surveys/street-poll/responses"))
        .headers(headers(&[
            ("content-type", "application/json"),
            ("sec-fetch-site", "cross-site"),
        ]))
        .body(serde_json::to_string(&street_answer()).unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(cross_site.status(), 403);
    assert_eq!(app.all_responses().await, 0);

    // 5,000 four-byte characters: over the API's usual 16 KiB body.
    let mut long = street_answer();
    long.answers.insert(slug("story"), Answer::Text("𝄞".repeat(5000)));
    assert_eq!(app.answer(ANONYMOUS, &long).await.status(), 201);
    long.idempotency_key.push('x');
    long.answers.insert(slug("story"), Answer::Text("𝄞".repeat(5001)));
    assert_eq!(app.answer(ANONYMOUS, &long).await.status(), 422);
    assert_eq!(app.all_responses().await, 1);
}

#[tokio::test]
async fn an_answer_by_email_waits_for_its_link_then_counts_once() {
    let app = spawn_surveys_app().await;
    let mut answer = vote(Some("ana@example.org"), None);
    answer.locale = Some(Locale::Fr);

    assert_eq!(
        receipt(app.answer(BY_EMAIL, &answer).await, 202).await,
        ResponseReceipt::CheckInbox
    );

    let stored = app.responses(BY_EMAIL).await;
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].0, "pending");
    let person = stored[0].1.clone().expect("a person key");
    assert_eq!(
        person,
        person_keys::of_address(&test_secret(), &slug(BY_EMAIL), &email("ana@example.org"))
    );
    let mail = &app.mails_to("ana@example.org").await[0];
    assert_eq!(mail.subject, "Confirmez vos réponses : Vote des membres");
    let link = app
        .link_in_latest_mail_to("ana@example.org", "/confirm-response?t=")
        .await;
    assert!(
        link.starts_with(&format!("{PUBLIC_URL}/fr/confirm-response?t=v.")),
        "{link}"
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM survey_responses WHERE state = 'counted'")
            .await,
        0
    );

    let token = token_of(&link);
    assert_eq!(
        receipt(app.confirm_response(&token).await, 200).await,
        ResponseReceipt::Counted
    );
    assert_eq!(app.responses(BY_EMAIL).await, [("counted".to_owned(), Some(person))]);
    // Following the link again answers the same and counts nothing more.
    assert_eq!(
        receipt(app.confirm_response(&token).await, 200).await,
        ResponseReceipt::Counted
    );
    assert_eq!(app.responses(BY_EMAIL).await.len(), 1);
}

#[tokio::test]
async fn a_second_answer_from_the_same_mailbox_is_refused_when_confirmed_and_deleted() {
    let app = spawn_surveys_app().await;
    assert_eq!(
        app.answer(BY_EMAIL, &vote(Some("bo@example.org"), None)).await.status(),
        202
    );
    let first = token_of(&app.link_in_latest_mail_to("bo@example.org", "/confirm-response").await);
    // The same mailbox, typed differently.
    assert_eq!(
        app.answer(BY_EMAIL, &vote(Some("B.o+poll@Example.org"), None))
            .await
            .status(),
        202
    );
    let second = token_of(
        &app.link_in_latest_mail_to("B.o+poll@example.org", "/confirm-response")
            .await,
    );
    assert_eq!(app.responses(BY_EMAIL).await.len(), 2, "both pending");

    assert_eq!(app.confirm_response(&first).await.status(), 200);
    let refused = app.confirm_response(&second).await;

    assert_eq!(refused.status(), 409);
    assert_eq!(error_body(refused).await.error.code, civic_api::ErrorCode::Conflict);
    let stored = app.responses(BY_EMAIL).await;
    assert_eq!(stored.len(), 1, "the second answer is deleted");
    assert_eq!(stored[0].0, "counted");
    assert_eq!(
        app.confirm_response(&second).await.status(),
        404,
        "and its link is spent"
    );
    assert_eq!(app.confirm_response(&first).await.status(), 200);

    // Someone else counts as well.
    assert_eq!(
        app.answer(BY_EMAIL, &vote(Some("cy@example.org"), None)).await.status(),
        202
    );
    let other = token_of(&app.link_in_latest_mail_to("cy@example.org", "/confirm-response").await);
    assert_eq!(app.confirm_response(&other).await.status(), 200);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM survey_responses WHERE state = 'counted'")
            .await,
        2
    );
}

#[tokio::test]
async fn an_answer_by_email_needs_an_address() {
    let app = spawn_surveys_app().await;
    for email in [None, Some(""), Some("not an address")] {
        let response = app.answer(BY_EMAIL, &vote(email, None)).await;
        assert_eq!(response.status(), 422, "{email:?}");
        assert!(
            error_body(response).await.error.fields.contains_key("email"),
            "{email:?}"
        );
    }
    assert_eq!(app.all_responses().await, 0);
}

#[tokio::test]
async fn a_bad_confirmation_token_is_a_404_and_counts_nothing() {
    let app = spawn_surveys_app().await;
    assert_eq!(
        app.answer(BY_EMAIL, &vote(Some("dee@example.org"), None))
            .await
            .status(),
        202
    );
    let token = token_of(&app.link_in_latest_mail_to("dee@example.org", "/confirm-response").await);
    let id: i64 = app.scalar("SELECT id FROM survey_responses").await;
    let person = app.responses(BY_EMAIL).await[0].1.clone().unwrap();
    let key = test_secret();
    let now = OffsetDateTime::now_utc();
    let expired = tokens::issue_bound(
        &key,
        Purpose::SurveyResponse,
        id,
        person.as_bytes(),
        tokens::SURVEY_CONFIRM_TTL,
        now - Duration::days(8),
    );
    let wrong_purpose = tokens::issue_bound(&key, Purpose::Confirm, id, person.as_bytes(), Duration::days(7), now);
    let unbound = tokens::issue(&key, Purpose::SurveyResponse, id, Duration::days(7), now);
    let mut tampered = token.clone();
    let last = tampered.pop().unwrap();
    tampered.push(if last == 'A' { 'B' } else { 'A' });

    for bad in [
        expired.as_str(),
        &format!("c.{}", &wrong_purpose[2..]),
        &wrong_purpose,
        &unbound,
        &tampered,
        "v.",
        "",
        "garbage",
    ] {
        assert_eq!(app.confirm_response(bad).await.status(), 404, "{bad:?}");
    }
    assert_eq!(app.responses(BY_EMAIL).await[0].0, "pending");
    assert_eq!(app.confirm_response(&token).await.status(), 200);
}

#[tokio::test]
async fn an_invitation_counts_one_answer() {
    let app = spawn_surveys_app().await;
    let now = OffsetDateTime::now_utc();
    let invitation = invitations::token(&test_secret(), &slug(BY_INVITATION), &email("eve@example.org"), now);

    let first = app.answer(BY_INVITATION, &vote(None, Some(&invitation))).await;
    assert_eq!(receipt(first, 201).await, ResponseReceipt::Counted);
    let again = app.answer(BY_INVITATION, &vote(None, Some(&invitation))).await;
    assert_eq!(again.status(), 409);
    assert_eq!(error_body(again).await.error.code, civic_api::ErrorCode::Conflict);
    // Inviting the same address again is the same person.
    let reinvited = invitations::token(
        &test_secret(),
        &slug(BY_INVITATION),
        &email("Eve@example.org"),
        now + Duration::days(1),
    );
    assert_ne!(reinvited, invitation);
    assert_eq!(
        app.answer(BY_INVITATION, &vote(None, Some(&reinvited))).await.status(),
        409
    );

    let other = invitations::token(&test_secret(), &slug(BY_INVITATION), &email("fay@example.org"), now);
    assert_eq!(app.answer(BY_INVITATION, &vote(None, Some(&other))).await.status(), 201);
    let stored = app.responses(BY_INVITATION).await;
    assert_eq!(stored.len(), 2);
    assert!(
        stored
            .iter()
            .all(|(state, person)| state == "counted" && person.is_some())
    );
    assert_ne!(stored[0].1, stored[1].1);
}

#[tokio::test]
async fn a_missing_tampered_foreign_or_expired_invitation_is_a_422_and_stores_nothing() {
    let app = spawn_surveys_app().await;
    let key = test_secret();
    let now = OffsetDateTime::now_utc();
    let gil = email("gil@example.org");
    let genuine = invitations::token(&key, &slug(BY_INVITATION), &gil, now);
    let mut tampered = genuine.clone();
    tampered.insert(5, 'x');
    let foreign = invitations::token(&key, &slug(BY_EMAIL), &gil, now);
    let expired = invitations::token(&key, &slug(BY_INVITATION), &gil, now - Duration::days(61));
    let cases = [
        (None, FieldError::Required),
        (Some(""), FieldError::Required),
        (Some(tampered.as_str()), FieldError::Invalid),
        (Some(foreign.as_str()), FieldError::Invalid),
        (Some(expired.as_str()), FieldError::Invalid),
        (Some("i.AAAA"), FieldError::Invalid),
    ];
    for (invitation, error) in cases {
        let response = app.answer(BY_INVITATION, &vote(None, invitation)).await;
        assert_eq!(response.status(), 422, "{invitation:?}");
        let fields = error_body(response).await.error.fields;
        assert_eq!(fields.get("invitation"), Some(&error), "{invitation:?}");
    }
    assert_eq!(app.all_responses().await, 0);
    assert_eq!(
        app.answer(BY_INVITATION, &vote(None, Some(&genuine))).await.status(),
        201
    );
}

/// `civic-server invite-survey …` on the test app's database.
fn invite_command(app: &crate::helpers::TestApp, args: &[&str]) -> std::process::Output {
    use base64::Engine;
    let setup = app.setup_again();
    let secret = base64::engine::general_purpose::STANDARD.encode(test_secret().as_bytes());
    std::process::Command::new(env!("CARGO_BIN_EXE_civic-server"))
        .arg("invite-survey")
        .args(args)
        .env("DATABASE_URL", setup.config.database_url.expose())
        .env("CIVIC_CONTENT", &setup.config.content)
        .env("CIVIC_PUBLIC_URL", PUBLIC_URL)
        .env("CIVIC_SMTP_URL", "smtp://127.0.0.1:2525")
        .env("CIVIC_SECRET", secret)
        .env("RUST_LOG", "warn")
        .output()
        .expect("the command runs")
}

#[tokio::test]
async fn the_invite_survey_command_mails_each_address_a_link_that_answers_once() {
    let app = spawn_surveys_app().await;
    let file = app.setup_again().dir().join("board.txt");
    std::fs::write(
        &file,
        "# the board\nhal@example.org\n\nida@example.org\nHal@example.org\n",
    )
    .unwrap();
    let file = file.to_str().unwrap();

    let output = invite_command(&app, &[BY_INVITATION, file, "--locale", "fr"]);

    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        format!("Queued invitations to {BY_INVITATION} for 2 addresses; the running server sends them.\n")
    );
    let mail = &app.mails_to("hal@example.org").await[0];
    assert_eq!(mail.locale, "fr");
    assert_eq!(
        mail.subject,
        "Votre invitation à répondre à notre questionnaire : Board survey"
    );
    let link = app.link_in_latest_mail_to("ida@example.org", "?t=i.").await;
    assert!(
        link.starts_with(&format!("{PUBLIC_URL}/fr/surveys/{BY_INVITATION}?t=i.")),
        "{link}"
    );
    let invitation = token_of(&link);
    assert_eq!(
        app.answer(BY_INVITATION, &vote(None, Some(&invitation))).await.status(),
        201
    );
    assert_eq!(
        app.answer(BY_INVITATION, &vote(None, Some(&invitation))).await.status(),
        409
    );

    for (args, message) in [
        (vec![ANONYMOUS, file], "not limited to invited people"),
        (vec![CLOSED, file], "not limited to invited people"),
        (vec!["no-such-survey", file], "no survey no-such-survey"),
        (vec![BY_INVITATION, "/no/such/file"], "Failed to read /no/such/file"),
        (vec![BY_INVITATION, file, "--locale", "de"], "--locale de"),
    ] {
        let refused = invite_command(&app, &args);
        assert!(!refused.status.success(), "{args:?}");
        let stderr = String::from_utf8_lossy(&refused.stderr);
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
    assert_eq!(
        app.mails_to("hal@example.org").await.len(),
        1,
        "refused runs queue nothing"
    );
}

#[tokio::test]
async fn pending_answers_are_forgotten_once_their_link_has_expired() {
    let app = spawn_surveys_app().await;
    for email in ["old@example.org", "new@example.org"] {
        assert_eq!(app.answer(BY_EMAIL, &vote(Some(email), None)).await.status(), 202);
    }
    assert_eq!(app.answer(ANONYMOUS, &street_answer()).await.status(), 201);
    let now = OffsetDateTime::now_utc();
    let day = |days: i64| (now - Duration::days(days)).date().to_string();
    sqlx::query("UPDATE survey_responses SET submitted_on = $1 WHERE id = 1")
        .bind(day(8))
        .execute(&app.pool)
        .await
        .unwrap();
    sqlx::query("UPDATE survey_responses SET submitted_on = $1 WHERE id = 2")
        .bind(day(7))
        .execute(&app.pool)
        .await
        .unwrap();
    sqlx::query("UPDATE survey_responses SET submitted_on = $1 WHERE id = 3")
        .bind(day(400))
        .execute(&app.pool)
        .await
        .unwrap();

    civic_server::surveys::tidy::tidy(&app.pool, now).await.unwrap();

    let left: Vec<(i64, String)> = sqlx::query_as("SELECT id, state FROM survey_responses ORDER BY id")
        .fetch_all(&app.pool)
        .await
        .unwrap();
    assert_eq!(left, [(2, "pending".to_owned()), (3, "counted".to_owned())]);
}

#[tokio::test]
async fn no_answer_stores_an_address_a_client_address_or_a_browser() {
    let mut setup = crate::survey_responses_fixture::surveys_setup();
    setup.config.trusted_proxy = Some("127.0.0.1".parse().unwrap());
    let app = setup.spawn().await;
    let visitor = "203.0.113.77";
    let agent = "Mozilla/5.0 (X11; Linux x86_64) SurveyBrowser/2.0";
    let send = |slug: &'static str, body: civic_api::survey::ResponseRequest| {
        let app = &app;
        async move {
            app.client
                .post(app.url(&format!("/api/surveys/{slug}/responses")))
                .headers(headers(&[
                    ("content-type", "application/json"),
                    ("x-forwarded-for", visitor),
                    ("user-agent", agent),
                ]))
                .body(serde_json::to_string(&body).unwrap())
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    assert_eq!(send(ANONYMOUS, street_answer()).await, 201);
    assert_eq!(send(BY_EMAIL, vote(Some("zoe.private@example.org"), None)).await, 202);
    let token = token_of(
        &app.link_in_latest_mail_to("zoe.private@example.org", "/confirm-response")
            .await,
    );
    assert_eq!(app.confirm_response(&token).await.status(), 200);
    let invitation = invitations::token(
        &test_secret(),
        &slug(BY_INVITATION),
        &email("yan.invited@example.org"),
        OffsetDateTime::now_utc(),
    );
    assert_eq!(send(BY_INVITATION, vote(None, Some(&invitation))).await, 201);

    let columns: Vec<String> = app.columns_of("survey_responses").await;
    assert_eq!(
        columns,
        [
            "id",
            "survey_id",
            "idempotency_key",
            "answers",
            "state",
            "person_key",
            "submitted_on"
        ]
    );
    // Every value of every table; the mail outbox alone holds an address,
    // until its message is sent.
    let stored = app.stored_text(&["mail_outbox"]).await.to_lowercase();
    assert!(stored.contains("bike"), "the scan reads the answers");
    for trace in [
        "zoe.private",
        "zoeprivate",
        "yan.invited",
        "yaninvited",
        visitor,
        "surveybrowser",
        "mozilla",
    ] {
        assert!(!stored.contains(trace), "{trace} is stored somewhere");
    }
    let times: i64 = app
        .scalar("SELECT COUNT(*) FROM survey_responses WHERE submitted_on LIKE '%:%' OR submitted_on LIKE '%T%'")
        .await;
    assert_eq!(times, 0, "a day, never a time of day");
}
