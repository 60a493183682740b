//! Replays PyTorch's reference values: every case of `../shared/golden/torch_reference.json`
//! and of any other file of that format named by the environment variable `TORCH_REFERENCE`
//! (several files may be separated by the platform's path separator).
//!
//! Optimizer trajectories, learning-rate schedules and MLP losses and gradients must match to a
//! relative error of at most 1e-9. An unknown optimizer, scheduler, activation, loss,
//! hyperparameter or function name fails its case: nothing is skipped.

use std::path::PathBuf;

use optimizer_playground::nn::{Activation, Loss, Mlp, MlpSpec};
use optimizer_playground::optim::{HyperValue, OptimizerConfig, OptimizerKind};
use optimizer_playground::rng::Rng;
use optimizer_playground::schedule::{ArgValue, Schedule};
use serde_json::Value;

const TOLERANCE: f64 = 1e-9;

/// `|a - b| / max(|b|, 1e-12)`-style comparison that also accepts exact zeros.
fn close(actual: f64, expected: f64) -> bool {
    let scale = expected.abs().max(1e-12);
    (actual - expected).abs() / scale <= TOLERANCE || (actual - expected).abs() <= 1e-15
}

fn reference_files() -> Vec<PathBuf> {
    let mut files = vec![
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/golden/torch_reference.json")
    ];
    if let Some(extra) = std::env::var_os("TORCH_REFERENCE") {
        files.extend(std::env::split_paths(&extra).filter(|p| !p.as_os_str().is_empty()));
    }
    files
}

fn numbers(v: &Value) -> Result<Vec<f64>, String> {
    v.as_array()
        .ok_or_else(|| format!("expected a list of numbers, got {v}"))?
        .iter()
        .map(|x| {
            x.as_f64()
                .ok_or_else(|| format!("expected a number, got {x}"))
        })
        .collect()
}

fn field<'a>(case: &'a Value, key: &str) -> Result<&'a Value, String> {
    case.get(key)
        .ok_or_else(|| format!("missing field {key:?}"))
}

fn text<'a>(case: &'a Value, key: &str) -> Result<&'a str, String> {
    field(case, key)?
        .as_str()
        .ok_or_else(|| format!("field {key:?} is not a string"))
}

// ---------------------------------------------------------------- test functions

/// Value and gradient of a reference test function (formulas in the file's `functions` key).
fn gradient(function: &str, x: &[f64]) -> Result<Vec<f64>, String> {
    match function {
        "rosenbrock" => {
            if !x.len().is_multiple_of(2) {
                return Err("rosenbrock needs an even number of coordinates".into());
            }
            let mut g = vec![0.0; x.len()];
            for i in (0..x.len()).step_by(2) {
                let (a, b) = (x[i], x[i + 1]);
                g[i] = -400.0 * a * (b - a * a) - 2.0 * (1.0 - a);
                g[i + 1] = 200.0 * (b - a * a);
            }
            Ok(g)
        }
        "quadratic" => {
            const W: [f64; 4] = [1.0, 25.0, 4.0, 0.25];
            if x.len() > W.len() {
                return Err(format!(
                    "quadratic has weights for at most {} coordinates",
                    W.len()
                ));
            }
            Ok(x.iter().zip(W).map(|(xi, w)| w * xi).collect())
        }
        "beale" => {
            let [a, b] = two(function, x)?;
            let t1 = 1.5 - a + a * b;
            let t2 = 2.25 - a + a * b * b;
            let t3 = 2.625 - a + a * b * b * b;
            Ok(vec![
                2.0 * t1 * (b - 1.0) + 2.0 * t2 * (b * b - 1.0) + 2.0 * t3 * (b * b * b - 1.0),
                2.0 * t1 * a + 2.0 * t2 * 2.0 * a * b + 2.0 * t3 * 3.0 * a * b * b,
            ])
        }
        "himmelblau" => {
            let [a, b] = two(function, x)?;
            let u = a * a + b - 11.0;
            let v = a + b * b - 7.0;
            Ok(vec![4.0 * a * u + 2.0 * v, 2.0 * u + 4.0 * b * v])
        }
        "saddle" => {
            let [a, b] = two(function, x)?;
            Ok(vec![2.0 * a, -2.0 * b + 0.4 * b * b * b])
        }
        other => Err(format!("unknown function {other:?}")),
    }
}

fn two(function: &str, x: &[f64]) -> Result<[f64; 2], String> {
    match x {
        [a, b] => Ok([*a, *b]),
        _ => Err(format!("{function} takes 2 coordinates, got {}", x.len())),
    }
}

// ---------------------------------------------------------------- optimizers

fn hyper_value(v: &Value) -> Result<HyperValue, String> {
    match v {
        Value::Bool(b) => Ok(HyperValue::Bool(*b)),
        Value::Number(n) => Ok(HyperValue::Number(n.as_f64().unwrap())),
        Value::Array(items) => match numbers(v)?.as_slice() {
            [a, b] => Ok(HyperValue::Pair(*a, *b)),
            _ => Err(format!(
                "a list hyperparameter must have 2 numbers, got {}",
                items.len()
            )),
        },
        other => Err(format!("unsupported hyperparameter value {other}")),
    }
}

fn optimizer_case(case: &Value) -> Result<(), String> {
    let name = text(case, "optimizer")?;
    let kind =
        OptimizerKind::from_name(name).ok_or_else(|| format!("unknown optimizer {name:?}"))?;
    let mut config = OptimizerConfig::default_for(kind);
    let hyper = field(case, "hyperparameters")?
        .as_object()
        .ok_or("hyperparameters is not an object")?;
    for (key, value) in hyper {
        config
            .set(key, hyper_value(value)?)
            .map_err(|e| e.to_string())?;
    }
    let function = text(case, "function")?;
    let mut x = numbers(field(case, "x0")?)?;
    let steps = field(case, "steps")?
        .as_u64()
        .ok_or("steps is not a count")? as usize;
    let trajectory = field(case, "trajectory")?
        .as_array()
        .ok_or("trajectory is not a list")?;
    if trajectory.len() != steps {
        return Err(format!(
            "trajectory has {} points for {steps} steps",
            trajectory.len()
        ));
    }
    let mut opt = config.build(x.len()).map_err(|e| e.to_string())?;
    for (k, expected) in trajectory.iter().enumerate() {
        let g = gradient(function, &x)?;
        opt.step(&mut x, &g);
        let expected = numbers(expected)?;
        if expected.len() != x.len() {
            return Err(format!(
                "step {}: point has {} coordinates",
                k + 1,
                expected.len()
            ));
        }
        for (i, (a, e)) in x.iter().zip(&expected).enumerate() {
            if !close(*a, *e) {
                return Err(format!(
                    "step {}, x[{i}]: got {a:.17e}, torch {e:.17e}",
                    k + 1
                ));
            }
        }
    }
    Ok(())
}

// ---------------------------------------------------------------- schedules

fn schedule_arg(v: &Value) -> Result<ArgValue, String> {
    match v {
        Value::Number(n) => Ok(ArgValue::Number(n.as_f64().unwrap())),
        Value::Array(_) => Ok(ArgValue::List(numbers(v)?)),
        other => Err(format!("unsupported scheduler argument {other}")),
    }
}

fn scheduler_case(case: &Value) -> Result<(), String> {
    let name = text(case, "scheduler")?;
    let arguments = field(case, "arguments")?
        .as_object()
        .ok_or("arguments is not an object")?;
    let mut args = Vec::new();
    for (key, value) in arguments {
        args.push((key.as_str(), schedule_arg(value)?));
    }
    let schedule = Schedule::from_name_and_args(name, &args).map_err(|e| e.to_string())?;
    let base_lr = field(case, "base_lr")?
        .as_f64()
        .ok_or("base_lr is not a number")?;
    for (k, expected) in numbers(field(case, "lrs")?)?.iter().enumerate() {
        let actual = schedule.lr_at(base_lr, k);
        if !close(actual, *expected) {
            return Err(format!(
                "step {k}: got {actual:.17e}, torch {expected:.17e}"
            ));
        }
    }
    Ok(())
}

// ---------------------------------------------------------------- networks

fn mlp_case(case: &Value) -> Result<(), String> {
    let sizes: Vec<usize> = numbers(field(case, "sizes")?)?
        .iter()
        .map(|&s| s as usize)
        .collect();
    let activation = text(case, "hidden_activation")?;
    let hidden_activation = Activation::from_name(activation)
        .ok_or_else(|| format!("unknown activation {activation:?}"))?;
    let loss_name = text(case, "loss")?;
    let loss = Loss::from_name(loss_name).ok_or_else(|| format!("unknown loss {loss_name:?}"))?;
    let l2 = match case.get("l2_on_weights") {
        None => 0.0,
        Some(v) => v.as_f64().ok_or("l2_on_weights is not a number")?,
    };
    let spec = MlpSpec {
        hidden_activation,
        l2,
        ..MlpSpec::new(&sizes, loss)
    };
    let flatten = |key: &str| -> Result<Vec<f64>, String> {
        let mut flat = Vec::new();
        for block in field(case, key)?
            .as_array()
            .ok_or_else(|| format!("{key} is not a list"))?
        {
            flat.extend(numbers(block)?);
        }
        Ok(flat)
    };
    let params = flatten("parameters")?;
    let expected_grad = flatten("gradients")?;
    let mut net = Mlp::from_params(spec.clone(), params).map_err(|e| e.to_string())?;

    let mut inputs = Vec::new();
    for row in field(case, "inputs")?
        .as_array()
        .ok_or("inputs is not a list")?
    {
        let row = numbers(row)?;
        if row.len() != spec.inputs() {
            return Err(format!(
                "an input has {} values, the network {}",
                row.len(),
                spec.inputs()
            ));
        }
        inputs.extend(row);
    }
    let mut targets = Vec::new();
    for t in field(case, "targets")?
        .as_array()
        .ok_or("targets is not a list")?
    {
        match t {
            Value::Number(n) => targets.push(n.as_f64().unwrap()),
            Value::Array(_) => targets.extend(numbers(t)?),
            other => return Err(format!("unsupported target {other}")),
        }
    }
    let n = inputs.len() / spec.inputs();
    if targets.len() != n * spec.target_width() {
        return Err(format!(
            "{} target values for {n} inputs of width {}",
            targets.len(),
            spec.target_width()
        ));
    }
    if expected_grad.len() != net.param_count() {
        return Err(format!(
            "{} gradient values for {} parameters",
            expected_grad.len(),
            net.param_count()
        ));
    }
    let rows: Vec<usize> = (0..n).collect();
    let mut grad = vec![0.0; net.param_count()];
    let objective = net.loss_and_grad(&inputs, &targets, &rows, &mut grad, &mut Rng::new(0));
    let expected_loss = field(case, "loss_value")?
        .as_f64()
        .ok_or("loss_value is not a number")?;
    if !close(objective.total(), expected_loss) {
        return Err(format!(
            "loss: got {:.17e}, torch {expected_loss:.17e}",
            objective.total()
        ));
    }
    for (i, (a, e)) in grad.iter().zip(&expected_grad).enumerate() {
        if !close(*a, *e) {
            return Err(format!(
                "gradient of parameter {i} ({:?}): got {a:.17e}, torch {e:.17e}",
                spec.describe(i)
            ));
        }
    }
    Ok(())
}

// ---------------------------------------------------------------- the replay

type CaseFn = fn(&Value) -> Result<(), String>;

const SECTIONS: [(&str, CaseFn); 3] = [
    ("optimizer_cases", optimizer_case),
    ("scheduler_cases", scheduler_case),
    ("mlp_cases", mlp_case),
];

/// A plain `main` (the test has `harness = false`) so that the summary line is always printed.
fn main() {
    let (mut passed, mut failures) = (0usize, Vec::new());
    for path in reference_files() {
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let root: Value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()));
        for (section, run) in SECTIONS {
            let Some(cases) = root.get(section) else {
                continue;
            };
            let Some(cases) = cases.as_array() else {
                failures.push(format!("{}: {section} is not a list", path.display()));
                continue;
            };
            for (i, case) in cases.iter().enumerate() {
                let name = case
                    .get("name")
                    .and_then(Value::as_str)
                    .map_or_else(|| format!("#{i}"), str::to_string);
                match run(case) {
                    Ok(()) => passed += 1,
                    Err(why) => failures.push(format!("{section} {name}: {why}")),
                }
            }
        }
    }
    for failure in &failures {
        println!("FAILED {failure}");
    }
    println!("torch parity: {passed} passed, {} failed", failures.len());
    if !failures.is_empty() || passed == 0 {
        std::process::exit(1);
    }
}
