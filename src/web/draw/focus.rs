//! Keyboard cursors drawn on a canvas: a dark outline under a white line, so a cursor shows on
//! any colour of a map (light or saturated, orange or blue) and does not read as data.

use web_sys::CanvasRenderingContext2d;

/// Strokes the current path twice: dark and wide, then white and narrow on top.
fn halo(ctx: &CanvasRenderingContext2d, width: f64) {
    ctx.set_line_dash(&js_sys::Array::new()).ok();
    ctx.set_stroke_style_str("#111111");
    ctx.set_line_width(width + 3.0);
    ctx.stroke();
    ctx.set_stroke_style_str("#ffffff");
    ctx.set_line_width(width);
    ctx.stroke();
}

/// A ring of radius `r` around `(x, y)`: the landscape's start under the keyboard.
pub fn ring(ctx: &CanvasRenderingContext2d, x: f64, y: f64, r: f64) {
    ctx.begin_path();
    let _ = ctx.arc(x, y, r, 0.0, std::f64::consts::TAU);
    halo(ctx, 2.0);
}

/// A crosshair at `(x, y)`: a ring of radius `r` (how far an erase reaches) with four ticks.
pub fn crosshair(ctx: &CanvasRenderingContext2d, x: f64, y: f64, r: f64) {
    ctx.begin_path();
    let _ = ctx.arc(x, y, r, 0.0, std::f64::consts::TAU);
    for (dx, dy) in [(1.0, 0.0), (-1.0, 0.0), (0.0, 1.0), (0.0, -1.0)] {
        ctx.move_to(x + dx * r * 0.4, y + dy * r * 0.4);
        ctx.line_to(x + dx * r * 1.6, y + dy * r * 1.6);
    }
    halo(ctx, 1.5);
}

/// A box around the rectangle `(x, y, w, h)`, at least `least` pixels a side (a cell of a fine
/// grid is smaller than a cursor can be seen).
pub fn cell(ctx: &CanvasRenderingContext2d, (x, y, w, h): (f64, f64, f64, f64), least: f64) {
    let (cx, cy) = (x + w / 2.0, y + h / 2.0);
    let (w, h) = (w.max(least), h.max(least));
    ctx.begin_path();
    ctx.rect(cx - w / 2.0, cy - h / 2.0, w, h);
    halo(ctx, 2.0);
}

/// A wide outline along the segment `from`–`to` (an edge of the network diagram), to be drawn
/// under the edge itself.
pub fn segment(ctx: &CanvasRenderingContext2d, from: (f64, f64), to: (f64, f64), width: f64) {
    ctx.set_line_cap("round");
    ctx.begin_path();
    ctx.move_to(from.0, from.1);
    ctx.line_to(to.0, to.1);
    halo(ctx, width + 6.0);
    ctx.set_line_cap("butt");
}
