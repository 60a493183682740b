//! Every optimizer of the registry reaches the minimum of two classic test functions.
//!
//! Table-driven: each row names an optimizer (by torch's name), a function, the hyperparameters
//! changed from torch's defaults, the number of steps, and the tolerance on the final distance
//! `‖x − x*‖` to the minimizer. Rows are tuned so each method gets close within its step budget;
//! the budgets show how different the methods are (Rosenbrock's curved valley is slow for all).

use optimizer_playground::optim::{HyperValue, OptimizerConfig, OptimizerKind};

use HyperValue::{Bool, Number as N, Pair};

/// The test functions, with hand-written gradients.
#[derive(Clone, Copy, Debug)]
enum Function {
    /// `0.5·(x² + 25·y²)` from `(2, 1)`, minimum at the origin (condition number 25).
    Quadratic,
    /// `100·(y − x²)² + (1 − x)²` from `(-1.5, 2)`, minimum at `(1, 1)`.
    Rosenbrock,
}

impl Function {
    fn start(self) -> [f64; 2] {
        match self {
            Self::Quadratic => [2.0, 1.0],
            Self::Rosenbrock => [-1.5, 2.0],
        }
    }

    fn minimizer(self) -> [f64; 2] {
        match self {
            Self::Quadratic => [0.0, 0.0],
            Self::Rosenbrock => [1.0, 1.0],
        }
    }

    fn grad(self, [x, y]: [f64; 2]) -> [f64; 2] {
        match self {
            Self::Quadratic => [x, 25.0 * y],
            Self::Rosenbrock => [
                -400.0 * x * (y - x * x) - 2.0 * (1.0 - x),
                200.0 * (y - x * x),
            ],
        }
    }
}

struct Row {
    optimizer: &'static str,
    function: Function,
    hyper: &'static [(&'static str, HyperValue)],
    steps: usize,
    tolerance: f64,
}

const fn row(
    optimizer: &'static str,
    function: Function,
    hyper: &'static [(&'static str, HyperValue)],
    steps: usize,
    tolerance: f64,
) -> Row {
    Row {
        optimizer,
        function,
        hyper,
        steps,
        tolerance,
    }
}

use Function::{Quadratic as Q, Rosenbrock as R};

const TABLE: &[Row] = &[
    row("sgd", Q, &[("lr", N(0.07))], 300, 1e-6),
    row(
        "sgd",
        Q,
        &[("lr", N(0.03)), ("momentum", N(0.8))],
        200,
        1e-6,
    ),
    row(
        "sgd",
        Q,
        &[
            ("lr", N(0.03)),
            ("momentum", N(0.8)),
            ("nesterov", Bool(true)),
        ],
        200,
        1e-6,
    ),
    row(
        "sgd",
        R,
        &[("lr", N(1e-3)), ("momentum", N(0.9))],
        5000,
        1e-3,
    ),
    row("adagrad", Q, &[("lr", N(1.0))], 500, 1e-6),
    row("adagrad", R, &[("lr", N(1.0))], 20000, 1e-4),
    row("rmsprop", Q, &[("lr", N(0.01))], 500, 1e-6),
    row("rmsprop", R, &[("lr", N(3e-4))], 20000, 1e-3),
    row(
        "adadelta",
        Q,
        &[("lr", N(0.1)), ("rho", N(0.99))],
        5000,
        1e-4,
    ),
    // Adadelta jitters along the valley floor: the loosest row.
    row("adadelta", R, &[("lr", N(0.02))], 20000, 1e-2),
    row("adam", Q, &[("lr", N(0.1))], 500, 1e-4),
    row("adam", R, &[("lr", N(0.02))], 5000, 1e-3),
    row(
        "adamw",
        Q,
        &[("lr", N(0.1)), ("weight_decay", N(1e-3))],
        500,
        1e-4,
    ),
    // Decoupled decay moves AdamW's fixed point off the minimum, towards the origin.
    row(
        "adamw",
        R,
        &[("lr", N(0.02)), ("weight_decay", N(1e-3))],
        5000,
        5e-3,
    ),
    row("adamax", Q, &[("lr", N(0.1))], 500, 1e-4),
    row("adamax", R, &[("lr", N(0.02))], 5000, 1e-3),
    row("nadam", Q, &[("lr", N(0.1))], 500, 1e-4),
    row("nadam", R, &[("lr", N(1e-3))], 20000, 1e-4),
    row("radam", Q, &[("lr", N(0.1))], 500, 1e-4),
    row("radam", R, &[("lr", N(1e-3))], 20000, 1e-6),
    row("rprop", Q, &[("lr", N(0.1))], 200, 1e-5),
    // Rprop's sign steps stall about 1e-3 from the minimum (its smallest useful step).
    row("rprop", R, &[("lr", N(0.01))], 5000, 2e-3),
    row("asgd", Q, &[("lr", N(0.07))], 300, 1e-6),
    row("asgd", R, &[("lr", N(1e-3))], 20000, 1e-3),
    row(
        "adam",
        Q,
        &[
            ("lr", N(0.1)),
            ("amsgrad", Bool(true)),
            ("betas", Pair(0.9, 0.99)),
        ],
        500,
        1e-4,
    ),
];

fn run(row: &Row) -> f64 {
    let kind = OptimizerKind::from_name(row.optimizer).expect("known optimizer");
    let mut config = OptimizerConfig::default_for(kind);
    for &(name, value) in row.hyper {
        config.set(name, value).unwrap();
    }
    let mut opt = config.build(2).unwrap();
    let mut x = row.function.start();
    for _ in 0..row.steps {
        let g = row.function.grad(x);
        opt.step(&mut x, &g);
    }
    let m = row.function.minimizer();
    (x[0] - m[0]).hypot(x[1] - m[1])
}

#[test]
fn every_optimizer_converges_on_both_functions() {
    let mut failures = Vec::new();
    for row in TABLE {
        let distance = run(row);
        println!(
            "{:8} {:?} {:>6} steps: distance {distance:.3e}",
            row.optimizer, row.function, row.steps
        );
        // `is_nan` too: a diverged run must fail, not slip past the comparison.
        if distance.is_nan() || distance > row.tolerance {
            failures.push(format!(
                "{} on {:?}: distance {distance:e} after {} steps > {}",
                row.optimizer, row.function, row.steps, row.tolerance
            ));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn the_table_covers_every_optimizer_on_both_functions() {
    for &kind in OptimizerKind::ALL {
        for f in [Q, R] {
            let covered = TABLE
                .iter()
                .any(|r| r.optimizer == kind.name() && matches!((r.function, f), (Q, Q) | (R, R)));
            assert!(covered, "{} on {f:?} missing", kind.name());
        }
    }
}
