//! One surface for the page: any test function, plus the noise a stochastic method sees.

use super::{
    levels, Beale, Himmelblau, Quadratic, Rastrigin, Rosenbrock, Saddle, SurfaceKind, TestFunction,
    View,
};
use crate::data::{Batcher, Regression, RegressionSpec};
use crate::rng::Rng;

/// The seed of the regression data a default regression surface is drawn from.
pub const DEFAULT_REGRESSION_SEED: u64 = 0;

/// The lowest contour level sits this fraction of the height range above the least value.
const CONTOUR_RANGE: f64 = 1e-4;

/// What [`Surface::stochastic_gradient`] returns.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub enum GradientNoise {
    /// The exact gradient.
    #[default]
    Exact,
    /// The exact gradient plus independent Gaussian noise of standard deviation `std` on each
    /// coordinate: a model of stochastic gradients on an analytic surface.
    Gaussian {
        /// The standard deviation of the noise per coordinate.
        std: f64,
    },
    /// On the regression loss, the gradient of one mini-batch of `batch_size` points, batches
    /// in [`Batcher`] order; other surfaces have no data and return the exact gradient.
    MiniBatch {
        /// Points per batch; the number of points or more is full-batch gradient descent.
        batch_size: usize,
    },
}

#[derive(Clone, Debug, PartialEq)]
enum Function {
    Quadratic(Quadratic),
    Rosenbrock,
    Beale,
    Himmelblau,
    Saddle,
    Rastrigin,
    Regression(Regression),
}

/// A test function the optimizers race on, with the gradient noise they see.
///
/// The value, exact gradient, minima, view and start come from [`TestFunction`], which
/// `Surface` implements by passing through to the function inside.
#[derive(Clone, Debug)]
pub struct Surface {
    function: Function,
    noise: GradientNoise,
    batcher: Option<Batcher>,
}

impl Surface {
    /// The surface of `kind` with default settings: condition 25 for the quadratic, and for
    /// the regression [`RegressionSpec::default`] drawn with seed [`DEFAULT_REGRESSION_SEED`].
    /// No gradient noise.
    pub fn new(kind: SurfaceKind) -> Self {
        let function = match kind {
            SurfaceKind::Quadratic => Function::Quadratic(Quadratic::default()),
            SurfaceKind::Rosenbrock => Function::Rosenbrock,
            SurfaceKind::Beale => Function::Beale,
            SurfaceKind::Himmelblau => Function::Himmelblau,
            SurfaceKind::Saddle => Function::Saddle,
            SurfaceKind::Rastrigin => Function::Rastrigin,
            SurfaceKind::Regression => {
                let mut rng = Rng::new(DEFAULT_REGRESSION_SEED);
                Function::Regression(Regression::generate(RegressionSpec::default(), &mut rng))
            }
        };
        Self::from_function(function)
    }

    /// The quadratic `½ (x² + condition · y²)`.
    pub fn quadratic(condition: f64) -> Self {
        Self::from_function(Function::Quadratic(Quadratic { condition }))
    }

    /// The loss of linear regression on `data`, over `(w, b)`.
    pub fn regression(data: Regression) -> Self {
        Self::from_function(Function::Regression(data))
    }

    fn from_function(function: Function) -> Self {
        Self {
            function,
            noise: GradientNoise::Exact,
            batcher: None,
        }
    }

    /// Which kind of surface this is.
    pub fn kind(&self) -> SurfaceKind {
        match self.function {
            Function::Quadratic(_) => SurfaceKind::Quadratic,
            Function::Rosenbrock => SurfaceKind::Rosenbrock,
            Function::Beale => SurfaceKind::Beale,
            Function::Himmelblau => SurfaceKind::Himmelblau,
            Function::Saddle => SurfaceKind::Saddle,
            Function::Rastrigin => SurfaceKind::Rastrigin,
            Function::Regression(_) => SurfaceKind::Regression,
        }
    }

    /// The test function inside.
    pub fn function(&self) -> &dyn TestFunction {
        match &self.function {
            Function::Quadratic(q) => q,
            Function::Rosenbrock => &Rosenbrock,
            Function::Beale => &Beale,
            Function::Himmelblau => &Himmelblau,
            Function::Saddle => &Saddle,
            Function::Rastrigin => &Rastrigin,
            Function::Regression(data) => data,
        }
    }

    /// The regression data, on a regression surface.
    pub fn regression_data(&self) -> Option<&Regression> {
        match &self.function {
            Function::Regression(data) => Some(data),
            _ => None,
        }
    }

    /// Sets the gradient noise; `seed` fixes the mini-batch order, so surfaces given the same
    /// seed (the lanes of one race) draw the same batches.
    pub fn set_noise(&mut self, noise: GradientNoise, seed: u64) {
        self.noise = noise;
        self.batcher = match (noise, &self.function) {
            (GradientNoise::MiniBatch { batch_size }, Function::Regression(data)) => {
                Some(Batcher::new(data.len(), batch_size, seed))
            }
            _ => None,
        };
    }

    /// This surface with the given gradient noise (see [`set_noise`](Self::set_noise)).
    pub fn with_noise(mut self, noise: GradientNoise, seed: u64) -> Self {
        self.set_noise(noise, seed);
        self
    }

    /// The gradient noise in use.
    pub fn noise(&self) -> GradientNoise {
        self.noise
    }

    /// The mini-batch order, when mini-batches are in use (for the epoch counter).
    pub fn batcher(&self) -> Option<&Batcher> {
        self.batcher.as_ref()
    }

    /// The gradient an optimizer sees at `p`: exact, with Gaussian noise drawn from `rng`,
    /// or over the next mini-batch, as set by [`set_noise`](Self::set_noise). Allocates
    /// nothing.
    pub fn stochastic_gradient(&mut self, p: [f64; 2], rng: &mut Rng) -> [f64; 2] {
        match (self.noise, &self.function, &mut self.batcher) {
            (GradientNoise::Gaussian { std }, _, _) => {
                let g = self.function().gradient(p);
                [g[0] + std * rng.normal(), g[1] + std * rng.normal()]
            }
            (GradientNoise::MiniBatch { .. }, Function::Regression(data), Some(batcher)) => {
                data.batch_value_and_gradient(p, batcher.next_batch()).1
            }
            _ => self.function().gradient(p),
        }
    }

    /// Contour levels for `grid` (values from [`TestFunction::grid`]): the least value plus
    /// [`levels`] of the height above it, from `10⁻⁴` of the height range up to the highest
    /// grid value.
    pub fn contour_levels(&self, grid: &[f64], count: usize) -> Vec<f64> {
        let (low, high) = grid
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
                (lo.min(v), hi.max(v))
            });
        let floor = self.min_value().min(low);
        let range = high - floor;
        levels(CONTOUR_RANGE * range, range, count)
            .into_iter()
            .map(|h| floor + h)
            .collect()
    }
}

impl TestFunction for Surface {
    fn value(&self, p: [f64; 2]) -> f64 {
        self.function().value(p)
    }

    fn gradient(&self, p: [f64; 2]) -> [f64; 2] {
        self.function().gradient(p)
    }

    fn minima(&self) -> Vec<[f64; 2]> {
        self.function().minima()
    }

    fn view(&self) -> View {
        self.function().view()
    }

    fn default_start(&self) -> [f64; 2] {
        self.function().default_start()
    }

    fn gradient_lr(&self) -> f64 {
        self.function().gradient_lr()
    }
}

#[cfg(test)]
mod tests {
    use super::super::checks;
    use super::*;

    #[test]
    fn every_kind_builds_and_passes_the_checks() {
        for kind in SurfaceKind::ALL {
            let s = Surface::new(kind);
            assert_eq!(s.kind(), kind);
            checks::assert_well_formed(&s);
            let p = [0.3, -0.4];
            assert_eq!(s.value(p), s.function().value(p));
            assert_eq!(
                s.regression_data().is_some(),
                kind == SurfaceKind::Regression
            );
        }
        assert_eq!(Surface::quadratic(4.0).gradient([1.0, 1.0]), [1.0, 4.0]);
    }

    #[test]
    fn regression_surface_minimum_is_least_squares() {
        let spec = RegressionSpec {
            x_scale: 4.0,
            ..RegressionSpec::default()
        };
        let data = Regression::generate(spec, &mut Rng::new(5));
        let best = data.least_squares();
        let s = Surface::regression(data);
        assert_eq!(s.minima(), vec![best]);
        assert_eq!(s.min_value(), s.value(best));
    }

    #[test]
    fn gaussian_noise_has_the_requested_spread() {
        let p = [-1.0, 1.5];
        for std in [0.1, 2.0] {
            let mut s = Surface::new(SurfaceKind::Rosenbrock)
                .with_noise(GradientNoise::Gaussian { std }, 0);
            let exact = s.gradient(p);
            let mut rng = Rng::new(17);
            let n = 20_000;
            let (mut sum, mut sum_sq) = ([0.0; 2], [0.0; 2]);
            for _ in 0..n {
                let g = s.stochastic_gradient(p, &mut rng);
                for k in 0..2 {
                    let e = g[k] - exact[k];
                    sum[k] += e;
                    sum_sq[k] += e * e;
                }
            }
            for k in 0..2 {
                let mean = sum[k] / n as f64;
                let spread = (sum_sq[k] / n as f64 - mean * mean).sqrt();
                assert!(mean.abs() < 0.05 * std, "mean {mean}");
                assert!((spread / std - 1.0).abs() < 0.03, "std {spread} for {std}");
            }
        }
    }

    #[test]
    fn mini_batches_average_to_the_full_gradient() {
        let base = Surface::new(SurfaceKind::Regression);
        let p = [0.5, -0.5];
        let exact = base.gradient(p);
        let mut rng = Rng::new(1);
        // 100 points in batches of 20: one epoch averages to the full gradient.
        let mut s = base
            .clone()
            .with_noise(GradientNoise::MiniBatch { batch_size: 20 }, 3);
        let mut mean = [0.0; 2];
        let mut differs = false;
        for _ in 0..5 {
            let g = s.stochastic_gradient(p, &mut rng);
            differs |= g != exact;
            mean = [mean[0] + g[0] / 5.0, mean[1] + g[1] / 5.0];
        }
        assert!(differs, "a batch gradient is noisy");
        assert!((mean[0] - exact[0]).abs() < 1e-12 && (mean[1] - exact[1]).abs() < 1e-12);
        assert_eq!(s.batcher().map(Batcher::epoch), Some(1));
        // Full batch is the exact gradient, bit for bit.
        let mut full = base
            .clone()
            .with_noise(GradientNoise::MiniBatch { batch_size: 1000 }, 3);
        assert_eq!(full.stochastic_gradient(p, &mut rng), exact);
        // Analytic surfaces have no data to batch.
        let mut bowl =
            Surface::quadratic(25.0).with_noise(GradientNoise::MiniBatch { batch_size: 1 }, 3);
        assert_eq!(bowl.stochastic_gradient(p, &mut rng), bowl.gradient(p));
    }

    #[test]
    fn smaller_batches_are_noisier() {
        let p = [0.5, -0.5];
        let spread = |batch_size: usize| {
            let mut s = Surface::new(SurfaceKind::Regression)
                .with_noise(GradientNoise::MiniBatch { batch_size }, 8);
            let exact = s.gradient(p);
            let mut rng = Rng::new(0);
            (0..500)
                .map(|_| {
                    let g = s.stochastic_gradient(p, &mut rng);
                    (g[0] - exact[0]).powi(2) + (g[1] - exact[1]).powi(2)
                })
                .sum::<f64>()
        };
        let (one, ten, fifty) = (spread(1), spread(10), spread(50));
        assert!(
            one > ten && ten > fifty && fifty > 0.0,
            "{one} {ten} {fifty}"
        );
    }

    #[test]
    fn lanes_with_one_seed_see_the_same_batches() {
        let noise = GradientNoise::MiniBatch { batch_size: 7 };
        let mut a = Surface::new(SurfaceKind::Regression).with_noise(noise, 42);
        let mut b = a.clone().with_noise(noise, 42);
        let (mut ra, mut rb) = (Rng::new(1), Rng::new(2));
        for step in 0..50 {
            let p = [step as f64 * 0.01, 1.0];
            assert_eq!(
                a.stochastic_gradient(p, &mut ra),
                b.stochastic_gradient(p, &mut rb)
            );
        }
    }

    #[test]
    fn grid_samples_the_nodes_and_levels_cover_it() {
        let s = Surface::new(SurfaceKind::Himmelblau);
        let view = ([-5.0, 5.0], [-4.0, 6.0]);
        let (nx, ny) = (11, 6);
        let mut out = vec![0.0; nx * ny];
        s.grid(nx, ny, view, &mut out);
        assert_eq!(out[0], s.value([-5.0, -4.0]));
        assert_eq!(out[nx - 1], s.value([5.0, -4.0]));
        assert_eq!(out[nx * (ny - 1)], s.value([-5.0, 6.0]));
        assert_eq!(out[3 * nx + 4], s.value([-1.0, 2.0]));
        let l = s.contour_levels(&out, 12);
        assert_eq!(l.len(), 12);
        assert!(l.windows(2).all(|w| w[0] < w[1]));
        let high = out.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        assert!(l[0] > 0.0 && (l[11] - high).abs() < 1e-9 * high);
    }
}
