//! The site's own pages: `content/pages/{locale}/{slug}.md`, read and
//! rendered at start-up, then stored with `storage::pages::sync`.

mod front_matter;
pub mod petitions;
mod render;
pub mod surveys;
pub mod transfer;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use anyhow::Context;
use civic_api::{Locale, Slug};
use sha2::{Digest, Sha256};

/// Newsletter issues use the same front-matter fences.
pub use front_matter::split_as;
pub use render::markdown_to_safe_html;

/// One page, rendered and ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourcePage {
    pub locale: Locale,
    pub slug: Slug,
    pub title: String,
    pub description: String,
    pub html: String,
    /// The Markdown `html` was rendered from, which the console edits.
    pub markdown: String,
    pub revision: Option<u32>,
    pub updated: Option<String>,
    pub changes: Option<String>,
    /// For signed-in members only (`audience = "members"`).
    pub members_only: bool,
    /// sha256 of the file, hex: unchanged files need no new row.
    pub source_hash: String,
}

/// Reads every page under `content_dir/pages`. Any file that is not a page
/// in a known language, or an English page without its translations, stops
/// the start-up with the file's name, so a typo never ships silently.
pub fn load(content_dir: &Path) -> anyhow::Result<Vec<SourcePage>> {
    let pages_dir = content_dir.join("pages");
    let mut pages = Vec::new();
    for locale_dir in visible_entries(&pages_dir)? {
        let name = file_name(&locale_dir);
        let locale = Locale::parse(&name)
            .map_err(|_| anyhow::anyhow!("{} is not a language folder (en, fr, es or ar)", locale_dir.display()))?;
        anyhow::ensure!(locale_dir.is_dir(), "{} should be a folder", locale_dir.display());
        for file in visible_entries(&locale_dir)? {
            pages.push(load_page(locale, &file).with_context(|| format!("Failed to load {}", file.display()))?);
        }
    }
    check_translations(&pages, &pages_dir)?;
    mark_members_links(&mut pages)?;
    Ok(pages)
}

/// Marks every link to a page for members, on every page, with a lock and
/// the words "members only" for screen readers, so nobody follows one
/// unawares. The set of such pages goes into each page's hash: a page that
/// becomes members-only re-renders the pages that link to it.
fn mark_members_links(pages: &mut [SourcePage]) -> anyhow::Result<()> {
    let members: Vec<Slug> = pages
        .iter()
        .filter(|page| page.members_only && page.locale == Locale::DEFAULT)
        .map(|page| page.slug.clone())
        .collect();
    let marker = members.iter().map(Slug::as_str).collect::<Vec<_>>().join(",");
    for page in pages.iter_mut() {
        page.html = mark_links_to(&page.html, page.locale, &members)?;
        if !marker.is_empty() {
            page.source_hash = format!(
                "{:x}",
                Sha256::digest(format!("{}|{marker}", page.source_hash).as_bytes())
            );
        }
    }
    Ok(())
}

/// `html` (a page in `locale`) with each link to a page of `members` marked
/// with a lock and the words "members only" for screen readers.
pub fn mark_links_to(html: &str, locale: Locale, members: &[Slug]) -> anyhow::Result<String> {
    let label = crate::site::texts::members_only_label(locale)?;
    let mut html = html.to_owned();
    for slug in members {
        for locale in Locale::ALL {
            let path = civic_api::SiteRoute {
                locale,
                target: civic_api::Target::Content(slug.clone()),
            }
            .path();
            html = html.replace(
                &format!("<a href=\"{path}\">"),
                &format!(
                    "<a href=\"{path}\" class=\"members-link\"><span class=\"members-lock\" aria-hidden=\"true\">&#128274;</span><span class=\"visually-hidden\">{label}: </span>"
                ),
            );
        }
    }
    Ok(html)
}

fn load_page(locale: Locale, file: &Path) -> anyhow::Result<SourcePage> {
    let name = file_name(file);
    let stem = name
        .strip_suffix(".md")
        .context("only Markdown pages named {slug}.md belong here")?;
    let slug = Slug::parse(stem).map_err(|e| anyhow::anyhow!("{stem:?} is not a valid slug ({e})"))?;
    let source = std::fs::read_to_string(file).context("the file is not readable UTF-8 text")?;
    let (front, body) = front_matter::split(&source)?;
    Ok(SourcePage {
        locale,
        slug,
        title: front.title.trim().to_owned(),
        description: front.description.trim().to_owned(),
        html: markdown_to_safe_html(body),
        markdown: body.trim().to_owned(),
        revision: front.revision,
        updated: front.updated,
        changes: front.changes.map(|changes| changes.trim().to_owned()),
        members_only: front.audience == front_matter::Audience::Members,
        source_hash: format!("{:x}", Sha256::digest(source.as_bytes())),
    })
}

fn check_translations(pages: &[SourcePage], pages_dir: &Path) -> anyhow::Result<()> {
    let present: BTreeSet<(Locale, &Slug)> = pages.iter().map(|page| (page.locale, &page.slug)).collect();
    let mut missing = Vec::new();
    for page in pages.iter().filter(|page| page.locale == Locale::DEFAULT) {
        for locale in Locale::ALL {
            if !present.contains(&(locale, &page.slug)) {
                missing.push(pages_dir.join(locale.as_str()).join(format!("{}.md", page.slug)));
            }
        }
    }
    let mixed: Vec<&Slug> = pages
        .iter()
        .filter(|page| {
            pages
                .iter()
                .any(|other| other.slug == page.slug && other.members_only != page.members_only)
        })
        .map(|page| &page.slug)
        .collect();
    anyhow::ensure!(
        mixed.is_empty(),
        "a page's translations must all have the same `audience`: {mixed:?} differ"
    );
    anyhow::ensure!(
        missing.is_empty(),
        "every English page needs its translations; missing: {}",
        missing
            .iter()
            .map(|path| path.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    );
    Ok(())
}

/// The entries of a folder, sorted, without hidden files: editors leave
/// swap and lock files (`.about.md.swp`) next to what they edit.
fn visible_entries(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut entries = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("Failed to read the folder {}", dir.display()))? {
        let path = entry
            .with_context(|| format!("Failed to read the folder {}", dir.display()))?
            .path();
        if !file_name(&path).starts_with('.') {
            entries.push(path);
        }
    }
    entries.sort();
    Ok(entries)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "+++\ntitle = \"T\"\ndescription = \"D\"\n+++\nText\n";

    fn content_with(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let path = dir.path().join("pages").join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        dir
    }

    #[test]
    fn complete_content_loads_with_hidden_files_ignored() {
        let dir = content_with(&[
            ("en/a.md", PAGE),
            ("fr/a.md", PAGE),
            ("es/a.md", PAGE),
            ("ar/a.md", PAGE),
            ("en/.a.md.swp", "x"),
        ]);
        let pages = load(dir.path()).unwrap();
        assert_eq!(pages.len(), 4);
        assert_eq!(pages[0].html, "<p>Text</p>\n");
        assert_eq!(pages[0].source_hash.len(), 64);
    }

    #[test]
    fn start_up_stops_on_a_misplaced_file_and_names_it() {
        let all =
            |extra: (&'static str, &'static str)| vec![("en/a.md", PAGE), ("fr/a.md", PAGE), ("es/a.md", PAGE), extra];
        let cases = [
            (all(("de/a.md", PAGE)), "de", "unknown language folder"),
            (all(("en/About.md", PAGE)), "About.md", "malformed slug"),
            (all(("en/notes.txt", "x")), "notes.txt", "not Markdown"),
            (all(("fr/b.md", "no front matter")), "b.md", "no front matter"),
            (
                vec![("en/a.md", PAGE), ("fr/a.md", PAGE)],
                "es/a.md",
                "missing translation",
            ),
        ];
        for (files, named, why) in cases {
            let dir = content_with(&files);
            let error = format!("{:#}", load(dir.path()).unwrap_err());
            assert!(error.contains(named), "{why}: {error}");
        }
    }
}
