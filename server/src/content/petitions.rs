//! Petitions: `content/petitions/{slug}/petition.toml` (goal, dates, image)
//! and one `{locale}.md` per language (front matter, then the text), read
//! and rendered at start-up, then stored with `storage::petitions::sync`.

use std::path::Path;

use anyhow::Context;
use civic_api::{Locale, Slug};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use time::macros::format_description;

use super::front_matter::split_as;
use super::{file_name, markdown_to_safe_html, visible_entries};

/// The longest summary: it shows on cards and in link previews.
pub const SUMMARY_MAX: usize = 200;
const SETTINGS_FILE: &str = "petition.toml";
const IMAGE_EXTENSIONS: [&str; 5] = ["jpg", "jpeg", "png", "webp", "avif"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceImage {
    pub src: String,
    pub width: u32,
    pub height: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourcePetitionText {
    pub locale: Locale,
    pub title: String,
    pub summary: String,
    pub addressed_to: String,
    /// As written; `body_html` is rendered from it.
    pub body_markdown: String,
    pub body_html: String,
    pub image_alt: String,
}

/// One petition with every language it is written in, English first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourcePetition {
    pub slug: Slug,
    pub goal: u64,
    /// Empty for a draft never opened.
    pub opened_on: String,
    pub closed: bool,
    /// Seen only in the console (`draft = true`).
    pub draft: bool,
    pub image: Option<SourceImage>,
    pub texts: Vec<SourcePetitionText>,
    /// sha256 of every file of the petition, hex.
    pub source_hash: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Settings {
    goal: u64,
    #[serde(default)]
    opened_on: String,
    #[serde(default)]
    closed: bool,
    #[serde(default)]
    draft: bool,
    image: Option<String>,
    image_width: Option<u32>,
    image_height: Option<u32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TextFront {
    title: String,
    summary: String,
    addressed_to: String,
    #[serde(default)]
    image_alt: String,
}

/// Reads every petition under `content_dir/petitions` (none when the folder
/// does not exist). A malformed file stops the start-up with its name.
pub fn load(content_dir: &Path) -> anyhow::Result<Vec<SourcePetition>> {
    let dir = content_dir.join("petitions");
    if !dir.exists() {
        return Ok(Vec::new());
    }
    let mut petitions = Vec::new();
    for folder in visible_entries(&dir)? {
        anyhow::ensure!(folder.is_dir(), "{} should be a petition folder", folder.display());
        petitions.push(load_petition(&folder)?);
    }
    Ok(petitions)
}

fn load_petition(folder: &Path) -> anyhow::Result<SourcePetition> {
    let name = file_name(folder);
    let slug =
        Slug::parse(&name).map_err(|e| anyhow::anyhow!("{} is not named with a valid slug ({e})", folder.display()))?;
    let settings_path = folder.join(SETTINGS_FILE);
    let settings_source = std::fs::read_to_string(&settings_path)
        .with_context(|| format!("Failed to read {}", settings_path.display()))?;
    let settings: Settings =
        toml::from_str(&settings_source).with_context(|| format!("{} is not valid", settings_path.display()))?;
    let image = check_settings(&settings).with_context(|| format!("{} is not valid", settings_path.display()))?;

    let mut hasher = Sha256::new();
    // Since the texts' Markdown is stored too: a petition stored before
    // that is written again once, with it.
    hasher.update(b"markdown stored\0");
    hash_file(&mut hasher, SETTINGS_FILE, &settings_source);
    let mut texts = Vec::new();
    for file in visible_entries(folder)? {
        let file_name = file_name(&file);
        if file_name == SETTINGS_FILE {
            continue;
        }
        let locale = file_name
            .strip_suffix(".md")
            .and_then(|stem| Locale::parse(stem).ok())
            .with_context(|| {
                format!(
                    "{} is not petition.toml or a language's text (en.md, fr.md, es.md)",
                    file.display()
                )
            })?;
        let source = std::fs::read_to_string(&file).with_context(|| format!("Failed to read {}", file.display()))?;
        let text = load_text(locale, &source, image.is_some())
            .with_context(|| format!("Failed to load {}", file.display()))?;
        hash_file(&mut hasher, &file_name, &source);
        texts.push(text);
    }
    anyhow::ensure!(
        texts.iter().any(|text| text.locale == Locale::DEFAULT),
        "{} is missing: every petition needs its English text",
        folder.join("en.md").display()
    );
    texts.sort_by_key(|text| Locale::ALL.iter().position(|locale| *locale == text.locale));
    Ok(SourcePetition {
        slug,
        goal: settings.goal,
        opened_on: settings.opened_on,
        closed: settings.closed,
        draft: settings.draft,
        image,
        texts,
        source_hash: format!("{:x}", hasher.finalize()),
    })
}

fn check_settings(settings: &Settings) -> anyhow::Result<Option<SourceImage>> {
    anyhow::ensure!(settings.goal > 0, "`goal` must be above zero");
    anyhow::ensure!(
        i64::try_from(settings.goal).is_ok(),
        "`goal = {}` is too large",
        settings.goal
    );
    if !(settings.draft && settings.opened_on.is_empty()) {
        time::Date::parse(&settings.opened_on, format_description!("[year]-[month]-[day]"))
            .with_context(|| format!("`opened_on = {:?}` is not a YYYY-MM-DD date", settings.opened_on))?;
    }
    match (&settings.image, settings.image_width, settings.image_height) {
        (None, None, None) => Ok(None),
        (Some(src), Some(width), Some(height)) => {
            check_image_path(src)?;
            anyhow::ensure!(
                width > 0 && height > 0,
                "`image_width` and `image_height` must be above zero"
            );
            Ok(Some(SourceImage {
                src: src.clone(),
                width,
                height,
            }))
        }
        _ => anyhow::bail!("`image`, `image_width` and `image_height` go together: all three or none"),
    }
}

/// Only a plain path under `/images/`, or a picture uploaded in the console
/// (`/media/{sha256}.jpg`, exported beside the petitions): it lands in `src`
/// attributes and in absolute URLs of link previews.
fn check_image_path(src: &str) -> anyhow::Result<()> {
    if let Some(file) = src.strip_prefix("/media/") {
        anyhow::ensure!(
            media_hash(file).is_some(),
            "`image = {src:?}` must name an uploaded picture as /media/{{sha256}}.jpg"
        );
        return Ok(());
    }
    let rest = src
        .strip_prefix("/images/")
        .with_context(|| format!("`image = {src:?}` must be a path under /images/"))?;
    let plain = rest
        .split('/')
        .all(|segment| !segment.is_empty() && !segment.starts_with('.'))
        && rest
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'_' | b'.'));
    anyhow::ensure!(
        plain,
        "`image = {src:?}` may hold only letters, digits, `-`, `_`, `.` and `/`"
    );
    let extension = rest
        .rsplit_once('.')
        .map(|(_, extension)| extension.to_ascii_lowercase());
    anyhow::ensure!(
        extension.is_some_and(|extension| IMAGE_EXTENSIONS.contains(&extension.as_str())),
        "`image = {src:?}` must end with one of {}",
        IMAGE_EXTENSIONS.join(", ")
    );
    Ok(())
}

/// The hash an uploaded picture's file name gives, if it is one.
pub fn media_hash(file: &str) -> Option<&str> {
    file.strip_suffix(".jpg")
        .filter(|hash| hash.len() == 64 && hash.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
}

fn load_text(locale: Locale, source: &str, has_image: bool) -> anyhow::Result<SourcePetitionText> {
    let (front, body): (TextFront, &str) = split_as(source)?;
    let required = [
        ("title", &front.title),
        ("summary", &front.summary),
        ("addressed_to", &front.addressed_to),
    ];
    for (field, value) in required {
        anyhow::ensure!(!value.trim().is_empty(), "the front matter `{field}` is empty");
    }
    let summary = front.summary.trim();
    anyhow::ensure!(
        summary.chars().count() <= SUMMARY_MAX,
        "the `summary` has {} characters; at most {SUMMARY_MAX}",
        summary.chars().count()
    );
    anyhow::ensure!(
        !has_image || !front.image_alt.trim().is_empty(),
        "the petition has an image, so `image_alt` must describe it"
    );
    anyhow::ensure!(
        !body.trim().is_empty(),
        "the petition has no text after its front matter"
    );
    Ok(SourcePetitionText {
        locale,
        title: front.title.trim().to_owned(),
        summary: summary.to_owned(),
        addressed_to: front.addressed_to.trim().to_owned(),
        body_markdown: body.trim().to_owned(),
        body_html: markdown_to_safe_html(body),
        image_alt: front.image_alt.trim().to_owned(),
    })
}

/// Names go in too, so moving text from one language's file to another's
/// counts as a change.
fn hash_file(hasher: &mut Sha256, name: &str, source: &str) {
    hasher.update(name.as_bytes());
    hasher.update([0]);
    hasher.update((source.len() as u64).to_be_bytes());
    hasher.update(source.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    const SETTINGS: &str = "goal = 1000\nopened_on = \"2026-09-01\"\nclosed = false\n\
        image = \"/images/petitions/a.jpg\"\nimage_width = 1200\nimage_height = 630\n";
    const TEXT: &str = "+++\ntitle = \"Clean air\"\nsummary = \"Cleaner air for schools.\"\n\
        addressed_to = \"The Mayor\"\nimage_alt = \"A school yard\"\n+++\nWe ask **now**.\n";

    fn content_with(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let path = dir.path().join("petitions").join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        dir
    }

    #[test]
    fn a_petition_loads_with_its_languages_in_order() {
        let dir = content_with(&[
            ("clean-air/petition.toml", SETTINGS),
            ("clean-air/fr.md", TEXT),
            ("clean-air/en.md", TEXT),
            ("clean-air/.en.md.swp", "x"),
        ]);
        let petitions = load(dir.path()).unwrap();
        assert_eq!(petitions.len(), 1);
        let petition = &petitions[0];
        assert_eq!(petition.slug.as_str(), "clean-air");
        assert_eq!(petition.goal, 1000);
        assert_eq!(petition.image.as_ref().unwrap().width, 1200);
        let locales: Vec<Locale> = petition.texts.iter().map(|t| t.locale).collect();
        assert_eq!(locales, [Locale::En, Locale::Fr]);
        assert_eq!(petition.texts[0].body_html, "<p>We ask <strong>now</strong>.</p>\n");
        assert_eq!(petition.source_hash.len(), 64);
    }

    #[test]
    fn no_petitions_folder_means_no_petitions() {
        let dir = tempfile::tempdir().unwrap();
        assert!(load(dir.path()).unwrap().is_empty());
    }

    #[test]
    fn the_hash_changes_with_any_file() {
        let hash = |text: &str| {
            let dir = content_with(&[("a/petition.toml", SETTINGS), ("a/en.md", TEXT), ("a/es.md", text)]);
            load(dir.path()).unwrap()[0].source_hash.clone()
        };
        assert_eq!(hash(TEXT), hash(TEXT));
        assert_ne!(hash(TEXT), hash(&TEXT.replace("now", "today")));
    }

    #[test]
    fn start_up_stops_on_a_malformed_petition_and_names_the_file() {
        let no_image = "goal = 10\nopened_on = \"2026-09-01\"\n";
        // The files of a petition, the name the error must give, and why.
        type Case<'a> = (Vec<(&'a str, String)>, &'a str, &'a str);
        let cases: Vec<Case> = vec![
            (vec![("a/en.md", TEXT.into())], "petition.toml", "no settings"),
            (
                vec![
                    ("a/petition.toml", SETTINGS.replace("1000", "0")),
                    ("a/en.md", TEXT.into()),
                ],
                "petition.toml",
                "zero goal",
            ),
            (
                vec![
                    ("a/petition.toml", SETTINGS.replace("2026-09-01", "1/9/2026")),
                    ("a/en.md", TEXT.into()),
                ],
                "petition.toml",
                "bad date",
            ),
            (
                vec![
                    ("a/petition.toml", SETTINGS.replace("image_height = 630\n", "")),
                    ("a/en.md", TEXT.into()),
                ],
                "petition.toml",
                "image without height",
            ),
            (
                vec![
                    (
                        "a/petition.toml",
                        SETTINGS.replace("/images/petitions/a.jpg", "https://evil.example/a.jpg"),
                    ),
                    ("a/en.md", TEXT.into()),
                ],
                "petition.toml",
                "external image",
            ),
            (
                vec![
                    (
                        "a/petition.toml",
                        SETTINGS.replace("/images/petitions/a.jpg", "/images/../secret.jpg"),
                    ),
                    ("a/en.md", TEXT.into()),
                ],
                "petition.toml",
                "image path escapes",
            ),
            (
                vec![
                    ("a/petition.toml", format!("{SETTINGS}colour = \"red\"\n")),
                    ("a/en.md", TEXT.into()),
                ],
                "petition.toml",
                "unknown setting",
            ),
            (
                vec![("a/petition.toml", SETTINGS.into()), ("a/fr.md", TEXT.into())],
                "en.md",
                "no English",
            ),
            (
                vec![
                    ("a/petition.toml", SETTINGS.into()),
                    ("a/en.md", TEXT.into()),
                    ("a/de.md", TEXT.into()),
                ],
                "de.md",
                "unknown language",
            ),
            (
                vec![
                    ("a/petition.toml", SETTINGS.into()),
                    ("a/en.md", TEXT.replace("image_alt = \"A school yard\"\n", "")),
                ],
                "en.md",
                "image without alt",
            ),
            (
                vec![
                    ("a/petition.toml", no_image.into()),
                    ("a/en.md", TEXT.replace("Cleaner air for schools.", &"x".repeat(201))),
                ],
                "en.md",
                "summary too long",
            ),
            (
                vec![
                    ("a/petition.toml", no_image.into()),
                    ("a/en.md", TEXT.replace("addressed_to = \"The Mayor\"\n", "")),
                ],
                "en.md",
                "no addressee",
            ),
            (
                vec![
                    ("Bad_Slug/petition.toml", no_image.into()),
                    ("Bad_Slug/en.md", TEXT.into()),
                ],
                "Bad_Slug",
                "malformed slug",
            ),
        ];
        for (files, named, why) in cases {
            let files: Vec<(&str, &str)> = files.iter().map(|(path, text)| (*path, text.as_str())).collect();
            let dir = content_with(&files);
            let error = format!("{:#}", load(dir.path()).unwrap_err());
            assert!(error.contains(named), "{why}: {error}");
        }
    }
}
