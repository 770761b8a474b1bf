//! The site's page addresses, shared by the SPA (which page to show) and the
//! server (which paths exist, their metadata, 404 for the rest).
//!
//! English lives at the root (`/about`), other languages under their code
//! (`/fr/about`); a language's home page is `/` or `/fr/`.

use crate::{Locale, Slug};

/// The organisation's short name, the same in every language.
pub const SITE_NAME: &str = "Civic";

/// The text of `<title>` for a page: its own title, then the site's name,
/// unless the title already starts with it (as the home page's does).
pub fn document_title(page_title: &str) -> String {
    if page_title.is_empty() {
        SITE_NAME.to_owned()
    } else if page_title.starts_with(SITE_NAME) {
        page_title.to_owned()
    } else {
        format!("{page_title} | {SITE_NAME}")
    }
}

/// The slug of the home page's content.
pub const HOME_SLUG: &str = "home";
/// The path segment of the problem-report form.
pub const REPORT_PROBLEM_SEGMENT: &str = "report-a-problem";
/// The list of petitions.
pub const CAMPAIGNS_SEGMENT: &str = "campaigns";
/// Petitions live under `/petitions/{slug}`.
pub const PETITIONS_SEGMENT: &str = "petitions";
/// Where the link in a confirmation e-mail lands (`?t=` carries the token).
pub const CONFIRM_SIGNATURE_SEGMENT: &str = "confirm-signature";

/// Single segments that name a page of the SPA, not a content page.
const RESERVED_SEGMENTS: [&str; 5] = [
    HOME_SLUG,
    REPORT_PROBLEM_SEGMENT,
    CAMPAIGNS_SEGMENT,
    PETITIONS_SEGMENT,
    CONFIRM_SIGNATURE_SEGMENT,
];

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Target {
    /// A Markdown page from `content/`, by slug (`home` for the home page).
    Content(Slug),
    /// The form to report a problem with the website.
    ReportProblem,
    /// Every petition, open ones first.
    Campaigns,
    /// One petition and its sign form.
    Petition(Slug),
    /// Confirms a signature from the e-mailed link.
    ConfirmSignature,
}

/// A page of the site in one language.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SiteRoute {
    pub locale: Locale,
    pub target: Target,
}

impl SiteRoute {
    pub fn home(locale: Locale) -> SiteRoute {
        SiteRoute {
            locale,
            target: Target::Content(home_slug()),
        }
    }

    pub fn petition(locale: Locale, slug: Slug) -> SiteRoute {
        SiteRoute {
            locale,
            target: Target::Petition(slug),
        }
    }

    pub fn content(locale: Locale, slug: &str) -> Option<SiteRoute> {
        Slug::parse(slug).ok().map(|slug| SiteRoute {
            locale,
            target: Target::Content(slug),
        })
    }

    /// Reads a URL path (without query or fragment). `None` when the path
    /// cannot name a page; a `Content` slug may still have no page behind it.
    pub fn resolve(path: &str) -> Option<SiteRoute> {
        let trimmed = path.strip_prefix('/')?;
        if trimmed.starts_with('/') {
            return None;
        }
        let trimmed = trimmed.strip_suffix('/').unwrap_or(trimmed);
        let segments: Vec<&str> = if trimmed.is_empty() {
            Vec::new()
        } else {
            trimmed.split('/').collect()
        };
        let (locale, rest) = match segments.as_slice() {
            [first, rest @ ..] => match Locale::parse(first) {
                Ok(Locale::DEFAULT) => return None, // English has no prefix: one address per page
                Ok(locale) => (locale, rest),
                Err(_) => (Locale::DEFAULT, segments.as_slice()),
            },
            [] => (Locale::DEFAULT, segments.as_slice()),
        };
        let target = match rest {
            [] => Target::Content(home_slug()),
            [segment] if *segment == REPORT_PROBLEM_SEGMENT => Target::ReportProblem,
            [segment] if *segment == CAMPAIGNS_SEGMENT => Target::Campaigns,
            [segment] if *segment == CONFIRM_SIGNATURE_SEGMENT => Target::ConfirmSignature,
            [prefix, slug] if *prefix == PETITIONS_SEGMENT => Target::Petition(Slug::parse(slug).ok()?),
            // The home page is `/`, never `/home`; `/petitions` alone is not a page.
            [segment] if RESERVED_SEGMENTS.contains(segment) => return None,
            [segment] => Target::Content(Slug::parse(segment).ok()?),
            _ => return None,
        };
        Some(SiteRoute { locale, target })
    }

    /// The canonical path of this page.
    pub fn path(&self) -> String {
        let prefix = self.locale.path_prefix();
        match &self.target {
            Target::Content(slug) if slug.as_str() == HOME_SLUG => format!("{prefix}/"),
            Target::Content(slug) => format!("{prefix}/{slug}"),
            Target::ReportProblem => format!("{prefix}/{REPORT_PROBLEM_SEGMENT}"),
            Target::Campaigns => format!("{prefix}/{CAMPAIGNS_SEGMENT}"),
            Target::Petition(slug) => format!("{prefix}/{PETITIONS_SEGMENT}/{slug}"),
            Target::ConfirmSignature => format!("{prefix}/{CONFIRM_SIGNATURE_SEGMENT}"),
        }
    }

    /// The same page in another language.
    pub fn in_locale(&self, locale: Locale) -> SiteRoute {
        SiteRoute {
            locale,
            target: self.target.clone(),
        }
    }

    /// The language of any path, even one that names no page, so a
    /// not-found page can still answer in the visitor's language.
    pub fn locale_of(path: &str) -> Locale {
        path.trim_start_matches('/')
            .split('/')
            .next()
            .and_then(|first| Locale::parse(first).ok())
            .unwrap_or(Locale::DEFAULT)
    }
}

fn home_slug() -> Slug {
    Slug::parse(HOME_SLUG).expect("the home slug is well formed")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn content(locale: Locale, slug: &str) -> Option<SiteRoute> {
        SiteRoute::content(locale, slug)
    }

    #[test]
    fn paths_resolve_to_their_page_and_language() {
        let cases = [
            ("/", Some(SiteRoute::home(Locale::En))),
            ("/fr", Some(SiteRoute::home(Locale::Fr))),
            ("/fr/", Some(SiteRoute::home(Locale::Fr))),
            ("/es/", Some(SiteRoute::home(Locale::Es))),
            ("/about", content(Locale::En, "about")),
            ("/about/", content(Locale::En, "about")),
            ("/fr/privacy", content(Locale::Fr, "privacy")),
            (
                "/es/report-a-problem",
                Some(SiteRoute {
                    locale: Locale::Es,
                    target: Target::ReportProblem,
                }),
            ),
            (
                "/fr/campaigns",
                Some(SiteRoute {
                    locale: Locale::Fr,
                    target: Target::Campaigns,
                }),
            ),
            (
                "/petitions/clean-air",
                Some(SiteRoute::petition(Locale::En, Slug::parse("clean-air").unwrap())),
            ),
            (
                "/es/confirm-signature",
                Some(SiteRoute {
                    locale: Locale::Es,
                    target: Target::ConfirmSignature,
                }),
            ),
            (
                "/report-a-problem",
                Some(SiteRoute {
                    locale: Locale::En,
                    target: Target::ReportProblem,
                }),
            ),
        ];
        for (path, expected) in cases {
            assert_eq!(SiteRoute::resolve(path), expected, "{path}");
        }
    }

    #[test]
    fn paths_that_cannot_name_a_page_resolve_to_nothing() {
        for path in [
            "",
            "about",
            "/en",
            "/en/about",
            "/home",
            "/fr/home",
            "/a/b",
            "/fr/a/b",
            "/About",
            "/fr/x_y",
            "//",
            "/petitions",
            "/fr/petitions/",
            "/petitions/Clean_Air",
            "/petitions/a/b",
        ] {
            assert_eq!(SiteRoute::resolve(path), None, "{path:?}");
        }
    }

    #[test]
    fn canonical_paths_put_english_at_the_root() {
        assert_eq!(SiteRoute::home(Locale::En).path(), "/");
        assert_eq!(SiteRoute::home(Locale::Fr).path(), "/fr/");
        assert_eq!(content(Locale::En, "about").unwrap().path(), "/about");
        assert_eq!(content(Locale::Es, "privacy").unwrap().path(), "/es/privacy");
    }

    #[test]
    fn switching_language_keeps_the_page() {
        let about = SiteRoute::resolve("/fr/about").unwrap();
        assert_eq!(about.in_locale(Locale::Es).path(), "/es/about");
        assert_eq!(about.in_locale(Locale::En).path(), "/about");
    }

    #[test]
    fn document_titles_end_with_the_site_name() {
        assert_eq!(document_title("About us"), "About us | Civic");
        assert_eq!(document_title(""), "Civic");
        assert_eq!(
            document_title("Civic: citizens acting together"),
            "Civic: citizens acting together"
        );
    }

    #[test]
    fn the_language_of_any_path_is_known() {
        assert_eq!(SiteRoute::locale_of("/fr/no-such-page/deep"), Locale::Fr);
        assert_eq!(SiteRoute::locale_of("/es"), Locale::Es);
        assert_eq!(SiteRoute::locale_of("/whatever"), Locale::En);
    }

    #[test]
    fn every_spa_page_round_trips_through_its_path() {
        let slug = Slug::parse("clean-air").unwrap();
        for locale in Locale::ALL {
            for target in [
                Target::Campaigns,
                Target::ConfirmSignature,
                Target::ReportProblem,
                Target::Petition(slug.clone()),
            ] {
                let route = SiteRoute { locale, target };
                assert_eq!(SiteRoute::resolve(&route.path()), Some(route.clone()));
            }
        }
    }

    proptest! {
        #[test]
        fn every_canonical_path_resolves_back_to_its_route(words in prop::collection::vec("[a-z0-9]{1,8}", 1..4), locale_index in 0usize..3) {
            let locale = Locale::ALL[locale_index];
            let slug = words.join("-");
            prop_assume!(!RESERVED_SEGMENTS.contains(&slug.as_str()) && Locale::parse(&slug).is_err());
            let route = content(locale, &slug).unwrap();
            prop_assert_eq!(SiteRoute::resolve(&route.path()), Some(route));
        }

        #[test]
        fn resolving_never_panics(path in "\\PC{0,60}") {
            let _ = SiteRoute::resolve(&path);
        }
    }
}
