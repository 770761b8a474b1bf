//! The provider's events, which alone say that money was paid. Each is
//! checked (`signature`), read (`events`), and acted on once: the event's
//! id is recorded in the same transaction as its effect, so a replay
//! changes nothing, and the answer is 2xx only once that is committed.
//! Events may come in any order: a gift's status only moves forward
//! (`rank`), a subscription keeps the state of its latest event, and a
//! payment is recorded once by the provider's reference whichever event
//! brings it first.

use anyhow::Context;
use civic_api::donation::{Currency, DonationStatus, Frequency};
use civic_api::{Email, Locale};
use time::OffsetDateTime;

use crate::db::{self, Transaction};
use crate::mail;
use crate::payments::events::{Checkout, Event, EventKind, Invoice, Subscription};
use crate::payments::receipts::{Paid, receipt_number};
use crate::payments::signature;
use crate::state::AppState;
use crate::storage::donations::{self, DonationRow, NewPayment, SubscriptionState};

/// What became of an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Acted on now.
    Applied,
    /// Acted on before: nothing done again.
    Replayed,
    /// A type we do not use, or about no gift of ours: acknowledged.
    Ignored,
}

#[derive(Debug, thiserror::Error)]
pub enum WebhookRefused {
    #[error(transparent)]
    Signature(#[from] signature::SignatureError),
    #[error(transparent)]
    Unreadable(#[from] crate::payments::events::Unreadable),
    /// Ours (the database): the provider is answered 500 and sends it again.
    #[error(transparent)]
    Failed(#[from] anyhow::Error),
}

/// Checks, reads and acts on one delivery of an event.
pub async fn receive(state: &AppState, signature: Option<&str>, body: &[u8]) -> Result<Outcome, WebhookRefused> {
    let payments = &state.payments;
    let now = OffsetDateTime::now_utc();
    signature::verify(
        signature.unwrap_or_default(),
        body,
        &payments.provider.webhook_secrets(),
        now.unix_timestamp(),
    )?;
    let event = Event::parse(body)?;
    if let EventKind::Ignored(kind) = &event.kind {
        tracing::info!(event = %event.id, %kind, "payment event of a type we do not use");
        return Ok(Outcome::Ignored);
    }
    let stamp = db::stamp(now);
    let mut conn = state.pool.acquire().await.context("Failed to reach the database")?;
    let mut tx = db::begin_write(&mut conn).await?;
    if !donations::record_event(&mut tx, &event.id, event.type_name(), &stamp).await? {
        tracing::info!(event = %event.id, "payment event replayed: nothing done again");
        return Ok(Outcome::Replayed);
    }
    let Some(gift) = gift_of(&mut tx, &event.kind).await? else {
        // Another integration on the same provider account, say.
        tracing::warn!(event = %event.id, kind = event.type_name(), "payment event about no gift of ours");
        tx.commit().await.context("Failed to record a payment event")?;
        return Ok(Outcome::Ignored);
    };
    let mut receipts = Vec::new();
    apply(&mut tx, &event, &gift, &stamp, &mut receipts).await?;
    for paid in receipts {
        let mail = receipt_for(state, &gift, &paid)?;
        mail::enqueue(&mut tx, &mail).await?;
    }
    tell_lapse_once(state, &mut tx, &event, &gift).await?;
    tx.commit().await.context("Failed to commit a payment event")?;
    state.mail.wake();
    tracing::info!(event = %event.id, kind = event.type_name(), reference = %gift.reference, "payment event applied");
    Ok(Outcome::Applied)
}

/// The gift an event is about: by our reference, or by the provider's
/// session or subscription.
async fn gift_of(tx: &mut Transaction<'_>, kind: &EventKind) -> anyhow::Result<Option<DonationRow>> {
    let (reference, session, subscription) = match kind {
        EventKind::CheckoutCompleted(checkout)
        | EventKind::CheckoutPaymentSucceeded(checkout)
        | EventKind::CheckoutPaymentFailed(checkout)
        | EventKind::CheckoutExpired(checkout) => (&checkout.reference, Some(&checkout.session), None),
        EventKind::InvoicePaid(invoice) | EventKind::InvoiceFailed(invoice) => {
            (&invoice.reference, None, invoice.subscription.as_ref())
        }
        EventKind::SubscriptionChanged(subscription) | EventKind::SubscriptionEnded(subscription) => {
            (&subscription.reference, None, Some(&subscription.subscription))
        }
        EventKind::Ignored(_) => return Ok(None),
    };
    if let Some(reference) = reference
        && let Some(gift) = donations::find(&mut **tx, reference).await?
    {
        return Ok(Some(gift));
    }
    if let Some(session) = session
        && let Some(gift) = donations::find_by_checkout(&mut **tx, session).await?
    {
        return Ok(Some(gift));
    }
    match subscription {
        Some(subscription) => donations::find_by_subscription(&mut **tx, subscription).await,
        None => Ok(None),
    }
}

/// A payment recorded now, for its receipt.
struct Recorded {
    /// The payment's row, which a monthly gift's manage link names.
    id: i64,
    receipt: String,
    amount: u64,
    currency: String,
    date: String,
}

async fn apply(
    tx: &mut Transaction<'_>,
    event: &Event,
    gift: &DonationRow,
    now: &str,
    receipts: &mut Vec<Recorded>,
) -> anyhow::Result<()> {
    let reference = gift.reference.as_str();
    match &event.kind {
        EventKind::CheckoutCompleted(checkout) | EventKind::CheckoutPaymentSucceeded(checkout) => {
            donations::set_provider_ids(
                tx,
                reference,
                checkout.customer.as_deref(),
                checkout.subscription.as_deref(),
            )
            .await?;
            if !checkout.paid {
                // A bank payment on its way: the money is not there yet.
                return advance(tx, gift, DonationStatus::Processing, now).await;
            }
            // A subscription's payments come as its invoices; a one-off
            // gift's is the checkout's own.
            if checkout.subscription.is_none() {
                receipts.extend(record_checkout_payment(tx, gift, checkout, event.created).await?);
            }
            advance(tx, gift, DonationStatus::Paid, now).await
        }
        EventKind::CheckoutPaymentFailed(_) => advance(tx, gift, DonationStatus::Failed, now).await,
        EventKind::CheckoutExpired(_) => advance(tx, gift, DonationStatus::Cancelled, now).await,
        EventKind::InvoicePaid(invoice) => {
            donations::set_provider_ids(
                tx,
                reference,
                invoice.customer.as_deref(),
                invoice.subscription.as_deref(),
            )
            .await?;
            receipts.extend(record_invoice(tx, gift, invoice, event.created).await?);
            if let Some(end) = invoice.period_end {
                donations::extend_next_payment(tx, reference, &stamp_of(end)?).await?;
            }
            advance(tx, gift, DonationStatus::Paid, now).await
        }
        EventKind::InvoiceFailed(invoice) => {
            donations::set_provider_ids(
                tx,
                reference,
                invoice.customer.as_deref(),
                invoice.subscription.as_deref(),
            )
            .await?;
            // The first payment of a subscription failed: so did the gift.
            // A later one leaves the gift paid; the subscription's own
            // events say it is overdue.
            advance(tx, gift, DonationStatus::Failed, now).await
        }
        EventKind::SubscriptionChanged(subscription) => set_subscription(tx, gift, subscription, event, now).await,
        EventKind::SubscriptionEnded(subscription) => {
            let ended = Subscription {
                status: "canceled".to_owned(),
                ..subscription.clone()
            };
            set_subscription(tx, gift, &ended, event, now).await
        }
        EventKind::Ignored(_) => Ok(()),
    }
}

/// How far along a gift is: a status only ever moves to a higher rank, so
/// a late or replayed event never undoes a later one. A failed or
/// cancelled gift may still become paid (a retried bank payment).
fn rank(status: DonationStatus) -> u8 {
    match status {
        DonationStatus::Pending => 0,
        DonationStatus::Processing => 1,
        DonationStatus::Failed | DonationStatus::Cancelled => 2,
        DonationStatus::Paid => 3,
    }
}

async fn advance(tx: &mut Transaction<'_>, gift: &DonationRow, to: DonationStatus, now: &str) -> anyhow::Result<()> {
    let from = DonationStatus::parse(&gift.status).context("A donation of an unknown status")?;
    if rank(to) > rank(from) {
        donations::set_status(tx, &gift.reference, to.as_str(), now).await?;
    }
    Ok(())
}

async fn record_checkout_payment(
    tx: &mut Transaction<'_>,
    gift: &DonationRow,
    checkout: &Checkout,
    created: i64,
) -> anyhow::Result<Option<Recorded>> {
    let provider_reference = checkout.payment_intent.as_deref().unwrap_or(&checkout.session);
    let amount = checkout
        .amount_total
        .map_or_else(|| u64::try_from(gift.amount).context("A negative amount"), Ok)?;
    let currency = checkout.currency.clone().unwrap_or_else(|| gift.currency.clone());
    record(tx, gift, provider_reference, amount, &currency, created).await
}

async fn record_invoice(
    tx: &mut Transaction<'_>,
    gift: &DonationRow,
    invoice: &Invoice,
    created: i64,
) -> anyhow::Result<Option<Recorded>> {
    record(tx, gift, &invoice.invoice, invoice.amount, &invoice.currency, created).await
}

async fn record(
    tx: &mut Transaction<'_>,
    gift: &DonationRow,
    provider_reference: &str,
    amount: u64,
    currency: &str,
    created: i64,
) -> anyhow::Result<Option<Recorded>> {
    let paid_at = stamp_of(created)?;
    let id = donations::insert_payment(
        tx,
        &NewPayment {
            donation_reference: &gift.reference,
            provider_reference,
            amount,
            currency,
            email: &gift.email,
            paid_at: &paid_at,
        },
    )
    .await?;
    Ok(id.map(|id| Recorded {
        id,
        receipt: receipt_number(&paid_at[..4], id),
        amount,
        currency: currency.to_owned(),
        date: paid_at[..10].to_owned(),
    }))
}

async fn set_subscription(
    tx: &mut Transaction<'_>,
    gift: &DonationRow,
    subscription: &Subscription,
    event: &Event,
    now: &str,
) -> anyhow::Result<()> {
    donations::set_provider_ids(
        tx,
        &gift.reference,
        subscription.customer.as_deref(),
        Some(&subscription.subscription),
    )
    .await?;
    let next = subscription.current_period_end.map(stamp_of).transpose()?;
    let applied = donations::set_subscription_state(
        tx,
        &gift.reference,
        &SubscriptionState {
            status: &subscription.status,
            next_payment_at: next.as_deref(),
            ends_at_period_end: subscription.cancel_at_period_end,
            changed_at: event.created,
        },
        now,
    )
    .await?;
    if !applied {
        tracing::info!(event = %event.id, "an older subscription state than the one kept: left alone");
    }
    Ok(())
}

/// Whether a subscription in this state has ended or gone unpaid for good.
pub fn has_lapsed(status: &str) -> bool {
    matches!(status, "canceled" | "unpaid" | "incomplete_expired")
}

/// A member whose dues ended is told once; the account stays.
async fn tell_lapse_once(
    state: &AppState,
    tx: &mut Transaction<'_>,
    event: &Event,
    gift: &DonationRow,
) -> anyhow::Result<()> {
    let ended = match &event.kind {
        EventKind::SubscriptionEnded(_) => true,
        EventKind::SubscriptionChanged(subscription) => has_lapsed(&subscription.status),
        _ => false,
    };
    if !ended || gift.tier.is_none() || gift.account_id.is_none() {
        return Ok(());
    }
    // Only if this lapse is the subscription's latest state (an older
    // event arriving late says nothing of now).
    let now_state = donations::find(&mut **tx, &gift.reference).await?;
    if !now_state.is_some_and(|row| row.subscription_status.as_deref().is_some_and(has_lapsed)) {
        return Ok(());
    }
    if !donations::mark_lapse_notified(tx, &gift.reference).await? {
        return Ok(());
    }
    let to = Email::parse(&gift.email).map_err(|_| anyhow::anyhow!("A donation's address is not one"))?;
    let locale = Locale::parse(&gift.locale).map_err(|_| anyhow::anyhow!("A donation in an unknown language"))?;
    let account = format!(
        "{}{}",
        state.site.public_url(),
        civic_api::SiteRoute {
            locale,
            target: civic_api::Target::Account
        }
        .path()
    );
    mail::enqueue(tx, &state.payments.receipts.lapsed(&to, locale, &account)).await?;
    Ok(())
}

fn receipt_for(state: &AppState, gift: &DonationRow, paid: &Recorded) -> anyhow::Result<mail::OutgoingMail> {
    let to = Email::parse(&gift.email).map_err(|_| anyhow::anyhow!("A donation's address is not one"))?;
    let locale = Locale::parse(&gift.locale).map_err(|_| anyhow::anyhow!("A donation in an unknown language"))?;
    let currency = Currency::parse(&paid.currency).map_err(|_| anyhow::anyhow!("A payment in no currency"))?;
    let frequency = Frequency::parse(&gift.frequency).context("A donation of an unknown frequency")?;
    // Members manage dues from their account; a monthly gift has no
    // account, so its receipt carries the way to its provider's page.
    let manage_url = (gift.tier.is_none() && frequency.is_recurring())
        .then(|| crate::payments::manage_link::url(state, paid.id, &gift.reference));
    Ok(state.payments.receipts.receipt(&Paid {
        to: &to,
        locale,
        receipt: &paid.receipt,
        reference: &gift.reference,
        amount: paid.amount,
        currency: &currency,
        frequency,
        dues: gift.tier.is_some(),
        date: &paid.date,
        dedication: gift.dedication.as_deref(),
        manage_url: manage_url.as_deref(),
    }))
}

/// A provider's unix time as we store times.
fn stamp_of(unix: i64) -> anyhow::Result<String> {
    Ok(db::stamp(
        OffsetDateTime::from_unix_timestamp(unix).context("A time out of range in a payment event")?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_status_only_moves_forward() {
        use DonationStatus::*;
        assert!(rank(Paid) > rank(Processing));
        assert!(rank(Paid) > rank(Failed));
        assert!(rank(Failed) > rank(Processing));
        assert_eq!(
            rank(Failed),
            rank(Cancelled),
            "a failed gift is not cancelled later, nor the reverse"
        );
        assert!(rank(Processing) > rank(Pending));
    }
}
