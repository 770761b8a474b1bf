//! Turns a few paragraphs into the plain text and HTML parts of a message.
//!
//! The HTML is deliberately plain: one column, inline styles (mail clients
//! drop style sheets), real paragraphs and links, `lang` set, readable with
//! images and styles off. The text part stands on its own: every link is
//! written out in full.

use civic_api::Locale;
use civic_api::email::Email;

use super::OutgoingMail;
use crate::site::shell::escape;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compose {
    pub locale: Locale,
    /// The first line, such as "Dear Ada,".
    pub greeting: String,
    /// Plain text; a line break inside one stays a line break, and
    /// `http(s)://` addresses become links in the HTML part.
    pub paragraphs: Vec<String>,
    /// The one button of the message: its label and address.
    pub action: Option<(String, String)>,
    /// Why the recipient got this message, in small print.
    pub footer: String,
}

impl Compose {
    /// The plain text and HTML bodies; `subject` is the HTML's title.
    pub fn render(&self, subject: &str) -> (String, String) {
        (self.text(), self.html(subject))
    }

    /// The whole message for `to`.
    pub fn mail(&self, to: Email, subject: impl Into<String>) -> OutgoingMail {
        let subject = subject.into();
        let (text, html) = self.render(&subject);
        OutgoingMail {
            to,
            locale: self.locale,
            subject,
            text,
            html,
            headers: Vec::new(),
            reply_to: None,
        }
    }

    fn text(&self) -> String {
        let mut blocks = vec![self.greeting.clone()];
        blocks.extend(self.paragraphs.iter().cloned());
        if let Some((label, url)) = &self.action {
            // The label on its own line, then the address: no colon, whose
            // spacing differs between English and French.
            blocks.push(format!("{label}\n{url}"));
        }
        let mut text = blocks
            .into_iter()
            .filter(|block| !block.trim().is_empty())
            .collect::<Vec<_>>()
            .join("\n\n");
        if !self.footer.trim().is_empty() {
            // The standard signature separator: clients fold what follows.
            text.push_str("\n\n-- \n");
            text.push_str(&self.footer);
        }
        text.push('\n');
        text
    }

    fn html(&self, subject: &str) -> String {
        const PARAGRAPH: &str = "margin:0 0 16px 0;";
        let lang = self.locale.as_str();
        let dir = self.locale.dir();
        let mut body = String::new();
        if !self.greeting.trim().is_empty() {
            body.push_str(&format!("<p style=\"{PARAGRAPH}\">{}</p>\n", linkify(&self.greeting)));
        }
        for paragraph in self.paragraphs.iter().filter(|p| !p.trim().is_empty()) {
            body.push_str(&format!("<p style=\"{PARAGRAPH}\">{}</p>\n", linkify(paragraph)));
        }
        if let Some((label, url)) = &self.action {
            let url = escape(url);
            body.push_str(&format!(
                "<p style=\"margin:24px 0;\"><a href=\"{url}\" style=\"display:inline-block;padding:12px 24px;\
                 background-color:#1d4ed8;color:#ffffff;font-weight:bold;text-decoration:none;border-radius:6px;\">{}</a></p>\n\
                 <p style=\"{PARAGRAPH}font-size:14px;color:#4b5563;\">{}<br><a href=\"{url}\" style=\"color:#1d4ed8;word-break:break-all;\">{url}</a></p>\n",
                escape(label),
                escape(copy_link_hint(self.locale)),
            ));
        }
        if !self.footer.trim().is_empty() {
            body.push_str(&format!(
                "<hr style=\"border:none;border-top:1px solid #d1d5db;margin:24px 0;\">\n\
                 <p style=\"margin:0;font-size:13px;color:#4b5563;\">{}</p>\n",
                linkify(&self.footer)
            ));
        }
        format!(
            "<!DOCTYPE html>\n<html lang=\"{lang}\" dir=\"{dir}\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title}</title>\n</head>\n\
             <body style=\"margin:0;padding:0;background-color:#f3f4f6;\">\n\
             <div role=\"article\" aria-label=\"{title}\" lang=\"{lang}\" dir=\"{dir}\" style=\"max-width:600px;margin:0 auto;padding:32px 24px;\
             background-color:#ffffff;color:#111827;font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;\
             font-size:16px;line-height:1.5;\">\n{body}</div>\n</body>\n</html>\n",
            title = escape(subject),
        )
    }
}

/// HTML already rendered and sanitised (a newsletter issue, a petition's
/// news) in the same plain, one-column frame as the other messages,
/// readable with images and styles off, with `footer` in small print.
pub fn framed_html(locale: Locale, subject: &str, body_html: &str, footer: &str) -> String {
    let (lang, dir) = (locale.as_str(), locale.dir());
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\" dir=\"{dir}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title}</title>\n</head>\n\
         <body style=\"margin:0;padding:0;background-color:#f3f4f6;\">\n\
         <div role=\"article\" aria-label=\"{title}\" lang=\"{lang}\" dir=\"{dir}\" style=\"max-width:600px;margin:0 auto;padding:32px 24px;\
         background-color:#ffffff;color:#111827;font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;\
         font-size:16px;line-height:1.5;\">\n{body_html}\
         <hr style=\"border:none;border-top:1px solid #d1d5db;margin:24px 0;\">\n\
         <p style=\"margin:0;font-size:13px;color:#4b5563;\">{footer}</p>\n</div>\n</body>\n</html>\n",
        title = escape(subject),
        footer = linkify(footer),
    )
}

fn copy_link_hint(locale: Locale) -> &'static str {
    match locale {
        Locale::En => "If the button does not work, copy this address into your browser:",
        Locale::Fr => "Si le bouton ne fonctionne pas, copiez cette adresse dans votre navigateur :",
        Locale::Es => "Si el botón no funciona, copie esta dirección en su navegador:",
        Locale::Ar => "إذا لم يعمل الزر، انسخ هذا العنوان في متصفحك:",
    }
}

/// Escapes `text` for HTML, keeping its line breaks and turning each
/// `http://` or `https://` address into a link to itself.
pub fn linkify(text: &str) -> String {
    let mut html = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = find_url(rest) {
        html.push_str(&escape_lines(&rest[..start]));
        let candidate = &rest[start..];
        let end = candidate
            .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"'))
            .unwrap_or(candidate.len());
        // Sentence punctuation after an address is not part of it.
        let url = candidate[..end].trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '\'']);
        let url = if url.len() > "https://".len() {
            url
        } else {
            &candidate[..end]
        };
        let url_html = escape(url);
        html.push_str(&format!("<a href=\"{url_html}\">{url_html}</a>"));
        rest = &candidate[url.len()..];
    }
    html.push_str(&escape_lines(rest));
    html
}

fn find_url(text: &str) -> Option<usize> {
    [text.find("https://"), text.find("http://")]
        .into_iter()
        .flatten()
        .min()
}

fn escape_lines(text: &str) -> String {
    escape(text).replace("\r\n", "\n").replace('\n', "<br>\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Compose {
        Compose {
            locale: Locale::Fr,
            greeting: "Bonjour Ada,".into(),
            paragraphs: vec![
                "Merci <b>beaucoup</b> & à bientôt.".into(),
                "Voir aussi https://civic.example.org/fr/petitions/arbres?t=p.abc_-1.".into(),
            ],
            action: Some((
                "Confirmer ma signature".into(),
                "https://civic.example.org/fr/confirm-signature?t=c.x&y=\"z\"".into(),
            )),
            footer: "Vous recevez ce message car vous avez signé.".into(),
        }
    }

    #[test]
    fn the_text_part_reads_on_its_own_with_every_address_written_out() {
        let (text, _) = sample().render("Confirmez");
        assert!(text.starts_with("Bonjour Ada,\n\nMerci <b>beaucoup</b>"), "{text}");
        assert!(text.contains("Confirmer ma signature\nhttps://civic.example.org/fr/confirm-signature?t=c.x&y=\"z\""));
        assert!(text.contains("\n-- \nVous recevez"));
    }

    #[test]
    fn the_html_part_is_escaped_and_in_the_recipient_language() {
        let (_, html) = sample().render("Confirmez <vite>");
        assert!(html.contains("<html lang=\"fr\" dir=\"ltr\">"));
        assert!(html.contains("<title>Confirmez &lt;vite&gt;</title>"));
        assert!(html.contains("Merci &lt;b&gt;beaucoup&lt;/b&gt; &amp; à bientôt."));
        assert!(!html.contains("<b>"));
        assert!(html.contains("href=\"https://civic.example.org/fr/confirm-signature?t=c.x&amp;y=&quot;z&quot;\""));
        assert!(html.contains(">Confirmer ma signature</a>"));
        assert!(html.contains("Si le bouton ne fonctionne pas"));
    }

    #[test]
    fn addresses_in_paragraphs_become_links_without_trailing_punctuation() {
        let html = linkify("Voir https://civic.example.org/p?t=p.a_b-c. Et http://x.org/a&b\nFin");
        assert_eq!(
            html,
            "Voir <a href=\"https://civic.example.org/p?t=p.a_b-c\">https://civic.example.org/p?t=p.a_b-c</a>. \
             Et <a href=\"http://x.org/a&amp;b\">http://x.org/a&amp;b</a><br>\nFin"
        );
        assert_eq!(linkify("no <link> here"), "no &lt;link&gt; here");
        assert_eq!(linkify("https://"), "<a href=\"https://\">https://</a>");
    }

    #[test]
    fn a_message_without_action_or_footer_has_neither() {
        let compose = Compose {
            action: None,
            footer: String::new(),
            ..sample()
        };
        let (text, html) = compose.render("Merci");
        assert!(!text.contains("-- "));
        assert!(!html.contains("<hr"));
        assert!(!html.contains("Si le bouton"));
    }
}
