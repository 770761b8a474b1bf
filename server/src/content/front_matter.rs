//! The TOML block between `+++` lines at the top of a content page.

use anyhow::Context;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use time::macros::format_description;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: String,
    pub description: String,
    pub revision: Option<u32>,
    /// `YYYY-MM-DD`, kept as written once checked.
    pub updated: Option<String>,
    /// What the current revision changed, shown to returning visitors when
    /// they are asked again (the privacy policy).
    pub changes: Option<String>,
    /// Who may read the page: everyone (the default) or signed-in members.
    #[serde(default)]
    pub audience: Audience,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Audience {
    #[default]
    Everyone,
    Members,
}

/// Splits a page into its checked front matter and its Markdown body.
pub fn split(source: &str) -> anyhow::Result<(FrontMatter, &str)> {
    let (front, body): (FrontMatter, &str) = split_as(source)?;
    anyhow::ensure!(!front.title.trim().is_empty(), "the front matter `title` is empty");
    anyhow::ensure!(
        !front.description.trim().is_empty(),
        "the front matter `description` is empty"
    );
    anyhow::ensure!(
        front
            .changes
            .as_deref()
            .is_none_or(|changes| !changes.trim().is_empty()),
        "the front matter `changes` is empty: leave it out or say what changed"
    );
    if let Some(updated) = &front.updated {
        time::Date::parse(updated, format_description!("[year]-[month]-[day]"))
            .with_context(|| format!("`updated = {updated:?}` is not a YYYY-MM-DD date"))?;
    }
    Ok((front, body))
}

/// Splits any content file into its front matter, read as `T`, and its
/// Markdown body; `T` does its own checks beyond the TOML's shape.
pub fn split_as<T: DeserializeOwned>(source: &str) -> anyhow::Result<(T, &str)> {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let after_open = strip_fence(source).context("the file must start with a `+++` line")?;
    let (toml_text, body) = find_closing_fence(after_open).context("the front matter has no closing `+++` line")?;
    let front: T = toml::from_str(toml_text).context("the front matter is not valid")?;
    Ok((front, body))
}

fn strip_fence(text: &str) -> Option<&str> {
    let rest = text.strip_prefix("+++")?;
    rest.strip_prefix("\r\n").or_else(|| rest.strip_prefix('\n'))
}

/// Finds the line that is exactly `+++`, returning what is before it and
/// what follows its line end.
fn find_closing_fence(text: &str) -> Option<(&str, &str)> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.trim_end_matches(['\r', '\n']) == "+++" {
            return Some((&text[..offset], &text[offset + line.len()..]));
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_splits_into_front_matter_and_body() {
        let source = "+++\ntitle = \"Privacy\"\ndescription = \"How we use data\"\nrevision = 2\nupdated = \"2026-11-29\"\nchanges = \"Shorter.\"\n+++\n\n## Body\n";
        let (front, body) = split(source).unwrap();
        assert_eq!(front.title, "Privacy");
        assert_eq!(front.revision, Some(2));
        assert_eq!(front.changes.as_deref(), Some("Shorter."));
        assert_eq!(front.updated.as_deref(), Some("2026-11-29"));
        assert_eq!(body, "\n## Body\n");
    }

    #[test]
    fn windows_line_ends_are_accepted() {
        let (front, body) = split("+++\r\ntitle = \"A\"\r\ndescription = \"B\"\r\n+++\r\nText").unwrap();
        assert_eq!(front.title, "A");
        assert_eq!(body, "Text");
    }

    #[test]
    fn malformed_front_matter_is_refused() {
        let cases = [
            ("title = \"A\"\n", "no opening fence"),
            ("+++\ntitle = \"A\"\ndescription = \"B\"\n", "no closing fence"),
            ("+++\ntitle = \"A\"\n+++\n", "missing description"),
            (
                "+++\ntitle = \"A\"\ndescription = \"B\"\nauthor = \"C\"\n+++\n",
                "unknown field",
            ),
            ("+++\ntitle = \" \"\ndescription = \"B\"\n+++\n", "blank title"),
            (
                "+++\ntitle = \"A\"\ndescription = \"B\"\nchanges = \"\"\n+++\n",
                "blank changes",
            ),
            (
                "+++\ntitle = \"A\"\ndescription = \"B\"\nupdated = \"29/11/2026\"\n+++\n",
                "date not ISO",
            ),
            (
                "+++\ntitle = \"A\"\ndescription = \"B\"\nrevision = -1\n+++\n",
                "negative revision",
            ),
        ];
        for (source, why) in cases {
            assert!(split(source).is_err(), "{why}");
        }
    }
}
