//! The `donations`, `payments` and `payment_events` tables: each checkout
//! a payer started, the money the provider confirmed, and the provider's
//! events already acted on.

use anyhow::Context;
use sqlx::Executor;

use crate::db::{Connection, Db};

/// A checkout as stored: what the server decided, and where it stands.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct DonationRow {
    pub reference: String,
    pub account_id: Option<i64>,
    pub email: String,
    pub locale: String,
    pub currency: String,
    pub amount: i64,
    pub frequency: String,
    pub preset: Option<String>,
    pub tier: Option<String>,
    pub dedication: Option<String>,
    pub status: String,
    pub checkout_session: Option<String>,
    pub checkout_url: Option<String>,
    pub customer: Option<String>,
    pub subscription: Option<String>,
    pub subscription_status: Option<String>,
    pub next_payment_at: Option<String>,
    pub ends_at_period_end: i32,
    pub lapse_notified: i32,
    pub created_at: String,
}

const COLUMNS: &str = "reference, account_id, email, locale, currency, amount, frequency, preset, tier, dedication, \
                       status, checkout_session, checkout_url, customer, subscription, subscription_status, \
                       next_payment_at, ends_at_period_end, lapse_notified, created_at";

/// What starting a checkout stores before asking the provider.
pub struct NewDonation<'a> {
    pub reference: &'a str,
    pub idempotency_key: &'a str,
    pub account_id: Option<i64>,
    pub email: &'a str,
    pub locale: &'a str,
    pub currency: &'a str,
    pub amount: u64,
    pub frequency: &'a str,
    pub preset: Option<&'a str>,
    pub tier: Option<&'a str>,
    pub dedication: Option<&'a str>,
}

/// Stores a new checkout as `pending`; `false` when its idempotency key
/// (or, far less likely, its reference) is taken.
pub async fn insert(conn: &mut Connection, new: &NewDonation<'_>, now: &str) -> anyhow::Result<bool> {
    let amount = i64::try_from(new.amount).context("An amount too large to store")?;
    let done = sqlx::query(
        "INSERT INTO donations (reference, idempotency_key, account_id, email, locale, currency, amount, frequency,
                                preset, tier, dedication, status, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'pending', $12, $12)
         ON CONFLICT DO NOTHING",
    )
    .bind(new.reference)
    .bind(new.idempotency_key)
    .bind(new.account_id)
    .bind(new.email)
    .bind(new.locale)
    .bind(new.currency)
    .bind(amount)
    .bind(new.frequency)
    .bind(new.preset)
    .bind(new.tier)
    .bind(new.dedication)
    .bind(now)
    .execute(conn)
    .await
    .context("Failed to store a donation")?;
    Ok(done.rows_affected() == 1)
}

pub async fn find<'e>(
    executor: impl Executor<'e, Database = Db>,
    reference: &str,
) -> anyhow::Result<Option<DonationRow>> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM donations WHERE reference = $1"))
        .bind(reference)
        .fetch_optional(executor)
        .await
        .context("Failed to read a donation")
}

pub async fn find_by_key<'e>(
    executor: impl Executor<'e, Database = Db>,
    idempotency_key: &str,
) -> anyhow::Result<Option<DonationRow>> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM donations WHERE idempotency_key = $1"))
        .bind(idempotency_key)
        .fetch_optional(executor)
        .await
        .context("Failed to read a donation by its key")
}

pub async fn find_by_checkout<'e>(
    executor: impl Executor<'e, Database = Db>,
    session: &str,
) -> anyhow::Result<Option<DonationRow>> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM donations WHERE checkout_session = $1"))
        .bind(session)
        .fetch_optional(executor)
        .await
        .context("Failed to read a donation by its checkout")
}

pub async fn find_by_subscription<'e>(
    executor: impl Executor<'e, Database = Db>,
    subscription: &str,
) -> anyhow::Result<Option<DonationRow>> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM donations WHERE subscription = $1"))
        .bind(subscription)
        .fetch_optional(executor)
        .await
        .context("Failed to read a donation by its subscription")
}

/// A member's latest dues that got anywhere (paid, or on their way), or
/// failing that their latest dues checkout.
pub async fn latest_dues<'e>(
    executor: impl Executor<'e, Database = Db>,
    account_id: i64,
) -> anyhow::Result<Option<DonationRow>> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM donations WHERE account_id = $1 AND tier IS NOT NULL
         ORDER BY CASE WHEN status IN ('paid', 'processing') THEN 0 ELSE 1 END, created_at DESC, reference
         LIMIT 1"
    ))
    .bind(account_id)
    .fetch_optional(executor)
    .await
    .context("Failed to read a member's dues")
}

/// Every payment of a member's dues, oldest first.
pub async fn payments_of_account<'e>(
    executor: impl Executor<'e, Database = Db>,
    account_id: i64,
) -> anyhow::Result<Vec<PaymentRow>> {
    sqlx::query_as(
        "SELECT p.id, p.donation_reference, p.provider_reference, p.amount, p.currency, p.email, p.paid_at,
                d.frequency, d.dedication, d.account_id
         FROM payments p JOIN donations d ON d.reference = p.donation_reference
         WHERE d.account_id = $1
         ORDER BY p.paid_at, p.id",
    )
    .bind(account_id)
    .fetch_all(executor)
    .await
    .context("Failed to list a member's payments")
}

/// The member's dues rows with this customer, for the sandbox's portal.
pub async fn find_by_customer<'e>(
    executor: impl Executor<'e, Database = Db>,
    customer: &str,
) -> anyhow::Result<Vec<DonationRow>> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM donations WHERE customer = $1 AND subscription IS NOT NULL ORDER BY created_at"
    ))
    .bind(customer)
    .fetch_all(executor)
    .await
    .context("Failed to read a customer's subscriptions")
}

/// The gift a payment belongs to, by the payment's row.
pub async fn gift_of_payment<'e>(
    executor: impl Executor<'e, Database = Db>,
    payment_id: i64,
) -> anyhow::Result<Option<DonationRow>> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM donations
         WHERE reference = (SELECT donation_reference FROM payments WHERE id = $1)"
    ))
    .bind(payment_id)
    .fetch_optional(executor)
    .await
    .context("Failed to read a payment's gift")
}

/// Marks a lapse as told; `true` when it had not been.
pub async fn mark_lapse_notified(conn: &mut Connection, reference: &str) -> anyhow::Result<bool> {
    let done = sqlx::query("UPDATE donations SET lapse_notified = 1 WHERE reference = $1 AND lapse_notified = 0")
        .bind(reference)
        .execute(conn)
        .await
        .context("Failed to mark a lapse as told")?;
    Ok(done.rows_affected() == 1)
}

/// Keeps the provider's session and page for a pending checkout.
pub async fn set_checkout(conn: &mut Connection, reference: &str, session: &str, url: &str) -> anyhow::Result<()> {
    sqlx::query("UPDATE donations SET checkout_session = $1, checkout_url = $2 WHERE reference = $3")
        .bind(session)
        .bind(url)
        .bind(reference)
        .execute(conn)
        .await
        .context("Failed to keep a checkout session")?;
    Ok(())
}

pub async fn set_status(conn: &mut Connection, reference: &str, status: &str, now: &str) -> anyhow::Result<()> {
    sqlx::query("UPDATE donations SET status = $1, updated_at = $2 WHERE reference = $3")
        .bind(status)
        .bind(now)
        .bind(reference)
        .execute(conn)
        .await
        .context("Failed to change a donation's status")?;
    Ok(())
}

/// Keeps the customer and subscription the provider made, where none is
/// known yet.
pub async fn set_provider_ids(
    conn: &mut Connection,
    reference: &str,
    customer: Option<&str>,
    subscription: Option<&str>,
) -> anyhow::Result<()> {
    sqlx::query(
        "UPDATE donations SET customer = COALESCE(customer, $1), subscription = COALESCE(subscription, $2)
         WHERE reference = $3",
    )
    .bind(customer)
    .bind(subscription)
    .bind(reference)
    .execute(conn)
    .await
    .context("Failed to keep a donation's provider references")?;
    Ok(())
}

/// A subscription's state as an event made at `changed_at` says; an event
/// older than the one already applied changes nothing.
pub struct SubscriptionState<'a> {
    pub status: &'a str,
    pub next_payment_at: Option<&'a str>,
    pub ends_at_period_end: bool,
    pub changed_at: i64,
}

pub async fn set_subscription_state(
    conn: &mut Connection,
    reference: &str,
    state: &SubscriptionState<'_>,
    now: &str,
) -> anyhow::Result<bool> {
    let done = sqlx::query(
        "UPDATE donations SET subscription_status = $1, next_payment_at = COALESCE($2, next_payment_at),
                ends_at_period_end = $3, subscription_changed_at = $4, updated_at = $5
         WHERE reference = $6 AND (subscription_changed_at IS NULL OR subscription_changed_at <= $4)",
    )
    .bind(state.status)
    .bind(state.next_payment_at)
    .bind(i32::from(state.ends_at_period_end))
    .bind(state.changed_at)
    .bind(now)
    .bind(reference)
    .execute(conn)
    .await
    .context("Failed to keep a subscription's state")?;
    Ok(done.rows_affected() == 1)
}

/// Moves the next payment date later (a paid invoice's period end); never
/// earlier, whatever order the invoices arrive in.
pub async fn extend_next_payment(conn: &mut Connection, reference: &str, next: &str) -> anyhow::Result<()> {
    sqlx::query(
        "UPDATE donations SET next_payment_at = $1 WHERE reference = $2
         AND (next_payment_at IS NULL OR next_payment_at < $1)",
    )
    .bind(next)
    .bind(reference)
    .execute(conn)
    .await
    .context("Failed to move a next payment date")?;
    Ok(())
}

/// A payment the provider confirmed.
pub struct NewPayment<'a> {
    pub donation_reference: &'a str,
    pub provider_reference: &'a str,
    pub amount: u64,
    pub currency: &'a str,
    pub email: &'a str,
    pub paid_at: &'a str,
}

/// Records a payment once; its receipt number when this call recorded it,
/// `None` when the provider's reference was recorded already.
pub async fn insert_payment(conn: &mut Connection, payment: &NewPayment<'_>) -> anyhow::Result<Option<i64>> {
    let amount = i64::try_from(payment.amount).context("An amount too large to store")?;
    sqlx::query_scalar(
        "INSERT INTO payments (donation_reference, provider_reference, amount, currency, email, paid_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (provider_reference) DO NOTHING
         RETURNING id",
    )
    .bind(payment.donation_reference)
    .bind(payment.provider_reference)
    .bind(amount)
    .bind(payment.currency)
    .bind(payment.email)
    .bind(payment.paid_at)
    .fetch_optional(conn)
    .await
    .context("Failed to record a payment")
}

/// Marks an event as acted on; `false` when it was already.
pub async fn record_event(conn: &mut Connection, event_id: &str, event_type: &str, now: &str) -> anyhow::Result<bool> {
    let done = sqlx::query(
        "INSERT INTO payment_events (event_id, event_type, received_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
    )
    .bind(event_id)
    .bind(event_type)
    .bind(now)
    .execute(conn)
    .await
    .context("Failed to record a payment event")?;
    Ok(done.rows_affected() == 1)
}

/// A payment as the treasurer's export lists it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PaymentRow {
    pub id: i64,
    pub donation_reference: String,
    pub provider_reference: String,
    pub amount: i64,
    pub currency: String,
    pub email: String,
    pub paid_at: String,
    pub frequency: String,
    pub dedication: Option<String>,
    pub account_id: Option<i64>,
}

/// The payments made from `from` (included) to `until` (excluded), stored
/// times, oldest first.
pub async fn payments_between<'e>(
    executor: impl Executor<'e, Database = Db>,
    from: &str,
    until: &str,
) -> anyhow::Result<Vec<PaymentRow>> {
    sqlx::query_as(
        "SELECT p.id, p.donation_reference, p.provider_reference, p.amount, p.currency, p.email, p.paid_at,
                d.frequency, d.dedication, d.account_id
         FROM payments p JOIN donations d ON d.reference = p.donation_reference
         WHERE p.paid_at >= $1 AND p.paid_at < $2
         ORDER BY p.paid_at, p.id",
    )
    .bind(from)
    .bind(until)
    .fetch_all(executor)
    .await
    .context("Failed to list payments")
}

/// The payments of one gift, oldest first.
pub async fn payments_of<'e>(
    executor: impl Executor<'e, Database = Db>,
    reference: &str,
) -> anyhow::Result<Vec<PaymentRow>> {
    sqlx::query_as(
        "SELECT p.id, p.donation_reference, p.provider_reference, p.amount, p.currency, p.email, p.paid_at,
                d.frequency, d.dedication, d.account_id
         FROM payments p JOIN donations d ON d.reference = p.donation_reference
         WHERE p.donation_reference = $1
         ORDER BY p.paid_at, p.id",
    )
    .bind(reference)
    .fetch_all(executor)
    .await
    .context("Failed to list a gift's payments")
}
