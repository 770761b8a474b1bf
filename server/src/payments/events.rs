//! The provider's events, read from Stripe's JSON into what we act on.
//! Only the fields used are read; an event of a type we do not use is
//! `Ignored` (acknowledged, nothing done). Both the shapes of Stripe's
//! current API (`2025-03-31.basil`: an invoice's subscription under
//! `parent.subscription_details`, the period end on the subscription's
//! items) and the older ones are understood, so an endpoint pinned to
//! either version works.

use serde_json::Value;

/// An event as the webhook acts on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// `evt_…`: each is acted on once.
    pub id: String,
    /// When the provider made it (unix seconds): later subscription states
    /// win over earlier ones, whatever order they arrive in.
    pub created: i64,
    pub kind: EventKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventKind {
    /// `checkout.session.completed`: paid at once, or (`paid: false`) a
    /// bank payment on its way.
    CheckoutCompleted(Checkout),
    /// `checkout.session.async_payment_succeeded`.
    CheckoutPaymentSucceeded(Checkout),
    /// `checkout.session.async_payment_failed`.
    CheckoutPaymentFailed(Checkout),
    /// `checkout.session.expired`: the payer left and never paid.
    CheckoutExpired(Checkout),
    /// `invoice.paid`: a recurring gift's or dues' payment.
    InvoicePaid(Invoice),
    /// `invoice.payment_failed`.
    InvoiceFailed(Invoice),
    /// `customer.subscription.created` or `.updated`.
    SubscriptionChanged(Subscription),
    /// `customer.subscription.deleted`: ended, for good.
    SubscriptionEnded(Subscription),
    /// Any other type: acknowledged and left alone.
    Ignored(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkout {
    /// `cs_…`
    pub session: String,
    /// Ours, from `client_reference_id` or `metadata.reference`.
    pub reference: Option<String>,
    /// `payment_status` is `paid` (or no payment was required).
    pub paid: bool,
    pub payment_intent: Option<String>,
    pub subscription: Option<String>,
    pub customer: Option<String>,
    pub amount_total: Option<u64>,
    /// Upper case, as ours.
    pub currency: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invoice {
    /// `in_…`
    pub invoice: String,
    pub subscription: Option<String>,
    pub reference: Option<String>,
    pub amount: u64,
    pub currency: String,
    pub customer: Option<String>,
    /// The end of the period it pays for (unix seconds).
    pub period_end: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscription {
    /// `sub_…`
    pub subscription: String,
    pub reference: Option<String>,
    /// Stripe's: `active`, `past_due`, `unpaid`, `canceled`, `incomplete`…
    pub status: String,
    pub customer: Option<String>,
    /// When the next payment falls due (unix seconds).
    pub current_period_end: Option<i64>,
    pub cancel_at_period_end: bool,
}

#[derive(Debug, thiserror::Error)]
#[error("not a Stripe event we can read: {0}")]
pub struct Unreadable(String);

impl Event {
    pub fn parse(body: &[u8]) -> Result<Event, Unreadable> {
        let event: Value = serde_json::from_slice(body).map_err(|e| Unreadable(e.to_string()))?;
        let id = text(&event, &["id"]).ok_or_else(|| Unreadable("no id".into()))?;
        let created = event["created"]
            .as_i64()
            .ok_or_else(|| Unreadable("no created".into()))?;
        let kind = text(&event, &["type"]).ok_or_else(|| Unreadable("no type".into()))?;
        let object = &event["data"]["object"];
        if !object.is_object() {
            return Err(Unreadable("no data.object".into()));
        }
        let kind = match kind.as_str() {
            "checkout.session.completed" => EventKind::CheckoutCompleted(checkout(object)?),
            "checkout.session.async_payment_succeeded" => EventKind::CheckoutPaymentSucceeded(checkout(object)?),
            "checkout.session.async_payment_failed" => EventKind::CheckoutPaymentFailed(checkout(object)?),
            "checkout.session.expired" => EventKind::CheckoutExpired(checkout(object)?),
            "invoice.paid" => EventKind::InvoicePaid(invoice(object)?),
            "invoice.payment_failed" => EventKind::InvoiceFailed(invoice(object)?),
            "customer.subscription.created" | "customer.subscription.updated" => {
                EventKind::SubscriptionChanged(subscription(object)?)
            }
            "customer.subscription.deleted" => EventKind::SubscriptionEnded(subscription(object)?),
            _ => EventKind::Ignored(kind),
        };
        Ok(Event { id, created, kind })
    }

    pub fn type_name(&self) -> &str {
        match &self.kind {
            EventKind::CheckoutCompleted(_) => "checkout.session.completed",
            EventKind::CheckoutPaymentSucceeded(_) => "checkout.session.async_payment_succeeded",
            EventKind::CheckoutPaymentFailed(_) => "checkout.session.async_payment_failed",
            EventKind::CheckoutExpired(_) => "checkout.session.expired",
            EventKind::InvoicePaid(_) => "invoice.paid",
            EventKind::InvoiceFailed(_) => "invoice.payment_failed",
            EventKind::SubscriptionChanged(_) => "customer.subscription.updated",
            EventKind::SubscriptionEnded(_) => "customer.subscription.deleted",
            EventKind::Ignored(kind) => kind,
        }
    }
}

fn checkout(object: &Value) -> Result<Checkout, Unreadable> {
    Ok(Checkout {
        session: text(object, &["id"]).ok_or_else(|| Unreadable("a session without id".into()))?,
        reference: text(object, &["client_reference_id"]).or_else(|| text(object, &["metadata", "reference"])),
        paid: matches!(object["payment_status"].as_str(), Some("paid" | "no_payment_required")),
        payment_intent: id_of(&object["payment_intent"]),
        subscription: id_of(&object["subscription"]),
        customer: id_of(&object["customer"]),
        amount_total: object["amount_total"].as_u64(),
        currency: text(object, &["currency"]).map(|code| code.to_ascii_uppercase()),
    })
}

fn invoice(object: &Value) -> Result<Invoice, Unreadable> {
    let details = &object["parent"]["subscription_details"];
    let reference = text(details, &["metadata", "reference"])
        .or_else(|| text(object, &["subscription_details", "metadata", "reference"]))
        .or_else(|| {
            // The line of the subscription carries its metadata too.
            object["lines"]["data"]
                .as_array()
                .and_then(|lines| lines.iter().find_map(|line| text(line, &["metadata", "reference"])))
        });
    let period_end = object["lines"]["data"]
        .as_array()
        .and_then(|lines| lines.iter().filter_map(|line| line["period"]["end"].as_i64()).max())
        .or_else(|| object["period_end"].as_i64());
    Ok(Invoice {
        invoice: text(object, &["id"]).ok_or_else(|| Unreadable("an invoice without id".into()))?,
        subscription: id_of(&details["subscription"]).or_else(|| id_of(&object["subscription"])),
        reference,
        amount: object["amount_paid"]
            .as_u64()
            .filter(|paid| *paid > 0)
            .or_else(|| object["amount_due"].as_u64())
            .ok_or_else(|| Unreadable("an invoice without amount".into()))?,
        currency: text(object, &["currency"])
            .map(|code| code.to_ascii_uppercase())
            .ok_or_else(|| Unreadable("an invoice without currency".into()))?,
        customer: id_of(&object["customer"]),
        period_end,
    })
}

fn subscription(object: &Value) -> Result<Subscription, Unreadable> {
    let period_end = object["current_period_end"].as_i64().or_else(|| {
        object["items"]["data"].as_array().and_then(|items| {
            items
                .iter()
                .filter_map(|item| item["current_period_end"].as_i64())
                .max()
        })
    });
    Ok(Subscription {
        subscription: text(object, &["id"]).ok_or_else(|| Unreadable("a subscription without id".into()))?,
        reference: text(object, &["metadata", "reference"]),
        status: text(object, &["status"]).ok_or_else(|| Unreadable("a subscription without status".into()))?,
        customer: id_of(&object["customer"]),
        current_period_end: period_end,
        cancel_at_period_end: object["cancel_at_period_end"].as_bool().unwrap_or(false),
    })
}

/// The string at `path`, when there is a non-empty one.
fn text(value: &Value, path: &[&str]) -> Option<String> {
    path.iter()
        .try_fold(value, |at, key| at.get(key))
        .and_then(Value::as_str)
        .filter(|text| !text.is_empty())
        .map(str::to_owned)
}

/// An object's id, whether Stripe sent the id alone or the expanded object.
fn id_of(value: &Value) -> Option<String> {
    value
        .as_str()
        .or_else(|| value["id"].as_str())
        .filter(|id| !id.is_empty())
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(value: Value) -> Event {
        Event::parse(value.to_string().as_bytes()).expect("readable")
    }

    #[test]
    fn a_completed_checkout_names_our_reference_and_what_was_paid() {
        let event = parse(json!({
            "id": "evt_1", "object": "event", "created": 1_700_000_000, "type": "checkout.session.completed",
            "data": {"object": {
                "id": "cs_test_1", "object": "checkout.session", "client_reference_id": "G-ABC",
                "payment_status": "paid", "payment_intent": "pi_1", "subscription": null,
                "customer": "cus_1", "amount_total": 2500, "currency": "eur",
                "customer_details": {"email": "giver@example.org"}
            }}
        }));
        assert_eq!(event.id, "evt_1");
        let EventKind::CheckoutCompleted(checkout) = event.kind else {
            panic!("a completed checkout")
        };
        assert_eq!(checkout.reference.as_deref(), Some("G-ABC"));
        assert!(checkout.paid);
        assert_eq!(checkout.payment_intent.as_deref(), Some("pi_1"));
        assert_eq!(checkout.amount_total, Some(2500));
        assert_eq!(checkout.currency.as_deref(), Some("EUR"));
    }

    #[test]
    fn invoices_are_read_in_the_current_and_the_older_shape() {
        let current = parse(json!({
            "id": "evt_2", "created": 1, "type": "invoice.paid",
            "data": {"object": {
                "id": "in_1", "amount_paid": 1000, "currency": "usd", "customer": "cus_1",
                "parent": {"subscription_details": {"subscription": "sub_1", "metadata": {"reference": "G-1"}}},
                "lines": {"data": [{"period": {"start": 10, "end": 20}}]}
            }}
        }));
        let older = parse(json!({
            "id": "evt_3", "created": 1, "type": "invoice.paid",
            "data": {"object": {
                "id": "in_1", "amount_paid": 1000, "currency": "usd", "customer": "cus_1",
                "subscription": "sub_1", "subscription_details": {"metadata": {"reference": "G-1"}},
                "lines": {"data": [{"period": {"start": 10, "end": 20}}]}
            }}
        }));
        for event in [current, older] {
            assert_eq!(
                event.kind,
                EventKind::InvoicePaid(Invoice {
                    invoice: "in_1".into(),
                    subscription: Some("sub_1".into()),
                    reference: Some("G-1".into()),
                    amount: 1000,
                    currency: "USD".into(),
                    customer: Some("cus_1".into()),
                    period_end: Some(20),
                })
            );
        }
    }

    #[test]
    fn a_subscription_s_period_end_is_read_from_its_items_too() {
        let event = parse(json!({
            "id": "evt_4", "created": 5, "type": "customer.subscription.updated",
            "data": {"object": {
                "id": "sub_1", "status": "past_due", "metadata": {"reference": "G-1"},
                "items": {"data": [{"current_period_end": 99}]}, "cancel_at_period_end": true
            }}
        }));
        let EventKind::SubscriptionChanged(subscription) = event.kind else {
            panic!("a changed subscription")
        };
        assert_eq!(subscription.status, "past_due");
        assert_eq!(subscription.current_period_end, Some(99));
        assert!(subscription.cancel_at_period_end);
    }

    #[test]
    fn other_types_are_ignored_and_broken_events_unreadable() {
        let other = parse(json!({"id": "evt_5", "created": 1, "type": "charge.refunded", "data": {"object": {}}}));
        assert_eq!(other.kind, EventKind::Ignored("charge.refunded".into()));
        for broken in [
            json!({"created": 1, "type": "invoice.paid", "data": {"object": {}}}),
            json!({"id": "evt_6", "created": 1, "type": "invoice.paid", "data": {"object": {"id": "in_1"}}}),
            json!({"id": "evt_7", "created": 1, "type": "checkout.session.completed"}),
        ] {
            assert!(Event::parse(broken.to_string().as_bytes()).is_err(), "{broken}");
        }
        assert!(Event::parse(b"not json").is_err());
    }
}
