//! Two-dimensional test functions for watching optimizers move on a contour map.
//!
//! Each function gives its value and analytic gradient, its global minima, a view box and a
//! start point ([`TestFunction`]). [`Surface`] wraps any of them for the page, with optional
//! gradient noise ([`GradientNoise`]) for stochastic methods. The formulas of the quadratic,
//! Rosenbrock, Beale, Himmelblau and saddle functions are those of the golden PyTorch file.

mod beale;
mod himmelblau;
mod kind;
mod levels;
mod quadratic;
mod rastrigin;
mod regression;
mod rosenbrock;
mod saddle;
mod stochastic;

pub use beale::Beale;
pub use himmelblau::Himmelblau;
pub use kind::SurfaceKind;
pub use levels::levels;
pub use quadratic::Quadratic;
pub use rastrigin::Rastrigin;
pub use rosenbrock::Rosenbrock;
pub use saddle::Saddle;
pub use stochastic::{GradientNoise, Surface, DEFAULT_REGRESSION_SEED};

/// A rectangle of the plane: `(x range, y range)`, each `[low, high]`.
pub type View = ([f64; 2], [f64; 2]);

/// A function of two variables to minimise, with what a plot needs to show it.
pub trait TestFunction {
    /// `f(p)`.
    fn value(&self, p: [f64; 2]) -> f64;

    /// The exact gradient `∇f(p)`.
    fn gradient(&self, p: [f64; 2]) -> [f64; 2];

    /// The points where `f` reaches its least value.
    fn minima(&self) -> Vec<[f64; 2]>;

    /// A box that shows the interesting part of the function, the start and the minima.
    fn view(&self) -> View;

    /// Where a race starts unless the learner picks another point.
    fn default_start(&self) -> [f64; 2];

    /// A learning rate at which plain gradient descent (and heavy-ball momentum 0.9) walks
    /// from the default start to a minimum within a few hundred steps: about one over the
    /// steepest curvature on the way (found by running each surface; see
    /// `landscape::suggested_lr`).
    fn gradient_lr(&self) -> f64;

    /// The least value, `f` at its minima.
    fn min_value(&self) -> f64 {
        self.minima()
            .into_iter()
            .map(|m| self.value(m))
            .fold(f64::INFINITY, f64::min)
    }

    /// Samples `f` on an `nx × ny` grid of nodes spanning `view`, edges included, into `out`
    /// (length `nx · ny`), row by row: `out[j · nx + i] = f(x_i, y_j)` with
    /// `x_i = x_low + i (x_high − x_low) / (nx − 1)` and row `j = 0` at `y_low` (the bottom).
    fn grid(&self, nx: usize, ny: usize, view: View, out: &mut [f64]) {
        assert_eq!(out.len(), nx * ny, "grid needs nx · ny values");
        if nx == 0 {
            return;
        }
        let step = |range: [f64; 2], count: usize| {
            if count > 1 {
                (range[1] - range[0]) / (count - 1) as f64
            } else {
                0.0
            }
        };
        let (dx, dy) = (step(view.0, nx), step(view.1, ny));
        for (j, row) in out.chunks_exact_mut(nx).enumerate() {
            let y = view.1[0] + j as f64 * dy;
            for (i, v) in row.iter_mut().enumerate() {
                *v = self.value([view.0[0] + i as f64 * dx, y]);
            }
        }
    }
}

/// Checks every test function goes through.
#[cfg(test)]
pub(crate) mod checks {
    use super::{TestFunction, View};

    fn inside(view: View, p: [f64; 2]) -> bool {
        (view.0[0]..=view.0[1]).contains(&p[0]) && (view.1[0]..=view.1[1]).contains(&p[1])
    }

    /// Central differences, `(f(p + h eₖ) − f(p − h eₖ)) / 2h`.
    fn numerical_gradient(f: &dyn TestFunction, p: [f64; 2]) -> [f64; 2] {
        let h = 1e-5 * p[0].abs().max(p[1].abs()).max(1.0);
        [0, 1].map(|k| {
            let (mut plus, mut minus) = (p, p);
            plus[k] += h;
            minus[k] -= h;
            (f.value(plus) - f.value(minus)) / (2.0 * h)
        })
    }

    /// The analytic gradient matches finite differences over the view; the start and the
    /// minima lie in the view; every listed minimum has a zero gradient, is lower than its
    /// neighbours and no higher than any point of a fine grid over the view.
    pub(crate) fn assert_well_formed(f: &dyn TestFunction) {
        let view = f.view();
        let start = f.default_start();
        assert!(inside(view, start), "start {start:?} outside {view:?}");
        let mut points = vec![start];
        for i in 0..9 {
            for j in 0..9 {
                let x = view.0[0] + (view.0[1] - view.0[0]) * (i as f64 + 0.37) / 9.0;
                let y = view.1[0] + (view.1[1] - view.1[0]) * (j as f64 + 0.61) / 9.0;
                points.push([x, y]);
            }
        }
        for p in points {
            let (exact, numeric) = (f.gradient(p), numerical_gradient(f, p));
            for k in 0..2 {
                let tolerance = 1e-5 * (1.0 + exact[k].abs());
                assert!(
                    (exact[k] - numeric[k]).abs() < tolerance,
                    "gradient at {p:?}: {exact:?} vs {numeric:?}"
                );
            }
        }

        let minima = f.minima();
        assert!(!minima.is_empty());
        let (nx, ny) = (121, 121);
        let mut grid = vec![0.0; nx * ny];
        f.grid(nx, ny, view, &mut grid);
        let grid_min = grid.iter().copied().fold(f64::INFINITY, f64::min);
        for m in minima {
            assert!(inside(view, m), "minimum {m:?} outside {view:?}");
            let g = f.gradient(m);
            assert!(
                g[0].abs() < 1e-9 && g[1].abs() < 1e-9,
                "gradient {g:?} at {m:?}"
            );
            let value = f.value(m);
            assert!(
                (value - f.min_value()).abs() < 1e-9,
                "minima differ in value"
            );
            for angle in 0..8 {
                let t = std::f64::consts::TAU * angle as f64 / 8.0;
                let near = [m[0] + 1e-3 * t.cos(), m[1] + 1e-3 * t.sin()];
                assert!(f.value(near) > value, "{near:?} is lower than {m:?}");
            }
            assert!(value <= grid_min + 1e-12, "grid goes below {m:?}");
        }
    }
}
