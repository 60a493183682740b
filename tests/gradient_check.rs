//! Backprop checked against central finite differences: every activation (hidden and, with
//! squared error, output), every loss, L1 and L2, batch normalisation and dropout.
//!
//! For each parameter `p`, `(J(p + h) - J(p - h)) / 2h` must match the analytic gradient to a
//! relative error of 1e-5 (absolute floor 1e-7). Dropout draws the same masks for every
//! evaluation by re-seeding its generator, so the objective is a fixed function of the weights.

use optimizer_playground::nn::{Activation, Init, Loss, Mlp, MlpSpec};
use optimizer_playground::rng::Rng;

const H: f64 = 1e-6;

struct Case {
    name: String,
    spec: MlpSpec,
}

fn spec(sizes: &[usize], hidden: Activation, output: Activation, loss: Loss) -> MlpSpec {
    MlpSpec {
        hidden_activation: hidden,
        output_activation: output,
        init: Init::XavierNormal,
        ..MlpSpec::new(sizes, loss)
    }
}

/// A small data set: 6 points in the plane (or, for a wider input, 6 rows of made-up features)
/// with targets fitting the loss.
fn data(spec: &MlpSpec) -> (Vec<f64>, Vec<f64>) {
    let inputs = if spec.inputs() == 2 {
        vec![
            0.3, -1.2, -0.8, 0.5, 1.5, 0.9, -0.4, -0.6, 0.7, 0.2, -1.1, 1.3,
        ]
    } else {
        (0..6 * spec.inputs())
            .map(|i| ((i as f64) * 0.37).sin() * 1.3)
            .collect()
    };
    let outputs = spec.outputs();
    let targets = match spec.loss {
        Loss::BceWithLogits => vec![1.0, 0.0, 1.0, 0.0, 0.0, 1.0],
        Loss::SoftmaxCrossEntropy => (0..6).map(|i| (i % outputs) as f64).collect(),
        Loss::Mse => (0..6 * outputs)
            .map(|i| ((i as f64) * 0.77).sin() * 0.8)
            .collect(),
    };
    (inputs, targets)
}

fn objective(net: &mut Mlp, inputs: &[f64], targets: &[f64], rows: &[usize]) -> f64 {
    let mut grad = vec![0.0; net.param_count()];
    net.loss_and_grad(inputs, targets, rows, &mut grad, &mut Rng::new(99))
        .total()
}

fn check(case: &Case) -> Result<(), String> {
    let mut net = Mlp::new(case.spec.clone(), &mut Rng::new(5)).map_err(|e| e.to_string())?;
    // Move batch-norm scales and shifts and the biases off their initial 1 and 0, so their
    // gradients are exercised in general position.
    let mut rng = Rng::new(11);
    for p in net.params_mut().iter_mut() {
        *p += 0.1 * rng.normal();
    }
    let (inputs, targets) = data(&case.spec);
    let rows = [0, 1, 2, 3, 4, 5];
    let mut grad = vec![0.0; net.param_count()];
    net.loss_and_grad(&inputs, &targets, &rows, &mut grad, &mut Rng::new(99));
    for (i, &analytic) in grad.iter().enumerate() {
        let p = net.params()[i];
        net.params_mut()[i] = p + H;
        let up = objective(&mut net, &inputs, &targets, &rows);
        net.params_mut()[i] = p - H;
        let down = objective(&mut net, &inputs, &targets, &rows);
        net.params_mut()[i] = p;
        let numeric = (up - down) / (2.0 * H);
        let error = (numeric - analytic).abs();
        if error > 1e-7 && error > 1e-5 * numeric.abs().max(analytic.abs()) {
            return Err(format!(
                "{}: parameter {i} ({}): backprop {:.10e}, finite differences {numeric:.10e}",
                case.name,
                case.spec.describe(i),
                analytic
            ));
        }
    }
    Ok(())
}

fn run(cases: Vec<Case>) {
    let failures: Vec<String> = cases.iter().filter_map(|c| check(c).err()).collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn every_hidden_activation_with_every_loss() {
    let mut cases = Vec::new();
    for hidden in Activation::ALL {
        for (loss, outputs) in [
            (Loss::BceWithLogits, 1),
            (Loss::SoftmaxCrossEntropy, 3),
            (Loss::Mse, 2),
        ] {
            cases.push(Case {
                name: format!("{} + {}", hidden.name(), loss.name()),
                spec: spec(&[2, 5, 4, outputs], hidden, Activation::Linear, loss),
            });
        }
    }
    run(cases);
}

#[test]
fn every_output_activation_under_squared_error() {
    let cases = Activation::ALL
        .into_iter()
        .map(|output| Case {
            name: format!("output {}", output.name()),
            spec: spec(&[2, 4, 2], Activation::Tanh, output, Loss::Mse),
        })
        .collect();
    run(cases);
}

#[test]
fn l1_and_l2_penalties() {
    let mut cases = Vec::new();
    for (l1, l2) in [(0.01, 0.0), (0.0, 0.05), (0.02, 0.03)] {
        let mut s = spec(
            &[2, 6, 1],
            Activation::Tanh,
            Activation::Linear,
            Loss::BceWithLogits,
        );
        s.l1 = l1;
        s.l2 = l2;
        cases.push(Case {
            name: format!("l1 {l1} l2 {l2}"),
            spec: s,
        });
    }
    run(cases);
}

#[test]
fn batch_normalisation() {
    let mut cases = Vec::new();
    for (hidden, loss, outputs) in [
        (Activation::Tanh, Loss::BceWithLogits, 1),
        (Activation::Relu, Loss::SoftmaxCrossEntropy, 3),
        (Activation::Elu, Loss::Mse, 2),
    ] {
        let mut s = spec(&[2, 5, 4, 3, outputs], hidden, Activation::Linear, loss);
        s.batch_norm = true;
        cases.push(Case {
            name: format!("batch norm, {} + {}", hidden.name(), loss.name()),
            spec: s,
        });
    }
    run(cases);
}

#[test]
fn dropout_with_fixed_masks() {
    let mut cases = Vec::new();
    for batch_norm in [false, true] {
        let mut s = spec(
            &[2, 8, 6, 1],
            Activation::Sigmoid,
            Activation::Linear,
            Loss::BceWithLogits,
        );
        s.dropout = 0.3;
        s.batch_norm = batch_norm;
        s.l2 = 0.01;
        cases.push(Case {
            name: format!("dropout 0.3, batch norm {batch_norm}"),
            spec: s,
        });
    }
    run(cases);
}

/// The digits' network (64 pixels, two hidden layers of 20, ten classes), as ConvNetJS's
/// trainer comparison sets it up.
#[test]
fn a_digits_sized_network() {
    let mut cases = Vec::new();
    for hidden in [Activation::Relu, Activation::Tanh] {
        cases.push(Case {
            name: format!("64-20-20-10 {hidden:?} softmax"),
            spec: spec(
                &[64, 20, 20, 10],
                hidden,
                Activation::Linear,
                Loss::SoftmaxCrossEntropy,
            ),
        });
    }
    run(cases);
}
