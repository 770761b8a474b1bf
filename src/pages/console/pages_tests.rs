//! The pages section in headless Chromium, with a stand-in for the API:
//! the list and its editor, the checks made before a page is sent, a save
//! in every language, a conflict that keeps what was typed, and the
//! privacy policy's revisions.

use std::time::Duration;

use civic_api::page_editing::{EditablePage, PageEdit, PageLine, PageText};
use civic_api::petition_editing::PreviewHtml;
use civic_api::{ErrorBody, ErrorCode, ErrorResponse, Locale, Slug};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

use crate::api::ApiBase;
use crate::pages::console::page_editor::PageEditor;
use crate::pages::console::pages::Pages;
use crate::test_support::{
    all, answer_fetches, body_of, container, fetches_made, find, fire, json, text, texts, type_into, wait_for,
};

wasm_bindgen_test_configure!(run_in_browser);

const MOCK: &str = "http://mock.pages";
const LIST: &str = "GET /api/staff/pages";
const ABOUT: &str = "GET /api/staff/pages/about";
const SAVE_ABOUT: &str = "PUT /api/staff/pages/about";
const PRIVACY: &str = "GET /api/staff/pages/privacy";
const SAVE_PRIVACY: &str = "PUT /api/staff/pages/privacy";
const PREVIEW: &str = "POST /api/staff/markdown-preview";

fn slug(text: &str) -> Slug {
    Slug::parse(text).expect("a well-formed slug")
}

fn line(page: &str, title: &str, members_only: bool, edited: bool) -> PageLine {
    PageLine {
        slug: slug(page),
        title: title.to_owned(),
        members_only,
        edited,
    }
}

/// A page written in every language, its English title `title`.
fn page(name: &str, title: &str, version: i64) -> EditablePage {
    let texts = Locale::ALL
        .map(|locale| PageText {
            locale,
            title: match locale {
                Locale::En => title.to_owned(),
                _ => format!("{title} ({locale})"),
            },
            description: format!("What the page says, in {locale}."),
            body_markdown: format!("Some **text** in {locale}."),
            changes: String::new(),
        })
        .to_vec();
    EditablePage {
        slug: slug(name),
        version,
        members_only: false,
        texts,
        revision: None,
        updated: None,
        public_path: format!("/{name}"),
    }
}

fn policy(revision: u32) -> EditablePage {
    EditablePage {
        revision: Some(revision),
        updated: Some("2026-11-29".to_owned()),
        ..page("privacy", "Privacy policy", 2)
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

fn mount_list() -> (web_sys::HtmlElement, impl Drop) {
    let root = container();
    let mounted = leptos::mount::mount_to(root.clone(), move || {
        provide_context(ApiBase(MOCK.into()));
        view! { <Pages locale=Locale::En /> }
    });
    (root, mounted)
}

fn mount_editor(page: &str, title: &str) -> (web_sys::HtmlElement, impl Drop) {
    let root = container();
    let (page, title) = (slug(page), title.to_owned());
    let mounted = leptos::mount::mount_to(root.clone(), move || {
        provide_context(ApiBase(MOCK.into()));
        view! {
            <PageEditor
                locale=Locale::En
                slug=page
                title
                on_change=Callback::new(|_| {})
                on_close=Callback::new(|_| {})
            />
        }
    });
    (root, mounted)
}

fn value(root: &web_sys::Element, selector: &str) -> String {
    let field = find(root, selector).unwrap_or_else(|| panic!("no {selector}"));
    match field.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        Some(area) => area.value(),
        None => field.unchecked_into::<web_sys::HtmlInputElement>().value(),
    }
}

fn click(root: &web_sys::Element, selector: &str) {
    find(root, selector)
        .unwrap_or_else(|| panic!("no {selector}"))
        .unchecked_into::<web_sys::HtmlElement>()
        .click();
}

fn button(root: &web_sys::Element, words: &str) -> Option<web_sys::HtmlElement> {
    all(root, "button")
        .into_iter()
        .find(|button| text(button) == words)
        .map(JsCast::unchecked_into)
}

fn submit(root: &web_sys::Element) {
    fire(&find(root, ".page-form").unwrap(), "submit", true);
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

/// Mounts the editor of `page` and waits for its form.
async fn editing(page: &str, title: &str) -> (web_sys::HtmlElement, impl Drop) {
    let (root, mounted) = mount_editor(page, title);
    let form = wait_for(Duration::from_secs(5), || find(&root, ".page-form")).await;
    assert!(form.is_some(), "the page loads");
    (root, mounted)
}

#[wasm_bindgen_test]
async fn the_list_is_asked_for_and_edit_opens_the_page_in_the_editor() {
    answer(vec![
        (
            LIST,
            200,
            json(&vec![
                line("about", "About us", false, true),
                line("home", "Civic", false, false),
                line("members-handbook", "Members' handbook", true, false),
                line("privacy", "Privacy policy", false, false),
            ]),
        ),
        (ABOUT, 200, json(&page("about", "About us", 4))),
    ]);
    let (root, _mounted) = mount_list();
    assert_eq!(text(&find(&root, "h2#pages-heading").unwrap()), "Pages");
    assert_eq!(
        text(&find(&root, "[role=status].loading").unwrap()),
        "Loading the pages…"
    );
    let rows = wait_for(Duration::from_secs(5), || {
        let rows = all(&root, ".page-line");
        (!rows.is_empty()).then_some(rows)
    })
    .await
    .expect("the list loads");
    assert_eq!(rows.len(), 4);
    assert_eq!(
        texts(&rows[0], ".page-facts li"),
        ["Address: /about", "Edited in the console"]
    );
    assert_eq!(texts(&rows[1], ".page-facts li"), ["Address: /"]);
    assert_eq!(
        texts(&rows[2], ".page-facts li"),
        ["Address: /members-handbook", "For members only"]
    );
    let edit = find(&rows[0], "button").unwrap();
    assert_eq!(text(&edit), "Edit About us");
    assert_eq!(text(&find(&edit, ".visually-hidden").unwrap()), "About us");

    click(&root, "#page-edit-about");
    saying(&root, "#page-editor-heading", "About us").await;
    assert!(find(&root, ".pages-overview").unwrap().has_attribute("hidden"));
    let form = wait_for(Duration::from_secs(5), || find(&root, ".page-form"))
        .await
        .expect("the page loads");
    assert_eq!(
        texts(&form, "fieldset legend"),
        ["English", "Français", "Español", "العربية"]
    );
    assert_eq!(value(&root, "#page-en-title"), "About us");
    assert_eq!(value(&root, "#page-fr-description"), "What the page says, in fr.");
    let arabic = find(&root, "#page-ar-body").unwrap();
    assert_eq!(arabic.tag_name(), "TEXTAREA");
    assert_eq!(arabic.get_attribute("rows").as_deref(), Some("16"));
    assert_eq!(arabic.get_attribute("lang").as_deref(), Some("ar"));
    assert_eq!(arabic.get_attribute("dir").as_deref(), Some("rtl"));
    assert_eq!(text(&find(&root, "label[for=page-en-title]").unwrap()), "Title *");
    assert_eq!(
        text(&find(&root, "label[for=page-es-description]").unwrap()),
        "Description *"
    );
    assert_eq!(text(&find(&root, "label[for=page-fr-body]").unwrap()), "Text *");
    assert!(text(&find(&root, "#page-en-description-hint").unwrap()).starts_with("Shown in search results"));
    assert_eq!(
        text(&find(&root, "label[for=page-members-only]").unwrap()),
        "For members only"
    );
    let previews = all(&root, "[role=region].markdown-preview");
    assert_eq!(previews.len(), 4);
    assert_eq!(
        previews[1].get_attribute("aria-labelledby").as_deref(),
        Some("page-fr-preview-label page-fr-language")
    );
    assert_eq!(
        text(&find(&root, "#page-fr-preview-label").unwrap()),
        "Preview of the page"
    );
    assert!(find(&root, "#page-en-changes").is_none(), "only for a new revision");
    assert!(
        find(&root, "#page-new-revision").is_none(),
        "only the privacy policy has revisions"
    );
    assert_eq!(requests(), [LIST, ABOUT]);

    button(&root, "Back to all pages").expect("a way back").click();
    let returned = wait_for(Duration::from_secs(2), || {
        document()
            .active_element()
            .filter(|element| element.id() == "page-edit-about")
    })
    .await;
    assert!(returned.is_some(), "the focus is back on the Edit button");
    assert!(find(&root, ".page-editor").is_none());
}

#[wasm_bindgen_test]
async fn a_list_that_failed_to_load_is_asked_for_again() {
    answer(vec![]);
    let (root, _mounted) = mount_list();
    saying(
        &root,
        ".pages-overview [role=alert] p",
        "The pages could not be loaded. Check your connection and try again.",
    )
    .await;
    answer(vec![(LIST, 200, json(&vec![line("about", "About us", false, false)]))]);
    button(&root, "Try again").expect("a retry").click();
    saying(&root, ".page-line-title", "About us").await;
    assert!(find(&root, ".pages-overview [role=alert]").is_none());
}

#[wasm_bindgen_test]
async fn a_blank_french_text_is_refused_before_anything_is_sent() {
    answer(vec![(ABOUT, 200, json(&page("about", "About us", 4)))]);
    let (root, _mounted) = editing("about", "About us").await;
    type_into(&root, "#page-fr-body", "   ");
    submit(&root);
    leptos::task::tick().await;

    assert_eq!(text(&find(&root, "#page-fr-body-error").unwrap()), "Fill this in.");
    assert_eq!(
        find(&root, "#page-fr-body")
            .unwrap()
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("true")
    );
    assert_eq!(
        document().active_element().map(|element| element.id()).as_deref(),
        Some("page-fr-body")
    );
    assert_eq!(all(&root, ".page-form .field-error").len(), 1, "the rest is fine");
    assert!(text(&find(&root, ".page-form .form-alert").unwrap()).starts_with("Some fields need correcting"));
    assert_eq!(requests(), [ABOUT], "nothing is sent");
}

#[wasm_bindgen_test]
async fn saving_sends_every_language_from_the_version_shown_and_says_saved() {
    let mut saved = page("about", "About Civic", 5);
    saved.members_only = true;
    answer(vec![
        (ABOUT, 200, json(&page("about", "About us", 4))),
        (SAVE_ABOUT, 200, json(&saved)),
    ]);
    let (root, _mounted) = editing("about", "About us").await;
    type_into(&root, "#page-en-title", " About Civic ");
    click(&root, "#page-members-only");
    submit(&root);
    saying(&root, ".page-form [role=status] p", "Saved.").await;

    let edit: PageEdit = body_of(SAVE_ABOUT).await;
    assert_eq!(edit.version, 4);
    assert!(edit.members_only);
    assert!(!edit.new_revision);
    let languages: Vec<Locale> = edit.texts.iter().map(|text| text.locale).collect();
    assert_eq!(languages, Locale::ALL);
    assert_eq!(edit.texts[0].title, "About Civic", "trimmed");
    assert_eq!(edit.texts[3].body_markdown, "Some **text** in ar.");
    assert!(edit.validate(&slug("about")).is_ok(), "a request the contract takes");
    assert_eq!(text(&find(&root, "#page-editor-heading").unwrap()), "About Civic");
    assert!(
        find(&root, "#page-members-only")
            .unwrap()
            .unchecked_into::<web_sys::HtmlInputElement>()
            .checked()
    );
}

#[wasm_bindgen_test]
async fn a_failed_save_keeps_the_text_and_is_sent_again_with_the_same_key() {
    answer(vec![
        (ABOUT, 200, json(&page("about", "About us", 4))),
        (SAVE_ABOUT, 500, "{}".to_owned()),
    ]);
    let (root, _mounted) = editing("about", "About us").await;
    type_into(&root, "#page-es-title", "Quiénes somos");
    submit(&root);
    saying(
        &root,
        ".page-form .form-alert p",
        "The server could not do this just now. Please try again in a moment.",
    )
    .await;
    assert_eq!(value(&root, "#page-es-title"), "Quiénes somos");
    let first: PageEdit = body_of(SAVE_ABOUT).await;

    answer(vec![(SAVE_ABOUT, 200, json(&page("about", "About us", 5)))]);
    button(&root, "Try again").expect("a retry").click();
    saying(&root, ".page-form [role=status] p", "Saved.").await;
    let again: PageEdit = body_of(SAVE_ABOUT).await;
    assert_eq!(again.idempotency_key, first.idempotency_key, "the same save, done once");
}

#[wasm_bindgen_test]
async fn a_conflict_keeps_what_was_typed_and_offers_their_version() {
    answer(vec![
        (ABOUT, 200, json(&page("about", "About us", 4))),
        (SAVE_ABOUT, 409, json(&conflict())),
    ]);
    let (root, _mounted) = editing("about", "About us").await;
    type_into(&root, "#page-en-body", "My **own** words.");
    submit(&root);
    saying(
        &root,
        ".page-form [role=alert] p",
        "Someone changed this page since you opened it. Your text is kept here; load their version to \
         compare, then save again.",
    )
    .await;
    assert_eq!(value(&root, "#page-en-body"), "My **own** words.");
    assert!(find(&root, ".page-form .form-alert p").is_none(), "said once");

    answer(vec![(ABOUT, 200, json(&page("about", "About the alliance", 6)))]);
    button(&root, "Load their version").expect("their version").click();
    saying(
        &root,
        ".page-editor > [role=status] p",
        "Their version is shown now, in place of what you had typed. Make your changes again, then save.",
    )
    .await;
    assert_eq!(value(&root, "#page-en-title"), "About the alliance");
    assert_eq!(value(&root, "#page-en-body"), "Some **text** in en.");
    assert!(button(&root, "Load their version").is_none());
}

#[wasm_bindgen_test]
async fn the_privacy_policy_shows_its_revision_and_a_new_one_says_what_changed_everywhere() {
    answer(vec![(PRIVACY, 200, json(&policy(3)))]);
    let (root, _mounted) = editing("privacy", "Privacy policy").await;
    assert!(
        texts(&root, ".page-editor > p").contains(&"Revision 3, 29 November 2026.".to_owned()),
        "{:?}",
        texts(&root, ".page-editor > p")
    );
    assert!(
        find(&root, "#page-members-only").is_none(),
        "the policy is for everyone"
    );
    assert_eq!(
        text(&find(&root, "label[for=page-new-revision]").unwrap()),
        "This is a new revision: ask returning visitors about cookies again"
    );
    assert!(find(&root, "#page-en-changes").is_none());

    click(&root, "#page-new-revision");
    leptos::task::tick().await;
    for locale in Locale::ALL {
        let label = find(&root, &format!("label[for=page-{locale}-changes]")).expect("what changed, per language");
        assert_eq!(text(&label), "What changed *");
        assert_eq!(
            find(&root, &format!("#page-{locale}-changes"))
                .unwrap()
                .get_attribute("lang")
                .as_deref(),
            Some(locale.as_str())
        );
    }
    type_into(&root, "#page-en-changes", "Cookies now say more.");
    submit(&root);
    leptos::task::tick().await;
    let errors: Vec<String> = all(&root, ".field-error").iter().map(|error| error.id()).collect();
    assert_eq!(
        errors,
        [
            "page-fr-changes-error",
            "page-es-changes-error",
            "page-ar-changes-error"
        ]
    );
    assert_eq!(requests(), [PRIVACY], "nothing is sent");

    answer(vec![(SAVE_PRIVACY, 200, json(&policy(4)))]);
    type_into(&root, "#page-fr-changes", "Les cookies en disent plus.");
    type_into(&root, "#page-es-changes", "Las cookies dicen más.");
    type_into(&root, "#page-ar-changes", "تقول ملفات تعريف الارتباط المزيد.");
    submit(&root);
    saying(
        &root,
        ".page-form [role=status] p",
        "Saved as revision 4. Returning visitors will be asked again.",
    )
    .await;
    let edit: PageEdit = body_of(SAVE_PRIVACY).await;
    assert!(edit.new_revision);
    assert!(!edit.members_only);
    assert_eq!(edit.texts[0].changes, "Cookies now say more.");
    assert_eq!(edit.texts[3].changes, "تقول ملفات تعريف الارتباط المزيد.");
    assert!(edit.validate(&slug("privacy")).is_ok());
    assert!(
        texts(&root, ".page-editor > p").contains(&"Revision 4, 29 November 2026.".to_owned()),
        "the revision shown is the new one"
    );
    let ticked = find(&root, "#page-new-revision")
        .unwrap()
        .unchecked_into::<web_sys::HtmlInputElement>()
        .checked();
    assert!(!ticked, "the next save is a fix of wording unless asked");
    assert!(find(&root, "#page-en-changes").is_none());
}
