//! Level values for contour maps.

/// `count` values from `min` to `max` evenly spaced in the logarithm,
/// `vₖ = min · (max / min)^(k / (count − 1))`, so the level lines crowd near a minimum as
/// they should for a valley whose height spans decades. Meant for heights above the least
/// value (see [`Surface::contour_levels`](super::Surface::contour_levels)).
///
/// Needs `0 < min < max`: a `min` that is not positive or not below `max` is replaced by
/// `max · 10⁻⁶`. Returns nothing when `max ≤ 0` or `count = 0`, and `[min]` when `count = 1`.
pub fn levels(min: f64, max: f64, count: usize) -> Vec<f64> {
    if count == 0 || max.is_nan() || max <= 0.0 {
        return Vec::new();
    }
    let min = if min > 0.0 && min < max {
        min
    } else {
        max * 1e-6
    };
    if count == 1 {
        return vec![min];
    }
    let log_ratio = (max / min).ln();
    (0..count)
        .map(|k| {
            if k + 1 == count {
                max
            } else {
                min * (log_ratio * k as f64 / (count - 1) as f64).exp()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn geometric_between_the_ends() {
        let l = levels(0.01, 100.0, 5);
        assert_eq!(l.len(), 5);
        for (got, want) in l.iter().zip([0.01, 0.1, 1.0, 10.0, 100.0]) {
            assert!((got / want - 1.0).abs() < 1e-12, "{l:?}");
        }
        let l = levels(0.5, 700.0, 30);
        let ratio = l[1] / l[0];
        for w in l.windows(2) {
            assert!((w[1] / w[0] / ratio - 1.0).abs() < 1e-9);
        }
    }

    #[test]
    fn degenerate_arguments() {
        assert!(levels(1.0, 0.0, 5).is_empty());
        assert!(levels(1.0, 2.0, 0).is_empty());
        assert_eq!(levels(0.5, 2.0, 1), vec![0.5]);
        let l = levels(0.0, 10.0, 3);
        assert!((l[0] - 1e-5).abs() < 1e-18 && l[2] == 10.0);
        assert!(l.windows(2).all(|w| w[0] < w[1]));
    }
}
