//! A saddle point between two minima.

use super::{TestFunction, View};

/// `f(x, y) = x² − y² + 0.1 y⁴`, the golden file's `saddle`: a saddle at the origin (a
/// minimum along `x`, a maximum along `y`) and two minima of value `−2.5` at `(0, ±√5)`.
/// Started on the ridge `y ≈ 0`, plain gradient descent lingers near the saddle while
/// momentum and adaptive methods escape. Gradient: `(2x, −2y + 0.4 y³)`.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Saddle;

impl TestFunction for Saddle {
    fn value(&self, [x, y]: [f64; 2]) -> f64 {
        x * x - y * y + 0.1 * y.powi(4)
    }

    fn gradient(&self, [x, y]: [f64; 2]) -> [f64; 2] {
        [2.0 * x, -2.0 * y + 0.4 * y.powi(3)]
    }

    fn minima(&self) -> Vec<[f64; 2]> {
        let y = 5f64.sqrt();
        vec![[0.0, y], [0.0, -y]]
    }

    fn view(&self) -> View {
        ([-3.0, 3.0], [-3.0, 3.0])
    }

    fn default_start(&self) -> [f64; 2] {
        [2.5, 0.01]
    }

    /// Gentle everywhere but near its two minima.
    fn gradient_lr(&self) -> f64 {
        0.02
    }
}

#[cfg(test)]
mod tests {
    use super::super::checks;
    use super::*;

    #[test]
    fn gradient_and_minima() {
        checks::assert_well_formed(&Saddle);
        for m in Saddle.minima() {
            assert!((Saddle.value(m) + 2.5).abs() < 1e-12);
        }
    }

    #[test]
    fn origin_is_a_saddle() {
        assert_eq!(Saddle.gradient([0.0, 0.0]), [0.0, 0.0]);
        assert!(Saddle.value([0.1, 0.0]) > 0.0);
        assert!(Saddle.value([0.0, 0.1]) < 0.0);
    }
}
