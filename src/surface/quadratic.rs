//! The ill-conditioned bowl: the simplest valley.

use super::{TestFunction, View};

/// `f(x, y) = ½ (x² + κ y²)` with condition number `κ = condition`; the gradient is
/// `(x, κ y)`. With `κ = 25` it is the golden file's `quadratic` in two coordinates
/// (weights `[1, 25]`). Gradient descent converges for `lr < 2 / κ` but crawls along `x` at
/// that rate: the picture behind momentum (Polyak, 1964).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Quadratic {
    /// The curvature along `y` relative to `x`.
    pub condition: f64,
}

impl Default for Quadratic {
    fn default() -> Self {
        Self { condition: 25.0 }
    }
}

impl TestFunction for Quadratic {
    fn value(&self, [x, y]: [f64; 2]) -> f64 {
        0.5 * (x * x + self.condition * y * y)
    }

    fn gradient(&self, [x, y]: [f64; 2]) -> [f64; 2] {
        [x, self.condition * y]
    }

    fn minima(&self) -> Vec<[f64; 2]> {
        vec![[0.0, 0.0]]
    }

    fn view(&self) -> View {
        ([-2.5, 2.5], [-2.5, 2.5])
    }

    fn default_start(&self) -> [f64; 2] {
        [2.0, 1.0]
    }

    /// `1.25 / κ`: below the `2 / κ` where the steep direction starts to diverge, and fast
    /// along the flat one (the curvature is `max(1, κ)`).
    fn gradient_lr(&self) -> f64 {
        1.25 / self.condition.max(1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::super::checks;
    use super::*;

    #[test]
    fn gradient_and_minimum() {
        for condition in [1.0, 25.0, 100.0] {
            checks::assert_well_formed(&Quadratic { condition });
        }
    }

    #[test]
    fn matches_the_golden_weights() {
        let q = Quadratic::default();
        assert_eq!(q.value([2.0, 1.0]), 0.5 * (4.0 + 25.0));
        assert_eq!(q.gradient([2.0, 1.0]), [2.0, 25.0]);
    }
}
