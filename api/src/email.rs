use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::FieldError;

/// An e-mail address that a mail server would accept: RFC 5322 syntax
/// (checked by the `email_address` crate), a dotted domain, at most 254
/// characters. The domain is lowercased; the local part is kept as typed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    pub const MAX_LEN: usize = 254;

    pub fn parse(input: &str) -> Result<Email, FieldError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(FieldError::Required);
        }
        if trimmed.chars().count() > Self::MAX_LEN {
            return Err(FieldError::TooLong);
        }
        let parsed = email_address::EmailAddress::from_str(trimmed).map_err(|_| FieldError::Invalid)?;
        let domain = parsed.domain();
        // The crate accepts `user@localhost` and bracketed IP literals; a
        // campaign's mail goes to real, dotted domains only.
        let dotted = domain.contains('.') && !domain.starts_with('[') && !domain.ends_with('.');
        if !dotted || trimmed.contains(char::is_whitespace) {
            return Err(FieldError::Invalid);
        }
        Ok(Email(format!("{}@{}", parsed.local_part(), domain.to_lowercase())))
    }

    /// What is wrong with a typed address, for a form's field.
    pub fn check(input: &str) -> Option<FieldError> {
        Email::parse(input).err()
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The same mailbox however it was typed: lowercase, without a `+tag`,
    /// without dots in the local part (`J.Doe+news@Example.org` and
    /// `jdoe@example.org` give `jdoe@example.org`). Used only to stop one
    /// person counting twice; mail still goes to the address as typed.
    pub fn dedupe_key(&self) -> String {
        let (local, domain) = self.0.rsplit_once('@').expect("a parsed address has an at sign");
        let local = local.split('+').next().unwrap_or(local);
        let local: String = local.chars().filter(|c| *c != '.').collect::<String>().to_lowercase();
        format!("{local}@{domain}")
    }
}

impl AsRef<str> for Email {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Email {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Email {
    type Error = FieldError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Email::parse(&value)
    }
}

impl From<Email> for String {
    fn from(email: Email) -> Self {
        email.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn ordinary_addresses_are_accepted_with_the_domain_lowercased() {
        let cases = [
            ("ana@example.org", "ana@example.org"),
            ("  Ana.Lopez+civic@Example.ORG ", "Ana.Lopez+civic@example.org"),
            ("o'neil@mail.example.co.uk", "o'neil@mail.example.co.uk"),
        ];
        for (input, expected) in cases {
            assert_eq!(Email::parse(input).unwrap().as_str(), expected, "{input}");
        }
    }

    #[test]
    fn malformed_addresses_are_refused_with_a_reason() {
        let too_long = format!("{}@example.org", "a".repeat(250));
        let cases = [
            ("", FieldError::Required, "empty"),
            ("   ", FieldError::Required, "blank"),
            (too_long.as_str(), FieldError::TooLong, "over 254 characters"),
            ("ana", FieldError::Invalid, "no at sign"),
            ("ana@", FieldError::Invalid, "no domain"),
            ("@example.org", FieldError::Invalid, "no local part"),
            ("ana@localhost", FieldError::Invalid, "undotted domain"),
            ("ana@@example.org", FieldError::Invalid, "two at signs"),
            ("ana lopez@example.org", FieldError::Invalid, "space inside"),
            ("ana@[127.0.0.1]", FieldError::Invalid, "IP literal"),
        ];
        for (input, expected, why) in cases {
            assert_eq!(Email::parse(input), Err(expected), "{why}");
        }
    }

    #[test]
    fn one_mailbox_typed_differently_has_one_dedupe_key() {
        let key = |input: &str| Email::parse(input).unwrap().dedupe_key();
        assert_eq!(key("J.Doe+news@Example.org"), "jdoe@example.org");
        assert_eq!(key("jdoe@example.org"), "jdoe@example.org");
        assert_eq!(key("JDOE+a+b@EXAMPLE.ORG"), "jdoe@example.org");
        assert_ne!(key("jdoe@example.org"), key("jdoe@example.net"));
    }

    proptest! {
        #[test]
        fn dedupe_keys_ignore_case_dots_and_tags(local in "[a-z]{1,10}", tag in "[a-z0-9]{0,6}", dots in prop::collection::vec(any::<bool>(), 10)) {
            let dotted: String = local.chars().zip(dots.iter().chain(std::iter::repeat(&false)))
                .enumerate()
                .map(|(i, (c, dot))| if *dot && i > 0 { format!(".{}", c.to_ascii_uppercase()) } else { c.to_string() })
                .collect();
            let typed = if tag.is_empty() { format!("{dotted}@Example.org") } else { format!("{dotted}+{tag}@Example.org") };
            let email = Email::parse(&typed).unwrap();
            prop_assert_eq!(email.dedupe_key(), format!("{local}@example.org"));
        }

        #[test]
        fn generated_addresses_are_accepted(local in "[a-z0-9]{1,20}", host in "[a-z]{1,12}", tld in "[a-z]{2,6}") {
            let input = format!("{local}@{host}.{tld}");
            let email = Email::parse(&input).unwrap();
            prop_assert_eq!(email.as_str(), input.as_str());
        }

        #[test]
        fn parsing_never_panics_and_accepts_only_one_at_sign_outside_quotes(input in "\\PC{0,80}") {
            if let Ok(email) = Email::parse(&input) {
                prop_assert!(email.as_str().contains('@'));
                prop_assert!(email.as_str().chars().count() <= Email::MAX_LEN);
            }
        }
    }
}
