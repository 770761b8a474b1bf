//! The visitor's country, as the reverse proxy in front of the site reports
//! it (Cloudflare's `CF-IPCountry`, for instance). The server never looks an
//! address up itself.

use std::net::IpAddr;

use axum::http::{HeaderMap, HeaderName};
use civic_api::Country;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountryHeader {
    pub name: Option<HeaderName>,
    pub trusted_proxy: Option<IpAddr>,
}

impl CountryHeader {
    /// The country in the configured header, only when the trusted proxy
    /// sent the request: from anyone else the header is whatever they like.
    /// Codes that are no country (`XX` for unknown, `T1` for Tor) give none.
    pub fn country(&self, peer: IpAddr, headers: &HeaderMap) -> Option<Country> {
        let name = self.name.as_ref()?;
        if Some(peer) != self.trusted_proxy {
            return None;
        }
        let value = headers.get(name)?.to_str().ok()?;
        Country::parse(value).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    const PROXY: &str = "10.0.0.1";

    fn headers(value: &'static str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("cf-ipcountry", HeaderValue::from_static(value));
        headers
    }

    #[test]
    fn the_country_counts_only_from_the_trusted_proxy() {
        let proxy: IpAddr = PROXY.parse().unwrap();
        let stranger: IpAddr = "198.51.100.2".parse().unwrap();
        let configured = CountryHeader {
            name: Some(HeaderName::from_static("cf-ipcountry")),
            trusted_proxy: Some(proxy),
        };
        let unnamed = CountryHeader {
            name: None,
            ..configured.clone()
        };
        let no_proxy = CountryHeader {
            trusted_proxy: None,
            ..configured.clone()
        };
        let cases = [
            (&configured, proxy, headers("fr"), Some("FR"), "proxy names a country"),
            (&configured, stranger, headers("FR"), None, "header from a stranger"),
            (&configured, proxy, headers("XX"), None, "unknown country"),
            (&configured, proxy, headers("T1"), None, "Tor"),
            (&configured, proxy, HeaderMap::new(), None, "no header"),
            (&unnamed, proxy, headers("FR"), None, "no header configured"),
            (&no_proxy, proxy, headers("FR"), None, "no proxy configured"),
        ];
        for (source, peer, headers, expected, why) in cases {
            let found = source.country(peer, &headers);
            assert_eq!(found.as_ref().map(Country::code), expected, "{why}");
        }
    }
}
