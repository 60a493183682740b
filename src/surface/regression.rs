//! The lecture's linear-regression loss as a surface over `(w, b)`.

use super::{TestFunction, View};
use crate::data::Regression;

/// Half the side of the view around the least-squares solution, in `w` and in `b` alike, so
/// a larger feature scale shows up as level lines squeezed along `w`.
const HALF_VIEW: f64 = 4.0;

/// `L(w, b) = (1 / 2n) Σᵢ (w xᵢ + b − yᵢ)²` over the whole dataset (see [`Regression`]); its
/// only minimum is the least-squares solution.
impl TestFunction for Regression {
    fn value(&self, p: [f64; 2]) -> f64 {
        self.value_and_gradient(p).0
    }

    fn gradient(&self, p: [f64; 2]) -> [f64; 2] {
        self.value_and_gradient(p).1
    }

    fn minima(&self) -> Vec<[f64; 2]> {
        vec![self.least_squares()]
    }

    fn view(&self) -> View {
        let [w, b] = self.least_squares();
        (
            [w - HALF_VIEW, w + HALF_VIEW],
            [b - HALF_VIEW, b + HALF_VIEW],
        )
    }

    /// Off the minimum along both axes, so the path shows both the steep and the flat
    /// direction of the valley.
    fn default_start(&self) -> [f64; 2] {
        let [w, b] = self.least_squares();
        [w - 3.0, b - 3.0]
    }

    /// `1 / λ_max` of the Hessian `(1/n) Σ [xᵢ², xᵢ; xᵢ, 1]`: it shrinks as the feature's
    /// scale grows.
    fn gradient_lr(&self) -> f64 {
        let n = self.x.len().max(1) as f64;
        let a = self.x.iter().map(|x| x * x).sum::<f64>() / n;
        let c = self.x.iter().sum::<f64>() / n;
        let largest = (a + 1.0) / 2.0 + (((a - 1.0) / 2.0).powi(2) + c * c).sqrt();
        1.0 / largest.max(1e-12)
    }
}

#[cfg(test)]
mod tests {
    use super::super::checks;
    use super::*;
    use crate::data::RegressionSpec;
    use crate::rng::Rng;

    #[test]
    fn gradient_and_minimum_for_every_scale() {
        for x_scale in [0.3, 1.0, 5.0] {
            let spec = RegressionSpec {
                x_scale,
                ..RegressionSpec::default()
            };
            let data = Regression::generate(spec, &mut Rng::new(9));
            checks::assert_well_formed(&data);
            assert_eq!(data.minima(), vec![data.least_squares()]);
        }
    }
}
