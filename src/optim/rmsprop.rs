//! RMSprop: divide by a running root-mean-square of recent gradients.

use super::error::{Check, ConfigError};
use super::notation::{average, mi, over_root, squared, weight_step, ETA, G};
use super::params::UNIT;
use super::pieces::{ascent_sign, check_lengths, ema, ema_sq, Momentum, WeightDecay};
use super::{Describe, Hyper, Optim, ParamSpec, Slot, StepScale};

/// Hyperparameters of [`RmsProp`], with torch's names and defaults.
#[derive(Clone, Debug, PartialEq)]
pub struct RmsPropConfig {
    /// Learning rate `γ` (default: 1e-2).
    pub lr: f64,
    /// Smoothing constant `α` of the squared-gradient average (default: 0.99).
    pub alpha: f64,
    /// `ε`, added to the root of the average (default: 1e-8).
    pub eps: f64,
    /// L2 penalty `λ` added to the gradient (default: 0).
    pub weight_decay: f64,
    /// Momentum factor `μ` on the scaled step (default: 0).
    pub momentum: f64,
    /// Subtract the squared mean gradient: divide by an estimate of the variance (default: false).
    pub centered: bool,
    /// Ascend instead of descend (default: false).
    pub maximize: bool,
}

impl Default for RmsPropConfig {
    fn default() -> Self {
        Self {
            lr: 1e-2,
            alpha: 0.99,
            eps: 1e-8,
            weight_decay: 0.0,
            momentum: 0.0,
            centered: false,
            maximize: false,
        }
    }
}

impl Describe for RmsPropConfig {
    const NAME: &'static str = "rmsprop";
    const LABEL: &'static str = "RMSprop";
    const PAPER: &'static str =
        "Hinton, Srivastava & Swersky (2012), Coursera lecture 6e; centered: Graves (2013)";
    const PARAMS: &'static [ParamSpec] = &[
        ParamSpec::LR,
        ParamSpec::number("alpha", "decay of the squared-gradient average", UNIT),
        ParamSpec::EPS,
        ParamSpec::WEIGHT_DECAY,
        ParamSpec::MOMENTUM,
        ParamSpec::switch(
            "centered",
            "divide by the gradient's variance rather than its mean square",
        ),
        ParamSpec::MAXIMIZE,
    ];
    const STEP: StepScale = StepScale::Normalized;
    const CLASSIFIER_LR: Option<f64> = None;

    type State = RmsProp;

    /// Rejects negative or non-finite values and `alpha` outside `[0, 1]`
    /// (torch only asks `alpha >= 0`; above 1 the average could turn negative).
    fn validate(&self) -> Result<(), ConfigError> {
        let c = Check(Self::NAME);
        c.non_negative("lr", self.lr)?;
        c.unit_closed("alpha", self.alpha)?;
        c.non_negative("eps", self.eps)?;
        c.non_negative("weight_decay", self.weight_decay)?;
        c.non_negative("momentum", self.momentum)
    }

    /// Validates and allocates the buffers for `n_params` parameters.
    fn build(self, n_params: usize) -> Result<RmsProp, ConfigError> {
        self.validate()?;
        Ok(RmsProp {
            weight_decay: WeightDecay::from_torch(self.weight_decay, false),
            momentum: Momentum::from_torch(self.momentum, 0.0, false),
            square_avg: vec![0.0; n_params],
            grad_avg: vec![0.0; n_params],
            momentum_buffer: vec![0.0; n_params],
            t: 0,
            config: self,
        })
    }

    /// The running average `v` of squared gradients, and the step divided by its root.
    fn rule(&self) -> Vec<String> {
        let v = mi("v");
        vec![
            average(&v, &mi("α"), &squared(G)),
            weight_step(&[ETA, &over_root(G, &v)]),
        ]
    }

    fn caption(&self) -> &'static str {
        "squared gradient added to the running average; step divided by its root"
    }
}

impl Hyper for RmsPropConfig {
    fn slots(&mut self) -> impl IntoIterator<Item = (&'static str, Slot<'_>)> {
        [
            ("lr", Slot::Number(&mut self.lr)),
            ("alpha", Slot::Number(&mut self.alpha)),
            ("eps", Slot::Number(&mut self.eps)),
            ("weight_decay", Slot::Number(&mut self.weight_decay)),
            ("momentum", Slot::Number(&mut self.momentum)),
            ("centered", Slot::Bool(&mut self.centered)),
            ("maximize", Slot::Bool(&mut self.maximize)),
        ]
    }
}

/// RMSprop, as `torch.optim.RMSprop`.
///
/// ```text
/// g ← g + λ·θ                                (weight_decay λ ≠ 0)
/// v ← α·v + (1 − α)·g²
/// ḡ ← α·ḡ + (1 − α)·g,  ṽ ← v − ḡ²           (centered)   else  ṽ ← v
/// b ← μ·b + g / (√ṽ + ε);  θ ← θ − γ·b       (momentum μ > 0)
/// θ ← θ − γ·g / (√ṽ + ε)                     (otherwise)
/// ```
///
/// Defaults: `lr = 1e-2`, `alpha = 0.99`, `eps = 1e-8`, `weight_decay = 0`, `momentum = 0`,
/// `centered = false`. Source: Hinton's Coursera lecture 6e (2012); centered form from
/// Graves (2013), "Generating Sequences with Recurrent Neural Networks".
///
/// Torch adds `ε` outside the square root (`√v + ε`, where lectures often write `√(v + ε)`),
/// and its momentum accumulates the already scaled step `g / (√v + ε)`, not the raw gradient.
#[derive(Clone, Debug)]
pub struct RmsProp {
    config: RmsPropConfig,
    weight_decay: WeightDecay,
    momentum: Momentum,
    square_avg: Vec<f64>,
    grad_avg: Vec<f64>,
    momentum_buffer: Vec<f64>,
    t: u64,
}

impl Optim for RmsProp {
    fn step(&mut self, params: &mut [f64], grads: &[f64]) {
        check_lengths(self.square_avg.len(), params, grads);
        let c = &self.config;
        let (sign, lr, alpha, eps, centered) =
            (ascent_sign(c.maximize), c.lr, c.alpha, c.eps, c.centered);
        let (wd, momentum) = (self.weight_decay, self.momentum);
        let buffers = self
            .square_avg
            .iter_mut()
            .zip(&mut self.grad_avg)
            .zip(&mut self.momentum_buffer);
        for ((p, &g), ((v, m), b)) in params.iter_mut().zip(grads).zip(buffers) {
            let g = wd.apply(lr, p, sign * g);
            ema_sq(v, g, alpha);
            let var = if centered {
                ema(m, g, alpha);
                *v - *m * *m
            } else {
                *v
            };
            // The buffer starts at zero, so `μ·0 + x = x` matches torch's first step exactly.
            *p -= lr * momentum.apply(b, g / (var.sqrt() + eps), false);
        }
        self.t += 1;
    }

    fn reset(&mut self) {
        self.square_avg.fill(0.0);
        self.grad_avg.fill(0.0);
        self.momentum_buffer.fill(0.0);
        self.t = 0;
    }

    fn state(&self) -> Vec<(&'static str, &[f64])> {
        let mut state = vec![("square_avg", &self.square_avg[..])];
        if self.config.momentum > 0.0 {
            state.push(("momentum_buffer", &self.momentum_buffer[..]));
        }
        if self.config.centered {
            state.push(("grad_avg", &self.grad_avg[..]));
        }
        state
    }

    common_accessors!();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::optim::testing::{assert_golden, assert_maximize_mirrors, Function};

    #[test]
    fn first_step_by_hand() {
        let mut opt = RmsPropConfig {
            lr: 0.1,
            alpha: 0.75,
            eps: 0.0,
            ..Default::default()
        }
        .build(1)
        .unwrap();
        let mut x = [1.0];
        opt.step(&mut x, &[2.0]); // v = 0.25·4 = 1, x = 1 − 0.1·2/1
        assert!((x[0] - 0.8).abs() < 1e-15);
        opt.step(&mut x, &[2.0]); // v = 0.75 + 1 = 1.75
        assert!((x[0] - (0.8 - 0.2 / 1.75f64.sqrt())).abs() < 1e-15);
    }

    #[test]
    fn maximize_flips_direction() {
        assert_maximize_mirrors(|maximize| {
            RmsPropConfig {
                maximize,
                ..Default::default()
            }
            .build(2)
            .unwrap()
        });
    }

    #[test]
    fn validation_messages() {
        let err = RmsPropConfig {
            alpha: -0.5,
            ..Default::default()
        }
        .validate()
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "rmsprop: invalid alpha = -0.5: must be in [0, 1]"
        );
    }

    /// Golden case `rmsprop-centered-momentum-beale` of `torch_reference.json`.
    #[test]
    fn torch_golden_centered_momentum_beale() {
        let opt = RmsPropConfig {
            lr: 0.01,
            momentum: 0.9,
            centered: true,
            ..Default::default()
        };
        assert_golden(
            opt.build(2).unwrap(),
            Function::Beale,
            &[1.0, 1.5],
            60,
            &[0.8994962187668617, 1.3994962185832789],
            &[2.2571859065972606, 0.3147340182252063],
        );
    }
}
