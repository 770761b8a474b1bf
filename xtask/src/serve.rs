//! `cargo xtask serve`: build everything, then run civic-server attached
//! to the terminal until it stops.

use std::path::Path;
use std::process::{Child, Command, ExitCode, ExitStatus};
use std::sync::atomic::{AtomicI32, Ordering};

use anyhow::{Context, Result};

use crate::{cmd, e2e, spa, tools};

pub fn serve() -> Result<ExitCode> {
    tools::setup_site()?;
    spa::build_if_changed()?;
    e2e::build_server("release")?;
    run_in_foreground(&e2e::server_binary("release"))
}

pub const DEFAULT_ADDR: &str = "127.0.0.1:8080";

/// Runs the server attached to the terminal until it exits. Ctrl-C reaches
/// the server straight from the terminal, so xtask ignores it and waits for
/// the server's own clean shutdown; a SIGTERM sent to xtask is passed on.
pub fn run_in_foreground(binary: &Path) -> Result<ExitCode> {
    let root = cmd::root();
    let mut command = Command::new(binary);
    command.current_dir(&root);
    for (variable, default) in [
        ("CIVIC_DIST", root.join("dist")),
        ("CIVIC_CONTENT", root.join("content")),
    ] {
        if std::env::var_os(variable).is_none() {
            command.env(variable, default);
        }
    }
    let addr = std::env::var("CIVIC_ADDR").unwrap_or_else(|_| DEFAULT_ADDR.to_owned());
    // The server's own default: a loopback address is named `localhost`,
    // where browsers allow passkeys.
    let url = std::env::var("CIVIC_PUBLIC_URL").unwrap_or_else(|_| match addr.strip_prefix("127.0.0.1:") {
        Some(port) => format!("http://localhost:{port}"),
        None => format!("http://{addr}"),
    });
    let mut child = command
        .spawn()
        .with_context(|| format!("cannot start {}", binary.display()))?;
    println!("==> Civic is starting at {url} (Ctrl-C stops it)");
    forward_termination_to(&child);
    let status = child.wait().context("lost track of the server")?;
    Ok(exit_code(status))
}

static CHILD_PID: AtomicI32 = AtomicI32::new(0);

extern "C" fn pass_on(signal: libc::c_int) {
    let pid = CHILD_PID.load(Ordering::SeqCst);
    if pid > 0 {
        // SAFETY: kill is async-signal-safe; the pid is our own child's.
        unsafe { libc::kill(pid, signal) };
    }
}

fn forward_termination_to(child: &Child) {
    CHILD_PID.store(child.id() as i32, Ordering::SeqCst);
    // SAFETY: done after the spawn, so the child keeps the default handlers;
    // the handler only calls kill.
    unsafe {
        libc::signal(libc::SIGINT, libc::SIG_IGN);
        libc::signal(
            libc::SIGTERM,
            pass_on as extern "C" fn(libc::c_int) as libc::sighandler_t,
        );
        libc::signal(
            libc::SIGHUP,
            pass_on as extern "C" fn(libc::c_int) as libc::sighandler_t,
        );
    }
}

/// The shell's convention: a death by signal N exits with 128 + N.
fn exit_code(status: ExitStatus) -> ExitCode {
    ExitCode::from(exit_number(status))
}

fn exit_number(status: ExitStatus) -> u8 {
    use std::os::unix::process::ExitStatusExt;
    let code = status
        .code()
        .or(status.signal().map(|signal| 128 + signal))
        .unwrap_or(1);
    u8::try_from(code).unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::process::ExitStatusExt;

    #[test]
    fn the_server_exit_status_becomes_ours_with_signals_as_128_plus_their_number() {
        // Raw wait statuses: the exit code sits in the second byte, a signal in the first.
        assert_eq!(exit_number(ExitStatus::from_raw(0)), 0);
        assert_eq!(exit_number(ExitStatus::from_raw(3 << 8)), 3);
        assert_eq!(exit_number(ExitStatus::from_raw(libc::SIGINT)), 130);
        assert_eq!(exit_number(ExitStatus::from_raw(libc::SIGTERM)), 143);
    }
}
