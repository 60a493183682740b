//! The landscape view's canvases: the contour map with every lane's path (and, for the
//! inspected lane, arrows for its last step), and the hyperparameter map.

use wasm_bindgen::{Clamped, JsValue};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};

use crate::landscape::{HyperMap, Walker};
use crate::surface::{Surface, TestFunction, View};
use crate::view::contour;
use crate::view::palette;
use crate::web::dom::context;

/// Grid cells across the contour map (rows follow the canvas's aspect).
const CONTOUR_CELLS: usize = 150;
const LEVELS: usize = 14;

/// The filled contour image and level lines of one surface and view, kept until either changes.
#[derive(Default)]
pub struct ContourCache {
    key: String,
    nx: usize,
    ny: usize,
    rgba: Vec<u8>,
    lines: Vec<[(f64, f64); 2]>,
}

/// Maps plane coordinates to canvas pixels and back for a view on a `w × h` canvas.
#[derive(Clone, Copy, Debug)]
pub struct Frame {
    pub view: View,
    pub w: f64,
    pub h: f64,
}

impl Frame {
    pub fn to_px(&self, p: [f64; 2]) -> (f64, f64) {
        let (vx, vy) = self.view;
        (
            (p[0] - vx[0]) / (vx[1] - vx[0]) * self.w,
            self.h - (p[1] - vy[0]) / (vy[1] - vy[0]) * self.h,
        )
    }

    pub fn to_plane(&self, x: f64, y: f64) -> [f64; 2] {
        let (vx, vy) = self.view;
        [
            vx[0] + x / self.w * (vx[1] - vx[0]),
            vy[0] + (self.h - y) / self.h * (vy[1] - vy[0]),
        ]
    }
}

fn refresh(cache: &mut ContourCache, surface: &Surface, frame: &Frame, key: String) {
    if cache.key == key {
        return;
    }
    let nx = CONTOUR_CELLS;
    let ny = ((CONTOUR_CELLS as f64) * frame.h / frame.w)
        .round()
        .max(2.0) as usize;
    let mut values = vec![0.0; nx * ny];
    surface.grid(nx, ny, frame.view, &mut values);
    let levels = surface.contour_levels(&values, LEVELS);
    let floor = surface
        .min_value()
        .min(values.iter().copied().fold(f64::INFINITY, f64::min));
    let (low, high) = (
        levels.first().copied().unwrap_or(floor + 1e-6),
        levels.last().copied().unwrap_or(floor + 1.0),
    );
    contour::fill(&values, nx, floor, low, high, &mut cache.rgba);
    cache.lines.clear();
    for level in levels {
        contour::segments(&values, nx, level, &mut cache.lines);
    }
    cache.nx = nx;
    cache.ny = ny;
    cache.key = key;
}

fn arrow(ctx: &CanvasRenderingContext2d, from: (f64, f64), to: (f64, f64), colour: &str) {
    let (dx, dy) = (to.0 - from.0, to.1 - from.1);
    let len = (dx * dx + dy * dy).sqrt();
    if len < 1.0 || !len.is_finite() {
        return;
    }
    ctx.set_stroke_style_str(colour);
    ctx.set_fill_style_str(colour);
    ctx.set_line_width(2.5);
    ctx.begin_path();
    ctx.move_to(from.0, from.1);
    ctx.line_to(to.0, to.1);
    ctx.stroke();
    let (ux, uy) = (dx / len, dy / len);
    let head = 9.0f64.min(len * 0.5);
    ctx.begin_path();
    ctx.move_to(to.0, to.1);
    ctx.line_to(
        to.0 - head * ux - head * 0.5 * uy,
        to.1 - head * uy + head * 0.5 * ux,
    );
    ctx.line_to(
        to.0 - head * ux + head * 0.5 * uy,
        to.1 - head * uy - head * 0.5 * ux,
    );
    ctx.close_path();
    ctx.fill();
}

/// Draws the surface, its level lines and minima, the start, every walker's path and, for
/// walker `focus`, arrows of its last step: the negative gradient (scaled by the learning
/// rate), the velocity or first moment, and the step taken.
#[allow(clippy::too_many_arguments)]
pub fn draw_landscape(
    canvas: &HtmlCanvasElement,
    scratch: &HtmlCanvasElement,
    cache: &mut ContourCache,
    surface: &Surface,
    surface_key: &str,
    view: View,
    start: [f64; 2],
    walkers: &[Walker],
    focus: Option<usize>,
) -> Result<(), JsValue> {
    let frame = Frame {
        view,
        w: canvas.width() as f64,
        h: canvas.height() as f64,
    };
    refresh(
        cache,
        surface,
        &frame,
        format!(
            "{surface_key}|{:?}|{}x{}",
            [view.0, view.1].map(|p| p.map(f64::to_bits)),
            frame.w as u32,
            frame.h as u32
        ),
    );
    let ctx = context(canvas)?;
    scratch.set_width(cache.nx as u32);
    scratch.set_height(cache.ny as u32);
    let image = ImageData::new_with_u8_clamped_array_and_sh(
        Clamped(&cache.rgba),
        cache.nx as u32,
        cache.ny as u32,
    )?;
    context(scratch)?.put_image_data(&image, 0.0, 0.0)?;
    ctx.set_image_smoothing_enabled(true);
    ctx.draw_image_with_html_canvas_element_and_dw_and_dh(scratch, 0.0, 0.0, frame.w, frame.h)?;

    // Level lines, from grid coordinates to pixels.
    let (sx, sy) = (
        frame.w / (cache.nx - 1) as f64,
        frame.h / (cache.ny - 1) as f64,
    );
    ctx.set_stroke_style_str("rgba(20,40,80,0.35)");
    ctx.set_line_width(1.0);
    ctx.begin_path();
    for [(x0, y0), (x1, y1)] in &cache.lines {
        ctx.move_to(x0 * sx, frame.h - y0 * sy);
        ctx.line_to(x1 * sx, frame.h - y1 * sy);
    }
    ctx.stroke();

    // Minima: a white star with a dark outline.
    ctx.set_font("bold 18px sans-serif");
    ctx.set_text_align("center");
    ctx.set_text_baseline("middle");
    for m in surface.minima() {
        let (x, y) = frame.to_px(m);
        ctx.set_fill_style_str("#111");
        ctx.fill_text("★", x + 1.0, y + 1.0)?;
        ctx.set_fill_style_str("#fff");
        ctx.fill_text("★", x, y)?;
    }
    // The start: a ring.
    let (x, y) = frame.to_px(start);
    ctx.set_stroke_style_str("#111");
    ctx.set_line_width(2.0);
    ctx.begin_path();
    ctx.arc(x, y, 6.0, 0.0, std::f64::consts::TAU)?;
    ctx.stroke();

    // Each path in its lane's colour and dash pattern, ending at its lane's marker.
    for (i, w) in walkers.iter().enumerate() {
        let colour = palette::lane(i).hex();
        ctx.set_stroke_style_str(&colour);
        ctx.set_line_width(2.0);
        let dashes: js_sys::Array = palette::dash_px(i, 2.0)
            .into_iter()
            .map(JsValue::from_f64)
            .collect();
        ctx.set_line_dash(&dashes)?;
        ctx.begin_path();
        // Long paths are thinned to at most 2000 drawn points.
        let stride = (w.path.len() / 2000).max(1);
        let mut first = true;
        for p in w.path.iter().step_by(stride).chain(w.path.last()) {
            if !(p[0].is_finite() && p[1].is_finite()) {
                break;
            }
            let (px, py) = frame.to_px(*p);
            // Keep far-away points drawable: canvas coordinates stay in a sane range.
            let (px, py) = (px.clamp(-1e5, 1e5), py.clamp(-1e5, 1e5));
            if first {
                ctx.move_to(px, py);
                first = false;
            } else {
                ctx.line_to(px, py);
            }
        }
        ctx.stroke();
        ctx.set_line_dash(&js_sys::Array::new())?;
        let (px, py) = frame.to_px(w.point());
        if px.is_finite() && py.is_finite() {
            ctx.set_fill_style_str(&colour);
            super::marker_path(&ctx, palette::marker(i), (px, py), 5.5)?;
            ctx.fill();
            ctx.set_stroke_style_str("#fff");
            ctx.set_line_width(1.5);
            ctx.stroke();
        }
    }

    if let Some(w) = focus.and_then(|f| walkers.get(f)) {
        if let Some(step) = w.last_step() {
            let from = *w.path.get(w.path.len().saturating_sub(2)).unwrap_or(&start);
            let base = frame.to_px(from);
            let tip = |d: [f64; 2]| frame.to_px([from[0] + d[0], from[1] + d[1]]);
            arrow(
                &ctx,
                base,
                tip([-step.lr * step.grad[0], -step.lr * step.grad[1]]),
                "#d55e00",
            );
            if let Some(v) = step.velocity {
                arrow(
                    &ctx,
                    base,
                    tip([-step.lr * v[0], -step.lr * v[1]]),
                    "#cc79a7",
                );
            }
            arrow(&ctx, base, tip(step.update), "#111111");
        }
    }
    Ok(())
}

/// Draws a hyperparameter map: each computed cell coloured by its final loss (log scale, light
/// is low), diverged cells dark grey, cells to come white.
pub fn draw_hypermap(
    canvas: &HtmlCanvasElement,
    scratch: &HtmlCanvasElement,
    map: &HyperMap,
) -> Result<(), JsValue> {
    let n = map.n;
    let finite: Vec<f64> = map
        .losses
        .iter()
        .copied()
        .filter(|l| l.is_finite())
        .collect();
    let floor = finite.iter().copied().fold(f64::INFINITY, f64::min);
    let top = finite.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let (lo, hi) = ((1e-12f64).ln(), (top - floor).max(1e-9).ln());
    let mut rgba = vec![255u8; 4 * n * n];
    for (k, &loss) in map.losses.iter().enumerate() {
        let (i, j) = (k % n, k / n);
        let row = n - 1 - j; // image rows run from the top
        let c = if loss.is_finite() {
            let t = ((loss - floor).max(1e-12).ln() - lo) / (hi - lo);
            contour::height_colour(t)
        } else {
            palette::Rgb(70, 70, 70)
        };
        let o = 4 * (row * n + i);
        rgba[o..o + 4].copy_from_slice(&[c.0, c.1, c.2, 255]);
    }
    scratch.set_width(n as u32);
    scratch.set_height(n as u32);
    let image = ImageData::new_with_u8_clamped_array_and_sh(Clamped(&rgba), n as u32, n as u32)?;
    context(scratch)?.put_image_data(&image, 0.0, 0.0)?;
    let ctx = context(canvas)?;
    ctx.set_image_smoothing_enabled(false);
    ctx.draw_image_with_html_canvas_element_and_dw_and_dh(
        scratch,
        0.0,
        0.0,
        canvas.width() as f64,
        canvas.height() as f64,
    )?;
    Ok(())
}
