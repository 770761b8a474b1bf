//! What the thank-you page says of a gift: where it stands, in a live
//! region that stays in place so each change is announced, then what the
//! payer can do next (the gift in full once it is paid, a way back to the
//! form with the same choices after a refusal).

use civic_api::donation::{DonationStatus, DonationView, Frequency};
use civic_api::{Locale, SiteRoute, Target};
use leptos::prelude::*;

use crate::api::ApiError;
use crate::browser::encode_uri_component;
use crate::components::load_failed::LoadFailed;
use crate::i18n::{self, td_string};
use crate::money::format_money;
use crate::pages::donate::texts::frequency_label;
use crate::ui_locale;

/// What the page shows.
#[derive(Debug, Clone, PartialEq)]
pub enum Shown {
    LookingUp,
    /// No reference, or one the server does not know.
    Missing,
    /// The gift could not be read (the server out of reach, say).
    Unreadable(ApiError),
    Gift(DonationView),
}

#[component]
pub fn GiftStatus(locale: Locale, shown: Memo<Shown>, waited_out: Signal<bool>) -> impl IntoView {
    let ui = ui_locale(locale);
    let waiting = move || matches!(shown.get(), Shown::Gift(gift) if gift.status == DonationStatus::Pending);
    let message = move || match shown.get() {
        Shown::LookingUp => view! { <p class="waiting">{td_string!(ui, donation_thanks.looking_up)}</p> }.into_any(),
        Shown::Missing => view! { <p>{td_string!(ui, donation_thanks.missing)}</p> }.into_any(),
        Shown::Unreadable(_) => ().into_any(),
        Shown::Gift(gift) => standing(ui, locale, gift, waited_out.get()),
    };
    view! {
        // A gift still waiting needs the app to ask again: the page the
        // server drew asks for it at once (`enhanced_page`).
        <div
            class="gift-status"
            role="status"
            aria-busy=move || (waiting() && !waited_out.get()).then_some("true")
            data-app-wanted=move || waiting().then_some("")
        >
            {message}
        </div>
    }
}

fn standing(ui: i18n::Locale, locale: Locale, gift: DonationView, waited_out: bool) -> AnyView {
    let email = gift.email.clone();
    match gift.status {
        DonationStatus::Pending if waited_out => {
            view! { <p>{td_string!(ui, donation_thanks.pending_slow, email = email)}</p> }.into_any()
        }
        DonationStatus::Pending => {
            view! { <p class="waiting">{td_string!(ui, donation_thanks.pending)}</p> }.into_any()
        }
        DonationStatus::Processing => {
            view! { <p>{td_string!(ui, donation_thanks.processing, email = email)}</p> }.into_any()
        }
        DonationStatus::Paid => {
            let amount = format_money(locale, gift.amount, &gift.currency);
            let arrived = match gift.frequency {
                Frequency::Once => td_string!(ui, donation_thanks.paid_once, amount = amount),
                Frequency::Monthly => td_string!(ui, donation_thanks.paid_monthly, amount = amount),
                Frequency::Yearly => td_string!(ui, donation_thanks.paid_yearly, amount = amount),
            };
            view! {
                <p class="success">{arrived}</p>
                <p>{td_string!(ui, donation_thanks.receipt_sent, email = email)}</p>
            }
            .into_any()
        }
        DonationStatus::Failed => view! { <p>{td_string!(ui, donation_thanks.failed)}</p> }.into_any(),
        DonationStatus::Cancelled => view! { <p>{td_string!(ui, donation_thanks.cancelled)}</p> }.into_any(),
    }
}

#[component]
pub fn GiftNext(locale: Locale, shown: Memo<Shown>, retry: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let ui = ui_locale(locale);
    let donate = SiteRoute {
        locale,
        target: Target::Donate,
    }
    .path();
    move || match shown.get() {
        Shown::Gift(gift) if gift.status == DonationStatus::Paid => view! { <GiftSummary locale gift /> }.into_any(),
        Shown::Gift(gift) if matches!(gift.status, DonationStatus::Failed | DonationStatus::Cancelled) => {
            let again = format!("{donate}?ref={}", encode_uri_component(&gift.reference));
            view! {
                <p>
                    <a class="button" href=again>
                        {td_string!(ui, donation_thanks.try_again)}
                    </a>
                </p>
            }
            .into_any()
        }
        Shown::Missing => view! {
            <p>
                <a href=donate.clone()>{td_string!(ui, donation_thanks.donate_link)}</a>
            </p>
        }
        .into_any(),
        Shown::Unreadable(error) => view! { <LoadFailed locale error retry /> }.into_any(),
        _ => ().into_any(),
    }
}

/// The gift as the provider confirmed it.
#[component]
fn GiftSummary(locale: Locale, gift: DonationView) -> impl IntoView {
    let ui = ui_locale(locale);
    let amount = format_money(locale, gift.amount, &gift.currency);
    let dedication = gift.dedication.clone().map(|dedication| {
        view! {
            <dt>{td_string!(ui, donation_thanks.dedication_label)}</dt>
            <dd>{dedication}</dd>
        }
    });
    view! {
        <section class="gift-summary" aria-labelledby="gift-summary-heading">
            <h2 id="gift-summary-heading">{td_string!(ui, donation_thanks.summary_heading)}</h2>
            <dl>
                <dt>{td_string!(ui, donation_thanks.amount_label)}</dt>
                <dd>{amount}</dd>
                <dt>{td_string!(ui, donation_thanks.frequency_label)}</dt>
                <dd>{frequency_label(ui, gift.frequency)}</dd>
                <dt>{td_string!(ui, donation_thanks.email_label)}</dt>
                <dd>{gift.email}</dd>
                {dedication}
                <dt>{td_string!(ui, donation_thanks.reference_label)}</dt>
                <dd>{gift.reference}</dd>
            </dl>
        </section>
    }
}
