//! The donation pages in headless Chromium: refusals beside what was
//! refused, with the focus there; a failed "Give" keeps every choice; the
//! thank-you page shows a gift only once it is paid.

use std::time::Duration;

use civic_api::Locale;
use civic_api::donation::{Currency, CurrencyOffer, DonationOffer, DonationStatus, DonationView, Frequency, Preset};
use civic_api::site::FirstData;
use leptos::prelude::*;
use leptos_router::components::Router;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

use crate::api::ApiBase;
use crate::components::site_context::SiteContext;
use crate::first_page;
use crate::pages::donate::donate_page::DonatePage;
use crate::pages::donate::thanks_page::ThanksPage;
use crate::test_support::{container, find, fire, open, wait_for};

wasm_bindgen_test_configure!(run_in_browser);

/// Port 9 (discard) is closed here and refused by browsers anyway.
const CLOSED: &str = "http://127.0.0.1:9";

fn offer() -> DonationOffer {
    DonationOffer {
        currencies: vec![CurrencyOffer {
            currency: Currency::parse("EUR").unwrap(),
            presets: [1000, 2500]
                .into_iter()
                .map(|amount| Preset {
                    id: format!("eur-{amount}"),
                    amount,
                })
                .collect(),
            minimum: 200,
            maximum: 1_000_000,
        }],
        frequencies: vec![Frequency::Once, Frequency::Monthly],
        organisation: "Civic Alliance".into(),
        sandbox: true,
    }
}

/// The page at `path` drawn from `data`, as the app draws it after the
/// server; it goes when the handle is dropped.
fn mount(path: &str, data: FirstData, page: fn() -> AnyView) -> (web_sys::HtmlElement, impl Sized) {
    open(path);
    first_page::put(Some(data), None);
    let root = container();
    let mounted = leptos::mount::mount_to(root.clone(), move || {
        provide_context(ApiBase(CLOSED.into()));
        view! {
            <Router>
                <SiteContext>{page()}</SiteContext>
            </Router>
        }
    });
    (root, mounted)
}

fn donate_page() -> AnyView {
    view! { <DonatePage locale=Locale::En /> }.into_any()
}

fn thanks_page() -> AnyView {
    view! { <ThanksPage locale=Locale::En /> }.into_any()
}

fn text(root: &web_sys::Element, selector: &str) -> String {
    find(root, selector)
        .and_then(|element| element.text_content())
        .unwrap_or_default()
}

fn type_into(root: &web_sys::Element, selector: &str, value: &str) {
    let input: web_sys::HtmlInputElement = find(root, selector).expect(selector).unchecked_into();
    input.set_value(value);
    fire(&input, "input", true);
}

fn click(root: &web_sys::Element, selector: &str) {
    let element: web_sys::HtmlElement = find(root, selector).expect(selector).unchecked_into();
    element.click();
}

fn focused_id() -> String {
    document()
        .active_element()
        .map(|element| element.id())
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn refusals_show_beside_the_amounts_and_the_own_amount_with_the_focus_there() {
    let (root, _mounted) = mount("/donate", FirstData::DonationOffer(offer()), donate_page);
    leptos::task::tick().await;
    type_into(&root, "#donate-email", "giver@example.org");
    click(&root, "button.give");
    leptos::task::tick().await;
    assert_eq!(
        text(&root, "#donate-amount-error"),
        "Choose an amount, or enter your own."
    );
    assert_eq!(
        find(&root, "#donate-amount")
            .and_then(|group| group.get_attribute("aria-invalid"))
            .as_deref(),
        Some("true")
    );
    assert_eq!(
        focused_id(),
        "donate-amount--eur-1000",
        "the first amount takes the focus"
    );
    assert!(text(&root, ".form-alert").contains("Some choices need your attention"));

    click(&root, "#donate-amount--other");
    leptos::task::tick().await;
    assert!(
        find(&root, "#donate-amount-error").is_none(),
        "choosing clears the refusal"
    );
    let own = find(&root, "#donate-other-amount").expect("the own amount's field appears");
    assert_eq!(own.get_attribute("inputmode").as_deref(), Some("decimal"));
    assert_eq!(text(&root, "label[for=donate-other-amount]"), "Your amount in EUR");

    type_into(&root, "#donate-other-amount", "1");
    click(&root, "button.give");
    leptos::task::tick().await;
    assert_eq!(text(&root, "#donate-other-amount-error"), "The smallest gift is €2.00.");
    assert_eq!(focused_id(), "donate-other-amount");
    assert_eq!(
        find(&root, "#donate-email").map(|input| input.unchecked_into::<web_sys::HtmlInputElement>().value()),
        Some("giver@example.org".to_owned()),
        "nothing typed is lost"
    );

    type_into(&root, "#donate-other-amount", "12,50");
    click(&root, "#donate-frequency--monthly");
    leptos::task::tick().await;
    assert!(find(&root, "#donate-other-amount-error").is_none());
    assert_eq!(text(&root, ".donate-summary"), "You are giving €12.50 every month.");
}

#[wasm_bindgen_test]
async fn a_gift_that_cannot_be_started_keeps_every_choice_and_says_nothing_was_charged() {
    let (root, _mounted) = mount("/donate", FirstData::DonationOffer(offer()), donate_page);
    leptos::task::tick().await;
    assert!(text(&root, ".sandbox-note").contains("no money moves"));
    click(&root, "#donate-amount--eur-2500");
    type_into(&root, "#donate-email", "giver@example.org");
    click(&root, "button.give");
    let alert = wait_for(Duration::from_secs(10), || {
        Some(text(&root, ".form-alert")).filter(|alert| !alert.is_empty())
    })
    .await
    .expect("the failure is said within 10 seconds");
    assert!(alert.contains("nothing was charged"), "{alert}");
    let chosen: web_sys::HtmlInputElement = find(&root, "#donate-amount--eur-2500").unwrap().unchecked_into();
    assert!(chosen.checked(), "the amount stays chosen");
    assert_eq!(text(&root, "button.give"), "Give", "the button can be pressed again");
}

fn gift(status: DonationStatus) -> DonationView {
    DonationView {
        reference: "D-ABC123".into(),
        status,
        currency: Currency::parse("EUR").unwrap(),
        amount: 2500,
        frequency: Frequency::Once,
        preset: Some("eur-2500".into()),
        email: "giver@example.org".into(),
        dedication: None,
    }
}

#[wasm_bindgen_test]
async fn the_thank_you_page_waits_for_the_confirmation_before_showing_the_gift() {
    let (root, _mounted) = mount(
        "/thank-you?ref=D-ABC123",
        FirstData::Donation(Ok(gift(DonationStatus::Pending))),
        thanks_page,
    );
    leptos::task::tick().await;
    let status = text(&root, "[role=status]");
    assert!(status.contains("Waiting for the payment provider"), "{status}");
    assert!(
        !root.text_content().unwrap_or_default().contains("€25.00"),
        "not before it is confirmed"
    );
    assert_eq!(
        find(&root, "[role=status]")
            .and_then(|status| status.get_attribute("aria-busy"))
            .as_deref(),
        Some("true")
    );
}

#[wasm_bindgen_test]
async fn a_paid_gift_is_shown_and_a_declined_one_leads_back_to_the_same_choices() {
    let (root, _mounted) = mount(
        "/thank-you?ref=D-ABC123",
        FirstData::Donation(Ok(gift(DonationStatus::Paid))),
        thanks_page,
    );
    leptos::task::tick().await;
    assert_eq!(text(&root, "h1"), "Thank you for your gift");
    assert!(text(&root, "[role=status]").contains("Your gift of €25.00 has arrived"));
    assert!(text(&root, ".gift-summary").contains("giver@example.org"));

    let (root, _mounted) = mount(
        "/thank-you?ref=D-ABC123",
        FirstData::Donation(Ok(gift(DonationStatus::Failed))),
        thanks_page,
    );
    leptos::task::tick().await;
    assert_eq!(text(&root, "h1"), "Your payment did not go through");
    let again = find(&root, "a.button").expect("a way back to the form");
    assert_eq!(again.get_attribute("href").as_deref(), Some("/donate?ref=D-ABC123"));
}
