use serde::{Deserialize, Serialize};

use crate::FieldError;

/// A key the client makes once per intended action and resends on retry, so
/// the server can answer a retry without doing the action twice. 16 to 64
/// characters of ASCII letters, digits and hyphens (a UUID fits).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    pub fn parse(input: &str) -> Result<IdempotencyKey, FieldError> {
        if input.is_empty() {
            return Err(FieldError::Required);
        }
        if input.len() < 16 {
            return Err(FieldError::TooShort);
        }
        if input.len() > 64 {
            return Err(FieldError::TooLong);
        }
        if input.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            Ok(IdempotencyKey(input.to_owned()))
        } else {
            Err(FieldError::Invalid)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for IdempotencyKey {
    type Error = FieldError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        IdempotencyKey::parse(&value)
    }
}

impl From<IdempotencyKey> for String {
    fn from(key: IdempotencyKey) -> Self {
        key.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_uuid_is_a_valid_key() {
        let key = "3f2b8c1e-4d5a-4b6c-8d7e-9f0a1b2c3d4e";
        assert_eq!(IdempotencyKey::parse(key).unwrap().as_str(), key);
    }

    #[test]
    fn short_long_and_odd_keys_are_refused() {
        let long = "a".repeat(65);
        let cases = [
            ("", FieldError::Required),
            ("abc", FieldError::TooShort),
            (long.as_str(), FieldError::TooLong),
            ("0123456789abcdef!", FieldError::Invalid),
            ("0123456789 abcdef", FieldError::Invalid),
        ];
        for (input, expected) in cases {
            assert_eq!(IdempotencyKey::parse(input), Err(expected), "{input:?}");
        }
    }
}
