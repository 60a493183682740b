//! Adagrad: per-coordinate step sizes from the sum of all past squared gradients.

use super::error::{Check, ConfigError};
use super::notation::{mi, over_root, row, squared, weight_step, ETA, G, GETS, PLUS};
use super::params::SMALL;
use super::pieces::{ascent_sign, check_lengths, WeightDecay};
use super::{Describe, Hyper, Optim, ParamSpec, Slot, StepScale};

/// Hyperparameters of [`Adagrad`], with torch's names and defaults.
#[derive(Clone, Debug, PartialEq)]
pub struct AdagradConfig {
    /// Learning rate `γ` (default: 1e-2).
    pub lr: f64,
    /// Learning-rate decay `η`: step `t` uses `γ / (1 + (t − 1)·η)` (default: 0).
    pub lr_decay: f64,
    /// L2 penalty `λ` added to the gradient (default: 0).
    pub weight_decay: f64,
    /// Starting value of the squared-gradient sum (default: 0).
    pub initial_accumulator_value: f64,
    /// `ε`, added to the root of the sum (default: 1e-10).
    pub eps: f64,
    /// Ascend instead of descend (default: false).
    pub maximize: bool,
}

impl Default for AdagradConfig {
    fn default() -> Self {
        Self {
            lr: 1e-2,
            lr_decay: 0.0,
            weight_decay: 0.0,
            initial_accumulator_value: 0.0,
            eps: 1e-10,
            maximize: false,
        }
    }
}

impl Describe for AdagradConfig {
    const NAME: &'static str = "adagrad";
    const LABEL: &'static str = "Adagrad";
    const PAPER: &'static str = "Duchi, Hazan & Singer (2011), \"Adaptive Subgradient Methods \
        for Online Learning and Stochastic Optimization\"";
    const PARAMS: &'static [ParamSpec] = &[
        ParamSpec::LR,
        ParamSpec::number("lr_decay", "learning-rate decay per step", SMALL),
        ParamSpec::WEIGHT_DECAY,
        ParamSpec::number(
            "initial_accumulator_value",
            "starting value of the squared-gradient sum",
            (0.0, 1.0, false),
        ),
        ParamSpec::EPS,
        ParamSpec::MAXIMIZE,
    ];
    const STEP: StepScale = StepScale::Accumulating;
    const CLASSIFIER_LR: Option<f64> = None;

    type State = Adagrad;

    /// Rejects negative or non-finite values, as torch does for each of them.
    fn validate(&self) -> Result<(), ConfigError> {
        let c = Check(Self::NAME);
        c.non_negative("lr", self.lr)?;
        c.non_negative("lr_decay", self.lr_decay)?;
        c.non_negative("weight_decay", self.weight_decay)?;
        c.non_negative("initial_accumulator_value", self.initial_accumulator_value)?;
        c.non_negative("eps", self.eps)
    }

    /// Validates and allocates the accumulator for `n_params` parameters.
    fn build(self, n_params: usize) -> Result<Adagrad, ConfigError> {
        self.validate()?;
        let mut opt = Adagrad {
            weight_decay: WeightDecay::from_torch(self.weight_decay, false),
            sum: vec![0.0; n_params],
            t: 0,
            config: self,
        };
        opt.reset();
        Ok(opt)
    }

    /// The sum of squared gradients `G`, and the step divided by its root.
    fn rule(&self) -> Vec<String> {
        let sum = mi("G");
        vec![
            row(&[&sum, GETS, &sum, PLUS, &squared(G)]),
            weight_step(&[ETA, &over_root(G, &sum)]),
        ]
    }

    fn caption(&self) -> &'static str {
        "squared gradient added to the running sum; step divided by its root, so it only shrinks"
    }
}

impl Hyper for AdagradConfig {
    fn slots(&mut self) -> impl IntoIterator<Item = (&'static str, Slot<'_>)> {
        [
            ("lr", Slot::Number(&mut self.lr)),
            ("lr_decay", Slot::Number(&mut self.lr_decay)),
            ("weight_decay", Slot::Number(&mut self.weight_decay)),
            (
                "initial_accumulator_value",
                Slot::Number(&mut self.initial_accumulator_value),
            ),
            ("eps", Slot::Number(&mut self.eps)),
            ("maximize", Slot::Bool(&mut self.maximize)),
        ]
    }
}

/// Adagrad, as `torch.optim.Adagrad`.
///
/// ```text
/// g ← g + λ·θ                          (weight_decay λ ≠ 0)
/// γₜ ← γ / (1 + (t − 1)·η)              (lr_decay η)
/// s ← s + g²                            (s starts at initial_accumulator_value)
/// θ ← θ − γₜ·g / (√s + ε)
/// ```
///
/// Defaults: `lr = 1e-2`, `lr_decay = 0`, `weight_decay = 0`, `initial_accumulator_value = 0`,
/// `eps = 1e-10`. Paper: Duchi, Hazan & Singer (2011), "Adaptive Subgradient Methods".
///
/// Torch adds `ε` outside the square root (`√s + ε`), where lectures often write `√(s + ε)`;
/// the two agree once `s ≫ ε²`.
#[derive(Clone, Debug)]
pub struct Adagrad {
    config: AdagradConfig,
    weight_decay: WeightDecay,
    sum: Vec<f64>,
    t: u64,
}

impl Optim for Adagrad {
    fn step(&mut self, params: &mut [f64], grads: &[f64]) {
        check_lengths(self.sum.len(), params, grads);
        self.t += 1;
        let c = &self.config;
        let (sign, wd, eps) = (ascent_sign(c.maximize), self.weight_decay, c.eps);
        let clr = c.lr / (1.0 + (self.t - 1) as f64 * c.lr_decay);
        for ((p, &g), s) in params.iter_mut().zip(grads).zip(&mut self.sum) {
            let g = wd.apply(c.lr, p, sign * g);
            *s += g * g;
            *p -= clr * g / (s.sqrt() + eps);
        }
    }

    fn reset(&mut self) {
        self.sum.fill(self.config.initial_accumulator_value);
        self.t = 0;
    }

    fn state(&self) -> Vec<(&'static str, &[f64])> {
        vec![("sum", &self.sum[..])]
    }

    common_accessors!();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::optim::testing::{assert_golden, assert_maximize_mirrors, Function};

    #[test]
    fn first_steps_by_hand() {
        let mut opt = AdagradConfig {
            lr: 0.1,
            lr_decay: 1.0,
            eps: 0.0,
            initial_accumulator_value: 0.0,
            ..Default::default()
        }
        .build(1)
        .unwrap();
        let mut x = [1.0];
        opt.step(&mut x, &[3.0]); // s = 9, x = 1 − 0.1·3/3
        assert!((x[0] - 0.9).abs() < 1e-15);
        opt.step(&mut x, &[4.0]); // s = 25, lr = 0.1/2, x = 0.9 − 0.05·4/5
        assert!((x[0] - 0.86).abs() < 1e-15);
        assert_eq!(opt.state()[0].1, &[25.0]);
        opt.reset();
        assert_eq!(opt.state()[0].1, &[0.0]);
    }

    #[test]
    fn maximize_flips_direction() {
        assert_maximize_mirrors(|maximize| {
            AdagradConfig {
                maximize,
                ..Default::default()
            }
            .build(2)
            .unwrap()
        });
    }

    #[test]
    fn validation_messages() {
        let err = AdagradConfig {
            initial_accumulator_value: -1.0,
            ..Default::default()
        }
        .validate()
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "adagrad: invalid initial_accumulator_value = -1: must be >= 0"
        );
    }

    /// Golden case `adagrad-himmelblau` of `torch_reference.json`.
    #[test]
    fn torch_golden_himmelblau() {
        let opt = AdagradConfig {
            lr: 0.5,
            ..Default::default()
        };
        assert_golden(
            opt.build(2).unwrap(),
            Function::Himmelblau,
            &[0.0, 0.0],
            60,
            &[0.4999999999964286, 0.4999999999977273],
            &[2.9999499270037426, 2.000094920468823],
        );
    }
}
