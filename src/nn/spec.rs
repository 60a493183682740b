//! What a network is before it has weights: its layer sizes and training options, the limits
//! they are checked against, and where every parameter sits in the flat vector.

use std::fmt;

use super::activation::Activation;
use super::init::Init;
use super::loss::Loss;

/// Most hidden layers a network may have.
pub const MAX_HIDDEN_LAYERS: usize = 6;
/// Most units a hidden layer may have.
pub const MAX_UNITS: usize = 32;

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

pub(super) fn error(message: String) -> NnError {
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
pub(super) struct Layout {
    pub(super) ins: usize,
    pub(super) outs: usize,
    pub(super) w: usize,
    pub(super) b: usize,
    /// Offset of `γ` (then `β` right after), for a batch-normalised hidden layer.
    pub(super) bn: Option<usize>,
    /// The activation after the layer: the hidden one, or the output one for the last layer.
    pub(super) f: Activation,
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
                    "invalid {name} = {}: must be a finite number >= 0",
                    crate::format::plain(v)
                )));
            }
        }
        if !(0.0..1.0).contains(&self.dropout) {
            return Err(error(format!(
                "invalid dropout = {}: must be in [0, 1)",
                crate::format::plain(self.dropout)
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

    pub(super) fn layout(&self) -> Vec<Layout> {
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
}
