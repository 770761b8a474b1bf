//! What the browser tests need on top of the SPA's tools: Debian's Chromium
//! and chromedriver, and the Node packages of `tests/e2e`.

use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::cmd::{self, output_of, run};
use crate::steps::step;

pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const APT_INSTALL: &str = "apt-get update && apt-get install -y chromium chromium-driver";
/// The direct dependencies in tests/e2e/package.json. None of them
/// downloads a browser: playwright-core and lighthouse (through
/// chrome-launcher) drive Debian's Chromium.
const E2E_PACKAGES: [&str; 4] = ["playwright-core", "axe-core", "lighthouse", "chrome-launcher"];

pub fn setup_browser() -> Result<()> {
    chromium()?;
    e2e_packages()
}

fn chromium() -> Result<()> {
    step("Chromium and chromedriver (Debian packages)");
    if !(Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists()) {
        // SAFETY: geteuid has no preconditions and cannot fail.
        if unsafe { libc::geteuid() } != 0 {
            bail!(
                "Chromium or chromedriver is missing and installing them needs root: run `sudo sh -c '{APT_INSTALL}'`"
            );
        }
        run(Command::new("apt-get").arg("update"))?;
        run(Command::new("apt-get").args(["install", "-y", "chromium", "chromium-driver"]))?;
    }
    for program in [CHROMIUM, CHROMEDRIVER] {
        let version = output_of(Command::new(program).arg("--version"))?
            .with_context(|| format!("{program} is installed but does not run"))?;
        println!("    ready: {}", version.trim());
    }
    Ok(())
}

/// `npm ci` wipes and reinstalls, so it only runs when the lock file is
/// newer than what npm last installed from it.
fn e2e_packages() -> Result<()> {
    step(&format!("Node packages of tests/e2e ({})", E2E_PACKAGES.join(", ")));
    let project = cmd::root().join("tests/e2e");
    let installed = project.join("node_modules/.package-lock.json");
    if is_newer_or_same(&installed, &project.join("package-lock.json"))? {
        for package in E2E_PACKAGES {
            let manifest = std::fs::read_to_string(project.join("node_modules").join(package).join("package.json"))
                .unwrap_or_default();
            match npm_version(&manifest) {
                Some(version) => println!("    already installed: {package} v{version}"),
                None => return npm_ci(&project),
            }
        }
        return Ok(());
    }
    npm_ci(&project)
}

fn npm_ci(project: &Path) -> Result<()> {
    run(Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund", "--prefix"])
        .arg(project))
}

fn is_newer_or_same(file: &Path, than: &Path) -> Result<bool> {
    let Ok(installed) = std::fs::metadata(file).and_then(|meta| meta.modified()) else {
        return Ok(false);
    };
    let wanted = std::fs::metadata(than)
        .and_then(|meta| meta.modified())
        .with_context(|| format!("cannot read {}", than.display()))?;
    Ok(installed >= wanted)
}

/// The `"version"` of a package.json, without a JSON parser for one field.
pub fn npm_version(manifest: &str) -> Option<&str> {
    let after_key = &manifest[manifest.find("\"version\"")? + "\"version\"".len()..];
    let value = after_key
        .trim_start()
        .strip_prefix(':')?
        .trim_start()
        .strip_prefix('"')?;
    value.split('"').next()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_version_of_a_package_manifest_is_read() {
        let manifest = "{\n  \"name\": \"axe-core\",\n  \"version\" : \"4.14.1\",\n  \"license\": \"MPL-2.0\"\n}";
        assert_eq!(npm_version(manifest), Some("4.14.1"));
    }

    #[test]
    fn a_manifest_without_a_version_has_none() {
        assert_eq!(npm_version("{\"name\": \"x\"}"), None);
        assert_eq!(npm_version(""), None);
    }
}
