//! Whole numbers as each language writes them ("1,234", "1\u{202f}234",
//! "12.345"), from the separators in `locales/`: the same on the server,
//! which draws pages, and in the browser, which then takes them over.

use civic_api::Locale;

use crate::i18n::td_string;

/// Writes a whole number the way the language does: "1,234", "1 234".
pub fn format_number(locale: Locale, number: u64) -> String {
    let digits = number.to_string();
    let group = td_string!(locale, number.group);
    // Spanish leaves four-digit numbers whole ("1234", but "12.345").
    let min_grouping: usize = td_string!(locale, number.min_grouping).parse().unwrap_or(1);
    if digits.len() < 4 + min_grouping - 1 {
        return digits;
    }
    let mut written = String::with_capacity(digits.len() + digits.len() / 3 * group.len());
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index) % 3 == 0 {
            written.push_str(group);
        }
        written.push(digit);
    }
    written
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_language_groups_digits_its_own_way() {
        let cases = [
            (Locale::En, 1_234_567, "1,234,567"),
            (Locale::En, 999, "999"),
            (Locale::Fr, 12_345, "12\u{202f}345"),
            (Locale::Es, 1_234, "1234"),
            (Locale::Es, 12_345, "12.345"),
            (Locale::Ar, 1_000, "1,000"),
            (Locale::En, 0, "0"),
        ];
        for (locale, number, expected) in cases {
            assert_eq!(format_number(locale, number), expected, "{locale} {number}");
        }
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod browser_tests {
    use civic_api::Locale;
    use js_sys::{Intl, Object};
    use wasm_bindgen::JsValue;
    use wasm_bindgen_test::*;

    use super::format_number;
    use crate::browser::intl_locales;

    wasm_bindgen_test_configure!(run_in_browser);

    /// The separators in `locales/` are the ones the browser itself writes.
    #[wasm_bindgen_test]
    fn numbers_in_every_language_read_as_the_browser_writes_them() {
        for locale in Locale::ALL {
            let intl = Intl::NumberFormat::new(&intl_locales(locale), &Object::new());
            for number in [
                0u64,
                7,
                999,
                1_000,
                1_234,
                9_999,
                10_000,
                12_345,
                123_456,
                1_234_567,
                98_765_432_101,
            ] {
                let expected = intl
                    .format()
                    .call1(&JsValue::UNDEFINED, &JsValue::from_f64(number as f64))
                    .unwrap()
                    .as_string();
                assert_eq!(Some(format_number(locale, number)), expected, "{locale} {number}");
            }
        }
    }
}
