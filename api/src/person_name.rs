use serde::{Deserialize, Serialize};

use crate::FieldError;

/// A person's name as they write it: any script, 1 to 100 characters after
/// trimming, inner runs of spaces collapsed, no control characters.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(value_type = String))]
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PersonName(String);

impl PersonName {
    pub const MAX_LEN: usize = 100;

    pub fn parse(input: &str) -> Result<PersonName, FieldError> {
        let collapsed = input.split_whitespace().collect::<Vec<_>>().join(" ");
        if collapsed.is_empty() {
            return Err(FieldError::Required);
        }
        if collapsed.chars().count() > Self::MAX_LEN {
            return Err(FieldError::TooLong);
        }
        if collapsed.chars().any(|c| c.is_control() || matches!(c, '<' | '>')) {
            return Err(FieldError::Invalid);
        }
        Ok(PersonName(collapsed))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// What a greeting uses: the first word ("Ana" of "Ana María López").
    pub fn first_name(&self) -> &str {
        self.0.split(' ').next().unwrap_or(&self.0)
    }
}

impl std::fmt::Display for PersonName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for PersonName {
    type Error = FieldError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        PersonName::parse(&value)
    }
}

impl From<PersonName> for String {
    fn from(value: PersonName) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn names_are_trimmed_and_collapsed() {
        let name = PersonName::parse("  Ana   María López ").unwrap();
        assert_eq!(name.as_str(), "Ana María López");
        assert_eq!(name.first_name(), "Ana");
    }

    #[test]
    fn bad_names_are_refused_with_a_reason() {
        assert_eq!(PersonName::parse("   "), Err(FieldError::Required));
        assert_eq!(PersonName::parse(&"a".repeat(101)), Err(FieldError::TooLong));
        assert_eq!(PersonName::parse("Bob\u{7}"), Err(FieldError::Invalid));
        assert_eq!(PersonName::parse("<script>"), Err(FieldError::Invalid));
    }

    proptest! {
        #[test]
        fn any_accepted_name_is_stable(input in "\\PC{0,120}") {
            if let Ok(name) = PersonName::parse(&input) {
                prop_assert_eq!(PersonName::parse(name.as_str()), Ok(name.clone()));
                prop_assert!(!name.first_name().is_empty());
            }
        }
    }
}
