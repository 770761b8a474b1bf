//! civic-server on a free port with a throw-away database, for the
//! end-to-end tests and the benchmark.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::cmd;
use crate::scratch::Scratch;

/// A server started for tests; stopped when dropped.
pub struct TestServer {
    child: Child,
    pub base_url: String,
    /// The SQLite file, kept in the scratch folder: a second server started
    /// on the same scratch finds the first one's data.
    pub database: PathBuf,
    log: PathBuf,
}

impl TestServer {
    /// Starts `binary` on a free local port with a new SQLite database in
    /// `scratch`, and waits until `/api/ready` says it can serve.
    pub fn start(binary: &Path, scratch: &Scratch) -> Result<TestServer> {
        // The journeys submit more forms than a visitor's burst allows;
        // the limit itself is proven by civic-server's own tests.
        TestServer::start_with(
            binary,
            scratch,
            &[
                ("CIVIC_RATE_LIMIT_BURST", "1000"),
                // Every browser in the suite reports from 127.0.0.1.
                ("CIVIC_ANALYTICS_RATE_LIMIT_BURST", "10000"),
            ],
        )
    }

    /// Like `start`, with more settings in the server's environment.
    pub fn start_with(binary: &Path, scratch: &Scratch, settings: &[(&str, &str)]) -> Result<TestServer> {
        let root = cmd::root();
        let port = free_port()?;
        let addr = format!("127.0.0.1:{port}");
        // Browsers use passkeys on `localhost`, never on an IP address.
        let base_url = format!("http://localhost:{port}");
        let database = scratch.path().join("civic.db");
        let log = scratch.path().join("server.log");
        let log_file = std::fs::File::create(&log).context("cannot create the server log")?;
        let child = Command::new(binary)
            .current_dir(&root)
            .env("CIVIC_ADDR", &addr)
            .env("CIVIC_PUBLIC_URL", &base_url)
            .env("DATABASE_URL", format!("sqlite://{}", database.display()))
            .env("CIVIC_DIST", root.join("dist"))
            .env("CIVIC_CONTENT", root.join("content"))
            // Outside the scratch folder, so the copies of petition
            // pictures are made once, not on every run.
            .env("CIVIC_IMAGE_CACHE", cmd::target_dir().join("image-cache"))
            // The log goes to a file that people read with a pager.
            .env("NO_COLOR", "1")
            .envs(settings.iter().copied())
            .stdin(Stdio::null())
            .stdout(log_file.try_clone()?)
            .stderr(log_file)
            .spawn()
            .with_context(|| format!("cannot start {}", binary.display()))?;
        let mut server = TestServer {
            child,
            base_url,
            database,
            log,
        };
        println!("    server at {} (log: {})", server.base_url, server.log.display());
        server.wait_until_ready(&addr, Duration::from_secs(60))?;
        Ok(server)
    }

    fn wait_until_ready(&mut self, addr: &str, limit: Duration) -> Result<()> {
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait()? {
                bail!(
                    "the server exited before it was ready ({status}); its log:\n{}",
                    self.log_text()
                );
            }
            if ready_status(addr).is_some_and(|status| status == 200) {
                println!("    ready after {:.1}s", started.elapsed().as_secs_f64());
                return Ok(());
            }
            if started.elapsed() > limit {
                bail!(
                    "GET /api/ready did not answer 200 within {limit:?}; the server's log:\n{}",
                    self.log_text()
                );
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_else(|error| format!("(cannot read the log: {error})"))
    }

    /// Stops the server once a step that used it has come to `outcome`;
    /// after a failure, shows the end of its log and keeps `scratch` (the
    /// database, the whole log) for a closer look.
    pub fn stop_after(self, outcome: Result<()>, scratch: &mut Scratch) -> Result<()> {
        if outcome.is_err() {
            println!("==> the server's log\n{}", cmd::tail(&self.log_text(), 60));
            scratch.keep();
            println!("    kept {} for a closer look", scratch.path().display());
        }
        crate::steps::step("stop the server");
        let status = self.stop()?;
        println!("    server exited ({status})");
        outcome
    }

    /// SIGTERM, then up to ten seconds for a graceful shutdown.
    pub fn stop(mut self) -> Result<ExitStatus> {
        self.terminate()
    }

    /// SIGKILL: the process dies wherever it is, as in a crash.
    pub fn kill(mut self) -> Result<ExitStatus> {
        self.child.kill()?;
        Ok(self.child.wait()?)
    }

    fn terminate(&mut self) -> Result<ExitStatus> {
        if let Some(status) = self.child.try_wait()? {
            return Ok(status);
        }
        // SAFETY: signalling our own child, which has not been reaped yet.
        unsafe { libc::kill(self.child.id() as i32, libc::SIGTERM) };
        let asked = Instant::now();
        while asked.elapsed() < Duration::from_secs(10) {
            if let Some(status) = self.child.try_wait()? {
                return Ok(status);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        eprintln!("    the server ignored SIGTERM for 10 s: killing it");
        self.child.kill()?;
        Ok(self.child.wait()?)
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Err(error) = self.terminate() {
            eprintln!("    could not stop the server: {error:#}");
        }
    }
}

/// A port the system just handed out; free again once the listener drops.
fn free_port() -> Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").context("cannot bind a local port")?;
    Ok(listener.local_addr()?.port())
}

/// The status code of `GET /api/ready`, or `None` while nothing answers.
fn ready_status(addr: &str) -> Option<u16> {
    let mut stream = TcpStream::connect(addr).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    let request = format!("GET /api/ready HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).ok()?;
    let mut head = [0u8; 64];
    let read = stream.read(&mut head).ok()?;
    status_code(&String::from_utf8_lossy(&head[..read]))
}

/// The code of an HTTP/1.x status line: `HTTP/1.1 200 OK` is 200.
pub fn status_code(response: &str) -> Option<u16> {
    let mut words = response.lines().next()?.split_whitespace();
    words.next()?.strip_prefix("HTTP/")?;
    words.next()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_status_code_is_read_from_the_status_line() {
        assert_eq!(
            status_code("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n"),
            Some(200)
        );
        assert_eq!(status_code("HTTP/1.1 503 Service Unavailable\r\n"), Some(503));
        assert_eq!(status_code("SSH-2.0-OpenSSH"), None);
        assert_eq!(status_code(""), None);
    }

    #[test]
    fn a_free_port_can_be_bound_again() {
        let port = free_port().unwrap();
        assert!(TcpListener::bind(("127.0.0.1", port)).is_ok());
    }
}
