//! Activation functions of hidden (and output) units, with the derivatives backprop needs.

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
            Activation::Tanh => super::simd::tanh_to(z, a),
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
            Activation::Tanh => super::simd::tanh_in_place(v),
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
            Activation::Tanh => super::simd::scale_by_tanh_derivative(d, a),
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

/// `tanh(x)` as `expm1(2x) / (expm1(2x) + 2)` with an inlined `expm1`: much cheaper than
/// libm's `tanh` in WebAssembly (activations weigh heavily in a small network's step), and
/// `expm1` keeps full precision near 0. Beyond |x| = 20, tanh is ±1 to within half an ulp.
/// [`super::simd`] computes two at a time with the same operations.
#[inline]
pub fn tanh(x: f64) -> f64 {
    use expm1_parts::LIMIT;
    // Clamped (NaN stays NaN): tanh(±20) already rounds to exactly ±1.
    let x = x.clamp(-LIMIT, LIMIT);
    let e = expm1(x + x);
    e / (e + 2.0)
}

/// The constants of [`expm1`], shared with the two-lane version in [`super::simd`].
pub(super) mod expm1_parts {
    /// [`super::tanh`] is ±1 beyond this.
    pub const LIMIT: f64 = 20.0;
    pub const INV_STEP: f64 = 32.0 * std::f64::consts::LOG2_E;
    /// ln 2 / 32 in two parts; the high part has 21 trailing zero bits, so `k · STEP_HI` is
    /// exact.
    pub const STEP_HI: f64 = 6.931_471_803_691_238e-1 / 32.0;
    pub const STEP_LO: f64 = 1.908_214_929_270_587_7e-10 / 32.0;
    /// Adding 1.5·2^52 rounds to the nearest integer and leaves it in the low mantissa bits.
    pub const ROUND: f64 = 6_755_399_441_055_744.0;
    /// `1/n!` for n = 2..=7.
    pub const P: [f64; 6] = [
        0.5,
        1.0 / 6.0,
        1.0 / 24.0,
        1.0 / 120.0,
        1.0 / 720.0,
        1.0 / 5040.0,
    ];
    pub const TABLE: [[f64; 2]; 32] = super::EXP2_FRACTIONS;
}

/// `e^y − 1`, inlined and branch-free (within an ulp): `y = (32 m + j)·ln 2 / 32 + r` with
/// |r| ≤ ln 2 / 64 (Cody and Waite's two-part ln 2), so `e^y = 2^m · 2^(j/32) · e^r` with
/// `2^(j/32)` from a table kept as two doubles (Tang, 1989), and `e^r − 1` by its Taylor series
/// to `r^7`, whose remainder is below 1e-20 there. For |y| ≤ 40, as [`tanh`] uses it. libm's
/// `expm1` is exact too but much slower in WebAssembly, and a small network's step is mostly
/// activations.
#[inline]
fn expm1(y: f64) -> f64 {
    use expm1_parts::*;
    let kd = y * INV_STEP + ROUND;
    let k_int = kd.to_bits() as u32 as i32;
    let k = kd - ROUND;
    let r = (y - k * STEP_HI) - k * STEP_LO;
    // r + r² (1/2 + r/6 + r²/24 + r³/120 + r⁴/720 + r⁵/5040), in pairs for parallel multiplies.
    let r2 = r * r;
    let q = (P[0] + r * P[1]) + r2 * ((P[2] + r * P[3]) + r2 * (P[4] + r * P[5]));
    let p = r + r2 * q;
    let [t_hi, t_lo] = TABLE[(k_int & 31) as usize];
    // 2^m: the bits of k above the table index, moved into the exponent field.
    let scale = f64::from_bits(((kd.to_bits() & !31) << 47).wrapping_add(1023 << 52));
    // 2^m t (1 + p) − 1 with t = t_hi + t_lo; the first difference is exact near y = 0 (and
    // for k = 0 the whole is p itself).
    (scale * t_hi - 1.0) + scale * (t_lo + t_hi * p)
}

/// `2^(j/32)` for j = 0..32 as `[hi, lo]` (a pair the two-lane `tanh` loads at once): `hi` the
/// nearest double, `lo` the rest (computed to 60 digits).
#[rustfmt::skip]
#[allow(clippy::approx_constant)] // entry 16 is √2, as computed
pub(super) const EXP2_FRACTIONS: [[f64; 2]; 32] = [
    [1.0, 0.0],
    [1.0218971486541166, 5.109225028973444e-17],
    [1.0442737824274138, 8.551889705537965e-17],
    [1.0671404006768237, -7.899853966841582e-17],
    [1.0905077326652577, -3.046782079812471e-17],
    [1.1143867425958924, 1.0410278456845571e-16],
    [1.1387886347566916, 8.912812676025408e-17],
    [1.1637248587775775, 3.8292048369240935e-17],
    [1.189207115002721, 3.982015231465646e-17],
    [1.215247359980469, -7.712630692681488e-17],
    [1.241857812073484, 4.658027591836937e-17],
    [1.2690509571917332, 2.667932131342186e-18],
    [1.2968395546510096, 2.5382502794888315e-17],
    [1.3252366431597413, -2.8587312100388614e-17],
    [1.3542555469368927, 7.70094837980299e-17],
    [1.383909881963832, -6.770511658794786e-17],
    [1.4142135623730951, -9.667293313452913e-17],
    [1.4451808069770467, -3.0237581349939873e-17],
    [1.4768261459394993, -3.483994556892796e-17],
    [1.5091644275934228, -1.016455327754295e-16],
    [1.5422108254079407, 7.949834809697621e-17],
    [1.5759808451078865, -1.0136916471278304e-17],
    [1.6104903319492543, 2.4707192569797888e-17],
    [1.645755478153965, -1.0125679913674773e-16],
    [1.681792830507429, 8.199010020581497e-17],
    [1.718619298122478, -1.851380418263111e-17],
    [1.7562521603732995, 2.960140695448873e-17],
    [1.7947090750031072, 1.8227458427912087e-17],
    [1.8340080864093424, 3.283107224245627e-17],
    [1.8741676341103, -6.122763413004143e-17],
    [1.9152065613971474, -1.0619946056195963e-16],
    [1.9571441241754002, 8.960767791036668e-17],
];

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
    fn tanh_matches_the_library_to_a_few_ulp() {
        for k in -4000..=4000 {
            let x = k as f64 * 0.0061 + 1e-9;
            let (ours, libm) = (tanh(x), x.tanh());
            assert!(
                (ours - libm).abs() <= 4.0 * f64::EPSILON * libm.abs().max(1e-300),
                "{x}: {ours} vs {libm}"
            );
        }
        assert_eq!(tanh(1e-20), 1e-20);
        assert_eq!(tanh(50.0), 1.0);
        assert_eq!(tanh(-800.0), -1.0);
        // Clamping at ±20 gives what the formula gives there: exactly ±1, as beyond.
        for x in [20.0, -20.0, f64::INFINITY, f64::NEG_INFINITY] {
            assert_eq!(tanh(x), x.signum());
        }
        for k in 0..=1400 {
            let x = 19.1 + k as f64 * 0.001;
            assert_eq!((tanh(x), tanh(-x)), (1.0, -1.0), "{x}");
        }
        assert!(tanh(f64::NAN).is_nan());
    }

    #[test]
    fn expm1_matches_the_library_to_an_ulp_or_two() {
        // Dense over the range tanh uses, across every table entry and both signs.
        let mut worst = 0.0f64;
        for k in -400_000..=400_000 {
            let y = k as f64 * 1e-4 + 3.3e-11;
            let (ours, libm) = (expm1(y), y.exp_m1());
            let ulp = f64::EPSILON * libm.abs();
            worst = worst.max((ours - libm).abs() / ulp);
        }
        assert!(worst <= 2.0, "worst error {worst} ulp");
        assert_eq!(expm1(0.0), 0.0);
        assert_eq!(expm1(1e-300), 1e-300);
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
