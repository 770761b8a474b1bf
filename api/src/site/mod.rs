//! The site's page addresses, shared by the SPA (which page to show) and the
//! server (which paths exist, their metadata, 404 for the rest).
//!
//! English lives at the root (`/about`), other languages under their code
//! (`/fr/about`); a language's home page is `/` or `/fr/`.

mod catalogue;
mod first_data;

use catalogue::FIXED_PAGES;
pub use catalogue::{Address, Bundle, MEMBERS_ONLY_TEXTS, NOT_FOUND_TEXTS, Page, PageTexts, Target};
pub use first_data::{
    FIRST_DATA_ELEMENT_ID, FIRST_PAGE_ELEMENT_ID, FORM_POST_ELEMENT_ID, FirstData, POLICY_ELEMENT_ID,
    VIEWER_ELEMENT_ID, Viewer,
};

use crate::{Locale, Slug};

/// The `<meta name>` the server writes into a page asked for with a live
/// session: the session cookie itself is out of the scripts' reach, and a
/// petition's page then asks for its app at once, to greet the member.
pub const SIGNED_IN_META: &str = "civic-signed-in";

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

/// The value of the first `name` in an address's `query` (with or without
/// its `?`) as written, not decoded; `Some("")` for a bare `name`. For
/// asking whether a query carries something; a value that is used needs
/// decoding.
pub fn query_param<'a>(query: &'a str, name: &str) -> Option<&'a str> {
    query.trim_start_matches('?').split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        (key == name).then_some(value)
    })
}

/// The slug of the home page's content.
pub const HOME_SLUG: &str = "home";

/// Single segments that can never be a content page's slug.
fn is_reserved(segment: &str) -> bool {
    segment == HOME_SLUG
        || Target::every(&home_slug())
            .iter()
            .any(|target| match target.page().address {
                Address::Fixed(fixed) | Address::Item(fixed) | Address::ItemPage(fixed, _) => fixed == segment,
                Address::Content => false,
            })
}

/// The bundle that shows `path`; paths that name no page (the not-found
/// page) belong to the main one.
pub fn bundle_of(path: &str) -> Bundle {
    SiteRoute::resolve(path).map_or(Bundle::Main, |route| route.target.bundle())
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
            [segment]
                if let Some(fixed) = FIXED_PAGES
                    .iter()
                    .find(|t| matches!(t.page().address, Address::Fixed(fixed) if fixed == *segment)) =>
            {
                fixed.clone()
            }
            // The home page is `/`, never `/home`; `/petitions` alone is not a page.
            [segment] if is_reserved(segment) => return None,
            [segment] => Target::at(&Slug::parse(segment).ok()?, |address| address == Address::Content)?,
            [prefix, slug] => Target::at(
                &Slug::parse(slug).ok()?,
                |address| matches!(address, Address::Item(item) if item == *prefix),
            )?,
            [prefix, slug, page] => Target::at(
                &Slug::parse(slug).ok()?,
                |address| matches!(address, Address::ItemPage(item, sub) if item == *prefix && sub == *page),
            )?,
            _ => return None,
        };
        Some(SiteRoute { locale, target })
    }

    /// The canonical path of this page.
    pub fn path(&self) -> String {
        let prefix = self.locale.path_prefix();
        let slug = self.target.slug().map(Slug::as_str).unwrap_or_default();
        match self.target.page().address {
            Address::Content if slug == HOME_SLUG => format!("{prefix}/"),
            Address::Content => format!("{prefix}/{slug}"),
            Address::Fixed(segment) => format!("{prefix}/{segment}"),
            Address::Item(segment) => format!("{prefix}/{segment}/{slug}"),
            Address::ItemPage(segment, page) => format!("{prefix}/{segment}/{slug}/{page}"),
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
    fn a_query_parameter_is_found_by_its_whole_name() {
        assert_eq!(query_param("?t=p.abc&source=x", "t"), Some("p.abc"));
        assert_eq!(query_param("source=x&t=", "t"), Some(""));
        assert_eq!(query_param("source=x&t", "t"), Some(""));
        assert_eq!(query_param("?tt=p.abc", "t"), None);
        assert_eq!(query_param("", "t"), None);
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
            "/surveys/a/b",
            "/surveys/a/results/c",
            "/fr/surveys/Bad_Slug",
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
    fn fixed_pages_have_their_own_segments() {
        assert_eq!(
            SiteRoute::resolve("/fr/unsubscribe").map(|route| route.target),
            Some(Target::Unsubscribe)
        );
        assert_eq!(
            SiteRoute::resolve("/statistics").map(|route| route.target),
            Some(Target::Statistics)
        );
        let mut segments: Vec<&str> = FIXED_PAGES
            .iter()
            .map(|target| match target.page().address {
                Address::Fixed(segment) => segment,
                other => panic!("{target:?} is listed as fixed but lives at {other:?}"),
            })
            .collect();
        segments.sort_unstable();
        segments.dedup();
        assert_eq!(segments.len(), FIXED_PAGES.len());
    }

    #[test]
    fn every_spa_page_round_trips_through_its_path() {
        let slug = Slug::parse("clean-air").unwrap();
        for locale in Locale::ALL {
            let fixed = FIXED_PAGES.iter().cloned();
            let with_slugs = [
                Target::Petition(slug.clone()),
                Target::Survey(slug.clone()),
                Target::SurveyResults(slug.clone()),
            ];
            for target in fixed.chain(with_slugs) {
                let route = SiteRoute { locale, target };
                assert_eq!(SiteRoute::resolve(&route.path()), Some(route.clone()));
            }
        }
    }

    #[test]
    fn the_main_bundle_also_draws_the_reading_pages_but_the_survey_list_and_no_other_bundle_draws_anothers() {
        let slug = Slug::parse("any").unwrap();
        for target in Target::every(&slug) {
            let own = target.bundle();
            for bundle in Bundle::ALL {
                let expected =
                    bundle == own || (bundle == Bundle::Main && own == Bundle::Reading && target != Target::Surveys);
                assert_eq!(bundle.draws(&target), expected, "{bundle:?} {target:?}");
            }
        }
        assert!(Bundle::Main.draws(&Target::Campaigns));
        assert!(!Bundle::Main.draws(&Target::Surveys));
    }

    #[test]
    fn each_page_belongs_to_its_bundle_and_unknown_addresses_to_the_main_one() {
        for path in [
            "/",
            "/fr/",
            "/fr/about",
            "/es/privacy",
            "/campaigns",
            "/ar/campaigns",
            "/statistics",
            "/surveys",
            "/fr/surveys/",
        ] {
            assert_eq!(bundle_of(path), Bundle::Reading, "{path}");
        }
        for path in ["/surveys/our-city", "/es/surveys/our-city/results", "/confirm-response"] {
            assert_eq!(bundle_of(path), Bundle::Surveys, "{path}");
        }
        for path in [
            "/petitions/clean-air",
            "/fr/confirm-signature",
            "/newsletter",
            "/no/such/page",
            "/surveys/a/b",
        ] {
            assert_eq!(bundle_of(path), Bundle::Main, "{path}");
        }
    }

    proptest! {
        #[test]
        fn every_canonical_path_resolves_back_to_its_route(words in prop::collection::vec("[a-z0-9]{1,8}", 1..4), locale_index in 0usize..3) {
            let locale = Locale::ALL[locale_index];
            let slug = words.join("-");
            prop_assume!(!is_reserved(slug.as_str()) && Locale::parse(&slug).is_err());
            let route = content(locale, &slug).unwrap();
            prop_assert_eq!(SiteRoute::resolve(&route.path()), Some(route));
        }

        #[test]
        fn resolving_never_panics(path in "\\PC{0,60}") {
            let _ = SiteRoute::resolve(&path);
        }
    }
}
