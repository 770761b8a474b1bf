//! CSP sources for the inline `<script>` and `<style>` elements of the
//! shell, so the policy can allow exactly them and never `'unsafe-inline'`.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use sha2::{Digest, Sha256};

/// `'sha256-...'` of the exact text of each `<tag>` element without a
/// `src`, as the browser computes it when it checks the policy.
pub fn inline_hashes(html: &str, tag: &str) -> Vec<String> {
    let open_tag = format!("<{tag}");
    let close_tag = format!("</{tag}>");
    let mut hashes = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find(&open_tag) {
        let after_open = &rest[open..];
        let Some(tag_end) = after_open.find('>') else { break };
        let attributes = &after_open[open_tag.len()..tag_end];
        let body = &after_open[tag_end + 1..];
        let Some(close) = body.find(&close_tag) else { break };
        // `<scripts>` or `<styles>` are not these elements.
        let is_element = attributes.is_empty() || attributes.starts_with(char::is_whitespace);
        if is_element && !attributes.contains(" src=") {
            let digest = Sha256::digest(&body.as_bytes()[..close]);
            hashes.push(format!("'sha256-{}'", STANDARD.encode(digest)));
        }
        rest = &body[close..];
    }
    hashes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hash(text: &str) -> String {
        format!("'sha256-{}'", STANDARD.encode(Sha256::digest(text.as_bytes())))
    }

    #[test]
    fn only_inline_elements_are_hashed_with_their_exact_text() {
        let html = "<head><script type=\"module\">\n  init();\n</script><script src=\"/x.js\"></script>\
                    <style>body{margin:0}</style><link rel=\"stylesheet\" href=\"/s.css\"></head>";
        assert_eq!(inline_hashes(html, "script"), [hash("\n  init();\n")]);
        assert_eq!(inline_hashes(html, "style"), [hash("body{margin:0}")]);
    }

    #[test]
    fn a_page_without_inline_elements_has_no_hashes() {
        assert!(inline_hashes("<p>no scripts</p><scripts>x</scripts>", "script").is_empty());
    }
}
