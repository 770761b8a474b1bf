//! Where an address stands on the list, and every way it moves: a sign-up
//! request, the confirmation link, unsubscribing and undoing it, a request
//! for a fresh unsubscribe link, and a petition signer's opt-in.
//!
//! Each runs in one `BEGIN IMMEDIATE` transaction (it reads, then writes)
//! and queues its mail in it, so a mail exists exactly when its change does.

use crate::db::{self, Connection};
use anyhow::Context;
use civic_api::newsletter::{AddressRequest, CheckedAddress, SubscriptionState, SubscriptionStatus, email_hint};
use civic_api::{Email, Locale};
use time::OffsetDateTime;

use super::Newsletter;
use crate::mail;
use crate::refused::Refused;
use crate::storage::newsletter::{self as storage, Source, SubscriberRow};
use crate::storage::signatures::claim_request;
use crate::tokens::{self, Purpose};

/// What a link from one of the list's e-mails asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenAction {
    /// `n.`: the address is proven; the sign-up counts.
    Confirm,
    /// `u.`
    Unsubscribe,
    /// `u.` again: undo the unsubscribing; the token proves the address.
    Resubscribe,
}

impl TokenAction {
    fn purpose(self) -> Purpose {
        match self {
            TokenAction::Confirm => Purpose::Subscribe,
            TokenAction::Unsubscribe | TokenAction::Resubscribe => Purpose::Unsubscribe,
        }
    }
}

/// What an address request asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Asked {
    SignUp,
    UnsubscribeLink,
}

impl Newsletter {
    /// An address form as the visitor sent it, through the API or posted by
    /// the browser: signs up, or with `lost_link` mails a new unsubscribe
    /// link. A filled honeypot is answered like any other request.
    pub async fn take_address(&self, request: &AddressRequest, lost_link: bool) -> Result<(), Refused> {
        if request.looks_automated() {
            tracing::info!("honeypot filled in: nothing is stored or sent");
            return Ok(());
        }
        let address = request.validate().map_err(Refused::Invalid)?;
        match lost_link {
            true => self.request_unsubscribe_link(&address).await?,
            false => self.request_subscription(&address).await?,
        }
        Ok(())
    }

    /// A sign-up from the form. Whatever the address's state, the caller
    /// answers the same; the e-mail says what happened. A retry with the
    /// same idempotency key does nothing.
    pub async fn request_subscription(&self, address: &CheckedAddress) -> anyhow::Result<()> {
        self.answer_address(address, Asked::SignUp).await
    }

    /// "I lost my unsubscribe link": only a subscribed address gets a mail.
    pub async fn request_unsubscribe_link(&self, address: &CheckedAddress) -> anyhow::Result<()> {
        self.answer_address(address, Asked::UnsubscribeLink).await
    }

    /// Claims the idempotency key, then moves the mailbox's row and queues
    /// the mail that says what happened, in the language of the request.
    async fn answer_address(&self, address: &CheckedAddress, asked: Asked) -> anyhow::Result<()> {
        let now = OffsetDateTime::now_utc();
        let stamp = db::stamp(now);
        let mut conn = self.connection().await?;
        let mut tx = db::begin_write(&mut conn).await?;
        if !claim_request(&mut tx, &address.idempotency_key, &stamp).await? {
            return Ok(());
        }
        let existing = storage::find_by_email_key(&mut *tx, &address.email.dedupe_key()).await?;
        let in_language = |row: SubscriberRow| SubscriberRow {
            locale: address.locale.as_str().to_owned(),
            ..row
        };
        let outgoing = match (asked, existing) {
            (Asked::SignUp, None) => {
                let id = storage::insert(&mut tx, &address.email, address.locale, false, Source::Form, &stamp).await?;
                let row = storage::find(&mut *tx, id)
                    .await?
                    .context("A subscriber vanished inside its transaction")?;
                Some(self.mails.confirm(&row, now)?)
            }
            (Asked::SignUp, Some(row)) if row.state()? == SubscriptionState::Subscribed => {
                Some(self.mails.already_subscribed(&in_language(row), now)?)
            }
            // Pending still, or back after leaving: confirm (again) first.
            (Asked::SignUp, Some(row)) => {
                storage::restart_pending(&mut tx, row.id, address.locale, &stamp).await?;
                Some(self.mails.confirm(&in_language(row), now)?)
            }
            (Asked::UnsubscribeLink, Some(row)) if row.state()? == SubscriptionState::Subscribed => {
                Some(self.mails.unsubscribe_link(&in_language(row), now)?)
            }
            (Asked::UnsubscribeLink, _) => None,
        };
        if let Some(outgoing) = &outgoing {
            mail::enqueue(&mut tx, outgoing).await?;
        }
        tx.commit().await.context("Failed to commit a newsletter request")?;
        if outgoing.is_some() {
            self.mailer.wake();
        }
        Ok(())
    }

    /// Follows a link's token: 404 for anything but a genuine, unexpired
    /// token of the right kind for a mailbox still on the list. Doing it
    /// twice answers the same and sends nothing more.
    pub async fn follow(&self, action: TokenAction, token: &str) -> Result<SubscriptionStatus, Refused> {
        let now = OffsetDateTime::now_utc();
        let stamp = db::stamp(now);
        let mut conn = self.connection().await?;
        let mut tx = db::begin_write(&mut conn).await?;
        let row = self
            .by_token(&mut tx, action.purpose(), token.trim(), now)
            .await?
            .ok_or(Refused::NotFound)?;
        let (state, welcome) = match action {
            TokenAction::Confirm => {
                let now_subscribed = storage::subscribe(&mut tx, row.id, &stamp).await?;
                (SubscriptionState::Subscribed, now_subscribed)
            }
            TokenAction::Unsubscribe => {
                storage::unsubscribe(&mut tx, row.id, &stamp).await?;
                (SubscriptionState::Unsubscribed, false)
            }
            TokenAction::Resubscribe => {
                if storage::subscribe(&mut tx, row.id, &stamp).await? {
                    // Undone: not a departure after all.
                    crate::storage::mailings::count_departure(&mut tx, row.id, -1).await?;
                }
                (SubscriptionState::Subscribed, false)
            }
        };
        if welcome {
            mail::enqueue(&mut tx, &self.mails.welcome(&row, false, now)?).await?;
        }
        tx.commit().await.context("Failed to commit a subscription change")?;
        if welcome {
            self.mailer.wake();
        }
        Ok(SubscriptionStatus {
            state,
            email_hint: email_hint(&row.email()?),
            locale: row.locale(),
        })
    }

    /// The row a token names, checked against that row's own mailbox so a
    /// token can never name a later row that was given a deleted row's id.
    async fn by_token(
        &self,
        conn: &mut Connection,
        purpose: Purpose,
        token: &str,
        now: OffsetDateTime,
    ) -> anyhow::Result<Option<SubscriberRow>> {
        let Some(id) = tokens::claimed_subject(purpose, token) else {
            return Ok(None);
        };
        let Some(row) = storage::find(&mut *conn, id).await? else {
            return Ok(None);
        };
        let genuine = self.mails.verify(purpose, token, &row.email_key, now) == Some(id);
        Ok(genuine.then_some(row))
    }

    /// Called inside the signing writer's transaction when a signature
    /// first counts: its confirmation proved the address, so a signer who
    /// ticked the newsletter box is subscribed and welcomed at once. An
    /// address already subscribed gets nothing new. `true` when a mail was
    /// queued (the writer wakes the sender after its commit).
    pub async fn subscribe_signer(
        &self,
        conn: &mut Connection,
        signature_id: i64,
        now: OffsetDateTime,
    ) -> anyhow::Result<bool> {
        let Some((email, locale)) = storage::signer_opt_in(conn, signature_id).await? else {
            return Ok(false);
        };
        let email = Email::parse(&email).map_err(|e| anyhow::anyhow!("A stored signature address is invalid: {e}"))?;
        let locale = Locale::parse(&locale).unwrap_or(Locale::DEFAULT);
        self.subscribe_proven(conn, &email, locale, Source::Petition, now).await
    }

    /// Subscribes an address that was just proven (a confirmed signature,
    /// a confirmed account) and welcomes it, inside the caller's
    /// transaction; an address already subscribed gets nothing new. `true`
    /// when a mail was queued: the caller wakes the sender after its
    /// commit.
    pub async fn subscribe_proven(
        &self,
        conn: &mut Connection,
        email: &Email,
        locale: Locale,
        source: Source,
        now: OffsetDateTime,
    ) -> anyhow::Result<bool> {
        let stamp = db::stamp(now);
        let row = match storage::find_by_email_key(&mut *conn, &email.dedupe_key()).await? {
            Some(row) if row.state()? == SubscriptionState::Subscribed => return Ok(false),
            Some(row) => {
                storage::subscribe(conn, row.id, &stamp).await?;
                row
            }
            None => {
                let id = storage::insert(conn, email, locale, true, source, &stamp).await?;
                storage::find(&mut *conn, id)
                    .await?
                    .context("A subscriber vanished inside its transaction")?
            }
        };
        mail::enqueue(conn, &self.mails.welcome(&row, source == Source::Petition, now)?).await?;
        Ok(true)
    }

    /// A signed-in member turns the newsletter on or off for the
    /// account's address, which the account proves: on subscribes and
    /// welcomes it at once (as `subscribe_proven`), off unsubscribes it.
    /// `true` when a mail was queued: the caller wakes the sender after its
    /// commit.
    pub async fn set_for_member(
        &self,
        conn: &mut Connection,
        email: &Email,
        locale: Locale,
        wanted: bool,
        now: OffsetDateTime,
    ) -> anyhow::Result<bool> {
        if wanted {
            return self.subscribe_proven(conn, email, locale, Source::Form, now).await;
        }
        if let Some(row) = storage::find_by_email_key(&mut *conn, &email.dedupe_key()).await? {
            storage::unsubscribe(conn, row.id, &db::stamp(now)).await?;
        }
        Ok(false)
    }

    /// An account moved from `from` to `to` (proven by its link): a
    /// subscription follows it, the old address stops getting the
    /// newsletter and the new one is welcomed. `true` when a mail was
    /// queued.
    pub async fn move_subscription(
        &self,
        conn: &mut Connection,
        from: &Email,
        to: &Email,
        locale: Locale,
        now: OffsetDateTime,
    ) -> anyhow::Result<bool> {
        if !storage::is_subscribed(&mut *conn, &from.dedupe_key()).await? {
            return Ok(false);
        }
        self.set_for_member(conn, from, locale, false, now).await?;
        self.set_for_member(conn, to, locale, true, now).await
    }

    /// Whether `email` gets the newsletter.
    pub async fn is_subscribed(&self, pool: &crate::db::Pool, email: &Email) -> anyhow::Result<bool> {
        storage::is_subscribed(pool, &email.dedupe_key()).await
    }
}
