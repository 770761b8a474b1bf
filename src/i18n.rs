//! The visitor's language, and only theirs: the server writes the page's
//! UI strings into the HTML it sends (`<script type="application/json"
//! id="civic-texts">`, from `locales/<code>.json`), and the app reads them
//! once. The wasm carries no translation, so a new language adds nothing to
//! anyone else's download.
//!
//! `td_string!(ui, section.key)` and `t_string!(i18n, section.key)` give a
//! string, `td_string!(ui, section.key, name = value)` fills `{{ name }}`.
//! The key is checked at compile time against `locales/en.json` (build.rs
//! also makes sure every language has every key).

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt::Display;

use leptos::prelude::*;

use crate::components::site_context::use_site;

/// The language of a text; the site's own language type.
pub type Locale = civic_api::Locale;

include!(concat!(env!("OUT_DIR"), "/text_keys.rs"));

/// The id of the element that carries the page's strings.
#[cfg(target_arch = "wasm32")]
pub const TEXTS_ELEMENT_ID: &str = "civic-texts";

type Table = HashMap<String, String>;

thread_local! {
    /// The languages whose strings the app holds: the page's, and in tests
    /// and development builds any other asked for.
    static TABLES: RefCell<Vec<(Locale, &'static Table)>> = const { RefCell::new(Vec::new()) };
}

/// Whether `locale`'s strings are here; the app loads a page in another
/// language afresh, so the server sends that language's strings.
pub fn has(locale: Locale) -> bool {
    table(locale).is_some_and(|(found, _)| found == locale)
}

/// The text at `key` in `locale`, or in the language the page came with.
pub fn text(locale: Locale, key: &'static str) -> &'static str {
    match table(locale).and_then(|(_, table)| table.get(key)) {
        Some(text) => text.as_str(),
        None => {
            leptos::logging::error!("no text for {key} in {locale}");
            key
        }
    }
}

/// [`text`] with each `{{ name }}` replaced by its value.
pub fn text_with(locale: Locale, key: &'static str, values: &[(&str, &dyn Display)]) -> String {
    fill(text(locale, key), values)
}

fn fill(template: &str, values: &[(&str, &dyn Display)]) -> String {
    let mut filled = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find("{{") {
        filled.push_str(&rest[..open]);
        let after = &rest[open + 2..];
        let Some(close) = after.find("}}") else {
            rest = &rest[open..];
            break;
        };
        let name = after[..close].trim();
        match values.iter().find(|(each, _)| *each == name) {
            Some((_, value)) => filled.push_str(&value.to_string()),
            None => filled.push_str(&rest[open..open + 2 + close + 2]),
        }
        rest = &after[close + 2..];
    }
    filled.push_str(rest);
    filled
}

fn table(locale: Locale) -> Option<(Locale, &'static Table)> {
    TABLES.with(|tables| {
        #[cfg(target_arch = "wasm32")]
        if tables.borrow().is_empty()
            && let Some(loaded) = from_document()
        {
            tables.borrow_mut().push(loaded);
        }
        #[cfg(any(test, debug_assertions, not(target_arch = "wasm32")))]
        if !tables.borrow().iter().any(|(each, _)| *each == locale)
            && let Some(built_in) = built_in(locale)
        {
            tables.borrow_mut().push((locale, built_in));
        }
        let tables = tables.borrow();
        tables
            .iter()
            .find(|(each, _)| *each == locale)
            .or_else(|| tables.first())
            .copied()
    })
}

/// The strings the server wrote into the page, with their language.
#[cfg(target_arch = "wasm32")]
fn from_document() -> Option<(Locale, &'static Table)> {
    let document = document();
    let element = document.get_element_by_id(TEXTS_ELEMENT_ID)?;
    let locale = Locale::parse(&element.get_attribute("lang")?).ok()?;
    let table = parse(&element.text_content()?)?;
    Some((locale, Box::leak(Box::new(table))))
}

/// Flattens `{"page": {"retry": "…"}}` into `page.retry`.
fn parse(json: &str) -> Option<Table> {
    let value: serde_json::Value = serde_json::from_str(json).ok()?;
    let mut table = Table::new();
    flatten(&value, String::new(), &mut table);
    Some(table)
}

fn flatten(value: &serde_json::Value, prefix: String, table: &mut Table) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, child) in map {
                let path = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                flatten(child, path, table);
            }
        }
        serde_json::Value::String(text) => {
            table.insert(prefix, text.clone());
        }
        _ => {}
    }
}

/// Every language, built in, where no server writes the strings: the
/// component tests, `trunk serve` in development, and the server's own
/// rendering of pages.
#[cfg(any(test, debug_assertions, not(target_arch = "wasm32")))]
fn built_in(locale: Locale) -> Option<&'static Table> {
    let json = match locale {
        Locale::En => include_str!("../locales/en.json"),
        Locale::Fr => include_str!("../locales/fr.json"),
        Locale::Es => include_str!("../locales/es.json"),
        Locale::Ar => include_str!("../locales/ar.json"),
    };
    parse(json).map(|table| &*Box::leak(Box::new(table)))
}

/// Whether `key` is one of the keys of `locales/en.json`, at compile time.
pub const fn is_key(key: &str) -> bool {
    let mut index = 0;
    while index < TEXT_KEYS.len() {
        if same(TEXT_KEYS[index], key) {
            return true;
        }
        index += 1;
    }
    false
}

const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut index = 0;
    while index < a.len() {
        if a[index] != b[index] {
            return false;
        }
        index += 1;
    }
    true
}

/// The page's language, for `t_string!`: reading it tracks the address.
#[derive(Debug, Clone, Copy)]
pub struct I18n {
    locale: Memo<Locale>,
}

impl I18n {
    pub fn get_locale(&self) -> Locale {
        self.locale.get()
    }
}

pub fn use_i18n() -> I18n {
    I18n {
        locale: use_site().locale,
    }
}

/// `td_string!(ui, section.key)` or `td_string!(ui, section.key, name = value, …)`.
macro_rules! td_string {
    ($locale:expr, $first:ident $(. $rest:ident)*) => {{
        const KEY: &str = concat!(stringify!($first) $(, ".", stringify!($rest))*);
        const _: () = assert!($crate::i18n::is_key(KEY), "no such key in locales/en.json");
        $crate::i18n::text($locale, KEY)
    }};
    ($locale:expr, $first:ident $(. $rest:ident)*, $($name:ident = $value:expr),+ $(,)?) => {{
        const KEY: &str = concat!(stringify!($first) $(, ".", stringify!($rest))*);
        const _: () = assert!($crate::i18n::is_key(KEY), "no such key in locales/en.json");
        $crate::i18n::text_with($locale, KEY, &[$((stringify!($name), &$value as &dyn ::std::fmt::Display)),+])
    }};
}

/// `td_string!` in the page's current language (`let i18n = use_i18n();`).
macro_rules! t_string {
    ($i18n:expr, $($rest:tt)+) => {
        $crate::i18n::td_string!($i18n.get_locale(), $($rest)+)
    };
}

pub(crate) use {t_string, td_string};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled_by_name_and_unknown_ones_are_kept() {
        let filled = fill(
            "{{ number }} of {{goal}} for {{ who }}",
            &[("number", &3), ("goal", &"10")],
        );
        assert_eq!(filled, "3 of 10 for {{ who }}");
        assert_eq!(fill("no placeholder", &[]), "no placeholder");
        assert_eq!(fill("broken {{ end", &[]), "broken {{ end");
    }

    #[test]
    fn nested_sections_become_dotted_keys() {
        let table = parse(r#"{"page": {"retry": "Try again", "deep": {"x": "y"}}, "n": 1}"#).unwrap();
        assert_eq!(table.get("page.retry").map(String::as_str), Some("Try again"));
        assert_eq!(table.get("page.deep.x").map(String::as_str), Some("y"));
        assert_eq!(table.len(), 2);
    }

    #[test]
    fn keys_are_known_at_compile_time() {
        assert!(is_key("page.retry"));
        assert!(!is_key("page.no_such_key"));
    }
}
