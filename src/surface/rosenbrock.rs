//! Rosenbrock's banana valley.

use super::{TestFunction, View};

/// `f(x, y) = 100 (y − x²)² + (1 − x)²` (Rosenbrock, 1960; `a = 1`, `b = 100`), the golden
/// file's `rosenbrock` in two coordinates. A curved, flat-bottomed valley leads to the
/// minimum at `(1, 1)`. Gradient: `(−400 x (y − x²) − 2 (1 − x), 200 (y − x²))`.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Rosenbrock;

impl TestFunction for Rosenbrock {
    fn value(&self, [x, y]: [f64; 2]) -> f64 {
        100.0 * (y - x * x).powi(2) + (1.0 - x).powi(2)
    }

    fn gradient(&self, [x, y]: [f64; 2]) -> [f64; 2] {
        let valley = y - x * x;
        [-400.0 * x * valley - 2.0 * (1.0 - x), 200.0 * valley]
    }

    fn minima(&self) -> Vec<[f64; 2]> {
        vec![[1.0, 1.0]]
    }

    fn view(&self) -> View {
        ([-2.0, 2.0], [-1.0, 3.0])
    }

    fn default_start(&self) -> [f64; 2] {
        [-1.5, 2.0]
    }

    /// The valley floor curves up to a curvature of about 1000 near (-1.2, 1): 0.005 already diverges.
    fn gradient_lr(&self) -> f64 {
        0.002
    }
}

#[cfg(test)]
mod tests {
    use super::super::checks;
    use super::*;

    #[test]
    fn gradient_and_minimum() {
        checks::assert_well_formed(&Rosenbrock);
        assert_eq!(Rosenbrock.value([0.0, 0.0]), 1.0);
        assert_eq!(Rosenbrock.value([-1.0, 1.0]), 4.0);
    }
}
