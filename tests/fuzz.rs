//! The fuzzing suite at small counts, natively (`make fuzz` runs it at full counts, natively
//! and compiled to wasm32): every target of `optimizer_playground::fuzz` must pass every case.

use optimizer_playground::fuzz::{run, Clock, TARGETS};

/// Cases per target here: enough to walk every field and every optimizer several times.
fn cases(target: &str) -> usize {
    match target {
        "links" | "race-json" => 1000,
        "hyperparameters" => 2200,
        _ => 3000,
    }
}

#[test]
fn every_target_passes_its_cases() {
    let start = std::time::Instant::now();
    let now = move || start.elapsed().as_secs_f64() * 1000.0;
    let clock = Clock { now_ms: &now };
    let mut failed = Vec::new();
    for target in TARGETS {
        let begun = now();
        let report = run(target, cases(target.name), 20261203, &clock);
        println!("{report} ({:.1} s)", (now() - begun) / 1000.0);
        if report.failed > 0 {
            failed.push(report.to_string());
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}
