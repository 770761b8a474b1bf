//! The banner's states, in headless Chromium: first visit, rejecting,
//! choosing, a privacy signal, withdrawing, and a changed policy.

use std::time::Duration;

use civic_api::consent::{Choices, ConsentId, ConsentRecord, PrivacySignal, StorageItem};
use leptos::prelude::*;
use leptos_router::components::Router;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

use crate::api::ApiBase;
use crate::components::site_context::SiteContext;
use crate::consent::banner::ConsentBanner;
use crate::consent::settings_button::CookieSettingsButton;
use crate::consent::state::Consent;
use crate::consent::storage;
use crate::test_support::{all, container, find, open, wait_for};

wasm_bindgen_test_configure!(run_in_browser);

const REVISION: u32 = 3;

/// Mounts the banner (and a "Cookie settings" button) for a visitor in
/// this state, with every optional key cleared first.
fn mount(record: Option<ConsentRecord>, signal: Option<PrivacySignal>) -> (web_sys::HtmlElement, impl Drop) {
    let local = window().local_storage().unwrap().unwrap();
    local.clear().unwrap();
    storage::remove(StorageItem::ConsentRecord);
    if let Some(record) = &record {
        storage::write_record(record);
    }
    open("/privacy");
    let root = container();
    let mounted = leptos::mount::mount_to(root.clone(), move || {
        // A closed port: the consent log and the policy page are unreachable.
        provide_context(ApiBase("http://127.0.0.1:9".into()));
        provide_context(Consent::new(Some(REVISION), record, signal));
        view! {
            <Router>
                <SiteContext>
                    <ConsentBanner />
                    <CookieSettingsButton />
                </SiteContext>
            </Router>
        }
    });
    (root, mounted)
}

fn record(revision: u32, choices: Choices) -> ConsentRecord {
    ConsentRecord {
        id: ConsentId::from_bytes([9; 16]),
        choices,
        revision,
        decided_at: "2026-11-01T09:00:00.000Z".into(),
    }
}

fn click(root: &web_sys::Element, selector: &str, text: &str) {
    let button = all(root, selector)
        .into_iter()
        .find(|element| element.text_content().as_deref() == Some(text))
        .unwrap_or_else(|| panic!("no {selector} reading {text:?}"));
    button.unchecked_into::<web_sys::HtmlElement>().click();
}

fn texts(root: &web_sys::Element, selector: &str) -> Vec<String> {
    all(root, selector)
        .iter()
        .filter_map(|element| element.text_content())
        .collect()
}

fn banner(root: &web_sys::Element) -> Option<web_sys::Element> {
    find(root, "section.consent-banner")
}

fn stored_record() -> Option<ConsentRecord> {
    storage::read_record()
}

fn checkbox(root: &web_sys::Element, category: &str) -> web_sys::HtmlInputElement {
    find(root, &format!("#consent-{category}"))
        .unwrap_or_else(|| panic!("a checkbox for {category}"))
        .unchecked_into()
}

#[wasm_bindgen_test]
async fn a_first_visit_shows_a_labelled_region_with_accept_and_reject_alike_and_stores_nothing() {
    let (root, _mounted) = mount(None, None);
    leptos::task::tick().await;

    let region = banner(&root).expect("the banner shows on a first visit");
    assert_eq!(region.get_attribute("aria-label").as_deref(), Some("Privacy choices"));
    assert_eq!(region.get_attribute("role"), None, "a region, not a dialog");
    assert_eq!(
        texts(&region, ".consent-actions button"),
        ["Accept all", "Reject all", "Choose"]
    );
    let classes: Vec<_> = all(&region, ".consent-actions button")
        .iter()
        .map(|button| button.get_attribute("class").unwrap_or_default())
        .collect();
    assert_eq!(classes[0], classes[1], "reject looks exactly like accept");
    let policy = find(&region, "a").expect("a link to the policy");
    assert_eq!(policy.get_attribute("href").as_deref(), Some("/privacy"));
    assert_eq!(window().local_storage().unwrap().unwrap().length().unwrap(), 0);
    assert_eq!(stored_record(), None, "no decision, no cookie");
    // Where no app runs, the browser posts the same buttons to the server.
    let form = find(&region, "form[method=post]").expect("the banner is a form");
    let named: Vec<_> = all(&form, "button")
        .iter()
        .map(|button| {
            let attribute = |name| button.get_attribute(name).unwrap_or_default();
            (
                attribute("type"),
                attribute("name"),
                attribute("value"),
                attribute("formmethod"),
            )
        })
        .collect();
    let posted = |value: &str| ("submit".into(), "consent".into(), value.into(), String::new());
    assert_eq!(
        named,
        [
            posted("accept_all"),
            posted("reject_all"),
            ("submit".into(), "cookie-settings".into(), "open".into(), "get".into())
        ]
    );
}

#[wasm_bindgen_test]
async fn rejecting_all_stores_a_decision_for_the_current_policy_and_closes_the_banner() {
    let (root, _mounted) = mount(None, None);
    let reserved = || {
        let root = document().document_element().unwrap();
        let style = root.unchecked_into::<web_sys::HtmlElement>().style();
        style.get_property_value("--consent-space").unwrap_or_default()
    };
    let space = wait_for(Duration::from_secs(5), || {
        Some(reserved()).filter(|space| !space.is_empty())
    })
    .await;
    assert!(
        space.is_some_and(|space| space.ends_with("px")),
        "room is kept below the page"
    );
    click(&root, ".consent-actions button", "Reject all");
    leptos::task::tick().await;

    assert!(banner(&root).is_none(), "the banner closes");
    assert_eq!(reserved(), "", "and gives the room back");
    let stored = stored_record().expect("the decision is stored");
    assert_eq!(stored.choices, Choices::ALL_REJECTED);
    assert_eq!(stored.revision, REVISION);
    assert_eq!(ConsentId::parse(stored.id.as_str()), Ok(stored.id.clone()));
    assert!(stored.decided_at.ends_with('Z'), "{}", stored.decided_at);
    let status = find(&root, "[role=\"status\"]").and_then(|status| status.text_content());
    assert!(status.unwrap_or_default().contains("saved"));
}

#[wasm_bindgen_test]
async fn choosing_lists_each_category_with_its_keys_and_saves_only_what_was_ticked() {
    let (root, _mounted) = mount(None, None);
    leptos::task::tick().await;
    click(&root, ".consent-actions button", "Choose");
    leptos::task::tick().await;

    let region = banner(&root).expect("the settings show in the banner");
    assert_eq!(
        texts(&region, ".consent-toggle label"),
        ["Necessary (always on)", "Preferences", "Statistics", "External media"]
    );
    let necessary = checkbox(&root, "necessary");
    assert!(necessary.checked() && necessary.disabled(), "necessary is always on");
    assert!(
        !checkbox(&root, "analytics").checked(),
        "nothing optional is ticked in advance"
    );
    let keys = texts(&region, ".storage-table code");
    let expected: Vec<&str> = StorageItem::ALL.iter().map(|item| item.key()).collect();
    assert_eq!(keys, expected, "every key the site stores, under its category");

    checkbox(&root, "preferences").click();
    leptos::task::tick().await;
    click(&root, ".consent-actions button", "Save choices");
    leptos::task::tick().await;
    let stored = stored_record().expect("the decision is stored");
    assert_eq!(
        stored.choices,
        Choices {
            preferences: true,
            ..Choices::ALL_REJECTED
        }
    );
    assert!(banner(&root).is_none());
}

#[wasm_bindgen_test]
async fn a_privacy_signal_keeps_statistics_and_external_media_off_and_the_banner_says_why() {
    let (root, _mounted) = mount(None, Some(PrivacySignal::GlobalPrivacyControl));
    leptos::task::tick().await;
    let notice = find(&root, ".consent-signal")
        .and_then(|notice| notice.text_content())
        .unwrap_or_default();
    assert!(notice.contains("Global Privacy Control"), "{notice}");

    click(&root, ".consent-actions button", "Choose");
    leptos::task::tick().await;
    assert!(checkbox(&root, "analytics").disabled());
    assert!(checkbox(&root, "external_media").disabled());
    assert!(!checkbox(&root, "preferences").disabled());
    click(&root, ".consent-actions button", "Accept all");
    leptos::task::tick().await;
    let stored = stored_record().expect("the decision is stored");
    assert_eq!(
        stored.choices,
        Choices {
            preferences: true,
            ..Choices::ALL_REJECTED
        },
        "accepting all still leaves tracking off"
    );
}

#[wasm_bindgen_test]
async fn withdrawing_preferences_from_cookie_settings_deletes_what_they_stored() {
    let (root, _mounted) = mount(Some(record(REVISION, Choices::ALL_ACCEPTED)), None);
    storage::write(StorageItem::Language, "fr");
    storage::write(StorageItem::Member, "p.remembered");
    leptos::task::tick().await;
    assert!(banner(&root).is_none(), "a current decision is not asked again");

    click(&root, "button", "Cookie settings");
    leptos::task::tick().await;
    assert!(banner(&root).is_some(), "cookie settings reopen the banner");
    let preferences = checkbox(&root, "preferences");
    assert!(preferences.checked(), "the settings start from the last decision");
    preferences.click();
    leptos::task::tick().await;
    click(&root, ".consent-actions button", "Save choices");
    leptos::task::tick().await;

    assert_eq!(storage::read(StorageItem::Language), None);
    assert_eq!(storage::read(StorageItem::Member), None);
    let stored = stored_record().expect("the withdrawal is stored");
    assert!(!stored.choices.preferences && stored.choices.analytics);
    assert_eq!(
        stored.id,
        ConsentId::from_bytes([9; 16]),
        "logged against the same consent"
    );
}

#[wasm_bindgen_test]
async fn a_decision_about_an_older_policy_is_asked_again_and_says_the_policy_changed() {
    let (root, _mounted) = mount(Some(record(REVISION - 1, Choices::ALL_ACCEPTED)), None);
    // Shown once the policy page has answered (here: failed to).
    let changed = wait_for(Duration::from_secs(10), || find(&root, ".consent-changed")).await;
    let changed = changed
        .and_then(|changed| changed.text_content())
        .expect("the banner says the policy changed");
    assert_eq!(
        changed,
        "Our privacy policy changed (revision 3), so we are asking you again."
    );
    assert!(find(&root, "section.consent-banner a[href=\"/privacy\"]").is_some());
}
