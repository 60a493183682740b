//! Beale's function: flat plateaus and sharp ridges.

use super::{TestFunction, View};

/// `f(x, y) = (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²` (Beale, 1958), as in
/// the golden file; minimum `0` at `(3, 0.5)`. Writing `tₖ = cₖ − x + x yᵏ`, the gradient is
/// `Σₖ 2 tₖ (yᵏ − 1)` along `x` and `Σₖ 2 tₖ k x yᵏ⁻¹` along `y`.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Beale;

/// The constants `c₁, c₂, c₃`.
const C: [f64; 3] = [1.5, 2.25, 2.625];

impl TestFunction for Beale {
    fn value(&self, [x, y]: [f64; 2]) -> f64 {
        let mut y_k = 1.0;
        C.iter()
            .map(|c| {
                y_k *= y;
                (c - x + x * y_k).powi(2)
            })
            .sum()
    }

    fn gradient(&self, [x, y]: [f64; 2]) -> [f64; 2] {
        let (mut gx, mut gy) = (0.0, 0.0);
        // `y_k_minus_1` is `yᵏ⁻¹`, so `yᵏ = y_k_minus_1 · y`.
        let mut y_k_minus_1 = 1.0;
        for (k, c) in C.iter().enumerate() {
            let y_k = y_k_minus_1 * y;
            let t = c - x + x * y_k;
            gx += 2.0 * t * (y_k - 1.0);
            gy += 2.0 * t * (k + 1) as f64 * x * y_k_minus_1;
            y_k_minus_1 = y_k;
        }
        [gx, gy]
    }

    fn minima(&self) -> Vec<[f64; 2]> {
        vec![[3.0, 0.5]]
    }

    fn view(&self) -> View {
        ([-4.5, 4.5], [-4.5, 4.5])
    }

    fn default_start(&self) -> [f64; 2] {
        [1.0, 1.5]
    }

    /// The plateau's edges are steep; with momentum 0.9, 0.02 already diverges.
    fn gradient_lr(&self) -> f64 {
        0.005
    }
}

#[cfg(test)]
mod tests {
    use super::super::checks;
    use super::*;

    #[test]
    fn gradient_and_minimum() {
        checks::assert_well_formed(&Beale);
        let written_out = |x: f64, y: f64| {
            (1.5 - x + x * y).powi(2)
                + (2.25 - x + x * y * y).powi(2)
                + (2.625 - x + x * y.powi(3)).powi(2)
        };
        for p in [[1.0, 1.5], [-2.0, 0.3], [4.0, -1.0]] {
            assert!((Beale.value(p) - written_out(p[0], p[1])).abs() < 1e-12);
        }
    }
}
