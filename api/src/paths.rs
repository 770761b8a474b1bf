//! The API's paths, written once for the client and the server.

use crate::{Locale, Slug};

pub const HEALTH: &str = "/api/health";
pub const PAGE: &str = "/api/pages/{locale}/{slug}";
pub const PROBLEM_REPORTS: &str = "/api/problem-reports";
/// The OpenAPI 3.1 description of everything above.
pub const OPENAPI: &str = "/api/openapi.json";

pub fn page(locale: Locale, slug: &Slug) -> String {
    format!("/api/pages/{}/{}", locale.as_str(), slug.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_paths_fill_the_route_template() {
        let slug = Slug::parse("about").unwrap();
        let filled = PAGE.replace("{locale}", "fr").replace("{slug}", "about");
        assert_eq!(page(Locale::Fr, &slug), filled);
    }
}
