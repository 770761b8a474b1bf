//! The few UI strings the server needs for pages that have no content
//! file: the problem-report form, the list of petitions, the confirmation,
//! statistics, newsletter and unsubscribe pages, the survey list, results
//! and confirmation, and the not-found page.
//! They come from the SPA's own `locales/` files, built in, so both sides
//! say the same thing.

use anyhow::Context;
use civic_api::Locale;
use serde_json::Value;

const SOURCES: [(Locale, &str); 3] = [
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
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageText {
    pub title: String,
    pub description: String,
}

#[derive(Debug, Clone)]
pub struct Texts {
    report: Vec<(Locale, PageText)>,
    not_found: Vec<(Locale, PageText)>,
    campaigns: Vec<(Locale, PageText)>,
    confirm_signature: Vec<(Locale, PageText)>,
    statistics: Vec<(Locale, PageText)>,
    newsletter: Vec<(Locale, PageText)>,
    confirm_subscription: Vec<(Locale, PageText)>,
    unsubscribe: Vec<(Locale, PageText)>,
    surveys: Vec<(Locale, PageText)>,
    confirm_response: Vec<(Locale, PageText)>,
    /// The title holds `{{ title }}`, the survey's.
    survey_results: Vec<(Locale, PageText)>,
}

impl Texts {
    pub fn load() -> anyhow::Result<Texts> {
        let mut texts = Texts {
            report: Vec::new(),
            not_found: Vec::new(),
            campaigns: Vec::new(),
            confirm_signature: Vec::new(),
            statistics: Vec::new(),
            newsletter: Vec::new(),
            confirm_subscription: Vec::new(),
            unsubscribe: Vec::new(),
            surveys: Vec::new(),
            confirm_response: Vec::new(),
            survey_results: Vec::new(),
        };
        for (locale, source) in SOURCES {
            let json: Value =
                serde_json::from_str(source).with_context(|| format!("locales/{locale}.json is not valid JSON"))?;
            texts.report.push((locale, page_text(&json, locale, "report")?));
            texts.not_found.push((locale, page_text(&json, locale, "not_found")?));
            texts.campaigns.push((locale, page_text(&json, locale, "campaigns")?));
            texts
                .confirm_signature
                .push((locale, page_text(&json, locale, "confirm_signature")?));
            texts.statistics.push((locale, page_text(&json, locale, "statistics")?));
            texts.newsletter.push((locale, page_text(&json, locale, "newsletter")?));
            texts
                .confirm_subscription
                .push((locale, page_text(&json, locale, "confirm_subscription")?));
            texts
                .unsubscribe
                .push((locale, page_text(&json, locale, "unsubscribe")?));
            texts.surveys.push((locale, page_text(&json, locale, "surveys")?));
            texts.confirm_response.push((
                locale,
                text_pair(&json, locale, "surveys", "confirm_title", "confirm_description")?,
            ));
            texts.survey_results.push((
                locale,
                text_pair(&json, locale, "survey_results", "heading", "description")?,
            ));
        }
        Ok(texts)
    }

    pub fn report(&self, locale: Locale) -> &PageText {
        pick(&self.report, locale)
    }

    pub fn not_found(&self, locale: Locale) -> &PageText {
        pick(&self.not_found, locale)
    }

    pub fn campaigns(&self, locale: Locale) -> &PageText {
        pick(&self.campaigns, locale)
    }

    pub fn confirm_signature(&self, locale: Locale) -> &PageText {
        pick(&self.confirm_signature, locale)
    }

    pub fn statistics(&self, locale: Locale) -> &PageText {
        pick(&self.statistics, locale)
    }

    pub fn newsletter(&self, locale: Locale) -> &PageText {
        pick(&self.newsletter, locale)
    }

    pub fn confirm_subscription(&self, locale: Locale) -> &PageText {
        pick(&self.confirm_subscription, locale)
    }

    pub fn unsubscribe(&self, locale: Locale) -> &PageText {
        pick(&self.unsubscribe, locale)
    }

    pub fn surveys(&self, locale: Locale) -> &PageText {
        pick(&self.surveys, locale)
    }

    pub fn confirm_response(&self, locale: Locale) -> &PageText {
        pick(&self.confirm_response, locale)
    }

    /// The results page of the survey titled `title`.
    pub fn survey_results(&self, locale: Locale, title: &str) -> PageText {
        let text = pick(&self.survey_results, locale);
        PageText {
            title: text.title.replace("{{ title }}", title),
            description: text.description.clone(),
        }
    }
}

fn pick(texts: &[(Locale, PageText)], locale: Locale) -> &PageText {
    texts
        .iter()
        .find(|(l, _)| *l == locale)
        .or_else(|| texts.first())
        .map(|(_, text)| text)
        .expect("Texts::load reads every locale")
}

fn page_text(json: &Value, locale: Locale, section: &str) -> anyhow::Result<PageText> {
    text_pair(json, locale, section, "title", "description")
}

fn text_pair(json: &Value, locale: Locale, section: &str, title: &str, description: &str) -> anyhow::Result<PageText> {
    let get = |key: &str| {
        json.get(section)
            .and_then(|object| object.get(key))
            .and_then(Value::as_str)
            .filter(|text| !text.trim().is_empty())
            .map(str::to_owned)
            .with_context(|| format!("locales/{locale}.json has no text at {section}.{key}"))
    };
    Ok(PageText {
        title: get(title)?,
        description: get(description)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_locale_names_the_report_and_not_found_pages() {
        let texts = Texts::load().unwrap();
        for locale in Locale::ALL {
            assert!(!texts.report(locale).title.is_empty());
            assert!(!texts.not_found(locale).description.is_empty());
            assert!(!texts.campaigns(locale).title.is_empty());
            assert!(!texts.confirm_signature(locale).description.is_empty());
            assert!(!texts.statistics(locale).title.is_empty());
            assert!(!texts.newsletter(locale).title.is_empty());
            assert!(!texts.confirm_subscription(locale).description.is_empty());
            assert!(!texts.unsubscribe(locale).description.is_empty());
            assert!(!texts.surveys(locale).title.is_empty());
            assert!(!texts.confirm_response(locale).title.is_empty());
            let results = texts.survey_results(locale, "Our streets");
            assert!(results.title.contains("Our streets"), "{locale}: {}", results.title);
            assert!(!results.title.contains("{{"), "{locale}: {}", results.title);
        }
        assert_ne!(texts.report(Locale::En), texts.report(Locale::Fr));
    }
}
