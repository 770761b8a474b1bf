//! Settings from the environment, each with a default that works on a
//! developer's machine.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use axum::http::HeaderName;
use lettre::message::Mailbox;

use crate::db::Dialect;
use crate::secret::{SecretKey, SecretSource};

/// A value that must never reach a log line, such as a database URL that may
/// hold a password.
#[derive(Clone)]
pub struct Secret<T>(T);

impl<T> Secret<T> {
    pub fn new(value: T) -> Self {
        Secret(value)
    }

    pub fn expose(&self) -> &T {
        &self.0
    }
}

impl<T> std::fmt::Debug for Secret<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

#[derive(Debug, Clone)]
pub struct Config {
    /// Where to listen; port 0 picks a free port (tests).
    pub addr: SocketAddr,
    pub database_url: Secret<String>,
    /// The SPA as built by trunk.
    pub dist: PathBuf,
    /// The Markdown pages, as `pages/{locale}/{slug}.md`.
    pub content: PathBuf,
    /// The smaller copies of petition pictures, made once and kept
    /// (`crate::images`).
    pub image_cache: PathBuf,
    /// The site's address as visitors see it, for canonical and Open Graph
    /// URLs; `None` means `http://` plus the address actually bound.
    pub public_url: Option<String>,
    /// The one peer whose `X-Forwarded-For` is believed.
    pub trusted_proxy: Option<IpAddr>,
    pub rate_limit: RateLimit,
    /// Consent and analytics posts: frequent and harmless, so they get their
    /// own, larger budget and never use up a visitor's writes.
    pub analytics_rate_limit: RateLimit,
    /// The header in which the trusted proxy names the visitor's country
    /// (such as `CF-IPCountry`); `None` counts no countries.
    pub country_header: Option<HeaderName>,
    /// Signs the tokens in e-mailed links: `CIVIC_SECRET`, or a key kept in
    /// `data/civic.secret`.
    pub secret: SecretSource,
    /// `None` keeps mail in the dev outbox at `/dev/outbox`.
    pub smtp_url: Option<Secret<String>>,
    pub mail_from: Mailbox,
    /// How long a client may take to send a request's headers, and between
    /// two pieces of its body (`CIVIC_CLIENT_TIMEOUT_SECONDS`, 10).
    pub client_timeout: Duration,
    /// Where `/metrics` is served (`CIVIC_METRICS_ADDR`); `None`, nowhere.
    pub metrics_addr: Option<SocketAddr>,
    /// Where a copy of each contact message goes (`CIVIC_CONTACT_TO`);
    /// `None` keeps them in the database only.
    pub contact_to: Option<civic_api::Email>,
    /// Stripe's keys (`CIVIC_STRIPE_SECRET_KEY`, `CIVIC_STRIPE_WEBHOOK_SECRET`);
    /// `None` plays the sandbox provider, where no money moves.
    pub stripe: Option<StripeConfig>,
}

/// How to reach Stripe and check its events.
#[derive(Debug, Clone)]
pub struct StripeConfig {
    /// `sk_live_…` or `sk_test_…` (a restricted key with write access to
    /// Checkout Sessions and the customer portal is enough).
    pub secret_key: Secret<String>,
    /// `whsec_…`; two, comma-separated, while rolling it.
    pub webhook_secrets: Vec<Secret<String>>,
    /// `https://api.stripe.com`, or `CIVIC_STRIPE_API_URL` (the tests' fake).
    pub api_url: String,
}

/// Long enough for a phone on a poor line, short enough that a client
/// holding connections open cannot starve the others.
pub const DEFAULT_CLIENT_TIMEOUT: Duration = Duration::from_secs(10);

/// How many writes one client may make: a burst, then one more per period.
#[derive(Debug, Clone, Copy)]
pub struct RateLimit {
    pub burst: u32,
    pub period: Duration,
}

impl Default for RateLimit {
    fn default() -> Self {
        RateLimit {
            burst: 5,
            period: Duration::from_secs(6),
        }
    }
}

impl RateLimit {
    /// A page view per page shown and a share per click, with room for a
    /// visitor who opens many pages at once.
    pub const ANALYTICS: RateLimit = RateLimit {
        burst: 60,
        period: Duration::from_secs(1),
    };

    /// `{prefix}_BURST` and `{prefix}_PERIOD_MS`, each falling back to `defaults`.
    fn from_lookup(get: impl Fn(&str) -> Option<String>, prefix: &str, defaults: RateLimit) -> anyhow::Result<Self> {
        let burst = get(&format!("{prefix}_BURST"))
            .map(|value| value.parse::<u32>())
            .transpose()
            .with_context(|| format!("{prefix}_BURST must be a whole number"))?
            .unwrap_or(defaults.burst);
        let period = get(&format!("{prefix}_PERIOD_MS"))
            .map(|value| value.parse::<u64>().map(Duration::from_millis))
            .transpose()
            .with_context(|| format!("{prefix}_PERIOD_MS must be a whole number of milliseconds"))?
            .unwrap_or(defaults.period);
        anyhow::ensure!(
            burst > 0 && !period.is_zero(),
            "the rate limit burst and period ({prefix}_*) must be above zero"
        );
        Ok(RateLimit { burst, period })
    }
}

impl Config {
    pub fn from_env() -> anyhow::Result<Config> {
        Config::from_lookup(|key| std::env::var(key).ok())
    }

    /// Reads the settings through `lookup`, so tests can pass a map instead
    /// of changing the process environment.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> anyhow::Result<Config> {
        let get = |key: &str| lookup(key).filter(|value| !value.trim().is_empty());
        let addr = get("CIVIC_ADDR")
            .unwrap_or_else(|| "127.0.0.1:8080".to_owned())
            .parse()
            .context("CIVIC_ADDR must be an address like 127.0.0.1:8080")?;
        let trusted_proxy = get("CIVIC_TRUSTED_PROXY")
            .map(|value| value.parse())
            .transpose()
            .context("CIVIC_TRUSTED_PROXY must be an IP address")?;
        let public_url = get("CIVIC_PUBLIC_URL").map(|url| parse_public_url(&url)).transpose()?;
        let rate_limit = RateLimit::from_lookup(get, "CIVIC_RATE_LIMIT", RateLimit::default())?;
        let analytics_rate_limit = RateLimit::from_lookup(get, "CIVIC_ANALYTICS_RATE_LIMIT", RateLimit::ANALYTICS)?;
        let country_header = get("CIVIC_COUNTRY_HEADER")
            .map(|name| HeaderName::try_from(name.trim()))
            .transpose()
            .context("CIVIC_COUNTRY_HEADER must be a header name such as CF-IPCountry")?;
        let secret = match get("CIVIC_SECRET") {
            Some(text) => SecretSource::Given(SecretKey::parse(&text).context("CIVIC_SECRET is not usable")?),
            None => SecretSource::File(DEFAULT_SECRET_FILE.into()),
        };
        let database_url = get("DATABASE_URL").unwrap_or_else(|| "sqlite://data/civic.db".to_owned());
        let dialect = Dialect::of_url(&database_url)?;
        // A generated key lives in one machine's data/ folder; servers that
        // share a database must share the key that signs their links.
        anyhow::ensure!(
            dialect == Dialect::Sqlite || matches!(secret, SecretSource::Given(_)),
            "DATABASE_URL names PostgreSQL but CIVIC_SECRET is unset: every server on one database must sign \
             links with the same key. Set CIVIC_SECRET to the same random value (openssl rand -base64 48) on each."
        );
        let smtp_url = get("CIVIC_SMTP_URL").map(Secret::new);
        if let Some(url) = &smtp_url {
            crate::mail::transport::builder(url.expose())?;
        }
        // Without SMTP every message, signed links included, is shown at
        // /dev/outbox: fine on a developer's machine, never on the web.
        anyhow::ensure!(
            smtp_url.is_some() || !public_url.as_deref().is_some_and(|url| url.starts_with("https://")),
            "CIVIC_PUBLIC_URL is https but CIVIC_SMTP_URL is unset: the development outbox at /dev/outbox \
             would publish every e-mail. Set CIVIC_SMTP_URL to send mail for real."
        );
        let mail_from = get("CIVIC_MAIL_FROM")
            .unwrap_or_else(|| DEFAULT_MAIL_FROM.to_owned())
            .parse()
            .context("CIVIC_MAIL_FROM must be an address such as `Civic <no-reply@civic.example.org>`")?;
        let client_timeout = get("CIVIC_CLIENT_TIMEOUT_SECONDS")
            .map(|seconds| seconds.trim().parse::<u64>().ok().filter(|seconds| *seconds > 0))
            .map(|seconds| seconds.context("CIVIC_CLIENT_TIMEOUT_SECONDS must be a whole number of seconds, 1 or more"))
            .transpose()?
            .map_or(DEFAULT_CLIENT_TIMEOUT, Duration::from_secs);
        let metrics_addr = get("CIVIC_METRICS_ADDR")
            .map(|addr| addr.trim().parse())
            .transpose()
            .context("CIVIC_METRICS_ADDR must be an address like 127.0.0.1:9090")?;
        let contact_to = get("CIVIC_CONTACT_TO")
            .filter(|address| !address.trim().is_empty())
            .map(|address| civic_api::Email::parse(&address))
            .transpose()
            .map_err(|_| {
                anyhow::anyhow!("CIVIC_CONTACT_TO must be an e-mail address such as info@civic.example.org")
            })?;
        let stripe = match (get("CIVIC_STRIPE_SECRET_KEY"), get("CIVIC_STRIPE_WEBHOOK_SECRET")) {
            (None, None) => None,
            (Some(key), Some(webhook)) => {
                let webhook_secrets: Vec<Secret<String>> = webhook
                    .split(',')
                    .map(str::trim)
                    .filter(|secret| !secret.is_empty())
                    .map(|secret| Secret::new(secret.to_owned()))
                    .collect();
                anyhow::ensure!(
                    key.trim().starts_with("sk_") || key.trim().starts_with("rk_"),
                    "CIVIC_STRIPE_SECRET_KEY must be a Stripe secret or restricted key (sk_… or rk_…)"
                );
                anyhow::ensure!(
                    webhook_secrets
                        .iter()
                        .all(|secret| secret.expose().starts_with("whsec_")),
                    "CIVIC_STRIPE_WEBHOOK_SECRET must be the endpoint's signing secret (whsec_…)"
                );
                Some(StripeConfig {
                    secret_key: Secret::new(key.trim().to_owned()),
                    webhook_secrets,
                    api_url: get("CIVIC_STRIPE_API_URL")
                        .map(|url| url.trim().trim_end_matches('/').to_owned())
                        .unwrap_or_else(|| crate::payments::stripe_api::STRIPE_API_URL.to_owned()),
                })
            }
            _ => anyhow::bail!(
                "Set both CIVIC_STRIPE_SECRET_KEY and CIVIC_STRIPE_WEBHOOK_SECRET to take payments with Stripe, \
                 or neither for the sandbox"
            ),
        };
        Ok(Config {
            addr,
            database_url: Secret::new(database_url),
            dist: get("CIVIC_DIST").unwrap_or_else(|| "dist".to_owned()).into(),
            content: get("CIVIC_CONTENT").unwrap_or_else(|| "content".to_owned()).into(),
            image_cache: get("CIVIC_IMAGE_CACHE")
                .unwrap_or_else(|| DEFAULT_IMAGE_CACHE.to_owned())
                .into(),
            public_url,
            trusted_proxy,
            rate_limit,
            analytics_rate_limit,
            country_header,
            secret,
            smtp_url,
            mail_from,
            client_timeout,
            metrics_addr,
            contact_to,
            stripe,
        })
    }
}

/// Where a generated secret key is kept when `CIVIC_SECRET` is unset.
pub const DEFAULT_SECRET_FILE: &str = "data/civic.secret";
pub const DEFAULT_IMAGE_CACHE: &str = "data/images";
pub const DEFAULT_MAIL_FROM: &str = "Civic <no-reply@localhost>";

/// Keeps the URL without a trailing slash so paths can be appended as is.
fn parse_public_url(url: &str) -> anyhow::Result<String> {
    let trimmed = url.trim().trim_end_matches('/');
    let host = trimmed
        .strip_prefix("https://")
        .or_else(|| trimmed.strip_prefix("http://"))
        .with_context(|| format!("CIVIC_PUBLIC_URL must start with http:// or https://, got {trimmed:?}"))?;
    anyhow::ensure!(
        !host.is_empty() && !host.contains('/'),
        "CIVIC_PUBLIC_URL must be a scheme and host only, such as https://civic.example.org"
    );
    Ok(trimmed.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(pairs: &[(&str, &str)]) -> anyhow::Result<Config> {
        let map: HashMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Config::from_lookup(|key| map.get(key).cloned())
    }

    #[test]
    fn an_empty_environment_gives_the_documented_defaults() {
        let config = config(&[]).unwrap();
        assert_eq!(config.addr.to_string(), "127.0.0.1:8080");
        assert_eq!(config.database_url.expose(), "sqlite://data/civic.db");
        assert_eq!(config.dist, PathBuf::from("dist"));
        assert_eq!(config.image_cache, PathBuf::from("data/images"));
        assert_eq!(config.content, PathBuf::from("content"));
        assert_eq!(config.public_url, None);
        assert_eq!(config.trusted_proxy, None);
        assert_eq!(config.rate_limit.burst, 5);
        assert_eq!(config.rate_limit.period, Duration::from_secs(6));
        assert_eq!(config.analytics_rate_limit.burst, 60);
        assert_eq!(config.analytics_rate_limit.period, Duration::from_secs(1));
        assert_eq!(config.country_header, None);
        assert!(matches!(&config.secret, SecretSource::File(path) if path == &PathBuf::from("data/civic.secret")));
        assert!(config.smtp_url.is_none());
        assert!(config.stripe.is_none(), "the sandbox takes payments by default");
        assert_eq!(config.mail_from.to_string(), "Civic <no-reply@localhost>");
        assert_eq!(config.client_timeout, Duration::from_secs(10));
        assert_eq!(config.metrics_addr, None, "no metrics unless asked");
    }

    #[test]
    fn the_client_timeout_is_set_in_whole_seconds() {
        let patient = config(&[("CIVIC_CLIENT_TIMEOUT_SECONDS", "30")]).unwrap();
        assert_eq!(patient.client_timeout, Duration::from_secs(30));
    }

    #[test]
    fn a_given_secret_is_used_and_never_shown() {
        let text = "aHVudGVyMi1odW50ZXIyLWh1bnRlcjItaHVudGVyMi1odW50ZXIy";
        let config = config(&[("CIVIC_SECRET", text)]).unwrap();
        let SecretSource::Given(key) = &config.secret else {
            panic!("the secret from the environment is used");
        };
        assert_eq!(key, &SecretKey::parse(text).unwrap());
        let shown = format!("{config:?}");
        assert!(!shown.contains(text) && !shown.contains("hunter2"), "{shown}");
    }

    #[test]
    fn postgresql_needs_the_shared_secret_and_other_databases_are_refused() {
        let postgres = ("DATABASE_URL", "postgres://civic@db.internal/civic");
        let error = format!("{:#}", config(&[postgres]).unwrap_err());
        assert!(error.contains("CIVIC_SECRET") && error.contains("same"), "{error}");
        let secret = ("CIVIC_SECRET", "aHVudGVyMi1odW50ZXIyLWh1bnRlcjItaHVudGVyMi1odW50ZXIy");
        assert!(config(&[postgres, secret]).is_ok());
        let error = format!(
            "{:#}",
            config(&[("DATABASE_URL", "mysql://civic@db/civic")]).unwrap_err()
        );
        assert!(error.contains("DATABASE_URL"), "{error}");
    }

    #[test]
    fn a_short_secret_is_refused_with_a_clear_message() {
        let error = format!("{:#}", config(&[("CIVIC_SECRET", "c2hvcnQ=")]).unwrap_err());
        assert!(
            error.contains("CIVIC_SECRET") && error.contains("at least 32"),
            "{error}"
        );
    }

    #[test]
    fn the_smtp_url_is_checked_and_never_shown() {
        let config = config(&[("CIVIC_SMTP_URL", "smtps://civic:hunter2@mail.example.org:465")]).unwrap();
        assert_eq!(
            config.smtp_url.as_ref().map(|url| url.expose().as_str()),
            Some("smtps://civic:hunter2@mail.example.org:465")
        );
        assert!(!format!("{config:?}").contains("hunter2"));
        let error = format!(
            "{:#}",
            super::tests::config(&[("CIVIC_SMTP_URL", "imap://u:hunter2@host")]).unwrap_err()
        );
        assert!(
            error.contains("CIVIC_SMTP_URL") && !error.contains("hunter2"),
            "{error}"
        );
    }

    #[test]
    fn the_sender_address_can_be_set() {
        let config = config(&[("CIVIC_MAIL_FROM", "Civic Campaigns <hello@civic.example.org>")]).unwrap();
        assert_eq!(config.mail_from.email.to_string(), "hello@civic.example.org");
        assert_eq!(config.mail_from.name.as_deref(), Some("Civic Campaigns"));
        assert!(super::tests::config(&[("CIVIC_MAIL_FROM", "not an address")]).is_err());
    }

    #[test]
    fn the_country_header_and_the_analytics_budget_can_be_set() {
        let config = config(&[
            ("CIVIC_COUNTRY_HEADER", "CF-IPCountry"),
            ("CIVIC_ANALYTICS_RATE_LIMIT_BURST", "500"),
        ])
        .unwrap();
        assert_eq!(
            config.country_header.as_ref().map(HeaderName::as_str),
            Some("cf-ipcountry")
        );
        assert_eq!(config.analytics_rate_limit.burst, 500);
        assert_eq!(config.analytics_rate_limit.period, Duration::from_secs(1));
        assert_eq!(config.rate_limit.burst, 5);
    }

    #[test]
    fn the_database_url_never_shows_in_debug_output() {
        let url = ("DATABASE_URL", "postgres://civic:hunter2@db/civic");
        let secret = ("CIVIC_SECRET", "aHVudGVyMi1odW50ZXIyLWh1bnRlcjItaHVudGVyMi1odW50ZXIy");
        let config = config(&[url, secret]).unwrap();
        assert!(!format!("{config:?}").contains("hunter2"));
        let refused = format!("{:#}", super::tests::config(&[url]).unwrap_err());
        assert!(!refused.contains("hunter2"), "{refused}");
    }

    #[test]
    fn a_public_https_site_needs_real_mail() {
        assert!(config(&[("CIVIC_PUBLIC_URL", "https://civic.example.org")]).is_err());
        assert!(config(&[("CIVIC_PUBLIC_URL", "http://127.0.0.1:8080")]).is_ok());
    }

    #[test]
    fn the_public_url_loses_its_trailing_slash() {
        let config = config(&[
            ("CIVIC_PUBLIC_URL", "https://civic.example.org/"),
            ("CIVIC_SMTP_URL", "smtp://127.0.0.1:25"),
        ])
        .unwrap();
        assert_eq!(config.public_url.as_deref(), Some("https://civic.example.org"));
    }

    #[test]
    fn malformed_settings_are_refused() {
        let cases = [
            ("CIVIC_ADDR", "localhost", "address without a port"),
            ("CIVIC_TRUSTED_PROXY", "proxy.local", "host name instead of an IP"),
            ("CIVIC_PUBLIC_URL", "civic.example.org", "no scheme"),
            ("CIVIC_PUBLIC_URL", "https://civic.example.org/site", "a path"),
            ("CIVIC_RATE_LIMIT_BURST", "0", "zero burst"),
            ("CIVIC_ANALYTICS_RATE_LIMIT_PERIOD_MS", "0", "zero analytics period"),
            ("CIVIC_COUNTRY_HEADER", "CF IPCountry", "a space in a header name"),
            ("CIVIC_CLIENT_TIMEOUT_SECONDS", "0", "no time at all"),
            ("CIVIC_METRICS_ADDR", "9090", "a port without an address"),
            ("CIVIC_CLIENT_TIMEOUT_SECONDS", "1.5", "not whole seconds"),
        ];
        for (key, value, why) in cases {
            assert!(config(&[(key, value)]).is_err(), "{why}");
        }
    }
}
