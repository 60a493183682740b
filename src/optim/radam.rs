//! RAdam: Adam that starts as momentum SGD until the variance of its adaptive rate is tractable.

use super::adam::{moments_rule, MOMENTS_CAPTION};
use super::error::{Check, ConfigError};
use super::pieces::{ascent_sign, bias_correction, check_lengths, ema, ema_sq, WeightDecay};
use super::{Describe, Hyper, Optim, ParamSpec, Slot, StepScale};

/// Hyperparameters of [`RAdam`], with torch's names and defaults.
#[derive(Clone, Debug, PartialEq)]
pub struct RAdamConfig {
    /// Learning rate `γ` (default: 1e-3).
    pub lr: f64,
    /// Decays `(β₁, β₂)` of the first and second moment averages (default: (0.9, 0.999)).
    pub betas: (f64, f64),
    /// `ε`, added after the square root (default: 1e-8).
    pub eps: f64,
    /// Weight decay `λ` (default: 0); an L2 term on the gradient unless decoupled.
    pub weight_decay: f64,
    /// Decay the weights directly, `θ ← θ·(1 − γλ)`, as AdamW does (default: false).
    pub decoupled_weight_decay: bool,
    /// Ascend instead of descend (default: false).
    pub maximize: bool,
}

impl Default for RAdamConfig {
    fn default() -> Self {
        Self {
            lr: 1e-3,
            betas: (0.9, 0.999),
            eps: 1e-8,
            weight_decay: 0.0,
            decoupled_weight_decay: false,
            maximize: false,
        }
    }
}

impl Describe for RAdamConfig {
    const NAME: &'static str = "radam";
    const LABEL: &'static str = "RAdam";
    const PAPER: &'static str =
        "Liu et al. (2020), \"On the Variance of the Adaptive Learning Rate and Beyond\"";
    const PARAMS: &'static [ParamSpec] = &[
        ParamSpec::LR,
        ParamSpec::BETAS,
        ParamSpec::EPS,
        ParamSpec::WEIGHT_DECAY,
        ParamSpec::DECOUPLED_WEIGHT_DECAY,
        ParamSpec::MAXIMIZE,
    ];
    const STEP: StepScale = StepScale::Rectified;
    const CLASSIFIER_LR: Option<f64> = None;

    type State = RAdam;

    /// Rejects negative or non-finite values and betas outside `[0, 1)`, as torch does.
    fn validate(&self) -> Result<(), ConfigError> {
        let c = Check(Self::NAME);
        c.non_negative("lr", self.lr)?;
        c.betas(self.betas)?;
        c.non_negative("eps", self.eps)?;
        c.non_negative("weight_decay", self.weight_decay)
    }

    /// Validates and allocates the moment buffers for `n_params` parameters.
    fn build(self, n_params: usize) -> Result<RAdam, ConfigError> {
        self.validate()?;
        Ok(RAdam {
            weight_decay: WeightDecay::from_torch(self.weight_decay, self.decoupled_weight_decay),
            exp_avg: vec![0.0; n_params],
            exp_avg_sq: vec![0.0; n_params],
            t: 0,
            config: self,
        })
    }

    /// Adam's rule, noting the rectification.
    fn rule(&self) -> Vec<String> {
        let decay = self.decoupled_weight_decay && self.weight_decay > 0.0;
        let note = "<mtext>&#8195;(rectified once the variance estimate is reliable)</mtext>";
        moments_rule(true, decay, note)
    }

    fn caption(&self) -> &'static str {
        MOMENTS_CAPTION
    }
}

impl Hyper for RAdamConfig {
    fn slots(&mut self) -> impl IntoIterator<Item = (&'static str, Slot<'_>)> {
        [
            ("lr", Slot::Number(&mut self.lr)),
            ("betas", Slot::Pair(&mut self.betas)),
            ("eps", Slot::Number(&mut self.eps)),
            ("weight_decay", Slot::Number(&mut self.weight_decay)),
            (
                "decoupled_weight_decay",
                Slot::Bool(&mut self.decoupled_weight_decay),
            ),
            ("maximize", Slot::Bool(&mut self.maximize)),
        ]
    }
}

/// RAdam, as `torch.optim.RAdam`.
///
/// ```text
/// θ ← θ·(1 − γλ)  or  g ← g + λ·θ          (weight_decay λ, decoupled or L2)
/// m ← β₁·m + (1 − β₁)·g;   m̂ = m / (1 − β₁ᵗ)
/// v ← β₂·v + (1 − β₂)·g²
/// ρ∞ = 2/(1 − β₂) − 1;     ρₜ = ρ∞ − 2t·β₂ᵗ/(1 − β₂ᵗ)
/// if ρₜ > 5:  r = √((ρₜ − 4)(ρₜ − 2)ρ∞ / ((ρ∞ − 4)(ρ∞ − 2)ρₜ))
///             θ ← θ − γ·m̂·r·√(1 − β₂ᵗ)/(√v + ε)
/// else:       θ ← θ − γ·m̂                  (plain momentum SGD)
/// ```
///
/// Defaults: `lr = 1e-3`, `betas = (0.9, 0.999)`, `eps = 1e-8`, `weight_decay = 0`.
/// Paper: Liu et al. (2020), "On the Variance of the Adaptive Learning Rate and Beyond".
///
/// The paper switches on at `ρₜ > 4`; torch uses `ρₜ > 5` (with the default `β₂` the first
/// six steps are un-adapted). `ε` is added to `√v` outside the root, as in torch's Adam.
#[derive(Clone, Debug)]
pub struct RAdam {
    config: RAdamConfig,
    weight_decay: WeightDecay,
    exp_avg: Vec<f64>,
    exp_avg_sq: Vec<f64>,
    t: u64,
}

impl RAdam {
    /// `ρₜ`, the length of the approximated simple moving average after `t` steps, and
    /// the rectification `r` when `ρₜ > 5` (else `None`: the step is un-adapted).
    pub fn rectification(beta2: f64, t: u64) -> (f64, Option<f64>) {
        let rho_inf = 2.0 / (1.0 - beta2) - 1.0;
        let rho_t = rho_inf - 2.0 * t as f64 * beta2.powf(t as f64) / bias_correction(beta2, t);
        let rect = (rho_t > 5.0).then(|| {
            ((rho_t - 4.0) * (rho_t - 2.0) * rho_inf / ((rho_inf - 4.0) * (rho_inf - 2.0) * rho_t))
                .sqrt()
        });
        (rho_t, rect)
    }
}

impl Optim for RAdam {
    fn step(&mut self, params: &mut [f64], grads: &[f64]) {
        check_lengths(self.exp_avg.len(), params, grads);
        self.t += 1;
        let c = &self.config;
        let (sign, lr, (beta1, beta2), eps) = (ascent_sign(c.maximize), c.lr, c.betas, c.eps);
        let bc1 = bias_correction(beta1, self.t);
        let bc2_sqrt = bias_correction(beta2, self.t).sqrt();
        let (_, rect) = Self::rectification(beta2, self.t);
        let wd = self.weight_decay;
        let buffers = self.exp_avg.iter_mut().zip(&mut self.exp_avg_sq);
        for ((p, &g), (m, v)) in params.iter_mut().zip(grads).zip(buffers) {
            let g = wd.apply(lr, p, sign * g);
            ema(m, g, beta1);
            ema_sq(v, g, beta2);
            let m_hat = *m / bc1;
            *p -= match rect {
                Some(r) => m_hat * lr * (bc2_sqrt / (v.sqrt() + eps)) * r,
                None => m_hat * lr,
            };
        }
    }

    fn reset(&mut self) {
        self.exp_avg.fill(0.0);
        self.exp_avg_sq.fill(0.0);
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
    fn rectification_switches_on_after_six_steps_by_default() {
        for t in 1..=5 {
            assert!(RAdam::rectification(0.999, t).1.is_none(), "t = {t}");
        }
        let (rho_6, r) = RAdam::rectification(0.999, 6);
        assert!(rho_6 > 5.0);
        assert!(r.unwrap() > 0.0 && r.unwrap() < 1.0);
        // ρ₁ = ρ∞ − 2β₂/(1 − β₂) = 1 for every β₂.
        assert!((RAdam::rectification(0.9, 1).0 - 1.0).abs() < 1e-12);
    }

    #[test]
    fn early_steps_are_momentum_sgd() {
        let mut opt = RAdamConfig {
            lr: 0.1,
            betas: (0.5, 0.999),
            ..Default::default()
        }
        .build(1)
        .unwrap();
        let mut x = [0.0];
        opt.step(&mut x, &[2.0]); // m̂ = 2
        assert!((x[0] + 0.2).abs() < 1e-15);
        opt.step(&mut x, &[4.0]); // m = 1 + 0.5·3 = 2.5, m̂ = 2.5/0.75
        assert!((x[0] + 0.2 + 0.1 * 2.5 / 0.75).abs() < 1e-15);
    }

    #[test]
    fn maximize_flips_direction() {
        assert_maximize_mirrors(|maximize| {
            RAdamConfig {
                maximize,
                ..Default::default()
            }
            .build(2)
            .unwrap()
        });
    }

    #[test]
    fn validation_messages() {
        let err = RAdamConfig {
            lr: f64::INFINITY,
            ..Default::default()
        }
        .validate()
        .unwrap_err();
        assert_eq!(err.to_string(), "radam: invalid lr = inf: must be finite");
    }

    /// Golden case `radam-himmelblau` of `torch_reference.json`.
    #[test]
    fn torch_golden_himmelblau() {
        let opt = RAdamConfig {
            lr: 0.02,
            ..Default::default()
        };
        assert_golden(
            opt.build(2).unwrap(),
            Function::Himmelblau,
            &[0.0, 0.0],
            60,
            &[0.28, 0.43999999999999995],
            &[2.5671870071663987, 2.746175387157671],
        );
    }
}
