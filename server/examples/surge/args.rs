//! `--name value` pairs, without a crate for it.

use std::collections::HashMap;
use std::str::FromStr;

use anyhow::{Context, bail};

pub struct Args(HashMap<String, String>);

impl Args {
    pub fn parse(words: impl Iterator<Item = String>) -> anyhow::Result<Args> {
        let mut pairs = HashMap::new();
        let mut words = words.peekable();
        while let Some(word) = words.next() {
            let Some(name) = word.strip_prefix("--") else {
                bail!("expected --name value, got {word:?}");
            };
            let value = words.next().with_context(|| format!("--{name} needs a value"))?;
            pairs.insert(name.to_owned(), value);
        }
        Ok(Args(pairs))
    }

    pub fn required(&self, name: &str) -> anyhow::Result<&str> {
        self.optional(name).with_context(|| format!("--{name} is required"))
    }

    pub fn optional(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }

    pub fn number<T: FromStr>(&self, name: &str, default: T) -> anyhow::Result<T> {
        match self.optional(name) {
            None => Ok(default),
            Some(value) => value
                .parse()
                .map_err(|_| anyhow::anyhow!("--{name} must be a number, got {value:?}")),
        }
    }
}
