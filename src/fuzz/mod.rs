//! Seeded fuzzing of everything the page takes in: links, every optimizer's hyperparameters,
//! points CSV files, race files and host messages. Each case is drawn from one seed, run
//! through the same code the page runs (reading, checking, building the race, a few training
//! steps) and held to the invariants a learner relies on:
//!
//! - nothing panics, and no case takes more than a second of work (reading a link: 300 ms);
//! - what loads writes back to the same link, and that link reads back to the same state;
//! - a loaded race has finite weights (or a lane marked diverged);
//! - a lane that diverges (or any lane) changes no other lane's bits: each lane trains exactly
//!   as it would alone.
//!
//! The same targets run natively (`cargo test`, `make fuzz`) and compiled to wasm32 (under
//! node), since a 32-bit `usize` wraps where a 64-bit one does not. A failing case is shrunk
//! (parts of its input dropped while the same failure remains) to a small reproducer; failures
//! are grouped by kind, one reproducer each.

mod targets;

use crate::rng::Rng;

pub use targets::TARGETS;

/// A broken invariant: its kind (what groups failures) and the details.
#[derive(Clone, Debug, PartialEq)]
pub struct Failure {
    pub kind: String,
    pub detail: String,
}

impl Failure {
    pub fn new(kind: &str, detail: impl Into<String>) -> Failure {
        Failure {
            kind: kind.to_string(),
            detail: detail.into(),
        }
    }
}

/// How long a case may take, and the clock to measure it by (the caller's: `Instant` natively,
/// the JavaScript clock in Wasm).
pub struct Clock<'a> {
    pub now_ms: &'a dyn Fn() -> f64,
}

/// An unoptimized build runs ten to thirty times slower: its limits stretch by this much, so a
/// hang is still caught and a slow debug build is not one.
const DEBUG_SLACK: f64 = if cfg!(debug_assertions) { 30.0 } else { 1.0 };

impl Clock<'_> {
    /// Runs `f`; a failure of kind `slow` if it took longer than `limit_ms` (of an optimized
    /// build).
    pub fn timed<T>(&self, what: &str, limit_ms: f64, f: impl FnOnce() -> T) -> Result<T, Failure> {
        let start = (self.now_ms)();
        let out = f();
        let spent = (self.now_ms)() - start;
        if spent > limit_ms * DEBUG_SLACK {
            return Err(Failure::new(
                &format!("slow: {what}"),
                format!("{spent:.0} ms, over {limit_ms:.0} ms"),
            ));
        }
        Ok(out)
    }
}

/// One thing the page takes in.
pub struct Target {
    pub name: &'static str,
    /// A case's input, drawn from `rng`, as parts that [`Target::separator`] joins (so a
    /// failing case can be shrunk by dropping parts).
    pub draw: fn(&mut Rng, usize) -> Vec<String>,
    pub separator: &'static str,
    /// Runs the input through the page's code and checks the invariants.
    pub check: fn(&str, &Clock) -> Result<(), Failure>,
}

/// A failure kind and the smallest input found that still shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Reproducer {
    pub kind: String,
    pub detail: String,
    pub input: String,
    /// Cases that failed this way.
    pub count: usize,
}

/// What a run of one target found.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub target: &'static str,
    pub passed: usize,
    pub failed: usize,
    /// One per distinct failure kind.
    pub reproducers: Vec<Reproducer>,
}

impl std::fmt::Display for Report {
    /// `links: 100000 passed, 0 failed`, then each failure's kind, count and reproducer.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: {} passed, {} failed",
            self.target, self.passed, self.failed
        )?;
        for r in &self.reproducers {
            write!(
                f,
                "\n  {} ({} cases): {}\n    reproducer: {:?}",
                r.kind, r.count, r.detail, r.input
            )?;
        }
        Ok(())
    }
}

/// Runs `check` and turns a panic into a failure (natively; in Wasm a panic aborts the run,
/// which fails it just as loudly).
fn guarded(target: &Target, input: &str, clock: &Clock) -> Result<(), Failure> {
    #[cfg(not(target_arch = "wasm32"))]
    {
        let run = std::panic::AssertUnwindSafe(|| (target.check)(input, clock));
        match std::panic::catch_unwind(run) {
            Ok(result) => result,
            Err(payload) => {
                let message = payload
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                Err(Failure::new("panic", message))
            }
        }
    }
    #[cfg(target_arch = "wasm32")]
    {
        (target.check)(input, clock)
    }
}

/// Drops parts of a failing input, one at a time, while it still fails with the same kind.
fn shrink(target: &Target, mut parts: Vec<String>, kind: &str, clock: &Clock) -> (String, String) {
    let mut detail = String::new();
    let mut i = 0;
    while i < parts.len() && parts.len() > 1 {
        let mut fewer = parts.clone();
        fewer.remove(i);
        match guarded(target, &fewer.join(target.separator), clock) {
            Err(f) if f.kind == kind => {
                parts = fewer;
                detail = f.detail;
            }
            _ => i += 1,
        }
    }
    (parts.join(target.separator), detail)
}

/// Runs `cases` cases of `target` from `seed`.
pub fn run(target: &Target, cases: usize, seed: u64, clock: &Clock) -> Report {
    let mut report = Report {
        target: target.name,
        passed: 0,
        failed: 0,
        reproducers: Vec::new(),
    };
    for case in 0..cases {
        let mut rng = Rng::fork(seed, case as u64);
        let parts = (target.draw)(&mut rng, case);
        match guarded(target, &parts.join(target.separator), clock) {
            Ok(()) => report.passed += 1,
            Err(failure) => {
                report.failed += 1;
                if let Some(r) = report
                    .reproducers
                    .iter_mut()
                    .find(|r| r.kind == failure.kind)
                {
                    r.count += 1;
                    continue;
                }
                let (input, detail) = shrink(target, parts, &failure.kind, clock);
                report.reproducers.push(Reproducer {
                    detail: if detail.is_empty() {
                        failure.detail
                    } else {
                        detail
                    },
                    kind: failure.kind,
                    input,
                    count: 1,
                });
            }
        }
    }
    report
}

/// The target named `name`.
pub fn target(name: &str) -> Option<&'static Target> {
    TARGETS.iter().find(|t| t.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failure_is_shrunk_to_the_parts_that_show_it() {
        let target = Target {
            name: "toy",
            draw: |_, _| ["a", "b", "bad", "c"].map(String::from).to_vec(),
            separator: "&",
            check: |input, _| {
                if input.split('&').any(|p| p == "bad") {
                    Err(Failure::new("bad part", input))
                } else {
                    Ok(())
                }
            },
        };
        let clock = Clock { now_ms: &|| 0.0 };
        let report = run(&target, 3, 1, &clock);
        assert_eq!((report.passed, report.failed), (0, 3));
        assert_eq!(report.reproducers.len(), 1);
        assert_eq!(report.reproducers[0].input, "bad");
        assert_eq!(report.reproducers[0].count, 3);
        assert!(report.to_string().starts_with("toy: 0 passed, 3 failed"));
    }

    #[test]
    fn a_panic_is_a_failure_not_a_crash() {
        let target = Target {
            name: "panicky",
            draw: |_, _| vec!["x".into()],
            separator: "&",
            check: |_, _| panic!("boom"),
        };
        let report = run(&target, 1, 1, &Clock { now_ms: &|| 0.0 });
        assert_eq!(report.reproducers[0].kind, "panic");
        assert_eq!(report.reproducers[0].detail, "boom");
    }
}
