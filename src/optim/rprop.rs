//! Rprop: move each weight by its own step size, grown while the gradient keeps its sign.

use super::error::{Check, ConfigError};
use super::notation::{mi, paren, row, sub, weight_step, ETA, G, GETS, MINUS, PLUS, TIMES};
use super::pieces::{ascent_sign, check_lengths};
use super::{Describe, Hyper, Optim, ParamSpec, Slot, StepScale};

/// Hyperparameters of [`Rprop`], with torch's names and defaults.
#[derive(Clone, Debug, PartialEq)]
pub struct RpropConfig {
    /// Initial step size of every weight (default: 1e-2).
    pub lr: f64,
    /// `(η⁻, η⁺)`: step-size factors after a sign change and after a kept sign
    /// (default: (0.5, 1.2)).
    pub etas: (f64, f64),
    /// `(Δmin, Δmax)`: bounds of the step sizes (default: (1e-6, 50)).
    pub step_sizes: (f64, f64),
    /// Ascend instead of descend (default: false).
    pub maximize: bool,
}

impl Default for RpropConfig {
    fn default() -> Self {
        Self {
            lr: 1e-2,
            etas: (0.5, 1.2),
            step_sizes: (1e-6, 50.0),
            maximize: false,
        }
    }
}

impl Describe for RpropConfig {
    const NAME: &'static str = "rprop";
    const LABEL: &'static str = "Rprop";
    const PAPER: &'static str = "Riedmiller & Braun (1993), \"A Direct Adaptive Method for \
        Faster Backpropagation Learning: The RPROP Algorithm\"";
    const PARAMS: &'static [ParamSpec] = &[
        ParamSpec::LR,
        ParamSpec::pair(
            "etas",
            "step-size factors after a sign change and after a kept sign",
            ((0.1, 1.01), (0.99, 2.0), false),
        ),
        ParamSpec::pair(
            "step_sizes",
            "smallest and largest allowed step size",
            ((1e-8, 1e-2), (1e-2, 100.0), true),
        ),
        ParamSpec::MAXIMIZE,
    ];
    const STEP: StepScale = StepScale::Normalized;
    const CLASSIFIER_LR: Option<f64> = None;

    type State = Rprop;

    /// Rejects a negative or non-finite `lr`, etas not `0 < η⁻ < 1 < η⁺` (as torch), and
    /// step-size bounds not `0 <= Δmin <= Δmax` (torch leaves these unchecked).
    fn validate(&self) -> Result<(), ConfigError> {
        let c = Check(Self::NAME);
        c.non_negative("lr", self.lr)?;
        let (minus, plus) = self.etas;
        c.that(
            "etas[0]",
            minus,
            0.0 < minus && minus < 1.0,
            "must be in (0, 1)",
        )?;
        c.that("etas[1]", plus, plus > 1.0, "must be > 1")?;
        let (lo, hi) = self.step_sizes;
        c.non_negative("step_sizes[0]", lo)?;
        c.that("step_sizes[1]", hi, hi >= lo, "must be >= step_sizes[0]")
    }

    /// Validates and allocates the buffers for `n_params` parameters.
    fn build(self, n_params: usize) -> Result<Rprop, ConfigError> {
        self.validate()?;
        let mut opt = Rprop {
            prev: vec![0.0; n_params],
            step_size: vec![0.0; n_params],
            t: 0,
            config: self,
        };
        opt.reset();
        Ok(opt)
    }

    /// Each weight's step size `s`, grown or shrunk by the sign, and a move of `s` against it.
    fn rule(&self) -> Vec<String> {
        let s = mi("s");
        let factor = format!(
            "<mrow><mo>{{</mo><mtable>\
             <mtr><mtd>{}</mtd><mtd><mtext>if g keeps its sign</mtext></mtd></mtr>\
             <mtr><mtd>{}</mtd><mtd><mtext>if it flips</mtext></mtd></mtr>\
             </mtable></mrow>",
            sub(ETA, PLUS),
            sub(ETA, MINUS)
        );
        vec![
            row(&[&s, GETS, &s, TIMES, &factor]),
            weight_step(&[&s, TIMES, &mi("sign"), &paren(G)]),
        ]
    }

    fn caption(&self) -> &'static str {
        "only the sign of the gradient used; \
         each coordinate's step grows while the sign holds and shrinks when it flips"
    }
}

impl Hyper for RpropConfig {
    fn slots(&mut self) -> impl IntoIterator<Item = (&'static str, Slot<'_>)> {
        [
            ("lr", Slot::Number(&mut self.lr)),
            ("etas", Slot::Pair(&mut self.etas)),
            ("step_sizes", Slot::Pair(&mut self.step_sizes)),
            ("maximize", Slot::Bool(&mut self.maximize)),
        ]
    }
}

/// Rprop (resilient backpropagation), as `torch.optim.Rprop`.
///
/// Per weight, with step size `Δ` (starting at `lr`) and the previous gradient `g′` (starting 0):
///
/// ```text
/// g·g′ > 0:  Δ ← min(Δ·η⁺, Δmax)
/// g·g′ < 0:  Δ ← max(Δ·η⁻, Δmin);  g ← 0     (skip this weight's move once)
/// g·g′ = 0:  Δ unchanged
/// θ ← θ − sign(g)·Δ;   g′ ← g
/// ```
///
/// Defaults: `lr = 1e-2`, `etas = (0.5, 1.2)`, `step_sizes = (1e-6, 50)`.
/// Paper: Riedmiller & Braun (1993), "A Direct Adaptive Method for Faster Backpropagation
/// Learning: The RPROP Algorithm" (torch implements the Rprop⁻ variant without backtracking).
///
/// Only the sign of the gradient is used, so Rprop suits full-batch training, not noisy
/// mini-batches. `lr` only seeds the step sizes: like torch, [`Optim::set_lr`] affects
/// them only at the next [`Optim::reset`].
#[derive(Clone, Debug)]
pub struct Rprop {
    config: RpropConfig,
    prev: Vec<f64>,
    step_size: Vec<f64>,
    t: u64,
}

impl Optim for Rprop {
    fn step(&mut self, params: &mut [f64], grads: &[f64]) {
        check_lengths(self.prev.len(), params, grads);
        let c = &self.config;
        let (sign, (eta_minus, eta_plus), (lo, hi)) =
            (ascent_sign(c.maximize), c.etas, c.step_sizes);
        let buffers = self.prev.iter_mut().zip(&mut self.step_size);
        for ((p, &g), (prev, delta)) in params.iter_mut().zip(grads).zip(buffers) {
            let mut g = sign * g;
            let agreement = g * *prev;
            let factor = if agreement > 0.0 {
                eta_plus
            } else if agreement < 0.0 {
                g = 0.0;
                eta_minus
            } else {
                1.0
            };
            // torch's clamp; `f64::clamp` would bring its panic message's float printer.
            let d = *delta * factor;
            *delta = if d < lo {
                lo
            } else if d > hi {
                hi
            } else {
                d
            };
            // `signum` of 0.0 is 1 in Rust; torch's sign(0) is 0, so a zeroed gradient stays put.
            if g != 0.0 {
                *p -= g.signum() * *delta;
            }
            *prev = g;
        }
        self.t += 1;
    }

    fn reset(&mut self) {
        self.prev.fill(0.0);
        self.step_size.fill(self.config.lr);
        self.t = 0;
    }

    fn state(&self) -> Vec<(&'static str, &[f64])> {
        vec![("prev", &self.prev[..]), ("step_size", &self.step_size[..])]
    }

    common_accessors!();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::optim::testing::{assert_golden, assert_maximize_mirrors, Function};

    #[test]
    fn sign_rule_by_hand() {
        let mut opt = RpropConfig {
            lr: 0.1,
            ..Default::default()
        }
        .build(1)
        .unwrap();
        let mut x = [0.0];
        opt.step(&mut x, &[3.0]); // no history: Δ = 0.1
        assert!((x[0] + 0.1).abs() < 1e-15);
        opt.step(&mut x, &[5.0]); // same sign: Δ = 0.12
        assert!((x[0] + 0.22).abs() < 1e-15);
        opt.step(&mut x, &[-1.0]); // sign change: Δ = 0.06, no move, g′ = 0
        assert!((x[0] + 0.22).abs() < 1e-15);
        assert_eq!(opt.state()[0].1, &[0.0]);
        opt.step(&mut x, &[-1.0]); // after the skip: Δ unchanged, move up by 0.06
        assert!((x[0] + 0.16).abs() < 1e-15);
    }

    #[test]
    fn step_sizes_are_clamped() {
        let mut opt = RpropConfig {
            lr: 1.0,
            step_sizes: (0.5, 1.1),
            ..Default::default()
        }
        .build(1)
        .unwrap();
        let mut x = [0.0];
        opt.step(&mut x, &[1.0]);
        opt.step(&mut x, &[1.0]);
        assert_eq!(opt.state()[1].1, &[1.1]);
    }

    #[test]
    fn maximize_flips_direction() {
        assert_maximize_mirrors(|maximize| {
            RpropConfig {
                maximize,
                ..Default::default()
            }
            .build(2)
            .unwrap()
        });
    }

    #[test]
    fn validation_messages() {
        let bad = |etas| {
            RpropConfig {
                etas,
                ..Default::default()
            }
            .validate()
            .unwrap_err()
            .to_string()
        };
        assert_eq!(
            bad((1.5, 2.0)),
            "rprop: invalid etas[0] = 1.5: must be in (0, 1)"
        );
        assert_eq!(bad((0.5, 0.9)), "rprop: invalid etas[1] = 0.9: must be > 1");
        let err = RpropConfig {
            step_sizes: (1.0, 0.5),
            ..Default::default()
        }
        .validate()
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "rprop: invalid step_sizes[1] = 0.5: must be >= step_sizes[0]"
        );
    }

    /// Golden case `rprop-rosenbrock` of `torch_reference.json`.
    #[test]
    fn torch_golden_rosenbrock() {
        assert_golden(
            RpropConfig::default().build(2).unwrap(),
            Function::Rosenbrock,
            &[-1.5, 2.0],
            60,
            &[-1.49, 2.01],
            &[-1.2990019557545356, 1.6752312765680486],
        );
    }
}
