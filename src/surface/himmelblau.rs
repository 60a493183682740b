//! Himmelblau's function: four equal minima.

use super::{TestFunction, View};

/// `f(x, y) = (x² + y − 11)² + (x + y² − 7)²` (Himmelblau, 1972), as in the golden file.
/// Four minima of value `0`; which one an optimizer reaches depends on where it starts and
/// on its momentum. Gradient: `(4x a + 2b, 2a + 4y b)` with `a = x² + y − 11`,
/// `b = x + y² − 7`.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Himmelblau;

impl TestFunction for Himmelblau {
    fn value(&self, [x, y]: [f64; 2]) -> f64 {
        (x * x + y - 11.0).powi(2) + (x + y * y - 7.0).powi(2)
    }

    fn gradient(&self, [x, y]: [f64; 2]) -> [f64; 2] {
        let a = x * x + y - 11.0;
        let b = x + y * y - 7.0;
        [4.0 * x * a + 2.0 * b, 2.0 * a + 4.0 * y * b]
    }

    /// `(3, 2)` exactly; the other three are roots of a quartic, found by Newton's method to
    /// double precision.
    fn minima(&self) -> Vec<[f64; 2]> {
        vec![
            [3.0, 2.0],
            [-2.805_118_086_952_745, 3.131_312_518_250_573],
            [-3.779_310_253_377_747, -3.283_185_991_286_169],
            [3.584_428_340_330_492, -1.848_126_526_964_403],
        ]
    }

    fn view(&self) -> View {
        ([-5.0, 5.0], [-5.0, 5.0])
    }

    fn default_start(&self) -> [f64; 2] {
        [0.0, 0.0]
    }

    /// Curvatures up to about 100 between the start and the minimum.
    fn gradient_lr(&self) -> f64 {
        0.01
    }
}

#[cfg(test)]
mod tests {
    use super::super::checks;
    use super::*;

    #[test]
    fn gradient_and_four_minima() {
        checks::assert_well_formed(&Himmelblau);
        for m in Himmelblau.minima() {
            assert!(Himmelblau.value(m) < 1e-24, "{m:?}");
        }
    }
}
