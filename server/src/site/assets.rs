//! The SPA's files from `dist/`, precompressed variants preferred, cached
//! for a year when their name carries a content hash.

use std::convert::Infallible;
use std::path::Path;

use axum::body::Body;
use axum::extract::Request;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{Next, from_fn, from_fn_with_state};
use axum::response::{IntoResponse, Response};
use tower::{Service, ServiceBuilder, ServiceExt};
use tower_http::services::ServeDir;

const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// `fallback` answers for every path that is not a file.
pub fn service<F>(
    dist: &Path,
    fallback: F,
) -> impl Service<Request, Response = Response, Error = Infallible, Future: Send> + Clone + Send + Sync + 'static
where
    F: Service<Request, Response = Response, Error = Infallible, Future: Send> + Clone + Send + Sync + 'static,
{
    let files = ServeDir::new(dist)
        .precompressed_br()
        .precompressed_gzip()
        // Folders, `/` included, are pages the shell answers for.
        .append_index_html_on_directories(false)
        // A sign form the browser posts to a petition's address.
        .call_fallback_on_method_not_allowed(true)
        .fallback(fallback.clone());
    ServiceBuilder::new()
        .layer(from_fn_with_state(fallback, skip_impossible_names::<F>))
        .layer(from_fn(cache_control))
        .service(files)
}

/// The copies of petition pictures (`crate::images`), named after their
/// content like trunk's files: a name that is not there is a plain 404.
pub fn image_variants(
    cache: &Path,
) -> impl Service<Request, Response = Response, Error = Infallible, Future: Send> + Clone + Send + Sync + 'static {
    ServiceBuilder::new()
        .layer(from_fn(cache_control))
        .service(ServeDir::new(cache).append_index_html_on_directories(false))
}

/// The longest file name the file system takes; a longer one makes the
/// file lookup fail with an error that ServeDir would answer with a 500.
const NAME_MAX: usize = 255;

/// Sends paths that cannot name a file straight to the fallback (the page
/// shell, which answers 404), so a silly URL never reads as a server error.
async fn skip_impossible_names<F>(State(fallback): State<F>, request: Request<Body>, next: Next) -> Response
where
    F: Service<Request, Response = Response, Error = Infallible> + Clone,
{
    let impossible = request.uri().path().split('/').any(|segment| segment.len() > NAME_MAX);
    if impossible {
        match fallback.oneshot(request).await {
            Ok(response) => response,
            Err(never) => match never {},
        }
    } else {
        next.run(request).await
    }
}

async fn cache_control(request: Request<Body>, next: Next) -> Response {
    let hashed = is_hashed(request.uri().path());
    let mut response = next.run(request).await.into_response();
    let reusable = matches!(
        response.status(),
        StatusCode::OK | StatusCode::PARTIAL_CONTENT | StatusCode::NOT_MODIFIED
    );
    // A page drawn for one visitor (a page for members) keeps its own.
    let personal = response
        .headers()
        .get(header::CACHE_CONTROL)
        .is_some_and(|value| value.as_bytes().starts_with(b"private"));
    if personal {
        return response;
    }
    let value = if hashed && reusable { IMMUTABLE } else { "no-cache" };
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    response
}

/// Trunk names the files it builds `name-<hash>.ext` (the wasm file
/// `name-<hash>_bg.wasm`), where the hash is a 64-bit number in lowercase
/// hex without leading zeros: up to 16 digits, often 15 or fewer. It writes
/// them at the root of `dist/`; files copied from `public/` keep their
/// names and may live in folders. A new build gives a new name, so a
/// hashed file can be kept forever.
fn is_hashed(path: &str) -> bool {
    let Some(file) = path.strip_prefix('/').filter(|file| !file.contains('/')) else {
        return false;
    };
    let stem = file.split('.').next().unwrap_or_default();
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-').is_some_and(|(name, hash)| {
        !name.is_empty()
            && (1..=16).contains(&hash.len())
            && hash.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_names_with_a_trunk_hash_are_immutable() {
        let cases = [
            ("/civic-web-0123456789abcdef.js", true),
            ("/civic-web-0123456789abcdef_bg.wasm", true),
            ("/style-fedcba9876543210.css", true),
            // A hash with a leading zero dropped, as trunk writes it.
            ("/civic-web-6390bf0cb1ac281_bg.wasm", true),
            ("/civic-web-6390bf0cb1ac281.js", true),
            ("/main-3f2a.css", true),
            ("/index.html", false),
            ("/favicon.ico", false),
            ("/robots.txt", false),
            ("/manifest.webmanifest", false),
            ("/app-0123456789abcdefa.js", false),
            ("/app-0123456789abcdefg.js", false),
            ("/app-0123456789ABCDEF.js", false),
            ("/-0123456789abcdef.js", false),
            // Copied from public/: an image may end in hex letters.
            ("/images/petitions/save-the-cafe.jpg", false),
            ("/about", false),
        ];
        for (path, expected) in cases {
            assert_eq!(is_hashed(path), expected, "{path}");
        }
    }
}
