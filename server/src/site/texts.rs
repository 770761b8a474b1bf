//! The titles and descriptions of the pages that have no content file (the
//! page catalogue, `civic_api::site`, says which, and where their texts
//! are), and of the not-found page.
//! They come from the SPA's own `locales/` files, built in, so both sides
//! say the same thing.

use std::collections::HashMap;

use anyhow::Context;
use civic_api::site::{Bundle, MEMBERS_ONLY_TEXTS, NOT_FOUND_TEXTS, PageTexts};
use civic_api::{Locale, Slug, Target};
use serde_json::Value;

const SOURCES: [(Locale, &str); 4] = [
    (
        Locale::En,
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../locales/en.json")),
    ),
    (
        Locale::Fr,
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../locales/fr.json")),
    ),
    (
        Locale::Es,
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../locales/es.json")),
    ),
    (
        Locale::Ar,
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../locales/ar.json")),
    ),
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageText {
    pub title: String,
    pub description: String,
}

/// The title and description of every page the catalogue gives texts for
/// (`civic_api::site::Page::texts`), in every language.
#[derive(Debug, Clone)]
pub struct Texts {
    pages: HashMap<(Locale, PageTexts), PageText>,
    /// Each language's UI strings as each bundle's app reads them from the
    /// page.
    scripts: HashMap<(Locale, Bundle), String>,
    /// Each language's notes for visitors without JavaScript, one per
    /// `Noscript`.
    noscripts: HashMap<(Locale, Noscript), String>,
}

impl Texts {
    /// Fails, naming the file and key, when a language lacks a page's text.
    pub fn load() -> anyhow::Result<Texts> {
        let slug = Slug::parse("any").expect("a well-formed slug");
        let mut keys: Vec<PageTexts> = Target::every(&slug)
            .iter()
            .filter_map(|target| target.page().texts)
            .collect();
        keys.extend([NOT_FOUND_TEXTS, MEMBERS_ONLY_TEXTS]);
        let mut pages = HashMap::new();
        let mut scripts = HashMap::new();
        let mut noscripts = HashMap::new();
        for (locale, source) in SOURCES {
            let json: Value =
                serde_json::from_str(source).with_context(|| format!("locales/{locale}.json is not valid JSON"))?;
            for &key in &keys {
                pages.insert((locale, key), text_of(&json, locale, key)?);
            }
            for bundle in Bundle::ALL {
                scripts.insert((locale, bundle), strings_script(locale, &strings_of(bundle, &json)));
            }
            for note in Noscript::ALL {
                noscripts.insert((locale, note), noscript(&json, locale, note)?);
            }
        }
        Ok(Texts {
            pages,
            scripts,
            noscripts,
        })
    }

    /// The element that carries `locale`'s UI strings to `bundle`'s app:
    /// only the page's language travels, only what that app reads, and
    /// never inside the wasm.
    pub fn strings_script(&self, locale: Locale, bundle: Bundle) -> &str {
        self.scripts
            .get(&(locale, bundle))
            .expect("Texts::load writes every locale's strings for every bundle")
    }

    /// The `<noscript>` note `note` of a page in `locale`.
    pub fn noscript(&self, locale: Locale, note: Noscript) -> &str {
        self.noscripts
            .get(&(locale, note))
            .expect("Texts::load writes every locale's notes")
    }

    /// The texts at `key` in `locale`, or in English.
    pub fn page(&self, locale: Locale, key: PageTexts) -> &PageText {
        self.pages
            .get(&(locale, key))
            .or_else(|| self.pages.get(&(Locale::DEFAULT, key)))
            .expect("Texts::load reads every page's texts in every locale")
    }

    pub fn not_found(&self, locale: Locale) -> &PageText {
        self.page(locale, NOT_FOUND_TEXTS)
    }

    /// The results page of the survey titled `title`.
    pub fn survey_results(&self, locale: Locale, key: PageTexts, title: &str) -> PageText {
        let text = self.page(locale, key);
        PageText {
            title: text.title.replace("{{ title }}", title),
            description: text.description.clone(),
        }
    }
}

/// Which `<noscript>` note a page gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Noscript {
    /// The app alone draws the page: it needs JavaScript.
    Page,
    /// The server drew it: it reads without JavaScript, some forms need it.
    Forms,
    /// The server drew a survey: it reads without JavaScript, answering
    /// needs it.
    Survey,
    /// The server followed an unsubscribe link: done without JavaScript,
    /// undoing it needs it.
    Unsubscribe,
    /// The server followed a link that stops a petition's news: done
    /// without JavaScript, starting it again needs it.
    PetitionNews,
}

impl Noscript {
    const ALL: [Noscript; 5] = [
        Noscript::Page,
        Noscript::Forms,
        Noscript::Survey,
        Noscript::Unsubscribe,
        Noscript::PetitionNews,
    ];
}

/// A complementary landmark, so that everything on the page is in one.
fn noscript(json: &Value, locale: Locale, note: Noscript) -> anyhow::Result<String> {
    let text = |key: &str| {
        json.get("layout")
            .and_then(|layout| layout.get(key))
            .and_then(Value::as_str)
            .map(super::shell::escape)
            .with_context(|| format!("locales/{locale}.json has no text at layout.{key}"))
    };
    let note = text(match note {
        Noscript::Page => "noscript_page",
        Noscript::Forms => "noscript_forms",
        Noscript::Survey => "noscript_survey",
        Noscript::Unsubscribe => "noscript_unsubscribe",
        Noscript::PetitionNews => "noscript_petition_news",
    })?;
    Ok(format!(
        r#"<noscript><aside class="noscript" aria-label="{}"><p>{note}</p></aside></noscript>"#,
        text("noscript_label")?
    ))
}

/// Data, not a script: the CSP does not apply to it. Compact JSON in which
/// `<` is escaped, so no text can close the element.
/// The strings `bundle`'s app reads (`Bundle::text_sections`).
fn strings_of(bundle: Bundle, json: &Value) -> Value {
    match (bundle.text_sections(), json) {
        (Some(sections), Value::Object(all)) => Value::Object(
            all.iter()
                .filter(|(section, _)| sections.contains(&section.as_str()))
                .map(|(section, strings)| (section.clone(), strings.clone()))
                .collect(),
        ),
        _ => json.clone(),
    }
}

fn strings_script(locale: Locale, json: &Value) -> String {
    let compact = json.to_string().replace('<', "\\u003c");
    format!(r#"<script type="application/json" id="civic-texts" lang="{locale}">{compact}</script>"#)
}

fn text_of(json: &Value, locale: Locale, key: PageTexts) -> anyhow::Result<PageText> {
    let get = |field: &str| {
        json.get(key.section)
            .and_then(|object| object.get(field))
            .and_then(Value::as_str)
            .filter(|text| !text.trim().is_empty())
            .map(str::to_owned)
            .with_context(|| format!("locales/{locale}.json has no text at {}.{field}", key.section))
    };
    Ok(PageText {
        title: get(key.title)?,
        description: get(key.description)?,
    })
}

/// The text of `members_only.lock` in `locale`, as plain text escaped for
/// HTML: the mark of a link to a page for members.
pub fn members_only_label(locale: Locale) -> anyhow::Result<String> {
    let source = SOURCES
        .iter()
        .find(|(language, _)| *language == locale)
        .map(|(_, source)| *source)
        .context("every language has its strings")?;
    let json: Value =
        serde_json::from_str(source).with_context(|| format!("locales/{locale}.json is not valid JSON"))?;
    let label = json["members_only"]["lock"]
        .as_str()
        .with_context(|| format!("locales/{locale}.json has no members_only.lock"))?;
    Ok(crate::site::shell::escape(label))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_of_the_catalogue_has_its_texts_in_every_locale() {
        let texts = Texts::load().unwrap();
        let slug = Slug::parse("any").unwrap();
        for locale in Locale::ALL {
            for target in Target::every(&slug) {
                if let Some(key) = target.page().texts {
                    let text = texts.page(locale, key);
                    assert!(
                        !text.title.is_empty() && !text.description.is_empty(),
                        "{locale} {target:?}"
                    );
                }
            }
            assert!(!texts.not_found(locale).description.is_empty());
        }
        let report = Target::ReportProblem.page().texts.unwrap();
        assert_ne!(texts.page(Locale::En, report), texts.page(Locale::Fr, report));
    }

    #[test]
    fn each_language_sends_its_own_strings_and_nothing_can_close_the_element() {
        let texts = Texts::load().unwrap();
        let french = texts.strings_script(Locale::Fr, Bundle::Main);
        assert!(french.starts_with(r#"<script type="application/json" id="civic-texts" lang="fr">{"#));
        assert!(french.contains("Signer la pétition"));
        assert!(!french.contains("Sign the petition"));
        let body = &french[french.find('>').unwrap() + 1..french.len() - "</script>".len()];
        assert!(!body.contains('<'), "{body}");
        let parsed: Value = serde_json::from_str(body).unwrap();
        assert!(parsed["page"]["retry"].is_string());
    }

    #[test]
    fn a_reading_page_carries_only_the_strings_its_live_parts_read() {
        let texts = Texts::load().unwrap();
        let script = texts.strings_script(Locale::Es, Bundle::Reading);
        let body = &script[script.find('>').unwrap() + 1..script.len() - "</script>".len()];
        let parsed: Value = serde_json::from_str(body).unwrap();
        let mut sections: Vec<&str> = parsed.as_object().unwrap().keys().map(String::as_str).collect();
        sections.sort_unstable();
        assert_eq!(sections, ["layout", "share"]);
        let all: Value = serde_json::from_str(SOURCES.iter().find(|(l, _)| *l == Locale::Es).unwrap().1).unwrap();
        assert_eq!(parsed["share"], all["share"], "whole sections, in the page's language");
        assert!(script.len() * 3 < texts.strings_script(Locale::Es, Bundle::Main).len());
    }

    #[test]
    fn a_survey_results_title_names_the_survey() {
        let texts = Texts::load().unwrap();
        let key = Target::SurveyResults(Slug::parse("x").unwrap()).page().texts.unwrap();
        for locale in Locale::ALL {
            let results = texts.survey_results(locale, key, "Our streets");
            assert!(results.title.contains("Our streets"), "{locale}: {}", results.title);
            assert!(!results.title.contains("{{"), "{locale}: {}", results.title);
        }
    }
}
