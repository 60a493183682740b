//! AdamW: Adam with decoupled weight decay, run by Adam's state (`adam.rs`).

use super::adam::{Adam, AdamConfig, AMSGRAD, BIAS_CORRECTION};
use super::{ConfigError, Describe, Hyper, ParamSpec, Slot, StepScale};

/// Hyperparameters of [`Adam`] run as `torch.optim.AdamW`: Adam with decoupled weight decay.
///
/// ```text
/// θ ← θ·(1 − γλ)          (weight_decay λ, default: 1e-2)
/// then Adam's step, with no L2 term on the gradient
/// ```
///
/// The same optimizer as an [`AdamConfig`] with `decoupled_weight_decay = true`
/// ([`AdamWConfig::to_adam`]); only the default `weight_decay` differs. Paper: Loshchilov &
/// Hutter (2019), "Decoupled Weight Decay Regularization".
#[derive(Clone, Debug, PartialEq)]
pub struct AdamWConfig {
    /// Learning rate `γ` (default: 1e-3).
    pub lr: f64,
    /// Decays `(β₁, β₂)` of the first and second moment averages (default: (0.9, 0.999)).
    pub betas: (f64, f64),
    /// `ε`, added after the square root (default: 1e-8).
    pub eps: f64,
    /// Decoupled weight decay `λ`: `θ ← θ·(1 − γλ)` each step (default: 1e-2).
    pub weight_decay: f64,
    /// Divide by the running maximum of `v` (AMSGrad) (default: false).
    pub amsgrad: bool,
    /// Ascend instead of descend (default: false).
    pub maximize: bool,
    /// Teaching switch, not in torch: `false` drops the `1/(1 − βᵗ)` factors (default: true).
    pub bias_correction: bool,
}

impl Default for AdamWConfig {
    /// Adam's defaults but `weight_decay = 1e-2`.
    fn default() -> Self {
        let a = AdamConfig::default();
        Self {
            lr: a.lr,
            betas: a.betas,
            eps: a.eps,
            weight_decay: 1e-2,
            amsgrad: a.amsgrad,
            maximize: a.maximize,
            bias_correction: a.bias_correction,
        }
    }
}

impl AdamWConfig {
    /// The same optimizer as an [`AdamConfig`] with `decoupled_weight_decay = true`.
    pub fn to_adam(&self) -> AdamConfig {
        AdamConfig {
            lr: self.lr,
            betas: self.betas,
            eps: self.eps,
            weight_decay: self.weight_decay,
            decoupled_weight_decay: true,
            amsgrad: self.amsgrad,
            maximize: self.maximize,
            bias_correction: self.bias_correction,
        }
    }
}

impl Describe for AdamWConfig {
    const NAME: &'static str = "adamw";
    const LABEL: &'static str = "AdamW";
    const PAPER: &'static str =
        "Loshchilov & Hutter (2019), \"Decoupled Weight Decay Regularization\"";
    const PARAMS: &'static [ParamSpec] = &[
        ParamSpec::LR,
        ParamSpec::BETAS,
        ParamSpec::EPS,
        ParamSpec::number(
            "weight_decay",
            "decoupled weight decay: shrink the weights by lr*weight_decay each step",
            (1e-5, 1.0, true),
        ),
        AMSGRAD,
        ParamSpec::MAXIMIZE,
        BIAS_CORRECTION,
    ];
    const STEP: StepScale = StepScale::Normalized;
    // The page's own lanes start here: a rate that trains the default classifier briskly.
    const CLASSIFIER_LR: Option<f64> = Some(1e-2);

    type State = Adam;

    /// Same rules as [`AdamConfig`]'s, reported as `adamw`.
    fn validate(&self) -> Result<(), ConfigError> {
        self.to_adam().validate_as(Self::NAME)
    }

    /// Validates and allocates the moment buffers for `n_params` parameters.
    fn build(self, n_params: usize) -> Result<Adam, ConfigError> {
        self.validate()?;
        Ok(Adam::new(self.to_adam(), n_params))
    }

    /// Adam's, with the decay line whenever `weight_decay > 0`.
    fn rule(&self) -> Vec<String> {
        self.to_adam().rule()
    }

    fn caption(&self) -> &'static str {
        self.to_adam().caption()
    }

    fn corrected_moments(&self, t: u64, state: &dyn Fn(&str) -> Option<f64>) -> Option<(f64, f64)> {
        self.to_adam().corrected_moments(t, state)
    }
}

impl Hyper for AdamWConfig {
    fn slots(&mut self) -> impl IntoIterator<Item = (&'static str, Slot<'_>)> {
        [
            ("lr", Slot::Number(&mut self.lr)),
            ("betas", Slot::Pair(&mut self.betas)),
            ("eps", Slot::Number(&mut self.eps)),
            ("weight_decay", Slot::Number(&mut self.weight_decay)),
            ("amsgrad", Slot::Bool(&mut self.amsgrad)),
            ("maximize", Slot::Bool(&mut self.maximize)),
            ("bias_correction", Slot::Bool(&mut self.bias_correction)),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::optim::testing::{assert_golden, assert_maximize_mirrors, Function};

    #[test]
    fn maximize_flips_direction() {
        assert_maximize_mirrors(|maximize| {
            AdamWConfig {
                maximize,
                ..Default::default()
            }
            .build(2)
            .unwrap()
        });
    }

    #[test]
    fn validation_messages() {
        let err = AdamWConfig {
            eps: -1.0,
            ..Default::default()
        }
        .validate()
        .unwrap_err();
        assert_eq!(err.to_string(), "adamw: invalid eps = -1: must be >= 0");
    }

    /// Golden case `adamw-quadratic` of `torch_reference.json`.
    #[test]
    fn torch_golden_quadratic() {
        let opt = AdamWConfig {
            lr: 0.05,
            weight_decay: 0.1,
            ..Default::default()
        };
        assert_golden(
            opt.build(2).unwrap(),
            Function::Quadratic,
            &[2.0, 1.0],
            60,
            &[1.94000000025, 0.94500000002],
            &[-0.045372699604867686, 0.025464373523368004],
        );
    }
}
