//! The `==> step` lines every command prints, and the timed summary that
//! `cargo xtask test` ends with.

use std::time::{Duration, Instant};

use anyhow::Result;

/// Announces one step of a command.
pub fn step(title: &str) {
    println!("==> {title}");
}

/// Steps run in order, stopping at the first failure, each timed.
#[derive(Default)]
pub struct Timeline {
    finished: Vec<(String, Duration, bool)>,
}

impl Timeline {
    pub fn run(&mut self, title: &str, work: impl FnOnce() -> Result<()>) -> Result<()> {
        step(title);
        let started = Instant::now();
        let result = work();
        self.finished
            .push((title.to_owned(), started.elapsed(), result.is_ok()));
        if let Err(error) = &result {
            eprintln!("==> step failed: {title}: {error:#}");
        }
        result
    }

    /// One line per step that ran, for the end of the output where people look.
    pub fn summary(&self) -> String {
        let mut lines = vec!["==> summary".to_owned()];
        for (title, took, ok) in &self.finished {
            let outcome = if *ok { "ok" } else { "FAILED" };
            lines.push(format!("    {outcome:<6} {:>7}  {title}", format_duration(*took)));
        }
        lines.join("\n")
    }
}

pub fn format_duration(took: Duration) -> String {
    let seconds = took.as_secs_f64();
    if seconds < 60.0 {
        format!("{seconds:.1}s")
    } else {
        format!("{}m{:02}s", took.as_secs() / 60, took.as_secs() % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use anyhow::anyhow;

    #[test]
    fn a_timeline_stops_at_the_first_failure_and_lists_what_ran() {
        let mut timeline = Timeline::default();
        let outcome = timeline
            .run("first", || Ok(()))
            .and_then(|()| timeline.run("second", || Err(anyhow!("broken"))))
            .and_then(|()| timeline.run("third", || Ok(())));
        assert!(outcome.is_err());
        let summary = timeline.summary();
        assert!(summary.contains("ok") && summary.contains("first"), "{summary}");
        assert!(summary.contains("FAILED") && summary.contains("second"), "{summary}");
        assert!(!summary.contains("third"), "{summary}");
    }

    #[test]
    fn durations_read_as_seconds_then_minutes() {
        assert_eq!(format_duration(Duration::from_millis(3_240)), "3.2s");
        assert_eq!(format_duration(Duration::from_secs(125)), "2m05s");
    }
}
