//! ASGD: SGD with a decaying step and a running average of the iterates.

use super::error::{Check, ConfigError};
use super::notation::{mi, paren, row, ETA, G, GETS, MINUS, ONE, PLUS, W};
use super::params::SMALL;
use super::pieces::{ascent_sign, check_lengths, WeightDecay};
use super::{Describe, Hyper, Optim, ParamSpec, Slot, StepScale};

/// Hyperparameters of [`Asgd`], with torch's names and defaults.
#[derive(Clone, Debug, PartialEq)]
pub struct AsgdConfig {
    /// Learning rate `γ` (default: 1e-2).
    pub lr: f64,
    /// Decay term `λ` of the step size and of the weight shrinkage (default: 1e-4).
    pub lambd: f64,
    /// Power `α` of the step-size decay (default: 0.75).
    pub alpha: f64,
    /// Step `t₀` after which averaging starts (default: 1e6).
    pub t0: f64,
    /// L2 penalty `λ_wd` added to the gradient (default: 0).
    pub weight_decay: f64,
    /// Ascend instead of descend (default: false).
    pub maximize: bool,
}

impl Default for AsgdConfig {
    fn default() -> Self {
        Self {
            lr: 1e-2,
            lambd: 1e-4,
            alpha: 0.75,
            t0: 1e6,
            weight_decay: 0.0,
            maximize: false,
        }
    }
}

impl Describe for AsgdConfig {
    const NAME: &'static str = "asgd";
    const LABEL: &'static str = "ASGD";
    const PAPER: &'static str =
        "Polyak & Juditsky (1992), \"Acceleration of Stochastic Approximation by Averaging\"";
    const PARAMS: &'static [ParamSpec] = &[
        ParamSpec::LR,
        ParamSpec::number("lambd", "decay term", SMALL),
        ParamSpec::number("alpha", "power of the step-size decay", (0.0, 1.0, false)),
        ParamSpec::number("t0", "step at which averaging starts", (1.0, 1e6, true)),
        ParamSpec::WEIGHT_DECAY,
        ParamSpec::MAXIMIZE,
    ];
    const STEP: StepScale = StepScale::Gradient;
    const CLASSIFIER_LR: Option<f64> = None;

    type State = Asgd;

    /// Rejects negative or non-finite values (torch checks only `lr` and `weight_decay`).
    fn validate(&self) -> Result<(), ConfigError> {
        let c = Check(Self::NAME);
        c.non_negative("lr", self.lr)?;
        c.non_negative("lambd", self.lambd)?;
        c.non_negative("alpha", self.alpha)?;
        c.non_negative("t0", self.t0)?;
        c.non_negative("weight_decay", self.weight_decay)
    }

    /// Validates and allocates the averaged iterate for `n_params` parameters.
    fn build(self, n_params: usize) -> Result<Asgd, ConfigError> {
        self.validate()?;
        let mut opt = Asgd {
            weight_decay: WeightDecay::from_torch(self.weight_decay, false),
            ax: vec![0.0; n_params],
            eta: 0.0,
            mu: 1.0,
            t: 0,
            config: self,
        };
        opt.reset();
        Ok(opt)
    }

    /// A shrinking gradient step, and the running average `w̄` of the points.
    fn rule(&self) -> Vec<String> {
        let (avg, lambda) = (mi("w̄"), mi("λ"));
        let shrink = paren(&format!("{ONE}{MINUS}{lambda}{ETA}"));
        let towards = paren(&format!("{W}{MINUS}{avg}"));
        vec![
            row(&[W, GETS, W, &shrink, MINUS, ETA, G]),
            row(&[&avg, GETS, &avg, PLUS, &mi("μ"), &towards]),
        ]
    }

    fn caption(&self) -> &'static str {
        "plain gradient step, while an average of the points is kept"
    }
}

impl Hyper for AsgdConfig {
    fn slots(&mut self) -> impl IntoIterator<Item = (&'static str, Slot<'_>)> {
        [
            ("lr", Slot::Number(&mut self.lr)),
            ("lambd", Slot::Number(&mut self.lambd)),
            ("alpha", Slot::Number(&mut self.alpha)),
            ("t0", Slot::Number(&mut self.t0)),
            ("weight_decay", Slot::Number(&mut self.weight_decay)),
            ("maximize", Slot::Bool(&mut self.maximize)),
        ]
    }
}

/// Averaged SGD, as `torch.optim.ASGD`.
///
/// With `η` starting at `lr` and `μ` at 1:
///
/// ```text
/// g ← g + λ_wd·θ                          (weight_decay λ_wd ≠ 0)
/// θ ← θ·(1 − λ·η) − η·g
/// ā ← θ  if μ = 1,  else  ā ← ā + μ·(θ − ā)
/// η ← γ / (1 + λ·γ·t)^α
/// μ ← 1 / max(1, t − t₀)
/// ```
///
/// Defaults: `lr = 1e-2`, `lambd = 1e-4`, `alpha = 0.75`, `t0 = 1e6`, `weight_decay = 0`.
/// Paper: Polyak & Juditsky (1992), "Acceleration of Stochastic Approximation by Averaging".
///
/// The averaged iterate `ā` (torch's `ax`) is the method's answer, but torch never writes it
/// back into the parameters: the trajectory is that of the decaying-step SGD, and `ā` is read
/// from the state ([`Asgd::ax`]). With the default `t0 = 1e6` the average is just the current
/// point for any run a page can show.
#[derive(Clone, Debug)]
pub struct Asgd {
    config: AsgdConfig,
    weight_decay: WeightDecay,
    ax: Vec<f64>,
    eta: f64,
    mu: f64,
    t: u64,
}

impl Asgd {
    /// The averaged iterate `ā`.
    pub fn ax(&self) -> &[f64] {
        &self.ax
    }

    /// The step size `η` the next step uses.
    pub fn eta(&self) -> f64 {
        self.eta
    }

    /// The averaging weight `μ` the next step uses.
    pub fn mu(&self) -> f64 {
        self.mu
    }
}

impl Optim for Asgd {
    fn step(&mut self, params: &mut [f64], grads: &[f64]) {
        check_lengths(self.ax.len(), params, grads);
        self.t += 1;
        let c = &self.config;
        let (sign, lr, eta, mu, wd) = (
            ascent_sign(c.maximize),
            c.lr,
            self.eta,
            self.mu,
            self.weight_decay,
        );
        let shrink = 1.0 - c.lambd * eta;
        for ((p, &g), a) in params.iter_mut().zip(grads).zip(&mut self.ax) {
            let g = wd.apply(lr, p, sign * g);
            *p *= shrink;
            *p -= eta * g;
            *a = if mu == 1.0 { *p } else { *a + (*p - *a) * mu };
        }
        let t = self.t as f64;
        self.eta = lr / (1.0 + c.lambd * lr * t).powf(c.alpha);
        self.mu = 1.0 / (t - c.t0).max(1.0);
    }

    fn reset(&mut self) {
        self.ax.fill(0.0);
        self.eta = self.config.lr;
        self.mu = 1.0;
        self.t = 0;
    }

    fn state(&self) -> Vec<(&'static str, &[f64])> {
        vec![("ax", &self.ax[..])]
    }

    common_accessors!();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::optim::testing::{assert_golden, assert_maximize_mirrors, Function};

    #[test]
    fn first_steps_by_hand() {
        let mut opt = AsgdConfig {
            lr: 0.1,
            lambd: 0.5,
            alpha: 1.0,
            t0: 1.0,
            ..Default::default()
        }
        .build(1)
        .unwrap();
        let mut x = [1.0];
        opt.step(&mut x, &[1.0]); // x = 1·(1 − 0.05) − 0.1 = 0.85; ā = x
        assert!((x[0] - 0.85).abs() < 1e-15);
        assert_eq!(opt.ax(), &x);
        let eta = 0.1 / (1.0 + 0.5 * 0.1);
        assert!((opt.eta() - eta).abs() < 1e-16);
        assert_eq!(opt.mu(), 1.0); // 1/max(1, 1 − 1)
        opt.step(&mut x, &[1.0]);
        assert!((x[0] - (0.85 * (1.0 - 0.5 * eta) - eta)).abs() < 1e-15);
        assert_eq!(opt.mu(), 1.0); // t − t₀ = 1
        opt.step(&mut x, &[1.0]); // μ = 1: ā = x
        assert_eq!(opt.ax()[0], x[0]);
        assert_eq!(opt.mu(), 0.5); // t − t₀ = 2
        let x3 = x[0];
        opt.step(&mut x, &[1.0]); // now ā averages: ā = x₃ + 0.5·(x₄ − x₃)
        assert!((opt.ax()[0] - 0.5 * (x3 + x[0])).abs() < 1e-15);
    }

    #[test]
    fn maximize_flips_direction() {
        assert_maximize_mirrors(|maximize| {
            AsgdConfig {
                maximize,
                ..Default::default()
            }
            .build(2)
            .unwrap()
        });
    }

    #[test]
    fn validation_messages() {
        let err = AsgdConfig {
            t0: f64::NAN,
            ..Default::default()
        }
        .validate()
        .unwrap_err();
        assert_eq!(err.to_string(), "asgd: invalid t0 = NaN: must be finite");
    }

    /// Golden case `asgd-quadratic` of `torch_reference.json`.
    #[test]
    fn torch_golden_quadratic() {
        assert_golden(
            AsgdConfig::default().build(2).unwrap(),
            Function::Quadratic,
            &[2.0, 1.0],
            60,
            &[1.979998, 0.749999],
            &[1.0942616386665047, 3.1903125230314804e-08],
        );
    }
}
