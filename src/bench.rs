//! The benchmark workloads (`make bench`), driven through the engine's public API exactly as a
//! race drives it: [`Mlp::loss_and_grad`], [`Optimizer::step`], [`Batcher`] and
//! [`Mlp::pixel_probabilities`] (the page's heatmap call). The native runner
//! (`src/bin/bench.rs`) and the Wasm exports (`src/web/bench.rs`) both call these, so the two
//! builds run the same code.
//!
//! - W1: TensorFlow Playground's set-up: the two-class spiral (500 points, noise 0), a
//!   2 → 8 → 8 → 1 tanh network with squared loss on a tanh output, mini-batches of 10, plain SGD
//!   (lr 0.03) or Adam (lr 0.01). Figure: training examples per second.
//! - H1: class probabilities of the same network over a 100 × 100 grid, in `f32` as the page
//!   draws them. Figure: grids per second.
//! - W2: lanes of 2 → 32 → 32 → 32 → 32 → 1 on 2,000 points. Figure: steps per second per lane.
//! - W3: ConvNetJS's trainer comparison on the handwritten digits: the training part of the
//!   fixed split (1,346 images, pixels / 16), 64 → 20 → 20 → 10 with ReLU, softmax
//!   cross-entropy and L2 0.001, mini-batches of 8, SGD with momentum 0.9 (lr 0.01) or Adam
//!   (lr 0.001). Figure: training examples per second.

use crate::data::digits::{Digits, Scaling, PIXELS};
use crate::data::{Batcher, Dataset, DatasetKind};
use crate::nn::{Activation, Init, Loss, Mlp, MlpSpec};
use crate::optim::{HyperValue, Optimizer, OptimizerConfig, OptimizerKind};
use crate::rng::Rng;
use crate::view::heatmap::{grid_inputs, ViewBox};

/// The seed of every workload's data, weights and batch order.
pub const SEED: u64 = 42;

/// The W1 data: 500 spiral points (flat `x, y` pairs) and their classes.
pub fn w1_data() -> Dataset {
    Dataset::generate(DatasetKind::Spiral, 500, 0.0, &mut Rng::new(SEED))
}

/// A network of the given sizes with TensorFlow Playground's loss: squared error on a tanh
/// output, targets ±1.
pub fn playground_network(sizes: &[usize]) -> MlpSpec {
    MlpSpec {
        output_activation: Activation::Tanh,
        init: Init::XavierUniform,
        ..MlpSpec::new(sizes, Loss::Mse)
    }
}

/// One training set-up: a network, an optimizer, the data and its batch order.
pub struct Trainer {
    net: Mlp,
    optimizer: Optimizer,
    batcher: Batcher,
    inputs: Vec<f64>,
    targets: Vec<f64>,
    grads: Vec<f64>,
    rng: Rng,
}

impl Trainer {
    /// `optimizer` is `sgd` or `adam` (any registry name works) at learning rate `lr`.
    pub fn new(
        data: &Dataset,
        sizes: &[usize],
        optimizer: &str,
        lr: f64,
        batch: usize,
    ) -> Result<Trainer, String> {
        let optimizer = (optimizer, &[("lr", HyperValue::Number(lr))][..]);
        let spec = playground_network(sizes);
        Trainer::with_spec(spec, &data.inputs, &data.labels, optimizer, batch)
    }

    /// W3: the digits' training part through [`w3_network`], `momentum` or `adam`.
    pub fn digits(digits: &Digits, optimizer: &str) -> Result<Trainer, String> {
        let (inputs, labels) = w3_examples(digits);
        let setting: (&str, &[(&str, HyperValue)]) = match optimizer {
            "momentum" => (
                "sgd",
                &[
                    ("lr", HyperValue::Number(0.01)),
                    ("momentum", HyperValue::Number(0.9)),
                ],
            ),
            "adam" => ("adam", &[("lr", HyperValue::Number(0.001))]),
            other => return Err(format!("W3 has no optimizer {other}")),
        };
        Trainer::with_spec(w3_network(), &inputs, &labels, setting, 8)
    }

    /// A network of `spec` on flat `inputs` (`inputs()` values a row) with their `labels`,
    /// trained by the registry's optimizer of that name with the hyperparameters given.
    pub fn with_spec(
        spec: MlpSpec,
        inputs: &[f64],
        labels: &[usize],
        (optimizer, settings): (&str, &[(&str, HyperValue)]),
        batch: usize,
    ) -> Result<Trainer, String> {
        let net = Mlp::new(spec.clone(), &mut Rng::fork(SEED, 1)).map_err(|e| e.to_string())?;
        let kind = OptimizerKind::from_name(optimizer)
            .ok_or_else(|| format!("unknown optimizer {optimizer}"))?;
        let mut config = OptimizerConfig::default_for(kind);
        for &(name, value) in settings {
            config.set(name, value).map_err(|e| e.to_string())?;
        }
        let optimizer = config.build(net.param_count()).map_err(|e| e.to_string())?;
        let targets = crate::race::targets_for(&spec, labels);
        Ok(Trainer {
            grads: vec![0.0; net.param_count()],
            net,
            optimizer,
            batcher: Batcher::new(labels.len(), batch, SEED),
            inputs: inputs.to_vec(),
            targets,
            rng: Rng::fork(SEED, 3),
        })
    }

    /// Takes `steps` mini-batch steps; returns the examples trained on and the last loss.
    pub fn train(&mut self, steps: usize) -> (usize, f64) {
        let mut examples = 0;
        let mut loss = f64::NAN;
        for _ in 0..steps {
            let rows = self.batcher.next_batch();
            examples += rows.len();
            loss = self
                .net
                .loss_and_grad(
                    &self.inputs,
                    &self.targets,
                    rows,
                    &mut self.grads,
                    &mut self.rng,
                )
                .total();
            self.optimizer.step(self.net.params_mut(), &self.grads);
        }
        (examples, loss)
    }

    /// The network, for the grid workload.
    pub fn net_mut(&mut self) -> &mut Mlp {
        &mut self.net
    }
}

/// W3's network: ConvNetJS's trainer comparison, 64 → 20 → 20 → 10, ReLU, softmax
/// cross-entropy, L2 0.001.
pub fn w3_network() -> MlpSpec {
    MlpSpec {
        hidden_activation: Activation::Relu,
        init: Init::HeNormal,
        l2: 0.001,
        ..MlpSpec::new(&[PIXELS, 20, 20, 10], Loss::SoftmaxCrossEntropy)
    }
}

/// W3's examples: the training part of the digits' fixed split, pixels / 16, flat, and their
/// classes.
pub fn w3_examples(digits: &Digits) -> (Vec<f64>, Vec<usize>) {
    let (train, _) = digits.datasets(0.25, 1, Scaling::Unit);
    (train.inputs, train.labels)
}

/// The H1 workload's buffers: a 100 × 100 grid of inputs and its class probabilities.
pub struct Grid {
    inputs: Vec<f64>,
    out: Vec<f64>,
}

impl Grid {
    pub fn new(n: usize) -> Grid {
        let mut inputs = Vec::new();
        grid_inputs(
            ViewBox {
                min: -crate::data::BOX,
                max: crate::data::BOX,
            },
            n,
            &mut inputs,
        );
        Grid {
            out: vec![0.0; n * n * 2],
            inputs,
        }
    }

    /// One pass over the grid; returns a checksum so the work cannot be optimised away.
    pub fn pass(&mut self, net: &mut Mlp) -> f64 {
        net.pixel_probabilities(&self.inputs, &mut self.out);
        self.out.iter().step_by(97).sum()
    }
}

/// Floating-point operations a scalar core does in `iters` rounds of eight independent
/// multiply-adds (16 operations), and a checksum. Timing it gives the scalar ceiling the
/// engine's FLOP/s are compared with.
pub fn ceiling(iters: usize) -> (f64, f64) {
    let mut acc = [1.0f64, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7];
    let (m, a) = (0.999_999_9, 1e-9);
    for _ in 0..iters {
        for x in &mut acc {
            *x = *x * m + a;
        }
    }
    (16.0 * iters as f64, acc.iter().sum())
}

/// Floating-point operations of one training example through `sizes` (forward about two per
/// weight, backward about four), not counting activations.
pub fn flops_per_example(sizes: &[usize]) -> f64 {
    let weights: usize = sizes.windows(2).map(|w| w[0] * w[1]).sum();
    6.0 * weights as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn w1_trains_and_h1_covers_the_grid() {
        let data = w1_data();
        assert_eq!(data.len(), 500);
        let mut t = Trainer::new(&data, &[2, 8, 8, 1], "sgd", 0.03, 10).unwrap();
        let (examples, first) = t.train(1);
        assert_eq!(examples, 10);
        let (_, later) = t.train(2000);
        assert!(later.is_finite() && first.is_finite());
        let mut g = Grid::new(100);
        assert!(g.pass(t.net_mut()).is_finite());
        assert_eq!(flops_per_example(&[2, 8, 8, 1]), 6.0 * 88.0);
        let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/www/data/digits.bin"));
        let digits = Digits::decode(&bytes.unwrap()).unwrap();
        for optimizer in ["momentum", "adam"] {
            let mut t = Trainer::digits(&digits, optimizer).unwrap();
            let (examples, first) = t.train(1);
            let (_, later) = t.train(500);
            assert_eq!(examples, 8);
            assert!(later < first, "W3 {optimizer}: {first} then {later}");
        }
        assert!(Trainer::digits(&digits, "lion").is_err());
        let (flops, sum) = ceiling(1000);
        assert_eq!(flops, 16_000.0);
        assert!(sum > 0.0);
    }
}
