//! A petition's news and its stop link as the server draws them in the
//! first HTML (`render::page_html`): readable, and the sign form's news box
//! posted, before any script runs.

use civic_api::petition::PetitionDetail;
use civic_api::petition_news::{NewsFollowing, NewsItem};
use civic_api::site::FirstData;
use civic_api::{ErrorBody, ErrorCode, Locale, Slug};

use crate::render::{ServerConsent, ServerPage, page_html};

fn server() -> ServerPage {
    ServerPage {
        origin: "https://civic.example".into(),
        today: (2026, 12, 4),
        consent: ServerConsent::default(),
        viewer: None,
    }
}

fn petition() -> PetitionDetail {
    PetitionDetail {
        slug: Slug::parse("clean-air").unwrap(),
        locale: Locale::Fr,
        title: "De l’air pur".to_owned(),
        summary: "Respirer".to_owned(),
        addressed_to: "La mairie".to_owned(),
        body_html: "<p>Nous demandons.</p>".to_owned(),
        image: None,
        count: 12,
        goal: 100,
        closed: false,
        opened_on: "2026-11-01".to_owned(),
        languages: vec![Locale::En, Locale::Fr],
        by_country: Vec::new(),
        short_path: "/s/Kq3x9T".to_owned(),
        news: vec![NewsItem {
            id: 1,
            posted_on: "2026-12-04".to_owned(),
            locale: Locale::En,
            title: "Victory".to_owned(),
            body_html: "<p>The council said <strong>yes</strong>.</p>".to_owned(),
        }],
    }
}

/// The opening tag of the first `tag` element in `html` that holds
/// `marker` (an attribute).
fn opening<'a>(html: &'a str, tag: &str, marker: &str) -> &'a str {
    html.match_indices(&format!("<{tag} "))
        .map(|(start, _)| &html[start..=start + html[start..].find('>').expect("the tag ends")])
        .find(|opening| opening.contains(marker))
        .unwrap_or_else(|| panic!("no <{tag} {marker}> in {html}"))
}

#[test]
fn the_petition_page_is_drawn_with_its_news_and_the_news_box() {
    let html = page_html(
        "/fr/petitions/clean-air",
        server(),
        Some(FirstData::Petition(petition())),
        None,
    );
    assert!(html.contains("Nouvelles de cette pétition"), "{html}");
    let article = opening(&html, "article", r#"class="news-item""#);
    assert!(
        article.contains(r#"lang="en""#) && article.contains(r#"dir="ltr""#),
        "{article}"
    );
    let date = opening(&html, "time", r#"datetime="2026-12-04""#);
    assert!(date.contains(r#"lang="fr""#), "{date}");
    assert!(html.contains("4 décembre 2026"));
    assert!(html.contains("The council said <strong>yes</strong>."));
    let news_box = opening(&html, "input", r#"id="sign-news""#);
    assert!(news_box.contains(r#"name="news""#), "{news_box}");
    assert!(!news_box.contains("checked"), "never ticked for the signer: {news_box}");
    assert!(html.contains("Tenez-moi au courant des suites de cette pétition"));
}

#[test]
fn the_stop_link_is_drawn_with_what_the_server_did() {
    let stopped = NewsFollowing {
        following: false,
        petition_title: "Clean air now".to_owned(),
        email_hint: "a•••@example.org".to_owned(),
        locale: Locale::En,
    };
    let html = page_html(
        "/petition-news?t=f.abc",
        server(),
        Some(FirstData::NewsFollowing(Ok(stopped))),
        None,
    );
    assert!(html.contains("No more news of this petition"), "{html}");
    assert!(html.contains("You will get no more news of “Clean air now” at a•••@example.org."));
    assert!(html.contains(">Undo<"));

    let refused = ErrorBody {
        code: ErrorCode::NotFound,
        message: "unknown".to_owned(),
        fields: Default::default(),
        request_id: None,
    };
    let html = page_html(
        "/es/petition-news?t=f.abc",
        server(),
        Some(FirstData::NewsFollowing(Err(refused))),
        None,
    );
    assert!(html.contains("Este enlace no funciona"), "{html}");
}
