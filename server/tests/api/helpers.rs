//! Starts the real application on a free port with its own temporary
//! database and a small built-SPA fixture, and calls it over HTTP.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use civic_api::problem_report::ProblemReportRequest;
use civic_api::{ErrorResponse, Locale, paths};
use civic_server::config::{Config, RateLimit, Secret};
use civic_server::db::Dialect;
use civic_server::mail::OutboxMessage;
use civic_server::secret::{SecretKey, SecretSource};
use civic_server::startup::Application;
use reqwest::Response;
use reqwest::header::{CONTENT_TYPE, HeaderMap};
use tempfile::TempDir;

use crate::fixture::{CONTENT_DIR, PUBLIC_URL, write_dist};

/// A configuration before the app is started, for tests that change it.
#[derive(Clone)]
pub struct Setup {
    pub config: Config,
    dir: Arc<TempDir>,
}

/// Where the tests' server copies contact messages.
pub const CONTACT_TO: &str = "office@civic.example";

/// A setup on its own copy of the repository's content, which a test may
/// change.
pub fn own_content() -> Setup {
    let mut setup = setup();
    let content = setup.dir().join("content");
    copy_dir(std::path::Path::new(crate::fixture::CONTENT_DIR), &content);
    setup.config.content = content;
    setup
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

pub fn setup() -> Setup {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let dist = write_dist(dir.path());
    let config = Config {
        addr: "127.0.0.1:0".parse().unwrap(),
        // A folder that does not exist yet: the server must create it.
        database_url: Secret::new(civic_server::db::test_database_url(dir.path())),
        dist,
        content: PathBuf::from(CONTENT_DIR),
        image_cache: dir.path().join("data/images"),
        public_url: Some(PUBLIC_URL.to_owned()),
        trusted_proxy: None,
        // Generous, so only the test about limits ever meets them.
        rate_limit: RateLimit {
            burst: 1000,
            period: Duration::from_millis(1),
        },
        analytics_rate_limit: RateLimit {
            burst: 1000,
            period: Duration::from_millis(1),
        },
        country_header: None,
        // Given, so a test never writes a key file into data/.
        secret: SecretSource::Given(test_secret()),
        smtp_url: None,
        mail_from: "Civic <no-reply@civic.example>".parse().unwrap(),
        client_timeout: civic_server::config::DEFAULT_CLIENT_TIMEOUT,
        metrics_addr: None,
        contact_to: Some(civic_api::Email::parse(CONTACT_TO).unwrap()),
        stripe: None,
    };
    Setup {
        config,
        dir: Arc::new(dir),
    }
}

/// Every value stored in every table of `pool` but `except`, as text, one a
/// line, table by table and column by column in order.
pub async fn stored_text_of(pool: &civic_server::db::Pool, except: &[&str]) -> String {
    let mut text = String::new();
    for (table, column) in civic_server::db::columns(pool).await.expect("the columns") {
        if except.contains(&table.as_str()) {
            continue;
        }
        let values: Vec<Option<String>> = sqlx::query_scalar(&format!(
            "SELECT CAST(\"{column}\" AS TEXT) FROM \"{table}\" ORDER BY 1"
        ))
        .fetch_all(pool)
        .await
        .unwrap();
        for value in values.into_iter().flatten() {
            text.push_str(&value);
            text.push('\n');
        }
    }
    text
}

pub async fn spawn_app() -> TestApp {
    setup().spawn().await
}

impl Setup {
    /// Whether the test runs on SQLite rather than PostgreSQL.
    pub fn on_sqlite(&self) -> bool {
        Dialect::of_url(self.config.database_url.expose()).is_ok_and(|dialect| dialect == Dialect::Sqlite)
    }

    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    pub async fn spawn(self) -> TestApp {
        if std::env::var("TEST_LOG").is_ok() {
            civic_server::telemetry::init();
        }
        let application = Application::build(self.config.clone()).await.expect("the app builds");
        let address = format!("http://{}", application.address());
        let pool = application.pool().clone();
        let metrics_address = application.metrics_address();
        tokio::spawn(application.run_until_stopped(std::future::pending()));
        TestApp {
            address,
            metrics_address,
            pool,
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            setup: Setup {
                config: self.config,
                dir: self.dir,
            },
        }
    }
}

pub struct TestApp {
    pub address: String,
    /// Where `/metrics` is served, when the setup asked for it.
    pub metrics_address: Option<std::net::SocketAddr>,
    pub pool: civic_server::db::Pool,
    /// Decompresses bodies, as a browser would.
    pub client: reqwest::Client,
    setup: Setup,
}

impl TestApp {
    /// The same configuration again, for a restart on the same database.
    pub fn setup_again(&self) -> Setup {
        Setup {
            config: self.setup.config.clone(),
            dir: Arc::clone(&self.setup.dir),
        }
    }

    /// Whether the test runs on SQLite rather than PostgreSQL.
    pub fn on_sqlite(&self) -> bool {
        self.setup.on_sqlite()
    }

    /// Every column of every table, as (table, column).
    pub async fn columns(&self) -> Vec<(String, String)> {
        civic_server::db::columns(&self.pool).await.expect("the columns")
    }

    /// The columns of one table, in order.
    pub async fn columns_of(&self, table: &str) -> Vec<String> {
        let all = self.columns().await;
        all.into_iter()
            .filter(|(name, _)| name == table)
            .map(|(_, column)| column)
            .collect()
    }

    /// Every value stored in every table but `except`, as text, one a line.
    pub async fn stored_text(&self, except: &[&str]) -> String {
        stored_text_of(&self.pool, except).await
    }

    /// Every value of one table as text, for scanning.
    pub async fn stored_text_of_table(&self, table: &str) -> String {
        let mut text = String::new();
        for (_, column) in self.columns().await.into_iter().filter(|(name, _)| name == table) {
            let values: Vec<Option<String>> =
                sqlx::query_scalar(&format!("SELECT CAST(\"{column}\" AS TEXT) FROM \"{table}\""))
                    .fetch_all(&self.pool)
                    .await
                    .unwrap();
            for value in values.into_iter().flatten() {
                text.push_str(&value);
                text.push('\n');
            }
        }
        text
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn get(&self, path: &str) -> Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("the request is sent")
    }

    pub async fn get_with(&self, path: &str, headers: HeaderMap) -> Response {
        self.client
            .get(self.url(path))
            .headers(headers)
            .send()
            .await
            .expect("the request is sent")
    }

    /// A request whose body is left as the server sent it.
    pub async fn get_raw(&self, path: &str, accept_encoding: &str) -> Response {
        let client = reqwest::Client::builder().no_brotli().no_gzip().build().unwrap();
        client
            .get(self.url(path))
            .header("accept-encoding", accept_encoding)
            .send()
            .await
            .expect("the request is sent")
    }

    pub async fn get_health(&self) -> Response {
        self.get(paths::HEALTH).await
    }

    pub async fn get_page(&self, locale: &str, slug: &str) -> Response {
        self.get(&format!("/api/pages/{locale}/{slug}")).await
    }

    pub async fn post_problem_report(&self, request: &ProblemReportRequest) -> Response {
        self.post_problem_report_with(serde_json::to_string(request).unwrap(), HeaderMap::new())
            .await
    }

    /// Sends `body` as JSON with extra `headers` (which may override the
    /// content type).
    pub async fn post_problem_report_with(&self, body: String, headers: HeaderMap) -> Response {
        self.client
            .post(self.url(paths::PROBLEM_REPORTS))
            .header(CONTENT_TYPE, "application/json")
            .headers(headers)
            .body(body)
            .send()
            .await
            .expect("the request is sent")
    }

    pub async fn count_problem_reports(&self) -> i64 {
        sqlx::query_scalar("SELECT COUNT(*) FROM problem_reports")
            .fetch_one(&self.pool)
            .await
            .unwrap()
    }
}

/// The key every test app signs its tokens with.
pub fn test_secret() -> SecretKey {
    SecretKey::from_bytes(b"civic test secret, 32 bytes long").unwrap()
}

impl TestApp {
    /// The dev outbox, newest first, once the sender has handled what was
    /// queued (or after a few seconds, whatever it holds then).
    pub async fn outbox(&self) -> Vec<OutboxMessage> {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
        loop {
            let messages: Vec<OutboxMessage> = self.get("/dev/outbox.json").await.json().await.unwrap();
            if messages.iter().all(|m| m.status != "pending") || tokio::time::Instant::now() >= deadline {
                return messages;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }

    /// The messages to `to`, newest first.
    pub async fn mails_to(&self, to: &str) -> Vec<OutboxMessage> {
        let mut messages = self.outbox().await;
        messages.retain(|m| m.to.eq_ignore_ascii_case(to));
        messages
    }

    /// The first address containing `path_contains` in the newest message to
    /// `to` that has one, as written in the mail (starting with the public
    /// URL). Waits a few seconds for it, then fails the test.
    pub async fn link_in_latest_mail_to(&self, to: &str, path_contains: &str) -> String {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
        loop {
            let found = self
                .mails_to(to)
                .await
                .iter()
                .find_map(|m| links(&m.text).into_iter().find(|link| link.contains(path_contains)));
            if let Some(link) = found {
                return link;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "no mail to {to} with a link containing {path_contains:?}"
            );
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }
}

/// The `http(s)://` addresses in a text, in order, without the punctuation
/// that may follow one.
pub fn links(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"'))
        .filter_map(|word| {
            let start = word.find("https://").or_else(|| word.find("http://"))?;
            Some(
                word[start..]
                    .trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '\''])
                    .to_owned(),
            )
        })
        .collect()
}

pub fn valid_report() -> ProblemReportRequest {
    ProblemReportRequest {
        idempotency_key: format!("test-{:016x}{:016x}", rand::random::<u64>(), rand::random::<u64>()),
        locale: Some(Locale::Fr),
        page: "/fr/about".into(),
        description: "The language switcher hides the menu on my phone.".into(),
        email: String::new(),
        website: String::new(),
    }
}

/// Reads an error body, checking it has the one documented shape.
pub async fn error_body(response: Response) -> ErrorResponse {
    let text = response.text().await.unwrap();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("not the error shape ({e}): {text}"))
}

pub fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
    pairs
        .iter()
        .map(|(name, value)| (name.parse().unwrap(), value.parse().unwrap()))
        .collect()
}

/// The markup's text with tags removed and entities of the prose kept, for
/// finding sentences whatever elements they are split over.
pub fn text_of(markup: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in markup.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}
