//! Stochastic gradient descent with optional (Nesterov) momentum: torch's `SGD`.

use super::error::{Check, ConfigError};
use super::notation::{mi, paren, row, weight_step, ETA, G, GETS, MINUS, ONE, PLUS, TIMES};
use super::pieces::{ascent_sign, check_lengths, Momentum, WeightDecay};
use super::{Describe, Hyper, Optim, ParamSpec, Slot, StepScale};

/// Hyperparameters of [`Sgd`], with torch's names and defaults.
#[derive(Clone, Debug, PartialEq)]
pub struct SgdConfig {
    /// Learning rate `γ` (default: 1e-3).
    pub lr: f64,
    /// Momentum factor `μ` (default: 0, plain gradient descent).
    pub momentum: f64,
    /// Dampening `τ`: the new gradient enters the buffer scaled by `1 − τ` (default: 0).
    pub dampening: f64,
    /// Use Nesterov momentum; needs `momentum > 0` and `dampening = 0` (default: false).
    pub nesterov: bool,
    /// L2 penalty `λ` added to the gradient (default: 0).
    pub weight_decay: f64,
    /// Ascend instead of descend (default: false).
    pub maximize: bool,
}

impl Default for SgdConfig {
    fn default() -> Self {
        Self {
            lr: 1e-3,
            momentum: 0.0,
            dampening: 0.0,
            nesterov: false,
            weight_decay: 0.0,
            maximize: false,
        }
    }
}

impl Describe for SgdConfig {
    const NAME: &'static str = "sgd";
    const LABEL: &'static str = "SGD";
    const PAPER: &'static str = "Robbins & Monro (1951), \"A Stochastic Approximation Method\"; \
        momentum: Polyak (1964); Nesterov (1983), as in Sutskever et al. (2013)";
    const PARAMS: &'static [ParamSpec] = &[
        ParamSpec::LR,
        ParamSpec::MOMENTUM,
        ParamSpec::number(
            "dampening",
            "share of the new gradient held back from the buffer",
            (0.0, 1.0, false),
        ),
        ParamSpec::WEIGHT_DECAY,
        ParamSpec::switch(
            "nesterov",
            "look ahead along the momentum (needs momentum > 0, dampening = 0)",
        ),
        ParamSpec::MAXIMIZE,
    ];
    const STEP: StepScale = StepScale::Gradient;
    // The page's own lanes start here: a rate that trains the default classifier briskly.
    const CLASSIFIER_LR: Option<f64> = Some(0.03);

    type State = Sgd;

    /// Rejects what torch rejects (negative lr, momentum, weight decay; Nesterov without
    /// momentum or with dampening) and also non-finite values and dampening outside `[0, 1]`.
    fn validate(&self) -> Result<(), ConfigError> {
        let c = Check(Self::NAME);
        c.non_negative("lr", self.lr)?;
        c.non_negative("momentum", self.momentum)?;
        c.unit_closed("dampening", self.dampening)?;
        c.non_negative("weight_decay", self.weight_decay)?;
        if self.nesterov && (self.momentum <= 0.0 || self.dampening != 0.0) {
            return Err(c.invalid("nesterov", true, "needs momentum > 0 and dampening = 0"));
        }
        Ok(())
    }

    /// Validates and allocates the momentum buffer for `n_params` parameters.
    fn build(self, n_params: usize) -> Result<Sgd, ConfigError> {
        self.validate()?;
        Ok(Sgd {
            momentum: Momentum::from_torch(self.momentum, self.dampening, self.nesterov),
            weight_decay: WeightDecay::from_torch(self.weight_decay, false),
            momentum_buffer: vec![0.0; n_params],
            t: 0,
            config: self,
        })
    }

    /// `w ← w − η·g`; with momentum, the buffer `b` first (Nesterov steps along `g + μ·b`).
    fn rule(&self) -> Vec<String> {
        if self.momentum > 0.0 {
            let (b, mu) = (mi("b"), mi("μ"));
            let kept = paren(&format!("{ONE}{MINUS}{}", mi("τ")));
            let step = if self.nesterov {
                paren(&format!("{G}{PLUS}{mu}{b}"))
            } else {
                b.clone()
            };
            vec![
                row(&[&b, GETS, &mu, &b, PLUS, &kept, G]),
                weight_step(&[ETA, TIMES, &step]),
            ]
        } else {
            vec![weight_step(&[ETA, TIMES, G])]
        }
    }

    fn caption(&self) -> &'static str {
        if self.momentum > 0.0 {
            "gradient added to the velocity (the old velocity shrunk by the momentum); \
             step along the velocity"
        } else {
            "step against the gradient, scaled by the learning rate"
        }
    }
}

impl Hyper for SgdConfig {
    fn slots(&mut self) -> impl IntoIterator<Item = (&'static str, Slot<'_>)> {
        [
            ("lr", Slot::Number(&mut self.lr)),
            ("momentum", Slot::Number(&mut self.momentum)),
            ("dampening", Slot::Number(&mut self.dampening)),
            ("weight_decay", Slot::Number(&mut self.weight_decay)),
            ("nesterov", Slot::Bool(&mut self.nesterov)),
            ("maximize", Slot::Bool(&mut self.maximize)),
        ]
    }
}

/// SGD with momentum, as `torch.optim.SGD`.
///
/// For each step, with gradient `g` (negated if `maximize`):
///
/// ```text
/// g ← g + λ·θ                          (weight_decay λ ≠ 0)
/// b ← g                                 (first step)
/// b ← μ·b + (1 − τ)·g                   (later steps, momentum μ ≠ 0)
/// d ← g + μ·b  if nesterov,  else  d ← b
/// θ ← θ − γ·d
/// ```
///
/// Defaults: `lr = 1e-3`, `momentum = 0`, `dampening = 0`, `nesterov = false`,
/// `weight_decay = 0`. Momentum: Polyak (1964); Nesterov (1983) in the form of
/// Sutskever, Martens, Dahl & Hinton (2013).
///
/// Torch differs from the lecture formula `v ← μ·v − γ·g; θ ← θ + v`: the learning rate
/// multiplies the buffer at the step instead of entering it, so changing `lr` mid-run rescales
/// the accumulated velocity too (equal trajectories for a constant `lr`). The first buffer
/// is the raw gradient, without dampening.
#[derive(Clone, Debug)]
pub struct Sgd {
    config: SgdConfig,
    momentum: Momentum,
    weight_decay: WeightDecay,
    momentum_buffer: Vec<f64>,
    t: u64,
}

impl Sgd {
    /// The configuration this optimizer runs with (its `lr` follows [`Optim::set_lr`]).
    pub fn config(&self) -> &SgdConfig {
        &self.config
    }
}

/// Plain gradient descent `θ ← θ − γ·(±g)`, two parameters per instruction: the general loop
/// below with nothing to decay or accumulate (the same operations, so the same bits), without
/// its per-parameter branches.
#[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
fn descend(params: &mut [f64], grads: &[f64], lr: f64, sign: f64) {
    use crate::simd::F64x2;
    let n = params.len();
    let (p2, p1) = params.as_chunks_mut::<2>();
    let (g2, g1) = grads[..n].as_chunks::<2>();
    let (lr2, sign2) = (F64x2::splat(lr), F64x2::splat(sign));
    for k in 0..p2.len() {
        let d = sign2.times(F64x2::load(&g2[k]));
        F64x2::load(&p2[k]).minus(lr2.times(d)).store(&mut p2[k]);
    }
    if let ([p], [g]) = (p1, g1) {
        *p -= lr * (sign * g);
    }
}

impl Optim for Sgd {
    fn step(&mut self, params: &mut [f64], grads: &[f64]) {
        check_lengths(self.momentum_buffer.len(), params, grads);
        let (lr, sign, first) = (
            self.config.lr,
            ascent_sign(self.config.maximize),
            self.t == 0,
        );
        let (wd, momentum) = (self.weight_decay, self.momentum);
        if let (WeightDecay::None, Momentum::None) = (wd, momentum) {
            descend(params, grads, lr, sign);
            self.t += 1;
            return;
        }
        let bufs = self.momentum_buffer.iter_mut();
        for ((p, &g), b) in params.iter_mut().zip(grads).zip(bufs) {
            let g = wd.apply(lr, p, sign * g);
            let d = momentum.apply(b, g, first);
            *p -= lr * d;
        }
        self.t += 1;
    }

    fn reset(&mut self) {
        self.momentum_buffer.fill(0.0);
        self.t = 0;
    }

    fn state(&self) -> Vec<(&'static str, &[f64])> {
        match self.momentum {
            Momentum::None => Vec::new(),
            _ => vec![("momentum_buffer", &self.momentum_buffer[..])],
        }
    }

    common_accessors!();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::optim::testing::{assert_golden, assert_maximize_mirrors, Function};

    #[test]
    fn first_steps_by_hand() {
        let mut opt = SgdConfig {
            lr: 0.1,
            momentum: 0.9,
            ..Default::default()
        }
        .build(1)
        .unwrap();
        let mut x = [1.0];
        opt.step(&mut x, &[2.0]); // b = 2, x = 1 − 0.2
        assert!((x[0] - 0.8).abs() < 1e-15);
        opt.step(&mut x, &[2.0]); // b = 0.9·2 + 2 = 3.8, x = 0.8 − 0.38
        assert!((x[0] - 0.42).abs() < 1e-15);
        assert_eq!(opt.state()[0].1, &[3.8]);
        assert_eq!(opt.steps_taken(), 2);
    }

    #[test]
    fn plain_descent_on_two_lanes_is_the_scalar_rule_bit_for_bit() {
        for (n, maximize) in [(1, false), (6, false), (7, true)] {
            let mut opt = SgdConfig {
                lr: 0.03,
                maximize,
                ..Default::default()
            }
            .build(n)
            .unwrap();
            let p0: Vec<f64> = (0..n).map(|k| 0.37 * k as f64 - 1.1).collect();
            let g: Vec<f64> = (0..n).map(|k| 1.3 / (k as f64 + 0.7)).collect();
            let mut p = p0.clone();
            opt.step(&mut p, &g);
            let sign = if maximize { -1.0 } else { 1.0 };
            for k in 0..n {
                assert_eq!(p[k].to_bits(), (p0[k] - 0.03 * (sign * g[k])).to_bits());
            }
        }
    }

    #[test]
    fn nesterov_and_weight_decay_by_hand() {
        let mut opt = SgdConfig {
            lr: 0.1,
            momentum: 0.5,
            nesterov: true,
            weight_decay: 0.5,
            ..Default::default()
        }
        .build(1)
        .unwrap();
        let mut x = [2.0];
        // g = 1 + 0.5·2 = 2; b = 2; d = 2 + 0.5·2 = 3; x = 2 − 0.3
        opt.step(&mut x, &[1.0]);
        assert!((x[0] - 1.7).abs() < 1e-15);
    }

    #[test]
    fn maximize_flips_direction() {
        assert_maximize_mirrors(|maximize| {
            SgdConfig {
                maximize,
                ..Default::default()
            }
            .build(2)
            .unwrap()
        });
    }

    #[test]
    fn validation_messages() {
        let bad = |c: SgdConfig| c.validate().unwrap_err().to_string();
        assert_eq!(
            bad(SgdConfig {
                lr: -0.1,
                ..Default::default()
            }),
            "sgd: invalid lr = -0.1: must be >= 0"
        );
        assert_eq!(
            bad(SgdConfig {
                nesterov: true,
                ..Default::default()
            }),
            "sgd: invalid nesterov = true: needs momentum > 0 and dampening = 0"
        );
        assert_eq!(
            bad(SgdConfig {
                nesterov: true,
                momentum: 0.9,
                dampening: 0.1,
                ..Default::default()
            }),
            "sgd: invalid nesterov = true: needs momentum > 0 and dampening = 0"
        );
        assert_eq!(
            bad(SgdConfig {
                momentum: -0.5,
                ..Default::default()
            }),
            "sgd: invalid momentum = -0.5: must be >= 0"
        );
    }

    #[test]
    fn momentum_adds_the_buffer_to_the_rule() {
        let mut sgd = SgdConfig::default();
        assert_eq!(sgd.rule().len(), 1);
        sgd.momentum = 0.9;
        assert_eq!(sgd.rule().len(), 2);
    }

    /// Golden case `sgd-nesterov-rosenbrock` of `torch_reference.json`.
    #[test]
    fn torch_golden_nesterov_rosenbrock() {
        let opt = SgdConfig {
            lr: 0.001,
            momentum: 0.9,
            nesterov: true,
            ..Default::default()
        };
        assert_golden(
            opt.build(2).unwrap(),
            Function::Rosenbrock,
            &[-1.5, 2.0],
            60,
            &[-1.2055, 2.095],
            &[0.4951378731349544, 0.24240075460058638],
        );
    }
}
