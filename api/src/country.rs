use serde::{Deserialize, Serialize};

use crate::FieldError;

/// A country or territory by its ISO 3166-1 alpha-2 code (`FR`, `GB`),
/// checked against the list kept by the `rust_iso3166` crate. The browser
/// names it in the page's language (`Intl.DisplayNames`); the English short
/// name from the crate is the fallback and what the CSV carries.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(value_type = String, pattern = "^[A-Z]{2}$"))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Country([u8; 2]);

impl Country {
    /// Accepts a code in either case; stores it uppercase.
    pub fn parse(input: &str) -> Result<Country, FieldError> {
        let code = input.trim().to_ascii_uppercase();
        if code.is_empty() {
            return Err(FieldError::Required);
        }
        match rust_iso3166::from_alpha2(&code) {
            Some(_) => {
                let bytes = code.as_bytes();
                Ok(Country([bytes[0], bytes[1]]))
            }
            None => Err(FieldError::Invalid),
        }
    }

    pub fn code(&self) -> &str {
        std::str::from_utf8(&self.0).expect("a parsed code is ASCII")
    }

    /// The English short name, e.g. "France".
    pub fn english_name(&self) -> &'static str {
        rust_iso3166::from_alpha2(self.code())
            .map(|country| country.name)
            .unwrap_or("")
    }

    /// Every assigned code, in the order of the standard's list.
    pub fn all() -> impl Iterator<Item = Country> {
        rust_iso3166::ALL_ALPHA2
            .iter()
            .filter_map(|code| Country::parse(code).ok())
    }
}

impl std::fmt::Display for Country {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

impl TryFrom<String> for Country {
    type Error = FieldError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Country::parse(&value)
    }
}

impl From<Country> for String {
    fn from(value: Country) -> Self {
        value.code().to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn known_codes_parse_in_any_case() {
        assert_eq!(Country::parse("fr").unwrap().code(), "FR");
        assert_eq!(Country::parse(" gb ").unwrap().code(), "GB");
        assert_eq!(Country::parse("FR").unwrap().english_name(), "France");
    }

    #[test]
    fn unknown_or_empty_codes_are_refused() {
        assert_eq!(Country::parse(""), Err(FieldError::Required));
        for code in ["XX", "F", "FRA", "UK", "1A", "é"] {
            assert_eq!(Country::parse(code), Err(FieldError::Invalid), "{code}");
        }
    }

    #[test]
    fn the_list_holds_every_assigned_country_once() {
        let all: Vec<Country> = Country::all().collect();
        assert!(all.len() >= 249, "{}", all.len());
        let mut unique = all.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), all.len());
    }

    proptest! {
        #[test]
        fn json_round_trips(index in 0usize..249) {
            let country = Country::all().nth(index).unwrap();
            let json = serde_json::to_string(&country).unwrap();
            prop_assert_eq!(serde_json::from_str::<Country>(&json).unwrap(), country);
        }
    }
}
