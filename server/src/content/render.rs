//! Markdown to safe HTML: pulldown-cmark renders, ammonia keeps only an
//! allow-list of tags and attributes.

use std::borrow::Cow;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};

/// What external links carry, so the opened site cannot reach back into
/// this tab or learn which page the visitor came from.
const EXTERNAL_REL: &str = "noopener noreferrer";

pub fn markdown_to_safe_html(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut external_links = Vec::new();
    // Only external links get `rel`, and ammonia can only add one to every
    // link, so those links are written out here and `rel` is let through.
    let events = Parser::new_ext(markdown, options).map(|event| match event {
        Event::Start(Tag::Link {
            ref dest_url,
            ref title,
            ..
        }) => {
            let external = is_external(dest_url);
            external_links.push(external);
            if external {
                Event::Html(CowStr::from(external_link_tag(dest_url, title)))
            } else {
                event
            }
        }
        Event::End(TagEnd::Link) if external_links.pop() == Some(true) => Event::Html(CowStr::Borrowed("</a>")),
        other => other,
    });
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    sanitiser().clean(&html).to_string()
}

fn sanitiser() -> ammonia::Builder<'static> {
    let mut builder = ammonia::Builder::default();
    builder
        .link_rel(None)
        .add_tag_attributes("a", ["rel"])
        .url_schemes(["http", "https", "mailto", "tel"].into())
        .attribute_filter(|element, attribute, value| match (element, attribute) {
            ("a", "rel") if value != EXTERNAL_REL => None,
            _ => Some(Cow::Borrowed(value)),
        });
    builder
}

/// A link that leaves the site: it names a scheme (`https:`, `mailto:`) or
/// a host (`//example.org`).
fn is_external(url: &str) -> bool {
    url.starts_with("//")
        || url.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        })
}

fn external_link_tag(url: &str, title: &str) -> String {
    let title = if title.is_empty() {
        String::new()
    } else {
        format!(r#" title="{}""#, escape_attribute(title))
    };
    format!(r#"<a href="{}"{title} rel="{EXTERNAL_REL}">"#, escape_attribute(url))
}

fn escape_attribute(value: &str) -> String {
    value
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_becomes_html() {
        let html = markdown_to_safe_html("## Title\n\nSome **bold** text.\n\n- one\n- two\n");
        assert_eq!(
            html,
            "<h2>Title</h2>\n<p>Some <strong>bold</strong> text.</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n"
        );
    }

    #[test]
    fn external_links_get_noopener_and_internal_links_do_not() {
        let html = markdown_to_safe_html("[About](/about) and [OSM](https://example.org/a?b=1&c=2 \"Map\")");
        assert!(html.contains(r#"<a href="/about">About</a>"#), "{html}");
        assert!(
            html.contains(
                r#"<a href="https://example.org/a?b=1&amp;c=2" title="Map" rel="noopener noreferrer">OSM</a>"#
            ),
            "{html}"
        );
    }

    #[test]
    fn scripts_styles_and_handlers_do_not_survive() {
        let cases = [
            ("<script>alert(1)</script>", "<script"),
            ("<p style=\"color:red\">x</p>", "style="),
            ("<img src=x onerror=\"alert(1)\">", "onerror"),
            ("[x](javascript:alert(1))", "javascript:"),
            ("<iframe src=\"https://evil.example\"></iframe>", "<iframe"),
            ("<a href=\"/x\" rel=\"opener\">x</a>", "opener\""),
        ];
        for (markdown, forbidden) in cases {
            let html = markdown_to_safe_html(markdown);
            assert!(!html.contains(forbidden), "{markdown:?} gave {html:?}");
        }
    }
}
