use serde::{Deserialize, Serialize};

/// A language the site is published in. English is the default and lives at
/// the root of the site; the others under their code (`/fr/`, `/es/`).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "&'static str")]
// Serde goes through the codes above; `rename_all` tells the schema the same.
#[serde(rename_all = "lowercase")]
pub enum Locale {
    En,
    Fr,
    Es,
    /// Arabic, written right to left.
    Ar,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownLocale(pub String);

impl std::fmt::Display for UnknownLocale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "unknown locale {:?}", self.0)
    }
}

impl std::error::Error for UnknownLocale {}

impl Locale {
    pub const ALL: [Locale; 4] = [Locale::En, Locale::Fr, Locale::Es, Locale::Ar];
    pub const DEFAULT: Locale = Locale::En;

    /// Accepts exactly the lowercase codes used in URLs and files.
    pub fn parse(code: &str) -> Result<Locale, UnknownLocale> {
        match code {
            "en" => Ok(Locale::En),
            "fr" => Ok(Locale::Fr),
            "es" => Ok(Locale::Es),
            "ar" => Ok(Locale::Ar),
            other => Err(UnknownLocale(other.to_owned())),
        }
    }

    /// The BCP 47 code, also used for `<html lang>` and `hreflang`.
    pub fn as_str(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Fr => "fr",
            Locale::Es => "es",
            Locale::Ar => "ar",
        }
    }

    /// The language's name in itself, as a language switcher shows it.
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::Fr => "Français",
            Locale::Es => "Español",
            Locale::Ar => "العربية",
        }
    }

    /// What every path in this language starts with: nothing for the
    /// default language, `/fr` for French.
    pub fn path_prefix(self) -> &'static str {
        match self {
            Locale::En => "",
            Locale::Fr => "/fr",
            Locale::Es => "/es",
            Locale::Ar => "/ar",
        }
    }

    /// The Open Graph `og:locale` value.
    pub fn og_locale(self) -> &'static str {
        match self {
            Locale::En => "en_GB",
            Locale::Fr => "fr_FR",
            Locale::Es => "es_ES",
            Locale::Ar => "ar_AR",
        }
    }

    /// The direction the language is written in, for `<html dir>`.
    pub fn dir(self) -> &'static str {
        match self {
            Locale::Ar => "rtl",
            Locale::En | Locale::Fr | Locale::Es => "ltr",
        }
    }
}

impl std::fmt::Display for Locale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Locale {
    type Err = UnknownLocale;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Locale::parse(s)
    }
}

impl TryFrom<String> for Locale {
    type Error = UnknownLocale;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Locale::parse(&value)
    }
}

impl From<Locale> for &'static str {
    fn from(locale: Locale) -> Self {
        locale.as_str()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_locale_round_trips_through_its_code() {
        for locale in Locale::ALL {
            assert_eq!(Locale::parse(locale.as_str()), Ok(locale));
            let json = serde_json::to_string(&locale).unwrap();
            assert_eq!(serde_json::from_str::<Locale>(&json).unwrap(), locale);
        }
    }

    #[test]
    fn unknown_or_differently_written_codes_are_refused() {
        for code in ["", "de", "EN", "Fr", "en-GB", " en", "english"] {
            assert!(Locale::parse(code).is_err(), "{code:?} should be refused");
        }
        assert!(serde_json::from_str::<Locale>("\"de\"").is_err());
    }

    #[test]
    fn only_the_default_locale_has_no_path_prefix() {
        for locale in Locale::ALL {
            let prefix = locale.path_prefix();
            if locale == Locale::DEFAULT {
                assert_eq!(prefix, "");
            } else {
                assert_eq!(prefix, format!("/{}", locale.as_str()));
            }
        }
    }
}
