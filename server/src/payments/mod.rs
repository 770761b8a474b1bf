//! Donations through a hosted checkout: the organisation's offer, the
//! provider that takes the money (Stripe, or the sandbox the server plays
//! when no key is set), and the provider's signed events, which alone say
//! that a payment was made. No card data ever reaches this code.

pub mod events;
pub mod ledger;
pub mod manage_link;
pub mod offer;
pub mod provider;
pub mod receipts;
pub mod sandbox;
pub mod signature;
pub mod stripe_api;
pub mod webhook;

use anyhow::Context;
use axum::http::StatusCode;
use civic_api::donation::{
    AmountChoice, CheckoutStarted, Currency, DonationOffer, DonationRequest, DonationStatus, DonationView, Frequency,
};
use civic_api::dues::{DuesRequest, DuesStatus, DuesView, PaymentView};
use civic_api::{Locale, Target};
use rand::Rng;
use time::OffsetDateTime;

use crate::config::Config;
use crate::db;
use crate::payments::offer::Offer;
use crate::payments::provider::{CheckoutRequest, Provider};
use crate::payments::receipts::Receipts;
use crate::payments::sandbox::Sandbox;
use crate::payments::stripe_api::StripeApi;
use crate::refused::Refused;
use crate::secret::SecretKey;
use crate::state::AppState;
use crate::storage::accounts::Account;
use crate::storage::donations::{self, DonationRow, NewDonation, PaymentRow};

/// Gifts: the offer, the provider, and the receipts.
pub struct Payments {
    pub provider: Provider,
    pub offer: Offer,
    pub receipts: Receipts,
    public_url: String,
}

impl Payments {
    /// Stripe when `CIVIC_STRIPE_SECRET_KEY` is set, the sandbox otherwise.
    pub fn start(config: &Config, public_url: &str, secret: &SecretKey) -> anyhow::Result<Payments> {
        let offer = Offer::load(&config.content)?;
        let provider = match &config.stripe {
            Some(stripe) => Provider::Stripe {
                api: StripeApi::new(stripe.api_url.clone(), stripe.secret_key.clone()),
                webhook_secrets: stripe.webhook_secrets.clone(),
            },
            None => Provider::Sandbox(Sandbox::new(secret, public_url)),
        };
        Ok(Payments {
            receipts: Receipts::load(offer.organisation.clone())?,
            provider,
            offer,
            public_url: public_url.to_owned(),
        })
    }

    pub fn offer(&self) -> DonationOffer {
        self.offer.public(self.provider.is_sandbox())
    }

    /// Stores the visitor's choice and asks the provider for its payment
    /// page: `201` and where to go, or `200` and the same page when the
    /// same idempotency key comes again. The provider unreachable is a
    /// `503`, with the gift left pending: nothing is recorded as paid.
    pub async fn start_gift(
        &self,
        state: &AppState,
        request: &DonationRequest,
    ) -> Result<(StatusCode, CheckoutStarted), Refused> {
        let gift = request.validate(&self.offer()).map_err(Refused::Invalid)?;
        let preset = match &request.amount {
            AmountChoice::Preset { id } => Some(id.as_str()),
            AmountChoice::Custom { .. } => None,
        };
        self.start_checkout(
            state,
            &Starting {
                idempotency_key: gift.idempotency_key.as_str(),
                account_id: None,
                email: gift.email.as_str(),
                locale: gift.locale,
                currency: &gift.currency,
                amount: gift.amount,
                frequency: gift.frequency,
                preset,
                tier: None,
                dedication: gift.dedication.as_deref(),
            },
        )
        .await
    }

    /// The same for a member's dues: the tier decides the amount and the
    /// period, the account the address receipts go to.
    pub async fn start_dues(
        &self,
        state: &AppState,
        account: &Account,
        request: &DuesRequest,
    ) -> Result<(StatusCode, CheckoutStarted), Refused> {
        let locale = request.locale.unwrap_or(account.locale);
        let choice = request
            .validate(&self.offer.dues_tiers(locale))
            .map_err(Refused::Invalid)?;
        self.start_checkout(
            state,
            &Starting {
                idempotency_key: choice.idempotency_key.as_str(),
                account_id: Some(account.id),
                email: account.email.as_str(),
                locale: choice.locale,
                currency: &choice.currency,
                amount: choice.amount,
                frequency: choice.tier.frequency,
                preset: None,
                tier: Some(&choice.tier.id),
                dedication: None,
            },
        )
        .await
    }

    async fn start_checkout(
        &self,
        state: &AppState,
        starting: &Starting<'_>,
    ) -> Result<(StatusCode, CheckoutStarted), Refused> {
        let reference = new_reference();
        let now = db::stamp(OffsetDateTime::now_utc());
        let mut conn = state.pool.acquire().await.context("Failed to reach the database")?;
        let stored = donations::insert(
            &mut conn,
            &NewDonation {
                reference: &reference,
                idempotency_key: starting.idempotency_key,
                account_id: starting.account_id,
                email: starting.email,
                locale: starting.locale.as_str(),
                currency: starting.currency.as_str(),
                amount: starting.amount,
                frequency: starting.frequency.as_str(),
                preset: starting.preset,
                tier: starting.tier,
                dedication: starting.dedication,
            },
            &now,
        )
        .await?;
        let row = if stored {
            donations::find(&mut *conn, &reference).await?
        } else {
            donations::find_by_key(&mut *conn, starting.idempotency_key).await?
        }
        .context("A donation just stored cannot be read")?;
        if !stored && row.account_id != starting.account_id {
            // Another payer's key: never hand out their checkout.
            return Err(Refused::field("idempotency_key", civic_api::FieldError::Invalid));
        }
        if let (false, Some(url)) = (stored, &row.checkout_url) {
            return Ok((
                StatusCode::OK,
                CheckoutStarted {
                    reference: row.reference.clone(),
                    checkout_url: url.clone(),
                },
            ));
        }
        let checkout = self.checkout_request(&row)?;
        let session = self.provider.create_checkout(&checkout).await.map_err(|error| {
            tracing::warn!(reference = %row.reference, error = %error, "no checkout session: the gift stays pending");
            Refused::PaymentProviderUnavailable
        })?;
        donations::set_checkout(&mut conn, &row.reference, &session.id, &session.url).await?;
        tracing::info!(reference = %row.reference, session = %session.id, "checkout started");
        Ok((
            StatusCode::CREATED,
            CheckoutStarted {
                reference: row.reference,
                checkout_url: session.url,
            },
        ))
    }

    /// What the provider is asked for, from the stored row.
    fn checkout_request(&self, row: &DonationRow) -> anyhow::Result<CheckoutRequest> {
        let locale = Locale::parse(&row.locale).map_err(|_| anyhow::anyhow!("A donation in an unknown language"))?;
        let frequency = Frequency::parse(&row.frequency).context("A donation of an unknown frequency")?;
        Ok(CheckoutRequest {
            reference: row.reference.clone(),
            idempotency_key: format!("civic-checkout-{}", row.reference),
            frequency,
            amount: u64::try_from(row.amount).context("A negative amount")?,
            currency: Currency::parse(&row.currency).map_err(|_| anyhow::anyhow!("A donation in no currency"))?,
            email: civic_api::Email::parse(&row.email).map_err(|_| anyhow::anyhow!("A donation's address"))?,
            locale,
            description: self.receipts.description(locale, frequency, row.tier.is_some()),
            success_url: self.return_url(row, false)?,
            cancel_url: self.return_url(row, true)?,
        })
    }

    /// Where the provider sends the payer back, in their language: after
    /// paying, the thank-you page; after leaving, the donate page with the
    /// gift's choices and a word that nothing was taken. Dues come back to
    /// the member area (`?dues=`) either way.
    pub fn return_url(&self, row: &DonationRow, cancelled: bool) -> anyhow::Result<String> {
        let locale = Locale::parse(&row.locale).map_err(|_| anyhow::anyhow!("A donation in an unknown language"))?;
        let (target, name) = match (&row.tier, cancelled) {
            (Some(_), _) => (Target::Account, "dues"),
            (None, false) => (Target::DonationThanks, "ref"),
            (None, true) => (Target::Donate, "ref"),
        };
        let page = civic_api::SiteRoute { locale, target }.path();
        let cancelled = if cancelled { "&cancelled=1" } else { "" };
        Ok(format!("{}{page}?{name}={}{cancelled}", self.public_url, row.reference))
    }

    /// The member's dues and the tiers to choose from, in `locale`.
    pub async fn dues(&self, pool: &db::Pool, account: &Account, locale: Locale) -> anyhow::Result<DuesView> {
        let latest = donations::latest_dues(pool, account.id).await?;
        let payments = donations::payments_of_account(pool, account.id).await?;
        let today = db::stamp(OffsetDateTime::now_utc());
        let status = latest.as_ref().map_or(DuesStatus::None, |row| dues_status(row, &today));
        let paid_up = latest.as_ref().filter(|_| status != DuesStatus::None);
        Ok(DuesView {
            status,
            tier: paid_up.and_then(|row| row.tier.clone()),
            amount: paid_up.and_then(|row| u64::try_from(row.amount).ok()),
            currency: paid_up.and_then(|row| Currency::parse(&row.currency).ok()),
            next_payment_on: paid_up
                .and_then(|row| row.next_payment_at.as_deref())
                .map(|at| at[..10].to_owned()),
            ends_at_period_end: paid_up.is_some_and(|row| row.ends_at_period_end != 0),
            can_manage: paid_up.is_some_and(|row| row.customer.is_some() && status != DuesStatus::Lapsed),
            payments: payments.iter().map(payment_view).collect::<anyhow::Result<_>>()?,
            tiers: self.offer.dues_tiers(locale),
            currencies: self.offer.currencies(),
            sandbox: self.provider.is_sandbox(),
        })
    }

    /// The provider's page where the member changes or cancels their dues.
    pub async fn dues_portal(&self, pool: &db::Pool, account: &Account) -> Result<String, Refused> {
        let customer = donations::latest_dues(pool, account.id)
            .await?
            .and_then(|row| row.customer)
            .ok_or(Refused::NotFound)?;
        let back = format!(
            "{}{}",
            self.public_url,
            civic_api::SiteRoute {
                locale: account.locale,
                target: Target::Account
            }
            .path()
        );
        self.provider.portal_url(&customer, &back).await.map_err(|error| {
            tracing::warn!(error = %error, "no customer portal session");
            Refused::PaymentProviderUnavailable
        })
    }

    /// A gift as its payer sees it; `None` when no gift has the reference.
    pub async fn view(&self, pool: &db::Pool, reference: &str) -> anyhow::Result<Option<DonationView>> {
        if !looks_like_reference(reference) {
            return Ok(None);
        }
        let Some(row) = donations::find(pool, reference).await? else {
            return Ok(None);
        };
        Ok(Some(DonationView {
            status: DonationStatus::parse(&row.status).context("A donation of an unknown status")?,
            currency: Currency::parse(&row.currency).map_err(|_| anyhow::anyhow!("A donation in no currency"))?,
            amount: u64::try_from(row.amount).context("A negative amount")?,
            frequency: Frequency::parse(&row.frequency).context("A donation of an unknown frequency")?,
            preset: row.preset,
            email: row.email,
            dedication: row.dedication,
            reference: row.reference,
        }))
    }
}

/// A checkout about to be stored and asked for.
struct Starting<'a> {
    idempotency_key: &'a str,
    account_id: Option<i64>,
    email: &'a str,
    locale: Locale,
    currency: &'a Currency,
    amount: u64,
    frequency: Frequency,
    preset: Option<&'a str>,
    tier: Option<&'a str>,
    dedication: Option<&'a str>,
}

/// Where a member's dues stand: never paid, paid up, a renewal failed, or
/// ended. A period that ran out without a renewal has lapsed too, whatever
/// the last event said.
fn dues_status(row: &DonationRow, now: &str) -> DuesStatus {
    if row.status != DonationStatus::Paid.as_str() {
        return DuesStatus::None;
    }
    let ran_out = row.next_payment_at.as_deref().is_some_and(|next| next < now);
    match row.subscription_status.as_deref() {
        Some("canceled" | "unpaid" | "incomplete_expired") => DuesStatus::Lapsed,
        _ if ran_out => DuesStatus::Lapsed,
        Some("past_due" | "incomplete") => DuesStatus::Due,
        _ => DuesStatus::Active,
    }
}

fn payment_view(row: &PaymentRow) -> anyhow::Result<PaymentView> {
    Ok(PaymentView {
        receipt: receipts::receipt_number(&row.paid_at[..4], row.id),
        paid_on: row.paid_at[..10].to_owned(),
        amount: u64::try_from(row.amount).context("A negative amount")?,
        currency: Currency::parse(&row.currency).map_err(|_| anyhow::anyhow!("A payment in no currency"))?,
    })
}

/// Letters and digits that cannot be misread for one another.
const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
/// 26 of them: about 128 bits, so a reference cannot be guessed.
const REFERENCE_LEN: usize = 26;

/// `G-` and 26 random letters and digits: the secret the payer's browser
/// reads its gift by.
fn new_reference() -> String {
    let mut rng = rand::rng();
    let code: String = (0..REFERENCE_LEN)
        .map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]))
        .collect();
    format!("G-{code}")
}

/// Whether `text` could be a reference, before asking the database.
pub fn looks_like_reference(text: &str) -> bool {
    text.strip_prefix("G-")
        .is_some_and(|code| code.len() == REFERENCE_LEN && code.bytes().all(|b| ALPHABET.contains(&b)))
}
