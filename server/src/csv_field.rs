//! One CSV field as every export writes it: always quoted, quotes doubled
//! (RFC 4180: labels hold commas, quotes and line breaks), and a text that
//! a spreadsheet would take for a formula (starting with `=`, `+`, `-`,
//! `@`, a tab or a carriage return) led by an apostrophe, which shows it
//! as the text it is (OWASP's advice on CSV injection).

pub fn quoted(text: &str) -> String {
    let formula = text.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let lead = if formula { "'" } else { "" };
    format!("\"{lead}{}\"", text.replace('"', "\"\""))
}

/// A whole CSV file: the header line, then one line of quoted fields per
/// row, each line ended by CRLF (RFC 4180).
pub fn table<R: AsRef<[String]>>(header: &str, rows: impl IntoIterator<Item = R>) -> String {
    let mut out = String::from(header);
    out.push_str("\r\n");
    for row in rows {
        let fields: Vec<String> = row.as_ref().iter().map(|field| quoted(field)).collect();
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_is_its_header_then_quoted_rows_each_ended_by_crlf() {
        let rows = [["a".to_owned(), "=1".to_owned()], ["b, c".to_owned(), String::new()]];
        assert_eq!(table("x,y", rows), "x,y\r\n\"a\",\"'=1\"\r\n\"b, c\",\"\"\r\n");
        assert_eq!(table("x,y", Vec::<Vec<String>>::new()), "x,y\r\n");
    }

    #[test]
    fn fields_are_quoted_with_inner_quotes_doubled() {
        assert_eq!(quoted("France"), "\"France\"");
        assert_eq!(
            quoted("Bonaire, Sint Eustatius and Saba"),
            "\"Bonaire, Sint Eustatius and Saba\""
        );
        assert_eq!(quoted("Say \"hi\""), "\"Say \"\"hi\"\"\"");
        assert_eq!(quoted("two\nlines"), "\"two\nlines\"");
    }

    #[test]
    fn what_a_spreadsheet_would_run_is_shown_as_text() {
        for (text, shown) in [
            (
                "=HYPERLINK(\"http://evil.example\")",
                "\"'=HYPERLINK(\"\"http://evil.example\"\")\"",
            ),
            ("+cmd|' /C calc'!A0", "\"'+cmd|' /C calc'!A0\""),
            ("-2+3", "\"'-2+3\""),
            ("@SUM(1+1)", "\"'@SUM(1+1)\""),
            ("\t=1", "\"'\t=1\""),
        ] {
            assert_eq!(quoted(text), shown, "{text}");
        }
        assert_eq!(quoted("a = b"), "\"a = b\"", "only a leading sign counts");
    }
}
