//! Dates as each language writes them, from the words in `locales/`: the
//! same on the server, which draws pages, and in the browser, which then
//! takes them over (the browser's `Intl` would differ by browser).

use civic_api::Locale;

use crate::i18n;

const MONTHS: [&str; 12] = [
    "date.month_1",
    "date.month_2",
    "date.month_3",
    "date.month_4",
    "date.month_5",
    "date.month_6",
    "date.month_7",
    "date.month_8",
    "date.month_9",
    "date.month_10",
    "date.month_11",
    "date.month_12",
];

/// Formats an ISO date (`2026-11-29`) the way the language writes dates,
/// e.g. "29 novembre 2026". `None` for a malformed date.
pub fn format_date(locale: Locale, iso_date: &str) -> Option<String> {
    let (year, month, day) = parse(iso_date)?;
    let month = i18n::text(locale, MONTHS[month as usize - 1]);
    Some(i18n::td_string!(
        locale,
        date.long,
        day = day,
        month = month,
        year = year
    ))
}

/// Year, month and day of `2026-11-29` (or of a longer ISO 8601 time).
fn parse(iso_date: &str) -> Option<(u32, u32, u32)> {
    let date = iso_date.get(..10)?;
    let mut parts = date.split('-');
    let mut number = |digits: usize| {
        parts
            .next()
            .filter(|part| part.len() == digits && part.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|part| part.parse::<u32>().ok())
    };
    let (year, month, day) = (number(4)?, number(2)?, number(2)?);
    ((1..=12).contains(&month) && (1..=days_in(year, month)).contains(&day)).then_some((year, month, day))
}

fn days_in(year: u32, month: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_language_writes_the_date_its_own_way() {
        let cases = [
            (Locale::En, "2026-12-01", "1 December 2026"),
            (Locale::Fr, "2026-02-09", "9 f\u{e9}vrier 2026"),
            (Locale::Es, "2026-05-09", "9 de mayo de 2026"),
            (
                Locale::Ar,
                "2026-11-29",
                "29 \u{646}\u{648}\u{641}\u{645}\u{628}\u{631} 2026",
            ),
        ];
        for (locale, iso, expected) in cases {
            assert_eq!(format_date(locale, iso).as_deref(), Some(expected), "{locale}");
        }
        assert_eq!(
            format_date(Locale::En, "2026-11-29T10:00:00Z").as_deref(),
            Some("29 November 2026")
        );
    }

    #[test]
    fn a_malformed_or_impossible_date_is_none() {
        for bad in [
            "",
            "2026-11",
            "2026-13-01",
            "2026-02-29",
            "2026-1-01",
            "yesterday!",
            "2026-11-00",
        ] {
            assert_eq!(format_date(Locale::En, bad), None, "{bad}");
        }
        assert_eq!(
            format_date(Locale::En, "2028-02-29").as_deref(),
            Some("29 February 2028")
        );
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod browser_tests {
    use civic_api::Locale;
    use js_sys::{Date, Intl};
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_test::*;

    use super::format_date;
    use crate::browser::intl_locales;

    wasm_bindgen_test_configure!(run_in_browser);

    /// The words in `locales/` are the ones the browser itself would write.
    #[wasm_bindgen_test]
    fn every_month_in_every_language_reads_as_the_browser_writes_it() {
        for locale in Locale::ALL {
            let options = Intl::DateTimeFormatOptions::new();
            options.set_date_style(Intl::DateTimeStyle::Long);
            options.set_time_zone("UTC");
            let intl = Intl::DateTimeFormat::new(&intl_locales(locale), options.unchecked_ref());
            for month in 1..=12 {
                let iso = format!("2026-{month:02}-09");
                let date = Date::new(&JsValue::from_str(&iso));
                let expected = intl.format().call1(&JsValue::UNDEFINED, &date).unwrap().as_string();
                assert_eq!(format_date(locale, &iso), expected, "{locale} {iso}");
            }
        }
    }
}
