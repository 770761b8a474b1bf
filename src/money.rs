//! Amounts of money as each language writes them ("€25.00", "25,00 €"),
//! from the separators and the pattern in `locales/`: the same on the
//! server, which draws the donate and thank-you pages, and in the browser.

use civic_api::Locale;
use civic_api::donation::Currency;

use crate::i18n::td_string;
use crate::numbers::format_number;

/// `amount` (in the currency's minor unit) as the language writes a price:
/// grouped digits, its decimal separator, and the currency's symbol where
/// the language puts it ("€1,250.00", "1 250,00 €", "1250,00 €").
pub fn format_money(locale: Locale, amount: u64, currency: &Currency) -> String {
    let symbol = symbol(currency);
    let pattern = td_string!(locale, number.money);
    // A code such as "CHF" in front needs a space the sign does not ("€25").
    let symbol = match pattern.trim_start().starts_with("{{ symbol }}") && ends_with_letter(symbol) {
        true => format!("{symbol}\u{a0}"),
        false => symbol.to_owned(),
    };
    td_string!(
        locale,
        number.money,
        symbol = symbol,
        amount = format_amount(locale, amount, currency)
    )
}

/// `amount` as the visitor would type it back into a field: "25", "25.50"
/// (or "25,50" where the language writes a decimal comma), no grouping.
pub fn amount_input(locale: Locale, amount: u64, currency: &Currency) -> String {
    let (whole, fraction) = split(amount, currency);
    match fraction {
        Some(fraction) if fraction.trim_matches('0').is_empty() => whole.to_string(),
        Some(fraction) => format!("{whole}{}{fraction}", td_string!(locale, number.decimal)),
        None => whole.to_string(),
    }
}

/// The number alone, with every digit of the minor unit: "1,250.00".
fn format_amount(locale: Locale, amount: u64, currency: &Currency) -> String {
    let (whole, fraction) = split(amount, currency);
    let whole = format_number(locale, whole);
    match fraction {
        Some(fraction) => format!("{whole}{}{fraction}", td_string!(locale, number.decimal)),
        None => whole,
    }
}

/// The whole units, and the minor ones written out with their leading
/// zeros ("05"), unless the currency has none (the yen).
fn split(amount: u64, currency: &Currency) -> (u64, Option<String>) {
    let digits = currency.minor_digits();
    if digits == 0 {
        return (amount, None);
    }
    let scale = 10u64.pow(digits);
    let fraction = format!("{:0width$}", amount % scale, width = digits as usize);
    (amount / scale, Some(fraction))
}

/// The signs that read the same in every language of the site; any other
/// currency is written with its code, as a bank statement does.
fn symbol(currency: &Currency) -> &str {
    match currency.as_str() {
        "EUR" => "€",
        "GBP" => "£",
        "USD" => "US$",
        "JPY" => "JP¥",
        code => code,
    }
}

fn ends_with_letter(symbol: &str) -> bool {
    symbol.chars().last().is_some_and(char::is_alphabetic)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn currency(code: &str) -> Currency {
        Currency::parse(code).unwrap()
    }

    #[test]
    fn each_language_writes_an_amount_its_own_way() {
        let eur = currency("EUR");
        let cases = [
            (Locale::En, 2500, "€25.00"),
            (Locale::En, 125_005, "€1,250.05"),
            (Locale::Fr, 2500, "25,00\u{a0}€"),
            (Locale::Fr, 1_000_000, "10\u{202f}000,00\u{a0}€"),
            (Locale::Es, 125_000, "1250,00\u{a0}€"),
            (Locale::Es, 1_000_000, "10.000,00\u{a0}€"),
            (Locale::Ar, 2550, "25.50\u{a0}€"),
            (Locale::En, 7, "€0.07"),
        ];
        for (locale, amount, expected) in cases {
            assert_eq!(format_money(locale, amount, &eur), expected, "{locale} {amount}");
        }
    }

    #[test]
    fn other_currencies_keep_their_sign_or_code_and_their_minor_unit() {
        assert_eq!(format_money(Locale::En, 1000, &currency("GBP")), "£10.00");
        assert_eq!(format_money(Locale::En, 1000, &currency("USD")), "US$10.00");
        assert_eq!(format_money(Locale::En, 3000, &currency("JPY")), "JP¥3,000");
        assert_eq!(format_money(Locale::En, 2500, &currency("CHF")), "CHF\u{a0}25.00");
        assert_eq!(format_money(Locale::Fr, 2500, &currency("CHF")), "25,00\u{a0}CHF");
    }

    #[test]
    fn an_amount_is_typed_back_as_the_visitor_would_write_it() {
        let eur = currency("EUR");
        assert_eq!(amount_input(Locale::En, 2500, &eur), "25");
        assert_eq!(amount_input(Locale::En, 2550, &eur), "25.50");
        assert_eq!(amount_input(Locale::Fr, 2505, &eur), "25,05");
        assert_eq!(amount_input(Locale::En, 125_000, &eur), "1250");
        assert_eq!(amount_input(Locale::En, 3000, &currency("JPY")), "3000");
        for locale in Locale::ALL {
            for amount in [1, 99, 250, 2505, 100_000] {
                let typed = amount_input(locale, amount, &eur);
                assert_eq!(
                    civic_api::donation::parse_major_amount(&typed, &eur),
                    Ok(amount),
                    "{typed}"
                );
            }
        }
    }
}
