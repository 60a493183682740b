//! The lecture's linear regression, whose loss over `(w, b)` is the plane the optimizers race
//! on when the feature scale stretches the level lines into a valley.

use crate::rng::Rng;

/// How to draw a regression dataset: `y = w_true · x + b_true + noise · ε` with
/// `x = x_scale · z`, where `z` and `ε` are standard normal.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RegressionSpec {
    /// The number of points.
    pub n: usize,
    /// The slope the data is drawn with.
    pub w_true: f64,
    /// The intercept the data is drawn with.
    pub b_true: f64,
    /// The standard deviation of the feature. The loss curvature along `w` is about
    /// `x_scale²` times that along `b`, so `x_scale = 5` makes a valley of condition 25.
    pub x_scale: f64,
    /// The standard deviation of the label noise.
    pub noise: f64,
}

impl Default for RegressionSpec {
    fn default() -> Self {
        Self {
            n: 100,
            w_true: 2.0,
            b_true: 1.0,
            x_scale: 1.0,
            noise: 0.5,
        }
    }
}

/// A one-feature regression dataset and its mean-squared-error loss
/// `L(w, b) = (1 / 2n) · Σᵢ (w xᵢ + b − yᵢ)²`.
///
/// The factor `1/2` cancels the 2 of the derivative, so the gradient is the mean residual
/// times the input: `∂L/∂w = mean(rᵢ xᵢ)`, `∂L/∂b = mean(rᵢ)` with `rᵢ = w xᵢ + b − yᵢ`.
#[derive(Clone, Debug, PartialEq)]
pub struct Regression {
    /// The (already scaled) feature of each point.
    pub x: Vec<f64>,
    /// The target of each point.
    pub y: Vec<f64>,
    /// What the data was drawn with.
    pub spec: RegressionSpec,
}

impl Regression {
    /// Draws `spec.n` points; the same `rng` state gives the same data.
    pub fn generate(spec: RegressionSpec, rng: &mut Rng) -> Self {
        let mut x = Vec::with_capacity(spec.n);
        let mut y = Vec::with_capacity(spec.n);
        for _ in 0..spec.n {
            let xi = spec.x_scale * rng.normal();
            x.push(xi);
            y.push(spec.w_true * xi + spec.b_true + spec.noise * rng.normal());
        }
        Self { x, y, spec }
    }

    /// The number of points.
    pub fn len(&self) -> usize {
        self.x.len()
    }

    /// Whether there are no points.
    pub fn is_empty(&self) -> bool {
        self.x.is_empty()
    }

    /// The feature scale the data was drawn with.
    pub fn x_scale(&self) -> f64 {
        self.spec.x_scale
    }

    /// `L(w, b)` and its gradient over the whole data, at `p = [w, b]`.
    pub fn value_and_gradient(&self, p: [f64; 2]) -> (f64, [f64; 2]) {
        self.mean_over(p, 0..self.len())
    }

    /// The same loss and gradient over the mini-batch `batch` of point indices only
    /// (the mean is over the batch). Allocates nothing.
    pub fn batch_value_and_gradient(&self, p: [f64; 2], batch: &[usize]) -> (f64, [f64; 2]) {
        self.mean_over(p, batch.iter().copied())
    }

    fn mean_over(&self, p: [f64; 2], indices: impl Iterator<Item = usize>) -> (f64, [f64; 2]) {
        let [w, b] = p;
        let (mut count, mut loss, mut gw, mut gb) = (0usize, 0.0, 0.0, 0.0);
        for i in indices {
            let r = w * self.x[i] + b - self.y[i];
            loss += r * r;
            gw += r * self.x[i];
            gb += r;
            count += 1;
        }
        if count == 0 {
            return (0.0, [0.0, 0.0]);
        }
        let n = count as f64;
        (0.5 * loss / n, [gw / n, gb / n])
    }

    /// The exact minimiser `[w, b]` of `L` (ordinary least squares, Gauss 1809 / Legendre
    /// 1805): `w = Σ (xᵢ − x̄)(yᵢ − ȳ) / Σ (xᵢ − x̄)²`, `b = ȳ − w x̄`. When all `xᵢ` are equal
    /// every `w` fits equally well and `w = 0` is returned.
    pub fn least_squares(&self) -> [f64; 2] {
        if self.is_empty() {
            return [0.0, 0.0];
        }
        let n = self.len() as f64;
        let x_mean = self.x.iter().sum::<f64>() / n;
        let y_mean = self.y.iter().sum::<f64>() / n;
        let (mut sxx, mut sxy) = (0.0, 0.0);
        for (&xi, &yi) in self.x.iter().zip(&self.y) {
            sxx += (xi - x_mean) * (xi - x_mean);
            sxy += (xi - x_mean) * (yi - y_mean);
        }
        let w = if sxx > 0.0 { sxy / sxx } else { 0.0 };
        [w, y_mean - w * x_mean]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(x_scale: f64, noise: f64) -> Regression {
        let spec = RegressionSpec {
            x_scale,
            noise,
            ..RegressionSpec::default()
        };
        Regression::generate(spec, &mut Rng::new(21))
    }

    #[test]
    fn same_seed_same_data() {
        let spec = RegressionSpec::default();
        let a = Regression::generate(spec, &mut Rng::new(1));
        assert_eq!(a, Regression::generate(spec, &mut Rng::new(1)));
        assert_ne!(a, Regression::generate(spec, &mut Rng::new(2)));
        assert_eq!(a.len(), spec.n);
    }

    #[test]
    fn least_squares_has_zero_gradient_and_the_least_loss() {
        for x_scale in [0.2, 1.0, 5.0] {
            let r = data(x_scale, 0.5);
            let best = r.least_squares();
            let (loss, g) = r.value_and_gradient(best);
            assert!(g[0].abs() < 1e-12 && g[1].abs() < 1e-12, "{g:?}");
            for d in [[1e-3, 0.0], [0.0, 1e-3], [-1e-3, 1e-3]] {
                let (nearby, _) = r.value_and_gradient([best[0] + d[0], best[1] + d[1]]);
                assert!(nearby > loss);
            }
            // Close to the slope and intercept the data was drawn with.
            assert!((best[0] - 2.0).abs() < 0.2 / x_scale && (best[1] - 1.0).abs() < 0.2);
        }
    }

    #[test]
    fn noise_free_data_is_fitted_exactly() {
        let r = data(3.0, 0.0);
        let [w, b] = r.least_squares();
        assert!((w - 2.0).abs() < 1e-12 && (b - 1.0).abs() < 1e-12);
        assert!(r.value_and_gradient([w, b]).0 < 1e-24);
    }

    #[test]
    fn gradient_matches_finite_differences_and_the_half_factor() {
        let r = data(2.0, 0.5);
        let p = [0.3, -0.7];
        let (loss, g) = r.value_and_gradient(p);
        let direct: f64 = (0..r.len())
            .map(|i| (p[0] * r.x[i] + p[1] - r.y[i]).powi(2))
            .sum::<f64>()
            / (2.0 * r.len() as f64);
        assert!((loss - direct).abs() < 1e-12);
        let h = 1e-6;
        let fd_w = (r.value_and_gradient([p[0] + h, p[1]]).0
            - r.value_and_gradient([p[0] - h, p[1]]).0)
            / (2.0 * h);
        let fd_b = (r.value_and_gradient([p[0], p[1] + h]).0
            - r.value_and_gradient([p[0], p[1] - h]).0)
            / (2.0 * h);
        assert!((fd_w - g[0]).abs() < 1e-6 && (fd_b - g[1]).abs() < 1e-6);
    }

    #[test]
    fn batches_average_over_their_points() {
        let r = data(1.0, 0.5);
        let p = [1.0, 0.0];
        let all: Vec<usize> = (0..r.len()).collect();
        assert_eq!(r.batch_value_and_gradient(p, &all), r.value_and_gradient(p));
        let (loss, g) = r.batch_value_and_gradient(p, &[3]);
        let res = p[0] * r.x[3] + p[1] - r.y[3];
        assert!((loss - 0.5 * res * res).abs() < 1e-15);
        assert!((g[0] - res * r.x[3]).abs() < 1e-15 && (g[1] - res).abs() < 1e-15);
        assert_eq!(r.batch_value_and_gradient(p, &[]), (0.0, [0.0, 0.0]));
    }

    #[test]
    fn feature_scale_stretches_the_curvature() {
        // The Hessian is [[mean x², mean x], [mean x, 1]]: read its diagonal off the gradient.
        for x_scale in [1.0, 5.0] {
            let r = data(x_scale, 0.5);
            let g0 = r.value_and_gradient([0.0, 0.0]).1;
            let gw = r.value_and_gradient([1.0, 0.0]).1;
            let gb = r.value_and_gradient([0.0, 1.0]).1;
            let ratio = (gw[0] - g0[0]) / (gb[1] - g0[1]);
            assert!((ratio / (x_scale * x_scale) - 1.0).abs() < 0.3, "{ratio}");
        }
    }
}
