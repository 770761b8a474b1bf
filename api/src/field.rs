use serde::{Deserialize, Serialize};

/// Why one field of a form was refused. Serialised as a short code
/// (`"required"`, `"too_long"`, ...) that each side translates itself.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldError {
    Required,
    TooShort,
    TooLong,
    Invalid,
    /// A password among the common, breached or easily guessed ones.
    Common,
    /// A password that contains the person's own name or e-mail address.
    Personal,
}

impl FieldError {
    pub fn code(self) -> &'static str {
        match self {
            FieldError::Required => "required",
            FieldError::TooShort => "too_short",
            FieldError::TooLong => "too_long",
            FieldError::Invalid => "invalid",
            FieldError::Common => "common",
            FieldError::Personal => "personal",
        }
    }
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// Trims `input` and checks it holds between `min` and `max` characters
/// (Unicode scalar values, so an accented letter counts once) and nothing
/// `is_typed_text` refuses.
pub fn bounded_text(input: &str, min: usize, max: usize) -> Result<String, FieldError> {
    let trimmed = input.trim();
    let len = trimmed.chars().count();
    if len == 0 {
        Err(FieldError::Required)
    } else if len < min {
        Err(FieldError::TooShort)
    } else if len > max {
        Err(FieldError::TooLong)
    } else if !is_typed_text(trimmed) {
        Err(FieldError::Invalid)
    } else {
        Ok(trimmed.to_owned())
    }
}

/// Whether `text` holds no control character but line breaks and tabs:
/// nobody types a NUL or an escape sequence into a form, and PostgreSQL
/// cannot store a NUL in text at all.
pub fn is_typed_text(text: &str) -> bool {
    !text.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_text_trims_and_counts_characters_not_bytes() {
        assert_eq!(bounded_text("  été  ", 3, 3), Ok("été".to_owned()));
    }

    #[test]
    fn bounded_text_refuses_blank_short_and_long_input() {
        let cases = [
            ("", FieldError::Required, "empty"),
            ("   \t\n", FieldError::Required, "whitespace only"),
            ("ab", FieldError::TooShort, "below the minimum"),
            ("abcdef", FieldError::TooLong, "above the maximum"),
        ];
        for (input, expected, why) in cases {
            assert_eq!(bounded_text(input, 3, 5), Err(expected), "{why}");
        }
    }

    #[test]
    fn control_characters_other_than_line_breaks_and_tabs_are_refused() {
        assert_eq!(
            bounded_text("two\nlines\tand a tab", 1, 50),
            Ok("two\nlines\tand a tab".to_owned())
        );
        for input in [
            "nul\u{0}byte",
            "bell\u{7}",
            "escape\u{1b}[31m",
            "delete\u{7f}",
            "c1\u{85}next",
        ] {
            assert_eq!(bounded_text(input, 1, 50), Err(FieldError::Invalid), "{input:?}");
        }
    }

    #[test]
    fn field_errors_serialise_as_their_code() {
        let json = serde_json::to_string(&FieldError::TooLong).unwrap();
        assert_eq!(json, "\"too_long\"");
        assert_eq!(FieldError::TooLong.to_string(), "too_long");
    }
}
