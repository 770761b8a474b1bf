//! A petition's signatures in headless Chromium: with the API out of reach
//! (a closed port), the counts and tables drawn from a summary, the CSV
//! link, the past invalidations, and the checks made before an
//! invalidation is previewed or sent; with a stand-in for the API, a
//! preview, an invalidation and an undo.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use civic_api::petition::CountryCount;
use civic_api::petition_editing::{EditablePetition, PetitionStatus, PetitionText};
use civic_api::signature_review::{
    DayCount, DomainCount, Invalidation, InvalidationPreview, SignatureFilter, SignatureSummary, SourceCount,
};
use civic_api::{Country, ErrorBody, ErrorCode, ErrorResponse, FieldError, Locale, Slug};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

use crate::api::ApiBase;
use crate::pages::console::petition_editor::PetitionEditor;
use crate::pages::console::petition_signatures::PetitionSignatures;
use crate::test_support::{
    all, answer_fetches, container, fetches_made, find, fire, json, text, texts, type_into, wait_for,
};

wasm_bindgen_test_configure!(run_in_browser);

const CLOSED: &str = "http://127.0.0.1:9";

fn summary() -> SignatureSummary {
    let day = |day: &str, count| DayCount {
        day: day.to_owned(),
        count,
    };
    SignatureSummary {
        confirmed: 1234,
        pending: 1,
        invalidated: 3,
        by_day: vec![day("2026-12-01", 200), day("2026-12-02", 50)],
        by_country: vec![
            CountryCount {
                country: Country::parse("FR").unwrap(),
                count: 1000,
            },
            CountryCount {
                country: Country::parse("DE").unwrap(),
                count: 234,
            },
        ],
        by_source: vec![
            SourceCount {
                source: "direct".to_owned(),
                count: 1200,
            },
            SourceCount {
                source: "newsletter".to_owned(),
                count: 34,
            },
        ],
        invalidations: vec![
            Invalidation {
                id: 2,
                at: "2026-12-03T10:00:00Z".to_owned(),
                by: Some("ana@example.org".to_owned()),
                reason: "Bot signups".to_owned(),
                filter: SignatureFilter {
                    domain: "spam.example".to_owned(),
                    from: "2026-12-01T09:00".to_owned(),
                    to: String::new(),
                    source: "direct".to_owned(),
                },
                count: 3,
                undone_at: None,
            },
            Invalidation {
                id: 1,
                at: "2026-12-02T08:00:00Z".to_owned(),
                by: None,
                reason: "A mistake".to_owned(),
                filter: SignatureFilter {
                    source: "flyer".to_owned(),
                    ..SignatureFilter::default()
                },
                count: 1,
                undone_at: Some("2026-12-02T08:30:00Z".to_owned()),
            },
        ],
    }
}

fn invalidate_button(root: &web_sys::Element) -> web_sys::HtmlButtonElement {
    find(root, "#invalidation-submit")
        .expect("the invalidate button is there from the start")
        .unchecked_into()
}

fn mount(first: Option<SignatureSummary>, admin: bool) -> (web_sys::HtmlElement, impl Drop) {
    let root = container();
    let mounted = leptos::mount::mount_to(root.clone(), move || {
        provide_context(ApiBase(CLOSED.into()));
        match first {
            Some(first) => view! { <PetitionSignatures locale=Locale::En id=7 admin first /> }.into_any(),
            None => view! { <PetitionSignatures locale=Locale::En id=7 admin /> }.into_any(),
        }
    });
    (root, mounted)
}

#[wasm_bindgen_test]
async fn the_counts_and_tables_are_drawn_from_the_summary_given() {
    let (root, _mounted) = mount(Some(summary()), false);
    leptos::task::tick().await;

    assert_eq!(text(&find(&root, "h4").unwrap()), "Signatures");
    assert_eq!(
        texts(&root, ".signature-counts li"),
        [
            "1,234 confirmed signatures",
            "1 signature waiting for its address to be confirmed",
            "3 signatures invalidated"
        ]
    );
    let regions = all(&root, ".signature-tables [role=region]");
    assert_eq!(regions.len(), 3);
    for region in &regions {
        assert_eq!(region.get_attribute("tabindex").as_deref(), Some("0"));
        let caption = text(&find(region, "caption").unwrap());
        assert_eq!(region.get_attribute("aria-label"), Some(caption));
    }
    assert_eq!(
        texts(&root, ".by-day-table tbody th[scope=row]"),
        ["1 December 2026", "2 December 2026"]
    );
    assert_eq!(texts(&root, ".by-day-table .day-number"), ["200", "50"]);
    let bars = all(&root, ".by-day-table .day-bar-track");
    assert!(
        bars.iter()
            .all(|bar| bar.get_attribute("aria-hidden").as_deref() == Some("true"))
    );
    let widths: Vec<String> = all(&root, ".day-bar")
        .iter()
        .map(|bar| {
            bar.unchecked_ref::<web_sys::HtmlElement>()
                .style()
                .get_property_value("width")
                .unwrap()
        })
        .collect();
    assert_eq!(widths, ["100%", "25%"]);
    assert_eq!(texts(&root, ".by-country-table tbody th"), ["France", "Germany"]);
    assert_eq!(texts(&root, ".by-country-table tbody td"), ["1,000", "234"]);
    assert_eq!(
        texts(&root, ".by-source-table tbody th"),
        ["Direct (no source)", "newsletter"]
    );
    assert_eq!(all(&root, "th[scope=col]").len(), 6);

    let csv = find(&root, ".signatures-csv a").unwrap();
    assert_eq!(text(&csv), "Download signatures (CSV)");
    assert_eq!(
        csv.get_attribute("href").as_deref(),
        Some("http://127.0.0.1:9/api/staff/petitions/7/signatures.csv")
    );
    let note = text(&find(&root, "#signatures-csv-note").unwrap());
    assert!(
        note.contains("Addresses are included only in an admin's download"),
        "{note}"
    );
    assert!(note.contains("audit log"), "{note}");
}

#[wasm_bindgen_test]
async fn an_admin_is_told_that_the_csv_holds_the_addresses() {
    let (root, _mounted) = mount(Some(summary()), true);
    leptos::task::tick().await;
    let note = text(&find(&root, "#signatures-csv-note").unwrap());
    assert!(
        note.contains("Addresses are included because you are an admin"),
        "{note}"
    );
}

#[wasm_bindgen_test]
async fn past_invalidations_say_who_why_what_and_offer_an_undo_until_undone() {
    let (root, _mounted) = mount(Some(summary()), false);
    leptos::task::tick().await;

    let entries = all(&root, ".invalidation-entry");
    assert_eq!(entries.len(), 2);
    assert_eq!(
        texts(&entries[0], ".invalidation-facts li"),
        [
            "3 December 2026, 10:00 UTC",
            "By ana@example.org",
            "Matching: addresses at spam.example, confirmed from 1 December 2026, 09:00 UTC, no source",
            "Reason: Bot signups"
        ]
    );
    let undo = find(&entries[0], "button").expect("an invalidation not undone can be");
    assert_eq!(text(&undo), "Undo invalidation of 3 signatures");
    assert!(find(&entries[0], ".invalidation-undone").is_none());

    assert_eq!(
        text(&find(&entries[1], ".invalidation-what").unwrap()),
        "1 signature invalidated"
    );
    assert!(text(&entries[1]).contains("By an account that no longer exists"));
    assert!(text(&entries[1]).contains("Matching: source flyer"));
    assert_eq!(
        text(&find(&entries[1], ".invalidation-undone").unwrap()),
        "Undone on 2 December 2026, 08:30 UTC"
    );
    assert!(find(&entries[1], "button").is_none());
}

#[wasm_bindgen_test]
async fn the_invalidate_button_stays_disabled_until_a_preview() {
    let (root, _mounted) = mount(Some(summary()), false);
    leptos::task::tick().await;

    let button = invalidate_button(&root);
    assert!(button.disabled());
    assert_eq!(text(&button), "Invalidate signatures");
    assert_eq!(
        text(&find(&root, "#invalidation-submit-note").unwrap()),
        "Preview first: this button invalidates the signatures the preview counted."
    );
    type_into(&root, "#invalidation-domain", "spam.example");
    type_into(&root, "#invalidation-reason", "Bot signups");
    leptos::task::tick().await;
    assert!(invalidate_button(&root).disabled(), "a reason is not a preview");

    // The preview cannot reach the server: still nothing to invalidate.
    fire(&find(&root, ".invalidation-filter").unwrap(), "submit", true);
    let alert = wait_for(Duration::from_secs(5), || {
        find(&root, ".invalidation .form-alert p").filter(|alert| !text(alert).is_empty())
    })
    .await
    .expect("the failed preview is said");
    assert!(text(&alert).contains("Check your connection"), "{}", text(&alert));
    assert!(invalidate_button(&root).disabled());
    type_into(&root, "#invalidation-reason", "");
    fire(&find(&root, ".invalidation-confirm").unwrap(), "submit", true);
    leptos::task::tick().await;
    assert!(
        find(&root, "#invalidation-reason-error").is_none(),
        "submitting without a preview does nothing"
    );
}

#[wasm_bindgen_test]
async fn a_filter_with_nothing_given_is_refused_at_the_domain_without_sending() {
    let (root, _mounted) = mount(Some(summary()), false);
    leptos::task::tick().await;
    fire(&find(&root, ".invalidation-filter").unwrap(), "submit", true);
    leptos::task::tick().await;

    let error = find(&root, "#invalidation-domain-error").expect("the domain says what is missing");
    assert_eq!(
        text(&error),
        "Fill in at least one of these: an address domain, a time or a source."
    );
    let domain = find(&root, "#invalidation-domain").unwrap();
    assert_eq!(domain.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert!(
        domain
            .get_attribute("aria-describedby")
            .unwrap()
            .contains("invalidation-domain-error")
    );
    assert_eq!(
        document().active_element().map(|element| element.id()).as_deref(),
        Some("invalidation-domain")
    );
    let preview = find(&root, ".invalidation-filter button[type=submit]").unwrap();
    assert_eq!(text(&preview), "Preview", "nothing was sent");
    // Had it been sent, the closed port would have said so by now.
    let _ = wait_for(Duration::from_millis(300), || None::<()>).await;
    let alert = text(&find(&root, ".invalidation .form-alert").unwrap());
    assert!(alert.starts_with("Some fields need correcting"), "{alert}");

    // Any part of the filter answers it, not only the domain.
    type_into(&root, "#invalidation-source", "direct");
    leptos::task::tick().await;
    assert!(find(&root, "#invalidation-domain-error").is_none());
}

#[wasm_bindgen_test]
async fn a_window_that_ends_before_it_starts_and_a_bad_source_are_refused_at_their_fields() {
    let (root, _mounted) = mount(Some(summary()), false);
    leptos::task::tick().await;
    type_into(&root, "#invalidation-from", "2026-12-02T10:00");
    type_into(&root, "#invalidation-to", "2026-12-01T10:00");
    type_into(&root, "#invalidation-source", "News Letter");
    fire(&find(&root, ".invalidation-filter").unwrap(), "submit", true);
    leptos::task::tick().await;

    assert_eq!(
        text(&find(&root, "#invalidation-to-error").unwrap()),
        "This must be later than “Confirmed from”."
    );
    assert!(find(&root, "#invalidation-source-error").is_some());
    assert!(find(&root, "#invalidation-from-error").is_none());
    assert!(find(&root, "#invalidation-domain-error").is_none());
    assert_eq!(
        document().active_element().map(|element| element.id()).as_deref(),
        Some("invalidation-to")
    );
}

#[wasm_bindgen_test]
async fn without_a_summary_it_loads_then_says_the_connection_failed_with_a_retry() {
    let (root, _mounted) = mount(None, false);
    let loading = find(&root, ".petition-signatures [role=status]").expect("it says it is loading");
    assert_eq!(text(&loading), "Loading signatures…");

    let alert = wait_for(Duration::from_secs(5), || {
        find(&root, ".petition-signatures [role=alert]")
    })
    .await
    .expect("the failure is said");
    assert!(
        text(&alert).starts_with("The signatures could not be loaded. Check your connection and try again."),
        "{}",
        text(&alert)
    );
    assert_eq!(text(&find(&alert, "button").unwrap()), "Try again");
    assert!(find(&root, ".invalidation").is_none());
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
        provide_context(ApiBase(CLOSED.into()));
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
async fn the_editor_shows_the_signatures_of_a_published_petition_only() {
    let (root, _mounted) = mount_editor(petition(PetitionStatus::Open));
    leptos::task::tick().await;
    let heading = find(&root, "#petition-signatures-heading").expect("an open petition has its signatures");
    assert_eq!(text(&heading), "Signatures");

    let (draft, _mounted) = mount_editor(petition(PetitionStatus::Draft));
    leptos::task::tick().await;
    assert!(find(&draft, ".petition-signatures").is_none());
}

// A stand-in for the API, for the requests that must go through: the
// page's `fetch` answers for `MOCK` from a table, and passes anything else
// on, so the other tests still reach their closed port.

const MOCK: &str = "http://mock.signatures";

/// Mounted on the stand-in; answers how often the editor heard of a change.
fn mount_on_mock(first: SignatureSummary) -> (web_sys::HtmlElement, impl Drop, Arc<AtomicU32>) {
    let heard = Arc::new(AtomicU32::new(0));
    let counter = heard.clone();
    let root = container();
    let mounted = leptos::mount::mount_to(root.clone(), move || {
        provide_context(ApiBase(MOCK.into()));
        let on_change = Callback::new(move |()| {
            counter.fetch_add(1, Ordering::SeqCst);
        });
        view! { <PetitionSignatures locale=Locale::En id=7 first on_change /> }
    });
    (root, mounted, heard)
}

fn new_invalidation() -> Invalidation {
    Invalidation {
        id: 3,
        at: "2026-12-04T12:00:00Z".to_owned(),
        by: Some("ana@example.org".to_owned()),
        reason: "Bot signups".to_owned(),
        filter: SignatureFilter {
            domain: "spam.example".to_owned(),
            ..SignatureFilter::default()
        },
        count: 3,
        undone_at: None,
    }
}

async fn status_saying(root: &web_sys::Element, selector: &str, expected: &str) {
    let found = wait_for(Duration::from_secs(5), || {
        find(root, selector).filter(|element| text(element) == expected)
    })
    .await;
    let shown = find(root, selector).map(|element| text(&element));
    assert!(found.is_some(), "{selector} says {shown:?}, not {expected:?}");
}

#[wasm_bindgen_test]
async fn a_preview_counts_then_the_button_invalidates_that_many_with_a_reason() {
    let mut after = summary();
    after.confirmed = 1231;
    after.invalidated = 6;
    after.invalidations.insert(0, new_invalidation());
    let preview = InvalidationPreview {
        count: 3,
        domains: vec![DomainCount {
            domain: "spam.example".to_owned(),
            count: 3,
        }],
    };
    answer_fetches(
        MOCK,
        vec![
            ("POST /api/staff/petitions/7/invalidation-previews", 200, json(&preview)),
            (
                "POST /api/staff/petitions/7/invalidations",
                201,
                json(&new_invalidation()),
            ),
            ("GET /api/staff/petitions/7/signatures", 200, json(&after)),
        ],
    );
    let (root, _mounted, heard) = mount_on_mock(summary());
    leptos::task::tick().await;

    type_into(&root, "#invalidation-domain", "spam.example");
    fire(&find(&root, ".invalidation-filter").unwrap(), "submit", true);
    status_saying(&root, ".invalidation-preview .preview-count", "3 signatures match.").await;
    assert_eq!(texts(&root, ".preview-domains li"), ["spam.example: 3"]);
    let button = invalidate_button(&root);
    assert!(!button.disabled());
    assert_eq!(text(&button), "Invalidate 3 signatures");

    // Another filter is not the one counted.
    type_into(&root, "#invalidation-domain", "other.example");
    leptos::task::tick().await;
    assert!(invalidate_button(&root).disabled());
    assert_eq!(
        text(&find(&root, "#invalidation-submit-note").unwrap()),
        "The filter has changed since the preview: preview again."
    );
    type_into(&root, "#invalidation-domain", "spam.example");
    leptos::task::tick().await;
    assert!(!invalidate_button(&root).disabled());

    // A reason first.
    fire(&find(&root, ".invalidation-confirm").unwrap(), "submit", true);
    leptos::task::tick().await;
    assert_eq!(
        text(&find(&root, "#invalidation-reason-error").unwrap()),
        "Fill this in."
    );
    assert_eq!(
        document().active_element().map(|element| element.id()).as_deref(),
        Some("invalidation-reason")
    );
    assert!(!fetches_made().iter().any(|call| call.ends_with("/invalidations")));

    type_into(&root, "#invalidation-reason", "Bot signups");
    fire(&find(&root, ".invalidation-confirm").unwrap(), "submit", true);
    status_saying(
        &root,
        ".invalidation > .console-status p",
        "3 signatures invalidated; the public count has dropped.",
    )
    .await;
    assert_eq!(heard.load(Ordering::SeqCst), 1, "the editor hears of it");
    status_saying(&root, ".signature-counts li", "1,231 confirmed signatures").await;
    assert_eq!(
        text(&find(&root, ".invalidation-entry .invalidation-what").unwrap()),
        "3 signatures invalidated"
    );
    assert_eq!(all(&root, ".invalidation-entry").len(), 3);
    let domain = find(&root, "#invalidation-domain").unwrap();
    assert_eq!(domain.unchecked_into::<web_sys::HtmlInputElement>().value(), "");
    assert!(
        invalidate_button(&root).disabled(),
        "the next one needs its own preview"
    );
    assert_eq!(
        fetches_made(),
        [
            "POST /api/staff/petitions/7/invalidation-previews",
            "POST /api/staff/petitions/7/invalidations",
            "GET /api/staff/petitions/7/signatures"
        ]
    );
}

#[wasm_bindgen_test]
async fn the_server_s_refusal_of_a_filter_shows_at_its_field() {
    let refusal = ErrorResponse {
        error: ErrorBody {
            code: ErrorCode::Validation,
            message: "invalid".to_owned(),
            fields: [("source".to_owned(), FieldError::Invalid)].into(),
            request_id: None,
        },
    };
    answer_fetches(
        MOCK,
        vec![("POST /api/staff/petitions/7/invalidation-previews", 422, json(&refusal))],
    );
    let (root, _mounted, _) = mount_on_mock(summary());
    leptos::task::tick().await;
    type_into(&root, "#invalidation-source", "newsletter");
    fire(&find(&root, ".invalidation-filter").unwrap(), "submit", true);

    let error = wait_for(Duration::from_secs(5), || find(&root, "#invalidation-source-error"))
        .await
        .expect("the source says what is wrong");
    assert!(text(&error).starts_with("Use lowercase letters"), "{}", text(&error));
    assert!(invalidate_button(&root).disabled());
}

#[wasm_bindgen_test]
async fn undo_makes_the_signatures_count_again_and_says_so_where_the_button_was() {
    let undone = Invalidation {
        undone_at: Some("2026-12-04T13:00:00Z".to_owned()),
        ..summary().invalidations[0].clone()
    };
    let mut after = summary();
    after.invalidations[0] = undone.clone();
    answer_fetches(
        MOCK,
        vec![
            ("POST /api/staff/petitions/7/invalidations/2/undo", 200, json(&undone)),
            ("GET /api/staff/petitions/7/signatures", 200, json(&after)),
        ],
    );
    let (root, _mounted, heard) = mount_on_mock(summary());
    leptos::task::tick().await;

    let undo = find(&root, ".invalidation-entry button").unwrap();
    undo.unchecked_into::<web_sys::HtmlElement>().click();
    status_saying(
        &root,
        ".past-invalidations > .console-status p",
        "Undone: 3 signatures count again.",
    )
    .await;
    let note = find(&root, "#invalidation-2-undone").expect("the undo is shown at once");
    assert_eq!(text(&note), "Undone on 4 December 2026, 13:00 UTC");
    let focused = wait_for(Duration::from_secs(2), || {
        document()
            .active_element()
            .filter(|element| element.id() == "invalidation-2-undone")
    })
    .await;
    assert!(focused.is_some(), "the focus goes where the button was");
    assert_eq!(heard.load(Ordering::SeqCst), 1);
    assert!(find(&root, ".invalidation-entry button").is_none());
}

#[wasm_bindgen_test]
async fn an_undo_already_done_is_said_and_the_list_shown_as_it_is() {
    let conflict = ErrorResponse {
        error: ErrorBody {
            code: ErrorCode::Conflict,
            message: "already undone".to_owned(),
            fields: Default::default(),
            request_id: None,
        },
    };
    let mut after = summary();
    after.invalidations[0].undone_at = Some("2026-12-04T13:00:00Z".to_owned());
    answer_fetches(
        MOCK,
        vec![
            ("POST /api/staff/petitions/7/invalidations/2/undo", 409, json(&conflict)),
            ("GET /api/staff/petitions/7/signatures", 200, json(&after)),
        ],
    );
    let (root, _mounted, _) = mount_on_mock(summary());
    leptos::task::tick().await;

    find(&root, ".invalidation-entry button")
        .unwrap()
        .unchecked_into::<web_sys::HtmlElement>()
        .click();
    status_saying(
        &root,
        ".past-invalidations > .console-alert p",
        "This invalidation had already been undone; it is shown as it is now.",
    )
    .await;
    let note = wait_for(Duration::from_secs(5), || find(&root, "#invalidation-2-undone")).await;
    assert!(note.is_some(), "the list shows it undone");
}
