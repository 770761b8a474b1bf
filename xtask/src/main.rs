//! Developer commands for Civic, run as `cargo xtask <command>`.

mod bench_surge;
mod cmd;
mod contract;
mod e2e;
mod postgres;
mod scratch;
mod serve;
mod server_process;
mod spa;
mod spa_stamp;
mod start_scripts;
mod steps;
mod test_tools;
mod tools;

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  setup   install what building the SPA needs (wasm32 target, trunk, wasm-bindgen CLI, wasm-opt)
  build   setup, then the release SPA into dist/ with brotli and gzip copies
  serve   build, then run civic-server at http://localhost:8080 (CIVIC_ADDR, DATABASE_URL, ... pass through)
  test    every test: native, civic-server's suite again on a PostgreSQL it starts and stops
          (CIVIC_TEST_POSTGRES), wasm components in Chromium, contract fuzzing of the API
          (schemathesis), end-to-end against the real server
  contract  only the contract fuzzing: schemathesis against /api/openapi.json of the dev server
  bench   print the bytes of the first load of the home page, a petition, a survey page and the Arabic
          privacy page (raw, gzip, brotli) against their budgets, and of the pictures /campaigns
          downloads on a 390 px phone,
          then Lighthouse's mobile run of the home page, a petition, a survey and the privacy page
          in English and French: the four category scores, FCP, LCP, TBT and CLS of each
          (CIVIC_LIGHTHOUSE_REPORTS=<folder> also keeps each page's full HTML report),
          then the surge benchmark: signatures/s and count reads/s with their latencies, and
          the acknowledged signatures lost (after a clean stop and after a SIGKILL);
          CIVIC_SURGE_ARGS='--seconds 30 --signers 64' passes settings to the load generator";

fn main() -> ExitCode {
    let command = std::env::args().nth(1);
    let outcome = match command.as_deref() {
        Some("setup") => tools::setup_site().map(|()| ExitCode::SUCCESS),
        Some("build") => tools::setup_site()
            .and_then(|()| spa::build())
            .map(|()| ExitCode::SUCCESS),
        Some("serve") => serve::serve(),
        Some("test") => e2e::test(),
        Some("bench") => e2e::bench(),
        Some("contract") => tools::setup_site()
            .and_then(|()| spa::build_if_changed())
            .and_then(|()| e2e::build_server("dev"))
            .and_then(|()| contract::fuzz())
            .map(|()| ExitCode::SUCCESS),
        Some("help" | "-h" | "--help") => {
            println!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        Some(other) => {
            eprintln!("unknown command `{other}`\n\n{USAGE}");
            Ok(ExitCode::from(2))
        }
        None => {
            eprintln!("{USAGE}");
            Ok(ExitCode::from(2))
        }
    };
    outcome.unwrap_or_else(|error| {
        eprintln!("error: {error:#}");
        ExitCode::FAILURE
    })
}
