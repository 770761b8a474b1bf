//! Running other programs: echo each command, fail with a readable message,
//! and find the repository's folders whatever the current directory is.

use std::ffi::OsString;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

/// The repository root: xtask lives one folder below it.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask sits inside the repository")
        .to_path_buf()
}

/// Cargo's target folder, honouring `CARGO_TARGET_DIR` like cargo does.
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => root().join(dir),
        None => root().join("target"),
    }
}

/// The cargo that runs us, so a pinned toolchain stays pinned. Without
/// incremental compilation unless asked for: a whole-suite run gains
/// nothing from it, and its caches doubled the disk a clean clone's test
/// run needs (CI once ran out of disk).
pub fn cargo() -> Command {
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command.current_dir(root());
    if std::env::var_os("CARGO_INCREMENTAL").is_none() {
        command.env("CARGO_INCREMENTAL", "0");
    }
    command
}

/// `PATH` with `dir` in front, for tools installed inside the repository.
pub fn path_with(dir: &Path) -> Result<OsString> {
    let mut entries = vec![dir.to_path_buf()];
    if let Some(path) = std::env::var_os("PATH") {
        entries.extend(std::env::split_paths(&path));
    }
    std::env::join_paths(entries).context("cannot put the tools folder on PATH")
}

/// Runs a command to completion with inherited output; any failure is an error.
pub fn run(command: &mut Command) -> Result<()> {
    let shown = show(command);
    println!("    $ {shown}");
    let status = command.status().with_context(|| format!("cannot start `{shown}`"))?;
    if !status.success() {
        bail!("`{shown}` failed ({status})");
    }
    Ok(())
}

/// The standard output of a command, or `None` when the program is not
/// installed or fails: used to ask a tool for its version.
pub fn output_of(command: &mut Command) -> Result<Option<String>> {
    match command.output() {
        Ok(output) if output.status.success() => Ok(Some(String::from_utf8_lossy(&output.stdout).into_owned())),
        Ok(_) => Ok(None),
        Err(error) if error.kind() == ErrorKind::NotFound => Ok(None),
        Err(error) => Err(error).with_context(|| format!("cannot start `{}`", show(command))),
    }
}

/// The last `lines` lines of a log, where the reason for a failure usually is.
pub fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

fn show(command: &Command) -> String {
    let mut words = vec![command.get_program().to_string_lossy().into_owned()];
    words.extend(command.get_args().map(|arg| arg.to_string_lossy().into_owned()));
    words.join(" ")
}
