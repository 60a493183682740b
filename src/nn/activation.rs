//! Activation functions of hidden (and output) units, with the derivatives backprop needs.

use crate::simd::tanh;

/// An elementwise activation `y = f(x)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Activation {
    /// `tanh(x)`; `f' = 1 - y²`.
    Tanh,
    /// `max(0, x)`; `f' = 1` for `x > 0`, else `0` (torch's choice at 0). (Nair and Hinton, 2010)
    Relu,
    /// `x` for `x > 0`, else `0.01 x` (torch's default slope). (Maas et al., 2013)
    LeakyRelu,
    /// `x` for `x > 0`, else `α (eˣ - 1)` with `α = 1`; `f' = y + α` below 0. (Clevert et al., 2016)
    Elu,
    /// `σ(x) = 1 / (1 + e⁻ˣ)`; `f' = y (1 - y)`.
    Sigmoid,
    /// The identity: a network of linear layers only is a linear model.
    Linear,
}

/// Slope of [`Activation::LeakyRelu`] below zero.
pub const LEAKY_SLOPE: f64 = 0.01;
/// `α` of [`Activation::Elu`].
pub const ELU_ALPHA: f64 = 1.0;

impl Activation {
    pub const ALL: [Activation; 6] = [
        Activation::Tanh,
        Activation::Relu,
        Activation::LeakyRelu,
        Activation::Elu,
        Activation::Sigmoid,
        Activation::Linear,
    ];

    /// The name used in URLs and reference files.
    pub fn name(self) -> &'static str {
        match self {
            Activation::Tanh => "tanh",
            Activation::Relu => "relu",
            Activation::LeakyRelu => "leaky_relu",
            Activation::Elu => "elu",
            Activation::Sigmoid => "sigmoid",
            Activation::Linear => "linear",
        }
    }

    /// Looks a name up, ignoring case; `identity` also means [`Activation::Linear`].
    pub fn from_name(name: &str) -> Option<Self> {
        let name = name.to_ascii_lowercase();
        if name == "identity" {
            return Some(Activation::Linear);
        }
        Self::ALL.into_iter().find(|a| a.name() == name)
    }

    /// The label a learner sees.
    pub fn label(self) -> &'static str {
        match self {
            Activation::Tanh => "Tanh",
            Activation::Relu => "ReLU",
            Activation::LeakyRelu => "Leaky ReLU (0.01)",
            Activation::Elu => "ELU (α = 1)",
            Activation::Sigmoid => "Sigmoid",
            Activation::Linear => "Linear",
        }
    }

    #[inline]
    pub fn apply(self, x: f64) -> f64 {
        match self {
            Activation::Tanh => tanh(x),
            Activation::Relu => x.max(0.0),
            Activation::LeakyRelu => {
                if x > 0.0 {
                    x
                } else {
                    LEAKY_SLOPE * x
                }
            }
            Activation::Elu => {
                if x > 0.0 {
                    x
                } else {
                    ELU_ALPHA * x.exp_m1()
                }
            }
            Activation::Sigmoid => sigmoid(x),
            Activation::Linear => x,
        }
    }

    /// `a[k] = f(z[k])` for a whole layer: one `match` per layer, not per unit, so each arm's
    /// loop is specialised.
    #[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
    pub fn apply_to(self, z: &[f64], a: &mut [f64]) {
        fn each(z: &[f64], a: &mut [f64], f: impl Fn(f64) -> f64) {
            for (y, &x) in a.iter_mut().zip(z) {
                *y = f(x);
            }
        }
        match self {
            Activation::Tanh => super::kernels::tanh_to(z, a),
            Activation::Relu => each(z, a, |x| x.max(0.0)),
            Activation::Sigmoid => each(z, a, sigmoid),
            Activation::Linear => a.copy_from_slice(&z[..a.len()]),
            other => each(z, a, |x| other.apply(x)),
        }
    }

    /// `v[k] = f(v[k])`: [`Activation::apply_to`] in place.
    #[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
    pub fn apply_in_place(self, v: &mut [f64]) {
        fn each(v: &mut [f64], f: impl Fn(f64) -> f64) {
            for x in v {
                *x = f(*x);
            }
        }
        match self {
            Activation::Tanh => super::kernels::tanh_in_place(v),
            Activation::Relu => each(v, |x| x.max(0.0)),
            Activation::Sigmoid => each(v, sigmoid),
            Activation::Linear => {}
            other => each(v, |x| other.apply(x)),
        }
    }

    /// `d[k] *= f'(z[k])` given `a[k] = f(z[k])`, for a whole layer (see [`Activation::apply_to`]).
    #[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
    pub fn scale_by_derivative(self, z: &[f64], a: &[f64], d: &mut [f64]) {
        fn each(z: &[f64], a: &[f64], d: &mut [f64], f: impl Fn(f64, f64) -> f64) {
            for ((g, &x), &y) in d.iter_mut().zip(z).zip(a) {
                *g *= f(x, y);
            }
        }
        match self {
            Activation::Tanh => super::kernels::scale_by_tanh_derivative(d, a),
            Activation::Linear => {}
            other => each(z, a, d, |x, y| other.derivative(x, y)),
        }
    }

    /// `dy/dx` at pre-activation `x` with output `y = apply(x)`.
    #[inline]
    pub fn derivative(self, x: f64, y: f64) -> f64 {
        match self {
            Activation::Tanh => 1.0 - y * y,
            Activation::Relu => {
                if x > 0.0 {
                    1.0
                } else {
                    0.0
                }
            }
            Activation::LeakyRelu => {
                if x > 0.0 {
                    1.0
                } else {
                    LEAKY_SLOPE
                }
            }
            Activation::Elu => {
                if x > 0.0 {
                    1.0
                } else {
                    y + ELU_ALPHA
                }
            }
            Activation::Sigmoid => y * (1.0 - y),
            Activation::Linear => 1.0,
        }
    }
}

/// The logistic function, written so that neither tail overflows.
#[inline]
pub fn sigmoid(x: f64) -> f64 {
    if x >= 0.0 {
        1.0 / (1.0 + (-x).exp())
    } else {
        let e = x.exp();
        e / (1.0 + e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for a in Activation::ALL {
            assert_eq!(Activation::from_name(a.name()), Some(a));
        }
        assert_eq!(Activation::from_name("ReLU"), Some(Activation::Relu));
        assert_eq!(Activation::from_name("identity"), Some(Activation::Linear));
        assert_eq!(Activation::from_name("swish"), None);
    }

    #[test]
    fn derivatives_match_finite_differences() {
        for a in Activation::ALL {
            for x in [-2.3, -0.4, 0.3, 1.7] {
                let h = 1e-6;
                let numeric = (a.apply(x + h) - a.apply(x - h)) / (2.0 * h);
                let exact = a.derivative(x, a.apply(x));
                assert!(
                    (numeric - exact).abs() < 1e-7,
                    "{a:?} at {x}: {numeric} vs {exact}"
                );
            }
        }
    }

    #[test]
    fn layer_forms_match_the_unit_forms() {
        let z: Vec<f64> = (-20..20).map(|k| k as f64 * 0.37 + 0.01).collect();
        for f in Activation::ALL {
            let mut a = vec![0.0; z.len()];
            f.apply_to(&z, &mut a);
            let mut b = z.clone();
            f.apply_in_place(&mut b);
            let mut d = vec![1.5; z.len()];
            f.scale_by_derivative(&z, &a, &mut d);
            for k in 0..z.len() {
                assert_eq!(a[k], f.apply(z[k]), "{f:?}");
                assert_eq!(b[k], a[k], "{f:?}");
                assert_eq!(d[k], 1.5 * f.derivative(z[k], a[k]), "{f:?}");
            }
        }
    }

    #[test]
    fn sigmoid_is_stable_in_both_tails() {
        assert_eq!(sigmoid(-1000.0), 0.0);
        assert_eq!(sigmoid(1000.0), 1.0);
        assert_eq!(sigmoid(0.0), 0.5);
    }
}
