//! Both pages as the server draws them in the first HTML, from the data it
//! read (`render::page_html`): readable before any script runs.

use civic_api::donation::{Currency, CurrencyOffer, DonationOffer, DonationStatus, DonationView, Frequency, Preset};
use civic_api::site::FirstData;

use crate::render::{ServerConsent, ServerPage, page_html};

fn server() -> ServerPage {
    ServerPage {
        origin: "https://civic.example".into(),
        today: (2026, 12, 4),
        consent: ServerConsent::default(),
        viewer: None,
    }
}

fn offer(currencies: &[&str]) -> DonationOffer {
    DonationOffer {
        currencies: currencies
            .iter()
            .map(|code| CurrencyOffer {
                currency: Currency::parse(code).unwrap(),
                presets: vec![Preset {
                    id: format!("{}-2500", code.to_lowercase()),
                    amount: 2500,
                }],
                minimum: 200,
                maximum: 1_000_000,
            })
            .collect(),
        frequencies: vec![Frequency::Once, Frequency::Monthly],
        organisation: "Civic Alliance".into(),
        sandbox: true,
    }
}

fn gift(status: DonationStatus) -> DonationView {
    DonationView {
        reference: "D-ABC123".into(),
        status,
        currency: Currency::parse("EUR").unwrap(),
        amount: 2500,
        frequency: Frequency::Monthly,
        preset: Some("eur-2500".into()),
        email: "giver@example.org".into(),
        dedication: Some("For Ada".into()),
    }
}

#[test]
fn the_donate_page_is_drawn_with_its_choices_and_says_when_nothing_was_taken() {
    let html = page_html(
        "/fr/donate?ref=D-ABC123&cancelled=1",
        server(),
        Some(FirstData::DonationOffer(offer(&["EUR", "GBP"]))),
        None,
    );
    assert!(html.contains("Faire un don à Civic"), "{html}");
    assert!(html.contains("25,00\u{a0}€"), "the presets in the page's language");
    assert!(
        html.contains("Vous avez quitté la page de paiement"),
        "the cancel is said at once"
    );
    assert!(html.contains("Ceci est un site de test"), "the sandbox is said");
    assert!(html.contains("<select"), "several currencies: a choice of them");
    assert!(
        html.contains("data-app-wanted"),
        "the form to fill again asks for its app"
    );
    assert!(html.contains(r#"value="once" checked"#), "once is chosen at first");
    assert!(
        !html.contains(r#"value="eur-2500" checked"#),
        "no amount is chosen for the visitor"
    );

    let one = page_html(
        "/donate",
        server(),
        Some(FirstData::DonationOffer(offer(&["EUR"]))),
        None,
    );
    assert!(!one.contains("<select"), "one currency: nothing to choose");
    assert!(!one.contains("data-app-wanted"), "a new form waits for the visitor");
    assert!(one.contains(">Give<"), "{one}");
}

#[test]
fn the_thank_you_page_shows_the_gift_only_once_it_is_paid() {
    let draw = |status| {
        page_html(
            "/thank-you?ref=D-ABC123",
            server(),
            Some(FirstData::Donation(Ok(gift(status)))),
            None,
        )
    };
    let paid = draw(DonationStatus::Paid);
    assert!(paid.contains("Your monthly gift of €25.00 is set up"), "{paid}");
    assert!(paid.contains("giver@example.org") && paid.contains("For Ada"));
    assert!(!paid.contains("data-app-wanted"), "nothing left to wait for");

    let pending = draw(DonationStatus::Pending);
    assert!(pending.contains("Waiting for the payment provider"), "{pending}");
    assert!(!pending.contains("€25.00"), "not shown before the provider confirms it");
    assert!(pending.contains("data-app-wanted"), "the app asks again");

    let failed = draw(DonationStatus::Failed);
    assert!(failed.contains("Your payment did not go through"));
    assert!(failed.contains(r#"href="/donate?ref=D-ABC123""#), "{failed}");

    let missing = page_html("/es/thank-you", server(), Some(FirstData::Missing), None);
    assert!(missing.contains("No hemos encontrado esta donación"), "{missing}");
    assert!(missing.contains(r#"href="/es/donate""#));
}
