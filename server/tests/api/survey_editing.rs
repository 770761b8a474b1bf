//! Surveys written in the console: checked as the files are, one
//! structure in every language, shown at once, answered, closed, their
//! private results and CSV for staff only, wording (not structure) changed
//! after answers, never overwritten by the files again, and invitations
//! mailed to a pasted list.

use civic_api::account::Role;
use civic_api::survey::{Answer, Survey, SurveyResults};
use civic_api::survey_editing::{EditableSurvey, InvitationsSent, SurveyLine};
use civic_api::{ErrorBody, ErrorCode, ErrorResponse, Locale, paths};
use reqwest::Method;
use serde_json::{Value, json};

use crate::accounts::{get_with_cookie, send_with_cookie};
use crate::helpers::{TestApp, setup, spawn_app};
use crate::passkeys::staff_with_passkey;
use crate::survey_responses_fixture::{answers, choice, request, slug};

const SLUG: &str = "bike-lanes";

fn key(n: u32) -> String {
    format!("5b3d1f2e-0000-4000-8000-{n:012}")
}

/// The survey in `locale`, the French with French words on the same
/// structure.
fn translation(locale: &str, limit: &str, results_public: bool) -> Value {
    let fr = locale == "fr";
    let word = |en: &str, fr_word: &str| if fr { fr_word.to_owned() } else { en.to_owned() };
    json!({
        "slug": SLUG, "locale": locale, "limit": limit, "results_public": results_public,
        "closed": false, "opened_on": "", "languages": [],
        "title": word("Bike lanes", "Pistes cyclables"),
        "summary": word("Three questions on cycling in town.", "Trois questions sur le vélo en ville."),
        "thanks": word("Thank you.", "Merci."),
        "sections": [{
            "id": "main", "title": word("Cycling", "Le vélo"),
            "questions": [
                {"id": "ride", "text": word("Do you cycle?", "Faites-vous du vélo ?"), "required": true,
                 "kind": {"type": "single_choice", "choices": [
                    {"id": "daily", "label": word("Every day", "Tous les jours")},
                    {"id": "never", "label": word("Never", "Jamais")}]}},
                {"id": "why-not", "text": word("Why not?", "Pourquoi ?"),
                 "show_if": {"question": "ride", "any_of": ["never"]},
                 "kind": {"type": "long_text", "max_chars": 500}},
                {"id": "score", "text": word("How safe is it?", "Est-ce sûr ?"),
                 "kind": {"type": "rating", "low": word("Unsafe", "Dangereux"), "high": word("Safe", "Sûr")}}
            ]
        }]
    })
}

fn edit(version: i64, n: u32, translations: Vec<Value>) -> Value {
    json!({"version": version, "translations": translations, "idempotency_key": key(n)})
}

async fn expect<T: serde::de::DeserializeOwned>(response: reqwest::Response, status: u16) -> T {
    let got = response.status();
    let body = response.text().await.unwrap();
    assert_eq!(got, status, "{body}");
    serde_json::from_str(&body).unwrap()
}

async fn refused(response: reqwest::Response, status: u16) -> ErrorBody {
    expect::<ErrorResponse>(response, status).await.error
}

async fn send(app: &TestApp, cookie: &str, method: Method, path: &str, body: &Value) -> reqwest::Response {
    send_with_cookie(app, method, path, cookie, body).await
}

#[tokio::test]
async fn a_survey_is_written_answered_closed_and_its_private_results_exported() {
    let app = spawn_app().await;
    let cookie = staff_with_passkey(&app, "editor@civic.example", Role::Editor).await;
    let lines: Vec<SurveyLine> = expect(get_with_cookie(&app, paths::STAFF_SURVEYS, &cookie).await, 200).await;
    assert!(lines.iter().any(|line| line.slug.as_str() == "quick-poll-open-data"));

    // Refused as the files would be, nothing stored.
    let mut other_structure = translation("fr", "anonymous", false);
    other_structure["sections"][0]["questions"][2]["required"] = json!(true);
    let errors = refused(
        send(
            &app,
            &cookie,
            Method::POST,
            paths::STAFF_SURVEYS,
            &edit(0, 1, vec![translation("en", "anonymous", false), other_structure]),
        )
        .await,
        422,
    )
    .await;
    assert!(errors.fields.contains_key("translations.fr"), "{errors:?}");
    let mut one_choice = translation("en", "anonymous", false);
    one_choice["sections"][0]["questions"][0]["kind"]["choices"] = json!([{"id": "daily", "label": "Every day"}]);
    let errors = refused(
        send(
            &app,
            &cookie,
            Method::POST,
            paths::STAFF_SURVEYS,
            &edit(0, 2, vec![one_choice]),
        )
        .await,
        422,
    )
    .await;
    assert!(
        errors.fields.contains_key("translations.en.questions.ride"),
        "{errors:?}"
    );
    let errors = refused(
        send(
            &app,
            &cookie,
            Method::POST,
            paths::STAFF_SURVEYS,
            &edit(0, 3, vec![translation("fr", "anonymous", false)]),
        )
        .await,
        422,
    )
    .await;
    assert!(errors.fields.contains_key("translations"), "{errors:?}");

    // Written in two languages; a retry writes nothing again.
    let both = vec![
        translation("fr", "anonymous", false),
        translation("en", "anonymous", false),
    ];
    let written: EditableSurvey = expect(
        send(
            &app,
            &cookie,
            Method::POST,
            paths::STAFF_SURVEYS,
            &edit(0, 4, both.clone()),
        )
        .await,
        201,
    )
    .await;
    let again: EditableSurvey = expect(
        send(
            &app,
            &cookie,
            Method::POST,
            paths::STAFF_SURVEYS,
            &edit(0, 4, both.clone()),
        )
        .await,
        201,
    )
    .await;
    assert_eq!(again.version, written.version);
    assert_eq!(written.translations[0].locale, Locale::En);
    assert_eq!(written.translations[1].languages, [Locale::En, Locale::Fr]);
    assert_eq!(written.translations[0].opened_on.len(), 10, "open from today");
    let taken = refused(
        send(
            &app,
            &cookie,
            Method::POST,
            paths::STAFF_SURVEYS,
            &edit(0, 5, both.clone()),
        )
        .await,
        409,
    )
    .await;
    assert_eq!(taken.code, ErrorCode::Conflict);

    // On the site at once, in French, and answered.
    let french: Survey = expect(app.get(&paths::survey(&slug(SLUG), Locale::Fr)).await, 200).await;
    assert_eq!(french.title, "Pistes cyclables");
    let answer = request(answers(&[
        ("ride", choice("never")),
        ("why-not", Answer::Text("Too many cars".into())),
        ("score", Answer::Number(2)),
    ]));
    let status = app.answer(SLUG, &answer).await.status();
    assert!(status.is_success(), "{status}");

    // Private results: not public, but staff read them and their CSV.
    assert_eq!(
        app.get(&paths::survey_results(&slug(SLUG), Locale::En)).await.status(),
        404
    );
    let results: SurveyResults = expect(
        get_with_cookie(&app, &paths::staff_survey_results(SLUG, Locale::Fr), &cookie).await,
        200,
    )
    .await;
    assert_eq!((results.responses, results.title.as_str()), (1, "Pistes cyclables"));
    let csv = get_with_cookie(&app, &paths::staff_survey_results_csv(SLUG, Locale::En), &cookie).await;
    assert_eq!(csv.status(), 200);
    assert_eq!(csv.headers()["cache-control"], "no-store");
    let csv = csv.text().await.unwrap();
    assert!(csv.starts_with("question,question_text,row,option,count\r\n"), "{csv}");
    assert!(csv.contains("\"ride\",\"Do you cycle?\",\"\",\"Never\",1"), "{csv}");
    assert!(!csv.contains("Too many cars"), "free text is never exported");

    // Answered: wording may change, structure may not; a stale copy is refused.
    let mut added = translation("en", "anonymous", false);
    added["sections"][0]["questions"]
        .as_array_mut()
        .unwrap()
        .push(json!({"id": "age", "text": "Age?", "kind": {"type": "short_text", "max_chars": 20}}));
    let path = paths::staff_survey(SLUG);
    let locked = refused(
        send(
            &app,
            &cookie,
            Method::PUT,
            &path,
            &edit(written.version, 6, vec![added]),
        )
        .await,
        409,
    )
    .await;
    assert!(locked.message.contains("only its wording"), "{}", locked.message);
    let mut reworded = translation("en", "anonymous", false);
    reworded["title"] = json!("Bike lanes in town");
    let saved: EditableSurvey = expect(
        send(
            &app,
            &cookie,
            Method::PUT,
            &path,
            &edit(
                written.version,
                7,
                vec![reworded.clone(), translation("fr", "anonymous", false)],
            ),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(saved.version, written.version + 1);
    assert_eq!(saved.responses, 1);
    let stale = refused(
        send(
            &app,
            &cookie,
            Method::PUT,
            &path,
            &edit(written.version, 8, vec![reworded]),
        )
        .await,
        409,
    )
    .await;
    assert!(stale.message.contains("changed this survey"), "{}", stale.message);

    // Closed: the site says so and takes no more answers.
    let closed: EditableSurvey = expect(
        send(
            &app,
            &cookie,
            Method::PUT,
            &paths::staff_survey_status(SLUG),
            &json!({"version": saved.version, "closed": true, "idempotency_key": key(9)}),
        )
        .await,
        200,
    )
    .await;
    assert!(closed.translations.iter().all(|survey| survey.closed));
    let public: Survey = expect(app.get(&paths::survey(&slug(SLUG), Locale::En)).await, 200).await;
    assert!(public.closed);
    assert_eq!(
        app.answer(SLUG, &request(answers(&[("ride", choice("daily"))])))
            .await
            .status(),
        409
    );

    for action in ["survey_saved", "survey_status_changed"] {
        let lines = app
            .scalar(&format!("SELECT COUNT(*) FROM staff_actions WHERE action = '{action}'"))
            .await;
        assert!(lines >= 1, "{action}");
    }
}

#[tokio::test]
async fn a_survey_closed_in_the_console_stays_closed_whatever_its_file_says() {
    let setup = setup();
    let app = setup.clone().spawn().await;
    let cookie = staff_with_passkey(&app, "admin@civic.example", Role::Admin).await;
    let survey: EditableSurvey = expect(
        get_with_cookie(&app, &paths::staff_survey("quick-poll-open-data"), &cookie).await,
        200,
    )
    .await;
    assert!(!survey.translations[0].closed, "open in content/surveys");
    let change = json!({"version": survey.version, "closed": true, "idempotency_key": key(20)});
    expect::<EditableSurvey>(
        send(
            &app,
            &cookie,
            Method::PUT,
            &paths::staff_survey_status("quick-poll-open-data"),
            &change,
        )
        .await,
        200,
    )
    .await;

    let restarted = setup.spawn().await;
    let public: Survey = expect(
        restarted
            .get(&paths::survey(&slug("quick-poll-open-data"), Locale::En))
            .await,
        200,
    )
    .await;
    assert!(public.closed, "the file's `closed = false` no longer counts");
}

#[tokio::test]
async fn invitations_go_to_each_pasted_address_once_and_only_for_an_invitation_survey() {
    let app = spawn_app().await;
    let cookie = staff_with_passkey(&app, "editor@civic.example", Role::Editor).await;
    let written: EditableSurvey = expect(
        send(
            &app,
            &cookie,
            Method::POST,
            paths::STAFF_SURVEYS,
            &edit(0, 30, vec![translation("en", "invitation", true)]),
        )
        .await,
        201,
    )
    .await;
    let invitations = paths::staff_survey_invitations(SLUG);
    let paste = |addresses: &str, n: u32| json!({"addresses": addresses, "locale": "fr", "idempotency_key": key(n)});

    let errors = refused(
        send(
            &app,
            &cookie,
            Method::POST,
            &invitations,
            &paste("ana@example.org\nnot an address\n", 31),
        )
        .await,
        422,
    )
    .await;
    assert!(errors.fields.contains_key("addresses.2"), "{errors:?}");
    assert!(
        app.mails_to("ana@example.org").await.is_empty(),
        "nobody is invited then"
    );

    let sent: InvitationsSent = expect(
        send(
            &app,
            &cookie,
            Method::POST,
            &invitations,
            &paste("ana@example.org, bo@example.org\nAna@Example.org\n", 32),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(sent.invited, 2);
    expect::<InvitationsSent>(
        send(
            &app,
            &cookie,
            Method::POST,
            &invitations,
            &paste("ana@example.org, bo@example.org\nAna@Example.org\n", 32),
        )
        .await,
        200,
    )
    .await;
    let to_ana = app.mails_to("ana@example.org").await;
    assert_eq!(to_ana.len(), 1, "once, retry included");
    assert!(
        to_ana[0].text.contains(&format!("/surveys/{SLUG}?t=i.")),
        "{}",
        to_ana[0].text
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM staff_actions WHERE action = 'survey_invited'")
            .await,
        1
    );

    let anyone = refused(
        send(
            &app,
            &cookie,
            Method::POST,
            &paths::staff_survey_invitations("quick-poll-open-data"),
            &paste("cy@example.org", 33),
        )
        .await,
        409,
    )
    .await;
    assert_eq!(anyone.code, ErrorCode::Conflict);
    let _ = written;
}
