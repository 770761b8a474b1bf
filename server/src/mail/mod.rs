//! Outgoing e-mail: written to the durable `mail_outbox` table in the same
//! transaction as whatever caused it, then delivered by one background task
//! with retries, so a slow or broken mail server never blocks or loses a
//! request.

pub mod compose;
pub mod outbox;
pub mod sender;
pub mod translations;
pub mod transport;

use std::sync::Arc;

use crate::db::Pool;
use civic_api::Locale;
use civic_api::email::Email;
use tokio::sync::Notify;

pub use compose::Compose;
pub use outbox::{OutboxMessage, enqueue};
pub use sender::{Backoff, Sender};
pub use transport::{DevOutbox, SendError, Smtp, Transport};

use crate::config::Config;

/// One message to send: both parts already in the recipient's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingMail {
    pub to: Email,
    pub locale: Locale,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// Extra headers such as `List-Unsubscribe`; the standard ones (From,
    /// To, Subject, Date, MIME) are the transport's.
    pub headers: Vec<(String, String)>,
    /// Where an answer goes, when not to the sender (`Reply-To`, written
    /// by the transport from a checked address, never a free header).
    pub reply_to: Option<Email>,
}

/// What request handlers hold: cheap to clone.
#[derive(Debug, Clone)]
pub struct Mailer {
    wake: Arc<Notify>,
    dev_outbox: bool,
}

impl Mailer {
    /// Tells the sender that mail was committed, so it goes out now rather
    /// than at the next poll. Call it after the commit: a wake-up before it
    /// may find nothing yet.
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// Whether mail goes to `/dev/outbox` instead of an SMTP server.
    pub fn is_dev_outbox(&self) -> bool {
        self.dev_outbox
    }
}

/// The handle for the state and the sender to start with the server.
pub fn setup(config: &Config, pool: &Pool) -> anyhow::Result<(Mailer, Sender)> {
    let transport: Arc<dyn Transport> = match &config.smtp_url {
        Some(url) => Arc::new(Smtp::new(url, config.mail_from.clone())?),
        None => {
            tracing::warn!("CIVIC_SMTP_URL is unset: no mail leaves this server, it is shown at /dev/outbox instead");
            Arc::new(DevOutbox)
        }
    };
    let wake = Arc::new(Notify::new());
    let mailer = Mailer {
        wake: Arc::clone(&wake),
        dev_outbox: config.smtp_url.is_none(),
    };
    Ok((mailer, Sender::new(pool.clone(), transport, wake)))
}
