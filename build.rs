//! Generates the `i18n` module from `locales/*.json` (leptos_i18n), after
//! making sure every language has every key.

use std::collections::BTreeSet;
use std::error::Error;
use std::path::{Path, PathBuf};

use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};

const DEFAULT_LOCALE: &str = "en";
const OTHER_LOCALES: [&str; 2] = ["fr", "es"];

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=locales");

    // leptos_i18n only warns about a missing key and then shows the English
    // text: a visitor would get a page in two languages. Refuse to build.
    let locales_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
    let problems = missing_keys(&locales_dir)?;
    if !problems.is_empty() {
        panic!("translations are incomplete:\n{}", problems.join("\n"));
    }

    // Strings rather than views for interpolated keys too: one small text
    // node per key instead of a view type per key and language, which kept
    // the wasm a third bigger.
    let options = ParseOptions::default().interpolate_display(true);
    let mut config = Config::new(DEFAULT_LOCALE)?.parse_options(options);
    for locale in OTHER_LOCALES {
        config = config.add_locale(locale)?;
    }
    let translations = TranslationsInfos::parse(config)?;
    translations.emit_diagnostics();
    translations.rerun_if_locales_changed();
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("cargo sets OUT_DIR")?);
    translations.generate_i18n_module(out_dir.join("i18n"))?;
    Ok(())
}

/// One line per locale file that lacks keys another file has, naming them.
fn missing_keys(dir: &Path) -> Result<Vec<String>, Box<dyn Error>> {
    let mut key_sets = Vec::new();
    for locale in std::iter::once(DEFAULT_LOCALE).chain(OTHER_LOCALES) {
        let path = dir.join(format!("{locale}.json"));
        let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let json: serde_json::Value = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut keys = BTreeSet::new();
        collect_keys(&json, "", &mut keys);
        key_sets.push((path, keys));
    }
    let all: BTreeSet<&String> = key_sets.iter().flat_map(|(_, keys)| keys).collect();
    Ok(key_sets
        .iter()
        .filter_map(|(path, keys)| {
            let missing: Vec<&str> = all.iter().filter(|k| !keys.contains(**k)).map(|k| k.as_str()).collect();
            (!missing.is_empty()).then(|| format!("{} is missing: {}", path.display(), missing.join(", ")))
        })
        .collect())
}

/// Dotted paths of every translated string; a `null` (leptos_i18n's "use the
/// default language") counts as missing, since every text must be translated.
fn collect_keys(value: &serde_json::Value, prefix: &str, keys: &mut BTreeSet<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, child) in map {
                let path = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                collect_keys(child, &path, keys);
            }
        }
        serde_json::Value::Null => {}
        _ => {
            keys.insert(prefix.to_owned());
        }
    }
}
