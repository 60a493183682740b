//! The native side of `make bench`: one measurement per call, so the harness can alternate it
//! with the other engines. Usage: `bench WORKLOAD SECONDS` with WORKLOAD one of `W1-sgd`,
//! `W1-adam`, `H1`, `W2:LANES:WIDTH:DEPTH`, `W3-momentum`, `W3-adam`, `ceiling`, `tanh`;
//! prints one JSON object. W3 reads `www/data/digits.bin` (run from the repository).

use std::time::Instant;

use optimizer_playground::bench::{ceiling, flops_per_example, w1_data, w3_network, Grid, Trainer};
use optimizer_playground::data::digits::Digits;
use optimizer_playground::data::{Dataset, DatasetKind};
use optimizer_playground::rng::Rng;

/// Repeats `work` (which returns units of work done) for at least `seconds`.
fn timed(seconds: f64, mut work: impl FnMut() -> f64) -> (f64, f64) {
    let start = Instant::now();
    let mut units = 0.0;
    while start.elapsed().as_secs_f64() < seconds {
        units += work();
    }
    (units, start.elapsed().as_secs_f64())
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let workload = args.get(1).map(String::as_str).unwrap_or("W1-sgd");
    let seconds: f64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1.0);
    let (unit, value, flops) = match workload {
        "W1-sgd" | "W1-adam" => {
            let (opt, lr) = if workload == "W1-sgd" {
                ("sgd", 0.03)
            } else {
                ("adam", 0.01)
            };
            let sizes = [2, 8, 8, 1];
            let mut t = Trainer::new(&w1_data(), &sizes, opt, lr, 10).expect("W1 builds");
            t.train(100);
            let (examples, secs) = timed(seconds, || t.train(1000).0 as f64);
            let rate = examples / secs;
            ("examples/s", rate, rate * flops_per_example(&sizes))
        }
        "W3-momentum" | "W3-adam" => {
            let bytes = std::fs::read("www/data/digits.bin").expect("www/data/digits.bin");
            let digits = Digits::decode(&bytes).expect("the digits file reads");
            let mut t = Trainer::digits(&digits, &workload[3..]).expect("W3 builds");
            t.train(100);
            let (examples, secs) = timed(seconds, || t.train(200).0 as f64);
            let rate = examples / secs;
            (
                "examples/s",
                rate,
                rate * flops_per_example(&w3_network().sizes),
            )
        }
        "H1" => {
            let mut t =
                Trainer::new(&w1_data(), &[2, 8, 8, 1], "sgd", 0.03, 10).expect("H1 builds");
            t.train(1000);
            let mut grid = Grid::new(100);
            let mut check = 0.0;
            let (grids, secs) = timed(seconds, || {
                check += grid.pass(t.net_mut());
                1.0
            });
            assert!(check.is_finite());
            let rate = grids / secs;
            ("grids/s", rate, rate * 10_000.0 * 2.0 * 88.0)
        }
        "tanh" => {
            // The cost of the activation alone: W1 needs 17 tanh per example (8 + 8 + 1).
            let mut x = 0.1f64;
            let (calls, secs) = timed(seconds, || {
                for _ in 0..1_000_000 {
                    x = (x + 0.37).tanh();
                }
                1e6
            });
            assert!(x.is_finite());
            ("tanh/s", calls / secs, 0.0)
        }
        "ceiling" => {
            let mut check = 0.0;
            let (flops, secs) = timed(seconds, || {
                let (f, s) = ceiling(10_000_000);
                check += s;
                f
            });
            assert!(check.is_finite());
            ("FLOP/s", flops / secs, flops / secs)
        }
        w if w.starts_with("W2") => {
            let parts: Vec<usize> = w
                .split(':')
                .skip(1)
                .filter_map(|p| p.parse().ok())
                .collect();
            let (lanes, width, depth) = match parts.as_slice() {
                [l, w, d] => (*l, *w, *d),
                _ => (6, 32, 4),
            };
            let data: Dataset = Dataset::generate(DatasetKind::Spiral, 2000, 0.0, &mut Rng::new(7));
            let mut sizes = vec![2];
            sizes.extend(std::iter::repeat_n(width, depth));
            sizes.push(1);
            let mut trainers: Vec<Trainer> = (0..lanes)
                .map(|_| Trainer::new(&data, &sizes, "adam", 0.01, 10).expect("W2 builds"))
                .collect();
            let (steps, secs) = timed(seconds, || {
                for t in &mut trainers {
                    t.train(10);
                }
                10.0
            });
            let rate = steps / secs;
            (
                "steps/s per lane",
                rate,
                rate * lanes as f64 * 10.0 * flops_per_example(&sizes),
            )
        }
        other => {
            eprintln!("unknown workload {other}");
            std::process::exit(2);
        }
    };
    println!(
        "{{\"workload\":\"{workload}\",\"unit\":\"{unit}\",\"value\":{value},\"flops\":{flops}}}"
    );
}
