//! Keyboard paths on the page's canvases as plain arithmetic: which key moves a cursor which
//! way, a point nudged across a view (the landscape's start, a lane map's crosshair) and a
//! cell cursor on a square grid (the hyperparameter map). The page reads the keys and draws;
//! what a key does to a position is decided here, where it is tested natively.

/// A key that moves a cursor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Move {
    Left,
    Right,
    Up,
    Down,
    Home,
    End,
    PageUp,
    PageDown,
}

impl Move {
    /// The move of a `KeyboardEvent.key`, if it is one.
    pub fn from_key(key: &str) -> Option<Move> {
        Some(match key {
            "ArrowLeft" => Move::Left,
            "ArrowRight" => Move::Right,
            "ArrowUp" => Move::Up,
            "ArrowDown" => Move::Down,
            "Home" => Move::Home,
            "End" => Move::End,
            "PageUp" => Move::PageUp,
            "PageDown" => Move::PageDown,
            _ => return None,
        })
    }
}

/// What a key pressed on a canvas did.
#[derive(Clone, Debug, PartialEq)]
pub enum Keyed<T> {
    /// Not a key of this canvas: the page's own shortcuts may take it.
    Ignored,
    /// The cursor moved, or said why it could not.
    Moved,
    /// The key chose what a click there would: the page applies it the same way.
    Chosen(T),
}

/// An arrow moves a point this fraction of the visible span…
pub const STEP: f64 = 1.0 / 50.0;
/// …and this many times as far with Shift.
pub const COARSE: f64 = 5.0;

/// The digit a key types: `0`–`9`, also as Persian (`۰`–`۹`) or Arabic-Indic (`٠`–`٩`) digits,
/// which a Persian keyboard layout sends.
pub fn digit(key: &str) -> Option<usize> {
    let mut chars = key.chars();
    let c = chars.next()?;
    if chars.next().is_some() {
        return None;
    }
    let d = match c {
        '0'..='9' => c as u32 - '0' as u32,
        '\u{06F0}'..='\u{06F9}' => c as u32 - 0x06F0,
        '\u{0660}'..='\u{0669}' => c as u32 - 0x0660,
        _ => return None,
    };
    Some(d as usize)
}

/// `p` moved by an arrow key across `view` (`[x0, x1]`, `[y0, y1]`, y growing upwards) by
/// [`STEP`] of its span (`coarse`: [`COARSE`] times as far, and never less than `least`), kept
/// inside the view. Other keys leave it where it is; a view or point that is not finite gives
/// `p` back unchanged.
pub fn nudge(
    p: [f64; 2],
    view: ([f64; 2], [f64; 2]),
    mv: Move,
    coarse: bool,
    least: f64,
) -> [f64; 2] {
    let (vx, vy) = view;
    if !finite(p, view) {
        return p;
    }
    let q = shift(p, view, mv, coarse, least);
    let clamp = |v: f64, span: [f64; 2]| v.max(span[0].min(span[1])).min(span[0].max(span[1]));
    [clamp(q[0], vx), clamp(q[1], vy)]
}

/// Whether a point and a view are all finite numbers.
fn finite(p: [f64; 2], (vx, vy): ([f64; 2], [f64; 2])) -> bool {
    [p[0], p[1], vx[0], vx[1], vy[0], vy[1]]
        .iter()
        .all(|v| v.is_finite())
}

/// `p` moved by an arrow key as [`nudge`] moves it, by a step of `view`'s span, but free to
/// leave the view (the landscape's start: its view then follows it, see [`follow`]).
pub fn shift(
    p: [f64; 2],
    view: ([f64; 2], [f64; 2]),
    mv: Move,
    coarse: bool,
    least: f64,
) -> [f64; 2] {
    let (vx, vy) = view;
    if !finite(p, view) {
        return p;
    }
    let factor = STEP * if coarse { COARSE } else { 1.0 };
    let step = |span: [f64; 2]| ((span[1] - span[0]).abs() * factor).max(least);
    let (dx, dy) = match mv {
        Move::Left => (-step(vx), 0.0),
        Move::Right => (step(vx), 0.0),
        Move::Up => (0.0, step(vy)),
        Move::Down => (0.0, -step(vy)),
        _ => return p,
    };
    [p[0] + dx, p[1] + dy]
}

/// `view` panned (not zoomed) as little as it takes to show `p` with a margin of a Shift
/// press ([`STEP`] × [`COARSE`] of its span, room for a cursor drawn around it) on every side,
/// as a page scrolls a focused element into sight; a view that already shows it, or one or a
/// point that is not finite, comes back unchanged.
pub fn follow(view: ([f64; 2], [f64; 2]), p: [f64; 2]) -> ([f64; 2], [f64; 2]) {
    let (vx, vy) = view;
    if !finite(p, view) {
        return view;
    }
    let pan = |span: [f64; 2], v: f64| {
        let (lo, hi) = (span[0].min(span[1]), span[0].max(span[1]));
        let margin = (hi - lo) * STEP * COARSE;
        let by = if v < lo + margin {
            v - (lo + margin)
        } else if v > hi - margin {
            v - (hi - margin)
        } else {
            return span;
        };
        [span[0] + by, span[1] + by]
    };
    (pan(vx, p[0]), pan(vy, p[1]))
}

/// A plane coordinate to a thousandth, as a start is written: a readable link, finer than a
/// pixel.
pub fn thousandth(v: f64) -> f64 {
    (v * 1000.0).round() / 1000.0
}

/// A cell of an `n × n` grid: column `i` from the left, row `j` from the bottom (the map's
/// y axis grows upwards).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cell {
    pub i: usize,
    pub j: usize,
}

impl Cell {
    /// The middle cell, where a cursor starts.
    pub fn centre(n: usize) -> Cell {
        Cell { i: n / 2, j: n / 2 }
    }

    /// The same cell on a grid of `n` (a new map may have fewer cells).
    pub fn within(self, n: usize) -> Cell {
        let last = n.saturating_sub(1);
        Cell {
            i: self.i.min(last),
            j: self.j.min(last),
        }
    }

    /// The cell a key moves to on a grid of `n`: arrows by one, Home and End to the ends of
    /// the row, Page Up and Page Down by an eighth of the rows; the edges hold.
    pub fn moved(self, n: usize, mv: Move) -> Cell {
        let last = n.saturating_sub(1);
        let page = (n / 8).max(1);
        let Cell { i, j } = self.within(n);
        let (i, j) = match mv {
            Move::Left => (i.saturating_sub(1), j),
            Move::Right => ((i + 1).min(last), j),
            Move::Up => (i, (j + 1).min(last)),
            Move::Down => (i, j.saturating_sub(1)),
            Move::Home => (0, j),
            Move::End => (last, j),
            Move::PageUp => (i, (j + page).min(last)),
            Move::PageDown => (i, j.saturating_sub(page)),
        };
        Cell { i, j }
    }

    /// The cell under canvas pixel `(x, y)` of a `w × h` canvas showing the grid (row 0 at
    /// the bottom); pixels off the canvas give the nearest edge cell.
    pub fn at_pixel(n: usize, x: f64, y: f64, w: f64, h: f64) -> Cell {
        let last = n.saturating_sub(1) as f64;
        let cell = |v: f64, size: f64| {
            let k = (v / size * n as f64).floor();
            if k.is_nan() {
                0
            } else {
                k.max(0.0).min(last) as usize
            }
        };
        Cell {
            i: cell(x, w),
            j: n.saturating_sub(1) - cell(y, h),
        }
    }

    /// The cell's rectangle on a `w × h` canvas: left, top, width, height.
    pub fn rect(self, n: usize, w: f64, h: f64) -> (f64, f64, f64, f64) {
        let n = n.max(1) as f64;
        let (cw, ch) = (w / n, h / n);
        (self.i as f64 * cw, h - (self.j as f64 + 1.0) * ch, cw, ch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_name_their_moves_and_digits_in_any_script() {
        assert_eq!(Move::from_key("ArrowUp"), Some(Move::Up));
        assert_eq!(Move::from_key("PageDown"), Some(Move::PageDown));
        assert_eq!(Move::from_key("a"), None);
        assert_eq!(digit("0"), Some(0));
        assert_eq!(digit("۱"), Some(1));
        assert_eq!(digit("٢"), Some(2));
        assert_eq!(digit("12"), None);
        assert_eq!(digit(""), None);
        assert_eq!(digit("x"), None);
    }

    #[test]
    fn an_arrow_moves_a_fiftieth_of_the_view_and_stays_inside() {
        let view = ([-2.0, 2.0], [-1.0, 3.0]);
        let p = nudge([0.0, 0.0], view, Move::Right, false, 0.001);
        assert!((p[0] - 0.08).abs() < 1e-12 && p[1] == 0.0);
        let p = nudge([0.0, 0.0], view, Move::Up, true, 0.001);
        assert!((p[1] - 0.4).abs() < 1e-12, "Shift moves five times as far");
        assert_eq!(
            nudge([1.99, 2.99], view, Move::Right, true, 0.001),
            [2.0, 2.99]
        );
        assert_eq!(
            nudge([0.5, 0.5], view, Move::Home, false, 0.001),
            [0.5, 0.5]
        );
        // A tiny view still moves by the least step; a broken one leaves the point alone.
        let tiny = ([0.0, 1e-6], [0.0, 1e-6]);
        assert_eq!(
            nudge([0.0, 0.0], tiny, Move::Right, false, 0.001),
            [1e-6, 0.0]
        );
        let broken = ([f64::NAN, 1.0], [0.0, 1.0]);
        assert_eq!(
            nudge([0.3, 0.3], broken, Move::Left, false, 0.001),
            [0.3, 0.3]
        );
        assert_eq!(thousandth(-1.23456), -1.235);
    }

    #[test]
    fn a_shifted_point_may_leave_the_view_which_pans_to_follow_it() {
        let view = ([-1.0, 1.0], [0.0, 4.0]);
        // Outside the view, an arrow moves by the view's step, not back into it.
        let p = shift([3.0, 5.0], view, Move::Up, false, 0.001);
        assert!((p[0] - 3.0).abs() < 1e-12 && (p[1] - 5.08).abs() < 1e-12);
        assert_eq!(shift([3.0, 5.0], view, Move::End, false, 0.001), [3.0, 5.0]);
        // The view pans just enough to show it a tenth inside its edges, and keeps its size.
        let (vx, vy) = follow(view, p);
        assert!((vx[1] - (3.0 + 0.2)).abs() < 1e-12 && (vx[1] - vx[0] - 2.0).abs() < 1e-12);
        assert!((vy[1] - (5.08 + 0.4)).abs() < 1e-12 && (vy[1] - vy[0] - 4.0).abs() < 1e-12);
        assert_eq!(
            follow(view, [0.0, 2.0]),
            view,
            "a point in sight moves nothing"
        );
        assert_eq!(
            follow(view, [0.75, 3.5]),
            view,
            "nor one a tenth inside the edges"
        );
        let (vx, _) = follow(view, [-5.0, 2.0]);
        assert!((vx[0] - (-5.0 - 0.2)).abs() < 1e-12);
        assert_eq!(follow(view, [f64::NAN, 2.0]), view);
    }

    #[test]
    fn a_cell_cursor_moves_within_the_grid() {
        let n = 64;
        let c = Cell::centre(n);
        assert_eq!(c, Cell { i: 32, j: 32 });
        assert_eq!(c.moved(n, Move::Up), Cell { i: 32, j: 33 });
        assert_eq!(c.moved(n, Move::Home), Cell { i: 0, j: 32 });
        assert_eq!(c.moved(n, Move::End), Cell { i: 63, j: 32 });
        assert_eq!(c.moved(n, Move::PageDown), Cell { i: 32, j: 24 });
        let corner = Cell { i: 0, j: 63 };
        assert_eq!(corner.moved(n, Move::Left), corner);
        assert_eq!(corner.moved(n, Move::Up), corner);
        assert_eq!(Cell { i: 99, j: 99 }.within(4), Cell { i: 3, j: 3 });
        assert_eq!(
            Cell { i: 9, j: 9 }.moved(4, Move::Right),
            Cell { i: 3, j: 3 }
        );
        assert_eq!(
            Cell { i: 0, j: 0 }.moved(0, Move::Right),
            Cell { i: 0, j: 0 }
        );
    }

    #[test]
    fn a_pixel_and_its_cell_agree_both_ways() {
        let n = 8;
        for i in 0..n {
            for j in 0..n {
                let (x, y, w, h) = Cell { i, j }.rect(n, 320.0, 320.0);
                assert_eq!((w, h), (40.0, 40.0));
                let back = Cell::at_pixel(n, x + w / 2.0, y + h / 2.0, 320.0, 320.0);
                assert_eq!(back, Cell { i, j });
            }
        }
        assert_eq!(
            Cell::at_pixel(n, 1.0, 1.0, 320.0, 320.0),
            Cell { i: 0, j: 7 }
        );
        assert_eq!(
            Cell::at_pixel(n, -50.0, 900.0, 320.0, 320.0),
            Cell { i: 0, j: 0 }
        );
        assert_eq!(Cell::at_pixel(n, f64::NAN, 0.0, 320.0, 320.0).i, 0);
    }
}
