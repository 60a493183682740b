//! What a digits lane shows besides its confusion matrix, as pixels: a sample of test digits
//! (each tile the 8×8 image, for the page to label with the lane's guess) and each first-layer
//! unit's 64 incoming weights as an 8×8 image (what that unit looks for: blue where a lit pixel
//! raises it, orange where it lowers it, as the network diagram colours weights). And the drawing pad: 8×8 cells a learner inks
//! with the pointer or the keyboard, whose image every lane then classifies.

use crate::data::digits::{MAX_PIXEL, PIXELS};
use crate::nn::Mlp;

use super::palette::{Rgb, CLASSES, UNSURE};

/// Side of a digit image.
pub const SIDE: usize = 8;

/// Test digits in a lane's grid.
pub const SAMPLE: usize = 36;

/// `n` indices spread evenly over `0..len` (the same ones at every step, so a learner watches
/// the same digits turn from wrong to right).
pub fn sample(len: usize, n: usize) -> Vec<usize> {
    let n = n.min(len);
    (0..n).map(|k| k * len / n).collect()
}

/// Tiles in a square-ish grid: `(columns, rows)` for `k` tiles.
pub fn grid(k: usize) -> (usize, usize) {
    let mut cols = 1;
    while cols * cols < k {
        cols += 1;
    }
    (cols, k.div_ceil(cols).max(1))
}

/// `k` 8×8 tiles in a grid with a one-pixel white gap, as RGBA: `(width, height, bytes)`.
/// `tile(t, p)` is the colour of pixel `p` of tile `t`.
pub fn tiles(k: usize, tile: impl Fn(usize, usize) -> Rgb) -> (usize, usize, Vec<u8>) {
    let (cols, rows) = grid(k);
    let (w, h) = (cols * (SIDE + 1), rows * (SIDE + 1));
    let mut rgba = vec![255u8; 4 * w * h];
    for t in 0..k {
        let (x0, y0) = ((t % cols) * (SIDE + 1), (t / cols) * (SIDE + 1));
        for p in 0..PIXELS {
            let Rgb(r, g, b) = tile(t, p);
            let o = 4 * ((y0 + p / SIDE) * w + x0 + p % SIDE);
            rgba[o..o + 3].copy_from_slice(&[r, g, b]);
        }
    }
    (w, h, rgba)
}

/// Ink: 0 white, 16 black.
pub fn ink(value: u8) -> Rgb {
    let v = 255 - (value.min(MAX_PIXEL) as u32 * 255 / MAX_PIXEL as u32) as u8;
    Rgb(v, v, v)
}

/// The first layer's units (the output classes when there is no hidden layer): how many, and
/// the colour of weight `p` of unit `u`, scaled by that unit's largest weight.
pub fn unit_colours(net: &Mlp) -> (usize, Vec<Rgb>) {
    let spec = net.spec();
    if spec.inputs() != PIXELS || spec.sizes.len() < 2 {
        return (0, Vec::new());
    }
    let units = spec.sizes[1];
    let params = net.params();
    let mut out = Vec::with_capacity(units * PIXELS);
    // A unit's incoming weights sit side by side.
    let first = spec.weight_index(0, 0, 0);
    for weights in params[first..first + units * PIXELS].chunks_exact(PIXELS) {
        let top = weights.iter().map(|w| w.abs()).fold(0.0, f64::max);
        for &w in weights {
            let t = if top > 0.0 && top.is_finite() {
                w / top
            } else {
                0.0
            };
            // Blue for a weight that lights the unit, orange for one that dims it.
            let c = if t >= 0.0 { CLASSES[1] } else { CLASSES[0] };
            out.push(UNSURE.mix(c, t.abs()));
        }
    }
    (units, out)
}

/// The drawing pad: 64 cells of ink, 0–16 like the digits, and the keyboard's cursor.
#[derive(Clone, Debug, PartialEq)]
pub struct Pad {
    pub cells: [u8; PIXELS],
    pub cursor: usize,
}

impl Default for Pad {
    fn default() -> Self {
        Pad {
            cells: [0; PIXELS],
            cursor: 3 * SIDE + 3,
        }
    }
}

impl Pad {
    /// Inks the cell at `(x, y)` in `0..1` of the pad (a brush: full ink there, a quarter on
    /// its four neighbours, as a pen stroke spreads over the 4×4 blocks the digits were
    /// counted in); or erases it. Whether anything changed.
    pub fn brush(&mut self, x: f64, y: f64, erase: bool) -> bool {
        if !(0.0..1.0).contains(&x) || !(0.0..1.0).contains(&y) {
            return false;
        }
        let (col, row) = ((x * SIDE as f64) as usize, (y * SIDE as f64) as usize);
        let before = self.cells;
        self.cursor = row * SIDE + col;
        if erase {
            self.cells[self.cursor] = 0;
        } else {
            self.cells[self.cursor] = MAX_PIXEL;
            for (dc, dr) in [(-1, 0), (1, 0), (0, -1), (0, 1)] {
                let (c, r) = (col as i32 + dc, row as i32 + dr);
                if (0..SIDE as i32).contains(&c) && (0..SIDE as i32).contains(&r) {
                    let cell = &mut self.cells[r as usize * SIDE + c as usize];
                    *cell = (*cell).max(MAX_PIXEL / 4);
                }
            }
        }
        self.cells != before
    }

    /// A key pressed on the pad: the arrows move the cursor, Space or Enter steps the cell's
    /// ink up (0, 8, 16, then 0), a digit key 0–9 sets it to that ninth of full ink (0 none,
    /// 9 full), Delete or Backspace clears it. `Some(changed)` when the key was the pad's.
    pub fn key(&mut self, key: &str) -> Option<bool> {
        let (col, row) = (self.cursor % SIDE, self.cursor / SIDE);
        let before = self.cells;
        let cell = &mut self.cells[self.cursor];
        match key {
            "ArrowLeft" => self.cursor = row * SIDE + col.saturating_sub(1),
            "ArrowRight" => self.cursor = row * SIDE + (col + 1).min(SIDE - 1),
            "ArrowUp" => self.cursor = row.saturating_sub(1) * SIDE + col,
            "ArrowDown" => self.cursor = (row + 1).min(SIDE - 1) * SIDE + col,
            " " | "Enter" => *cell = (*cell + MAX_PIXEL / 2) % (MAX_PIXEL + MAX_PIXEL / 2),
            "Delete" | "Backspace" => *cell = 0,
            k if k.len() == 1 && k.as_bytes()[0].is_ascii_digit() => {
                let d = (k.as_bytes()[0] - b'0') as u32;
                *cell = ((d * MAX_PIXEL as u32 + 4) / 9) as u8;
            }
            _ => return None,
        }
        Some(self.cells != before)
    }

    pub fn is_empty(&self) -> bool {
        self.cells.iter().all(|&c| c == 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::{Loss, MlpSpec};
    use crate::rng::Rng;

    #[test]
    fn a_sample_spreads_over_the_set_and_fits_a_small_one() {
        assert_eq!(sample(360, 4), vec![0, 90, 180, 270]);
        assert_eq!(sample(3, 36), vec![0, 1, 2]);
        assert!(sample(0, 36).is_empty());
    }

    #[test]
    fn tiles_sit_in_a_square_grid_with_white_gaps() {
        assert_eq!(grid(36), (6, 6));
        assert_eq!(grid(20), (5, 4));
        assert_eq!(grid(10), (4, 3));
        assert_eq!(grid(1), (1, 1));
        let (w, h, rgba) = tiles(2, |t, p| {
            if t == 1 && p == 0 {
                Rgb(1, 2, 3)
            } else {
                ink(16)
            }
        });
        assert_eq!((w, h, rgba.len()), (18, 9, 4 * 18 * 9));
        // Tile 1 starts after tile 0 and its gap; the gap column stays white.
        assert_eq!(&rgba[4 * 9..4 * 9 + 4], &[1, 2, 3, 255]);
        assert_eq!(&rgba[4 * 8..4 * 8 + 4], &[255, 255, 255, 255]);
        assert_eq!(&rgba[0..4], &[0, 0, 0, 255]);
    }

    #[test]
    fn a_units_picture_is_its_weights_scaled_by_the_largest() {
        let spec = MlpSpec::new(&[64, 3, 10], Loss::SoftmaxCrossEntropy);
        let mut net = Mlp::new(spec.clone(), &mut Rng::new(1)).unwrap();
        let (i, j) = (spec.weight_index(0, 2, 5), spec.weight_index(0, 2, 6));
        net.params_mut()[i] = 100.0;
        net.params_mut()[j] = -50.0;
        let (units, colours) = unit_colours(&net);
        assert_eq!((units, colours.len()), (3, 3 * 64));
        assert_eq!(colours[2 * 64 + 5], CLASSES[1]);
        assert_eq!(colours[2 * 64 + 6], UNSURE.mix(CLASSES[0], 0.5));
        // A 2-D network has no picture.
        let plane = Mlp::new(
            MlpSpec::new(&[2, 4, 1], Loss::BceWithLogits),
            &mut Rng::new(1),
        );
        assert_eq!(unit_colours(&plane.unwrap()).0, 0);
    }

    #[test]
    fn the_pad_inks_with_a_brush_and_the_keys() {
        let mut pad = Pad::default();
        assert!(pad.is_empty());
        assert!(pad.brush(0.01, 0.01, false));
        assert_eq!(
            (pad.cells[0], pad.cells[1], pad.cells[8], pad.cells[9]),
            (16, 4, 4, 0)
        );
        assert!(
            !pad.brush(0.01, 0.01, false),
            "inking it again changes nothing"
        );
        assert!(!pad.brush(1.0, 0.5, false), "off the pad");
        assert!(pad.brush(0.01, 0.01, true));
        assert_eq!(pad.cells[0], 0);
        // The keyboard: to the right edge and down, ink, a digit key, clear.
        let mut pad = Pad::default();
        for _ in 0..10 {
            assert_eq!(pad.key("ArrowRight"), Some(false));
        }
        assert_eq!(pad.key("ArrowDown"), Some(false));
        assert_eq!(pad.cursor, 4 * 8 + 7);
        assert_eq!(pad.key(" "), Some(true));
        assert_eq!(pad.cells[pad.cursor], 8);
        pad.key("Enter");
        assert_eq!(pad.cells[pad.cursor], 16);
        pad.key("Enter");
        assert_eq!(pad.cells[pad.cursor], 0);
        pad.key("9");
        assert_eq!(pad.cells[pad.cursor], 16);
        pad.key("4");
        assert_eq!(pad.cells[pad.cursor], 7);
        assert_eq!(pad.key("Delete"), Some(true));
        assert!(pad.is_empty());
        assert_eq!(pad.key("x"), None);
    }

    #[test]
    fn the_best_class_is_the_first_of_the_largest() {
        use crate::nn::argmax as best;
        assert_eq!(best(&[0.1, 0.5, 0.5]), 1);
        assert_eq!(best(&[]), 0);
        assert_eq!(best(&[f64::NAN, 0.2]), 0);
    }
}
