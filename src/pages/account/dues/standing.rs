//! Where the membership stands: the status in words, its tier and dues,
//! and every payment with its receipt number.

use civic_api::Locale;
use civic_api::donation::Frequency;
use civic_api::dues::{DuesStatus, DuesView, PaymentView};
use leptos::prelude::*;

use crate::dates::format_date;
use crate::i18n::{self, td_string};
use crate::money::format_money;
use crate::pages::account::dues::choice::tier_of;
use crate::pages::account::dues::texts::{price, status_text};
use crate::ui_locale;

#[component]
pub fn Standing(locale: Locale, view: Memo<DuesView>) -> impl IntoView {
    let ui = ui_locale(locale);
    let status = move || view.with(|view| status_text(ui, view));
    let details = move || {
        view.with(|view| details(ui, view)).map(|(tier, dues)| {
            view! {
                <dl class="dues-details">
                    <dt>{td_string!(ui, dues.tier_term)}</dt>
                    <dd>{tier}</dd>
                    {dues.map(|dues| view! {
                        <dt>{td_string!(ui, dues.amount_term)}</dt>
                        <dd>{dues}</dd>
                    })}
                </dl>
            }
        })
    };
    view! {
        <p class="dues-status">{status}</p>
        {details}
    }
}

/// The membership's tier by name, and its dues, once there is one.
fn details(ui: i18n::Locale, view: &DuesView) -> Option<(String, Option<String>)> {
    if view.status == DuesStatus::None {
        return None;
    }
    let tier = tier_of(view);
    let name = tier.map_or_else(|| view.tier.clone(), |tier| Some(tier.name.clone()))?;
    let frequency = tier.map_or(Frequency::Once, |tier| tier.frequency);
    let dues = view
        .amount
        .zip(view.currency.as_ref())
        .map(|(amount, currency)| price(ui, amount, currency, frequency));
    Some((name, dues))
}

#[component]
pub fn Payments(locale: Locale, view: Memo<DuesView>) -> impl IntoView {
    let ui = ui_locale(locale);
    let payments = Memo::new(move |_| view.with(|view| view.payments.clone()));
    let list = move || {
        let payments = payments.get();
        if payments.is_empty() {
            return view! { <p>{td_string!(ui, dues.payments_none)}</p> }.into_any();
        }
        // The latest first.
        let rows = payments
            .into_iter()
            .rev()
            .map(|payment| view! { <PaymentRow locale payment /> })
            .collect_view();
        view! {
            <table class="dues-payments" aria-labelledby="dues-payments-heading">
                <thead>
                    <tr>
                        <th scope="col">{td_string!(ui, dues.date_column)}</th>
                        <th scope="col">{td_string!(ui, dues.amount_column)}</th>
                        <th scope="col">{td_string!(ui, dues.receipt_column)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        }
        .into_any()
    };
    view! {
        <h3 id="dues-payments-heading">{td_string!(ui, dues.payments_heading)}</h3>
        {list}
    }
}

#[component]
fn PaymentRow(locale: Locale, payment: PaymentView) -> impl IntoView {
    let day = format_date(locale, &payment.paid_on).unwrap_or_else(|| payment.paid_on.clone());
    let amount = format_money(locale, payment.amount, &payment.currency);
    view! {
        <tr>
            <td>{day}</td>
            <td>{amount}</td>
            <td>
                <bdi>{payment.receipt}</bdi>
            </td>
        </tr>
    }
}
