//! When a lane's training has blown up, and what showed it; and when it runs away without
//! blowing up (an unstable lane).

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
    /// A weight whose gradient was exactly 0 became NaN: the update divided 0 by 0 (an
    /// adaptive method with `eps = 0`), which no learning rate causes or cures.
    ZeroOverZero,
}

/// The weights after a step, as the divergence check sees them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Weights {
    Finite,
    NotFinite,
    /// Some weight with a zero gradient and a finite value became NaN.
    ZeroOverZero,
}

impl Weights {
    /// The weights `after` a step from `before` with gradient `grads`.
    pub fn after(after: &[f64], before: &[f64], grads: &[f64]) -> Weights {
        if after.iter().all(|p| p.is_finite()) {
            return Weights::Finite;
        }
        let zero_over_zero = after
            .iter()
            .zip(before)
            .zip(grads)
            .any(|((p, b), g)| p.is_nan() && b.is_finite() && *g == 0.0);
        if zero_over_zero {
            Weights::ZeroOverZero
        } else {
            Weights::NotFinite
        }
    }
}

impl DivergenceCause {
    /// What, if anything, says a run with this `loss` has diverged, checked in this order: a NaN
    /// or infinite loss, a loss past [`EXPLODED_LOSS`], weights no longer finite.
    pub fn of(loss: f64, weights: Weights) -> Option<DivergenceCause> {
        if loss.is_nan() {
            Some(DivergenceCause::LossNan)
        } else if loss.is_infinite() {
            Some(DivergenceCause::LossInfinite)
        } else if loss > EXPLODED_LOSS {
            Some(DivergenceCause::LossExploded)
        } else {
            match weights {
                Weights::Finite => None,
                Weights::NotFinite => Some(DivergenceCause::WeightsNotFinite),
                Weights::ZeroOverZero => Some(DivergenceCause::ZeroOverZero),
            }
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
            DivergenceCause::ZeroOverZero => {
                return write!(
                    f,
                    "stopped at step {}: an update divided 0 by 0 (a zero gradient with eps = 0); raise eps",
                    self.step
                )
            }
        };
        write!(
            f,
            "diverged at step {}: {what}; lower the learning rate",
            self.step
        )
    }
}

/// A run whose loss stays far above where it started, without blowing up: this many times the
/// first loss...
pub const UNSTABLE_FACTOR: f64 = 10.0;
/// ...and at least this much above it (a tiny first loss should not make noise a runaway)...
pub const UNSTABLE_MARGIN: f64 = 1.0;
/// ...over this many checks in a row (evaluations of a lane, steps of a walker).
pub const UNSTABLE_CHECKS: usize = 3;

/// A runaway: where it began, and the losses then and now.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Instability {
    /// The step of the first of the checks in a row that were far above the start.
    pub since: usize,
    pub first_loss: f64,
    pub loss: f64,
}

impl fmt::Display for Instability {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unstable since step {}: the loss stays {} times its start ({} → {}); lower the learning rate",
            self.since,
            crate::format::fixed(self.loss / self.first_loss, 0),
            crate::format::figure(self.first_loss),
            crate::format::figure(self.loss)
        )
    }
}

/// Watches a run's loss for a runaway: fed the loss at each check, it says whether the run is
/// unstable now.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct RunawayWatch {
    first: Option<f64>,
    /// The step of the first check of the current run of far-above checks, and their count.
    above: Option<(usize, usize)>,
    /// The verdict after the latest check.
    pub unstable: Option<Instability>,
}

impl RunawayWatch {
    /// One check: the loss at `step` (the first check gives the starting loss).
    pub fn check(&mut self, step: usize, loss: f64) {
        let Some(first) = self.first else {
            self.first = Some(loss).filter(|l| l.is_finite());
            return;
        };
        let far =
            loss.is_finite() && loss > UNSTABLE_FACTOR * first && loss > first + UNSTABLE_MARGIN;
        self.above = if far {
            let (since, n) = self.above.unwrap_or((step, 0));
            Some((since, n + 1))
        } else {
            None
        };
        self.unstable = match self.above {
            Some((since, n)) if n >= UNSTABLE_CHECKS => Some(Instability {
                since,
                first_loss: first,
                loss,
            }),
            _ => None,
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_loss_that_stays_far_above_its_start_is_unstable_and_can_recover() {
        let mut w = RunawayWatch::default();
        w.check(0, 0.7);
        for (step, loss) in [(10, 30.0), (20, 50.0)] {
            w.check(step, loss);
            assert_eq!(w.unstable, None, "two checks are not yet a runaway");
        }
        w.check(30, 40.0);
        let u = w.unstable.unwrap();
        assert_eq!((u.since, u.first_loss, u.loss), (10, 0.7, 40.0));
        assert_eq!(
            u.to_string(),
            "unstable since step 10: the loss stays 57 times its start (0.7 → 40); lower the learning rate"
        );
        w.check(40, 0.5);
        assert_eq!(w.unstable, None, "back down: no longer unstable");
        // A tiny first loss: noise ten times it is no runaway.
        let mut w = RunawayWatch::default();
        w.check(0, 0.01);
        for step in 1..10 {
            w.check(step, 0.5);
        }
        assert_eq!(w.unstable, None);
    }

    #[test]
    fn zero_over_zero_is_named_and_is_not_a_learning_rate_problem() {
        assert_eq!(
            Weights::after(&[1.0, f64::NAN], &[1.0, 0.0], &[0.5, 0.0]),
            Weights::ZeroOverZero
        );
        assert_eq!(
            Weights::after(&[f64::INFINITY], &[1.0], &[1e308]),
            Weights::NotFinite
        );
        assert_eq!(Weights::after(&[1.0], &[1.0], &[0.0]), Weights::Finite);
        let d = Divergence {
            step: 1,
            cause: DivergenceCause::of(0.69, Weights::ZeroOverZero).unwrap(),
        };
        assert!(
            d.to_string().contains("divided 0 by 0") && !d.to_string().contains("learning rate")
        );
    }
}
