//! Where queued mail goes: an SMTP server, or nowhere (the dev outbox).

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use anyhow::Context;
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use super::outbox::QueuedMail;
use crate::config::Secret;

pub type SendFuture<'a> = Pin<Box<dyn Future<Output = Result<(), SendError>> + Send + 'a>>;

/// Delivers one message. Implementations must not hold a request up: only
/// the background sender calls them.
pub trait Transport: Send + Sync + 'static {
    fn send<'a>(&'a self, mail: &'a QueuedMail) -> SendFuture<'a>;
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    /// Worth another try later: the server is down, busy or slow.
    #[error("{0}")]
    Temporary(String),
    /// Will fail every time, such as an address the server refuses.
    #[error("{0}")]
    Permanent(String),
}

/// Keeps every message in the outbox table, where `/dev/outbox` shows it.
#[derive(Debug, Clone, Copy, Default)]
pub struct DevOutbox;

impl Transport for DevOutbox {
    fn send<'a>(&'a self, _mail: &'a QueuedMail) -> SendFuture<'a> {
        Box::pin(async { Ok(()) })
    }
}

pub struct Smtp {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

/// How long one SMTP exchange may take before it counts as failed.
const SMTP_TIMEOUT: Duration = Duration::from_secs(20);

impl Smtp {
    pub fn new(url: &Secret<String>, from: Mailbox) -> anyhow::Result<Smtp> {
        let transport = builder(url.expose())?.timeout(Some(SMTP_TIMEOUT)).build();
        Ok(Smtp { transport, from })
    }

    fn message(&self, mail: &QueuedMail) -> Result<Message, SendError> {
        let permanent = |what: &str, error: &dyn std::fmt::Display| SendError::Permanent(format!("{what}: {error}"));
        let to: Mailbox = mail.recipient.parse().map_err(|e| permanent("bad recipient", &e))?;
        let mut builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(mail.subject.clone())
            .raw_header(header("Content-Language", &mail.locale).map_err(|e| permanent("bad locale", &e))?);
        if let Some(reply_to) = &mail.reply_to {
            let reply_to: Mailbox = reply_to.parse().map_err(|e| permanent("bad Reply-To", &e))?;
            builder = builder.reply_to(reply_to);
        }
        for (name, value) in &mail.headers.0 {
            builder = builder.raw_header(header(name, value).map_err(|e| permanent("bad header", &e))?);
        }
        builder
            .multipart(MultiPart::alternative_plain_html(
                mail.text_body.clone(),
                mail.html_body.clone(),
            ))
            .map_err(|e| permanent("cannot build the message", &e))
    }
}

fn header(name: &str, value: &str) -> Result<HeaderValue, lettre::message::header::InvalidHeaderName> {
    Ok(HeaderValue::new(
        HeaderName::new_from_ascii(name.to_owned())?,
        value.to_owned(),
    ))
}

impl Transport for Smtp {
    fn send<'a>(&'a self, mail: &'a QueuedMail) -> SendFuture<'a> {
        Box::pin(async move {
            let message = self.message(mail)?;
            match self.transport.send(message).await {
                Ok(_) => Ok(()),
                Err(error) if error.is_permanent() => Err(SendError::Permanent(error.to_string())),
                Err(error) => Err(SendError::Temporary(error.to_string())),
            }
        })
    }
}

/// Reads `CIVIC_SMTP_URL`: `smtp://host:25` (no TLS, for a local relay),
/// `smtp://user:pass@host:587` (STARTTLS required whenever there are
/// credentials, so a password never crosses the network in clear),
/// `smtps://user:pass@host:465` (TLS from the start), and lettre's
/// `?tls=required|opportunistic`. The error never repeats the URL, which may
/// hold a password.
pub fn builder(url: &str) -> anyhow::Result<lettre::transport::smtp::AsyncSmtpTransportBuilder> {
    let url = url.trim();
    anyhow::ensure!(
        url.starts_with("smtp://") || url.starts_with("smtps://"),
        "CIVIC_SMTP_URL must start with smtp:// or smtps://"
    );
    AsyncSmtpTransport::<Tokio1Executor>::from_url(&with_starttls(url))
        .ok()
        .context("CIVIC_SMTP_URL must look like smtp://user:password@host:587 or smtps://user:password@host:465")
}

fn with_starttls(url: &str) -> String {
    let Some(rest) = url.strip_prefix("smtp://") else {
        return url.to_owned();
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let query = url.split_once('?').map(|(_, query)| query).unwrap_or_default();
    let has_credentials = authority.contains('@');
    let chooses_tls = query.split('&').any(|pair| pair.starts_with("tls="));
    if !has_credentials || chooses_tls {
        return url.to_owned();
    }
    let separator = if url.contains('?') { '&' } else { '?' };
    format!("{url}{separator}tls=required")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mail::outbox::Headers;

    fn queued() -> QueuedMail {
        QueuedMail {
            id: 1,
            recipient: "ada@example.org".into(),
            locale: "fr".into(),
            subject: "Confirmez votre signature".into(),
            text_body: "Bonjour".into(),
            html_body: "<p>Bonjour</p>".into(),
            headers: Headers(vec![(
                "List-Unsubscribe".into(),
                "<https://civic.example.org/u/1>".into(),
            )]),
            reply_to: None,
            attempts: 0,
        }
    }

    fn smtp(url: &str) -> Smtp {
        Smtp::new(
            &Secret::new(url.to_owned()),
            "Civic <no-reply@localhost>".parse().unwrap(),
        )
        .unwrap()
    }

    #[test]
    fn credentials_over_plain_smtp_get_starttls() {
        assert_eq!(
            with_starttls("smtp://user:pass@host:587"),
            "smtp://user:pass@host:587?tls=required"
        );
        assert_eq!(
            with_starttls("smtp://u:p@host:587?tls=opportunistic"),
            "smtp://u:p@host:587?tls=opportunistic"
        );
        assert_eq!(with_starttls("smtp://localhost:25"), "smtp://localhost:25");
        assert_eq!(with_starttls("smtps://u:p@host"), "smtps://u:p@host");
    }

    #[tokio::test]
    async fn urls_are_checked_without_repeating_them() {
        for good in [
            "smtp://localhost:25",
            "smtp://u:p@mail.example.org:587",
            "smtps://u:p@mail.example.org",
        ] {
            assert!(builder(good).is_ok(), "{good}");
        }
        for bad in [
            "http://u:hunter2@host",
            "smtp://",
            "hunter2",
            "smtp://u:hunter2@host?tls=bogus",
        ] {
            let error = format!("{:#}", builder(bad).unwrap_err());
            assert!(!error.contains("hunter2"), "{error}");
        }
    }

    #[tokio::test]
    async fn the_message_has_both_parts_and_the_extra_headers() {
        let message = smtp("smtp://localhost:2525").message(&queued()).unwrap();
        let raw = String::from_utf8(message.formatted()).unwrap();
        assert!(raw.contains("From: Civic <no-reply@localhost>"), "{raw}");
        assert!(raw.contains("To: ada@example.org"), "{raw}");
        assert!(
            raw.contains("List-Unsubscribe: <https://civic.example.org/u/1>"),
            "{raw}"
        );
        assert!(raw.contains("Content-Language: fr"), "{raw}");
        assert!(raw.contains("multipart/alternative"), "{raw}");
        assert!(raw.contains("text/plain"), "{raw}");
        assert!(raw.contains("text/html"), "{raw}");
    }

    #[tokio::test]
    async fn a_reply_address_becomes_the_reply_to_header_and_there_is_none_without_one() {
        let mail = QueuedMail {
            reply_to: Some("lucia@example.org".into()),
            ..queued()
        };
        let raw = String::from_utf8(smtp("smtp://localhost:2525").message(&mail).unwrap().formatted()).unwrap();
        assert!(raw.contains("Reply-To: lucia@example.org"), "{raw}");
        let raw = String::from_utf8(smtp("smtp://localhost:2525").message(&queued()).unwrap().formatted()).unwrap();
        assert!(!raw.contains("Reply-To"), "{raw}");
    }

    #[tokio::test]
    async fn an_unreachable_server_is_a_temporary_failure() {
        // Port 9 (discard) is closed on a test machine: the connection is refused.
        let result = smtp("smtp://127.0.0.1:9").send(&queued()).await;
        assert!(matches!(result, Err(SendError::Temporary(_))), "{result:?}");
    }

    #[tokio::test]
    async fn a_recipient_that_is_no_mailbox_is_a_permanent_failure() {
        let mail = QueuedMail {
            recipient: "not an address".into(),
            ..queued()
        };
        let result = smtp("smtp://127.0.0.1:9").send(&mail).await;
        assert!(matches!(result, Err(SendError::Permanent(_))), "{result:?}");
    }
}
