//! Which grammatical number a count takes, so that a sentence reads
//! "1 signature" but "2 signatures". The three languages need only two forms;
//! a plural library would add much to the download for this.

use civic_api::Locale;

/// Whether `n` takes the singular: English and Spanish say "1 firma",
/// French also says "0 signature".
pub fn is_singular(locale: Locale, n: u64) -> bool {
    match locale {
        Locale::Fr => n <= 1,
        // Arabic's texts are written to read right for every count but one.
        Locale::En | Locale::Es | Locale::Ar => n == 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_language_puts_zero_and_one_where_it_belongs() {
        let cases = [
            (Locale::En, 0, false),
            (Locale::En, 1, true),
            (Locale::En, 2, false),
            (Locale::Fr, 0, true),
            (Locale::Fr, 1, true),
            (Locale::Fr, 2, false),
            (Locale::Es, 0, false),
            (Locale::Es, 1, true),
            (Locale::Es, 1000, false),
        ];
        for (locale, n, singular) in cases {
            assert_eq!(is_singular(locale, n), singular, "{locale} {n}");
        }
    }
}
