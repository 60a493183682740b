//! `tanh(x) = expm1(2x) / (expm1(2x) + 2)` with an inlined `expm1`: one `f64` at a time, two
//! with the same operations (so bit for bit the same), and four `f32` for pictures.

use super::f32x4::F32x4;
use super::f64x2::F64x2;

/// `tanh(x)` as `expm1(2x) / (expm1(2x) + 2)` with an inlined `expm1`: much cheaper than
/// libm's `tanh` in WebAssembly (activations weigh heavily in a small network's step), and
/// `expm1` keeps full precision near 0. Beyond |x| = 20, tanh is ±1 to within half an ulp.
/// [`tanh2`] computes two at a time with the same operations.
#[inline]
pub fn tanh(x: f64) -> f64 {
    use expm1_parts::LIMIT;
    // Clamped (NaN stays NaN): tanh(±20) already rounds to exactly ±1.
    let x = x.clamp(-LIMIT, LIMIT);
    let e = expm1(x + x);
    e / (e + 2.0)
}

/// The constants of [`expm1`], shared with the two-lane version [`tanh2`].
mod expm1_parts {
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
const EXP2_FRACTIONS: [[f64; 2]; 32] = [
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

/// Two lanes of [`tanh`]: the same operations, table look-ups per lane.
#[inline(always)]
pub fn tanh2(x: F64x2) -> F64x2 {
    use expm1_parts as c;
    let x = x.clamp_to(c::LIMIT);
    let y = x.plus(x);
    let kd = y
        .times(F64x2::splat(c::INV_STEP))
        .plus(F64x2::splat(c::ROUND));
    let [k0, k1] = kd.low_words();
    let k = kd.minus(F64x2::splat(c::ROUND));
    let r = y
        .minus(k.times(F64x2::splat(c::STEP_HI)))
        .minus(k.times(F64x2::splat(c::STEP_LO)));
    let r2 = r.times(r);
    let s = F64x2::splat;
    let q = s(c::P[0]).plus(r.times(s(c::P[1]))).plus(
        r2.times(
            s(c::P[2])
                .plus(r.times(s(c::P[3])))
                .plus(r2.times(s(c::P[4]).plus(r.times(s(c::P[5]))))),
        ),
    );
    let p = r.plus(r2.times(q));
    let (t_hi, t_lo) = F64x2::unzip(
        F64x2::load(&c::TABLE[(k0 & 31) as usize]),
        F64x2::load(&c::TABLE[(k1 & 31) as usize]),
    );
    let scale = kd.mask_shl47_add(!31, 1023 << 52);
    let e = scale
        .times(t_hi)
        .minus(s(1.0))
        .plus(scale.times(t_lo.plus(t_hi.times(p))));
    e.over(e.plus(s(2.0)))
}

/// `tanh` of four `f32` lanes to within a few `f32` ulp (about 1e-7), for pictures:
/// `expm1(2x) / (expm1(2x) + 2)` as in [`tanh`], with `2x = k·ln 2 + r`, |r| ≤ ln 2 / 2,
/// `e^r − 1` by its Taylor series to `r^7` and `2^k` built from its bits (no table, so the lanes
/// never leave the vector). Beyond |x| = 9, tanh rounds to ±1 in `f32`.
#[inline(always)]
pub fn tanh4(x: F32x4) -> F32x4 {
    const LIMIT: f32 = 9.0;
    // ln 2 in two parts (the high one has 9 significant bits, so k · LN2_HI is exact).
    const LN2_HI: f32 = 0.693_359_4;
    const LN2_LO: f32 = -2.121_944_4e-4;
    // Adding 1.5·2^23 rounds to the nearest integer and leaves it in the low mantissa bits.
    const ROUND: f32 = 12_582_912.0;
    let s = F32x4::splat;
    let y = x.plus(x);
    let kd = y.times(s(std::f32::consts::LOG2_E)).plus(s(ROUND));
    let k = kd.minus(s(ROUND));
    let r = y.minus(k.times(s(LN2_HI))).minus(k.times(s(LN2_LO)));
    let r2 = r.times(r);
    let q = s(0.5).plus(r.times(s(1.0 / 6.0))).plus(
        r2.times(
            s(1.0 / 24.0)
                .plus(r.times(s(1.0 / 120.0)))
                .plus(r2.times(s(1.0 / 720.0).plus(r.times(s(1.0 / 5040.0))))),
        ),
    );
    let p = r.plus(r2.times(q));
    let scale = kd.shl23_add(127 << 23);
    let e = scale.minus(s(1.0)).plus(scale.times(p));
    x.saturate_beyond(LIMIT, e.over(e.plus(s(2.0))))
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn four_f32_lanes_are_a_few_f32_ulp_from_tanh() {
        // The f32 tanh for pictures: a few f32 ulp from the f64 one.
        let mut worst = 0.0f64;
        for k in -20_000..=20_000 {
            let x = k as f32 * 6.1e-4 + 1e-7;
            let mut out = [0.0f32; 4];
            tanh4(F32x4::splat(x)).store(&mut out);
            let exact = (x as f64).tanh();
            worst = worst.max((out[0] as f64 - exact).abs() / exact.abs().max(1e-3));
        }
        assert!(worst < 5e-7, "f32 tanh off by {worst}");
        let mut out = [0.0f32; 4];
        tanh4(F32x4::load(&[50.0, -50.0, 0.0, f32::NEG_INFINITY])).store(&mut out);
        assert_eq!(out, [1.0, -1.0, 0.0, -1.0]);
    }
}
