//! The files a test app serves: the repository's own content and a small
//! stand-in for the SPA as trunk builds it.

use std::path::{Path, PathBuf};

pub const CONTENT_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../content");
pub const PUBLIC_URL: &str = "https://civic.example";
pub const ASSET: &str = "app-0123456789abcdef.js";
pub const ASSET_JS: &str = "export default function init() {}\n";
/// Not real brotli: the tests only check that these exact bytes are what
/// the server sends for `Accept-Encoding: br`.
pub const ASSET_BR: &[u8] = b"precompressed brotli stand-in";
pub const INLINE_SCRIPT: &str = "import init from '/app-0123456789abcdef.js';\ninit('/app-0123456789abcdef_bg.wasm');";

/// The survey bundle's inline loader: another script, another hash.
pub const SURVEYS_INLINE_SCRIPT: &str =
    "import init from '/civic-surveys-0123456789abcdef.js';\ninit('/civic-surveys-0123456789abcdef_bg.wasm');";

/// The SPA shell as trunk leaves it, following the contract the server
/// relies on.
pub fn fixture_index_html() -> String {
    shell_html(INLINE_SCRIPT)
}

pub fn fixture_surveys_html() -> String {
    shell_html(SURVEYS_INLINE_SCRIPT)
}

/// The reading bundle's inline loader.
pub const READING_INLINE_SCRIPT: &str =
    "import init from '/civic-reading-0123456789abcdef.js';\ninit('/civic-reading-0123456789abcdef_bg.wasm');";

pub fn fixture_reading_html() -> String {
    shell_html(READING_INLINE_SCRIPT)
}

fn shell_html(inline_script: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Civic</title>\n\
         <meta name=\"description\" content=\"Civic: citizens acting together.\">\n<!-- civic:head -->\n\
         <script type=\"module\">{inline_script}</script>\n</head>\n<body>\n<!-- civic:body -->\n</body>\n</html>\n"
    )
}

/// Writes the built-SPA fixture into `dir/dist` and returns that folder.
pub fn write_dist(dir: &Path) -> PathBuf {
    let dist = dir.join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(dist.join("index.html"), fixture_index_html()).unwrap();
    std::fs::write(dist.join("surveys.html"), fixture_surveys_html()).unwrap();
    std::fs::write(dist.join("reading.html"), fixture_reading_html()).unwrap();
    std::fs::write(dist.join(ASSET), ASSET_JS).unwrap();
    std::fs::write(dist.join(format!("{ASSET}.br")), ASSET_BR).unwrap();
    std::fs::write(dist.join("robots.txt"), "User-agent: *\nAllow: /\n").unwrap();
    dist
}
