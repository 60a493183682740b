//! The shared pieces every optimizer is assembled from, each written once.
//!
//! Like optax's gradient transformations, an optimizer here is a short chain: flip the sign for
//! `maximize`, apply [`WeightDecay`], update moment estimates ([`ema`], [`ema_sq`]), correct their
//! bias ([`bias_correction`]), optionally apply [`Momentum`], then move the parameter. The
//! arithmetic follows torch's kernels term by term (its `lerp`, `addcmul`, `addcdiv`), so
//! trajectories agree with PyTorch to rounding.

/// How a weight-decay coefficient enters the update.
///
/// - `L2(wd)`: the classic penalty `0.5·wd·‖p‖²` folded into the gradient, `g ← g + wd·p`
///   (torch's `weight_decay` on SGD, Adam, ...). Inside adaptive methods it is then rescaled
///   per coordinate, which weakens it where gradients are large.
/// - `Decoupled(wd)`: shrink the weights directly, `p ← p·(1 − lr·wd)`, before the adaptive step
///   (Loshchilov & Hutter, 2019, "Decoupled Weight Decay Regularization": AdamW).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum WeightDecay {
    /// No decay.
    None,
    /// Penalty added to the gradient: `g ← g + wd·p`.
    L2(f64),
    /// Weights shrunk before the step: `p ← p·(1 − lr·wd)`.
    Decoupled(f64),
}

impl WeightDecay {
    /// From torch's two keywords `weight_decay` and `decoupled_weight_decay`.
    pub fn from_torch(weight_decay: f64, decoupled: bool) -> Self {
        match (weight_decay == 0.0, decoupled) {
            (true, _) => Self::None,
            (false, false) => Self::L2(weight_decay),
            (false, true) => Self::Decoupled(weight_decay),
        }
    }

    /// Applies the decay to one coordinate and returns the gradient the rest of the step uses.
    #[inline(always)]
    pub fn apply(self, lr: f64, param: &mut f64, grad: f64) -> f64 {
        match self {
            Self::None => grad,
            Self::L2(wd) => grad + wd * *param,
            Self::Decoupled(wd) => {
                *param *= 1.0 - lr * wd;
                grad
            }
        }
    }
}

/// Heavy-ball momentum as torch's SGD implements it (also used, undamped, by RMSprop).
///
/// Buffer `b ← μ·b + (1 − τ)·g` (with `τ` the dampening), then the step direction is `b`
/// (Polyak, 1964) or, for Nesterov, `g + μ·b` (Sutskever et al., 2013's reformulation of
/// Nesterov, 1983). On the very first step torch sets `b ← g` without dampening.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Momentum {
    /// Step along the gradient itself.
    None,
    /// Step along the buffer: `d = b`.
    Classic {
        /// `μ`, the buffer's decay.
        momentum: f64,
        /// `τ`, how much of the new gradient is held back.
        dampening: f64,
    },
    /// Look ahead: `d = g + μ·b` (torch requires zero dampening).
    Nesterov {
        /// `μ`, the buffer's decay.
        momentum: f64,
    },
}

impl Momentum {
    /// From torch's SGD keywords (already validated: Nesterov needs `μ > 0`, `τ = 0`).
    pub fn from_torch(momentum: f64, dampening: f64, nesterov: bool) -> Self {
        match (momentum == 0.0, nesterov) {
            (true, _) => Self::None,
            (false, false) => Self::Classic {
                momentum,
                dampening,
            },
            (false, true) => Self::Nesterov { momentum },
        }
    }

    /// Updates the buffer `buf` with `grad` and returns the step direction.
    /// `first` marks torch's first step, where the buffer is a plain copy of the gradient.
    #[inline(always)]
    pub fn apply(self, buf: &mut f64, grad: f64, first: bool) -> f64 {
        let (momentum, dampening) = match self {
            Self::None => return grad,
            Self::Classic {
                momentum,
                dampening,
            } => (momentum, dampening),
            Self::Nesterov { momentum } => (momentum, 0.0),
        };
        *buf = if first {
            grad
        } else {
            *buf * momentum + (1.0 - dampening) * grad
        };
        match self {
            Self::Nesterov { .. } => grad + momentum * *buf,
            _ => *buf,
        }
    }
}

/// `+1` or `−1`: torch's `maximize` runs gradient ascent by negating the gradient.
#[inline(always)]
pub fn ascent_sign(maximize: bool) -> f64 {
    if maximize {
        -1.0
    } else {
        1.0
    }
}

/// torch's `lerp(a, b, w) = a + w·(b − a)`, evaluated from the nearer end as torch does.
#[inline(always)]
pub fn lerp(a: f64, b: f64, w: f64) -> f64 {
    if w.abs() < 0.5 {
        a + w * (b - a)
    } else {
        b - (b - a) * (1.0 - w)
    }
}

/// First-moment estimate, an exponential moving average: `m ← β·m + (1 − β)·x`
/// (torch: `m.lerp_(x, 1 − β)`).
#[inline(always)]
pub fn ema(avg: &mut f64, x: f64, beta: f64) {
    *avg = lerp(*avg, x, 1.0 - beta);
}

/// Second-moment estimate: `v ← β·v + (1 − β)·x²` (torch: `v.mul_(β).addcmul_(x, x, 1 − β)`).
#[inline(always)]
pub fn ema_sq(avg: &mut f64, x: f64, beta: f64) {
    *avg = *avg * beta + (1.0 - beta) * x * x;
}

/// `1 − βᵗ`: an average started at zero has expectation `(1 − βᵗ)·E[x]` after `t` steps,
/// so dividing by this removes the bias towards zero (Kingma & Ba, 2015, §3).
///
/// Once `t·(1 − β) > 42`, `βᵗ ≤ e^{−t(1−β)} < 2⁻⁶⁰` and `1 − βᵗ` rounds to exactly 1, so the
/// power (a library call of some hundred instructions, twice per Adam step) is skipped: the
/// same number, after step 420 for β = 0.9 and step 42,000 for β = 0.999.
#[inline]
pub fn bias_correction(beta: f64, t: u64) -> f64 {
    if (0.0..1.0).contains(&beta) && t as f64 * (1.0 - beta) > 42.0 {
        return 1.0;
    }
    1.0 - beta.powf(t as f64)
}

/// Panics unless `params` and `grads` both have the length the optimizer was built for.
#[inline]
pub(crate) fn check_lengths(n: usize, params: &[f64], grads: &[f64]) {
    assert_eq!(params.len(), n, "optimizer built for {n} parameters");
    assert_eq!(grads.len(), n, "optimizer built for {n} gradients");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bias_correction_reaches_exactly_one_where_the_power_no_longer_counts() {
        for beta in [0.0, 0.5, 0.9, 0.99, 0.999, 0.9999] {
            let limit = (42.0 / (1.0 - beta)) as u64;
            for t in (1..limit + 50).chain(limit.saturating_sub(50)..limit + 50) {
                assert_eq!(
                    bias_correction(beta, t).to_bits(),
                    (1.0 - beta.powf(t as f64)).to_bits(),
                    "beta {beta}, t {t}"
                );
            }
        }
    }

    #[test]
    fn weight_decay_kinds() {
        let mut p = 2.0;
        assert_eq!(WeightDecay::L2(0.1).apply(0.5, &mut p, 1.0), 1.2);
        assert_eq!(p, 2.0);
        assert_eq!(WeightDecay::Decoupled(0.1).apply(0.5, &mut p, 1.0), 1.0);
        assert_eq!(p, 2.0 * 0.95);
        assert_eq!(WeightDecay::from_torch(0.0, true), WeightDecay::None);
        assert_eq!(WeightDecay::from_torch(0.1, false), WeightDecay::L2(0.1));
    }

    #[test]
    fn momentum_first_step_copies_then_accumulates() {
        let m = Momentum::from_torch(0.9, 0.5, false);
        let mut buf = 0.0;
        assert_eq!(m.apply(&mut buf, 2.0, true), 2.0);
        assert_eq!(m.apply(&mut buf, 2.0, false), 0.9 * 2.0 + 0.5 * 2.0);
        let n = Momentum::from_torch(0.9, 0.0, true);
        let mut buf = 0.0;
        assert_eq!(n.apply(&mut buf, 1.0, true), 1.0 + 0.9);
        assert_eq!(Momentum::from_torch(0.0, 0.0, false), Momentum::None);
    }

    #[test]
    fn moving_averages_and_bias() {
        let mut m = 0.0;
        ema(&mut m, 1.0, 0.9);
        assert!((m - 0.1).abs() < 1e-16);
        let mut v = 0.0;
        ema_sq(&mut v, 3.0, 0.9);
        assert!((v - 0.9).abs() < 1e-15);
        // One step of an EMA of a constant, divided by the correction, recovers the constant.
        assert!((m / bias_correction(0.9, 1) - 1.0).abs() < 1e-15);
        assert_eq!(lerp(1.0, 3.0, 0.75), 2.5);
        assert_eq!(ascent_sign(true), -1.0);
    }
}
