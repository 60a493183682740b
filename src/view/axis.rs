//! Chart axes as plain numbers: where the ticks go on a linear or a logarithmic axis, and how
//! a value maps to a pixel. The charts draw what these give, so the choices are tested here.

/// Ticks of a linear axis over `[lo, hi]`: about `count` round values (1, 2 or 5 times a power
/// of ten apart), all inside the range.
pub fn linear_ticks(lo: f64, hi: f64, count: usize) -> Vec<f64> {
    if !(lo.is_finite() && hi.is_finite()) || hi <= lo || count == 0 {
        return Vec::new();
    }
    let rough = (hi - lo) / count as f64;
    let power = 10f64.powf(rough.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|s| *s >= rough)
        .unwrap_or(10.0 * power);
    let first = (lo / step).ceil();
    let last = (hi / step).floor();
    if !(last - first).is_finite() || last - first > 1000.0 {
        return Vec::new();
    }
    // Multiples of the step, so 0.1 + 0.2 noise never reaches a label.
    (first as i64..=last as i64)
        .map(|k| k as f64 * step)
        .collect()
}

/// Ticks of a logarithmic axis over `[lo, hi]` (both positive): the powers of ten inside it,
/// thinned to at most `count`; within one decade, 1-2-5 multiples instead.
pub fn log_ticks(lo: f64, hi: f64, count: usize) -> Vec<f64> {
    if !(lo > 0.0 && hi > lo && hi.is_finite()) || count == 0 {
        return Vec::new();
    }
    let (a, b) = (lo.log10().ceil() as i32, hi.log10().floor() as i32);
    if b - a >= 1 {
        let every = ((b - a + 1) as usize).div_ceil(count).max(1) as i32;
        return (a..=b)
            .filter(|e| (e - a) % every == 0)
            .map(|e| 10f64.powi(e))
            .collect();
    }
    let decade = 10f64.powi(lo.log10().floor() as i32);
    let mut out = Vec::new();
    for d in [decade, 10.0 * decade] {
        for m in [1.0, 2.0, 5.0] {
            let v = m * d;
            if (lo..=hi).contains(&v) {
                out.push(v);
            }
        }
    }
    out
}

/// A value's position along an axis from `lo` (at `from`) to `hi` (at `to`), pixels.
pub fn position(v: f64, (lo, hi): (f64, f64), (from, to): (f64, f64), log: bool) -> f64 {
    let t = if log {
        (v.ln() - lo.ln()) / (hi.ln() - lo.ln())
    } else {
        (v - lo) / (hi - lo)
    };
    from + t * (to - from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linear_ticks_are_round_and_inside() {
        assert_eq!(
            linear_ticks(0.0, 1.0, 5),
            [0.0, 0.2, 0.4, 0.6000000000000001, 0.8, 1.0]
        );
        assert_eq!(
            linear_ticks(0.0, 10000.0, 8),
            [0.0, 2000.0, 4000.0, 6000.0, 8000.0, 10000.0]
        );
        assert_eq!(linear_ticks(-0.13, 1.07, 4), [0.0, 0.5, 1.0]);
        assert!(linear_ticks(1.0, 1.0, 5).is_empty());
        assert!(linear_ticks(f64::NAN, 1.0, 5).is_empty());
        for (lo, hi) in [(0.5, 0.7), (3.0, 3000.0), (-1e-6, 2e-6)] {
            let t = linear_ticks(lo, hi, 6);
            assert!((2..=12).contains(&t.len()), "{lo} {hi}: {t:?}");
            assert!(t.iter().all(|v| (lo..=hi).contains(v)));
        }
    }

    #[test]
    fn log_ticks_are_powers_of_ten_or_one_two_five() {
        assert_eq!(log_ticks(1e-4, 10.0, 8), [1e-4, 1e-3, 1e-2, 0.1, 1.0, 10.0]);
        assert_eq!(log_ticks(1e-12, 1.0, 4), [1e-12, 1e-8, 1e-4, 1.0]);
        assert_eq!(log_ticks(0.15, 0.9, 8), [0.2, 0.5]);
        assert!(log_ticks(0.0, 1.0, 5).is_empty());
    }

    #[test]
    fn positions_map_the_range_onto_pixels() {
        assert_eq!(position(0.5, (0.0, 1.0), (10.0, 110.0), false), 60.0);
        assert!((position(1.0, (0.1, 10.0), (200.0, 0.0), true) - 100.0).abs() < 1e-9);
    }
}
