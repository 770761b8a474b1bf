//! The privacy policy's revision, which every HTML page announces in
//! `<meta name="civic-policy-revision">` so the consent banner knows at once
//! whether a visitor's decision is older than the policy.

use civic_api::consent::POLICY_REVISION_META;
use civic_api::{Locale, Slug};

use crate::content::SourcePage;

/// The content page whose front matter holds the revision.
pub const POLICY_SLUG: &str = "privacy";

/// The revision every translation of the privacy policy states. A missing
/// page or revision, or translations that disagree, stop the start-up: a
/// visitor must never be asked again (or not) depending on the language.
pub fn of(pages: &[SourcePage]) -> anyhow::Result<u32> {
    let slug = Slug::parse(POLICY_SLUG).map_err(|e| anyhow::anyhow!("{POLICY_SLUG:?} is not a slug: {e}"))?;
    let mut revisions = Vec::new();
    for locale in Locale::ALL {
        let page = pages
            .iter()
            .find(|page| page.locale == locale && page.slug == slug)
            .ok_or_else(|| anyhow::anyhow!("the privacy policy content/pages/{locale}/{POLICY_SLUG}.md is missing"))?;
        let revision = page.revision.ok_or_else(|| {
            anyhow::anyhow!("content/pages/{locale}/{POLICY_SLUG}.md has no `revision` in its front matter")
        })?;
        revisions.push((locale, revision));
    }
    let (_, english) = revisions[0];
    anyhow::ensure!(
        english > 0,
        "the privacy policy's revision must be 1 or more: the consent log refuses revision 0"
    );
    if let Some((locale, other)) = revisions.iter().find(|(_, revision)| *revision != english) {
        anyhow::bail!(
            "the privacy policy's translations disagree on its revision: en says {english}, {locale} says {other}; \
             update every language together"
        );
    }
    Ok(english)
}

/// The tag the SPA reads.
pub fn meta_tag(revision: u32) -> String {
    format!("<meta name=\"{POLICY_REVISION_META}\" content=\"{revision}\">\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(locale: Locale, revision: Option<u32>) -> SourcePage {
        SourcePage {
            locale,
            slug: Slug::parse(POLICY_SLUG).unwrap(),
            title: "Privacy".into(),
            description: "How".into(),
            html: String::new(),
            markdown: String::new(),
            revision,
            updated: None,
            changes: None,
            members_only: false,
            source_hash: String::new(),
        }
    }

    #[test]
    fn agreeing_translations_give_their_revision() {
        let pages: Vec<SourcePage> = Locale::ALL.iter().map(|locale| policy(*locale, Some(3))).collect();
        assert_eq!(of(&pages).unwrap(), 3);
        assert_eq!(meta_tag(3), "<meta name=\"civic-policy-revision\" content=\"3\">\n");
    }

    #[test]
    fn a_missing_or_disagreeing_revision_stops_the_start_up_and_says_where() {
        let cases = [
            (
                vec![
                    policy(Locale::En, Some(3)),
                    policy(Locale::Fr, Some(2)),
                    policy(Locale::Es, Some(3)),
                    policy(Locale::Ar, Some(3)),
                ],
                "fr says 2",
            ),
            (
                vec![
                    policy(Locale::En, Some(3)),
                    policy(Locale::Fr, Some(3)),
                    policy(Locale::Es, None),
                    policy(Locale::Ar, Some(3)),
                ],
                "es/privacy.md has no `revision`",
            ),
            (
                vec![policy(Locale::En, Some(3)), policy(Locale::Fr, Some(3))],
                "es/privacy.md is missing",
            ),
            (
                Locale::ALL.iter().map(|locale| policy(*locale, Some(0))).collect(),
                "1 or more",
            ),
        ];
        for (pages, expected) in cases {
            let error = of(&pages).unwrap_err().to_string();
            assert!(error.contains(expected), "{expected}: {error}");
        }
    }
}
