//! Line charts (loss, accuracy, learning-rate schedules): one function from view data to a
//! canvas, drawn with `plotters-canvas`.

use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::JsValue;

use crate::format::tick;
use crate::view::palette::{self, Rgb};

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

/// One curve: a legend label, a colour and `(x, y)` points (non-finite `y` values are skipped).
pub struct Line<'a> {
    pub label: &'a str,
    pub color: Rgb,
    pub points: &'a [(f64, f64)],
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

fn to_js(e: impl std::fmt::Display) -> JsValue {
    JsValue::from_str(&e.to_string())
}

fn rgb(c: Rgb) -> RGBColor {
    RGBColor(c.0, c.1, c.2)
}

/// One line per named series, coloured in lane order.
pub fn lines(series: &[(String, Vec<(f64, f64)>)]) -> Vec<Line<'_>> {
    series
        .iter()
        .enumerate()
        .map(|(i, (label, points))| Line {
            label,
            color: palette::lane(i),
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

/// Draws a line chart on the whole canvas.
pub fn draw_lines(canvas: &web_sys::HtmlCanvasElement, spec: &LineChart) -> Result<(), JsValue> {
    let backend = CanvasBackend::with_canvas_object(canvas.clone())
        .ok_or_else(|| JsValue::from_str("the canvas has no 2-D context"))?;
    let root = backend.into_drawing_area();
    root.fill(&WHITE).map_err(to_js)?;

    // The x axis spans the data (a followed weight's trace starts late), at least one step.
    let xs = || spec.lines.iter().flat_map(|l| l.points.iter().map(|p| p.0));
    let x_min = xs().fold(f64::INFINITY, f64::min);
    let x_min = if x_min.is_finite() { x_min } else { 0.0 };
    let x_max = xs().fold(x_min + 1.0, f64::max);
    let (lo, hi) = spec
        .y_range
        .unwrap_or_else(|| fit_range(spec.lines, spec.log_y));
    let small = canvas.width() < 400;
    let mut builder = ChartBuilder::on(&root);
    builder
        .margin(8)
        .x_label_area_size(if small { 26 } else { 32 })
        .y_label_area_size(if small { 48 } else { 60 });
    if !spec.title.is_empty() {
        builder.caption(spec.title, ("sans-serif", if small { 13 } else { 16 }));
    }
    let style = ("sans-serif", if small { 10 } else { 12 });

    macro_rules! plot {
        ($chart:expr, $valid:expr) => {{
            let mut chart = $chart;
            chart
                .configure_mesh()
                .x_labels(if small { 4 } else { 8 })
                .y_labels(if small { 5 } else { 8 })
                .x_desc(spec.x_label)
                .y_desc(spec.y_label)
                .x_label_formatter(&|v| tick(*v))
                .y_label_formatter(&|v| tick(*v))
                .label_style(style)
                .axis_desc_style(style)
                .light_line_style(RGBColor(238, 238, 238))
                .draw()
                .map_err(to_js)?;
            for line in spec.lines {
                let color = rgb(line.color);
                // Break the curve where values stop being drawable (NaN after a divergence).
                let mut segment = Vec::new();
                let mut segments = Vec::new();
                for &(x, y) in line.points {
                    if $valid(y) {
                        segment.push((x, y.clamp(lo, hi)));
                    } else if !segment.is_empty() {
                        segments.push(std::mem::take(&mut segment));
                    }
                }
                segments.push(segment);
                let mut first = true;
                for seg in segments.into_iter().filter(|s| !s.is_empty()) {
                    let drawn = chart
                        .draw_series(LineSeries::new(seg, color.stroke_width(2)))
                        .map_err(to_js)?;
                    if first && spec.legend {
                        drawn.label(line.label).legend(move |(x, y)| {
                            PathElement::new(vec![(x, y), (x + 16, y)], color.stroke_width(2))
                        });
                        first = false;
                    }
                }
            }
            if spec.legend && !spec.lines.is_empty() {
                chart
                    .configure_series_labels()
                    .label_font(style)
                    .background_style(WHITE.mix(0.85))
                    .border_style(RGBColor(190, 190, 190))
                    .position(SeriesLabelPosition::UpperRight)
                    .draw()
                    .map_err(to_js)?;
            }
        }};
    }

    if spec.log_y {
        let chart = builder
            .build_cartesian_2d(x_min..x_max, (lo..hi).log_scale())
            .map_err(to_js)?;
        plot!(chart, |y: f64| y.is_finite() && y > 0.0);
    } else {
        let chart = builder
            .build_cartesian_2d(x_min..x_max, lo..hi)
            .map_err(to_js)?;
        plot!(chart, |y: f64| y.is_finite());
    }
    root.present().map_err(to_js)?;
    Ok(())
}
