//! Sine and cosine, the same bits on every machine and small in the Wasm.
//!
//! `f64::sin` is the platform's: glibc natively, the `libm` crate in the Wasm, whose argument
//! reduction for huge arguments (Payne–Hanek, `rem_pio2_large`) alone is 4 KB of code. These
//! are musl's (FreeBSD's fdlibm): Cody–Waite reduction by π/2 in up to three parts, then the
//! minimax polynomials `__sin` and `__cos` on `[-π/4, π/4]`; within one ulp of the true value
//! for `|x| < 2²⁰·π/2` (the tests compare them with the platform's). Beyond that (only a run
//! that has blown up gets there) the argument is first reduced to the fraction of a turn its
//! `x / 2π` gives: the sine of a nearby number, and no 4 KB for it.

#![allow(clippy::excessive_precision)] // musl's constants as published
const INVPIO2: f64 = std::f64::consts::FRAC_2_PI;
const PIO2_1: f64 = 1.570_796_326_734_125_614_17e0;
const PIO2_1T: f64 = 6.077_100_506_506_192_249_32e-11;
const PIO2_2: f64 = 6.077_100_506_303_965_976_60e-11;
const PIO2_2T: f64 = 2.022_266_248_795_950_631_54e-21;
const PIO2_3: f64 = 2.022_266_248_711_166_455_80e-21;
const PIO2_3T: f64 = 8.478_427_660_368_899_569_97e-32;
const PIO4: f64 = std::f64::consts::FRAC_PI_4;

/// The high word of `x` without its sign.
fn high(x: f64) -> u32 {
    ((x.to_bits() >> 32) as u32) & 0x7fff_ffff
}

/// `x = n·π/2 + y₀ + y₁` with `|y₀ + y₁| ≤ π/4`: returns `n` and `(y₀, y₁)` (musl's
/// `__rem_pio2`, its medium case).
fn rem_pio2(x: f64) -> (i32, f64, f64) {
    let mut x = x;
    if high(x) >= 0x4139_21fb {
        // The turns' fraction: exact arithmetic, no `fmod` (its 1 KB).
        x = std::f64::consts::TAU * (x / std::f64::consts::TAU).fract();
    }
    let ex = (high(x) >> 20) as i32;
    let mut f = (x * INVPIO2).round_ties_even();
    let mut n = f as i32;
    let mut r = x - f * PIO2_1;
    let mut w = f * PIO2_1T;
    // Rounding can leave the first guess of n off by one.
    if r - w < -PIO4 {
        n -= 1;
        f -= 1.0;
        r = x - f * PIO2_1;
        w = f * PIO2_1T;
    } else if r - w > PIO4 {
        n += 1;
        f += 1.0;
        r = x - f * PIO2_1;
        w = f * PIO2_1T;
    }
    let mut y0 = r - w;
    let exponent = |y: f64| ((y.to_bits() >> 52) & 0x7ff) as i32;
    // Another part of π/2 off r, when cancellation ate the bits of the last.
    let mut refine = |part: f64, tail: f64| {
        let t = r;
        w = f * part;
        r = t - w;
        w = f * tail - ((t - r) - w);
        r - w
    };
    if ex - exponent(y0) > 16 {
        // Good to 118 bits.
        y0 = refine(PIO2_2, PIO2_2T);
        if ex - exponent(y0) > 49 {
            // Good to 151 bits: enough for every double.
            y0 = refine(PIO2_3, PIO2_3T);
        }
    }
    (n, y0, (r - y0) - w)
}

/// `sin(x + y)` on `[-π/4, π/4]`, `y` the tail of `x` (`tail` false: none).
fn k_sin(x: f64, y: f64, tail: bool) -> f64 {
    const S1: f64 = -1.666_666_666_666_663_243_48e-1;
    const S2: f64 = 8.333_333_333_322_489_461_24e-3;
    const S3: f64 = -1.984_126_982_985_794_931_34e-4;
    const S4: f64 = 2.755_731_370_707_006_767_89e-6;
    const S5: f64 = -2.505_076_025_340_686_341_95e-8;
    const S6: f64 = 1.589_690_995_211_550_102_21e-10;
    let z = x * x;
    let w = z * z;
    let r = S2 + z * (S3 + z * S4) + z * w * (S5 + z * S6);
    let v = z * x;
    if tail {
        x - ((z * (0.5 * y - v * r) - y) - v * S1)
    } else {
        x + v * (S1 + z * r)
    }
}

/// `cos(x + y)` on `[-π/4, π/4]`.
fn k_cos(x: f64, y: f64) -> f64 {
    const C1: f64 = 4.166_666_666_666_660_190_37e-2;
    const C2: f64 = -1.388_888_888_887_410_957_49e-3;
    const C3: f64 = 2.480_158_728_947_672_941_78e-5;
    const C4: f64 = -2.755_731_435_139_066_330_35e-7;
    const C5: f64 = 2.087_572_321_298_174_827_90e-9;
    const C6: f64 = -1.135_964_755_778_819_482_65e-11;
    let z = x * x;
    let w = z * z;
    let r = z * (C1 + z * (C2 + z * C3)) + w * w * (C4 + z * (C5 + z * C6));
    let hz = 0.5 * z;
    let w = 1.0 - hz;
    w + (((1.0 - w) - hz) + (z * r - x * y))
}

/// The sine of `x` (radians).
pub fn sin(x: f64) -> f64 {
    let ix = high(x);
    if ix <= 0x3fe9_21fb {
        // |x| ≤ π/4: no reduction; below 2⁻²⁶, sin x rounds to x.
        return if ix < 0x3e50_0000 {
            x
        } else {
            k_sin(x, 0.0, false)
        };
    }
    if ix >= 0x7ff0_0000 {
        return f64::NAN;
    }
    let (n, y0, y1) = rem_pio2(x);
    match n & 3 {
        0 => k_sin(y0, y1, true),
        1 => k_cos(y0, y1),
        2 => -k_sin(y0, y1, true),
        _ => -k_cos(y0, y1),
    }
}

/// The cosine of `x` (radians).
pub fn cos(x: f64) -> f64 {
    let ix = high(x);
    if ix <= 0x3fe9_21fb {
        // Below about 2⁻²⁷, cos x rounds to 1.
        return if ix < 0x3e46_a09e { 1.0 } else { k_cos(x, 0.0) };
    }
    if ix >= 0x7ff0_0000 {
        return f64::NAN;
    }
    let (n, y0, y1) = rem_pio2(x);
    match n & 3 {
        0 => k_cos(y0, y1),
        1 => -k_sin(y0, y1, true),
        2 => -k_cos(y0, y1),
        _ => k_sin(y0, y1, true),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Rng;

    /// Distance in units in the last place.
    fn ulps(a: f64, b: f64) -> u64 {
        let key = |v: f64| {
            let i = v.to_bits() as i64;
            if i < 0 {
                i64::MIN - i
            } else {
                i
            }
        };
        key(a).abs_diff(key(b))
    }

    #[test]
    fn within_one_ulp_of_the_platforms_sine_and_cosine() {
        let mut rng = Rng::new(7);
        let mut worst = 0;
        for k in 0..400_000 {
            // Every scale from tiny to the medium range's edge, both signs; and multiples of
            // π/2 (the hardest: the result is all cancellation).
            let x = if k % 4 == 0 {
                (k / 4) as f64 * std::f64::consts::FRAC_PI_2
            } else {
                let e = rng.uniform_in(-30.0, 19.5);
                let s = if rng.below(2) == 0 { 1.0 } else { -1.0 };
                s * 2f64.powf(e) * rng.uniform_in(1.0, 2.0)
            };
            for (ours, theirs) in [(sin(x), x.sin()), (cos(x), x.cos())] {
                let d = ulps(ours, theirs);
                // Near a zero the platform's and ours may differ in the last bits of a tiny
                // value; compare those absolutely.
                if theirs.abs() > 1e-9 {
                    worst = worst.max(d);
                } else {
                    assert!((ours - theirs).abs() < 1e-15, "{x}");
                }
            }
        }
        assert!(worst <= 1, "{worst} ulps");
    }

    #[test]
    fn special_values() {
        assert_eq!(sin(0.0), 0.0);
        assert!(sin(-0.0).is_sign_negative());
        assert_eq!(cos(0.0), 1.0);
        assert_eq!(sin(1e-300), 1e-300);
        for v in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            assert!(sin(v).is_nan() && cos(v).is_nan());
        }
        // Beyond the medium range: bounded, and the same as the reduced argument's.
        for x in [1e7, -3e12, 1e300] {
            assert!(sin(x).abs() <= 1.0 && cos(x).abs() <= 1.0);
            let turns = (x / std::f64::consts::TAU).fract();
            assert_eq!(sin(x), sin(std::f64::consts::TAU * turns));
        }
    }
}
