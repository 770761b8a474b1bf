//! Per-client limits on the API's writes, with `tower_governor`.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Method, Request};
use axum::response::IntoResponse;
use governor::middleware::NoOpMiddleware;
use tower_governor::governor::{GovernorConfig, GovernorConfigBuilder};
use tower_governor::key_extractor::KeyExtractor;
use tower_governor::{GovernorError, GovernorLayer};

use crate::config::RateLimit;
use crate::error::ApiError;

/// The client's address: the peer's, or the one the trusted reverse proxy
/// puts in `X-Forwarded-For`. Anyone else can write that header, so from
/// them it is ignored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientIp {
    pub trusted_proxy: Option<IpAddr>,
}

impl ClientIp {
    pub fn of(&self, peer: IpAddr, forwarded_for: Option<&str>) -> IpAddr {
        if Some(peer) != self.trusted_proxy {
            return peer;
        }
        // The proxy appends the address it saw last; what comes before was
        // written by the client and proves nothing.
        forwarded_for
            .and_then(|header| header.rsplit(',').next())
            .and_then(|last| last.trim().parse().ok())
            .unwrap_or(peer)
    }
}

impl KeyExtractor for ClientIp {
    type Key = IpAddr;

    fn extract<T>(&self, request: &Request<T>) -> Result<IpAddr, GovernorError> {
        let peer = request
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(addr)| addr.ip())
            .ok_or(GovernorError::UnableToExtractKey)?;
        let forwarded_for = request
            .headers()
            .get("x-forwarded-for")
            .and_then(|value| value.to_str().ok());
        Ok(self.of(peer, forwarded_for))
    }
}

pub type Config = GovernorConfig<ClientIp, NoOpMiddleware>;

/// The limiter for every method that changes something.
pub fn config(limit: RateLimit, trusted_proxy: Option<IpAddr>) -> Arc<Config> {
    let config = GovernorConfigBuilder::default()
        .key_extractor(ClientIp { trusted_proxy })
        .period(limit.period)
        .burst_size(limit.burst)
        .methods(vec![Method::POST, Method::PUT, Method::PATCH, Method::DELETE])
        .finish()
        .expect("Config::from_lookup refuses a zero burst or period");
    Arc::new(config)
}

pub fn layer(config: &Arc<Config>) -> GovernorLayer<ClientIp, NoOpMiddleware, Body> {
    GovernorLayer::new(Arc::clone(config)).error_handler(|error| match error {
        GovernorError::TooManyRequests { wait_time, .. } => ApiError::RateLimited {
            // Rounded down by the crate: never tell a client to retry at once.
            retry_after: wait_time.max(1),
        }
        .into_response(),
        other => ApiError::Unexpected(anyhow::anyhow!("Rate limiting failed: {other}")).into_response(),
    })
}

/// The same per-client budget as the API's writes, asked by a handler that
/// answers a refusal itself: a form the browser posts gets a page that
/// says so, not the API's JSON.
#[derive(Clone)]
pub struct Writes {
    pub config: Arc<Config>,
    pub client: ClientIp,
}

/// What the forms a browser posts to a page spend: the sign, newsletter
/// and report forms the writes' budget, the consent banner the larger one
/// of the API's consent and statistics posts, so that the visitors behind
/// one address deciding on their first visit never use up its signatures.
#[derive(Clone)]
pub struct FormBudgets {
    pub writes: Writes,
    pub consents: Writes,
}

impl Writes {
    /// Whether `request`'s client may write now (and, if so, counts it).
    pub fn allows<T>(&self, request: &Request<T>) -> bool {
        match self.client.extract(request) {
            Ok(client) => self.config.limiter().check_key(&client).is_ok(),
            Err(_) => false,
        }
    }
}

/// The limiter keeps one entry per client it has seen: drop the ones that
/// have refilled, so memory stays bounded.
pub fn spawn_cleanup(config: &Arc<Config>) {
    let limiter = config.limiter().clone();
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(Duration::from_secs(60));
        loop {
            interval.tick().await;
            limiter.retain_recent();
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROXY: &str = "10.0.0.1";

    #[test]
    fn forwarded_addresses_count_only_from_the_trusted_proxy() {
        let proxy: IpAddr = PROXY.parse().unwrap();
        let client: IpAddr = "203.0.113.7".parse().unwrap();
        let stranger: IpAddr = "198.51.100.2".parse().unwrap();
        let trusting = ClientIp {
            trusted_proxy: Some(proxy),
        };
        let cases = [
            (
                trusting,
                proxy,
                Some("203.0.113.7"),
                client,
                "proxy forwards the client",
            ),
            (
                trusting,
                proxy,
                Some("1.2.3.4, 203.0.113.7"),
                client,
                "the proxy's entry is the last",
            ),
            (trusting, proxy, Some("garbage"), proxy, "unreadable header"),
            (trusting, proxy, None, proxy, "no header"),
            (trusting, stranger, Some("1.2.3.4"), stranger, "header from a stranger"),
            (
                ClientIp { trusted_proxy: None },
                proxy,
                Some("1.2.3.4"),
                proxy,
                "no proxy configured",
            ),
        ];
        for (extractor, peer, header, expected, why) in cases {
            assert_eq!(extractor.of(peer, header), expected, "{why}");
        }
    }
}
