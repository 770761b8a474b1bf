//! One test per promise of the privacy policy (content/pages/*/privacy.md),
//! named after the promise. The README lists each promise beside its test;
//! the promises a browser must keep are in tests/e2e/privacy-promises.test.mjs.

use civic_api::analytics::{EventKind, EventRequest};
use civic_api::consent::{Choices, ConsentLogRequest, POLICY_REVISION_META};
use civic_api::page::Page;
use civic_api::survey::{Answer, Answers, Question, QuestionKind, Survey, answer_field};
use civic_api::{ErrorResponse, FieldError, Locale, Slug, paths};

use crate::fixture::PUBLIC_URL;
use crate::helpers::{headers, setup, spawn_app};
use crate::newsletter_fixture::header;
use crate::newsletter_issues::send_demo;
use crate::survey_responses_fixture::request;

/// Words that would mean a table or a form holds payment card data.
const CARD_WORDS: [&str; 7] = ["card", "cvv", "cvc", "pan", "expiry", "iban", "security_code"];

fn names_card_data(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    name.split(|c: char| !c.is_ascii_alphanumeric())
        .any(|word| CARD_WORDS.contains(&word))
        || CARD_WORDS.iter().any(|word| word.contains('_') && name.contains(word))
}

#[tokio::test]
async fn we_never_keep_card_details() {
    let app = spawn_app().await;
    let stored: Vec<String> = app
        .columns()
        .await
        .into_iter()
        .filter(|(table, column)| names_card_data(table) || names_card_data(column))
        .map(|(table, column)| format!("{table}.{column}"))
        .collect();
    assert_eq!(stored, Vec::<String>::new(), "no table or column for card data");

    // No request the API accepts has a field for one either.
    let document: serde_json::Value = app.get(paths::OPENAPI).await.json().await.unwrap();
    let schemas = document["components"]["schemas"].as_object().expect("schemas");
    let mut fields = Vec::new();
    for (schema, definition) in schemas {
        if let Some(properties) = definition["properties"].as_object() {
            fields.extend(properties.keys().map(|field| format!("{schema}.{field}")));
        }
    }
    assert!(fields.len() > 20, "the document lists the API's fields: {fields:?}");
    let card_fields: Vec<&String> = fields.iter().filter(|field| names_card_data(field)).collect();
    assert!(card_fields.is_empty(), "{card_fields:?}");
}

#[tokio::test]
async fn statistics_identify_no_one() {
    let mut setup = setup();
    setup.config.trusted_proxy = Some("127.0.0.1".parse().unwrap());
    setup.config.country_header = Some("cf-ipcountry".parse().unwrap());
    let app = setup.spawn().await;

    // The only columns the statistics have: a day, what happened, where, and counts.
    let analytics: Vec<String> = app
        .columns()
        .await
        .into_iter()
        .filter(|(table, _)| table == "analytics_daily")
        .map(|(_, column)| column)
        .collect();
    assert_eq!(analytics, ["day", "event", "path", "network", "country", "count"]);

    let visitor = "203.0.113.77";
    let agent = "Mozilla/5.0 (X11; Linux x86_64) VisitorBrowser/1.0";
    let event = EventRequest {
        kind: EventKind::PageView,
        path: "/fr/about".into(),
        network: None,
    };
    let response = app
        .client
        .post(app.url(paths::ANALYTICS_EVENTS))
        .headers(headers(&[
            ("x-forwarded-for", visitor),
            ("user-agent", agent),
            ("cf-ipcountry", "FR"),
            ("cookie", "tracker=abc123"),
            ("content-type", "application/json"),
        ]))
        .body(serde_json::to_string(&event).unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);

    let counted: (String, String, i64) =
        sqlx::query_as("SELECT path, country, count FROM analytics_daily WHERE event = 'page_view'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(counted, ("/fr/about".to_owned(), "FR".to_owned(), 1));
    let everything = app.stored_text(&[]).await;
    for trace in [visitor, agent, "abc123", "VisitorBrowser"] {
        assert!(!everything.contains(trace), "{trace} is stored somewhere");
    }
}

#[tokio::test]
async fn consent_is_logged_without_anything_that_identifies_the_visitor() {
    let mut setup = setup();
    setup.config.trusted_proxy = Some("127.0.0.1".parse().unwrap());
    let app = setup.spawn().await;

    let logged: Vec<String> = app
        .columns()
        .await
        .into_iter()
        .filter(|(table, _)| table == "consent_log")
        .map(|(_, column)| column)
        .collect();
    assert_eq!(
        logged,
        [
            "id",
            "consent_id",
            "preferences",
            "analytics",
            "external_media",
            "revision",
            "signal",
            "recorded_at"
        ]
    );

    let visitor = "198.51.100.23";
    let decision = ConsentLogRequest {
        consent_id: "00112233445566778899aabbccddeeff".into(),
        choices: Choices::ALL_ACCEPTED,
        revision: 3,
        signal: None,
    };
    let response = app
        .client
        .post(app.url(paths::CONSENTS))
        .headers(headers(&[
            ("x-forwarded-for", visitor),
            ("user-agent", "ConsentingBrowser/2.0"),
            ("content-type", "application/json"),
        ]))
        .body(serde_json::to_string(&decision).unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM consent_log WHERE consent_id = $1")
        .bind(&decision.consent_id)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(rows, 1);
    let everything = app.stored_text(&[]).await;
    assert!(!everything.contains(visitor));
    assert!(!everything.contains("ConsentingBrowser"));
}

#[tokio::test]
async fn a_browser_that_asks_not_to_be_tracked_is_not_counted() {
    let app = spawn_app().await;
    let event = EventRequest {
        kind: EventKind::PageView,
        path: "/".into(),
        network: None,
    };
    for signal in [("sec-gpc", "1"), ("dnt", "1")] {
        let response = app
            .client
            .post(app.url(paths::ANALYTICS_EVENTS))
            .headers(headers(&[signal, ("content-type", "application/json")]))
            .body(serde_json::to_string(&event).unwrap())
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 204, "{signal:?}");
    }
    let counted: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM analytics_daily")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(counted, 0);
}

#[tokio::test]
async fn a_change_of_the_policy_is_announced_on_every_page() {
    let app = spawn_app().await;
    let mut revisions = Vec::new();
    for locale in Locale::ALL {
        let page: Page = app.get_page(locale.as_str(), "privacy").await.json().await.unwrap();
        let revision = page.revision.expect("the privacy policy has a revision");
        assert!(page.updated.is_some(), "{locale:?} policy has a date");
        let changes = page.changes.expect("the privacy policy says what changed");
        assert!(changes.len() > 40, "{locale:?}: {changes}");
        revisions.push(revision);
    }
    assert!(revisions.windows(2).all(|pair| pair[0] == pair[1]), "{revisions:?}");

    // Every page tells the browser the current revision, so a visitor who
    // decided on an older one is asked again.
    let meta = format!("<meta name=\"{POLICY_REVISION_META}\" content=\"{}\">", revisions[0]);
    for path in ["/", "/fr/about", "/es/campaigns", "/statistics", "/no-such-page"] {
        let html = app.get(path).await.text().await.unwrap();
        assert!(html.contains(&meta), "{path} lacks {meta}");
    }
}

#[tokio::test]
async fn nothing_on_our_pages_may_contact_another_site() {
    let app = spawn_app().await;
    for path in ["/", "/fr/privacy", "/statistics", "/newsletter"] {
        let response = app.get(path).await;
        let csp = response.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        for directive in csp.split(';').map(str::trim) {
            let mut words = directive.split_whitespace();
            let name = words.next().unwrap_or_default();
            for source in words {
                let local = source.starts_with('\'') || source == "data:";
                assert!(local, "{path}: `{name}` allows {source}");
            }
        }
        assert!(csp.contains("default-src 'none'"), "{csp}");
    }
}

#[tokio::test]
async fn you_can_unsubscribe_in_one_click_and_then_receive_nothing() {
    let app = spawn_app().await;
    let address = "ana@example.org";
    app.subscribed(address, Locale::Fr).await;
    let welcome = app.mails_to(address).await.into_iter().next().expect("a welcome mail");
    let one_click = header(&welcome, "List-Unsubscribe")
        .and_then(|value| value.strip_prefix('<')?.strip_suffix('>'))
        .expect("a List-Unsubscribe address")
        .to_owned();

    // What a mail program does for its "unsubscribe" button (RFC 8058): a
    // POST with no login, cookie or origin, and nothing else to fill in.
    let path = one_click.strip_prefix(PUBLIC_URL).expect("an address on this site");
    let response = app
        .client
        .post(app.url(path))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        app.subscriber_state("ana@example.org").await.as_deref(),
        Some("unsubscribed")
    );

    let before = app.mails_to(address).await.len();
    assert_eq!(send_demo(&app).await, 0, "the next issue is queued for nobody");
    assert_eq!(app.mails_to(address).await.len(), before);
}

/// The address of the image that counts a mail's opens.
fn opens_image(html: &str) -> &str {
    let start = html.find("/api/newsletter/opens/").expect("an opens image");
    let end = start + html[start..].find('"').unwrap();
    &html[start..end]
}

#[tokio::test]
async fn a_newsletter_s_opens_are_counted_in_total_and_never_say_who_opened_it() {
    let app = spawn_app().await;
    for address in ["ana@example.org", "bea@example.org"] {
        app.subscribed(address, Locale::Fr).await;
    }
    assert_eq!(send_demo(&app).await, 2);
    let issue = |mails: Vec<civic_server::mail::outbox::OutboxMessage>| {
        mails
            .into_iter()
            .find(|mail| mail.subject.starts_with("Nouvelles de Civic"))
            .expect("the issue")
    };
    let ana = issue(app.mails_to("ana@example.org").await);
    let bea = issue(app.mails_to("bea@example.org").await);

    // The same image for everyone who got the French issue: its address
    // holds nothing of the reader.
    let image = opens_image(&ana.html);
    assert_eq!(image, opens_image(&bea.html));
    for private in ["ana", "bea", "example.org"] {
        assert!(!image.contains(private), "{image}");
    }
    let response = app.get(image).await;
    assert_eq!(response.status(), 200);
    assert!(response.headers().get("set-cookie").is_none(), "no cookie");
    app.get(image).await;

    // Only a total per issue and language is kept.
    let columns: Vec<String> = app
        .columns()
        .await
        .into_iter()
        .filter(|(table, _)| table == "newsletter_opens")
        .map(|(_, column)| column)
        .collect();
    assert_eq!(columns.len(), 3, "{columns:?}");
    for column in ["issue_id", "locale", "opens"] {
        assert!(columns.iter().any(|each| each == column), "{columns:?}");
    }
    let counted: Vec<(String, i64)> = sqlx::query_as("SELECT locale, opens FROM newsletter_opens")
        .fetch_all(&app.pool)
        .await
        .unwrap();
    assert_eq!(counted, [("fr".to_owned(), 2)]);
}

#[tokio::test]
async fn you_do_not_have_to_respond_to_a_survey_and_may_skip_every_question_not_marked_required() {
    let app = spawn_app().await;
    let slug = "quick-poll-open-data";
    let survey: Survey = app
        .get(&paths::survey(&Slug::parse(slug).unwrap(), Locale::En))
        .await
        .json()
        .await
        .unwrap();
    let required: Vec<&Question> = survey.questions().filter(|question| question.required).collect();
    assert!(
        required.len() < survey.questions().count(),
        "the demo survey has optional questions"
    );

    // Nothing answered: only the questions marked required are refused.
    let refused = app.answer(slug, &request(Answers::new())).await;
    assert_eq!(refused.status(), 422);
    let error: ErrorResponse = refused.json().await.unwrap();
    let expected: Vec<String> = required.iter().map(|question| answer_field(&question.id)).collect();
    assert_eq!(error.error.fields.keys().cloned().collect::<Vec<_>>(), expected);
    assert!(error.error.fields.values().all(|error| *error == FieldError::Required));

    // The required questions alone: the answer counts.
    let only_required: Answers = required
        .iter()
        .map(|question| {
            let QuestionKind::SingleChoice { choices } = &question.kind else {
                panic!("the quick poll's required question is a single choice");
            };
            (question.id.clone(), Answer::Choice(choices[0].id.clone()))
        })
        .collect();
    let counted = app.answer(slug, &request(only_required)).await;
    assert_eq!(counted.status(), 201);
    assert_eq!(app.all_responses().await, 1);
}

/// The policy's "Writing to us": the acknowledgement repeats nothing the
/// sender wrote but their first name, and writing subscribes to nothing.
#[tokio::test]
async fn writing_to_us_subscribes_you_to_nothing_and_the_acknowledgement_repeats_nothing_you_wrote() {
    let app = spawn_app().await;
    let message = civic_api::contact::ContactRequest {
        idempotency_key: "7a1c2d3e-0000-4000-8000-000000000401".into(),
        locale: Some(Locale::En),
        name: "Ana Lima".into(),
        email: "ana@example.org".into(),
        subject: "Cheap watches here".into(),
        message: "Visit https://spam.example for cheap watches today.".into(),
        website: String::new(),
    };
    let response = app
        .client
        .post(app.url(paths::CONTACT_MESSAGES))
        .json(&message)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);

    let mails = app.mails_to("ana@example.org").await;
    assert_eq!(mails.len(), 1, "one acknowledgement, nothing else");
    for part in [&mails[0].subject, &mails[0].text, &mails[0].html] {
        for written in ["watches", "spam.example", "Lima"] {
            assert!(!part.contains(written), "{written:?} is repeated: {part}");
        }
    }
    assert_eq!(app.subscriber_state("ana@example.org").await, None, "no subscription");
}

/// The policy's "Your account": never the password itself, only its
/// Argon2id fingerprint; sessions and the sign-in counters keep no network
/// address; and joining answers the same whether the address is taken.
#[tokio::test]
async fn your_password_and_your_network_address_are_never_kept() {
    use crate::accounts::{PASSWORD, join_and_confirm, join_request};

    let app = spawn_app().await;
    join_and_confirm(&app, "amira@example.org").await;
    let sign_in = |password: &'static str| {
        app.client
            .post(app.url(paths::SESSIONS))
            .header("x-forwarded-for", "203.0.113.77")
            .json(&civic_api::account::SignInRequest {
                email: "amira@example.org".into(),
                password: password.into(),
            })
            .send()
    };
    assert_eq!(sign_in("a wrong passphrase indeed").await.unwrap().status(), 401);
    assert_eq!(sign_in(PASSWORD).await.unwrap().status(), 201);

    let stored = app.stored_text(&[]).await;
    assert!(!stored.contains(PASSWORD), "the password is kept in no column");
    assert!(stored.contains("$argon2id$"), "its fingerprint is");
    for address in ["127.0.0.1", "203.0.113.77"] {
        assert!(!stored.contains(address), "{address} is kept");
    }
    assert!(
        app.scalar("SELECT COUNT(*) FROM sign_in_failures").await > 0,
        "the failure was counted, under a key that names no one"
    );

    let taken = app
        .client
        .post(app.url(paths::ACCOUNTS))
        .json(&join_request("amira@example.org"))
        .send();
    let free = app
        .client
        .post(app.url(paths::ACCOUNTS))
        .json(&join_request("nadia@example.org"))
        .send();
    let (taken, free) = (taken.await.unwrap(), free.await.unwrap());
    assert_eq!(
        (taken.status(), taken.text().await.unwrap()),
        (free.status(), free.text().await.unwrap())
    );
}

/// "The private key never leaves your device. We keep only the public
/// key, a counter, a random identifier for your account that is not your
/// address, the name you give the passkey, and the days."
#[tokio::test]
async fn a_passkey_is_kept_as_its_public_key_under_an_identifier_that_is_not_your_address() {
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    let app = spawn_app().await;
    crate::passkeys::member_with_passkey(&app, "amira@example.org").await;
    crate::passkeys::member_with_passkey(&app, "omar@example.org").await;

    let columns = app.columns_of("passkeys").await;
    assert_eq!(
        columns,
        [
            "id",
            "account_id",
            "credential_id",
            "user_handle",
            "static_state",
            "dynamic_state",
            "name",
            "created_at",
            "last_used_at"
        ],
        "nothing else is kept: a new column must be described in the policy"
    );
    let stored = app.stored_text_of_table("passkeys").await.to_lowercase();
    for personal in ["amira", "omar", "haddad", "example.org"] {
        assert!(!stored.contains(personal), "{personal} is in the passkeys table");
    }
    let handles: Vec<String> = sqlx::query_scalar("SELECT user_handle FROM passkeys ORDER BY id")
        .fetch_all(&app.pool)
        .await
        .unwrap();
    assert_ne!(handles[0], handles[1], "one identifier per account");
    for handle in &handles {
        let bytes = URL_SAFE_NO_PAD.decode(handle).unwrap();
        assert_eq!(bytes.len(), 64, "random, not derived from the account");
        assert!(
            !bytes.windows(5).any(|window| window == b"amira" || window == b"omar@"),
            "the identifier is not the address"
        );
    }
}
