//! A petition's news in the console, in headless Chromium, with a stand-in
//! for the API: the news and how many asked for it, the checks made before
//! an update is sent, posting one, and a refusal or a failure that keeps
//! what was typed.

use std::time::Duration;

use civic_api::petition_editing::{EditablePetition, PetitionStatus, PetitionText, PreviewHtml};
use civic_api::petition_news::{NewsDesk, NewsDraft, PostedNews};
use civic_api::{ErrorBody, ErrorCode, ErrorResponse, Locale, Slug};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

use crate::api::ApiBase;
use crate::pages::console::petition_editor::PetitionEditor;
use crate::pages::console::petition_news::PetitionNews;
use crate::test_support::{
    all, answer_fetches, body_of, container, fetches_made, find, fire, json, text, texts, type_into, wait_for,
};

wasm_bindgen_test_configure!(run_in_browser);

const MOCK: &str = "http://mock.news";
const NEWS: &str = "GET /api/staff/petitions/7/news";
const POST: &str = "POST /api/staff/petitions/7/news";
const PREVIEW: &str = "POST /api/staff/markdown-preview";

fn posted(id: i64, title: &str, recipients: u64) -> PostedNews {
    PostedNews {
        id,
        posted_at: "2026-12-04T21:30:00Z".to_owned(),
        title: title.to_owned(),
        languages: vec![Locale::En, Locale::Fr],
        recipients,
    }
}

fn desk(followers: u64, news: Vec<PostedNews>) -> NewsDesk {
    NewsDesk { followers, news }
}

fn conflict() -> ErrorResponse {
    ErrorResponse {
        error: ErrorBody {
            code: ErrorCode::Conflict,
            message: "a draft".to_owned(),
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

fn mount(first: Option<NewsDesk>) -> (web_sys::HtmlElement, impl Drop) {
    let root = container();
    let mounted = leptos::mount::mount_to(root.clone(), move || {
        provide_context(ApiBase(MOCK.into()));
        match first {
            Some(first) => view! { <PetitionNews locale=Locale::En id=7 first /> }.into_any(),
            None => view! { <PetitionNews locale=Locale::En id=7 /> }.into_any(),
        }
    });
    (root, mounted)
}

fn submit(root: &web_sys::Element) {
    fire(&find(root, ".news-form form").unwrap(), "submit", true);
}

fn submit_button(root: &web_sys::Element) -> web_sys::HtmlButtonElement {
    find(root, ".news-form button[type=submit]").unwrap().unchecked_into()
}

fn value(root: &web_sys::Element, selector: &str) -> String {
    let field = find(root, selector).unwrap_or_else(|| panic!("no {selector}"));
    match field.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        Some(area) => area.value(),
        None => field.unchecked_into::<web_sys::HtmlInputElement>().value(),
    }
}

async fn saying(root: &web_sys::Element, selector: &str, expected: &str) {
    let found = wait_for(Duration::from_secs(5), || {
        find(root, selector).filter(|element| text(element) == expected)
    })
    .await;
    let shown = find(root, selector).map(|element| text(&element));
    assert!(found.is_some(), "{selector} says {shown:?}, not {expected:?}");
}

#[wasm_bindgen_test]
async fn the_news_loads_with_how_many_asked_for_it_and_a_form_per_language() {
    answer(vec![(NEWS, 200, json(&desk(1234, vec![posted(3, "Victory", 1200)])))]);
    let (root, _mounted) = mount(None);
    assert_eq!(text(&find(&root, "#news-desk-heading").unwrap()), "News");
    saying(
        &root,
        ".news-following",
        "1,234 signers asked for this petition's news.",
    )
    .await;

    assert_eq!(text(&find(&root, ".news-entry-title").unwrap()), "Victory");
    assert_eq!(
        find(&root, ".news-entry-title span")
            .unwrap()
            .get_attribute("lang")
            .as_deref(),
        Some("en")
    );
    assert_eq!(
        texts(&root, ".news-entry-facts li"),
        [
            "4 December 2026, 21:30 UTC",
            "Written in: English, Français",
            "E-mailed to 1,200 signers"
        ]
    );
    assert_eq!(text(&find(&root, "#news-form-heading").unwrap()), "Post an update");
    assert_eq!(
        texts(&root, ".news-form legend"),
        ["English", "Français", "Español", "العربية"]
    );
    assert_eq!(text(&find(&root, "label[for=news-en-title]").unwrap()), "Title *");
    assert_eq!(text(&find(&root, "label[for=news-fr-body]").unwrap()), "Text");
    let arabic = find(&root, "#news-ar-body").expect("a textarea per language");
    assert_eq!(arabic.tag_name(), "TEXTAREA");
    assert_eq!(arabic.get_attribute("lang").as_deref(), Some("ar"));
    assert_eq!(arabic.get_attribute("dir").as_deref(), Some("rtl"));
    assert_eq!(all(&root, ".news-form [role=region].markdown-preview").len(), 4);
    assert_eq!(text(&submit_button(&root)), "Post and e-mail to 1,234 signers");
    assert_eq!(requests(), [NEWS]);
}

#[wasm_bindgen_test]
async fn an_update_without_english_or_half_translated_is_refused_before_it_is_sent() {
    answer(vec![]);
    let (root, _mounted) = mount(Some(desk(12, Vec::new())));
    leptos::task::tick().await;
    assert_eq!(text(&find(&root, ".posted-news p").unwrap()), "No update posted yet.");
    type_into(&root, "#news-fr-title", "Victoire");
    submit(&root);
    leptos::task::tick().await;

    assert_eq!(text(&find(&root, "#news-en-title-error").unwrap()), "Fill this in.");
    assert_eq!(text(&find(&root, "#news-en-body-error").unwrap()), "Fill this in.");
    let french = text(&find(&root, "#news-fr-body-error").expect("the French text is missing"));
    assert!(french.starts_with("Fill this in too"), "{french}");
    assert!(
        find(&root, "#news-es-title-error").is_none(),
        "a blank language is fine"
    );
    assert_eq!(
        find(&root, "#news-en-title")
            .unwrap()
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("true")
    );
    assert_eq!(
        document().active_element().map(|element| element.id()).as_deref(),
        Some("news-en-title")
    );
    assert!(text(&find(&root, ".news-form .form-alert").unwrap()).starts_with("Some fields need correcting"));
    assert!(requests().is_empty(), "asked {:?}", requests());
}

#[wasm_bindgen_test]
async fn posting_sends_the_languages_written_and_says_to_how_many_it_went() {
    let made = posted(5, "Victory", 12);
    answer(vec![(NEWS, 200, json(&desk(12, Vec::new()))), (POST, 201, json(&made))]);
    let (root, _mounted) = mount(None);
    saying(&root, ".news-following", "12 signers asked for this petition's news.").await;
    assert_eq!(text(&submit_button(&root)), "Post and e-mail to 12 signers");

    type_into(&root, "#news-en-title", " Victory ");
    type_into(&root, "#news-en-body", "The council said **yes**.");
    type_into(&root, "#news-fr-title", "Victoire");
    type_into(&root, "#news-fr-body", "La mairie a dit oui.");
    // The news as the server has it once the update is posted.
    answer(vec![
        (NEWS, 200, json(&desk(12, vec![made.clone()]))),
        (POST, 201, json(&made)),
    ]);
    submit(&root);
    saying(
        &root,
        ".news-form > .console-status p",
        "Posted. E-mailed to 12 signers.",
    )
    .await;

    let draft: NewsDraft = body_of(POST).await;
    let languages: Vec<Locale> = draft.texts.iter().map(|text| text.locale).collect();
    assert_eq!(languages, [Locale::En, Locale::Fr], "blank languages are left out");
    assert_eq!(draft.texts[0].title, "Victory");
    assert_eq!(draft.texts[1].body_markdown, "La mairie a dit oui.");
    assert!(draft.validate().is_ok(), "a key the contract takes");
    assert_eq!(value(&root, "#news-en-title"), "", "the form is ready for the next one");
    assert_eq!(value(&root, "#news-fr-body"), "");
    saying(&root, ".news-entry-title", "Victory").await;
    let heard = wait_for(Duration::from_secs(5), || {
        (requests().iter().filter(|call| *call == NEWS).count() == 1).then_some(())
    })
    .await;
    assert!(heard.is_some(), "the list is asked for again: {:?}", requests());
    assert_eq!(all(&root, ".news-entry").len(), 1, "shown once");
}

#[wasm_bindgen_test]
async fn a_draft_is_refused_in_words_and_what_was_typed_stays() {
    answer(vec![(POST, 409, json(&conflict()))]);
    let (root, _mounted) = mount(Some(desk(0, Vec::new())));
    leptos::task::tick().await;
    assert_eq!(text(&submit_button(&root)), "Post and e-mail to 0 signers");
    type_into(&root, "#news-en-title", "Victory");
    type_into(&root, "#news-en-body", "The council said yes.");
    submit(&root);

    saying(
        &root,
        ".news-form .form-alert",
        "A draft has no signers: publish it first.",
    )
    .await;
    assert!(
        find(&root, ".news-form .form-alert button").is_none(),
        "sending it again would not help"
    );
    assert_eq!(value(&root, "#news-en-title"), "Victory");
    assert_eq!(value(&root, "#news-en-body"), "The council said yes.");
    assert!(find(&root, ".news-form > .console-status p").is_none());
    assert_eq!(requests(), [POST]);
}

#[wasm_bindgen_test]
async fn a_failed_post_is_sent_again_with_the_same_key_and_a_new_text_with_another() {
    answer(vec![(POST, 500, "{}".to_owned())]);
    let (root, _mounted) = mount(Some(desk(3, Vec::new())));
    leptos::task::tick().await;
    type_into(&root, "#news-en-title", "Victory");
    type_into(&root, "#news-en-body", "Yes.");
    submit(&root);
    let retry = wait_for(Duration::from_secs(5), || find(&root, ".news-form .form-alert button")).await;
    let retry: web_sys::HtmlElement = retry.expect("a retry").unchecked_into();
    let first: NewsDraft = body_of(POST).await;
    assert_eq!(value(&root, "#news-en-title"), "Victory");

    answer(vec![
        (POST, 201, json(&posted(5, "Victory", 3))),
        (NEWS, 200, json(&desk(3, Vec::new()))),
    ]);
    retry.click();
    saying(
        &root,
        ".news-form > .console-status p",
        "Posted. E-mailed to 3 signers.",
    )
    .await;
    let again: NewsDraft = body_of(POST).await;
    assert_eq!(again.idempotency_key, first.idempotency_key, "the same update, once");

    answer(vec![
        (POST, 201, json(&posted(6, "Thanks", 3))),
        (NEWS, 200, json(&desk(3, Vec::new()))),
    ]);
    type_into(&root, "#news-en-title", "Thanks");
    type_into(&root, "#news-en-body", "To all of you.");
    submit(&root);
    saying(
        &root,
        ".news-form > .console-status p",
        "Posted. E-mailed to 3 signers.",
    )
    .await;
    let next: NewsDraft = body_of(POST).await;
    assert_ne!(
        next.idempotency_key, first.idempotency_key,
        "another update, its own key"
    );
}

fn petition(status: PetitionStatus) -> EditablePetition {
    EditablePetition {
        id: 7,
        slug: Slug::parse("clean-air").unwrap(),
        version: 3,
        status,
        goal: 5000,
        opened_on: "2026-11-01".to_owned(),
        image: None,
        texts: vec![PetitionText {
            locale: Locale::En,
            title: "Clean air now".to_owned(),
            summary: "Breathe".to_owned(),
            addressed_to: "The council".to_owned(),
            body_markdown: "We ask **this**.".to_owned(),
            image_alt: String::new(),
        }],
        missing: vec![],
        count: 1234,
        public_path: "/petitions/clean-air".to_owned(),
    }
}

fn mount_editor(petition: EditablePetition) -> (web_sys::HtmlElement, impl Drop) {
    let root = container();
    let mounted = leptos::mount::mount_to(root.clone(), move || {
        provide_context(ApiBase(MOCK.into()));
        view! {
            <PetitionEditor
                locale=Locale::En
                id=petition.id
                title="Clean air now".to_owned()
                first=Some(petition)
                on_change=Callback::new(|_| {})
                on_close=Callback::new(|_| {})
            />
        }
    });
    (root, mounted)
}

#[wasm_bindgen_test]
async fn the_editor_shows_the_news_of_a_published_petition_only() {
    answer(vec![(NEWS, 200, json(&desk(2, Vec::new())))]);
    let (root, _mounted) = mount_editor(petition(PetitionStatus::Closed));
    saying(&root, "#news-desk-heading", "News").await;
    saying(&root, ".news-following", "2 signers asked for this petition's news.").await;

    let (draft, _mounted) = mount_editor(petition(PetitionStatus::Draft));
    leptos::task::tick().await;
    assert!(find(&draft, ".news-desk").is_none());
}
