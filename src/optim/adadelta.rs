//! Adadelta: RMSprop whose step is rescaled by a running RMS of past updates.

use super::error::{Check, ConfigError};
use super::notation::{
    average, frac, mi, row, sqrt, squared, weight_step, EPSILON, EQUALS, ETA, G, PLUS,
};
use super::params::UNIT;
use super::pieces::{ascent_sign, check_lengths, ema_sq, WeightDecay};
use super::{Describe, Hyper, Optim, ParamSpec, Slot, StepScale};

/// Hyperparameters of [`Adadelta`], with torch's names and defaults.
#[derive(Clone, Debug, PartialEq)]
pub struct AdadeltaConfig {
    /// Learning rate `γ`, a factor on the update (default: 1.0).
    pub lr: f64,
    /// Decay `ρ` of both running averages (default: 0.9).
    pub rho: f64,
    /// `ε`, inside both square roots (default: 1e-6).
    pub eps: f64,
    /// L2 penalty `λ` added to the gradient (default: 0).
    pub weight_decay: f64,
    /// Ascend instead of descend (default: false).
    pub maximize: bool,
}

impl Default for AdadeltaConfig {
    fn default() -> Self {
        Self {
            lr: 1.0,
            rho: 0.9,
            eps: 1e-6,
            weight_decay: 0.0,
            maximize: false,
        }
    }
}

impl Describe for AdadeltaConfig {
    const NAME: &'static str = "adadelta";
    const LABEL: &'static str = "Adadelta";
    const PAPER: &'static str = "Zeiler (2012), \"ADADELTA: An Adaptive Learning Rate Method\"";
    const PARAMS: &'static [ParamSpec] = &[
        ParamSpec::LR,
        ParamSpec::number("rho", "decay of both running averages", UNIT),
        ParamSpec::EPS,
        ParamSpec::WEIGHT_DECAY,
        ParamSpec::MAXIMIZE,
    ];
    const STEP: StepScale = StepScale::Unitless;
    const CLASSIFIER_LR: Option<f64> = None;

    type State = Adadelta;

    /// Rejects negative or non-finite values and `rho` outside `[0, 1]`, as torch does.
    fn validate(&self) -> Result<(), ConfigError> {
        let c = Check(Self::NAME);
        c.non_negative("lr", self.lr)?;
        c.unit_closed("rho", self.rho)?;
        c.non_negative("eps", self.eps)?;
        c.non_negative("weight_decay", self.weight_decay)
    }

    /// Validates and allocates both averages for `n_params` parameters.
    fn build(self, n_params: usize) -> Result<Adadelta, ConfigError> {
        self.validate()?;
        Ok(Adadelta {
            weight_decay: WeightDecay::from_torch(self.weight_decay, false),
            square_avg: vec![0.0; n_params],
            acc_delta: vec![0.0; n_params],
            t: 0,
            config: self,
        })
    }

    /// Both running averages, and the step `Δ` their roots' ratio makes of `g`.
    fn rule(&self) -> Vec<String> {
        let (v, u, delta, rho) = (mi("v"), mi("u"), mi("Δ"), mi("ρ"));
        let ratio = frac(
            &sqrt(&format!("{u}{PLUS}{EPSILON}")),
            &sqrt(&format!("{v}{PLUS}{EPSILON}")),
        );
        vec![
            average(&v, &rho, &squared(G)),
            row(&[&delta, EQUALS, &ratio, G]),
            average(&u, &rho, &squared(&delta)),
            weight_step(&[ETA, &delta]),
        ]
    }

    fn caption(&self) -> &'static str {
        "squared gradient averaged; \
         step scaled by the root of the average past squared steps over it"
    }
}

impl Hyper for AdadeltaConfig {
    fn slots(&mut self) -> impl IntoIterator<Item = (&'static str, Slot<'_>)> {
        [
            ("lr", Slot::Number(&mut self.lr)),
            ("rho", Slot::Number(&mut self.rho)),
            ("eps", Slot::Number(&mut self.eps)),
            ("weight_decay", Slot::Number(&mut self.weight_decay)),
            ("maximize", Slot::Bool(&mut self.maximize)),
        ]
    }
}

/// Adadelta, as `torch.optim.Adadelta`.
///
/// ```text
/// g ← g + λ·θ                                 (weight_decay λ ≠ 0)
/// v ← ρ·v + (1 − ρ)·g²
/// Δ ← √(u + ε) / √(v + ε) · g
/// u ← ρ·u + (1 − ρ)·Δ²
/// θ ← θ − γ·Δ
/// ```
///
/// Defaults: `lr = 1.0`, `rho = 0.9`, `eps = 1e-6`, `weight_decay = 0`. Paper: Zeiler (2012),
/// "ADADELTA: An Adaptive Learning Rate Method".
///
/// The paper has no learning rate (the ratio of RMS values carries the units); torch multiplies
/// the update by `lr`, so the paper's method is `lr = 1`. Here `ε` sits inside both roots, as in
/// the paper, unlike torch's Adagrad, RMSprop and Adam.
#[derive(Clone, Debug)]
pub struct Adadelta {
    config: AdadeltaConfig,
    weight_decay: WeightDecay,
    square_avg: Vec<f64>,
    acc_delta: Vec<f64>,
    t: u64,
}

impl Optim for Adadelta {
    fn step(&mut self, params: &mut [f64], grads: &[f64]) {
        check_lengths(self.square_avg.len(), params, grads);
        let c = &self.config;
        let (sign, lr, rho, eps, wd) = (
            ascent_sign(c.maximize),
            c.lr,
            c.rho,
            c.eps,
            self.weight_decay,
        );
        let buffers = self.square_avg.iter_mut().zip(&mut self.acc_delta);
        for ((p, &g), (v, u)) in params.iter_mut().zip(grads).zip(buffers) {
            let g = wd.apply(lr, p, sign * g);
            ema_sq(v, g, rho);
            let delta = (*u + eps).sqrt() / (*v + eps).sqrt() * g;
            ema_sq(u, delta, rho);
            *p -= lr * delta;
        }
        self.t += 1;
    }

    fn reset(&mut self) {
        self.square_avg.fill(0.0);
        self.acc_delta.fill(0.0);
        self.t = 0;
    }

    fn state(&self) -> Vec<(&'static str, &[f64])> {
        vec![
            ("square_avg", &self.square_avg[..]),
            ("acc_delta", &self.acc_delta[..]),
        ]
    }

    common_accessors!();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::optim::testing::{assert_golden, assert_maximize_mirrors, Function};

    #[test]
    fn first_step_by_hand() {
        let mut opt = AdadeltaConfig {
            rho: 0.5,
            eps: 1.0,
            ..Default::default()
        }
        .build(1)
        .unwrap();
        let mut x = [1.0];
        // v = 0.5·4 = 2; Δ = √1/√3·2; u = 0.5·Δ²
        opt.step(&mut x, &[2.0]);
        let delta = 2.0 / 3f64.sqrt();
        assert!((x[0] - (1.0 - delta)).abs() < 1e-15);
        assert!((opt.state()[1].1[0] - 0.5 * delta * delta).abs() < 1e-15);
    }

    #[test]
    fn maximize_flips_direction() {
        assert_maximize_mirrors(|maximize| {
            AdadeltaConfig {
                maximize,
                ..Default::default()
            }
            .build(2)
            .unwrap()
        });
    }

    #[test]
    fn validation_messages() {
        let err = AdadeltaConfig {
            rho: 1.5,
            ..Default::default()
        }
        .validate()
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "adadelta: invalid rho = 1.5: must be in [0, 1]"
        );
    }

    /// Golden case `adadelta-quadratic` of `torch_reference.json`.
    #[test]
    fn torch_golden_quadratic() {
        assert_golden(
            AdadeltaConfig::default().build(2).unwrap(),
            Function::Quadratic,
            &[2.0, 1.0],
            60,
            &[1.9968377262926713, 0.9968377223651298],
            &[1.7813513612197103, 0.7907512838049788],
        );
    }
}
