//! Decision-boundary heatmaps as RGBA pixels, ready for a canvas `ImageData`.

use super::palette::{heat, Rgb};

/// A square view of the input plane: `[min, max]` on both axes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ViewBox {
    pub min: f64,
    pub max: f64,
}

impl ViewBox {
    /// Centre of cell `i` of `n` along an axis.
    pub fn cell_centre(&self, i: usize, n: usize) -> f64 {
        self.min + (i as f64 + 0.5) * (self.max - self.min) / n as f64
    }

    /// Pixel coordinate (0..size) of a data coordinate; `flip` for the y axis (up is positive).
    pub fn to_pixel(&self, v: f64, size: f64, flip: bool) -> f64 {
        let t = (v - self.min) / (self.max - self.min);
        if flip {
            (1.0 - t) * size
        } else {
            t * size
        }
    }

    /// Data coordinate of a pixel coordinate (inverse of [`ViewBox::to_pixel`]).
    pub fn from_pixel(&self, px: f64, size: f64, flip: bool) -> f64 {
        let t = px / size;
        let t = if flip { 1.0 - t } else { t };
        self.min + t * (self.max - self.min)
    }
}

/// Writes the inputs of an `n x n` grid over `view` into `out` (`2 n²` values, row-major from
/// the top row, so row 0 is the largest y), the order [`pixels`] expects.
pub fn grid_inputs(view: ViewBox, n: usize, out: &mut Vec<f64>) {
    out.clear();
    for row in 0..n {
        let y = view.cell_centre(n - 1 - row, n);
        for col in 0..n {
            out.push(view.cell_centre(col, n));
            out.push(y);
        }
    }
}

/// RGBA pixels of an `n x n` heatmap from per-cell class probabilities (`per_cell` values a
/// cell: 1 for two classes, K for softmax), into `rgba` (`4 n²` bytes).
pub fn pixels(probs: &[f64], per_cell: usize, rgba: &mut Vec<u8>) {
    rgba.clear();
    for cell in probs.chunks_exact(per_cell) {
        let Rgb(r, g, b) = heat(cell);
        rgba.extend_from_slice(&[r, g, b, 255]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_runs_row_major_from_the_top() {
        let view = ViewBox {
            min: -1.0,
            max: 1.0,
        };
        let mut g = Vec::new();
        grid_inputs(view, 2, &mut g);
        assert_eq!(g, vec![-0.5, 0.5, 0.5, 0.5, -0.5, -0.5, 0.5, -0.5]);
    }

    #[test]
    fn pixel_round_trip() {
        let view = ViewBox {
            min: -6.0,
            max: 6.0,
        };
        for &flip in &[false, true] {
            let px = view.to_pixel(1.5, 300.0, flip);
            assert!((view.from_pixel(px, 300.0, flip) - 1.5).abs() < 1e-12);
        }
        assert_eq!(view.to_pixel(6.0, 300.0, true), 0.0);
    }

    #[test]
    fn one_rgba_pixel_per_cell() {
        let mut rgba = Vec::new();
        pixels(&[0.0, 0.5, 1.0, 0.9], 1, &mut rgba);
        assert_eq!(rgba.len(), 16);
        assert!(rgba.chunks(4).all(|p| p[3] == 255));
        pixels(&[0.2, 0.3, 0.5, 1.0, 0.0, 0.0], 3, &mut rgba);
        assert_eq!(rgba.len(), 8);
    }
}
