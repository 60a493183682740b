//! Line charts (loss, accuracy, learning-rate schedules): one function from view data to a
//! canvas, drawn with the canvas's own 2-D calls. (A charting crate did the same for 36 KB of
//! the page's gzipped Wasm, a seventh of its budget; three kinds of line chart need none.)

use wasm_bindgen::JsValue;
use web_sys::CanvasRenderingContext2d;

use crate::format;
use crate::i18n;
use crate::view::axis::{linear_ticks, log_ticks, position};
use crate::view::palette::{self, Rgb};
use crate::web::dom::{context, page_lang};

/// Most points a curve is drawn with.
pub const CURVE_POINTS: usize = 600;

/// Values past the divergence threshold are left out of curves, so they cannot stretch an axis.
pub fn drawable(v: f64) -> f64 {
    if v.abs() > crate::race::EXPLODED_LOSS {
        f64::NAN
    } else {
        v
    }
}

/// One curve: a legend label, a colour, a dash pattern (in line widths, see
/// [`palette::DASHES`]; empty: solid) and `(x, y)` points (non-finite `y` values are skipped).
pub struct Line<'a> {
    pub label: &'a str,
    pub color: Rgb,
    pub dash: &'static [f64],
    pub points: &'a [(f64, f64)],
}

/// Width of every curve, in canvas pixels.
const LINE_WIDTH: f64 = 2.0;

/// Sets `line`'s dash pattern for a stroke `LINE_WIDTH` wide.
fn set_dash(ctx: &CanvasRenderingContext2d, line: &Line) {
    let dashes: js_sys::Array = line
        .dash
        .iter()
        .map(|d| JsValue::from_f64(d * LINE_WIDTH))
        .collect();
    let _ = ctx.set_line_dash(&dashes);
}

/// What one chart shows.
pub struct LineChart<'a> {
    pub title: &'a str,
    pub x_label: &'a str,
    pub y_label: &'a str,
    /// Log scale on the y axis (non-positive values are left out).
    pub log_y: bool,
    /// Fixed y range (say `[0, 1]` for accuracy); `None` fits the data.
    pub y_range: Option<(f64, f64)>,
    pub legend: bool,
    pub lines: &'a [Line<'a>],
}

/// One line per named series, coloured and dashed in lane order.
pub fn lines(series: &[(String, Vec<(f64, f64)>)]) -> Vec<Line<'_>> {
    series
        .iter()
        .enumerate()
        .map(|(i, (label, points))| Line {
            label,
            color: palette::lane(i),
            dash: palette::dash(i),
            points,
        })
        .collect()
}

/// The y range that shows every drawable point, padded; a log axis needs positive bounds.
pub fn fit_range(lines: &[Line], log_y: bool) -> (f64, f64) {
    let ys = lines
        .iter()
        .flat_map(|l| l.points.iter().map(|p| p.1))
        .filter(|y| y.is_finite() && (!log_y || *y > 0.0));
    let (lo, hi) = ys.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), y| {
        (lo.min(y), hi.max(y))
    });
    if !lo.is_finite() {
        return if log_y { (1e-3, 1.0) } else { (0.0, 1.0) };
    }
    if log_y {
        (lo.max(1e-300) / 1.5, (hi * 1.5).max(lo * 10.0))
    } else {
        let pad = ((hi - lo) * 0.05).max(1e-9);
        (lo - pad, hi + pad)
    }
}

/// Where the plot sits inside the canvas, and its two ranges.
struct Frame {
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
    x: (f64, f64),
    y: (f64, f64),
    log_y: bool,
}

impl Frame {
    fn px(&self, x: f64, y: f64) -> (f64, f64) {
        (
            position(x, self.x, (self.left, self.right), false),
            position(y, self.y, (self.bottom, self.top), self.log_y),
        )
    }
}

/// Draws a line chart on the whole canvas: title, grid, ticks, axis names, the curves (broken
/// where a value stops being drawable), and a legend in the upper right.
pub fn draw_lines(canvas: &web_sys::HtmlCanvasElement, spec: &LineChart) -> Result<(), JsValue> {
    let ctx = context(canvas)?;
    let (w, h) = (canvas.width() as f64, canvas.height() as f64);
    ctx.set_fill_style_str("#ffffff");
    ctx.fill_rect(0.0, 0.0, w, h);
    let small = w < 400.0;
    let font = |px: u32| format!("{px}px sans-serif");
    let label_px = if small { 10 } else { 12 };
    let margin = 8.0;
    let caption = if spec.title.is_empty() {
        0.0
    } else if small {
        20.0
    } else {
        24.0
    };

    // The x axis spans the data (a followed weight's trace starts late), at least one step.
    let xs = || spec.lines.iter().flat_map(|l| l.points.iter().map(|p| p.0));
    let x_min = xs().fold(f64::INFINITY, f64::min);
    let x_min = if x_min.is_finite() { x_min } else { 0.0 };
    let x_max = xs().fold(x_min + 1.0, f64::max);
    let y = spec
        .y_range
        .unwrap_or_else(|| fit_range(spec.lines, spec.log_y));
    let frame = Frame {
        left: margin + if small { 48.0 } else { 60.0 },
        right: w - margin,
        top: margin + caption,
        bottom: h - margin - if small { 26.0 } else { 32.0 },
        x: (x_min, x_max),
        y,
        log_y: spec.log_y,
    };

    ctx.set_fill_style_str("#1d2330");
    if !spec.title.is_empty() {
        ctx.set_font(&font(if small { 13 } else { 16 }));
        ctx.set_text_align("center");
        ctx.set_text_baseline("top");
        ctx.fill_text(spec.title, w / 2.0, margin)?;
    }
    axes(&ctx, &frame, spec, small, &font(label_px))?;

    // Curves, clipped to the plot.
    ctx.save();
    ctx.begin_path();
    ctx.rect(
        frame.left,
        frame.top,
        frame.right - frame.left,
        frame.bottom - frame.top,
    );
    ctx.clip();
    ctx.set_line_width(LINE_WIDTH);
    ctx.set_line_join("round");
    let valid = |v: f64| v.is_finite() && (!spec.log_y || v > 0.0);
    for line in spec.lines {
        ctx.set_stroke_style_str(&line.color.hex());
        set_dash(&ctx, line);
        ctx.begin_path();
        let mut pen_down = false;
        for &(x, v) in line.points {
            if !valid(v) {
                pen_down = false;
                continue;
            }
            let (px, py) = frame.px(x, v.max(y.0).min(y.1));
            if pen_down {
                ctx.line_to(px, py);
            } else {
                ctx.move_to(px, py);
                // A lone point still shows.
                ctx.line_to(px + 0.01, py);
                pen_down = true;
            }
        }
        ctx.stroke();
    }
    ctx.restore();
    if spec.legend && !spec.lines.is_empty() {
        legend(&ctx, &frame, spec.lines, &font(label_px), label_px as f64)?;
    }
    Ok(())
}

/// A tick's label, in the page's own writing of numbers.
fn tick(v: f64) -> String {
    i18n::numerals(page_lang(), &format::tick(v))
}

/// Grid lines, tick labels and axis names.
fn axes(
    ctx: &CanvasRenderingContext2d,
    f: &Frame,
    spec: &LineChart,
    small: bool,
    font: &str,
) -> Result<(), JsValue> {
    let x_ticks = linear_ticks(f.x.0, f.x.1, if small { 4 } else { 8 });
    let y_count = if small { 5 } else { 8 };
    let y_ticks = if f.log_y {
        log_ticks(f.y.0, f.y.1, y_count)
    } else {
        linear_ticks(f.y.0, f.y.1, y_count)
    };
    ctx.set_line_width(1.0);
    ctx.set_stroke_style_str("#eeeeee");
    ctx.begin_path();
    for &x in &x_ticks {
        let (px, _) = f.px(x, f.y.0);
        ctx.move_to(px.round() + 0.5, f.top);
        ctx.line_to(px.round() + 0.5, f.bottom);
    }
    for &v in &y_ticks {
        let (_, py) = f.px(f.x.0, v);
        ctx.move_to(f.left, py.round() + 0.5);
        ctx.line_to(f.right, py.round() + 0.5);
    }
    ctx.stroke();
    ctx.set_stroke_style_str("#555555");
    ctx.begin_path();
    ctx.move_to(f.left + 0.5, f.top);
    ctx.line_to(f.left + 0.5, f.bottom + 0.5);
    ctx.line_to(f.right, f.bottom + 0.5);
    ctx.stroke();
    ctx.set_font(font);
    ctx.set_fill_style_str("#1d2330");
    ctx.set_text_align("center");
    ctx.set_text_baseline("top");
    let w = ctx.canvas().map_or(f.right, |c| c.width() as f64);
    for &x in &x_ticks {
        let (px, _) = f.px(x, f.y.0);
        // A label at either end stays inside the canvas.
        let text = tick(x);
        let half = ctx.measure_text(&text).map_or(0.0, |m| m.width()) / 2.0;
        ctx.fill_text(
            &text,
            px.min(w - half - 1.0).max(half + 1.0),
            f.bottom + 4.0,
        )?;
    }
    ctx.set_text_align("right");
    ctx.set_text_baseline("middle");
    for &v in &y_ticks {
        let (_, py) = f.px(f.x.0, v);
        ctx.fill_text(&tick(v), f.left - 4.0, py)?;
    }
    ctx.set_text_align("center");
    ctx.set_text_baseline("bottom");
    let h = ctx.canvas().map_or(0.0, |c| c.height() as f64);
    ctx.fill_text(spec.x_label, (f.left + f.right) / 2.0, h - 2.0)?;
    ctx.save();
    ctx.translate(4.0, (f.top + f.bottom) / 2.0)?;
    ctx.rotate(-std::f64::consts::FRAC_PI_2)?;
    ctx.set_text_baseline("top");
    ctx.fill_text(spec.y_label, 0.0, 0.0)?;
    ctx.restore();
    Ok(())
}

/// The legend: a sample of each curve (its colour and one period of its dashes) and its label,
/// on a white box.
fn legend(
    ctx: &CanvasRenderingContext2d,
    f: &Frame,
    lines: &[Line],
    font: &str,
    size: f64,
) -> Result<(), JsValue> {
    ctx.set_font(font);
    let row = size + 6.0;
    let text_w = lines
        .iter()
        .filter_map(|l| ctx.measure_text(l.label).ok())
        .map(|m| m.width())
        .fold(0.0, f64::max);
    let sample = palette::KEY_WIDTHS * LINE_WIDTH;
    let (box_w, box_h) = (text_w + sample + 18.0, row * lines.len() as f64 + 6.0);
    let (x0, y0) = (f.right - box_w - 6.0, f.top + 6.0);
    ctx.set_fill_style_str("rgba(255,255,255,0.85)");
    ctx.fill_rect(x0, y0, box_w, box_h);
    ctx.set_stroke_style_str("#bebebe");
    ctx.set_line_width(1.0);
    ctx.stroke_rect(x0 + 0.5, y0 + 0.5, box_w, box_h);
    ctx.set_text_align("left");
    ctx.set_text_baseline("middle");
    for (k, line) in lines.iter().enumerate() {
        let y = y0 + 3.0 + row * (k as f64 + 0.5);
        ctx.set_stroke_style_str(&line.color.hex());
        ctx.set_line_width(LINE_WIDTH);
        set_dash(ctx, line);
        ctx.begin_path();
        ctx.move_to(x0 + 6.0, y);
        ctx.line_to(x0 + 6.0 + sample, y);
        ctx.stroke();
        ctx.set_fill_style_str("#1d2330");
        ctx.fill_text(line.label, x0 + sample + 12.0, y)?;
    }
    let _ = ctx.set_line_dash(&js_sys::Array::new());
    Ok(())
}
