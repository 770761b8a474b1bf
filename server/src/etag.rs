//! Validators for the API's public reads: a page that polls a petition's
//! count every few seconds, or a returning visitor's list of campaigns,
//! gets `304 Not Modified` and no body when nothing changed.
//!
//! The tag is a digest of the body, so it is right on every server of a
//! group without any shared state. It is weak (`W/`) because compression
//! further out sends the same content in several encodings.

use axum::body::{Body, HttpBody};
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

/// Bodies larger than this are sent as they are: the API's public reads
/// are far smaller, and buffering more would only cost memory.
const LARGEST_TAGGED_BODY: u64 = 1 << 20;

/// Tags successful GET and HEAD answers whose size is known, and answers
/// 304 when the request already holds that tag.
pub async fn tag_public_reads(request: Request, next: Next) -> Response {
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        return next.run(request).await;
    }
    let known = request.headers().clone();
    let response = next.run(request).await;
    let size = response.body().size_hint().exact();
    if response.status() != StatusCode::OK
        || !size.is_some_and(|size| size <= LARGEST_TAGGED_BODY)
        || is_private(&response)
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = match axum::body::to_bytes(body, LARGEST_TAGGED_BODY as usize).await {
        Ok(bytes) => bytes,
        Err(error) => {
            tracing::error!(error = %error, "failed to read a response body to tag it");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let tag = tag_of(&bytes);
    if matches_any(&known, &tag) {
        parts.status = StatusCode::NOT_MODIFIED;
        parts.headers.remove(header::CONTENT_LENGTH);
        parts.headers.remove(header::CONTENT_TYPE);
        parts.headers.insert(header::ETAG, tag);
        return Response::from_parts(parts, Body::empty());
    }
    parts.headers.insert(header::ETAG, tag);
    Response::from_parts(parts, Body::from(bytes))
}

/// Answers that must not be kept say so; they get no validator either.
fn is_private(response: &Response) -> bool {
    response
        .headers()
        .get(header::CACHE_CONTROL)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.contains("no-store") || value.contains("private"))
}

fn tag_of(body: &[u8]) -> HeaderValue {
    let digest = Sha256::digest(body);
    let hex: String = digest[..16].iter().map(|byte| format!("{byte:02x}")).collect();
    HeaderValue::from_str(&format!("W/\"{hex}\"")).expect("hex digits are a valid header value")
}

/// `If-None-Match` compares weakly: `W/"x"` and `"x"` are the same tag.
fn matches_any(request: &HeaderMap, tag: &HeaderValue) -> bool {
    let ours = opaque(tag.to_str().unwrap_or_default());
    request
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .any(|theirs| theirs == "*" || opaque(theirs) == ours)
}

fn opaque(tag: &str) -> &str {
    tag.strip_prefix("W/").unwrap_or(tag)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request_with(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::IF_NONE_MATCH, HeaderValue::from_str(value).unwrap());
        headers
    }

    #[test]
    fn a_tag_depends_on_every_byte_of_the_body() {
        assert_eq!(tag_of(b"{\"count\":1}"), tag_of(b"{\"count\":1}"));
        assert_ne!(tag_of(b"{\"count\":1}"), tag_of(b"{\"count\":2}"));
    }

    #[test]
    fn if_none_match_compares_weakly_and_reads_lists() {
        let tag = tag_of(b"body");
        let strong = tag.to_str().unwrap().strip_prefix("W/").unwrap().to_owned();
        assert!(matches_any(&request_with(tag.to_str().unwrap()), &tag));
        assert!(matches_any(&request_with(&strong), &tag));
        assert!(matches_any(&request_with(&format!("\"other\", {strong}")), &tag));
        assert!(matches_any(&request_with("*"), &tag));
        assert!(!matches_any(&request_with("\"other\""), &tag));
        assert!(!matches_any(&HeaderMap::new(), &tag));
    }
}
