use serde::{Deserialize, Serialize};

use crate::FieldError;

/// The URL name of a page or campaign: lowercase ASCII letters and digits in
/// words joined by single hyphens, at most 64 characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Slug(String);

impl Slug {
    pub const MAX_LEN: usize = 64;
    /// What `parse` accepts, as the API's document says it (with `MAX_LEN`).
    pub const PATTERN: &str = "^[a-z0-9]+(-[a-z0-9]+)*$";

    pub fn parse(input: &str) -> Result<Slug, FieldError> {
        if input.is_empty() {
            return Err(FieldError::Required);
        }
        if input.len() > Self::MAX_LEN {
            return Err(FieldError::TooLong);
        }
        let well_formed = input
            .split('-')
            .all(|word| !word.is_empty() && word.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()));
        if well_formed {
            Ok(Slug(input.to_owned()))
        } else {
            Err(FieldError::Invalid)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Slug {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .pattern(Some(Slug::PATTERN))
            .min_length(Some(1))
            .max_length(Some(Slug::MAX_LEN))
            .description(Some(
                "The URL name of a page or campaign: lowercase ASCII letters and digits in words joined by single hyphens.",
            ))
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Slug {}

impl AsRef<str> for Slug {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Slug {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Slug {
    type Error = FieldError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Slug::parse(&value)
    }
}

impl From<Slug> for String {
    fn from(slug: Slug) -> Self {
        slug.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn well_formed_slugs_are_accepted() {
        for input in ["home", "about", "report-a-problem", "2026-budget", "a"] {
            assert_eq!(Slug::parse(input).unwrap().as_str(), input);
        }
    }

    #[test]
    fn malformed_slugs_are_refused_with_a_reason() {
        let too_long = "a".repeat(Slug::MAX_LEN + 1);
        let cases = [
            ("", FieldError::Required, "empty"),
            (too_long.as_str(), FieldError::TooLong, "too long"),
            ("About", FieldError::Invalid, "uppercase"),
            ("-about", FieldError::Invalid, "leading hyphen"),
            ("about-", FieldError::Invalid, "trailing hyphen"),
            ("a--b", FieldError::Invalid, "double hyphen"),
            ("a b", FieldError::Invalid, "space"),
            ("../etc", FieldError::Invalid, "path traversal"),
            ("été", FieldError::Invalid, "non-ASCII"),
            ("a_b", FieldError::Invalid, "underscore"),
        ];
        for (input, expected, why) in cases {
            assert_eq!(Slug::parse(input), Err(expected), "{why}");
        }
    }

    proptest! {
        #[test]
        fn generated_slugs_round_trip(words in prop::collection::vec("[a-z0-9]{1,8}", 1..6)) {
            let input = words.join("-");
            let slug = Slug::parse(&input).unwrap();
            prop_assert_eq!(slug.as_str(), input.as_str());
        }

        #[test]
        fn what_the_documented_pattern_allows_is_a_slug(generated in Slug::PATTERN.trim_start_matches('^').trim_end_matches('$')) {
            // The pattern has no length; the document's `maxLength` does.
            // Cut to the words that fit, which still matches the pattern.
            let mut input = String::new();
            for word in generated.split('-') {
                let longer = if input.is_empty() { word.to_owned() } else { format!("{input}-{word}") };
                if longer.len() > Slug::MAX_LEN {
                    break;
                }
                input = longer;
            }
            if input.is_empty() {
                input = generated[..Slug::MAX_LEN].to_owned();
            }
            prop_assert_eq!(Slug::parse(&input).map(|slug| slug.as_str().to_owned()), Ok(input.clone()));
        }

        #[test]
        fn anything_accepted_is_safe_in_a_url_path(input in "\\PC{0,70}") {
            if let Ok(slug) = Slug::parse(&input) {
                prop_assert!(slug.as_str().bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'));
                prop_assert!(slug.as_str().len() <= Slug::MAX_LEN);
            }
        }
    }
}
