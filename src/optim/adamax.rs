//! Adamax: Adam with the infinity norm in place of the RMS.

use super::adam::{betas, bias};
use super::error::{Check, ConfigError};
use super::notation::{average, frac, mi, paren, row, weight_step, EPSILON, ETA, G, GETS, PLUS};
use super::pieces::{ascent_sign, bias_correction, check_lengths, ema, WeightDecay};
use super::{Describe, Hyper, Optim, ParamSpec, Slot, StepScale};

/// Hyperparameters of [`Adamax`], with torch's names and defaults.
#[derive(Clone, Debug, PartialEq)]
pub struct AdamaxConfig {
    /// Learning rate `γ` (default: 2e-3).
    pub lr: f64,
    /// Decays `(β₁, β₂)` of the first moment and of the infinity norm (default: (0.9, 0.999)).
    pub betas: (f64, f64),
    /// `ε`, added to `|g|` inside the maximum (default: 1e-8).
    pub eps: f64,
    /// L2 penalty `λ` added to the gradient (default: 0).
    pub weight_decay: f64,
    /// Ascend instead of descend (default: false).
    pub maximize: bool,
}

impl Default for AdamaxConfig {
    fn default() -> Self {
        Self {
            lr: 2e-3,
            betas: (0.9, 0.999),
            eps: 1e-8,
            weight_decay: 0.0,
            maximize: false,
        }
    }
}

impl Describe for AdamaxConfig {
    const NAME: &'static str = "adamax";
    const LABEL: &'static str = "Adamax";
    const PAPER: &'static str =
        "Kingma & Ba (2015), \"Adam: A Method for Stochastic Optimization\", section 7.1";
    const PARAMS: &'static [ParamSpec] = &[
        ParamSpec::LR,
        ParamSpec::BETAS,
        ParamSpec::EPS,
        ParamSpec::WEIGHT_DECAY,
        ParamSpec::MAXIMIZE,
    ];
    const STEP: StepScale = StepScale::Normalized;
    const CLASSIFIER_LR: Option<f64> = None;

    type State = Adamax;

    /// Rejects negative or non-finite values and betas outside `[0, 1)`, as torch does.
    fn validate(&self) -> Result<(), ConfigError> {
        let c = Check(Self::NAME);
        c.non_negative("lr", self.lr)?;
        c.betas(self.betas)?;
        c.non_negative("eps", self.eps)?;
        c.non_negative("weight_decay", self.weight_decay)
    }

    /// Validates and allocates the buffers for `n_params` parameters.
    fn build(self, n_params: usize) -> Result<Adamax, ConfigError> {
        self.validate()?;
        Ok(Adamax {
            weight_decay: WeightDecay::from_torch(self.weight_decay, false),
            exp_avg: vec![0.0; n_params],
            exp_inf: vec![0.0; n_params],
            t: 0,
            config: self,
        })
    }

    /// The first moment `m`, the decaying maximum `u` of `|g|`, and the step `m/u`.
    fn rule(&self) -> Vec<String> {
        let (m, u) = (mi("m"), mi("u"));
        let (b1, b2) = betas();
        let largest = paren(&format!(
            "{b2}{u}<mo>,</mo><mo>|</mo>{G}<mo>|</mo>{PLUS}{EPSILON}"
        ));
        vec![
            average(&m, &b1, G),
            row(&[&u, GETS, &mi("max"), &largest]),
            weight_step(&[&frac(ETA, &bias(&b1)), &frac(&m, &u)]),
        ]
    }

    fn caption(&self) -> &'static str {
        "first moment over the largest recent gradient size"
    }
}

impl Hyper for AdamaxConfig {
    fn slots(&mut self) -> impl IntoIterator<Item = (&'static str, Slot<'_>)> {
        [
            ("lr", Slot::Number(&mut self.lr)),
            ("betas", Slot::Pair(&mut self.betas)),
            ("eps", Slot::Number(&mut self.eps)),
            ("weight_decay", Slot::Number(&mut self.weight_decay)),
            ("maximize", Slot::Bool(&mut self.maximize)),
        ]
    }
}

/// Adamax, as `torch.optim.Adamax`.
///
/// ```text
/// g ← g + λ·θ                         (weight_decay λ ≠ 0)
/// m ← β₁·m + (1 − β₁)·g
/// u ← max(β₂·u, |g| + ε)
/// θ ← θ − (γ / (1 − β₁ᵗ)) · m / u
/// ```
///
/// Defaults: `lr = 2e-3`, `betas = (0.9, 0.999)`, `eps = 1e-8`, `weight_decay = 0`.
/// Paper: Kingma & Ba (2015), "Adam", §7.1.
///
/// The paper has `u ← max(β₂·u, |g|)` and no `ε`; torch adds `ε` to `|g|` inside the maximum,
/// which keeps `u > 0` even for a zero gradient. `u` needs no bias correction: a maximum is not
/// pulled towards its zero start the way an average is.
#[derive(Clone, Debug)]
pub struct Adamax {
    config: AdamaxConfig,
    weight_decay: WeightDecay,
    exp_avg: Vec<f64>,
    exp_inf: Vec<f64>,
    t: u64,
}

impl Optim for Adamax {
    fn step(&mut self, params: &mut [f64], grads: &[f64]) {
        check_lengths(self.exp_avg.len(), params, grads);
        self.t += 1;
        let c = &self.config;
        let (sign, lr, (beta1, beta2), eps) = (ascent_sign(c.maximize), c.lr, c.betas, c.eps);
        let clr = lr / bias_correction(beta1, self.t);
        let wd = self.weight_decay;
        let buffers = self.exp_avg.iter_mut().zip(&mut self.exp_inf);
        for ((p, &g), (m, u)) in params.iter_mut().zip(grads).zip(buffers) {
            let g = wd.apply(lr, p, sign * g);
            ema(m, g, beta1);
            *u = (*u * beta2).max(g.abs() + eps);
            *p -= clr * *m / *u;
        }
    }

    fn reset(&mut self) {
        self.exp_avg.fill(0.0);
        self.exp_inf.fill(0.0);
        self.t = 0;
    }

    fn state(&self) -> Vec<(&'static str, &[f64])> {
        vec![
            ("exp_avg", &self.exp_avg[..]),
            ("exp_inf", &self.exp_inf[..]),
        ]
    }

    common_accessors!();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::optim::testing::{assert_golden, assert_maximize_mirrors, Function};

    #[test]
    fn steps_by_hand() {
        let mut opt = AdamaxConfig {
            lr: 0.1,
            betas: (0.5, 0.5),
            eps: 0.0,
            ..Default::default()
        }
        .build(1)
        .unwrap();
        let mut x = [0.0];
        opt.step(&mut x, &[4.0]); // m = 2, u = 4, step = 0.1/0.5·2/4 = 0.1
        assert!((x[0] + 0.1).abs() < 1e-15);
        opt.step(&mut x, &[1.0]); // m = 1.5, u = max(2, 1) = 2, step = 0.1/0.75·1.5/2 = 0.1
        assert!((x[0] + 0.2).abs() < 1e-15);
        assert_eq!(opt.state()[1].1, &[2.0]);
    }

    #[test]
    fn maximize_flips_direction() {
        assert_maximize_mirrors(|maximize| {
            AdamaxConfig {
                maximize,
                ..Default::default()
            }
            .build(2)
            .unwrap()
        });
    }

    #[test]
    fn validation_messages() {
        let err = AdamaxConfig {
            betas: (0.9, -0.1),
            ..Default::default()
        }
        .validate()
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "adamax: invalid betas[1] = -0.1: must be in [0, 1)"
        );
    }

    /// Golden case `adamax-himmelblau` of `torch_reference.json`.
    #[test]
    fn torch_golden_himmelblau() {
        let opt = AdamaxConfig {
            lr: 0.05,
            ..Default::default()
        };
        assert_golden(
            opt.build(2).unwrap(),
            Function::Himmelblau,
            &[0.0, 0.0],
            60,
            &[0.04999999996428571, 0.04999999997727272],
            &[2.575879151221188, 2.394274748924943],
        );
    }
}
