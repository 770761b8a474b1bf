//! Clients that send slowly, or not at all, are cut off after the client
//! timeout and never keep the server from answering the others.

use std::time::{Duration, Instant};

use civic_api::{ErrorCode, ErrorResponse};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::helpers::{TestApp, setup};

const TIMEOUT: Duration = Duration::from_secs(1);

async fn spawn_impatient_app() -> TestApp {
    let mut setup = setup();
    setup.config.client_timeout = TIMEOUT;
    setup.spawn().await
}

async fn connect(app: &TestApp) -> TcpStream {
    TcpStream::connect(app.address.trim_start_matches("http://"))
        .await
        .unwrap()
}

/// Everything the server sends until it closes the connection, or `None`
/// if it is still open after `within`.
async fn until_closed(stream: &mut TcpStream, within: Duration) -> Option<String> {
    let mut answer = Vec::new();
    tokio::time::timeout(within, stream.read_to_end(&mut answer))
        .await
        .ok()?
        .ok()?;
    Some(String::from_utf8_lossy(&answer).into_owned())
}

#[tokio::test]
async fn connections_that_never_finish_their_headers_are_closed_and_starve_no_one() {
    let app = spawn_impatient_app().await;
    let mut slow = Vec::new();
    for _ in 0..200 {
        let mut stream = connect(&app).await;
        stream
            .write_all(b"GET /api/health HTTP/1.1\r\nHost: civic.example\r\nX-Slow: ")
            .await
            .unwrap();
        slow.push(stream);
    }

    let started = Instant::now();
    let response = app.get_health().await;
    assert_eq!(response.status(), 200);
    assert!(
        started.elapsed() < TIMEOUT,
        "others are answered at once: {:?}",
        started.elapsed()
    );

    for stream in &mut slow {
        let answer = until_closed(stream, TIMEOUT * 4).await;
        let answer = answer.expect("the server closes a connection whose headers never end");
        assert!(!answer.contains("200 OK"), "never served: {answer}");
    }
    // On a new connection: the server also closes one left idle that long.
    let fresh = reqwest::get(app.url("/api/health")).await.unwrap();
    assert_eq!(fresh.status(), 200);
}

#[tokio::test]
async fn a_body_that_stops_coming_is_refused_with_408_in_the_error_shape() {
    let app = spawn_impatient_app().await;
    let mut stream = connect(&app).await;
    stream
        .write_all(
            b"POST /api/problem-reports HTTP/1.1\r\nHost: civic.example\r\nContent-Type: application/json\r\n\
              Content-Length: 200\r\n\r\n{\"description\":",
        )
        .await
        .unwrap();
    let started = Instant::now();
    let answer = until_closed(&mut stream, TIMEOUT * 4)
        .await
        .expect("answered and closed within the timeout");
    assert!(
        started.elapsed() >= TIMEOUT,
        "not before the timeout: {:?}",
        started.elapsed()
    );
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    let body = &answer[answer.find("\r\n\r\n").unwrap() + 4..];
    let error: ErrorResponse = serde_json::from_str(body).unwrap_or_else(|_| panic!("the error shape: {body}"));
    assert_eq!(error.error.code, ErrorCode::RequestTimeout);
    assert_eq!(app.count_problem_reports().await, 0, "nothing stored");
}
