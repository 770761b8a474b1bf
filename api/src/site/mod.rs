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
/// The public statistics (transparency) page.
pub const STATISTICS_SEGMENT: &str = "statistics";
/// The newsletter sign-up page.
pub const NEWSLETTER_SEGMENT: &str = "newsletter";
/// Where the newsletter's confirmation link lands (`?t=n.…`).
pub const CONFIRM_SUBSCRIPTION_SEGMENT: &str = "confirm-subscription";
/// Where every newsletter's unsubscribe link lands (`?t=u.…`).
pub const UNSUBSCRIBE_SEGMENT: &str = "unsubscribe";
/// The list of open surveys; one survey is `/surveys/{slug}`, its results
/// `/surveys/{slug}/results`.
pub const SURVEYS_SEGMENT: &str = "surveys";
/// The last segment of a survey's results page.
pub const RESULTS_SEGMENT: &str = "results";
/// Where the link that confirms a survey answer by e-mail lands (`?t=v.…`).
pub const CONFIRM_RESPONSE_SEGMENT: &str = "confirm-response";

/// The SPA's own pages that take one path segment.
const FIXED_PAGES: [(&str, Target); 9] = [
    (REPORT_PROBLEM_SEGMENT, Target::ReportProblem),
    (CAMPAIGNS_SEGMENT, Target::Campaigns),
    (CONFIRM_SIGNATURE_SEGMENT, Target::ConfirmSignature),
    (STATISTICS_SEGMENT, Target::Statistics),
    (NEWSLETTER_SEGMENT, Target::Newsletter),
    (CONFIRM_SUBSCRIPTION_SEGMENT, Target::ConfirmSubscription),
    (UNSUBSCRIBE_SEGMENT, Target::Unsubscribe),
    (SURVEYS_SEGMENT, Target::Surveys),
    (CONFIRM_RESPONSE_SEGMENT, Target::ConfirmResponse),
];

/// Single segments that can never be a content page's slug.
fn is_reserved(segment: &str) -> bool {
    segment == HOME_SLUG || segment == PETITIONS_SEGMENT || FIXED_PAGES.iter().any(|(fixed, _)| *fixed == segment)
}

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
    /// What the site counts, as charts: anyone can check it identifies no one.
    Statistics,
    /// Sign up for the newsletter.
    Newsletter,
    /// Confirms a newsletter sign-up from the e-mailed link.
    ConfirmSubscription,
    /// Unsubscribes in one click from a newsletter's link, and offers to undo.
    Unsubscribe,
    /// Every open survey.
    Surveys,
    /// One survey's form (`?t=i.…` carries an invitation where the survey
    /// takes one answer per person).
    Survey(Slug),
    /// One survey's results so far, where its definition makes them public.
    SurveyResults(Slug),
    /// Confirms a survey answer from the e-mailed link.
    ConfirmResponse,
}

/// The SPA ships as two WebAssembly bundles so that the survey engine does
/// not weigh on every visitor. Each page belongs to one of them; the server
/// serves that bundle's HTML, and each bundle hands any other page back to
/// the browser for a full load.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Bundle {
    /// Every page but the surveys'.
    Main,
    /// The survey list, forms, results and confirmation.
    Surveys,
}

impl Bundle {
    pub const ALL: [Bundle; 2] = [Bundle::Main, Bundle::Surveys];

    /// The HTML file trunk writes for this bundle in `dist/`.
    pub fn html_file(self) -> &'static str {
        match self {
            Bundle::Main => "index.html",
            Bundle::Surveys => "surveys.html",
        }
    }
}

impl Target {
    pub fn bundle(&self) -> Bundle {
        match self {
            Target::Surveys | Target::Survey(_) | Target::SurveyResults(_) | Target::ConfirmResponse => Bundle::Surveys,
            _ => Bundle::Main,
        }
    }
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
            [segment] if let Some((_, target)) = FIXED_PAGES.iter().find(|(fixed, _)| fixed == segment) => {
                target.clone()
            }
            [prefix, slug] if *prefix == PETITIONS_SEGMENT => Target::Petition(Slug::parse(slug).ok()?),
            [prefix, slug] if *prefix == SURVEYS_SEGMENT => Target::Survey(Slug::parse(slug).ok()?),
            [prefix, slug, results] if *prefix == SURVEYS_SEGMENT && *results == RESULTS_SEGMENT => {
                Target::SurveyResults(Slug::parse(slug).ok()?)
            }
            // The home page is `/`, never `/home`; `/petitions` alone is not a page.
            [segment] if is_reserved(segment) => return None,
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
            Target::Petition(slug) => format!("{prefix}/{PETITIONS_SEGMENT}/{slug}"),
            Target::Survey(slug) => format!("{prefix}/{SURVEYS_SEGMENT}/{slug}"),
            Target::SurveyResults(slug) => format!("{prefix}/{SURVEYS_SEGMENT}/{slug}/{RESULTS_SEGMENT}"),
            fixed => {
                let (segment, _) = FIXED_PAGES
                    .iter()
                    .find(|(_, target)| target == fixed)
                    .expect("every other target is a fixed page");
                format!("{prefix}/{segment}")
            }
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
        let mut segments: Vec<&str> = FIXED_PAGES.iter().map(|(segment, _)| *segment).collect();
        segments.sort_unstable();
        segments.dedup();
        assert_eq!(segments.len(), FIXED_PAGES.len());
    }

    #[test]
    fn every_spa_page_round_trips_through_its_path() {
        let slug = Slug::parse("clean-air").unwrap();
        for locale in Locale::ALL {
            let fixed = FIXED_PAGES.iter().map(|(_, target)| target.clone());
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
    fn survey_pages_belong_to_the_survey_bundle_and_everything_else_to_the_main_one() {
        for path in [
            "/surveys",
            "/fr/surveys/",
            "/surveys/our-city",
            "/es/surveys/our-city/results",
            "/confirm-response",
        ] {
            assert_eq!(bundle_of(path), Bundle::Surveys, "{path}");
        }
        for path in [
            "/",
            "/fr/about",
            "/petitions/clean-air",
            "/statistics",
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
