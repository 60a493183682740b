//! The generators behind [`Dataset::generate`].
//!
//! Circle, exclusive or, two Gaussians and spiral follow TensorFlow Playground's
//! `dataset.ts` (Smilkov and Carter, 2016) in its own coordinates; moons follows
//! scikit-learn's `make_moons` (Pedregosa et al., 2011) stretched into the same box.
//!
//! Noise scale: the `noise` argument runs over `[0, 1]` and is Playground's noise slider
//! `0..50 %`, i.e. Playground's `noise` value is `ν = noise / 2`. What it does depends on the
//! set, as in Playground:
//! - circle, exclusive or, checkerboard: the points stay put but each label is read off the
//!   point moved by a uniform jitter (`± 5ν` per coordinate; `± 2.5ν` cell widths for the
//!   checkerboard), so labels near a boundary flip;
//! - two Gaussians: the variance of each cloud grows linearly from `0.5` to `4`;
//! - spirals: each coordinate moves by a uniform jitter in `± ν`;
//! - moons: each coordinate moves by a Gaussian of standard deviation `0.6ν` moon radii.
//!
//! Anything that would leave the box `[-BOX, BOX]²` is drawn again (Gaussians) or clamped
//! (moons); the other sets cannot leave it.

use crate::trig::{cos, sin};
use std::f64::consts::{PI, TAU};

use super::{Dataset, DatasetKind, BOX};
use crate::rng::Rng;

/// Playground's radius of its circle and spiral sets, and half the side of its xor square.
const RADIUS: f64 = 5.0;

impl Dataset {
    /// Draws `n` points of dataset `kind` with the given `noise` in `[0, 1]` (see the module
    /// documentation for the scale). The same `rng` state gives the same points. Classes get
    /// `n / classes` points each, the first `n % classes` classes one more, except for the
    /// sets whose labels are read off the position (exclusive or, checkerboard) or off a
    /// jittered position (circle with noise).
    pub fn generate(kind: DatasetKind, n: usize, noise: f64, rng: &mut Rng) -> Dataset {
        let nu = 0.5 * noise.clamp(0.0, 1.0);
        let mut data = Dataset::new(kind.classes());
        data.inputs.reserve(2 * n);
        data.labels.reserve(n);
        match kind {
            DatasetKind::Circle => circle(&mut data, n, nu, rng),
            DatasetKind::Xor => xor(&mut data, n, nu, rng),
            DatasetKind::Gaussians => gaussians(&mut data, n, nu, rng),
            DatasetKind::Spiral | DatasetKind::Spiral3 => spiral(&mut data, n, nu, rng),
            DatasetKind::Moons => moons(&mut data, n, nu, rng),
            DatasetKind::Checkerboard => checkerboard(&mut data, n, nu, rng),
            // Read from a file, not generated (`Digits::datasets`).
            DatasetKind::Digits => return Dataset::with_dim(kind.classes(), kind.dim()),
        }
        data
    }
}

/// How many of `n` points class `c` of `classes` gets.
fn class_size(n: usize, classes: usize, c: usize) -> usize {
    n / classes + usize::from(c < n % classes)
}

/// A uniform jitter in `± half_width` per coordinate.
fn jitter(rng: &mut Rng, half_width: f64) -> [f64; 2] {
    [
        rng.uniform_in(-half_width, half_width),
        rng.uniform_in(-half_width, half_width),
    ]
}

/// Class 1: radius uniform in `[0, 0.5 r]`; class 0: radius uniform in `[0.7 r, r]`; `r = 5`.
/// The label is whether the jittered point lies inside `0.5 r`.
fn circle(data: &mut Dataset, n: usize, nu: f64, rng: &mut Rng) {
    for (label, radii) in [(1, [0.0, 0.5]), (0, [0.7, 1.0])] {
        for _ in 0..class_size(n, 2, 1 - label) {
            let r = rng.uniform_in(radii[0] * RADIUS, radii[1] * RADIUS);
            let angle = rng.uniform_in(0.0, TAU);
            let p = [r * sin(angle), r * cos(angle)];
            let e = jitter(rng, RADIUS * nu);
            let inside = (p[0] + e[0]).hypot(p[1] + e[1]) < 0.5 * RADIUS;
            data.push(p, usize::from(inside));
        }
    }
}

/// Uniform in `[-5, 5]²`, pushed `0.3` away from both axes; class 1 where the jittered
/// point has `x·y ≥ 0`.
fn xor(data: &mut Dataset, n: usize, nu: f64, rng: &mut Rng) {
    const PADDING: f64 = 0.3;
    let padded = |v: f64| v + PADDING.copysign(v);
    for _ in 0..n {
        let p = [
            padded(rng.uniform_in(-RADIUS, RADIUS)),
            padded(rng.uniform_in(-RADIUS, RADIUS)),
        ];
        let e = jitter(rng, RADIUS * nu);
        data.push(p, usize::from((p[0] + e[0]) * (p[1] + e[1]) >= 0.0));
    }
}

/// Class 1 around `(2, 2)`, class 0 around `(-2, -2)`, each coordinate normal with variance
/// `0.5 + 7ν` (Playground's linear map of `ν ∈ [0, 0.5]` onto `[0.5, 4]`).
fn gaussians(data: &mut Dataset, n: usize, nu: f64, rng: &mut Rng) {
    let std = (0.5 + 7.0 * nu).sqrt();
    let mut normal_in_box = |mean: f64| loop {
        let v = mean + std * rng.normal();
        if v.abs() <= BOX {
            return v;
        }
    };
    for (label, centre) in [(1, 2.0), (0, -2.0)] {
        for _ in 0..class_size(n, 2, 1 - label) {
            let p = [normal_in_box(centre), normal_in_box(centre)];
            data.push(p, label);
        }
    }
}

/// Arm `c` of `k` (label `c`) has `m` points `i = 0..m` at radius `r = 5 i / m` and angle
/// `t = 1.75 · 2π · i / m + 2π c / k`, placed at `(r sin t, r cos t)` plus a jitter `± ν`.
/// With two arms the offsets are `0` and `π`, exactly Playground's spiral.
fn spiral(data: &mut Dataset, n: usize, nu: f64, rng: &mut Rng) {
    let arms = data.classes;
    for arm in 0..arms {
        let m = class_size(n, arms, arm);
        let delta = TAU * arm as f64 / arms as f64;
        for i in 0..m {
            let s = i as f64 / m as f64;
            let (r, t) = (RADIUS * s, 1.75 * TAU * s + delta);
            let e = jitter(rng, nu);
            data.push([r * sin(t) + e[0], r * cos(t) + e[1]], arm);
        }
    }
}

/// scikit-learn's moons: class 0 on `(cos t, sin t)`, class 1 on `(1 − cos t, 1/2 − sin t)`,
/// `t` evenly spaced over `[0, π]`, plus Gaussian noise; then shifted by `(−1/2, −1/4)` to
/// centre them and scaled by `3.5`, which fills `[-5.25, 5.25] × [-2.6, 2.6]`.
fn moons(data: &mut Dataset, n: usize, nu: f64, rng: &mut Rng) {
    const SCALE: f64 = 3.5;
    let std = 0.6 * nu;
    for label in 0..2 {
        let m = class_size(n, 2, label);
        for i in 0..m {
            let t = if m > 1 {
                PI * i as f64 / (m - 1) as f64
            } else {
                0.0
            };
            let (c, s) = (cos(t), sin(t));
            let p = if label == 0 {
                [c, s]
            } else {
                [1.0 - c, 0.5 - s]
            };
            let x = SCALE * (p[0] + std * rng.normal() - 0.5);
            let y = SCALE * (p[1] + std * rng.normal() - 0.25);
            data.push([x.clamp(-BOX, BOX), y.clamp(-BOX, BOX)], label);
        }
    }
}

/// Uniform in `[-5, 5]²`, cut into 4 × 4 squares of side 2.5; the label is the parity of the
/// square holding the jittered point (`± 2.5ν` squares per coordinate).
fn checkerboard(data: &mut Dataset, n: usize, nu: f64, rng: &mut Rng) {
    const CELLS: f64 = 4.0;
    let cell = 2.0 * RADIUS / CELLS;
    for _ in 0..n {
        let p = [
            rng.uniform_in(-RADIUS, RADIUS),
            rng.uniform_in(-RADIUS, RADIUS),
        ];
        let e = jitter(rng, cell * nu);
        let column = ((p[0] + e[0] + RADIUS) / cell).floor() as i64;
        let row = ((p[1] + e[1] + RADIUS) / cell).floor() as i64;
        data.push(p, (column + row).rem_euclid(2) as usize);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_points(d: &Dataset) -> impl Iterator<Item = ([f64; 2], usize)> + '_ {
        (0..d.len()).map(|i| (d.point(i), d.labels[i]))
    }

    #[test]
    fn same_seed_same_points_other_seed_other_points() {
        for &kind in DatasetKind::PLANE {
            let a = Dataset::generate(kind, 200, 0.3, &mut Rng::new(11));
            let b = Dataset::generate(kind, 200, 0.3, &mut Rng::new(11));
            let c = Dataset::generate(kind, 200, 0.3, &mut Rng::new(12));
            assert_eq!(a, b, "{}", kind.name());
            assert_ne!(a.inputs, c.inputs, "{}", kind.name());
            assert_eq!(a.len(), 200);
            assert_eq!(a.inputs.len(), 400);
            assert_eq!(a.classes, kind.classes());
        }
    }

    #[test]
    fn every_point_stays_in_the_box_with_a_valid_label() {
        for &kind in DatasetKind::PLANE {
            for noise in [0.0, 0.5, 1.0] {
                for seed in 0..5 {
                    let d = Dataset::generate(kind, 500, noise, &mut Rng::new(seed));
                    for (p, label) in all_points(&d) {
                        assert!(
                            p[0].abs() <= BOX && p[1].abs() <= BOX,
                            "{} {p:?}",
                            kind.name()
                        );
                        assert!(label < d.classes);
                    }
                }
            }
        }
    }

    #[test]
    fn classes_are_balanced() {
        for &kind in DatasetKind::PLANE {
            let d = Dataset::generate(kind, 1001, 0.0, &mut Rng::new(3));
            let counts = d.class_counts();
            let fair = 1001.0 / d.classes as f64;
            for &c in &counts {
                let exact = !matches!(kind, DatasetKind::Xor | DatasetKind::Checkerboard);
                if exact {
                    assert!((c as f64 - fair).abs() < 1.0, "{} {counts:?}", kind.name());
                } else {
                    assert!(
                        (c as f64 - fair).abs() < 0.1 * fair,
                        "{} {counts:?}",
                        kind.name()
                    );
                }
            }
        }
    }

    #[test]
    fn noise_changes_the_data() {
        for &kind in DatasetKind::PLANE {
            let clean = Dataset::generate(kind, 300, 0.0, &mut Rng::new(8));
            let noisy = Dataset::generate(kind, 300, 1.0, &mut Rng::new(8));
            assert_ne!(clean, noisy, "{}", kind.name());
        }
    }

    #[test]
    fn noise_free_labels_follow_the_geometry() {
        let mut rng = Rng::new(4);
        let circle = Dataset::generate(DatasetKind::Circle, 400, 0.0, &mut rng);
        for (p, label) in all_points(&circle) {
            let r = p[0].hypot(p[1]);
            assert!(r <= 5.0 && (r <= 2.5 || r >= 3.5));
            assert_eq!(label, usize::from(r < 2.5));
        }
        let xor = Dataset::generate(DatasetKind::Xor, 400, 0.0, &mut rng);
        for (p, label) in all_points(&xor) {
            assert!(p[0].abs() >= 0.3 && p[1].abs() >= 0.3);
            assert_eq!(label, usize::from(p[0] * p[1] > 0.0));
        }
        let board = Dataset::generate(DatasetKind::Checkerboard, 400, 0.0, &mut rng);
        for (p, label) in all_points(&board) {
            let parity = ((p[0] + 5.0) / 2.5).floor() as i64 + ((p[1] + 5.0) / 2.5).floor() as i64;
            assert_eq!(label as i64, parity.rem_euclid(2));
        }
        let spiral = Dataset::generate(DatasetKind::Spiral3, 300, 0.0, &mut rng);
        // Without noise, point i of an arm lies at radius 5 i / m exactly.
        for arm in 0..3 {
            for i in 0..100 {
                let p = spiral.point(100 * arm + i);
                assert!((p[0].hypot(p[1]) - 0.05 * i as f64).abs() < 1e-12);
                assert_eq!(spiral.labels[100 * arm + i], arm);
            }
        }
    }

    #[test]
    fn gaussian_clouds_widen_with_noise() {
        let spread = |noise: f64| {
            let d = Dataset::generate(DatasetKind::Gaussians, 4000, noise, &mut Rng::new(2));
            let ones: Vec<f64> = all_points(&d)
                .filter(|&(_, l)| l == 1)
                .map(|(p, _)| p[0])
                .collect();
            let mean = ones.iter().sum::<f64>() / ones.len() as f64;
            let var = ones.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / ones.len() as f64;
            (mean, var)
        };
        let (mean, var) = spread(0.0);
        assert!((mean - 2.0).abs() < 0.05 && (var - 0.5).abs() < 0.05);
        let (_, wide) = spread(1.0);
        assert!(
            wide > 3.0,
            "variance 4 less the truncation at the box, got {wide}"
        );
    }
}
