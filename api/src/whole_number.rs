//! Whole numbers as JSON may write them. JSON has one kind of number, and
//! the API's document (JSON Schema's `integer`) allows `7.0` as well as
//! `7`; serde's integer types take only the second. Request fields that
//! are counts or ratings read through `whole_number::read` instead.

use std::fmt;
use std::marker::PhantomData;

use serde::Deserializer;
use serde::de::{Error, Visitor};

/// The largest integer an `f64` holds exactly.
const EXACT_LIMIT: f64 = 9_007_199_254_740_992.0;

/// `7` or `7.0`, never `7.5`, a negative number or one `T` cannot hold.
/// An integer is read as one, exactly, however large; a number written
/// with a fraction part only below 2^53, where a float is still exact.
pub fn read<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: TryFrom<u64>,
{
    deserializer.deserialize_any(WholeNumber(PhantomData))
}

struct WholeNumber<T>(PhantomData<T>);

impl<T: TryFrom<u64>> Visitor<'_> for WholeNumber<T> {
    type Value = T;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a whole number that fits")
    }

    fn visit_u64<E: Error>(self, number: u64) -> Result<T, E> {
        T::try_from(number).map_err(|_| E::custom(format!("expected a whole number that fits, found {number}")))
    }

    fn visit_i64<E: Error>(self, number: i64) -> Result<T, E> {
        u64::try_from(number)
            .map_err(|_| E::custom(format!("expected a whole number that fits, found {number}")))
            .and_then(|number| self.visit_u64(number))
    }

    fn visit_f64<E: Error>(self, number: f64) -> Result<T, E> {
        let whole = number.fract() == 0.0 && (0.0..EXACT_LIMIT).contains(&number);
        if !whole {
            return Err(E::custom(format!("expected a whole number that fits, found {number}")));
        }
        // Whole, not negative and below 2^53: the cast is exact.
        self.visit_u64(number as u64)
    }
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

    #[derive(Debug, Deserialize, PartialEq)]
    struct Amount {
        #[serde(deserialize_with = "super::read")]
        value: u64,
    }

    #[test]
    fn a_large_integer_is_read_exactly_not_through_a_float() {
        let amount = |json: &str| serde_json::from_str::<Amount>(json).ok().map(|amount| amount.value);
        assert_eq!(
            amount(r#"{"value":9223372036854775806}"#),
            Some(9_223_372_036_854_775_806)
        );
        assert_eq!(amount(r#"{"value":18446744073709551615}"#), Some(u64::MAX));
        assert_eq!(amount(r#"{"value":1e300}"#), None);
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
