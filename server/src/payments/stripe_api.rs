//! The only place that talks to Stripe: two form-encoded `POST`s over
//! HTTPS, the hosted checkout page for a gift and the customer portal for a
//! recurring one. No SDK: Stripe's API is plain forms in and JSON out, and
//! three calls do not justify a crate that follows every API change.
//!
//! What an answer means: a 2xx with an `id` and a `url` is a session Stripe
//! made; any other status is Stripe refusing (its message kept for the
//! logs); no answer, or one we cannot read, is "unreachable" and, for a
//! checkout, safe to retry with the same idempotency key.

use std::time::Duration;

use anyhow::Context;
use civic_api::Locale;
use civic_api::donation::Frequency;
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::config::Secret;
use crate::payments::provider::{CheckoutRequest, CheckoutSession, ProviderError};

/// Stripe's live API; the tests point [`StripeApi`] at a local fake.
pub const STRIPE_API_URL: &str = "https://api.stripe.com";

/// The API version every request is pinned to, so the account's default
/// version being upgraded in Stripe's dashboard never changes the shape of
/// what we send or read. Moving it is a deliberate change, made together
/// with the version of the webhook endpoint.
const STRIPE_VERSION: &str = "2025-03-31.basil";

/// Long enough for Stripe on a slow day, short enough that a donor does not
/// stare at a spinner: past it the gift is reported unreachable and the
/// donor may try again under the same idempotency key.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(15);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// A client of Stripe's API for one account (its secret key).
pub struct StripeApi {
    base_url: String,
    secret_key: Secret<String>,
    client: reqwest::Client,
}

/// The fields of a session we use; Stripe sends many more.
#[derive(Deserialize)]
struct SessionAnswer {
    id: String,
    url: String,
}

/// Stripe's error body: `{"error":{"message":"...","type":"..."}}`.
#[derive(Deserialize)]
struct ErrorAnswer {
    error: ErrorDetail,
}

#[derive(Deserialize)]
struct ErrorDetail {
    message: Option<String>,
}

impl StripeApi {
    /// `base_url` is [`STRIPE_API_URL`] but in tests.
    pub fn new(base_url: impl Into<String>, secret_key: Secret<String>) -> StripeApi {
        let client = reqwest::Client::builder()
            .timeout(REQUEST_TIMEOUT)
            .connect_timeout(CONNECT_TIMEOUT)
            .build()
            // Building fails only when the TLS backend cannot start; rustls
            // with compiled-in roots reads no system files to do so.
            .expect("an HTTPS client with rustls and built-in roots");
        let base_url = base_url.into().trim_end_matches('/').to_owned();
        StripeApi {
            base_url,
            secret_key,
            client,
        }
    }

    /// A hosted checkout page for one gift. The request's idempotency key
    /// makes a retry after a lost answer return the same session instead
    /// of a second one.
    pub async fn create_checkout_session(&self, request: &CheckoutRequest) -> Result<CheckoutSession, ProviderError> {
        let form = checkout_form(request);
        let answer: SessionAnswer = self
            .post("/v1/checkout/sessions", &form, Some(&request.idempotency_key))
            .await?;
        Ok(CheckoutSession {
            id: answer.id,
            url: answer.url,
        })
    }

    /// The customer portal of `customer` (`cus_…`), where a donor changes
    /// or stops a recurring gift, coming back to `return_url`. Each visit
    /// gets a new short-lived session, so no idempotency key.
    pub async fn create_portal_session(&self, customer: &str, return_url: &str) -> Result<String, ProviderError> {
        let form = vec![pair("customer", customer), pair("return_url", return_url)];
        let answer: SessionAnswer = self.post("/v1/billing_portal/sessions", &form, None).await?;
        Ok(answer.url)
    }

    async fn post<T: DeserializeOwned>(
        &self,
        path: &str,
        form: &[(String, String)],
        idempotency_key: Option<&str>,
    ) -> Result<T, ProviderError> {
        let unreachable = |error: anyhow::Error| ProviderError::Unreachable(error.context(format!("POST {path}")));
        let mut builder = self
            .client
            .post(format!("{}{path}", self.base_url))
            // Marked sensitive by reqwest: kept out of its Debug output.
            .bearer_auth(self.secret_key.expose())
            .header("Stripe-Version", STRIPE_VERSION)
            .form(form);
        if let Some(key) = idempotency_key {
            builder = builder.header("Idempotency-Key", key);
        }
        let response = builder
            .send()
            .await
            .context("Failed to reach Stripe")
            .map_err(unreachable)?;
        let status = response.status();
        let body = response
            .bytes()
            .await
            .context("Failed to read Stripe's answer")
            .map_err(unreachable)?;
        if !status.is_success() {
            return Err(ProviderError::Refused {
                status: status.as_u16(),
                message: self.redacted(refusal_message(status, &body)),
            });
        }
        serde_json::from_slice(&body)
            .context("Stripe's answer lacks the fields we read")
            .map_err(unreachable)
    }

    /// Stripe masks the key in its own messages, but a proxy in between
    /// may not: an error must never carry it to a log.
    fn redacted(&self, message: String) -> String {
        let key = self.secret_key.expose();
        if key.is_empty() {
            message
        } else {
            message.replace(key.as_str(), "[redacted]")
        }
    }
}

/// Stripe's `error.message`, or the status's name when the body is not
/// Stripe's (a proxy's page, an empty answer).
fn refusal_message(status: reqwest::StatusCode, body: &[u8]) -> String {
    serde_json::from_slice::<ErrorAnswer>(body)
        .ok()
        .and_then(|answer| answer.error.message)
        .unwrap_or_else(|| {
            let reason = status.canonical_reason().unwrap_or("an unknown status");
            format!("Stripe answered {reason} without a message")
        })
}

/// The form of `POST /v1/checkout/sessions`: one line item priced inline,
/// our reference wherever an event may start from (the session, and the
/// payment or the subscription it makes), and the donor's language.
fn checkout_form(request: &CheckoutRequest) -> Vec<(String, String)> {
    let reference = request.reference.as_str();
    let mut form = vec![
        pair(
            "mode",
            if request.frequency.is_recurring() {
                "subscription"
            } else {
                "payment"
            },
        ),
        pair("line_items[0][quantity]", "1"),
        pair("line_items[0][price_data][currency]", request.currency.lowercase()),
        pair("line_items[0][price_data][unit_amount]", request.amount.to_string()),
        pair(
            "line_items[0][price_data][product_data][name]",
            request.description.as_str(),
        ),
    ];
    match billing_interval(request.frequency) {
        Some(interval) => {
            form.push(pair("line_items[0][price_data][recurring][interval]", interval));
            form.push(pair("subscription_data[metadata][reference]", reference));
        }
        None => {
            form.push(pair("payment_intent_data[metadata][reference]", reference));
            // A subscription always makes a customer; a one-time payment
            // only when asked, and receipts and the portal need one.
            form.push(pair("customer_creation", "always"));
        }
    }
    form.extend([
        pair("customer_email", request.email.as_str()),
        pair("client_reference_id", reference),
        pair("metadata[reference]", reference),
        pair("success_url", request.success_url.as_str()),
        pair("cancel_url", request.cancel_url.as_str()),
        pair("locale", checkout_locale(request.locale)),
    ]);
    form
}

/// Stripe's `recurring[interval]`; `None` for a one-time gift.
fn billing_interval(frequency: Frequency) -> Option<&'static str> {
    match frequency {
        Frequency::Once => None,
        Frequency::Monthly => Some("month"),
        Frequency::Yearly => Some("year"),
    }
}

/// Checkout speaks English, French and Spanish but not Arabic: `auto`
/// lets it follow the donor's browser rather than force English.
fn checkout_locale(locale: Locale) -> &'static str {
    match locale {
        Locale::En => "en",
        Locale::Fr => "fr",
        Locale::Es => "es",
        Locale::Ar => "auto",
    }
}

fn pair(key: &str, value: impl Into<String>) -> (String, String) {
    (key.to_owned(), value.into())
}

#[cfg(test)]
mod tests {
    use civic_api::Email;
    use civic_api::donation::Currency;

    use super::*;

    fn request(frequency: Frequency, locale: Locale) -> CheckoutRequest {
        CheckoutRequest {
            reference: "gift-42".to_owned(),
            idempotency_key: "key-42".to_owned(),
            frequency,
            amount: 2500,
            currency: Currency::parse("EUR").unwrap(),
            email: Email::parse("donor@example.org").unwrap(),
            locale,
            description: "Gift to Civic".to_owned(),
            success_url: "https://civic.example/en/donate/thanks".to_owned(),
            cancel_url: "https://civic.example/en/donate".to_owned(),
        }
    }

    fn field<'a>(form: &'a [(String, String)], name: &str) -> Option<&'a str> {
        let mut values = form
            .iter()
            .filter(|(key, _)| key == name)
            .map(|(_, value)| value.as_str());
        let first = values.next();
        assert!(values.next().is_none(), "{name} is sent once");
        first
    }

    #[test]
    fn a_one_time_gift_is_a_payment_with_a_customer_and_the_reference_on_the_payment() {
        let form = checkout_form(&request(Frequency::Once, Locale::En));
        let expected = [
            ("mode", "payment"),
            ("line_items[0][quantity]", "1"),
            ("line_items[0][price_data][currency]", "eur"),
            ("line_items[0][price_data][unit_amount]", "2500"),
            ("line_items[0][price_data][product_data][name]", "Gift to Civic"),
            ("payment_intent_data[metadata][reference]", "gift-42"),
            ("customer_creation", "always"),
            ("customer_email", "donor@example.org"),
            ("client_reference_id", "gift-42"),
            ("metadata[reference]", "gift-42"),
            ("success_url", "https://civic.example/en/donate/thanks"),
            ("cancel_url", "https://civic.example/en/donate"),
            ("locale", "en"),
        ];
        let expected: Vec<(String, String)> = expected.iter().map(|(key, value)| pair(key, *value)).collect();
        assert_eq!(form, expected);
    }

    #[test]
    fn a_recurring_gift_is_a_subscription_billed_at_its_interval() {
        for (frequency, interval) in [(Frequency::Monthly, "month"), (Frequency::Yearly, "year")] {
            let form = checkout_form(&request(frequency, Locale::En));
            assert_eq!(field(&form, "mode"), Some("subscription"), "{frequency:?}");
            assert_eq!(
                field(&form, "line_items[0][price_data][recurring][interval]"),
                Some(interval)
            );
            assert_eq!(field(&form, "subscription_data[metadata][reference]"), Some("gift-42"));
            assert_eq!(field(&form, "metadata[reference]"), Some("gift-42"));
            // Stripe refuses both in subscription mode.
            assert_eq!(
                field(&form, "payment_intent_data[metadata][reference]"),
                None,
                "{frequency:?}"
            );
            assert_eq!(field(&form, "customer_creation"), None, "{frequency:?}");
        }
    }

    #[test]
    fn a_one_time_gift_has_no_interval() {
        let form = checkout_form(&request(Frequency::Once, Locale::En));
        assert_eq!(field(&form, "line_items[0][price_data][recurring][interval]"), None);
        assert_eq!(field(&form, "subscription_data[metadata][reference]"), None);
    }

    #[test]
    fn each_language_has_its_checkout_locale_and_arabic_falls_back_to_auto() {
        let expected = [
            (Locale::En, "en"),
            (Locale::Fr, "fr"),
            (Locale::Es, "es"),
            (Locale::Ar, "auto"),
        ];
        for (locale, code) in expected {
            let form = checkout_form(&request(Frequency::Once, locale));
            assert_eq!(field(&form, "locale"), Some(code), "{locale:?}");
        }
    }

    #[test]
    fn a_refusal_reads_stripes_message_or_names_the_status() {
        let declined = br#"{"error":{"message":"Your card was declined.","type":"card_error"}}"#;
        let cases: [(u16, &[u8], &str); 3] = [
            (402, declined, "Your card was declined."),
            (
                502,
                b"<html>Bad gateway</html>",
                "Stripe answered Bad Gateway without a message",
            ),
            (
                500,
                br#"{"error":{"type":"api_error"}}"#,
                "Stripe answered Internal Server Error without a message",
            ),
        ];
        for (status, body, message) in cases {
            let status = reqwest::StatusCode::from_u16(status).unwrap();
            assert_eq!(refusal_message(status, body), message, "{status}");
        }
    }

    #[test]
    fn a_message_quoting_the_key_is_redacted() {
        let api = StripeApi::new(STRIPE_API_URL, Secret::new("sk_test_abc".to_owned()));
        let message = api.redacted("Invalid API Key provided: sk_test_abc".to_owned());
        assert_eq!(message, "Invalid API Key provided: [redacted]");
    }
}
