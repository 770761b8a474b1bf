//! Checks that every language in `locales/` has every key, and writes the
//! list of keys that `td_string!` checks its keys against at compile time.
//! The strings themselves are not built in: the server sends the page's
//! language with the page (see `src/i18n.rs`).

use std::collections::BTreeSet;
use std::error::Error;
use std::path::{Path, PathBuf};

const DEFAULT_LOCALE: &str = "en";
const OTHER_LOCALES: [&str; 3] = ["fr", "es", "ar"];

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=locales");

    // A missing key would show a visitor the key instead of a sentence.
    let locales_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
    let (problems, keys) = missing_keys(&locales_dir)?;
    if !problems.is_empty() {
        panic!("translations are incomplete:\n{}", problems.join("\n"));
    }
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("cargo sets OUT_DIR")?);
    let list: Vec<String> = keys.iter().map(|key| format!("    {key:?},")).collect();
    std::fs::write(
        out_dir.join("text_keys.rs"),
        format!(
            "/// Every key of `locales/en.json`.\npub const TEXT_KEYS: &[&str] = &[\n{}\n];\n",
            list.join("\n")
        ),
    )?;
    Ok(())
}

/// One line per locale file that lacks keys another file has, naming them.
/// Also returns the default language's keys.
fn missing_keys(dir: &Path) -> Result<(Vec<String>, BTreeSet<String>), Box<dyn Error>> {
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
    let problems = key_sets
        .iter()
        .filter_map(|(path, keys)| {
            let missing: Vec<&str> = all.iter().filter(|k| !keys.contains(**k)).map(|k| k.as_str()).collect();
            (!missing.is_empty()).then(|| format!("{} is missing: {}", path.display(), missing.join(", ")))
        })
        .collect();
    let default_keys = key_sets.into_iter().next().map(|(_, keys)| keys).unwrap_or_default();
    Ok((problems, default_keys))
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
