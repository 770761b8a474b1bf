//! The treasurer's export: every payment of a period as CSV, one row per
//! payment, amounts in the currency's major unit with a dot, as
//! accounting software reads them. It has no column for card data because
//! there is none to put in it.

use civic_api::donation::Currency;

use crate::csv_field::table;
use crate::payments::receipts::receipt_number;
use crate::storage::donations::PaymentRow;

pub const HEADER: &str =
    "receipt,paid_at,amount,currency,frequency,payer_email,gift_reference,provider_reference,member,dedication";

pub fn csv(payments: &[PaymentRow]) -> String {
    table(
        HEADER,
        payments.iter().map(|payment| {
            [
                receipt_number(payment.paid_at.get(..4).unwrap_or("0000"), payment.id),
                payment.paid_at.clone(),
                major_units(payment.amount, &payment.currency),
                payment.currency.clone(),
                payment.frequency.clone(),
                payment.email.clone(),
                payment.donation_reference.clone(),
                payment.provider_reference.clone(),
                if payment.account_id.is_some() { "yes" } else { "no" }.to_owned(),
                payment.dedication.clone().unwrap_or_default(),
            ]
        }),
    )
}

/// `2505` EUR -> `25.05`; `3000` JPY -> `3000`.
fn major_units(amount: i64, currency: &str) -> String {
    let digits = Currency::parse(currency).map_or(2, |currency| currency.minor_digits());
    if digits == 0 {
        return amount.to_string();
    }
    let scale = 10i64.pow(digits);
    format!("{}.{:0width$}", amount / scale, amount % scale, width = digits as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_in_major_units_and_fields_are_quoted() {
        let row = PaymentRow {
            id: 42,
            donation_reference: "G-1".into(),
            provider_reference: "pi_1".into(),
            amount: 2505,
            currency: "EUR".into(),
            email: "giver@example.org".into(),
            paid_at: "2026-12-05T10:00:00.000000Z".into(),
            frequency: "once".into(),
            dedication: Some("=HYPERLINK(\"x\")".into()),
            account_id: None,
        };
        let csv = csv(&[row]);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[0], HEADER);
        assert!(lines[1].starts_with("\"R-2026-000042\",\"2026-12-05T10:00:00.000000Z\",\"25.05\",\"EUR\",\"once\""));
        assert!(lines[1].ends_with("\"no\",\"'=HYPERLINK(\"\"x\"\")\""), "{}", lines[1]);
        assert_eq!(major_units(3000, "JPY"), "3000");
        assert_eq!(major_units(5, "USD"), "0.05");
    }
}
