//! The SPA's `index.html`, read once, with five places the server fills for
//! each route: `<html lang>`, `<title>`, the description,
//! `<!-- civic:head -->` and `<!-- civic:body -->` (the page as the app
//! draws it, where the server draws it).

use civic_api::Locale;

use super::inline_hashes::inline_hashes;

const LANG: &str = r#"<html lang="en">"#;
const TITLE: &str = "<title>Civic</title>";
const DESCRIPTION_START: &str = r#"<meta name="description" content=""#;
const HEAD: &str = "<!-- civic:head -->";
const BODY: &str = "<!-- civic:body -->";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Lang,
    Title,
    Description,
    Head,
    Body,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Text(String),
    Fill(Slot),
}

/// What one route puts in the shell. Values are plain text: `render`
/// escapes them. `head` is markup built by `head::tags`, `body` the page
/// drawn by `first_page` (empty where the server does not draw it).
pub struct Fill<'a> {
    pub locale: Locale,
    pub title: &'a str,
    pub description: &'a str,
    pub head: &'a str,
    pub body: &'a str,
}

#[derive(Debug, Clone)]
pub struct Shell {
    pieces: Vec<Piece>,
    script_hashes: Vec<String>,
    style_hashes: Vec<String>,
}

impl Shell {
    /// Fails, naming what is missing, when `html` breaks the contract.
    pub fn parse(html: &str) -> anyhow::Result<Shell> {
        let mut slots = Vec::new();
        for (marker, slot) in [
            (LANG, Slot::Lang),
            (TITLE, Slot::Title),
            (HEAD, Slot::Head),
            (BODY, Slot::Body),
        ] {
            let start = html
                .find(marker)
                .ok_or_else(|| anyhow::anyhow!("it has no `{marker}`"))?;
            slots.push((start, start + marker.len(), slot));
        }
        let content = html
            .find(DESCRIPTION_START)
            .map(|start| start + DESCRIPTION_START.len())
            .ok_or_else(|| anyhow::anyhow!("it has no `{DESCRIPTION_START}...\">`"))?;
        let end = html[content..]
            .find('"')
            .ok_or_else(|| anyhow::anyhow!("its description meta tag is not closed"))?;
        slots.push((content, content + end, Slot::Description));
        slots.sort_by_key(|(start, _, _)| *start);
        let mut pieces = Vec::new();
        let mut offset = 0;
        for (start, end, slot) in slots {
            pieces.push(Piece::Text(html[offset..start].to_owned()));
            pieces.push(Piece::Fill(slot));
            offset = end;
        }
        pieces.push(Piece::Text(html[offset..].to_owned()));
        Ok(Shell {
            pieces,
            script_hashes: inline_hashes(html, "script"),
            style_hashes: inline_hashes(html, "style"),
        })
    }

    /// `'sha256-...'` sources for every inline `<script>`, for the CSP.
    pub fn script_hashes(&self) -> &[String] {
        &self.script_hashes
    }

    /// The same for inline `<style>` elements (critical CSS).
    pub fn style_hashes(&self) -> &[String] {
        &self.style_hashes
    }

    pub fn render(&self, fill: &Fill<'_>) -> String {
        let mut html = String::with_capacity(
            self.pieces
                .iter()
                .map(|p| match p {
                    Piece::Text(text) => text.len(),
                    Piece::Fill(_) => 256,
                })
                .sum(),
        );
        for piece in &self.pieces {
            match piece {
                Piece::Text(text) => html.push_str(text),
                Piece::Fill(Slot::Lang) => html.push_str(&format!(
                    r#"<html lang="{}" dir="{}">"#,
                    fill.locale.as_str(),
                    fill.locale.dir()
                )),
                Piece::Fill(Slot::Title) => html.push_str(&format!("<title>{}</title>", escape(fill.title))),
                Piece::Fill(Slot::Description) => html.push_str(&escape(fill.description)),
                Piece::Fill(Slot::Head) => html.push_str(fill.head),
                Piece::Fill(Slot::Body) => html.push_str(fill.body),
            }
        }
        html
    }
}

/// Escapes text for use in HTML content and quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            other => escaped.push(other),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEMPLATE: &str = "<!doctype html>\n<html lang=\"en\">\n<head>\n<title>Civic</title>\n\
        <meta name=\"description\" content=\"Default\">\n<!-- civic:head -->\n\
        <script type=\"module\">init();</script>\n<script src=\"/x.js\"></script>\n</head>\n\
        <body>\n<!-- civic:body -->\n</body>\n</html>\n";

    #[test]
    fn the_five_slots_are_filled_and_injected_text_is_escaped() {
        let shell = Shell::parse(TEMPLATE).unwrap();
        let html = shell.render(&Fill {
            locale: Locale::Es,
            title: "<b>Tom & \"Jerry\"</b>",
            description: "It's <here>",
            head: "<meta name=\"robots\" content=\"noindex\">",
            body: "<main><h1>Drawn</h1></main>",
        });
        assert!(html.contains("<html lang=\"es\" dir=\"ltr\">"), "{html}");
        assert!(
            html.contains("<title>&lt;b&gt;Tom &amp; &quot;Jerry&quot;&lt;/b&gt;</title>"),
            "{html}"
        );
        assert!(html.contains("content=\"It&#39;s &lt;here&gt;\">"), "{html}");
        assert!(
            html.contains("<meta name=\"robots\" content=\"noindex\">\n<script"),
            "{html}"
        );
        assert!(html.contains("<body>\n<main><h1>Drawn</h1></main>\n</body>"), "{html}");
        assert!(
            !html.contains("civic:head") && !html.contains("civic:body") && !html.contains("Default"),
            "{html}"
        );
    }

    #[test]
    fn a_shell_without_a_slot_is_refused_by_name() {
        let cases = [
            (TEMPLATE.replace("<html lang=\"en\">", "<html>"), "<html lang"),
            (
                TEMPLATE.replace("<title>Civic</title>", "<title>Site</title>"),
                "<title>",
            ),
            (
                TEMPLATE.replace("<meta name=\"description\" content=\"Default\">", ""),
                "description",
            ),
            (TEMPLATE.replace("<!-- civic:head -->", ""), "civic:head"),
            (TEMPLATE.replace("<!-- civic:body -->", ""), "civic:body"),
        ];
        for (html, missing) in cases {
            let error = Shell::parse(&html).unwrap_err().to_string();
            assert!(error.contains(missing), "{error}");
        }
    }
}
