//! `make fuzz`, natively: every target of `optimizer_playground::fuzz` at full counts, two
//! targets at a time, each printing `N passed, M failed` and one reproducer per distinct
//! failure. Exits with 1 if any case failed. (The wasm32 run is `tests/fuzz_wasm.rs`.)

use std::sync::Mutex;
use std::time::Instant;

use optimizer_playground::fuzz::{run, Clock, TARGETS};

/// Full counts: 100,000 links and host messages, 10,000 hyperparameter sets per optimizer,
/// 10,000 points files and race files.
fn cases(target: &str) -> usize {
    match target {
        "links" | "host-messages" => 100_000,
        "hyperparameters" => 110_000,
        _ => 10_000,
    }
}

fn main() {
    let seed = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(20261203);
    let next = Mutex::new(0usize);
    let failed = Mutex::new(false);
    std::thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| loop {
                let i = {
                    let mut n = next.lock().expect("no thread panics holding it");
                    *n += 1;
                    *n - 1
                };
                let Some(target) = TARGETS.get(i) else { return };
                let start = Instant::now();
                let now = || start.elapsed().as_secs_f64() * 1000.0;
                let report = run(target, cases(target.name), seed, &Clock { now_ms: &now });
                println!("native {report} ({:.0} s)", now() / 1000.0);
                if report.failed > 0 {
                    *failed.lock().expect("no thread panics holding it") = true;
                }
            });
        }
    });
    if failed.into_inner().unwrap_or(true) {
        std::process::exit(1);
    }
}
