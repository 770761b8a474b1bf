//! Settings from the environment, each with a default that works on a
//! developer's machine.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;

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
    /// The site's address as visitors see it, for canonical and Open Graph
    /// URLs; `None` means `http://` plus the address actually bound.
    pub public_url: Option<String>,
    /// The one peer whose `X-Forwarded-For` is believed.
    pub trusted_proxy: Option<IpAddr>,
    pub rate_limit: RateLimit,
}

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
        let defaults = RateLimit::default();
        let burst = get("CIVIC_RATE_LIMIT_BURST")
            .map(|value| value.parse::<u32>())
            .transpose()
            .context("CIVIC_RATE_LIMIT_BURST must be a whole number")?
            .unwrap_or(defaults.burst);
        let period = get("CIVIC_RATE_LIMIT_PERIOD_MS")
            .map(|value| value.parse::<u64>().map(Duration::from_millis))
            .transpose()
            .context("CIVIC_RATE_LIMIT_PERIOD_MS must be a whole number of milliseconds")?
            .unwrap_or(defaults.period);
        anyhow::ensure!(
            burst > 0 && !period.is_zero(),
            "the rate limit burst and period must be above zero"
        );
        Ok(Config {
            addr,
            database_url: Secret::new(get("DATABASE_URL").unwrap_or_else(|| "sqlite://data/civic.db".to_owned())),
            dist: get("CIVIC_DIST").unwrap_or_else(|| "dist".to_owned()).into(),
            content: get("CIVIC_CONTENT").unwrap_or_else(|| "content".to_owned()).into(),
            public_url,
            trusted_proxy,
            rate_limit: RateLimit { burst, period },
        })
    }
}

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
        assert_eq!(config.content, PathBuf::from("content"));
        assert_eq!(config.public_url, None);
        assert_eq!(config.trusted_proxy, None);
        assert_eq!(config.rate_limit.burst, 5);
        assert_eq!(config.rate_limit.period, Duration::from_secs(6));
    }

    #[test]
    fn the_database_url_never_shows_in_debug_output() {
        let config = config(&[("DATABASE_URL", "postgres://civic:hunter2@db/civic")]).unwrap();
        assert!(!format!("{config:?}").contains("hunter2"));
    }

    #[test]
    fn the_public_url_loses_its_trailing_slash() {
        let config = config(&[("CIVIC_PUBLIC_URL", "https://civic.example.org/")]).unwrap();
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
        ];
        for (key, value, why) in cases {
            assert!(config(&[(key, value)]).is_err(), "{why}");
        }
    }
}
