//! A newsletter issue: `content/newsletters/{slug}/{locale}.md`, front matter
//! `subject = "…"` then Markdown. English is required; a subscriber whose
//! language has no version gets the English one. Links to the site's own
//! pages are written as on the site (`[our campaigns](/campaigns)`) and
//! made absolute here: a mail has no page to be relative to.

use std::path::Path;

use anyhow::Context;
use civic_api::{Locale, Slug};
use serde::Deserialize;

use crate::content::{markdown_to_safe_html, split_as};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    subject: String,
}

/// One language's version, read and rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssueText {
    pub locale: Locale,
    pub subject: String,
    /// The source, which reads well as the plain-text part.
    pub markdown: String,
    pub html: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    pub slug: Slug,
    /// English first.
    texts: Vec<IssueText>,
}

impl Issue {
    /// Reads every language's version; a version that is there but broken
    /// stops the sending with the file's name, so nobody gets half an issue.
    pub fn load(content_dir: &Path, slug: &Slug, public_url: &str) -> anyhow::Result<Issue> {
        let folder = content_dir.join("newsletters").join(slug.as_str());
        anyhow::ensure!(
            folder.is_dir(),
            "there is no newsletter issue {slug}: {} is not a folder",
            folder.display(),
            slug = slug.as_str()
        );
        let mut texts = Vec::new();
        for locale in Locale::ALL {
            let file = folder.join(format!("{}.md", locale.as_str()));
            match std::fs::read_to_string(&file) {
                Ok(source) => texts.push(
                    parse(locale, &source, public_url.trim_end_matches('/'))
                        .with_context(|| format!("in {}", file.display()))?,
                ),
                Err(error) if error.kind() == std::io::ErrorKind::NotFound && locale != Locale::DEFAULT => {}
                Err(error) => return Err(error).with_context(|| format!("Failed to read {}", file.display())),
            }
        }
        Ok(Issue {
            slug: slug.clone(),
            texts,
        })
    }

    /// The version in `locale`, or the English one.
    pub fn text(&self, locale: Locale) -> &IssueText {
        self.texts
            .iter()
            .find(|text| text.locale == locale)
            .unwrap_or(&self.texts[0])
    }
}

fn parse(locale: Locale, source: &str, public_url: &str) -> anyhow::Result<IssueText> {
    let (front, body): (FrontMatter, &str) = split_as(source)?;
    let subject = front.subject.trim();
    anyhow::ensure!(!subject.is_empty(), "the front matter `subject` is empty");
    // A subject is a header: a line break in it would end the header.
    anyhow::ensure!(
        !subject.chars().any(char::is_control),
        "the front matter `subject` holds a line break or another control character"
    );
    let markdown = body.trim().replace("](/", &format!("]({public_url}/"));
    anyhow::ensure!(!markdown.is_empty(), "the issue has no text");
    Ok(IssueText {
        locale,
        subject: subject.to_owned(),
        html: markdown_to_safe_html(&markdown),
        markdown,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, slug: &str, files: &[(&str, &str)]) -> Slug {
        let folder = dir.join("newsletters").join(slug);
        std::fs::create_dir_all(&folder).unwrap();
        for (name, text) in files {
            std::fs::write(folder.join(name), text).unwrap();
        }
        Slug::parse(slug).unwrap()
    }

    #[test]
    fn missing_languages_fall_back_to_english() {
        let dir = tempfile::tempdir().unwrap();
        let slug = write(
            dir.path(),
            "spring",
            &[
                (
                    "en.md",
                    "+++\nsubject = \"Spring news\"\n+++\n\n## Hello\n\nA [link](https://example.org) and [ours](/campaigns).\n",
                ),
                ("fr.md", "+++\nsubject = \"Nouvelles\"\n+++\nBonjour.\n"),
            ],
        );
        let issue = Issue::load(dir.path(), &slug, "https://civic.example/").unwrap();
        assert_eq!(issue.text(Locale::Fr).subject, "Nouvelles");
        let spanish = issue.text(Locale::Es);
        assert_eq!((spanish.locale, spanish.subject.as_str()), (Locale::En, "Spring news"));
        assert!(spanish.markdown.starts_with("## Hello"));
        assert!(spanish.html.contains("<h2>Hello</h2>"), "{}", spanish.html);
        assert!(spanish.markdown.contains("[ours](https://civic.example/campaigns)"));
        assert!(spanish.html.contains("href=\"https://civic.example/campaigns\""));
    }

    #[test]
    fn an_issue_needs_english_a_subject_and_a_text() {
        let dir = tempfile::tempdir().unwrap();
        let cases = [
            ("no-english", vec![("fr.md", "+++\nsubject = \"A\"\n+++\nB\n")]),
            ("empty-subject", vec![("en.md", "+++\nsubject = \" \"\n+++\nB\n")]),
            ("no-text", vec![("en.md", "+++\nsubject = \"A\"\n+++\n\n")]),
            (
                "unknown-key",
                vec![("en.md", "+++\nsubject = \"A\"\ntitle = \"C\"\n+++\nB\n")],
            ),
        ];
        for (slug, files) in cases {
            let slug = write(dir.path(), slug, &files);
            assert!(
                Issue::load(dir.path(), &slug, "https://civic.example").is_err(),
                "{}",
                slug.as_str()
            );
        }
        let absent = Slug::parse("absent").unwrap();
        assert!(Issue::load(dir.path(), &absent, "https://civic.example").is_err());
    }
}
