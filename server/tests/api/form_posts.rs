//! Forms without the app: the browser posts the sign form to the
//! petition's address, or a newsletter form to the newsletter's, and gets
//! the page back with the outcome.

use std::time::Duration;

use civic_api::Locale;
use civic_api::petition::SignFormPost;
use civic_api::site::FORM_POST_ELEMENT_ID;
use civic_server::config::RateLimit;
use civic_server::db::Flag;
use reqwest::Response;
use reqwest::header::CONTENT_TYPE;

use crate::helpers::{TestApp, text_of};
use crate::petitions_fixture::{CLOSED, OPEN, petitions_setup, sign_request, spawn_petitions_app};

const FORM: &str = "application/x-www-form-urlencoded";

async fn post_form(app: &TestApp, path: &str, body: &str) -> Response {
    app.client
        .post(format!("{}{path}", app.address))
        .header(CONTENT_TYPE, FORM)
        .header("sec-fetch-site", "same-origin")
        .body(body.to_owned())
        .send()
        .await
        .unwrap()
}

async fn signatures(app: &TestApp) -> i64 {
    app.scalar("SELECT COUNT(*) FROM signatures").await
}

/// The post the page carries for the app to go on from.
fn carried_post(html: &str) -> SignFormPost {
    let start_tag = format!("<script type=\"application/json\" id=\"{FORM_POST_ELEMENT_ID}\" data-form=\"sign\">");
    let start = html.find(&start_tag).expect("the posted form travels with the page") + start_tag.len();
    let end = start + html[start..].find("</script>").unwrap();
    serde_json::from_str(&html[start..end]).unwrap()
}

/// The error written by the field `id`, if any.
fn error_by<'a>(html: &'a str, id: &str) -> Option<&'a str> {
    let at = html.find(&format!("id=\"{id}-error\""))?;
    let start = at + html[at..].find('>')? + 1;
    Some(&html[start..start + html[start..].find("</p>")?])
}

const VALID: &str = "idempotency_key=6f1c2d3e-0000-4000-8000-000000000001&name=Zo%C3%A9+Dupont\
    &email=zoe%40example.org&country=FR&comment=&newsletter=on&news=on&website=&source=mastodon";

#[tokio::test]
async fn a_posted_form_signs_and_answers_check_your_inbox_in_the_page_language() {
    let app = spawn_petitions_app().await;

    let response = post_form(&app, &format!("/fr/petitions/{OPEN}"), VALID).await;

    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(
        html.contains("Consultez votre boîte de réception"),
        "check your inbox, in French"
    );
    assert!(html.contains("zoe@example.org"), "the address it was sent to");
    assert!(
        !html.contains("class=\"sign-form\""),
        "the form made way for the answer"
    );
    assert_eq!(carried_post(&html).request.name, "Zoé Dupont");
    let stored: (String, String, Flag, Flag, Option<String>) =
        sqlx::query_as("SELECT email, locale, newsletter, news, source FROM signatures")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(
        stored,
        (
            "zoe@example.org".into(),
            "fr".into(),
            Flag(true),
            Flag(true),
            Some("mastodon".into())
        ),
        "both boxes, the newsletter's and the petition's news"
    );
    let mail = &app.mails_to("zoe@example.org").await[0];
    assert!(mail.text.starts_with("Bonjour Zoé,"), "{}", mail.text);

    // Sent again (a reload that posts again): nothing new.
    let again = post_form(&app, &format!("/fr/petitions/{OPEN}"), VALID).await;
    assert_eq!(again.status(), 200);
    assert_eq!(signatures(&app).await, 1);
    assert_eq!(app.mails_to("zoe@example.org").await.len(), 1);
}

#[tokio::test]
async fn a_refused_post_shows_each_error_by_its_field_keeps_what_was_typed_and_stores_nothing() {
    let app = spawn_petitions_app().await;
    let body = "idempotency_key=6f1c2d3e-0000-4000-8000-000000000002&name=Zo%C3%A9&email=zoe%40&country=\
        &comment=Pour+%3Cnos%3E+enfants&website=&ref=bad!";

    let response = post_form(&app, &format!("/fr/petitions/{OPEN}"), body).await;

    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains("Certains champs sont à corriger"), "the form's alert");
    assert_eq!(
        error_by(&html, "sign-email"),
        Some("Indiquez une adresse e-mail comme nom@exemple.org.")
    );
    assert_eq!(error_by(&html, "sign-country"), Some("Choisissez votre pays."));
    assert_eq!(error_by(&html, "sign-name"), None, "a good field has no error");
    assert!(html.contains("value=\"Zoé\""), "the name kept");
    assert!(html.contains("value=\"zoe@\""), "the e-mail kept");
    assert!(
        html.contains(">Pour &lt;nos&gt; enfants</textarea>"),
        "the comment kept, as text"
    );
    assert!(html.contains("aria-invalid=\"true\""));
    assert_eq!(signatures(&app).await, 0);
}

#[tokio::test]
async fn a_post_from_another_site_is_refused() {
    let app = spawn_petitions_app().await;

    let response = app
        .client
        .post(format!("{}/petitions/{OPEN}", app.address))
        .header(CONTENT_TYPE, FORM)
        .header("sec-fetch-site", "cross-site")
        .body(VALID)
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), 403);
    assert_eq!(signatures(&app).await, 0);
}

#[tokio::test]
async fn posts_spend_the_same_write_budget_and_a_refusal_is_a_page_that_says_so() {
    let mut setup = petitions_setup();
    setup.config.rate_limit = RateLimit {
        burst: 2,
        period: Duration::from_secs(60),
    };
    let app = setup.spawn().await;

    let mut statuses = Vec::new();
    for n in 0..3 {
        let body = format!(
            "idempotency_key=6f1c2d3e-0000-4000-8000-00000000001{n}&name=Ana&email=ana{n}%40example.org&country=ES"
        );
        statuses.push(post_form(&app, &format!("/es/petitions/{OPEN}"), &body).await);
    }

    let codes: Vec<u16> = statuses.iter().map(|response| response.status().as_u16()).collect();
    assert_eq!(codes, [200, 200, 429]);
    let refused = statuses.pop().unwrap().text().await.unwrap();
    assert!(refused.contains("value=\"ana2@example.org\""), "what was typed is kept");
    assert!(refused.contains("<form"), "the form, to send again later");
    assert_eq!(signatures(&app).await, 2);
}

#[tokio::test]
async fn a_closed_petition_refuses_a_post_with_its_closed_notice() {
    let app = spawn_petitions_app().await;

    let response = post_form(&app, &format!("/petitions/{CLOSED}"), VALID).await;

    assert_eq!(response.status(), 409);
    let html = response.text().await.unwrap();
    assert!(html.contains("class=\"closed-notice\""), "{html}");
    assert_eq!(signatures(&app).await, 0);
}

#[tokio::test]
async fn only_a_petition_page_the_newsletter_page_and_the_report_page_take_a_post() {
    let app = spawn_petitions_app().await;

    for path in ["/fr/about", "/campaigns", "/statistics"] {
        let response = post_form(&app, path, VALID).await;
        assert_eq!(response.status(), 405, "{path}");
    }
    let unknown = post_form(&app, "/petitions/no-such-petition", VALID).await;
    assert_eq!(unknown.status(), 404);
    assert_eq!(signatures(&app).await, 0);
}

#[tokio::test]
async fn the_emailed_link_confirms_without_javascript_once_and_says_so() {
    let app = spawn_petitions_app().await;
    let request = sign_request("Zoé Dupont", "zoe@example.org", "FR", Locale::Fr);
    assert_eq!(app.sign(OPEN, &request).await.status(), 202);
    let token = app.confirm_token_for("zoe@example.org").await;

    for _ in 0..2 {
        let html = app
            .get(&format!("/fr/confirm-signature?t={token}"))
            .await
            .text()
            .await
            .unwrap();
        assert!(
            html.contains(">Votre signature est confirmée</h1>"),
            "the thanks, drawn"
        );
        assert!(html.contains("De l'air pur près des écoles</a>"), "the petition signed");
        assert!(
            html.contains("data-kind=\"confirmation\""),
            "the app is told it is done"
        );
        assert_eq!(app.count(OPEN).await.count, 1, "counted once, however often opened");
    }

    for path in ["/fr/confirm-signature?t=c.forged", "/fr/confirm-signature"] {
        let html = app.get(path).await.text().await.unwrap();
        assert!(html.contains(">Ce lien ne fonctionne pas</h1>"), "{path}");
        assert!(html.contains("data-kind=\"confirmation-refused\""), "{path}");
    }
    assert_eq!(app.count(OPEN).await.count, 1);
}

async fn newsletter_mails(app: &TestApp, to: &str) -> usize {
    app.mails_to(to).await.len()
}

#[tokio::test]
async fn the_footer_newsletter_form_signs_up_without_javascript_and_keeps_the_address_out_of_the_url() {
    let app = spawn_petitions_app().await;
    let body = "form=newsletter&purpose=sign_up&idempotency_key=6f1c2d3e-0000-4000-8000-000000000101\
        &email=ana%40example.org&website=";

    let response = post_form(&app, "/fr/newsletter", body).await;

    assert_eq!(response.status(), 200);
    assert_eq!(
        response.url().path(),
        "/fr/newsletter",
        "answered where it was posted, no query"
    );
    let html = response.text().await.unwrap();
    assert!(
        html.contains("data-form=\"newsletter\""),
        "the page's own form gives the answer"
    );
    assert!(
        html.contains(">Consultez votre boîte de réception</h2>"),
        "check your inbox, drawn"
    );
    assert!(
        text_of(&html).contains("ana@example.org"),
        "check your inbox, with the address"
    );
    assert_eq!(
        newsletter_mails(&app, "ana@example.org").await,
        1,
        "the confirmation e-mail"
    );

    let again = post_form(&app, "/fr/newsletter", body).await;
    assert_eq!(again.status(), 200);
    assert_eq!(
        newsletter_mails(&app, "ana@example.org").await,
        1,
        "a reload that posts again sends nothing more"
    );
}

#[tokio::test]
async fn a_refused_newsletter_address_is_shown_again_with_its_error() {
    let app = spawn_petitions_app().await;
    let body = "form=newsletter&purpose=sign_up&idempotency_key=6f1c2d3e-0000-4000-8000-000000000102\
        &email=ana%40&website=";

    let response = post_form(&app, "/es/newsletter", body).await;

    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains("value=\"ana@\""), "what was typed is kept");
    assert!(html.contains("aria-invalid=\"true\""), "the field is marked");
    assert_eq!(app.scalar("SELECT COUNT(*) FROM mail_outbox").await, 0);
}

#[tokio::test]
async fn a_problem_report_is_taken_without_javascript_once_and_says_its_reference() {
    let app = spawn_petitions_app().await;
    let body = "idempotency_key=6f1c2d3e-0000-4000-8000-000000000201&page=%2Ffr%2Fabout\
        &description=Le+lien+vers+la+politique+est+cass%C3%A9.&email=&website=";

    let response = post_form(&app, "/fr/report-a-problem?page=%2Ffr%2Fabout", body).await;

    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    let reference: String = sqlx::query_scalar("SELECT reference FROM problem_reports")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert!(
        text_of(&html).contains(&format!(
            "Merci, votre signalement a bien été reçu. Sa référence est {reference}."
        )),
        "the reference is in the page"
    );
    let textarea = &html[html.find("id=\"report-description\"").unwrap()..];
    let typed = &textarea[textarea.find('>').unwrap() + 1..textarea.find("</textarea>").unwrap()];
    assert_eq!(typed.trim(), "", "the form is empty for a new report");
    assert!(html.contains("value=\"/fr/about\""), "the page it was about stays");

    // Sent again (a reload that posts again): the same report, once.
    let again = post_form(&app, "/fr/report-a-problem", body)
        .await
        .text()
        .await
        .unwrap();
    assert!(text_of(&again).contains(&reference));
    assert_eq!(app.count_problem_reports().await, 1);
}

#[tokio::test]
async fn a_refused_problem_report_is_shown_again_with_its_errors_and_nothing_is_stored() {
    let app = spawn_petitions_app().await;
    let body = "idempotency_key=6f1c2d3e-0000-4000-8000-000000000202&page=%2Fabout\
        &description=%3Cb%3Eko%3C%2Fb%3E&email=pas-une-adresse&website=";

    let response = post_form(&app, "/fr/report-a-problem", body).await;

    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert_eq!(
        error_by(&html, "report-description"),
        Some("Décrivez le problème en 10 caractères au moins.")
    );
    assert!(error_by(&html, "report-email").is_some(), "the address is refused");
    assert!(error_by(&html, "report-page").is_none(), "the page is fine");
    assert!(
        html.contains("&lt;b&gt;ko&lt;/b&gt;</textarea>"),
        "what was typed is kept, as text"
    );
    assert!(html.contains("value=\"pas-une-adresse\""));
    assert!(text_of(&html).contains("Certains champs sont à corriger"), "the alert");
    assert_eq!(app.count_problem_reports().await, 0);

    let cross_site = app
        .client
        .post(format!("{}/fr/report-a-problem", app.address))
        .header(CONTENT_TYPE, FORM)
        .header("sec-fetch-site", "cross-site")
        .body(body.to_owned())
        .send()
        .await
        .unwrap();
    assert_eq!(cross_site.status(), 403);
}
