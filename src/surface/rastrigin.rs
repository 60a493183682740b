//! Rastrigin's egg crate: many local minima.

use crate::trig::{cos, sin};
use std::f64::consts::TAU;

use super::{TestFunction, View};

/// The amplitude `A` of the ripples.
const A: f64 = 10.0;

/// `f(x, y) = 2A + Σ (xᵢ² − A cos 2π xᵢ)` with `A = 10` (Rastrigin, 1974): a bowl covered by
/// ripples, with a local minimum near every integer point and the global minimum `0` at the
/// origin. Gradient: `2 xᵢ + 2π A sin 2π xᵢ`.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Rastrigin;

impl TestFunction for Rastrigin {
    fn value(&self, p: [f64; 2]) -> f64 {
        p.iter().map(|x| x * x - A * cos(TAU * x)).sum::<f64>() + 2.0 * A
    }

    fn gradient(&self, p: [f64; 2]) -> [f64; 2] {
        p.map(|x| 2.0 * x + TAU * A * sin(TAU * x))
    }

    /// The global minimum only; the local ones are too many to list.
    fn minima(&self) -> Vec<[f64; 2]> {
        vec![[0.0, 0.0]]
    }

    fn view(&self) -> View {
        ([-5.12, 5.12], [-5.12, 5.12])
    }

    fn default_start(&self) -> [f64; 2] {
        [3.5, 4.5]
    }

    /// Its ripples have curvature about 400, so a walker settles in the nearest local minimum.
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
        checks::assert_well_formed(&Rastrigin);
        assert!(Rastrigin.value([0.0, 0.0]).abs() < 1e-12);
    }

    #[test]
    fn has_local_minima_near_integers() {
        // Near (1, 1) the gradient vanishes at a point with a positive value.
        let mut p = [1.0, 1.0];
        for _ in 0..200 {
            let g = Rastrigin.gradient(p);
            p = [p[0] - 0.002 * g[0], p[1] - 0.002 * g[1]];
        }
        let g = Rastrigin.gradient(p);
        assert!(g[0].abs() < 1e-9 && g[1].abs() < 1e-9);
        assert!(Rastrigin.value(p) > 1.9 && (p[0] - 1.0).abs() < 0.05);
    }
}
