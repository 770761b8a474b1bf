//! The donate form: currency, how often, how much, the address for the
//! receipt and an optional dedication; "Give" sends the visitor to the
//! provider's payment page. A refusal keeps every choice and says why.

use civic_api::donation::{CheckoutStarted, Currency, DonationOffer, Frequency};
use civic_api::{ErrorCode, Locale};
use leptos::prelude::*;

use crate::api::{self, ApiError, donations};
use crate::form_kit::{FormAlert, RadioGroup, SelectField, SubmitButton, TextField};
use crate::i18n::td_string;
use crate::money::format_money;
use crate::pages::donate::choices::{Choices, OTHER};
use crate::pages::donate::comeback::{Comeback, ComebackNotice};
use crate::pages::donate::form::{AMOUNT_ID, FREQUENCY_ID, GiftForm};
use crate::pages::donate::texts::{
    amount_choice_error, currency_error, custom_amount_error, dedication_error, email_error, failure_texts,
    frequency_error, frequency_label, summary,
};
use crate::request::Request;
use crate::ui_locale;

#[component]
pub fn DonateForm(locale: Locale, offer: DonationOffer) -> impl IntoView {
    let ui = ui_locale(locale);
    let sandbox = offer.sandbox;
    let organisation = offer.organisation.clone();
    let several_currencies = offer.currencies.len() > 1;
    let offer = StoredValue::new(offer);
    let form = GiftForm::new(&offer.with_value(Choices::first));
    let comeback = Comeback::start(form, offer, locale);
    form.follow_currency(offer);

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
        if let Some(started) = form.kit.answer(result) {
            form.leave_for_payment(leaving, &started.checkout_url);
        } else if let Some(fields) = refused {
            form.focus_first_refused(offer, &fields);
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
        let key = untrack(|| form.kit.idempotency_key());
        match offer.with_value(|offer| form.choices().request(offer, locale, key)) {
            Err(errors) => {
                form.focus_first_refused(offer, &errors);
                form.kit.refuse_fields(&form.fields(), errors);
            }
            Ok(mut request) => {
                comeback.notice.set(None);
                request.idempotency_key = form.kit.key_for_request();
                let base = base.get_value();
                send.send(async move { donations::start_donation(&base, &request).await });
            }
        }
    });

    let currency_offer = move || {
        let code = form.currency.value().get();
        offer.with_value(|offer| {
            Currency::parse(&code)
                .ok()
                .and_then(|currency| offer.currency(&currency).cloned())
        })
    };
    let currency_options = offer.with_value(|offer| {
        offer
            .currencies
            .iter()
            .map(|each| (each.currency.to_string(), each.currency.to_string()))
            .collect::<Vec<_>>()
    });
    let frequencies = offer.with_value(|offer| {
        offer
            .frequencies
            .iter()
            .map(|frequency| {
                (
                    frequency.as_str().to_owned(),
                    frequency_label(ui, *frequency).to_owned(),
                )
            })
            .collect::<Vec<_>>()
    });
    let amounts = Signal::derive(move || {
        let mut options: Vec<(String, String)> = currency_offer()
            .map(|currency| {
                let money = |amount| format_money(locale, amount, &currency.currency);
                currency
                    .presets
                    .iter()
                    .map(|preset| (preset.id.clone(), money(preset.amount)))
                    .collect()
            })
            .unwrap_or_default();
        options.push((OTHER.to_owned(), td_string!(ui, donate.other).to_owned()));
        options
    });
    let refusal_of = move |name: &'static str, text: fn(crate::i18n::Locale) -> String| {
        Signal::derive(move || form.kit.server_error(name).map(|_| text(ui)))
    };
    let frequency_refused = refusal_of("frequency", frequency_error);
    let amount_refused = refusal_of("amount", amount_choice_error);
    let amount_refused = Signal::derive(move || amount_refused.get().filter(|_| form.amount.get() != OTHER));
    let other_amount = move || {
        (form.amount.get() == OTHER).then(|| {
            let label = move || td_string!(ui, donate.other_label, currency = form.currency.value().get());
            let hint = move || {
                currency_offer()
                    .map(|offer| {
                        let money = |amount| format_money(locale, amount, &offer.currency);
                        td_string!(
                            ui,
                            donate.other_hint,
                            min = money(offer.minimum),
                            max = money(offer.maximum)
                        )
                    })
                    .unwrap_or_default()
            };
            view! {
                <TextField
                    field=form.custom
                    inputmode="decimal"
                    autocomplete="transaction-amount"
                    label=Signal::derive(label)
                    hint=Signal::derive(hint)
                    error_text=Callback::new(move |error| custom_amount_error(ui, error, currency_offer().as_ref()))
                />
            }
        })
    };
    let summary_line = move || {
        let choices = form.choices_tracked();
        let amount = offer.with_value(|offer| choices.amount(offer))?;
        let currency = Currency::parse(&choices.currency).ok()?;
        let frequency = Frequency::parse(&choices.frequency)?;
        Some(summary(ui, frequency, format_money(locale, amount, &currency)))
    };
    view! {
        {sandbox
            .then(|| {
                view! {
                    <p class="sandbox-note">
                        <strong>{td_string!(ui, donate.sandbox)}</strong>
                    </p>
                }
            })}
        <ComebackNotice locale notice=comeback.notice />
        <form
            class="donate-form"
            novalidate
            // The gift of a `?ref=` link fills the form again: only the app
            // can, so the page asks for it at once (`enhanced_page`).
            data-app-wanted=comeback.asked.then_some("")
            on:submit=move |event| {
                event.prevent_default();
                submit.run(());
            }
        >
            {several_currencies
                .then(|| {
                    view! {
                        <SelectField
                            field=form.currency
                            label=td_string!(ui, donate.currency_label).to_owned()
                            hint=td_string!(ui, donate.currency_hint).to_owned()
                            error_text=Callback::new(move |error| currency_error(ui, error))
                            options=currency_options
                        />
                    }
                })}
            <RadioGroup
                kit=form.kit
                name="frequency"
                id=FREQUENCY_ID
                legend=td_string!(ui, donate.frequency_legend).to_owned()
                chosen=form.frequency
                options=frequencies
                error=frequency_refused
                class="frequencies"
            />
            <RadioGroup
                kit=form.kit
                name="amount_choice"
                id=AMOUNT_ID
                legend=td_string!(ui, donate.amount_legend).to_owned()
                chosen=form.amount
                options=amounts
                error=amount_refused
                class="amounts"
            />
            {other_amount}
            <TextField
                field=form.email
                input_type="email"
                autocomplete="email"
                label=td_string!(ui, donate.email_label).to_owned()
                hint=td_string!(ui, donate.email_hint).to_owned()
                error_text=Callback::new(move |error| email_error(ui, error))
            />
            <TextField
                field=form.dedication
                label=td_string!(ui, donate.dedication_label).to_owned()
                hint=td_string!(ui, donate.dedication_hint, max = civic_api::donation::DEDICATION_MAX).to_string()
                error_text=Callback::new(move |error| dedication_error(ui, error))
            />
            <section class="where-money-goes" aria-labelledby="donate-where-heading">
                <h2 id="donate-where-heading">{td_string!(ui, donate.where_heading)}</h2>
                <p>{td_string!(ui, donate.where_text, organisation = organisation)}</p>
                <p>{td_string!(ui, donate.card_text)}</p>
            </section>
            <p class="donate-summary">{summary_line}</p>
            <SubmitButton
                kit=form.kit
                pending=busy
                label=td_string!(ui, donate.submit)
                sending=td_string!(ui, donate.sending)
                class="give"
            />
        </form>
        <FormAlert kit=form.kit locale texts=failure_texts(ui) retry=submit />
    }
}
