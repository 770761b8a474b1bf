//! Installs what building the SPA needs, each only when missing or at the
//! wrong version, so a second run costs a few version checks.

use std::path::PathBuf;
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::cmd::{self, output_of, run};
use crate::steps::step;

pub const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// trunk 0.22 needs a newer rustc than the machines have.
pub const TRUNK_VERSION: &str = "0.21.14";

/// Where `npm ci --prefix tools` puts wasm-opt; trunk finds it on PATH.
pub fn tools_bin() -> PathBuf {
    cmd::root().join("tools/node_modules/.bin")
}

/// Everything `trunk build` needs.
pub fn setup_site() -> Result<()> {
    wasm_target()?;
    trunk()?;
    wasm_bindgen()?;
    wasm_opt()
}

fn wasm_target() -> Result<()> {
    step(&format!("rust target {WASM_TARGET}"));
    let installed = output_of(Command::new("rustup").args(["target", "list", "--installed"]))?
        .context("cannot list rust targets: is rustup installed?")?;
    if installed.lines().any(|line| line.trim() == WASM_TARGET) {
        println!("    already installed: {WASM_TARGET}");
        return Ok(());
    }
    run(Command::new("rustup").args(["target", "add", WASM_TARGET]))
}

fn trunk() -> Result<()> {
    step(&format!("trunk {TRUNK_VERSION}"));
    cargo_install("trunk", TRUNK_VERSION, &["--locked"])
}

fn wasm_bindgen() -> Result<()> {
    let lock = std::fs::read_to_string(cmd::root().join("Cargo.lock")).context("cannot read Cargo.lock")?;
    let version = locked_version(&lock, "wasm-bindgen")?;
    step(&format!(
        "wasm-bindgen CLI {version} (the version of the wasm-bindgen crate in Cargo.lock)"
    ));
    // No --locked: the CLI's own lock file names a webpki-roots the registry here lacks.
    cargo_install_as("wasm-bindgen-cli", "wasm-bindgen", &version, &[])
}

fn wasm_opt() -> Result<()> {
    step("wasm-opt (npm package binaryen, in tools/)");
    let wasm_opt = tools_bin().join("wasm-opt");
    if !wasm_opt.exists() {
        run(Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--prefix"])
            .arg(cmd::root().join("tools")))?;
    }
    let version = output_of(Command::new(&wasm_opt).arg("--version"))?
        .with_context(|| format!("{} does not run", wasm_opt.display()))?;
    println!("    ready: {}", version.trim());
    Ok(())
}

fn cargo_install(package: &str, version: &str, flags: &[&str]) -> Result<()> {
    cargo_install_as(package, package, version, flags)
}

/// `cargo install` replaces another installed version by itself, so the
/// same command serves a first install and a version change.
fn cargo_install_as(package: &str, binary: &str, version: &str, flags: &[&str]) -> Result<()> {
    let found = output_of(Command::new(binary).arg("--version"))?;
    match found.as_deref().and_then(|text| tool_version(text, binary)) {
        Some(found) if found == version => {
            println!("    already installed: {binary} v{version}");
            return Ok(());
        }
        Some(found) => println!("    {binary} v{found} is installed; installing v{version}"),
        None => println!("    {binary} is not installed (this takes a few minutes, once)"),
    }
    run(cmd::cargo()
        .args(["install", package, "--version", version])
        .args(flags))?;
    let now = output_of(Command::new(binary).arg("--version"))?;
    if now.as_deref().and_then(|text| tool_version(text, binary)) != Some(version) {
        bail!(
            "{binary} v{version} was installed but `{binary} --version` does not report it: is ~/.cargo/bin on PATH?"
        );
    }
    Ok(())
}

/// The version in a `--version` line such as `trunk 0.21.14`.
pub fn tool_version<'a>(output: &'a str, binary: &str) -> Option<&'a str> {
    let mut words = output.lines().next()?.split_whitespace();
    if words.next()? != binary {
        return None;
    }
    words.next().map(|version| version.trim_start_matches('v'))
}

/// The one version of `package` in a Cargo.lock; several would leave the
/// CLI matching only one of them.
pub fn locked_version(lock: &str, package: &str) -> Result<String> {
    let wanted = format!("name = \"{package}\"");
    let mut lines = lock.lines().map(str::trim);
    let mut versions = Vec::new();
    while let Some(line) = lines.next() {
        if line == wanted {
            let version = lines
                .next()
                .and_then(|next| next.strip_prefix("version = \""))
                .and_then(|rest| rest.strip_suffix('"'))
                .with_context(|| format!("Cargo.lock has no version line after {wanted}"))?;
            versions.push(version.to_owned());
        }
    }
    match versions.as_slice() {
        [one] => Ok(one.clone()),
        [] => bail!("Cargo.lock has no {package} package: is the SPA's dependency declared?"),
        many => bail!(
            "Cargo.lock has several {package} versions ({}): pin one",
            many.join(", ")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOCK: &str = r#"
[[package]]
name = "wasm-bindgen"
version = "0.2.130"
source = "registry+https://github.com/rust-lang/crates.io-index"
dependencies = [
 "wasm-bindgen-macro",
]

[[package]]
name = "wasm-bindgen-macro"
version = "0.2.131"
"#;

    #[test]
    fn the_wasm_bindgen_version_is_read_from_its_own_lock_entry() {
        assert_eq!(locked_version(LOCK, "wasm-bindgen").unwrap(), "0.2.130");
        assert_eq!(locked_version(LOCK, "wasm-bindgen-macro").unwrap(), "0.2.131");
    }

    #[test]
    fn a_lock_without_the_package_or_with_two_versions_is_an_error() {
        assert!(locked_version(LOCK, "leptos").is_err());
        let twice = format!("{LOCK}\n[[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.99\"\n");
        let error = locked_version(&twice, "wasm-bindgen").unwrap_err().to_string();
        assert!(error.contains("0.2.130, 0.2.99"), "{error}");
    }

    #[test]
    fn versions_are_read_from_version_lines() {
        assert_eq!(tool_version("trunk 0.21.14\n", "trunk"), Some("0.21.14"));
        assert_eq!(tool_version("wasm-bindgen 0.2.130", "wasm-bindgen"), Some("0.2.130"));
        assert_eq!(tool_version("trunk v0.22.0", "trunk"), Some("0.22.0"));
    }

    #[test]
    fn a_version_line_of_another_program_is_not_taken() {
        assert_eq!(tool_version("cargo 1.95.0", "trunk"), None);
        assert_eq!(tool_version("", "trunk"), None);
        assert_eq!(tool_version("trunk", "trunk"), None);
    }
}
