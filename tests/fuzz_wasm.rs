//! The fuzzing suite compiled to wasm32 and run under node (`wasm-pack test --node -- --test
//! fuzz_wasm`): a 32-bit `usize` wraps where a 64-bit one does not, so the same targets run
//! here too. `make test` runs a few hundred cases per target; `make fuzz` builds this with
//! `FUZZ_SCALE=full` for the full counts.
#![cfg(target_arch = "wasm32")]

use optimizer_playground::fuzz::{run, Clock, TARGETS};
use wasm_bindgen_test::*;

/// Cases per target: `make fuzz`'s full counts, or a few hundred.
fn cases(target: &str) -> usize {
    let full = option_env!("FUZZ_SCALE") == Some("full");
    match (target, full) {
        ("links", true) | ("host-messages", true) => 100_000,
        ("hyperparameters", true) => 110_000,
        (_, true) => 10_000,
        ("hyperparameters", false) => 440,
        (_, false) => 300,
    }
}

#[wasm_bindgen_test]
fn every_target_passes_its_cases_on_wasm32() {
    let now = || js_sys::Date::now();
    let clock = Clock { now_ms: &now };
    let mut failed = Vec::new();
    for target in TARGETS {
        let begun = now();
        let report = run(target, cases(target.name), 20261203, &clock);
        console_log!("wasm32 {report} ({:.1} s)", (now() - begun) / 1000.0);
        if report.failed > 0 {
            failed.push(report.to_string());
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}
