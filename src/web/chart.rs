//! Loss curves: one function from view data to a canvas, drawn with `plotters-canvas`.

use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::JsValue;

/// One curve: a label for the legend and its loss per step.
pub struct Series {
    pub label: String,
    pub values: Vec<f64>,
}

/// Colours told apart with colour-vision deficiency (Okabe and Ito, 2008).
pub const PALETTE: [RGBColor; 6] = [
    RGBColor(0, 114, 178),
    RGBColor(230, 159, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(86, 180, 233),
    RGBColor(213, 94, 0),
];

fn to_js(e: impl std::fmt::Display) -> JsValue {
    JsValue::from_str(&e.to_string())
}

/// Draws every series on a log-scale loss axis against the step.
pub fn draw_loss_curves(
    canvas: &web_sys::HtmlCanvasElement,
    title: &str,
    series: &[Series],
) -> Result<(), JsValue> {
    let backend = CanvasBackend::with_canvas_object(canvas.clone())
        .ok_or_else(|| JsValue::from_str("the canvas has no 2-D context"))?;
    let root = backend.into_drawing_area();
    root.fill(&WHITE).map_err(to_js)?;

    let steps = series
        .iter()
        .map(|s| s.values.len())
        .max()
        .unwrap_or(1)
        .max(2)
        - 1;
    // A log axis needs positive, finite bounds; zeros and overflow are clamped into view.
    let positive = || {
        series
            .iter()
            .flat_map(|s| s.values.iter().copied())
            .filter(|v| v.is_finite() && *v > 0.0)
    };
    let lo = positive().fold(f64::INFINITY, f64::min).max(1e-300);
    let hi = positive().fold(0.0, f64::max).max(lo * 10.0);
    let (lo, hi) = if lo.is_finite() {
        (lo, hi)
    } else {
        (1e-3, 1.0)
    };

    let mut chart = ChartBuilder::on(&root)
        .caption(title, ("sans-serif", 18))
        .margin(12)
        .x_label_area_size(36)
        .y_label_area_size(64)
        .build_cartesian_2d(0..steps, (lo..hi).log_scale())
        .map_err(to_js)?;
    chart
        .configure_mesh()
        .x_desc("step")
        .y_desc("loss (log scale)")
        .y_label_formatter(&|v| format!("{v:.0e}"))
        .draw()
        .map_err(to_js)?;

    for (i, s) in series.iter().enumerate() {
        let color = PALETTE[i % PALETTE.len()];
        let points = s
            .values
            .iter()
            .enumerate()
            .map(|(k, &v)| (k, v.clamp(lo, hi)));
        chart
            .draw_series(LineSeries::new(points, color.stroke_width(2)))
            .map_err(to_js)?
            .label(s.label.as_str())
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 18, y)], color.stroke_width(2))
            });
    }
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .position(SeriesLabelPosition::LowerLeft)
        .draw()
        .map_err(to_js)?;
    root.present().map_err(to_js)?;
    Ok(())
}

/// A text alternative for the chart: the last loss of every series.
pub fn describe(series: &[Series]) -> String {
    let parts: Vec<String> = series
        .iter()
        .map(|s| match s.values.last() {
            Some(v) => format!(
                "{}: loss {:.3e} after {} steps",
                s.label,
                v,
                s.values.len() - 1
            ),
            None => format!("{}: no steps", s.label),
        })
        .collect();
    format!("Loss per step. {}.", parts.join("; "))
}
