//! The tags that replace `<!-- civic:head -->`: what search engines and
//! link previews read without running the SPA.

use civic_api::petition::PetitionImage;
use civic_api::site::SITE_NAME;
use civic_api::{Locale, SiteRoute};

use super::shell::escape;

/// Canonical URL, one alternate per language the page exists in (plus
/// `x-default`, the English page), Open Graph and Twitter card tags; with
/// an image, the large preview card.
pub fn page_tags(
    public_url: &str,
    route: &SiteRoute,
    languages: &[Locale],
    title: &str,
    description: &str,
    image: Option<&PetitionImage>,
) -> String {
    let url = |route: &SiteRoute| escape(&format!("{public_url}{}", route.path()));
    let canonical = url(route);
    let mut tags = String::new();
    let mut line = |tag: String| {
        tags.push_str(&tag);
        tags.push('\n');
    };
    line(format!(r#"<link rel="canonical" href="{canonical}">"#));
    for locale in Locale::ALL.into_iter().filter(|locale| languages.contains(locale)) {
        let href = url(&route.in_locale(locale));
        line(format!(r#"<link rel="alternate" hreflang="{locale}" href="{href}">"#));
    }
    if languages.contains(&Locale::DEFAULT) {
        let href = url(&route.in_locale(Locale::DEFAULT));
        line(format!(r#"<link rel="alternate" hreflang="x-default" href="{href}">"#));
    }
    line(r#"<meta property="og:type" content="website">"#.to_owned());
    line(format!(
        r#"<meta property="og:site_name" content="{}">"#,
        escape(SITE_NAME)
    ));
    line(format!(r#"<meta property="og:title" content="{}">"#, escape(title)));
    line(format!(
        r#"<meta property="og:description" content="{}">"#,
        escape(description)
    ));
    line(format!(r#"<meta property="og:url" content="{canonical}">"#));
    line(format!(
        r#"<meta property="og:locale" content="{}">"#,
        route.locale.og_locale()
    ));
    for other in languages.iter().filter(|other| **other != route.locale) {
        line(format!(
            r#"<meta property="og:locale:alternate" content="{}">"#,
            other.og_locale()
        ));
    }
    match image {
        Some(image) => {
            let src = escape(&format!("{public_url}{}", image.src));
            line(format!(r#"<meta property="og:image" content="{src}">"#));
            line(format!(r#"<meta property="og:image:width" content="{}">"#, image.width));
            line(format!(
                r#"<meta property="og:image:height" content="{}">"#,
                image.height
            ));
            line(format!(
                r#"<meta property="og:image:alt" content="{}">"#,
                escape(&image.alt)
            ));
            line(r#"<meta name="twitter:card" content="summary_large_image">"#.to_owned());
        }
        None => line(r#"<meta name="twitter:card" content="summary">"#.to_owned()),
    }
    tags
}

/// For a page whose address carries a secret (the confirmation link's
/// token): kept out of search engines, and its address out of `Referer`.
pub fn private_tags() -> String {
    "<meta name=\"robots\" content=\"noindex\">\n<meta name=\"referrer\" content=\"no-referrer\">\n".to_owned()
}

/// A page that does not exist must not be indexed, and has no address of
/// its own to call canonical.
pub fn not_found_tags() -> String {
    r#"<meta name="robots" content="noindex">"#.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_french_page_points_to_itself_and_its_translations() {
        let route = SiteRoute::resolve("/fr/about").unwrap();
        let tags = page_tags(
            "https://civic.example",
            &route,
            &Locale::ALL,
            "À propos",
            "Qui \"nous\" sommes",
            None,
        );
        for expected in [
            r#"<link rel="canonical" href="https://civic.example/fr/about">"#,
            r#"<link rel="alternate" hreflang="en" href="https://civic.example/about">"#,
            r#"<link rel="alternate" hreflang="es" href="https://civic.example/es/about">"#,
            r#"<link rel="alternate" hreflang="x-default" href="https://civic.example/about">"#,
            r#"<meta property="og:locale" content="fr_FR">"#,
            r#"<meta property="og:locale:alternate" content="en_GB">"#,
            r#"<meta property="og:description" content="Qui &quot;nous&quot; sommes">"#,
        ] {
            assert!(tags.contains(expected), "missing {expected} in\n{tags}");
        }
    }

    #[test]
    fn languages_without_the_page_get_no_alternate() {
        let route = SiteRoute::resolve("/fr/about").unwrap();
        let tags = page_tags("http://x", &route, &[Locale::Fr], "T", "D", None);
        assert!(!tags.contains("hreflang=\"en\""));
        assert!(!tags.contains("x-default"));
        assert!(!tags.contains("og:locale:alternate"));
        assert!(tags.contains(r#"<meta name="twitter:card" content="summary">"#));
        assert!(!tags.contains("og:image"));
    }

    #[test]
    fn an_image_gets_an_absolute_url_its_size_and_the_large_card() {
        let route = SiteRoute::resolve("/petitions/clean-air").unwrap();
        let image = PetitionImage {
            src: "/images/petitions/clean-air.jpg".into(),
            alt: "Children \"outside\"".into(),
            width: 1200,
            height: 630,
            variants: Vec::new(),
        };
        let tags = page_tags("https://civic.example", &route, &[Locale::En], "T", "D", Some(&image));
        for expected in [
            r#"<meta property="og:image" content="https://civic.example/images/petitions/clean-air.jpg">"#,
            r#"<meta property="og:image:width" content="1200">"#,
            r#"<meta property="og:image:height" content="630">"#,
            r#"<meta property="og:image:alt" content="Children &quot;outside&quot;">"#,
            r#"<meta name="twitter:card" content="summary_large_image">"#,
        ] {
            assert!(tags.contains(expected), "missing {expected} in\n{tags}");
        }
        assert!(!tags.contains(r#"content="summary">"#));
    }
}
