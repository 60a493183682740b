//! A contour map as plain data: filled colours for heights sampled on a grid, and level lines
//! by marching squares. The page only copies the pixels and strokes the segments.

use super::palette::Rgb;

/// Light-to-dark blue-green for heights above the least value, on a log scale: low is light
/// (the valley floor stands out), high is dark. Colour-blind safe (one hue ramp).
pub fn height_colour(t: f64) -> Rgb {
    const STOPS: [Rgb; 4] = [
        Rgb(255, 255, 229),
        Rgb(199, 233, 180),
        Rgb(65, 182, 196),
        Rgb(34, 94, 168),
    ];
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        1.0
    };
    let x = t * (STOPS.len() - 1) as f64;
    let i = (x.floor() as usize).min(STOPS.len() - 2);
    STOPS[i].mix(STOPS[i + 1], x - i as f64)
}

/// RGBA pixels for `values` (row 0 at the bottom, as [`TestFunction::grid`]) flipped so the
/// image's first row is the top: colour by `ln(v - floor + tiny)` between the levels' range.
///
/// [`TestFunction::grid`]: crate::surface::TestFunction::grid
pub fn fill(values: &[f64], nx: usize, floor: f64, low: f64, high: f64, rgba: &mut Vec<u8>) {
    rgba.clear();
    let (lo, hi) = (
        (low - floor).max(1e-12).ln(),
        (high - floor).max(1e-12).ln(),
    );
    let ny = values.len() / nx.max(1);
    for row in (0..ny).rev() {
        for v in &values[row * nx..(row + 1) * nx] {
            let t = ((v - floor).max(1e-12).ln() - lo) / (hi - lo);
            let Rgb(r, g, b) = height_colour(t);
            rgba.extend_from_slice(&[r, g, b, 255]);
        }
    }
}

/// Line segments where the sampled function crosses `level`, in grid coordinates
/// (`x` in `0..nx-1`, `y` in `0..ny-1`, `y = 0` the bottom row), by marching squares with
/// linear interpolation along cell edges.
pub fn segments(values: &[f64], nx: usize, level: f64, out: &mut Vec<[(f64, f64); 2]>) {
    let ny = values.len() / nx.max(1);
    let at = |i: usize, j: usize| values[j * nx + i];
    let cross = |a: f64, b: f64| {
        let t = (level - a) / (b - a);
        if t.is_finite() {
            t.clamp(0.0, 1.0)
        } else {
            0.5
        }
    };
    for j in 0..ny.saturating_sub(1) {
        for i in 0..nx.saturating_sub(1) {
            let (v00, v10, v11, v01) = (at(i, j), at(i + 1, j), at(i + 1, j + 1), at(i, j + 1));
            let mut points = [(0.0, 0.0); 4];
            let mut k = 0;
            let (x, y) = (i as f64, j as f64);
            // Edges: bottom, right, top, left.
            if (v00 < level) != (v10 < level) {
                points[k] = (x + cross(v00, v10), y);
                k += 1;
            }
            if (v10 < level) != (v11 < level) {
                points[k] = (x + 1.0, y + cross(v10, v11));
                k += 1;
            }
            if (v01 < level) != (v11 < level) {
                points[k] = (x + cross(v01, v11), y + 1.0);
                k += 1;
            }
            if (v00 < level) != (v01 < level) {
                points[k] = (x, y + cross(v00, v01));
                k += 1;
            }
            if k >= 2 {
                out.push([points[0], points[1]]);
            }
            if k == 4 {
                out.push([points[2], points[3]]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_circle_level_gives_a_closed_ring_of_segments() {
        let n = 21;
        let values: Vec<f64> = (0..n * n)
            .map(|k| {
                let (i, j) = ((k % n) as f64 - 10.0, (k / n) as f64 - 10.0);
                i * i + j * j
            })
            .collect();
        let mut segs = Vec::new();
        segments(&values, n, 25.0, &mut segs);
        assert!(segs.len() >= 20, "{}", segs.len());
        for [a, b] in &segs {
            for (x, y) in [a, b] {
                let r = ((x - 10.0).powi(2) + (y - 10.0).powi(2)).sqrt();
                assert!((r - 5.0).abs() < 0.3, "point at radius {r}");
            }
        }
    }

    #[test]
    fn fill_flips_rows_and_grades_colours() {
        let values = [0.0, 1.0, 100.0, 10000.0];
        let mut rgba = Vec::new();
        fill(&values, 2, 0.0, 1e-4, 1e4, &mut rgba);
        assert_eq!(rgba.len(), 16);
        // The top image row is the grid's last row (the high values): darker than the bottom.
        assert!(
            rgba[0] as u32 + rgba[1] as u32 + rgba[2] as u32
                <= rgba[8] as u32 + rgba[9] as u32 + rgba[10] as u32
        );
        assert_eq!(height_colour(0.0), Rgb(255, 255, 229));
        assert_eq!(height_colour(f64::NAN), Rgb(34, 94, 168));
    }
}
