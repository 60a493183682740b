//! The multilayer perceptron: forward and backward passes by hand over one flat parameter
//! vector, so every optimizer steps the whole network at once.
//!
//! Layer `l` maps `a_{l-1}` (the inputs for `l = 0`) to `u_l = W_l a_{l-1} + b_l`. A hidden
//! layer then applies batch normalisation when asked (`z = γ (u - μ) / √(σ² + ε) + β`, Ioffe
//! and Szegedy 2015; otherwise `z = u`), the activation `a = f(z)` and, in training, inverted
//! dropout (`a ← a · m / (1 - p)` with `m ~ Bernoulli(1 - p)`, Srivastava et al. 2014). The last
//! layer applies the output activation and the loss. Backprop is the chain rule run backwards
//! through the same steps (Rumelhart, Hinton and Williams, 1986).

use std::fmt;

use super::activation::{sigmoid, Activation};
use super::init::Init;
use super::kernels::{add_outer_products, add_rows, affine, back_through_weights, transpose};
use super::loss::Loss;
use crate::rng::Rng;
use crate::simd::{tanh4, F32x4};

/// Most hidden layers a network may have.
pub const MAX_HIDDEN_LAYERS: usize = 6;
/// Most units a hidden layer may have.
pub const MAX_UNITS: usize = 32;
/// Batch normalisation's `ε` and running-average momentum (torch's defaults).
pub const BN_EPS: f64 = 1e-5;
pub const BN_MOMENTUM: f64 = 0.1;

/// The shape and training options of a network.
#[derive(Clone, Debug, PartialEq)]
pub struct MlpSpec {
    /// Units per layer: inputs, hidden layers, outputs (e.g. `[2, 8, 8, 1]`).
    pub sizes: Vec<usize>,
    pub hidden_activation: Activation,
    /// Applied to the last layer before the loss. Cross-entropy losses take logits, so it must
    /// be [`Activation::Linear`] for them; `Tanh` with [`Loss::Mse`] is TensorFlow Playground.
    pub output_activation: Activation,
    pub loss: Loss,
    pub init: Init,
    /// L1 penalty `l1 · Σ|W|` over weight matrices only (not biases, not batch norm).
    pub l1: f64,
    /// L2 penalty `½ · l2 · Σ W²` over weight matrices only.
    pub l2: f64,
    /// Dropout probability on hidden-layer outputs during training, in `[0, 1)`.
    pub dropout: f64,
    /// Batch normalisation on every hidden layer, between the linear map and the activation.
    pub batch_norm: bool,
}

/// Why a network specification or parameter vector was refused; the message names the field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NnError(pub String);

impl fmt::Display for NnError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for NnError {}

fn error(message: String) -> NnError {
    NnError(format!("network: {message}"))
}

/// What one entry of the flat parameter vector is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamRole {
    /// `W_layer[to][from]`; `last` when the layer is the output layer.
    Weight {
        layer: usize,
        to: usize,
        from: usize,
        last: bool,
    },
    Bias {
        layer: usize,
        unit: usize,
        last: bool,
    },
    /// Batch normalisation's scale `γ`.
    Gamma { layer: usize, unit: usize },
    /// Batch normalisation's shift `β`.
    Beta { layer: usize, unit: usize },
}

fn unit_name(column: usize, unit: usize, last: bool) -> String {
    if column == 0 {
        format!("input x{}", unit + 1)
    } else if last {
        format!("output {}", unit + 1)
    } else {
        format!("unit {} of hidden layer {column}", unit + 1)
    }
}

impl fmt::Display for ParamRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            ParamRole::Weight {
                layer,
                to,
                from,
                last,
            } => write!(
                f,
                "weight from {} to {}",
                unit_name(layer, from, false),
                unit_name(layer + 1, to, last)
            ),
            ParamRole::Bias { layer, unit, last } => {
                write!(f, "bias of {}", unit_name(layer + 1, unit, last))
            }
            ParamRole::Gamma { layer, unit } => write!(
                f,
                "batch-norm scale γ of {}",
                unit_name(layer + 1, unit, false)
            ),
            ParamRole::Beta { layer, unit } => write!(
                f,
                "batch-norm shift β of {}",
                unit_name(layer + 1, unit, false)
            ),
        }
    }
}

/// Where a layer's parameters sit in the flat vector.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Layout {
    ins: usize,
    outs: usize,
    w: usize,
    b: usize,
    /// Offset of `γ` (then `β` right after), for a batch-normalised hidden layer.
    bn: Option<usize>,
    /// The activation after the layer: the hidden one, or the output one for the last layer.
    f: Activation,
}

impl MlpSpec {
    /// A network of the given layer sizes and loss with the usual defaults: tanh hidden units,
    /// a linear output, Xavier/Glorot uniform weights, no penalties, no dropout, no batch norm.
    pub fn new(sizes: &[usize], loss: Loss) -> MlpSpec {
        MlpSpec {
            sizes: sizes.to_vec(),
            hidden_activation: Activation::Tanh,
            output_activation: Activation::Linear,
            loss,
            init: Init::XavierUniform,
            l1: 0.0,
            l2: 0.0,
            dropout: 0.0,
            batch_norm: false,
        }
    }

    /// Classes told apart: 2 for one output, else one per output.
    pub fn classes(&self) -> usize {
        self.outputs().max(2)
    }

    /// Checks the limits: at most [`MAX_HIDDEN_LAYERS`] hidden layers of 1 to [`MAX_UNITS`]
    /// units, outputs fit for the loss, penalties and dropout in range.
    pub fn validate(&self) -> Result<(), NnError> {
        if self.sizes.len() < 2 {
            return Err(error("needs an input and an output layer".into()));
        }
        if self.inputs() == 0 {
            return Err(error("invalid inputs = 0: must be at least 1".into()));
        }
        let hidden = &self.sizes[1..self.sizes.len() - 1];
        if hidden.len() > MAX_HIDDEN_LAYERS {
            return Err(error(format!(
                "at most {MAX_HIDDEN_LAYERS} hidden layers, got {}",
                hidden.len()
            )));
        }
        for (l, &units) in hidden.iter().enumerate() {
            if !(1..=MAX_UNITS).contains(&units) {
                return Err(error(format!(
                    "invalid units of hidden layer {} = {units}: must be from 1 to {MAX_UNITS}",
                    l + 1
                )));
            }
        }
        let outputs = self.outputs();
        if !(1..=MAX_UNITS).contains(&outputs) {
            return Err(error(format!(
                "invalid outputs = {outputs}: must be from 1 to {MAX_UNITS}"
            )));
        }
        match self.loss {
            Loss::BceWithLogits if outputs != 1 => {
                return Err(error(format!(
                    "binary cross-entropy needs 1 output, got {outputs}"
                )))
            }
            Loss::SoftmaxCrossEntropy if outputs < 2 => {
                return Err(error(format!(
                    "softmax cross-entropy needs at least 2 outputs, got {outputs}"
                )))
            }
            _ => {}
        }
        if self.loss != Loss::Mse && self.output_activation != Activation::Linear {
            return Err(error(format!(
                "{} works on logits: the output activation must be linear, got {}",
                self.loss.name(),
                self.output_activation.name()
            )));
        }
        for (name, v) in [("l1", self.l1), ("l2", self.l2)] {
            if !(v.is_finite() && v >= 0.0) {
                return Err(error(format!(
                    "invalid {name} = {v}: must be a finite number >= 0"
                )));
            }
        }
        if !(0.0..1.0).contains(&self.dropout) {
            return Err(error(format!(
                "invalid dropout = {}: must be in [0, 1)",
                self.dropout
            )));
        }
        Ok(())
    }

    pub fn inputs(&self) -> usize {
        self.sizes.first().copied().unwrap_or(0)
    }

    pub fn outputs(&self) -> usize {
        self.sizes.last().copied().unwrap_or(0)
    }

    /// Values per example in a target vector.
    pub fn target_width(&self) -> usize {
        self.loss.target_width(self.outputs())
    }

    /// Number of linear layers.
    fn layers(&self) -> usize {
        self.sizes.len().saturating_sub(1)
    }

    fn layout(&self) -> Vec<Layout> {
        let mut offset = 0;
        let last = self.layers().saturating_sub(1);
        (0..self.layers())
            .map(|l| {
                let (ins, outs) = (self.sizes[l], self.sizes[l + 1]);
                let w = offset;
                let b = w + ins * outs;
                offset = b + outs;
                let bn = (self.batch_norm && l < last).then(|| {
                    let g = offset;
                    offset += 2 * outs;
                    g
                });
                let f = if l == last {
                    self.output_activation
                } else {
                    self.hidden_activation
                };
                Layout {
                    ins,
                    outs,
                    w,
                    b,
                    bn,
                    f,
                }
            })
            .collect()
    }

    /// Length of the flat parameter vector.
    pub fn param_count(&self) -> usize {
        self.layout().last().map_or(0, |l| match l.bn {
            Some(g) => g + 2 * l.outs,
            None => l.b + l.outs,
        })
    }

    /// Index of `W_layer[to][from]` (layer 0 is the first linear map).
    pub fn weight_index(&self, layer: usize, to: usize, from: usize) -> usize {
        let l = self.layout()[layer];
        l.w + to * l.ins + from
    }

    /// Index of `b_layer[unit]`.
    pub fn bias_index(&self, layer: usize, unit: usize) -> usize {
        self.layout()[layer].b + unit
    }

    /// What parameter `index` is.
    pub fn describe(&self, index: usize) -> ParamRole {
        let layout = self.layout();
        let last = layout.len() - 1;
        for (layer, l) in layout.iter().enumerate() {
            let is_last = layer == last;
            if index < l.b {
                let k = index - l.w;
                return ParamRole::Weight {
                    layer,
                    to: k / l.ins,
                    from: k % l.ins,
                    last: is_last,
                };
            }
            if index < l.b + l.outs {
                return ParamRole::Bias {
                    layer,
                    unit: index - l.b,
                    last: is_last,
                };
            }
            if let Some(g) = l.bn {
                if index < g + l.outs {
                    return ParamRole::Gamma {
                        layer,
                        unit: index - g,
                    };
                }
                if index < g + 2 * l.outs {
                    return ParamRole::Beta {
                        layer,
                        unit: index - g - l.outs,
                    };
                }
            }
        }
        panic!("parameter {index} is past the end of the network")
    }
}

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

/// Loss and accuracy in evaluation mode.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Evaluation {
    pub loss: f64,
    pub accuracy: f64,
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

#[derive(Clone, Debug, Default)]
struct Scratch {
    input: Vec<f64>,
    layers: Vec<LayerScratch>,
    /// Gradient flowing back, ping-pong between two buffers.
    delta: Vec<f64>,
    delta_prev: Vec<f64>,
    dy: Vec<f64>,
    /// One example's activations in evaluation passes.
    row: Vec<f64>,
    row_next: Vec<f64>,
    /// A block of examples' activations in batched evaluation passes.
    block: Vec<f64>,
    block_next: Vec<f64>,
    /// One layer's weights transposed (`[from][to]`), so a layer's outputs grow by one input's
    /// contribution at a time, two units per instruction.
    wt: Vec<f64>,
    /// [`Mlp::pixel_probabilities`]: `f32` weights with batch norm folded in, activations of a
    /// block of rows four to a vector (`[quad][unit][lane]`), one row's outputs.
    pixel_params: Vec<f32>,
    pixel_a: Vec<f32>,
    pixel_b: Vec<f32>,
    pixel_y: Vec<f64>,
}

/// Rows evaluated together by [`Mlp::forward_block`]: enough to amortise the per-layer set-up,
/// small enough to stay in cache.
const BLOCK: usize = 64;

/// A network with its parameters, batch-norm running statistics and scratch space.
#[derive(Clone, Debug)]
pub struct Mlp {
    spec: MlpSpec,
    layout: Vec<Layout>,
    params: Vec<f64>,
    running_mean: Vec<Vec<f64>>,
    running_var: Vec<Vec<f64>>,
    scratch: Scratch,
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

    /// Evaluation-mode forward pass of one example into `scratch.row` (first `outputs()`
    /// values); calls `visit(layer, units)` with each layer's output.
    fn forward_row(&mut self, x: &[f64], mut visit: impl FnMut(usize, &[f64])) {
        let s = &mut self.scratch;
        s.row[..x.len()].copy_from_slice(x);
        for (l, lay) in self.layout.iter().enumerate() {
            let (ins, outs) = (lay.ins, lay.outs);
            let f = lay.f;
            for j in 0..outs {
                let row = &self.params[lay.w + j * ins..lay.w + (j + 1) * ins];
                let mut u = self.params[lay.b + j];
                for (wi, xi) in row.iter().zip(&s.row[..ins]) {
                    u += wi * xi;
                }
                if let Some(g) = lay.bn {
                    let xh =
                        (u - self.running_mean[l][j]) / (self.running_var[l][j] + BN_EPS).sqrt();
                    u = self.params[g + j] * xh + self.params[g + outs + j];
                }
                s.row_next[j] = f.apply(u);
            }
            std::mem::swap(&mut s.row, &mut s.row_next);
            visit(l, &s.row[..outs]);
        }
    }

    /// Evaluation-mode forward pass of up to [`BLOCK`] rows at once, layer by layer; leaves the
    /// outputs in `scratch.block` (`rows × outputs`). Each unit's sum runs in the same order as
    /// [`Mlp::forward_row`], so results are identical, only the loop overhead is shared.
    #[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
    fn forward_block(&mut self, x: &[f64], rows: usize) {
        let s = &mut self.scratch;
        s.block.clear();
        s.block.extend_from_slice(&x[..rows * self.spec.inputs()]);
        for (l, lay) in self.layout.iter().enumerate() {
            let (ins, outs) = (lay.ins, lay.outs);
            let f = lay.f;
            s.block_next.resize(rows * outs, 0.0);
            let bias = &self.params[lay.b..lay.b + outs];
            transpose(&self.params[lay.w..lay.b], ins, outs, &mut s.wt);
            for r in 0..rows {
                let yr = &mut s.block_next[r * outs..(r + 1) * outs];
                affine(
                    &s.wt[..ins * outs],
                    bias,
                    &s.block[r * ins..(r + 1) * ins],
                    yr,
                );
                if let Some(g) = lay.bn {
                    for (j, y) in yr.iter_mut().enumerate() {
                        let xh = (*y - self.running_mean[l][j])
                            / (self.running_var[l][j] + BN_EPS).sqrt();
                        *y = self.params[g + j] * xh + self.params[g + outs + j];
                    }
                }
            }
            f.apply_in_place(&mut s.block_next[..rows * outs]);
            std::mem::swap(&mut s.block, &mut s.block_next);
        }
    }

    /// Writes one example's class probabilities (see [`Mlp::probabilities`]) into `out`.
    fn row_probabilities(&self, y: &[f64], out: &mut [f64]) {
        match self.spec.loss {
            Loss::BceWithLogits => {
                let p = sigmoid(y[0]);
                out[0] = 1.0 - p;
                out[1] = p;
            }
            Loss::SoftmaxCrossEntropy => {
                let lse = super::loss::log_sum_exp(y);
                for (o, &z) in out.iter_mut().zip(y) {
                    *o = (z - lse).exp();
                }
            }
            Loss::Mse => {
                let (lo, hi) = match self.spec.output_activation {
                    Activation::Tanh => (-1.0, 1.0),
                    _ => (0.0, 1.0),
                };
                let unit = |v: f64| ((v - lo) / (hi - lo)).clamp(0.0, 1.0);
                if y.len() == 1 {
                    let p = unit(y[0]);
                    out[0] = 1.0 - p;
                    out[1] = p;
                } else {
                    let mut sum = 0.0;
                    for (o, &v) in out.iter_mut().zip(y) {
                        *o = unit(v);
                        sum += *o;
                    }
                    let k = y.len() as f64;
                    for o in out.iter_mut() {
                        *o = if sum > 0.0 { *o / sum } else { 1.0 / k };
                    }
                }
            }
        }
    }

    /// Class probabilities in evaluation mode, [`Mlp::classes`] values per input row into `out`:
    /// binary cross-entropy `[1 - σ(z), σ(z)]`, softmax for K classes, and for squared error the
    /// outputs mapped to `[0, 1]` (from `[-1, 1]` for a tanh output) and normalised.
    pub fn probabilities(&mut self, inputs: &[f64], out: &mut [f64]) {
        let (n_in, k) = (self.spec.inputs(), self.classes());
        let n = inputs.len() / n_in;
        assert_eq!(out.len(), n * k, "probabilities: output length");
        let outs = self.spec.outputs();
        let mut start = 0;
        while start < n {
            let rows = BLOCK.min(n - start);
            self.forward_block(&inputs[start * n_in..], rows);
            for r in 0..rows {
                let row = start + r;
                self.row_probabilities(
                    &self.scratch.block[r * outs..(r + 1) * outs],
                    &mut out[row * k..(row + 1) * k],
                );
            }
            start += rows;
        }
    }

    /// [`Mlp::probabilities`] for pictures: the same evaluation-mode pass in `f32`, four rows per
    /// instruction, batch norm folded into the weights. The probabilities agree with the `f64`
    /// ones to about 1e-6, far below a heatmap's 256 shades, at about twice the speed.
    #[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
    pub fn pixel_probabilities(&mut self, inputs: &[f64], out: &mut [f64]) {
        const QUADS: usize = 16;
        let (n_in, k, outs) = (self.spec.inputs(), self.classes(), self.spec.outputs());
        let n = inputs.len() / n_in;
        assert_eq!(out.len(), n * k, "pixel_probabilities: output length");
        let mut params = std::mem::take(&mut self.scratch.pixel_params);
        let mut a = std::mem::take(&mut self.scratch.pixel_a);
        let mut next = std::mem::take(&mut self.scratch.pixel_b);
        let mut y = std::mem::take(&mut self.scratch.pixel_y);
        // Per layer: W (outs × ins) then b, each unit scaled by its batch norm.
        params.clear();
        for (l, lay) in self.layout.iter().enumerate() {
            let norm = |j: usize| match lay.bn {
                Some(g) => {
                    let scale = self.params[g + j] / (self.running_var[l][j] + BN_EPS).sqrt();
                    let shift = self.params[g + lay.outs + j] - scale * self.running_mean[l][j];
                    (scale, shift)
                }
                None => (1.0, 0.0),
            };
            for j in 0..lay.outs {
                let scale = norm(j).0;
                let row = &self.params[lay.w + j * lay.ins..lay.w + (j + 1) * lay.ins];
                params.extend(row.iter().map(|&w| (w * scale) as f32));
            }
            for j in 0..lay.outs {
                let (scale, shift) = norm(j);
                params.push((self.params[lay.b + j] * scale + shift) as f32);
            }
        }
        y.resize(outs, 0.0);
        let mut start = 0;
        while start < n {
            let rows = (4 * QUADS).min(n - start);
            let quads = rows.div_ceil(4);
            a.clear();
            a.resize(quads * n_in * 4, 0.0);
            for r in 0..rows {
                for i in 0..n_in {
                    a[((r / 4) * n_in + i) * 4 + r % 4] = inputs[(start + r) * n_in + i] as f32;
                }
            }
            let mut offset = 0;
            for lay in &self.layout {
                let (ins, louts) = (lay.ins, lay.outs);
                let w = &params[offset..offset + ins * louts];
                let bias = &params[offset + ins * louts..offset + (ins + 1) * louts];
                offset += (ins + 1) * louts;
                next.clear();
                next.resize(quads * louts * 4, 0.0);
                let (xs, _) = a.as_chunks::<4>();
                let (ys, _) = next.as_chunks_mut::<4>();
                for q in 0..quads {
                    let x = &xs[q * ins..(q + 1) * ins];
                    for j in 0..louts {
                        let mut acc = F32x4::splat(bias[j]);
                        for (&wji, xi) in w[j * ins..(j + 1) * ins].iter().zip(x) {
                            acc = acc.plus(F32x4::splat(wji).times(F32x4::load(xi)));
                        }
                        acc.store(&mut ys[q * louts + j]);
                    }
                }
                let f = lay.f;
                match f {
                    Activation::Tanh => {
                        for v in ys.iter_mut() {
                            tanh4(F32x4::load(v)).store(v);
                        }
                    }
                    Activation::Linear => {}
                    other => {
                        for v in next.iter_mut() {
                            *v = other.apply(f64::from(*v)) as f32;
                        }
                    }
                }
                std::mem::swap(&mut a, &mut next);
            }
            for r in 0..rows {
                for (j, v) in y.iter_mut().enumerate() {
                    *v = f64::from(a[((r / 4) * outs + j) * 4 + r % 4]);
                }
                let row = start + r;
                self.row_probabilities(&y, &mut out[row * k..(row + 1) * k]);
            }
            start += rows;
        }
        self.scratch.pixel_params = params;
        self.scratch.pixel_a = a;
        self.scratch.pixel_b = next;
        self.scratch.pixel_y = y;
    }

    /// The predicted class of an output vector.
    fn predict(&self, y: &[f64]) -> usize {
        match self.spec.loss {
            Loss::BceWithLogits => usize::from(y[0] > 0.0),
            Loss::SoftmaxCrossEntropy => argmax(y),
            Loss::Mse => {
                let mut p = [0.0; MAX_UNITS];
                let k = self.classes();
                self.row_probabilities(y, &mut p[..k]);
                argmax(&p[..k])
            }
        }
    }

    /// Evaluation mode (no dropout, running batch-norm statistics) over `rows`: mean data loss
    /// and the share of rows whose predicted class is their `labels` entry. NaN for no rows.
    pub fn evaluate(
        &mut self,
        inputs: &[f64],
        targets: &[f64],
        labels: &[usize],
        rows: &[usize],
    ) -> Evaluation {
        if rows.is_empty() {
            return Evaluation {
                loss: f64::NAN,
                accuracy: f64::NAN,
            };
        }
        let (n_in, tw, outs) = (
            self.spec.inputs(),
            self.spec.target_width(),
            self.spec.outputs(),
        );
        let (mut loss, mut correct) = (0.0, 0usize);
        // Rows are gathered a block at a time and evaluated together (same sums as row by row).
        // Taken out while `forward_block` reads it (it is scratch space of `self`).
        let mut gathered = std::mem::take(&mut self.scratch.input);
        for chunk in rows.chunks(BLOCK) {
            gathered.clear();
            for &r in chunk {
                gathered.extend_from_slice(&inputs[r * n_in..(r + 1) * n_in]);
            }
            self.forward_block(&gathered, chunk.len());
            for (k, &r) in chunk.iter().enumerate() {
                let y = &self.scratch.block[k * outs..(k + 1) * outs];
                loss += self.spec.loss.value(y, &targets[r * tw..(r + 1) * tw]);
                correct += usize::from(self.predict(y) == labels[r]);
            }
        }
        self.scratch.input = gathered;
        let n = rows.len() as f64;
        Evaluation {
            loss: loss / n,
            accuracy: correct as f64 / n,
        }
    }

    /// Evaluation-mode outputs of every neuron (hidden layers after their activation, then the
    /// output layer after the output activation) for each input row: `out[neuron * n + row]`,
    /// neurons numbered layer by layer.
    pub fn neuron_outputs(&mut self, inputs: &[f64], out: &mut [f64]) {
        let n_in = self.spec.inputs();
        let n = inputs.len() / n_in;
        assert_eq!(out.len(), n * self.neuron_count(), "neuron_outputs: length");
        let starts: Vec<usize> = self.spec.sizes[1..]
            .iter()
            .scan(0, |acc, &units| {
                let s = *acc;
                *acc += units;
                Some(s)
            })
            .collect();
        for r in 0..n {
            self.forward_row(&inputs[r * n_in..(r + 1) * n_in], |l, units| {
                for (j, &v) in units.iter().enumerate() {
                    out[(starts[l] + j) * n + r] = v;
                }
            });
        }
    }
}

fn argmax(v: &[f64]) -> usize {
    let mut best = 0;
    for (i, x) in v.iter().enumerate() {
        if *x > v[best] {
            best = i;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(sizes: &[usize], loss: Loss) -> MlpSpec {
        MlpSpec::new(sizes, loss)
    }

    #[test]
    fn validation_names_the_field_and_value() {
        let mut s = spec(&[2, 8, 1], Loss::BceWithLogits);
        s.dropout = 1.5;
        assert_eq!(
            s.validate().unwrap_err().to_string(),
            "network: invalid dropout = 1.5: must be in [0, 1)"
        );
        let s = spec(&[2, 40, 1], Loss::BceWithLogits);
        assert_eq!(
            s.validate().unwrap_err().to_string(),
            "network: invalid units of hidden layer 1 = 40: must be from 1 to 32"
        );
        let s = spec(&[2, 4, 4, 4, 4, 4, 4, 4, 1], Loss::BceWithLogits);
        assert_eq!(
            s.validate().unwrap_err().to_string(),
            "network: at most 6 hidden layers, got 7"
        );
        let s = spec(&[2, 4, 40], Loss::Mse);
        assert_eq!(
            s.validate().unwrap_err().to_string(),
            "network: invalid outputs = 40: must be from 1 to 32"
        );
        let s = spec(&[2, 4, 2], Loss::BceWithLogits);
        assert_eq!(
            s.validate().unwrap_err().to_string(),
            "network: binary cross-entropy needs 1 output, got 2"
        );
        let mut s = spec(&[2, 4, 3], Loss::SoftmaxCrossEntropy);
        s.output_activation = Activation::Tanh;
        assert_eq!(
            s.validate().unwrap_err().to_string(),
            "network: softmax_cross_entropy works on logits: the output activation must be linear, got tanh"
        );
        let mut s = spec(&[2, 4, 1], Loss::Mse);
        s.l2 = -1.0;
        assert_eq!(
            s.validate().unwrap_err().to_string(),
            "network: invalid l2 = -1: must be a finite number >= 0"
        );
        assert_eq!(
            Mlp::from_params(spec(&[2, 1], Loss::BceWithLogits), vec![0.0; 2])
                .unwrap_err()
                .to_string(),
            "network: 2 parameters given, the network has 3"
        );
    }

    #[test]
    fn layout_is_torchs_with_batch_norm_after_each_hidden_bias() {
        let mut s = spec(&[2, 3, 1], Loss::BceWithLogits);
        assert_eq!(s.param_count(), 2 * 3 + 3 + 3 + 1);
        assert_eq!(s.weight_index(1, 0, 2), 9 + 2);
        s.batch_norm = true;
        assert_eq!(s.param_count(), 2 * 3 + 3 + 6 + 3 + 1);
        assert_eq!(s.describe(9), ParamRole::Gamma { layer: 0, unit: 0 });
        assert_eq!(s.describe(14), ParamRole::Beta { layer: 0, unit: 2 });
        assert_eq!(s.weight_index(1, 0, 1), 16);
        assert_eq!(
            s.describe(16).to_string(),
            "weight from unit 2 of hidden layer 1 to output 1"
        );
        assert_eq!(
            s.describe(1).to_string(),
            "weight from input x2 to unit 1 of hidden layer 1"
        );
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
    fn probabilities_sum_to_one_and_match_evaluation() {
        for (sizes, loss, out_f) in [
            (vec![2, 5, 1], Loss::BceWithLogits, Activation::Linear),
            (vec![2, 5, 3], Loss::SoftmaxCrossEntropy, Activation::Linear),
            (vec![2, 5, 1], Loss::Mse, Activation::Tanh),
            (vec![2, 5, 3], Loss::Mse, Activation::Linear),
        ] {
            let mut s = spec(&sizes, loss);
            s.output_activation = out_f;
            let mut net = Mlp::new(s, &mut Rng::new(4)).unwrap();
            let inputs = [0.5, -1.0, 2.0, 0.3, -0.7, -0.7];
            let k = net.classes();
            let mut p = vec![0.0; 3 * k];
            net.probabilities(&inputs, &mut p);
            for row in p.chunks(k) {
                assert!((row.iter().sum::<f64>() - 1.0).abs() < 1e-12, "{row:?}");
            }
            let mut values = vec![0.0; 3 * net.neuron_count()];
            net.neuron_outputs(&inputs, &mut values);
            assert!(values.iter().all(|v| v.is_finite()));
        }
    }

    #[test]
    fn block_and_row_forward_passes_agree_exactly() {
        let mut s = spec(&[2, 7, 5, 3], Loss::SoftmaxCrossEntropy);
        s.batch_norm = true;
        let mut net = Mlp::new(s, &mut Rng::new(9)).unwrap();
        let inputs: Vec<f64> = (0..2 * 150)
            .map(|i| ((i * 37) as f64 * 0.01).sin() * 3.0)
            .collect();
        let mut batched = vec![0.0; 150 * 3];
        net.probabilities(&inputs, &mut batched);
        for r in 0..150 {
            net.forward_row(&inputs[2 * r..2 * r + 2], |_, _| {});
            let y = net.scratch.row[..3].to_vec();
            let mut p = [0.0; 3];
            net.row_probabilities(&y, &mut p);
            assert_eq!(&batched[3 * r..3 * r + 3], &p[..], "row {r}");
        }
    }

    #[test]
    fn pixel_probabilities_agree_with_the_exact_ones_to_a_millionth() {
        let inputs: Vec<f64> = (0..2 * 203)
            .map(|i| ((i * 37) as f64 * 0.01).sin() * 6.0)
            .collect();
        for (sizes, loss, hidden, out_f, bn) in [
            (
                vec![2, 8, 8, 1],
                Loss::Mse,
                Activation::Tanh,
                Activation::Tanh,
                false,
            ),
            (
                vec![2, 7, 5, 3],
                Loss::SoftmaxCrossEntropy,
                Activation::Tanh,
                Activation::Linear,
                true,
            ),
            (
                vec![2, 6, 1],
                Loss::BceWithLogits,
                Activation::Relu,
                Activation::Linear,
                false,
            ),
            (
                vec![2, 32, 1],
                Loss::BceWithLogits,
                Activation::Sigmoid,
                Activation::Linear,
                true,
            ),
        ] {
            let mut s = spec(&sizes, loss);
            s.hidden_activation = hidden;
            s.output_activation = out_f;
            s.batch_norm = bn;
            let mut net = Mlp::new(s, &mut Rng::new(5)).unwrap();
            // A few training passes, so batch norm's running statistics are not the defaults.
            let targets = vec![1.0; 203];
            let mut grad = vec![0.0; net.param_count()];
            for _ in 0..3 {
                net.loss_and_grad(
                    &inputs,
                    &targets,
                    &[0, 5, 9, 100],
                    &mut grad,
                    &mut Rng::new(1),
                );
            }
            let k = net.classes();
            let (mut exact, mut pixels) = (vec![0.0; 203 * k], vec![0.0; 203 * k]);
            net.probabilities(&inputs, &mut exact);
            net.pixel_probabilities(&inputs, &mut pixels);
            let worst = exact
                .iter()
                .zip(&pixels)
                .map(|(a, b)| (a - b).abs())
                .fold(0.0, f64::max);
            assert!(worst < 2e-6, "{sizes:?} {loss:?}: off by {worst}");
        }
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
