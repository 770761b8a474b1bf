//! The mail server is out of reach for a while, then back: every message
//! queued meanwhile is delivered, each exactly once, through real SMTP.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use civic_api::Locale;
use civic_server::config::Secret;
use time::OffsetDateTime;

use crate::helpers::TestApp;
use crate::petitions_fixture::{OPEN, petitions_setup, sign_request};
use crate::smtp_peer::SmtpPeer;

const SIGNERS: usize = 6;

/// A loopback address nothing listens on (yet).
fn free_address() -> std::net::SocketAddr {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
}

/// (status, attempts) of every queued message.
async fn outbox(app: &TestApp) -> Vec<(String, i64)> {
    sqlx::query_as("SELECT status, attempts FROM mail_outbox ORDER BY id")
        .fetch_all(&app.pool)
        .await
        .unwrap()
}

async fn wait_for(what: &str, mut done: impl AsyncFnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(15);
    while !done().await {
        assert!(Instant::now() < deadline, "timed out waiting: {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn mail_queued_while_the_mail_server_is_down_goes_out_once_when_it_is_back() {
    let smtp = free_address();
    let mut setup = petitions_setup();
    setup.config.smtp_url = Some(Secret::new(format!("smtp://{smtp}")));
    let app = setup.spawn().await;

    let emails: Vec<String> = (0..SIGNERS).map(|n| format!("signer{n}@example.org")).collect();
    for email in &emails {
        let request = sign_request("Ada Lovelace", email, "GB", Locale::En);
        assert_eq!(app.sign(OPEN, &request).await.status(), 202, "taken while mail is down");
    }
    wait_for("every confirmation tried once and kept", async || {
        let rows = outbox(&app).await;
        rows.len() == SIGNERS
            && rows
                .iter()
                .all(|(status, attempts)| status == "pending" && *attempts >= 1)
    })
    .await;

    let peer = SmtpPeer::start(smtp).await;
    // The retries fall due (a minute later, as the back-off has it).
    sqlx::query("UPDATE mail_outbox SET next_attempt_at = $1")
        .bind(civic_server::db::stamp(OffsetDateTime::now_utc()))
        .execute(&app.pool)
        .await
        .unwrap();
    wait_for("every message sent", async || {
        outbox(&app).await.iter().all(|(status, _)| status == "sent")
    })
    .await;
    // Longer than the sender's poll, so a second delivery would show.
    tokio::time::sleep(Duration::from_secs(3)).await;

    let mut deliveries: BTreeMap<String, usize> = BTreeMap::new();
    for message in peer.received() {
        assert!(message.text.contains("Subject:"), "a whole message: {}", message.text);
        for recipient in message.recipients {
            *deliveries.entry(recipient).or_default() += 1;
        }
    }
    let expected: BTreeMap<String, usize> = emails.into_iter().map(|email| (email, 1)).collect();
    assert_eq!(deliveries, expected, "each confirmation delivered exactly once");
}
