//! NAdam: Adam with Nesterov momentum and a warming-up momentum schedule.

use super::adam::{moments_rule, MOMENTS_CAPTION};
use super::error::{Check, ConfigError};
use super::pieces::{ascent_sign, bias_correction, check_lengths, ema, ema_sq, WeightDecay};
use super::{Describe, Hyper, Optim, ParamSpec, Slot, StepScale};

/// Hyperparameters of [`NAdam`], with torch's names and defaults.
#[derive(Clone, Debug, PartialEq)]
pub struct NAdamConfig {
    /// Learning rate `γ` (default: 2e-3).
    pub lr: f64,
    /// Decays `(β₁, β₂)` of the first and second moment averages (default: (0.9, 0.999)).
    pub betas: (f64, f64),
    /// `ε`, added after the square root (default: 1e-8).
    pub eps: f64,
    /// Weight decay `λ` (default: 0); an L2 term on the gradient unless decoupled.
    pub weight_decay: f64,
    /// `ψ`, how fast the momentum schedule `μₜ` warms up (default: 4e-3).
    pub momentum_decay: f64,
    /// Decay the weights directly, `θ ← θ·(1 − γλ)`, as AdamW does (default: false).
    pub decoupled_weight_decay: bool,
    /// Ascend instead of descend (default: false).
    pub maximize: bool,
}

impl Default for NAdamConfig {
    fn default() -> Self {
        Self {
            lr: 2e-3,
            betas: (0.9, 0.999),
            eps: 1e-8,
            weight_decay: 0.0,
            momentum_decay: 4e-3,
            decoupled_weight_decay: false,
            maximize: false,
        }
    }
}

impl Describe for NAdamConfig {
    const NAME: &'static str = "nadam";
    const LABEL: &'static str = "NAdam";
    const PAPER: &'static str = "Dozat (2016), \"Incorporating Nesterov Momentum into Adam\"";
    const PARAMS: &'static [ParamSpec] = &[
        ParamSpec::LR,
        ParamSpec::BETAS,
        ParamSpec::EPS,
        ParamSpec::WEIGHT_DECAY,
        ParamSpec::number(
            "momentum_decay",
            "how fast the momentum schedule warms up",
            (1e-4, 1e-1, true),
        ),
        ParamSpec::DECOUPLED_WEIGHT_DECAY,
        ParamSpec::MAXIMIZE,
    ];
    const STEP: StepScale = StepScale::Normalized;
    const CLASSIFIER_LR: Option<f64> = None;

    type State = NAdam;

    /// Rejects negative or non-finite values and betas outside `[0, 1)`, as torch does.
    fn validate(&self) -> Result<(), ConfigError> {
        let c = Check(Self::NAME);
        c.non_negative("lr", self.lr)?;
        c.betas(self.betas)?;
        c.non_negative("eps", self.eps)?;
        c.non_negative("weight_decay", self.weight_decay)?;
        c.non_negative("momentum_decay", self.momentum_decay)
    }

    /// Validates and allocates the moment buffers for `n_params` parameters.
    fn build(self, n_params: usize) -> Result<NAdam, ConfigError> {
        self.validate()?;
        Ok(NAdam {
            weight_decay: WeightDecay::from_torch(self.weight_decay, self.decoupled_weight_decay),
            exp_avg: vec![0.0; n_params],
            exp_avg_sq: vec![0.0; n_params],
            mu_product: 1.0,
            t: 0,
            config: self,
        })
    }

    /// Adam's rule, noting the look-ahead.
    fn rule(&self) -> Vec<String> {
        let decay = self.decoupled_weight_decay && self.weight_decay > 0.0;
        let note = "<mtext>&#8195;(m̂ with Nesterov's look-ahead)</mtext>";
        moments_rule(true, decay, note)
    }

    fn caption(&self) -> &'static str {
        MOMENTS_CAPTION
    }
}

impl Hyper for NAdamConfig {
    fn slots(&mut self) -> impl IntoIterator<Item = (&'static str, Slot<'_>)> {
        [
            ("lr", Slot::Number(&mut self.lr)),
            ("betas", Slot::Pair(&mut self.betas)),
            ("eps", Slot::Number(&mut self.eps)),
            ("weight_decay", Slot::Number(&mut self.weight_decay)),
            ("momentum_decay", Slot::Number(&mut self.momentum_decay)),
            (
                "decoupled_weight_decay",
                Slot::Bool(&mut self.decoupled_weight_decay),
            ),
            ("maximize", Slot::Bool(&mut self.maximize)),
        ]
    }
}

/// NAdam, as `torch.optim.NAdam`.
///
/// ```text
/// θ ← θ·(1 − γλ)  or  g ← g + λ·θ          (weight_decay λ, decoupled or L2)
/// μₜ = β₁·(1 − ½·0.96^(t·ψ)),  μₜ₊₁ = β₁·(1 − ½·0.96^((t+1)·ψ))
/// Πₜ = μ₁·μ₂·…·μₜ                          (torch's mu_product)
/// m ← β₁·m + (1 − β₁)·g
/// v ← β₂·v + (1 − β₂)·g²
/// d = √(v / (1 − β₂ᵗ)) + ε
/// θ ← θ − γ·(1 − μₜ)/(1 − Πₜ) · g/d − γ·μₜ₊₁/(1 − Πₜ·μₜ₊₁) · m/d
/// ```
///
/// Defaults: `lr = 2e-3`, `betas = (0.9, 0.999)`, `eps = 1e-8`, `weight_decay = 0`,
/// `momentum_decay = 4e-3`. Paper: Dozat (2016), "Incorporating Nesterov Momentum into Adam".
///
/// The lecture's simple Nadam uses a constant `β₁` and corrects `m` by `1 − β₁ᵗ`; torch follows
/// Dozat's schedule `μₜ`, which starts near `β₁/2` and warms up towards `β₁`, and corrects by the
/// products `Πₜ`. Unlike torch's Adam, `ε` is added to `√(v/(1 − β₂ᵗ))` (same value).
#[derive(Clone, Debug)]
pub struct NAdam {
    config: NAdamConfig,
    weight_decay: WeightDecay,
    exp_avg: Vec<f64>,
    exp_avg_sq: Vec<f64>,
    mu_product: f64,
    t: u64,
}

impl NAdam {
    /// `Πₜ`, the product of the momentum schedule so far (1 before the first step).
    pub fn mu_product(&self) -> f64 {
        self.mu_product
    }
}

impl Optim for NAdam {
    fn step(&mut self, params: &mut [f64], grads: &[f64]) {
        check_lengths(self.exp_avg.len(), params, grads);
        self.t += 1;
        let c = &self.config;
        let (sign, lr, (beta1, beta2), eps) = (ascent_sign(c.maximize), c.lr, c.betas, c.eps);
        let t = self.t as f64;
        let bc2 = bias_correction(beta2, self.t);
        let mu = beta1 * (1.0 - 0.5 * 0.96f64.powf(t * c.momentum_decay));
        let mu_next = beta1 * (1.0 - 0.5 * 0.96f64.powf((t + 1.0) * c.momentum_decay));
        self.mu_product *= mu;
        let mu_product_next = self.mu_product * mu_next;
        let grad_coef = lr * (1.0 - mu) / (1.0 - self.mu_product);
        let avg_coef = lr * mu_next / (1.0 - mu_product_next);
        let wd = self.weight_decay;
        let buffers = self.exp_avg.iter_mut().zip(&mut self.exp_avg_sq);
        for ((p, &g), (m, v)) in params.iter_mut().zip(grads).zip(buffers) {
            let g = wd.apply(lr, p, sign * g);
            ema(m, g, beta1);
            ema_sq(v, g, beta2);
            let denom = (*v / bc2).sqrt() + eps;
            *p -= grad_coef * g / denom;
            *p -= avg_coef * *m / denom;
        }
    }

    fn reset(&mut self) {
        self.exp_avg.fill(0.0);
        self.exp_avg_sq.fill(0.0);
        self.mu_product = 1.0;
        self.t = 0;
    }

    fn state(&self) -> Vec<(&'static str, &[f64])> {
        vec![
            ("exp_avg", &self.exp_avg[..]),
            ("exp_avg_sq", &self.exp_avg_sq[..]),
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
        let mut opt = NAdamConfig {
            lr: 0.1,
            eps: 0.0,
            ..Default::default()
        }
        .build(1)
        .unwrap();
        let mut x = [0.0];
        opt.step(&mut x, &[2.0]);
        // d = |g| = 2, m = 0.2, Π₁ = μ₁.
        let mu1 = 0.9 * (1.0 - 0.5 * 0.96f64.powf(0.004));
        let mu2 = 0.9 * (1.0 - 0.5 * 0.96f64.powf(0.008));
        let expected = -0.1 * (1.0 - mu1) / (1.0 - mu1) - 0.1 * mu2 / (1.0 - mu1 * mu2) * 0.1;
        assert!((x[0] - expected).abs() < 1e-15);
        assert!((opt.mu_product() - mu1).abs() < 1e-16);
    }

    #[test]
    fn maximize_flips_direction() {
        assert_maximize_mirrors(|maximize| {
            NAdamConfig {
                maximize,
                ..Default::default()
            }
            .build(2)
            .unwrap()
        });
    }

    #[test]
    fn validation_messages() {
        let err = NAdamConfig {
            momentum_decay: -1e-3,
            ..Default::default()
        }
        .validate()
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "nadam: invalid momentum_decay = -0.001: must be >= 0"
        );
    }

    /// Golden case `nadam-rosenbrock` of `torch_reference.json`.
    #[test]
    fn torch_golden_rosenbrock() {
        let opt = NAdamConfig {
            lr: 0.05,
            ..Default::default()
        };
        assert_golden(
            opt.build(2).unwrap(),
            Function::Rosenbrock,
            &[-1.5, 2.0],
            60,
            &[-1.4471774110856386, 2.0528225889072047],
            &[-1.3031455074782838, 1.7042861250871795],
        );
    }
}
