use base64::Engine;
use sha2::{Digest, Sha256};

use crate::fixture::{ASSET, INLINE_SCRIPT, READING_INLINE_SCRIPT, SURVEYS_INLINE_SCRIPT};
use crate::helpers::{setup, spawn_app};

#[tokio::test]
async fn every_kind_of_response_carries_the_security_headers() {
    let app = spawn_app().await;
    let asset = format!("/{ASSET}");
    let paths = [
        "/api/health",
        "/api/nothing",
        asset.as_str(),
        "/robots.txt",
        "/fr/about",
        "/no-such-page",
    ];
    let expected = [
        ("x-content-type-options", "nosniff"),
        ("referrer-policy", "strict-origin-when-cross-origin"),
        ("cross-origin-opener-policy", "same-origin"),
        ("cross-origin-resource-policy", "same-origin"),
        ("x-frame-options", "DENY"),
        ("strict-transport-security", "max-age=63072000; includeSubDomains"),
        (
            "permissions-policy",
            "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=(), browsing-topics=()",
        ),
    ];
    for path in paths {
        let response = app.get(path).await;

        for (name, value) in expected {
            assert_eq!(
                response.headers().get(name).map(|v| v.to_str().unwrap()),
                Some(value),
                "{name} on {path}"
            );
        }
        let csp = response.headers()["content-security-policy"].to_str().unwrap();
        assert!(
            csp.starts_with("default-src 'none'; script-src 'self' 'wasm-unsafe-eval'"),
            "{csp}"
        );
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
        assert!(!csp.contains("unsafe-inline"), "{csp}");
    }
}

#[tokio::test]
async fn the_csp_allows_exactly_the_inline_script_of_each_bundles_shell() {
    let app = spawn_app().await;
    let hash = |script: &str| base64::engine::general_purpose::STANDARD.encode(Sha256::digest(script.as_bytes()));

    let response = app.get("/").await;

    let csp = response.headers()["content-security-policy"].to_str().unwrap();
    for script in [INLINE_SCRIPT, SURVEYS_INLINE_SCRIPT, READING_INLINE_SCRIPT] {
        assert!(csp.contains(&format!("'sha256-{}'", hash(script))), "{csp}");
    }
    assert_eq!(csp.matches("'sha256-").count(), 3, "{csp}");
}

#[tokio::test]
async fn hsts_is_not_sent_when_the_site_is_served_over_http() {
    let mut setup = setup();
    setup.config.public_url = Some("http://civic.example".to_owned());
    let app = setup.spawn().await;

    let response = app.get("/api/health").await;

    assert!(response.headers().get("strict-transport-security").is_none());
    assert!(response.headers().contains_key("content-security-policy"));
}
