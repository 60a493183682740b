//! When a lane's training has blown up, and what showed it.

use std::fmt;

/// Why and when a lane stopped.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Divergence {
    /// The step (1-based) whose loss or weights stopped being finite.
    pub step: usize,
    pub cause: DivergenceCause,
}

/// A mini-batch loss above this counts as diverged: the networks here start near a loss of 1,
/// and a cross-entropy network whose weights explode keeps a finite (if absurd) loss for a very
/// long time, its saturated units passing no gradient that could overflow.
pub const EXPLODED_LOSS: f64 = 1e10;

/// What showed the divergence first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DivergenceCause {
    LossNan,
    LossInfinite,
    /// The loss passed [`EXPLODED_LOSS`].
    LossExploded,
    WeightsNotFinite,
}

impl DivergenceCause {
    /// What, if anything, says a run with this `loss` has diverged, checked in this order: a NaN
    /// or infinite loss, a loss past [`EXPLODED_LOSS`], weights no longer finite.
    pub fn of(loss: f64, weights_finite: bool) -> Option<DivergenceCause> {
        if loss.is_nan() {
            Some(DivergenceCause::LossNan)
        } else if loss.is_infinite() {
            Some(DivergenceCause::LossInfinite)
        } else if loss > EXPLODED_LOSS {
            Some(DivergenceCause::LossExploded)
        } else if !weights_finite {
            Some(DivergenceCause::WeightsNotFinite)
        } else {
            None
        }
    }
}

impl fmt::Display for Divergence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.cause {
            DivergenceCause::LossNan => "loss became NaN",
            DivergenceCause::LossInfinite => "loss became infinite",
            DivergenceCause::LossExploded => "loss passed 1e10",
            DivergenceCause::WeightsNotFinite => "the weights stopped being finite numbers",
        };
        write!(
            f,
            "diverged at step {}: {what}; lower the learning rate",
            self.step
        )
    }
}
