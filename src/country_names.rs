//! Countries named, and put in alphabetical order, in the page's language.
//! Both sides use Unicode's CLDR data: the browser through its own `Intl`
//! (which costs the download nothing), the server through ICU4X, so a page
//! the server drew reads the same once the app takes it over. The English
//! name from the code list stands in where either has none.

use std::cmp::Ordering;

use civic_api::{Country, Locale};

/// Every country with its name in `locale`, in that language's alphabetical
/// order (so "Émirats arabes unis" sits among the E's).
pub fn countries_by_name(locale: Locale) -> Vec<(Country, String)> {
    let names = CountryNames::new(locale);
    let mut countries: Vec<(Country, String)> = Country::all().map(|country| (country, names.name(country))).collect();
    let order = Alphabet::new(locale);
    countries.sort_by(|(_, a), (_, b)| order.compare(a, b));
    countries
}

#[cfg(target_arch = "wasm32")]
pub use browser::{Alphabet, CountryNames};
#[cfg(not(target_arch = "wasm32"))]
pub use server::{Alphabet, CountryNames};

#[cfg(target_arch = "wasm32")]
mod browser {
    use super::*;
    use crate::browser::intl_locales;
    use js_sys::{Function, Intl, Object, Reflect};
    use wasm_bindgen::JsValue;

    pub struct CountryNames(Option<Intl::DisplayNames>);

    impl CountryNames {
        pub fn new(locale: Locale) -> CountryNames {
            let options = Object::new();
            let _ = Reflect::set(&options, &"type".into(), &"region".into());
            let _ = Reflect::set(&options, &"fallback".into(), &"none".into());
            // Constructing one where the browser lacks it would throw.
            let available = Reflect::get(&js_sys::global(), &"Intl".into())
                .and_then(|intl| Reflect::get(&intl, &"DisplayNames".into()))
                .map(|constructor| constructor.is_function())
                .unwrap_or(false);
            CountryNames(available.then(|| Intl::DisplayNames::new(&intl_locales(locale), &options)))
        }

        pub fn name(&self, country: Country) -> String {
            self.0
                .as_ref()
                .and_then(|names| names.of(country.code()))
                .map(String::from)
                .filter(|name| !name.is_empty())
                .unwrap_or_else(|| country.english_name().to_owned())
        }
    }

    pub struct Alphabet(Function);

    impl Alphabet {
        pub fn new(locale: Locale) -> Alphabet {
            Alphabet(Intl::Collator::new(&intl_locales(locale), &Object::new()).compare())
        }

        pub fn compare(&self, a: &str, b: &str) -> Ordering {
            self.0
                .call2(&JsValue::UNDEFINED, &JsValue::from_str(a), &JsValue::from_str(b))
                .ok()
                .and_then(|order| order.as_f64())
                .and_then(|order| order.partial_cmp(&0.0))
                .unwrap_or(Ordering::Equal)
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod server {
    use super::*;
    use icu_collator::options::CollatorOptions;
    use icu_collator::{Collator, CollatorBorrowed};
    use icu_experimental::displaynames::DisplayNamesOptions;
    use icu_experimental::displaynames::multi::RegionDisplayNames;
    use icu_locale_core::subtags::Region;

    /// The tag the browser's side asks `Intl` for (`fr-FR`).
    fn icu_locale(locale: Locale) -> icu_locale_core::Locale {
        let tag = match locale {
            Locale::Ar => "ar".to_owned(),
            _ => locale.og_locale().replace('_', "-"),
        };
        tag.parse().expect("the site's language tags are valid")
    }

    pub struct CountryNames(Option<RegionDisplayNames>);

    impl CountryNames {
        pub fn new(locale: Locale) -> CountryNames {
            let names = RegionDisplayNames::try_new((&icu_locale(locale)).into(), DisplayNamesOptions::default());
            CountryNames(names.ok())
        }

        pub fn name(&self, country: Country) -> String {
            let region = Region::try_from_str(country.code()).ok();
            self.0
                .as_ref()
                .zip(region)
                .and_then(|(names, region)| names.of(region))
                .filter(|name| !name.is_empty())
                .unwrap_or_else(|| country.english_name())
                .to_owned()
        }
    }

    pub struct Alphabet(Option<CollatorBorrowed<'static>>);

    impl Alphabet {
        pub fn new(locale: Locale) -> Alphabet {
            Alphabet(Collator::try_new((&icu_locale(locale)).into(), CollatorOptions::default()).ok())
        }

        pub fn compare(&self, a: &str, b: &str) -> Ordering {
            match &self.0 {
                Some(collator) => collator.compare(a, b),
                None => a.cmp(b),
            }
        }
    }

    #[cfg(test)]
    mod tests {
        use super::super::countries_by_name;
        use super::*;

        #[test]
        fn countries_are_named_in_each_language() {
            let france = Country::parse("FR").unwrap();
            let germany = Country::parse("DE").unwrap();
            assert_eq!(CountryNames::new(Locale::Fr).name(germany), "Allemagne");
            assert_eq!(CountryNames::new(Locale::Es).name(germany), "Alemania");
            assert_eq!(CountryNames::new(Locale::Ar).name(france), "فرنسا");
            assert_eq!(CountryNames::new(Locale::En).name(germany), "Germany");
        }

        #[test]
        fn the_list_follows_the_language_alphabet() {
            let countries = countries_by_name(Locale::Fr);
            let at = |code: &str| countries.iter().position(|(c, _)| c.code() == code).unwrap();
            assert!(at("EG") < at("AE"), "Égypte, then Émirats arabes unis");
            assert!(at("AE") < at("ES"), "Émirats arabes unis among the E's, before Espagne");
            assert!(at("ES") < at("FR"));
        }
    }
}

/// Every country as a select's options: its code, and its name in the
/// page's language, in that language's order.
pub fn country_options(locale: Locale) -> Vec<(String, String)> {
    countries_by_name(locale)
        .into_iter()
        .map(|(country, name)| (country.code().to_owned(), name))
        .collect()
}
