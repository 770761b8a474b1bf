//! Headers every response carries, errors and files included.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

#[derive(Debug, Clone)]
pub struct SecurityHeaders(HeaderMap);

impl SecurityHeaders {
    /// `script_hashes` and `style_hashes` are the `'sha256-...'` of the
    /// shell's inline elements; HSTS only makes sense, and is only sent, when
    /// the site is on https.
    pub fn new(script_hashes: &[String], style_hashes: &[String], https: bool) -> anyhow::Result<SecurityHeaders> {
        let mut script_src = vec!["'self'", "'wasm-unsafe-eval'"];
        script_src.extend(script_hashes.iter().map(String::as_str));
        let mut style_src = vec!["'self'"];
        style_src.extend(style_hashes.iter().map(String::as_str));
        let csp = [
            "default-src 'none'".to_owned(),
            format!("script-src {}", script_src.join(" ")),
            "connect-src 'self'".to_owned(),
            format!("style-src {}", style_src.join(" ")),
            "img-src 'self' data:".to_owned(),
            "font-src 'self'".to_owned(),
            "manifest-src 'self'".to_owned(),
            "base-uri 'none'".to_owned(),
            "form-action 'self'".to_owned(),
            "frame-ancestors 'none'".to_owned(),
        ]
        .join("; ");
        let permissions =
            "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=(), browsing-topics=()";
        let mut headers = HeaderMap::new();
        headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_str(&csp)?);
        headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
        headers.insert(
            header::REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        );
        headers.insert(
            HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static(permissions),
        );
        headers.insert(
            HeaderName::from_static("cross-origin-opener-policy"),
            HeaderValue::from_static("same-origin"),
        );
        headers.insert(
            HeaderName::from_static("cross-origin-resource-policy"),
            HeaderValue::from_static("same-origin"),
        );
        headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
        if https {
            headers.insert(
                header::STRICT_TRANSPORT_SECURITY,
                HeaderValue::from_static("max-age=63072000; includeSubDomains"),
            );
        }
        Ok(SecurityHeaders(headers))
    }
}

pub async fn add(State(headers): State<Arc<SecurityHeaders>>, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    for (name, value) in &headers.0 {
        response.headers_mut().insert(name, value.clone());
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_csp_lists_the_inline_script_hashes_and_no_unsafe_inline() {
        let headers =
            SecurityHeaders::new(&["'sha256-abc='".to_owned()], &["'sha256-css='".to_owned()], false).unwrap();
        let csp = headers.0[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        assert!(
            csp.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-abc='"),
            "{csp}"
        );
        assert!(csp.contains("style-src 'self' 'sha256-css='"), "{csp}");
        assert!(!csp.contains("unsafe-inline"));
    }

    #[test]
    fn hsts_is_sent_only_over_https() {
        assert!(
            !SecurityHeaders::new(&[], &[], false)
                .unwrap()
                .0
                .contains_key(header::STRICT_TRANSPORT_SECURITY)
        );
        assert!(
            SecurityHeaders::new(&[], &[], true)
                .unwrap()
                .0
                .contains_key(header::STRICT_TRANSPORT_SECURITY)
        );
    }
}
