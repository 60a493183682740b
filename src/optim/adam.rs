//! Adam: momentum on the gradient, divided by the RMS of recent gradients, both averages
//! bias-corrected. Its state also runs AdamW (see `adamw.rs`).

use super::error::{Check, ConfigError};
use super::notation::{average, frac, mi, mo, over_root, row, squared, sub, sup, weight_step};
use super::notation::{EQUALS, ETA, G, MINUS, ONE, W};
use super::pieces::{ascent_sign, bias_correction, check_lengths, ema, ema_sq, WeightDecay};
use super::{Describe, Hyper, Optim, ParamSpec, Slot, StepScale};

/// Hyperparameters of [`Adam`] run as `torch.optim.Adam`, with torch's names and defaults.
#[derive(Clone, Debug, PartialEq)]
pub struct AdamConfig {
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
    /// Divide by the running maximum of `v` (AMSGrad) (default: false).
    pub amsgrad: bool,
    /// Ascend instead of descend (default: false).
    pub maximize: bool,
    /// Teaching switch, not in torch: `false` drops the `1/(1 − βᵗ)` factors, to show the
    /// too-small first steps they repair (default: true).
    pub bias_correction: bool,
}

impl Default for AdamConfig {
    fn default() -> Self {
        Self {
            lr: 1e-3,
            betas: (0.9, 0.999),
            eps: 1e-8,
            weight_decay: 0.0,
            decoupled_weight_decay: false,
            amsgrad: false,
            maximize: false,
            bias_correction: true,
        }
    }
}

/// `amsgrad` of Adam and AdamW.
pub(super) const AMSGRAD: ParamSpec = ParamSpec::switch(
    "amsgrad",
    "divide by the largest second moment seen so far (AMSGrad)",
);
/// `bias_correction` of Adam and AdamW.
pub(super) const BIAS_CORRECTION: ParamSpec = ParamSpec::switch(
    "bias_correction",
    "undo the zero start of the averages (not a torch option: switch off to see why)",
);

impl AdamConfig {
    /// [`Describe::validate`] under another optimizer's name (AdamW's).
    pub(super) fn validate_as(&self, name: &'static str) -> Result<(), ConfigError> {
        let c = Check(name);
        c.non_negative("lr", self.lr)?;
        c.betas(self.betas)?;
        c.non_negative("eps", self.eps)?;
        c.non_negative("weight_decay", self.weight_decay)
    }
}

/// The landscape caption of Adam and the optimizers built on it (AdamW, NAdam, RAdam).
pub(super) const MOMENTS_CAPTION: &str = "gradient averaged into the first moment, its square \
     into the second; step = first moment over the root of the second";

/// `β₁` and `β₂`, as the rules of the Adam family write them.
pub(super) fn betas() -> (String, String) {
    let beta = mi("β");
    (sub(&beta, ONE), sub(&beta, "<mn>2</mn>"))
}

/// `1 − βᵗ`, the bias correction of an average with decay `beta`.
pub(super) fn bias(beta: &str) -> String {
    format!("{ONE}{MINUS}{}", sup(beta, &mi("t")))
}

/// Adam's rule, which AdamW, NAdam and RAdam share: both averages, the bias-corrected moments
/// if `corrected`, the decoupled weight decay if `decay`, and the step, followed by `note`.
pub(super) fn moments_rule(corrected: bool, decay: bool, note: &str) -> Vec<String> {
    let (m, v) = (mi("m"), mi("v"));
    let (b1, b2) = betas();
    let mut lines = vec![average(&m, &b1, G), average(&v, &b2, &squared(G))];
    let (m, v) = if corrected {
        let (m_hat, v_hat) = (mi("m̂"), mi("v̂"));
        lines.push(row(&[
            &m_hat,
            EQUALS,
            &frac(&m, &bias(&b1)),
            &mo(",&#8195;"),
            &v_hat,
            EQUALS,
            &frac(&v, &bias(&b2)),
        ]));
        (m_hat, v_hat)
    } else {
        (m, v)
    };
    if decay {
        lines.push(weight_step(&[ETA, &mi("λ"), W]));
    }
    lines.push(weight_step(&[ETA, &over_root(&m, &v), note]));
    lines
}

impl Describe for AdamConfig {
    const NAME: &'static str = "adam";
    const LABEL: &'static str = "Adam";
    const PAPER: &'static str = "Kingma & Ba (2015), \"Adam: A Method for Stochastic \
        Optimization\"; AMSGrad: Reddi, Kale & Kumar (2018)";
    const PARAMS: &'static [ParamSpec] = &[
        ParamSpec::LR,
        ParamSpec::BETAS,
        ParamSpec::EPS,
        ParamSpec::WEIGHT_DECAY,
        ParamSpec::DECOUPLED_WEIGHT_DECAY,
        AMSGRAD,
        ParamSpec::MAXIMIZE,
        BIAS_CORRECTION,
    ];
    const STEP: StepScale = StepScale::Normalized;
    // The page's own lanes start here: a rate that trains the default classifier briskly.
    const CLASSIFIER_LR: Option<f64> = Some(1e-2);

    type State = Adam;

    /// Rejects negative or non-finite values and betas outside `[0, 1)`, as torch does.
    fn validate(&self) -> Result<(), ConfigError> {
        self.validate_as(Self::NAME)
    }

    /// Validates and allocates the moment buffers for `n_params` parameters.
    fn build(self, n_params: usize) -> Result<Adam, ConfigError> {
        self.validate()?;
        Ok(Adam::new(self, n_params))
    }

    fn rule(&self) -> Vec<String> {
        let decay = self.decoupled_weight_decay && self.weight_decay > 0.0;
        moments_rule(self.bias_correction, decay, "")
    }

    fn caption(&self) -> &'static str {
        MOMENTS_CAPTION
    }

    /// `m / (1 − β₁ᵗ)` and `v / (1 − β₂ᵗ)`, unless the teaching switch turned them off.
    fn corrected_moments(&self, t: u64, state: &dyn Fn(&str) -> Option<f64>) -> Option<(f64, f64)> {
        if !self.bias_correction {
            return None;
        }
        let (beta1, beta2) = self.betas;
        Some((
            state("exp_avg")? / bias_correction(beta1, t),
            state("exp_avg_sq")? / bias_correction(beta2, t),
        ))
    }
}

impl Hyper for AdamConfig {
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
            ("amsgrad", Slot::Bool(&mut self.amsgrad)),
            ("maximize", Slot::Bool(&mut self.maximize)),
            ("bias_correction", Slot::Bool(&mut self.bias_correction)),
        ]
    }
}

/// Adam, as `torch.optim.Adam` (and `torch.optim.AdamW` when the decay is decoupled; see
/// [`AdamWConfig`](super::adamw::AdamWConfig)).
///
/// ```text
/// θ ← θ·(1 − γλ)                     (AdamW: decoupled weight_decay λ)
/// g ← g + λ·θ                        (Adam: L2 weight_decay λ)
/// m ← β₁·m + (1 − β₁)·g
/// v ← β₂·v + (1 − β₂)·g²
/// v̂ ← max(v̂, v)                      (amsgrad; else v̂ = v)
/// θ ← θ − (γ / (1 − β₁ᵗ)) · m / (√v̂ / √(1 − β₂ᵗ) + ε)
/// ```
///
/// Defaults: `lr = 1e-3`, `betas = (0.9, 0.999)`, `eps = 1e-8`, `weight_decay = 0`
/// (AdamW: `1e-2`), `amsgrad = false`. Papers: Kingma & Ba (2015), "Adam: A Method for
/// Stochastic Optimization"; AMSGrad: Reddi, Kale & Kumar (2018), "On the Convergence of Adam
/// and Beyond"; AdamW: Loshchilov & Hutter (2019), "Decoupled Weight Decay Regularization".
///
/// Torch arranges the bias corrections as above rather than the lecture's
/// `m̂ = m/(1 − β₁ᵗ)`, `v̂ = v/(1 − β₂ᵗ)`, `θ ← θ − γ·m̂/(√v̂ + ε)`: the two are equal, `ε`
/// outside the root in both. With amsgrad torch keeps the maximum of the uncorrected `v`.
/// With `bias_correction = false` (a teaching switch) the step is `γ·m/(√v̂ + ε)`.
#[derive(Clone, Debug)]
pub struct Adam {
    config: AdamConfig,
    weight_decay: WeightDecay,
    exp_avg: Vec<f64>,
    exp_avg_sq: Vec<f64>,
    max_exp_avg_sq: Vec<f64>,
    t: u64,
}

/// One step's numbers, for [`update_pairs`].
struct Constants {
    sign: f64,
    lr: f64,
    beta1: f64,
    beta2: f64,
    eps: f64,
    bc2_sqrt: f64,
    step_size: f64,
    wd: WeightDecay,
}

/// Adam's update without AMSGrad, two parameters per instruction: operation for operation the
/// scalar loop of [`Adam::step`] (`wd.apply`, `ema`, `ema_sq`, the denominator, the step), so
/// results are bit for bit the same.
#[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
fn update_pairs(params: &mut [f64], grads: &[f64], m: &mut [f64], v: &mut [f64], k: &Constants) {
    use crate::simd::F64x2;
    let n = params.len();
    let (p2, p1) = params.as_chunks_mut::<2>();
    let (g2, g1) = grads[..n].as_chunks::<2>();
    let (m2, m1) = m[..n].as_chunks_mut::<2>();
    let (v2, v1) = v[..n].as_chunks_mut::<2>();
    let s = F64x2::splat;
    let w = 1.0 - k.beta1;
    for (((p, g), m), v) in p2.iter_mut().zip(g2).zip(m2).zip(v2) {
        let mut pv = F64x2::load(p);
        let mut gv = s(k.sign).times(F64x2::load(g));
        match k.wd {
            WeightDecay::None => {}
            WeightDecay::L2(wd) => gv = gv.plus(s(wd).times(pv)),
            WeightDecay::Decoupled(wd) => pv = pv.times(s(1.0 - k.lr * wd)),
        }
        // ema: torch's lerp from the nearer end.
        let mv = F64x2::load(m);
        let mv = if w.abs() < 0.5 {
            mv.plus(s(w).times(gv.minus(mv)))
        } else {
            gv.minus(gv.minus(mv).times(s(1.0 - w)))
        };
        mv.store(m);
        // ema_sq
        let vv = F64x2::load(v)
            .times(s(k.beta2))
            .plus(s(1.0 - k.beta2).times(gv).times(gv));
        vv.store(v);
        let denom = vv.sqrt().over(s(k.bc2_sqrt)).plus(s(k.eps));
        pv.minus(s(k.step_size).times(mv).over(denom)).store(p);
    }
    for (((p, &g), m), v) in p1.iter_mut().zip(g1).zip(m1).zip(v1) {
        let g = k.wd.apply(k.lr, p, k.sign * g);
        ema(m, g, k.beta1);
        ema_sq(v, g, k.beta2);
        let denom = v.sqrt() / k.bc2_sqrt + k.eps;
        *p -= k.step_size * *m / denom;
    }
}

impl Adam {
    /// Adam's buffers for a config already validated.
    pub(super) fn new(config: AdamConfig, n_params: usize) -> Self {
        Self {
            weight_decay: WeightDecay::from_torch(
                config.weight_decay,
                config.decoupled_weight_decay,
            ),
            exp_avg: vec![0.0; n_params],
            exp_avg_sq: vec![0.0; n_params],
            max_exp_avg_sq: vec![0.0; n_params],
            t: 0,
            config,
        }
    }

    /// The configuration this optimizer runs with (its `lr` follows [`Optim::set_lr`]).
    pub fn config(&self) -> &AdamConfig {
        &self.config
    }
}

impl Optim for Adam {
    fn step(&mut self, params: &mut [f64], grads: &[f64]) {
        check_lengths(self.exp_avg.len(), params, grads);
        self.t += 1;
        let c = &self.config;
        let (sign, lr, (beta1, beta2), eps) = (ascent_sign(c.maximize), c.lr, c.betas, c.eps);
        let (bc1, bc2_sqrt) = if c.bias_correction {
            (
                bias_correction(beta1, self.t),
                bias_correction(beta2, self.t).sqrt(),
            )
        } else {
            (1.0, 1.0)
        };
        let step_size = lr / bc1;
        let (wd, amsgrad) = (self.weight_decay, c.amsgrad);
        if !amsgrad {
            let k = Constants {
                sign,
                lr,
                beta1,
                beta2,
                eps,
                bc2_sqrt,
                step_size,
                wd,
            };
            update_pairs(params, grads, &mut self.exp_avg, &mut self.exp_avg_sq, &k);
            return;
        }
        let buffers = self
            .exp_avg
            .iter_mut()
            .zip(&mut self.exp_avg_sq)
            .zip(&mut self.max_exp_avg_sq);
        for ((p, &g), ((m, v), v_max)) in params.iter_mut().zip(grads).zip(buffers) {
            let g = wd.apply(lr, p, sign * g);
            ema(m, g, beta1);
            ema_sq(v, g, beta2);
            let v_hat = if amsgrad {
                *v_max = v_max.max(*v);
                *v_max
            } else {
                *v
            };
            let denom = v_hat.sqrt() / bc2_sqrt + eps;
            *p -= step_size * *m / denom;
        }
    }

    fn reset(&mut self) {
        self.exp_avg.fill(0.0);
        self.exp_avg_sq.fill(0.0);
        self.max_exp_avg_sq.fill(0.0);
        self.t = 0;
    }

    fn state(&self) -> Vec<(&'static str, &[f64])> {
        let mut state = vec![
            ("exp_avg", &self.exp_avg[..]),
            ("exp_avg_sq", &self.exp_avg_sq[..]),
        ];
        if self.config.amsgrad {
            state.push(("max_exp_avg_sq", &self.max_exp_avg_sq[..]));
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
    fn two_lane_update_is_the_scalar_update_bit_for_bit() {
        for (wd, decoupled, beta1) in [(0.0, false, 0.9), (0.1, false, 0.9), (0.1, true, 0.3)] {
            let config = AdamConfig {
                lr: 0.05,
                betas: (beta1, 0.99),
                weight_decay: wd,
                decoupled_weight_decay: decoupled,
                ..Default::default()
            };
            let mut opt = config.clone().build(7).unwrap();
            let mut p: Vec<f64> = (0..7).map(|i| 0.3 * i as f64 - 1.1).collect();
            let (mut q, mut m, mut v) = (p.clone(), vec![0.0; 7], vec![0.0; 7]);
            let decay = WeightDecay::from_torch(wd, decoupled);
            for t in 1..=5 {
                let g: Vec<f64> = (0..7).map(|i| ((i * t) as f64).sin() + 0.2).collect();
                opt.step(&mut p, &g);
                let (bc1, bc2) = (
                    bias_correction(beta1, t as u64),
                    bias_correction(0.99, t as u64),
                );
                for i in 0..7 {
                    let gi = decay.apply(0.05, &mut q[i], g[i]);
                    ema(&mut m[i], gi, beta1);
                    ema_sq(&mut v[i], gi, 0.99);
                    let denom = v[i].sqrt() / bc2.sqrt() + 1e-8;
                    q[i] -= 0.05 / bc1 * m[i] / denom;
                }
                assert_eq!(p, q, "{config:?}, step {t}");
            }
        }
    }

    #[test]
    fn first_step_is_lr_times_sign() {
        // After one step m̂ = g and v̂ = g², so the move is γ·g/(|g| + ε) ≈ γ·sign(g).
        let mut opt = AdamConfig {
            lr: 0.1,
            eps: 0.0,
            ..Default::default()
        }
        .build(2)
        .unwrap();
        let mut x = [1.0, 1.0];
        opt.step(&mut x, &[5.0, -0.01]);
        assert!((x[0] - 0.9).abs() < 1e-15 && (x[1] - 1.1).abs() < 1e-15);
        assert_eq!(opt.state().len(), 2);
    }

    #[test]
    fn second_step_by_hand() {
        let (b1, b2) = (0.5, 0.75);
        let mut opt = AdamConfig {
            lr: 0.1,
            betas: (b1, b2),
            eps: 0.0,
            ..Default::default()
        }
        .build(1)
        .unwrap();
        let mut x = [0.0];
        opt.step(&mut x, &[2.0]);
        opt.step(&mut x, &[1.0]);
        // m = 0.5·1 + 0.5·1 = 1.0 after m₁ = 1; v = 0.75·1 + 0.25·1 = 1.0 after v₁ = 1.
        let (m, v) = (1.0, 1.0);
        let step2 = 0.1 / (1.0 - b1 * b1) * m / (f64::sqrt(v) / (1.0 - b2 * b2).sqrt());
        assert!((x[0] - (-0.1 - step2)).abs() < 1e-15);
    }

    #[test]
    fn without_bias_correction_the_first_step_is_small() {
        let mut opt = AdamConfig {
            lr: 0.1,
            eps: 0.0,
            bias_correction: false,
            ..Default::default()
        }
        .build(1)
        .unwrap();
        let mut x = [0.0];
        opt.step(&mut x, &[1.0]);
        // m = 0.1, √v = √0.001: the step is 0.1·0.1/0.0316 ≈ 0.316, not 0.1.
        assert!((x[0] + 0.1 * 0.1 / 0.001f64.sqrt()).abs() < 1e-15);
    }

    #[test]
    fn amsgrad_keeps_the_maximum() {
        let mut opt = AdamConfig {
            amsgrad: true,
            ..Default::default()
        }
        .build(1)
        .unwrap();
        let mut x = [0.0];
        opt.step(&mut x, &[10.0]);
        opt.step(&mut x, &[0.0]);
        let state = opt.state();
        assert_eq!(state[2].0, "max_exp_avg_sq");
        assert!((state[2].1[0] - 0.1).abs() < 1e-12);
        assert!(state[1].1[0] < state[2].1[0]);
    }

    #[test]
    fn maximize_flips_direction() {
        assert_maximize_mirrors(|maximize| {
            AdamConfig {
                maximize,
                ..Default::default()
            }
            .build(2)
            .unwrap()
        });
    }

    #[test]
    fn validation_messages() {
        let err = AdamConfig {
            betas: (1.5, 0.999),
            ..Default::default()
        }
        .validate()
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "adam: invalid betas[0] = 1.5: must be in [0, 1)"
        );
    }

    #[test]
    fn bias_correction_shows_the_corrected_moments() {
        let mut adam = AdamConfig::default();
        assert!(adam.rule().concat().contains("m̂"));
        adam.bias_correction = false;
        assert!(!adam.rule().concat().contains("m̂"));
    }

    /// Golden case `adam-amsgrad-beale` of `torch_reference.json`.
    #[test]
    fn torch_golden_amsgrad_beale() {
        let opt = AdamConfig {
            lr: 0.05,
            amsgrad: true,
            ..Default::default()
        };
        assert_golden(
            opt.build(2).unwrap(),
            Function::Beale,
            &[1.0, 1.5],
            60,
            &[0.9500000000144928, 1.4500000000054054],
            &[1.4364918924891732, 0.198152194821582],
        );
    }
}
