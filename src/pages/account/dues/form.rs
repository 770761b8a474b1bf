//! Paying dues: a currency and a tier, and "Pay my dues" sends the member
//! to the provider's payment page. The browser refuses what the server
//! would; a refusal or a failure keeps the choice and says why.

use civic_api::donation::{CheckoutStarted, Currency, DonationView};
use civic_api::dues::DuesTier;
use civic_api::{ErrorCode, FieldErrors, Locale};
use leptos::prelude::*;

use crate::api::{self, ApiError, dues};
use crate::browser::{focus_element, leave_for};
use crate::form_kit::{FormAlert, FormKit, RadioGroup, SelectField, SubmitButton, radio_id};
use crate::i18n::td_string;
use crate::pages::account::dues::choice;
use crate::pages::account::dues::texts::{currency_error, failure_texts, tier_error, tier_option};
use crate::request::Request;
use crate::ui_locale;

pub const TIER_ID: &str = "dues-tier";

#[component]
pub fn DuesForm(
    locale: Locale,
    tiers: Vec<DuesTier>,
    currencies: Vec<Currency>,
    /// The currency chosen at first.
    currency: String,
    /// Renewing a lapsed membership rather than a first one.
    lapsed: Signal<bool>,
    /// The checkout the member came back from, whose choice fills the form.
    gift: RwSignal<Option<DonationView>>,
) -> impl IntoView {
    let ui = ui_locale(locale);
    let kit = FormKit::new();
    let chosen_currency = kit.field("currency", "dues-currency", |text| Currency::parse(text).err());
    chosen_currency.set(currency);
    let tier = RwSignal::new(String::new());
    let several = currencies.len() > 1;
    let tiers = StoredValue::new(tiers);
    Effect::new(move |_| {
        let Some(gift) = gift.get() else { return };
        let again = tiers.with_value(|tiers| choice::of_gift(&gift, tiers));
        if let Some((id, code)) = again.filter(|_| tier.get_untracked().is_empty()) {
            chosen_currency.set(code);
            tier.set(id);
        }
    });
    // What was said of the currency was said for the tier chosen then.
    Effect::new(move |_| {
        tier.track();
        kit.forget_error("currency");
    });

    let focus_first_refused = move |errors: &FieldErrors| {
        if several && errors.contains_key("currency") {
            focus_element(&chosen_currency.id());
        } else if errors.contains_key("tier") || errors.contains_key("currency") {
            let first = tiers.with_value(|tiers| {
                let shown = choice::tiers_in(tiers, &chosen_currency.text());
                let chosen = tier.get_untracked();
                match shown.iter().any(|(each, _)| each.id == chosen) {
                    true => Some(chosen),
                    false => shown.first().map(|(each, _)| each.id.clone()),
                }
            });
            if let Some(first) = first {
                focus_element(&radio_id(TIER_ID, &first));
            }
        }
    };
    let send = Request::<Result<CheckoutStarted, ApiError>>::new();
    // From the provider's answer until the browser has left for its page.
    let leaving = RwSignal::new(false);
    let busy = Signal::derive(move || send.pending().get() || leaving.get());
    Effect::new(move |_| {
        let Some(result) = send.answer().get() else { return };
        let refused = match &result {
            Err(ApiError::Server(body)) if body.code == ErrorCode::Validation => Some(body.fields.clone()),
            _ => None,
        };
        if let Some(started) = kit.answer(result) {
            leaving.set(true);
            if !leave_for(&started.checkout_url) {
                leaving.set(false);
                kit.answer::<()>(Err(ApiError::Decode));
            }
        } else if let Some(fields) = refused {
            focus_first_refused(&fields);
        }
    });
    // Back from the payment page through the history, the browser may show
    // the page as it was left: the button is not busy any more.
    Effect::new(move |_| {
        let handle = window_event_listener(leptos::ev::pageshow, move |_| leaving.set(false));
        on_cleanup(move || handle.remove());
    });

    let base = StoredValue::new(api::api_base());
    let submit = Callback::new(move |()| {
        if busy.get_untracked() {
            return;
        }
        let key = untrack(|| kit.idempotency_key());
        let made = tiers
            .with_value(|tiers| choice::request(tiers, &tier.get_untracked(), &chosen_currency.text(), locale, key));
        match made {
            Err(errors) => {
                focus_first_refused(&errors);
                kit.refuse_fields(&[chosen_currency], errors);
            }
            Ok(mut request) => {
                // Made once per payment meant: a retry goes with the same.
                request.idempotency_key = kit.key_for_request();
                let base = base.get_value();
                send.send(async move { dues::start_dues(&base, &request).await });
            }
        }
    });

    let options = Signal::derive(move || {
        let code = chosen_currency.value().get();
        let Ok(currency) = Currency::parse(&code) else {
            return Vec::new();
        };
        tiers.with_value(|tiers| {
            choice::tiers_in(tiers, &code)
                .into_iter()
                .map(|(tier, amount)| (tier.id.clone(), tier_option(ui, tier, amount, &currency)))
                .collect::<Vec<_>>()
        })
    });
    let tier_refused = Signal::derive(move || kit.server_error("tier").map(|error| tier_error(ui, error)));
    let currency_options = currencies
        .iter()
        .map(|currency| (currency.to_string(), currency.to_string()))
        .collect::<Vec<_>>();
    let heading = move || match lapsed.get() {
        true => td_string!(ui, dues.renew_heading),
        false => td_string!(ui, dues.join_heading),
    };
    view! {
        <h3 id="dues-pay-heading">{heading}</h3>
        <p>{td_string!(ui, dues.form_intro)}</p>
        <form
            class="account-form dues-form"
            aria-labelledby="dues-pay-heading"
            novalidate
            on:submit=move |event| {
                event.prevent_default();
                submit.run(());
            }
        >
            {several
                .then(|| {
                    view! {
                        <SelectField
                            field=chosen_currency
                            label=td_string!(ui, dues.currency_label).to_owned()
                            hint=td_string!(ui, dues.currency_hint).to_owned()
                            error_text=Callback::new(move |error| {
                                currency_error(ui, error, !tier.get_untracked().is_empty())
                            })
                            options=currency_options
                        />
                    }
                })}
            <RadioGroup
                kit
                name="tier"
                id=TIER_ID
                legend=td_string!(ui, dues.tier_legend).to_owned()
                chosen=tier
                options
                error=tier_refused
                class="dues-tiers"
            />
            <SubmitButton kit pending=busy label=td_string!(ui, dues.submit) sending=td_string!(ui, dues.sending) />
        </form>
        <FormAlert kit locale texts=failure_texts(ui) retry=submit />
    }
}
