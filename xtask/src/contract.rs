//! Contract fuzzing: schemathesis (PyPI, 4.x, in a virtual environment
//! under `tools/`) sends every operation of `/api/openapi.json` generated
//! requests, valid and not, and runs all its checks on the answers: no
//! server error, every status and body as documented, valid data taken.

use std::path::PathBuf;
use std::process::Command;

use anyhow::{Context, Result};

use crate::cmd::{self, output_of, run};
use crate::e2e::server_binary;
use crate::scratch::Scratch;
use crate::server_process::TestServer;
use crate::steps::step;

const SCHEMATHESIS: &str = "schemathesis==4.*";
/// The same cases on every run, so a failure is found again by whoever
/// looks into it (`--seed` with another number explores further).
const SEED: &str = "1";
/// Per operation and phase; the run takes about a minute.
const EXAMPLES: &str = "50";

pub fn fuzz() -> Result<()> {
    let schemathesis = install()?;
    let mut scratch = Scratch::new("contract")?;
    step("start the server, its rate limits raised so the writes are reached");
    let server = TestServer::start_with(
        &server_binary("dev"),
        &scratch,
        &[
            ("CIVIC_RATE_LIMIT_BURST", "1000000"),
            ("CIVIC_ANALYTICS_RATE_LIMIT_BURST", "1000000"),
        ],
    )?;
    step(&format!(
        "schemathesis run {}/api/openapi.json --checks all",
        server.base_url
    ));
    let config = cmd::root().join("tests/contract/schemathesis.toml");
    let outcome = run(Command::new(&schemathesis)
        .arg("--config-file")
        .arg(&config)
        .arg("run")
        .arg(format!("{}/api/openapi.json", server.base_url))
        .args([
            "--checks",
            "all",
            "--seed",
            SEED,
            "--max-examples",
            EXAMPLES,
            "--no-color",
        ])
        // Writes from a browser must say where they come from (csrf.rs).
        .args(["--header", &format!("Origin: {}", server.base_url)])
        .current_dir(scratch.path()));
    server.stop_after(outcome, &mut scratch)
}

/// `tools/schemathesis/bin/schemathesis`, made when missing.
fn install() -> Result<PathBuf> {
    let venv = cmd::root().join("tools/schemathesis");
    let program = venv.join("bin/schemathesis");
    step(&format!("{SCHEMATHESIS} in a virtual environment ({})", venv.display()));
    let version = output_of(Command::new(&program).arg("--version")).unwrap_or(None);
    if let Some(version) = version.filter(|version| version.contains("version 4.")) {
        println!("    already installed: {}", version.trim());
        return Ok(program);
    }
    run(Command::new("python3").arg("-m").arg("venv").arg(&venv)).context("python3 -m venv failed")?;
    run(Command::new(venv.join("bin/pip")).args(["install", "--quiet", SCHEMATHESIS]))?;
    Ok(program)
}
