//! A mail server for the tests, on loopback: the part of SMTP (RFC 5321)
//! a client such as lettre speaks without TLS or login (EHLO, MAIL, RCPT,
//! DATA, RSET, NOOP, QUIT), keeping the recipients and text of every
//! message it takes. Small enough to read in one go, which a mail server
//! from a crate is not (the embeddable ones bring their own TLS stack).

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// One message as it arrived.
#[derive(Debug, Clone)]
pub struct Received {
    pub recipients: Vec<String>,
    pub text: String,
}

#[derive(Clone, Default)]
pub struct SmtpPeer {
    received: Arc<Mutex<Vec<Received>>>,
}

impl SmtpPeer {
    /// Listens on `address` (which must be free) until the test ends.
    pub async fn start(address: SocketAddr) -> SmtpPeer {
        let listener = TcpListener::bind(address).await.expect("the SMTP port is free");
        let peer = SmtpPeer::default();
        let serving = peer.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let peer = serving.clone();
                tokio::spawn(async move {
                    let _ = peer.session(stream).await;
                });
            }
        });
        peer
    }

    pub fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }

    async fn session(&self, stream: TcpStream) -> std::io::Result<()> {
        let (reading, mut writing) = stream.into_split();
        let mut lines = BufReader::new(reading).lines();
        writing.write_all(b"220 peer.test ESMTP\r\n").await?;
        let mut recipients = Vec::new();
        while let Some(line) = lines.next_line().await? {
            let verb = line.split_whitespace().next().unwrap_or_default().to_ascii_uppercase();
            let reply: &[u8] = match verb.as_str() {
                "EHLO" | "HELO" => b"250-peer.test\r\n250 8BITMIME\r\n",
                "MAIL" | "RSET" => {
                    recipients.clear();
                    b"250 OK\r\n"
                }
                "RCPT" => {
                    let address = line.split_once(':').map_or("", |(_, rest)| rest);
                    recipients.push(address.trim().trim_start_matches('<').trim_end_matches('>').to_owned());
                    b"250 OK\r\n"
                }
                "DATA" => {
                    writing.write_all(b"354 End with <CRLF>.<CRLF>\r\n").await?;
                    let mut text = String::new();
                    while let Some(line) = lines.next_line().await? {
                        if line == "." {
                            break;
                        }
                        text.push_str(line.strip_prefix('.').unwrap_or(&line));
                        text.push('\n');
                    }
                    let message = Received {
                        recipients: std::mem::take(&mut recipients),
                        text,
                    };
                    self.received.lock().unwrap().push(message);
                    b"250 OK queued\r\n"
                }
                "NOOP" => b"250 OK\r\n",
                "QUIT" => {
                    writing.write_all(b"221 Bye\r\n").await?;
                    return Ok(());
                }
                _ => b"502 Not implemented\r\n",
            };
            writing.write_all(reply).await?;
        }
        Ok(())
    }
}
