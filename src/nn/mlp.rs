//! The multilayer perceptron: forward and backward passes by hand over one flat parameter
//! vector, so every optimizer steps the whole network at once.
//!
//! Layer `l` maps `a_{l-1}` (the inputs for `l = 0`) to `u_l = W_l a_{l-1} + b_l`. A hidden
//! layer then applies batch normalisation when asked (`z = γ (u - μ) / √(σ² + ε) + β`, Ioffe
//! and Szegedy 2015; otherwise `z = u`), the activation `a = f(z)` and, in training, inverted
//! dropout (`a ← a · m / (1 - p)` with `m ~ Bernoulli(1 - p)`, Srivastava et al. 2014). The last
//! layer applies the output activation and the loss. Backprop is the chain rule run backwards
//! through the same steps (Rumelhart, Hinton and Williams, 1986).
//!
//! This file holds the network and its training pass; the evaluation-mode passes are in
//! `inference.rs`, the `f32` heatmap pass in `pixels.rs`, the shape and parameter layout in
//! `spec.rs`.

use super::kernels::{add_outer_products, add_rows, affine, back_through_weights, transpose};
use super::spec::{error, Layout, MlpSpec, NnError};
use crate::rng::Rng;

/// Batch normalisation's `ε` and running-average momentum (torch's defaults).
pub const BN_EPS: f64 = 1e-5;
pub const BN_MOMENTUM: f64 = 0.1;

/// The parts of the training objective.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Objective {
    /// Mean loss over the mini-batch.
    pub data_loss: f64,
    /// L1 and L2 penalties.
    pub penalty: f64,
}

impl Objective {
    pub fn total(&self) -> f64 {
        self.data_loss + self.penalty
    }
}

/// Per-layer buffers of a training pass, batch-major (`[example * units + unit]`).
#[derive(Clone, Debug, Default)]
struct LayerScratch {
    /// Pre-activation (after batch norm when there is one).
    z: Vec<f64>,
    /// Output after activation (and dropout).
    a: Vec<f64>,
    /// Normalised `x̂` of batch norm.
    xhat: Vec<f64>,
    /// Dropout multipliers: 0 or `1 / (1 - p)`.
    mask: Vec<f64>,
    /// Batch norm's `1 / √(σ² + ε)` per unit.
    inv_std: Vec<f64>,
}

/// Buffers kept from pass to pass, so a step allocates nothing once they have grown. The training
/// pass's own stay private; the others are shared with `inference.rs` and `pixels.rs`.
#[derive(Clone, Debug, Default)]
pub(super) struct Scratch {
    pub(super) input: Vec<f64>,
    layers: Vec<LayerScratch>,
    /// Gradient flowing back, ping-pong between two buffers.
    delta: Vec<f64>,
    delta_prev: Vec<f64>,
    dy: Vec<f64>,
    /// One example's activations in evaluation passes.
    pub(super) row: Vec<f64>,
    pub(super) row_next: Vec<f64>,
    /// A block of examples' activations in batched evaluation passes.
    pub(super) block: Vec<f64>,
    pub(super) block_next: Vec<f64>,
    /// One layer's weights transposed (`[from][to]`), so a layer's outputs grow by one input's
    /// contribution at a time, two units per instruction.
    pub(super) wt: Vec<f64>,
    /// [`Mlp::pixel_probabilities`]: `f32` weights with batch norm folded in, activations of a
    /// block of rows four to a vector (`[quad][unit][lane]`), one row's outputs.
    pub(super) pixel_params: Vec<f32>,
    pub(super) pixel_a: Vec<f32>,
    pub(super) pixel_b: Vec<f32>,
    pub(super) pixel_y: Vec<f64>,
}

/// A network with its parameters, batch-norm running statistics and scratch space.
#[derive(Clone, Debug)]
pub struct Mlp {
    // Visible to the rest of `nn`: the evaluation passes live in their own files.
    pub(super) spec: MlpSpec,
    pub(super) layout: Vec<Layout>,
    pub(super) params: Vec<f64>,
    pub(super) running_mean: Vec<Vec<f64>>,
    pub(super) running_var: Vec<Vec<f64>>,
    pub(super) scratch: Scratch,
}

impl Mlp {
    /// A network initialised by `spec.init` from `rng` (weights layer by layer, row-major).
    pub fn new(spec: MlpSpec, rng: &mut Rng) -> Result<Mlp, NnError> {
        spec.validate()?;
        let mut params = vec![0.0; spec.param_count()];
        for l in spec.layout() {
            for w in &mut params[l.w..l.b] {
                *w = spec.init.draw(l.ins, l.outs, rng);
            }
            if let Some(g) = l.bn {
                params[g..g + l.outs].fill(1.0);
            }
        }
        Mlp::from_params(spec, params)
    }

    /// A network with the given parameters (torch's layout, see the module docs).
    pub fn from_params(spec: MlpSpec, params: Vec<f64>) -> Result<Mlp, NnError> {
        spec.validate()?;
        let expected = spec.param_count();
        if params.len() != expected {
            return Err(error(format!(
                "{} parameters given, the network has {expected}",
                params.len()
            )));
        }
        let layout = spec.layout();
        let running_mean = layout.iter().map(|l| vec![0.0; l.outs]).collect();
        let running_var = layout.iter().map(|l| vec![1.0; l.outs]).collect();
        let width = spec.sizes.iter().copied().max().unwrap_or(1);
        let scratch = Scratch {
            layers: vec![LayerScratch::default(); layout.len()],
            row: vec![0.0; width],
            row_next: vec![0.0; width],
            dy: vec![0.0; spec.outputs()],
            ..Scratch::default()
        };
        Ok(Mlp {
            spec,
            layout,
            params,
            running_mean,
            running_var,
            scratch,
        })
    }

    pub fn spec(&self) -> &MlpSpec {
        &self.spec
    }

    pub fn params(&self) -> &[f64] {
        &self.params
    }

    pub fn params_mut(&mut self) -> &mut [f64] {
        &mut self.params
    }

    pub fn param_count(&self) -> usize {
        self.params.len()
    }

    /// Classes told apart: 2 for one output, else one per output.
    pub fn classes(&self) -> usize {
        self.spec.classes()
    }

    /// Hidden and output units, the neurons of [`Mlp::neuron_outputs`].
    pub fn neuron_count(&self) -> usize {
        self.spec.sizes[1..].iter().sum()
    }

    /// The penalties and their gradient added to `grad`.
    fn penalties(&self, grad: &mut [f64]) -> f64 {
        let (l1, l2) = (self.spec.l1, self.spec.l2);
        if l1 == 0.0 && l2 == 0.0 {
            return 0.0;
        }
        let mut penalty = 0.0;
        for l in &self.layout {
            for (g, &w) in grad[l.w..l.b].iter_mut().zip(&self.params[l.w..l.b]) {
                penalty += l1 * w.abs() + 0.5 * l2 * w * w;
                // sign(0) = 0, as torch's subgradient of |w|.
                let sign = if w > 0.0 {
                    1.0
                } else if w < 0.0 {
                    -1.0
                } else {
                    0.0
                };
                *g += l1 * sign + l2 * w;
            }
        }
        penalty
    }

    /// A training pass on `rows` of the data set given as flat `inputs` (`n × inputs()`) and
    /// `targets` (`n × target_width()`): writes the gradient of the whole objective (data loss
    /// and penalties) into `grad` and returns the objective. Batch norm uses the batch's
    /// statistics and updates its running ones; dropout draws its masks from `rng`. No heap
    /// allocation once the scratch buffers have grown to the batch size.
    #[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
    pub fn loss_and_grad(
        &mut self,
        inputs: &[f64],
        targets: &[f64],
        rows: &[usize],
        grad: &mut [f64],
        rng: &mut Rng,
    ) -> Objective {
        assert_eq!(grad.len(), self.params.len(), "gradient length");
        let (n_in, tw) = (self.spec.inputs(), self.spec.target_width());
        let batch = rows.len();
        grad.fill(0.0);
        if batch == 0 {
            let penalty = self.penalties(grad);
            return Objective {
                data_loss: f64::NAN,
                penalty,
            };
        }
        let last = self.layout.len() - 1;
        let s = &mut self.scratch;
        s.input.resize(batch * n_in, 0.0);
        for (b, &r) in rows.iter().enumerate() {
            // Value by value: a copy of two numbers would be a call out of WebAssembly.
            for k in 0..n_in {
                s.input[b * n_in + k] = inputs[r * n_in + k];
            }
        }
        // Room for the widest layer's gradient, so the two buffers can swap roles freely.
        let room = batch * self.spec.sizes.iter().copied().max().unwrap_or(1);
        for buffer in [&mut s.delta, &mut s.delta_prev] {
            if buffer.len() < room {
                buffer.resize(room, 0.0);
            }
        }

        // Forward.
        for (l, lay) in self.layout.iter().enumerate() {
            let (prev_layers, rest) = s.layers.split_at_mut(l);
            let cur = &mut rest[0];
            let x: &[f64] = if l == 0 {
                &s.input
            } else {
                &prev_layers[l - 1].a
            };
            let (ins, outs) = (lay.ins, lay.outs);
            cur.z.resize(batch * outs, 0.0);
            cur.a.resize(batch * outs, 0.0);
            let bias = &self.params[lay.b..lay.b + outs];
            transpose(&self.params[lay.w..lay.b], ins, outs, &mut s.wt);
            for b in 0..batch {
                // u = b + w_0 x_0 + w_1 x_1 + …, summed in that order for every unit.
                let zb = &mut cur.z[b * outs..(b + 1) * outs];
                affine(&s.wt[..ins * outs], bias, &x[b * ins..(b + 1) * ins], zb);
            }
            if let Some(g) = lay.bn {
                cur.xhat.resize(batch * outs, 0.0);
                cur.inv_std.resize(outs, 0.0);
                let n = batch as f64;
                for j in 0..outs {
                    let mean = (0..batch).map(|b| cur.z[b * outs + j]).sum::<f64>() / n;
                    let var = (0..batch)
                        .map(|b| (cur.z[b * outs + j] - mean).powi(2))
                        .sum::<f64>()
                        / n;
                    let inv = 1.0 / (var + BN_EPS).sqrt();
                    cur.inv_std[j] = inv;
                    let (gamma, beta) = (self.params[g + j], self.params[g + outs + j]);
                    for b in 0..batch {
                        let k = b * outs + j;
                        let xh = (cur.z[k] - mean) * inv;
                        cur.xhat[k] = xh;
                        cur.z[k] = gamma * xh + beta;
                    }
                    // torch keeps the unbiased variance; one example has none to offer.
                    let unbiased = if batch > 1 { var * n / (n - 1.0) } else { var };
                    self.running_mean[l][j] =
                        (1.0 - BN_MOMENTUM) * self.running_mean[l][j] + BN_MOMENTUM * mean;
                    self.running_var[l][j] =
                        (1.0 - BN_MOMENTUM) * self.running_var[l][j] + BN_MOMENTUM * unbiased;
                }
            }
            let f = lay.f;
            f.apply_to(&cur.z, &mut cur.a);
            if l < last && self.spec.dropout > 0.0 {
                let keep = 1.0 - self.spec.dropout;
                cur.mask.resize(batch * outs, 0.0);
                for k in 0..batch * outs {
                    let m = if rng.uniform() < keep {
                        1.0 / keep
                    } else {
                        0.0
                    };
                    cur.mask[k] = m;
                    cur.a[k] *= m;
                }
            }
        }

        // Loss and its gradient with respect to the outputs.
        let outs = self.spec.outputs();
        let loss = self.spec.loss;
        let out_f = self.spec.output_activation;
        let scale = 1.0 / batch as f64;
        let mut data_loss = 0.0;
        {
            let top = &s.layers[last];
            for (b, &r) in rows.iter().enumerate() {
                let y = &top.a[b * outs..(b + 1) * outs];
                let t = &targets[r * tw..(r + 1) * tw];
                data_loss += loss.value_and_gradient(y, t, &mut s.dy);
                for j in 0..outs {
                    let k = b * outs + j;
                    s.delta[k] = s.dy[j] * out_f.derivative(top.z[k], top.a[k]) * scale;
                }
            }
        }
        data_loss *= scale;

        // Backward: `delta` holds ∂objective/∂z of layer l.
        for l in (0..self.layout.len()).rev() {
            let lay = self.layout[l];
            let (ins, outs) = (lay.ins, lay.outs);
            let (prev_layers, rest) = s.layers.split_at_mut(l);
            let cur = &rest[0];
            if let Some(g) = lay.bn {
                // Through z = γ x̂ + β to u, the linear output.
                let n = batch as f64;
                for j in 0..outs {
                    let gamma = self.params[g + j];
                    let (mut dgamma, mut dbeta, mut sum_dx, mut sum_dx_xh) = (0.0, 0.0, 0.0, 0.0);
                    for b in 0..batch {
                        let k = b * outs + j;
                        let d = s.delta[k];
                        dgamma += d * cur.xhat[k];
                        dbeta += d;
                        let dxh = d * gamma;
                        sum_dx += dxh;
                        sum_dx_xh += dxh * cur.xhat[k];
                    }
                    grad[g + j] += dgamma;
                    grad[g + outs + j] += dbeta;
                    let inv = cur.inv_std[j];
                    for b in 0..batch {
                        let k = b * outs + j;
                        let dxh = s.delta[k] * gamma;
                        s.delta[k] = inv / n * (n * dxh - sum_dx - cur.xhat[k] * sum_dx_xh);
                    }
                }
            }
            let x: &[f64] = if l == 0 {
                &s.input
            } else {
                &prev_layers[l - 1].a
            };
            add_rows(&mut grad[lay.b..lay.b + outs], &s.delta[..batch * outs]);
            add_outer_products(
                &mut grad[lay.w..lay.b],
                &s.delta[..batch * outs],
                x,
                ins,
                outs,
            );
            if l == 0 {
                break;
            }
            // To the previous layer's pre-activation: through Wᵀ, dropout and f'.
            let prev = &prev_layers[l - 1];
            let w = &self.params[lay.w..lay.b];
            let f = self.spec.hidden_activation;
            let dropout = self.spec.dropout > 0.0;
            back_through_weights(
                w,
                &s.delta[..batch * outs],
                &mut s.delta_prev[..batch * ins],
                ins,
                outs,
            );
            let n = batch * ins;
            if dropout {
                for k in 0..n {
                    let (z, m) = (prev.z[k], prev.mask[k]);
                    // f' needs the activation before the mask.
                    let a = if m > 0.0 { prev.a[k] / m } else { f.apply(z) };
                    s.delta_prev[k] = s.delta_prev[k] * m * f.derivative(z, a);
                }
            } else {
                f.scale_by_derivative(&prev.z[..n], &prev.a[..n], &mut s.delta_prev[..n]);
            }
            std::mem::swap(&mut s.delta, &mut s.delta_prev);
        }

        let penalty = self.penalties(grad);
        Objective { data_loss, penalty }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::{Init, Loss};

    fn spec(sizes: &[usize], loss: Loss) -> MlpSpec {
        MlpSpec::new(sizes, loss)
    }

    #[test]
    fn initialisation_leaves_biases_at_zero_and_gammas_at_one() {
        let mut s = spec(&[2, 4, 1], Loss::BceWithLogits);
        s.batch_norm = true;
        let net = Mlp::new(s.clone(), &mut Rng::new(1)).unwrap();
        let p = net.params();
        assert!(p[..8].iter().all(|&w| w != 0.0));
        assert!(p[8..12].iter().all(|&b| b == 0.0));
        assert!(p[12..16].iter().all(|&g| g == 1.0));
        assert!(p[16..20].iter().all(|&b| b == 0.0));
        s.init = Init::Zeros;
        assert!(Mlp::new(s, &mut Rng::new(1)).unwrap().params()[..8]
            .iter()
            .all(|&w| w == 0.0));
    }

    #[test]
    fn from_params_wants_every_parameter() {
        assert_eq!(
            Mlp::from_params(spec(&[2, 1], Loss::BceWithLogits), vec![0.0; 2])
                .unwrap_err()
                .to_string(),
            "network: 2 parameters given, the network has 3"
        );
    }

    #[test]
    fn a_small_network_learns_xor_by_gradient_descent() {
        let inputs = [0.0, 0.0, 0.0, 1.0, 1.0, 0.0, 1.0, 1.0];
        let targets = [0.0, 1.0, 1.0, 0.0];
        let labels = [0, 1, 1, 0];
        let rows = [0, 1, 2, 3];
        let mut net = Mlp::new(spec(&[2, 8, 1], Loss::BceWithLogits), &mut Rng::new(2)).unwrap();
        let mut grad = vec![0.0; net.param_count()];
        let mut rng = Rng::new(0);
        for _ in 0..3000 {
            net.loss_and_grad(&inputs, &targets, &rows, &mut grad, &mut rng);
            for (p, g) in net.params_mut().iter_mut().zip(&grad) {
                *p -= 0.5 * g;
            }
        }
        let e = net.evaluate(&inputs, &targets, &labels, &rows);
        assert_eq!(e.accuracy, 1.0);
        assert!(e.loss < 0.05, "{}", e.loss);
        // The same evaluation, counting: every row on the diagonal of its true class.
        let mut confusion = [9; 4];
        assert_eq!(
            net.evaluate_counting(&inputs, &targets, &labels, &rows, &mut confusion),
            e
        );
        assert_eq!(confusion, [2, 0, 0, 2]);
    }

    #[test]
    fn empty_batches_give_nan_not_a_panic() {
        let mut net = Mlp::new(spec(&[2, 3, 1], Loss::BceWithLogits), &mut Rng::new(2)).unwrap();
        let mut grad = vec![0.0; net.param_count()];
        let o = net.loss_and_grad(&[], &[], &[], &mut grad, &mut Rng::new(0));
        assert!(o.data_loss.is_nan());
        assert!(net.evaluate(&[], &[], &[], &[]).loss.is_nan());
    }

    #[test]
    fn scratch_space_does_not_grow_after_the_first_step() {
        let mut net = Mlp::new(spec(&[2, 8, 8, 1], Loss::BceWithLogits), &mut Rng::new(2)).unwrap();
        let inputs: Vec<f64> = (0..40).map(|i| (i as f64 * 0.37).sin()).collect();
        let targets: Vec<f64> = (0..20).map(|i| (i % 2) as f64).collect();
        let rows: Vec<usize> = (0..10).collect();
        let mut grad = vec![0.0; net.param_count()];
        let mut rng = Rng::new(0);
        net.loss_and_grad(&inputs, &targets, &rows, &mut grad, &mut rng);
        let capacity = |n: &Mlp| {
            n.scratch.delta.capacity()
                + n.scratch.delta_prev.capacity()
                + n.scratch
                    .layers
                    .iter()
                    .map(|l| l.z.capacity() + l.a.capacity())
                    .sum::<usize>()
        };
        let before = capacity(&net);
        for _ in 0..5 {
            net.loss_and_grad(&inputs, &targets, &rows, &mut grad, &mut rng);
        }
        assert_eq!(capacity(&net), before);
    }
}
