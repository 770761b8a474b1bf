//! An e-mail's translated texts: one TOML file per language, compiled into
//! the server and checked when it starts.

use civic_api::Locale;
use serde::de::DeserializeOwned;

pub struct Translations<T> {
    /// English first: the fallback for a language without its own file.
    texts: Vec<(Locale, T)>,
}

impl<T: DeserializeOwned> Translations<T> {
    /// `folder` names the files in errors (`petitions/mail_texts`).
    pub fn parse(folder: &str, sources: &[(Locale, &str)]) -> anyhow::Result<Translations<T>> {
        let mut texts = Vec::new();
        for (locale, source) in sources {
            let parsed =
                toml::from_str(source).map_err(|e| anyhow::anyhow!("{folder}/{locale}.toml is not valid: {e}"))?;
            texts.push((*locale, parsed));
        }
        texts.sort_by_key(|(locale, _)| *locale != Locale::DEFAULT);
        anyhow::ensure!(
            texts.first().is_some_and(|(locale, _)| *locale == Locale::DEFAULT),
            "{folder} has no {} texts",
            Locale::DEFAULT
        );
        Ok(Translations { texts })
    }

    pub fn get(&self, locale: Locale) -> &T {
        let (_, texts) = self.texts.iter().find(|(l, _)| *l == locale).unwrap_or(&self.texts[0]);
        texts
    }
}

impl<T> Translations<T> {
    pub fn len(&self) -> usize {
        self.texts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.texts.is_empty()
    }
}

impl<'a, T> IntoIterator for &'a Translations<T> {
    type Item = &'a (Locale, T);
    type IntoIter = std::slice::Iter<'a, (Locale, T)>;

    fn into_iter(self) -> Self::IntoIter {
        self.texts.iter()
    }
}
