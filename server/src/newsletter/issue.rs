//! A newsletter mailing's texts. `content/newsletters/{slug}/{locale}.md`
//! (front matter `subject = "…"` then Markdown; English required) seeds the
//! database as drafts; the console writes them there after that. A
//! subscriber whose language was not written gets the English version.
//! Links to the site's own pages are written as on the site
//! (`[our campaigns](/campaigns)`) and made absolute as a mail is made: a
//! mail has no page to be relative to.

use std::path::Path;

use anyhow::Context;
use civic_api::translated_text::TranslatedText;
use civic_api::{Locale, Slug};
use serde::Deserialize;

use crate::content::{markdown_to_safe_html, split_as};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    subject: String,
}

/// A mailing as `content/newsletters` holds it: its folder's name and its
/// texts (`title` the subject), English first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeedIssue {
    pub slug: Slug,
    pub texts: Vec<TranslatedText>,
}

/// Every folder of `content/newsletters` (none when there is no such
/// folder); a broken file stops the start-up with its name.
pub fn load_all(content_dir: &Path) -> anyhow::Result<Vec<SeedIssue>> {
    let folder = content_dir.join("newsletters");
    if !folder.is_dir() {
        return Ok(Vec::new());
    }
    let mut issues = Vec::new();
    for entry in std::fs::read_dir(&folder).with_context(|| format!("Failed to read {}", folder.display()))? {
        let entry = entry.with_context(|| format!("Failed to read {}", folder.display()))?;
        if !entry.path().is_dir() {
            continue;
        }
        let name = entry.file_name().to_string_lossy().into_owned();
        let slug =
            Slug::parse(&name).map_err(|e| anyhow::anyhow!("{name:?} in {} is not a slug ({e})", folder.display()))?;
        issues.push(load(content_dir, &slug)?);
    }
    issues.sort_by(|a, b| a.slug.as_str().cmp(b.slug.as_str()));
    Ok(issues)
}

/// Reads every language's version of one folder; a version that is there
/// but broken is an error with the file's name.
pub fn load(content_dir: &Path, slug: &Slug) -> anyhow::Result<SeedIssue> {
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
            Ok(source) => texts.push(parse(locale, &source).with_context(|| format!("in {}", file.display()))?),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound && locale != Locale::DEFAULT => {}
            Err(error) => return Err(error).with_context(|| format!("Failed to read {}", file.display())),
        }
    }
    Ok(SeedIssue {
        slug: slug.clone(),
        texts,
    })
}

fn parse(locale: Locale, source: &str) -> anyhow::Result<TranslatedText> {
    let (front, body): (FrontMatter, &str) = split_as(source)?;
    let subject = front.subject.trim();
    anyhow::ensure!(!subject.is_empty(), "the front matter `subject` is empty");
    // A subject is a header: a line break in it would end the header.
    anyhow::ensure!(
        !subject.chars().any(char::is_control),
        "the front matter `subject` holds a line break or another control character"
    );
    let markdown = body.trim();
    anyhow::ensure!(!markdown.is_empty(), "the issue has no text");
    Ok(TranslatedText {
        locale,
        title: subject.to_owned(),
        body_markdown: markdown.to_owned(),
    })
}

/// One language's version, ready for a mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssueText {
    pub locale: Locale,
    pub subject: String,
    /// The source with absolute links, which reads well as the plain part.
    pub markdown: String,
    pub html: String,
}

/// A mailing ready to send: each language written, English first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    texts: Vec<IssueText>,
    /// The address of the image counting opens, without its language;
    /// `None` for a test, whose opens count for nothing.
    pub opens_image: Option<String>,
}

impl Issue {
    /// `texts` English first, as stored.
    pub fn new(texts: &[TranslatedText], public_url: &str, opens_image: Option<String>) -> anyhow::Result<Issue> {
        anyhow::ensure!(
            texts.first().is_some_and(|text| text.locale == Locale::DEFAULT),
            "a mailing has no English text"
        );
        let public_url = public_url.trim_end_matches('/');
        let texts = texts
            .iter()
            .map(|text| {
                let markdown = text.body_markdown.trim().replace("](/", &format!("]({public_url}/"));
                IssueText {
                    locale: text.locale,
                    subject: text.title.clone(),
                    html: markdown_to_safe_html(&markdown),
                    markdown,
                }
            })
            .collect();
        Ok(Issue { texts, opens_image })
    }

    /// The version in `locale`, or the English one.
    pub fn text(&self, locale: Locale) -> &IssueText {
        self.texts
            .iter()
            .find(|text| text.locale == locale)
            .unwrap_or(&self.texts[0])
    }
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
    fn missing_languages_fall_back_to_english_and_links_become_absolute() {
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
        let seed = load(dir.path(), &slug).unwrap();
        assert_eq!(seed.texts.len(), 2);
        assert!(
            seed.texts[0].body_markdown.contains("](/campaigns)"),
            "stored as written"
        );
        let issue = Issue::new(&seed.texts, "https://civic.example/", None).unwrap();
        assert_eq!(issue.text(Locale::Fr).subject, "Nouvelles");
        let spanish = issue.text(Locale::Es);
        assert_eq!((spanish.locale, spanish.subject.as_str()), (Locale::En, "Spring news"));
        assert!(spanish.markdown.starts_with("## Hello"));
        assert!(spanish.html.contains("<h2>Hello</h2>"), "{}", spanish.html);
        assert!(spanish.markdown.contains("[ours](https://civic.example/campaigns)"));
        assert!(spanish.html.contains("href=\"https://civic.example/campaigns\""));
        assert_eq!(load_all(dir.path()).unwrap(), vec![seed]);
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
            assert!(load(dir.path(), &slug).is_err(), "{}", slug.as_str());
        }
        let absent = Slug::parse("absent").unwrap();
        assert!(load(dir.path(), &absent).is_err());
        assert!(load_all(dir.path()).is_err(), "a broken folder stops the start-up");
        assert!(Issue::new(&[], "https://civic.example", None).is_err());
    }
}
