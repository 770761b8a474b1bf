//! Correspondence: a message sent with the contact form is kept for staff
//! with a reference, copied to the organisation's address
//! (`CIVIC_CONTACT_TO`) with the sender as Reply-To, and acknowledged to the
//! sender in their language. All three happen in one transaction, so a
//! message that was acknowledged is stored, and a retry does neither twice.

mod mails;

use anyhow::Context;
use axum::http::StatusCode;
use civic_api::Email;
use civic_api::contact::ContactRequest;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::mail;
use crate::refused::Refused;
use crate::state::AppState;
use crate::storage::contact_messages::{MESSAGES, insert};
use crate::storage::references::Stored;

pub use mails::Mails;

pub struct Contact {
    mails: Mails,
    /// Where staff receive a copy; `None` keeps messages in the database
    /// only.
    to: Option<Email>,
}

impl Contact {
    pub fn new(to: Option<Email>) -> anyhow::Result<Contact> {
        Ok(Contact {
            mails: Mails::load()?,
            to,
        })
    }

    /// Where staff receive copies, and answers to replies go.
    pub fn to(&self) -> Option<&Email> {
        self.to.as_ref()
    }

    /// The small print of a reply sent from the console's inbox.
    pub fn reply_footer(&self, locale: civic_api::Locale, reference: &str) -> String {
        self.mails.reply_footer(locale, reference)
    }

    /// Takes a message as the API and the contact page's own form post do:
    /// `201` and a new reference, or `200` and the first reference when the
    /// same idempotency key comes again.
    pub async fn send(&self, state: &AppState, request: &ContactRequest) -> Result<(StatusCode, String), Refused> {
        if request.looks_automated() {
            // Looks like success, so a bot learns nothing from the answer.
            tracing::info!("honeypot filled in: the contact message is not stored");
            return Ok((StatusCode::CREATED, MESSAGES.new_reference()));
        }
        let message = request.validate().map_err(Refused::Invalid)?;
        let created_at = OffsetDateTime::now_utc()
            .format(&Rfc3339)
            .context("Failed to format the current time")?;
        let mut tx = state.pool.begin().await.context("Failed to start a transaction")?;
        let stored = MESSAGES
            .store(&mut tx, &message.idempotency_key, insert(&message, &created_at))
            .await?;
        match stored {
            Stored::New(reference) => {
                mail::enqueue(&mut tx, &self.mails.acknowledgement(&message, &reference)).await?;
                if let Some(to) = &self.to {
                    mail::enqueue(&mut tx, &self.mails.staff_copy(to, &message, &reference)).await?;
                }
                tx.commit().await.context("Failed to commit a contact message")?;
                state.mail.wake();
                tracing::info!(%reference, "contact message stored");
                Ok((StatusCode::CREATED, reference))
            }
            Stored::Again(reference) => {
                tracing::info!(%reference, "contact message retried: answering with its first reference");
                Ok((StatusCode::OK, reference))
            }
        }
    }
}
