//! The surge benchmark: many distinct people sign one petition while others
//! keep reloading its count, against an already running civic-server; then
//! a check that every acknowledged signature is in the database.
//!
//! ```text
//! cargo run --release -p civic-server --example surge -- load \
//!     --url http://127.0.0.1:8080 --acknowledged /tmp/acknowledged.txt
//! cargo run --release -p civic-server --example surge -- check \
//!     --database sqlite:///path/civic.db --acknowledged /tmp/acknowledged.txt
//! ```
//!
//! Several servers on one PostgreSQL: `--url http://a:8080,http://b:8080`,
//! and `--database postgres://…` for the check.
//!
//! The server must trust this machine as its proxy
//! (`CIVIC_TRUSTED_PROXY=127.0.0.1`): each signer then comes from its own
//! address in `X-Forwarded-For`, and the per-client rate limit stays on.
//! `cargo xtask bench` builds both in release, starts the server and runs
//! them in order.

mod args;
mod check;
mod figures;
mod load;
mod signer;

use std::process::ExitCode;

const USAGE: &str = "\
usage: surge load --url URL[,URL...] --acknowledged FILE [--slug SLUG] [--seconds 10]
                  [--signers N] [--readers N] [--read-rate PER_SECOND] [--threads N]
                  [--goal-rate 5000] [--goal-p99-ms 50]
       surge check --database DATABASE_URL --acknowledged FILE

load   signs for a fixed time, each request a new person from a new client
       address, while readers GET the count (--read-rate 0: as fast as they
       can); several URLs (servers on one database) share the signers and
       readers, and a request that cannot reach its server goes again to the
       next; writes the e-mail of every acknowledged signature to FILE
check  counts the acknowledged signatures missing from the database and the
       people stored more than once (exit 1 when either is not 0); run it
       after the servers have stopped or crashed (sqlite: or postgres: URL)";

fn main() -> ExitCode {
    let mut words = std::env::args().skip(1);
    let command = words.next();
    let outcome = args::Args::parse(words).and_then(|args| match command.as_deref() {
        Some("load") => load::run(&args).map(|()| ExitCode::SUCCESS),
        Some("check") => check::run(&args),
        _ => Err(anyhow::anyhow!("unknown command")),
    });
    outcome.unwrap_or_else(|error| {
        eprintln!("surge: {error:#}\n\n{USAGE}");
        ExitCode::from(2)
    })
}
