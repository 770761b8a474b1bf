//! Refuses writes that a browser sends on behalf of another site.

use axum::extract::Request;
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;

pub async fn refuse_cross_site(request: Request, next: Next) -> Response {
    let safe = matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if !safe && is_cross_site(request.headers()) {
        tracing::info!("cross-site write refused");
        return ApiError::Forbidden.into_response();
    }
    next.run(request).await
}

/// `Sec-Fetch-Site` is what browsers send today, and where it is sent it
/// decides alone: a page whose referrer policy is `no-referrer` (those
/// whose address carries a token) makes the browser send `Origin: null`
/// with its own forms. `Origin` covers older browsers. Requests with
/// neither (curl, server to server) cannot carry a visitor's cookies from
/// another site, so they pass.
pub fn is_cross_site(headers: &HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site") {
        return !matches!(site.as_bytes(), b"same-origin" | b"none");
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        return false;
    };
    let host = headers.get(header::HOST).and_then(|value| value.to_str().ok());
    match (origin.to_str().ok().and_then(origin_authority), host) {
        (Some((scheme, authority)), Some(host)) => {
            without_default_port(scheme, &authority) != without_default_port(scheme, &host.to_ascii_lowercase())
        }
        // `Origin: null` (sandboxed frames, some redirects) or no Host.
        _ => true,
    }
}

/// `https://Example.org:8443` -> (`https`, `example.org:8443`).
fn origin_authority(origin: &str) -> Option<(&str, String)> {
    let (scheme, rest) = origin.split_once("://")?;
    let scheme = match scheme {
        "http" => "http",
        "https" => "https",
        _ => return None,
    };
    (!rest.is_empty() && !rest.contains('/')).then(|| (scheme, rest.to_ascii_lowercase()))
}

fn without_default_port<'a>(scheme: &str, authority: &'a str) -> &'a str {
    let default = if scheme == "https" { ":443" } else { ":80" };
    authority.strip_suffix(default).unwrap_or(authority)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(name, value)| (name.parse().unwrap(), HeaderValue::from_static(value)))
            .collect()
    }

    #[test]
    fn same_site_and_headerless_requests_pass() {
        let cases = [
            (vec![], "no browser headers"),
            (vec![("sec-fetch-site", "same-origin")], "same origin fetch"),
            (vec![("sec-fetch-site", "none")], "typed by the user"),
            (
                vec![
                    ("sec-fetch-site", "same-origin"),
                    ("origin", "null"),
                    ("host", "civic.example"),
                ],
                "a form on a page with no-referrer",
            ),
            (
                vec![("origin", "http://127.0.0.1:8080"), ("host", "127.0.0.1:8080")],
                "same origin",
            ),
            (
                vec![("origin", "https://Civic.example"), ("host", "civic.example:443")],
                "default port",
            ),
        ];
        for (pairs, why) in cases {
            assert!(!is_cross_site(&headers(&pairs)), "{why}");
        }
    }

    #[test]
    fn cross_site_requests_are_recognised() {
        let cases = [
            (vec![("sec-fetch-site", "cross-site")], "cross site"),
            (vec![("sec-fetch-site", "same-site")], "a sibling subdomain"),
            (
                vec![
                    ("sec-fetch-site", "cross-site"),
                    ("origin", "https://civic.example"),
                    ("host", "civic.example"),
                ],
                "Sec-Fetch-Site decides even where Origin matches",
            ),
            (
                vec![("origin", "https://evil.example"), ("host", "civic.example")],
                "other host",
            ),
            (
                vec![("origin", "http://127.0.0.1:9999"), ("host", "127.0.0.1:8080")],
                "other port",
            ),
            (vec![("origin", "null"), ("host", "civic.example")], "opaque origin"),
            (vec![("origin", "https://civic.example")], "no host"),
        ];
        for (pairs, why) in cases {
            assert!(is_cross_site(&headers(&pairs)), "{why}");
        }
    }
}
