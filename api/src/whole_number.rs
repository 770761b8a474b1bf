//! Whole numbers as JSON may write them. JSON has one kind of number, and
//! the API's document (JSON Schema's `integer`) allows `7.0` as well as
//! `7`; serde's integer types take only the second. Request fields that
//! are counts or ratings read through `whole_number::read` instead.

use serde::{Deserialize, Deserializer, de::Error};

/// The largest integer an `f64` holds exactly.
const EXACT_LIMIT: f64 = 9_007_199_254_740_992.0;

/// `7` or `7.0`, never `7.5`, a negative number or one `T` cannot hold.
pub fn read<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: TryFrom<u64>,
{
    let number = f64::deserialize(deserializer)?;
    let whole = number.fract() == 0.0 && (0.0..EXACT_LIMIT).contains(&number);
    // Whole, not negative and below 2^53: the cast is exact.
    whole
        .then_some(number as u64)
        .and_then(|number| T::try_from(number).ok())
        .ok_or_else(|| D::Error::custom(format!("expected a whole number that fits, found {number}")))
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Rating {
        #[serde(deserialize_with = "super::read")]
        value: u8,
    }

    fn rating(json: &str) -> Option<u8> {
        serde_json::from_str::<Rating>(json).ok().map(|rating| rating.value)
    }

    #[test]
    fn whole_numbers_are_read_however_json_writes_them() {
        assert_eq!(rating(r#"{"value":7}"#), Some(7));
        assert_eq!(rating(r#"{"value":7.0}"#), Some(7));
        assert_eq!(rating(r#"{"value":0}"#), Some(0));
        assert_eq!(rating(r#"{"value":255}"#), Some(255));
    }

    #[test]
    fn fractions_negatives_overflows_and_strings_are_refused() {
        for json in [
            r#"{"value":7.5}"#,
            r#"{"value":-1}"#,
            r#"{"value":256}"#,
            r#"{"value":1e300}"#,
            r#"{"value":"7"}"#,
        ] {
            assert_eq!(rating(json), None, "{json}");
        }
    }
}
