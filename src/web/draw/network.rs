//! The inspector's canvases: the network diagram of a lane (edges coloured and sized by their
//! weights, each neuron a tile of its output over the plane) and the followed weight's
//! history.

use wasm_bindgen::{Clamped, JsValue};
use web_sys::{HtmlCanvasElement, ImageData};

use crate::i18n;
use crate::optim::OptimizerConfig;
use crate::race::{Lane, Trace};
use crate::view::network::{Diagram, Edge};
use crate::view::{palette, rule};
use crate::web::dom::{context, page_lang};
use crate::web::draw::chart::{self, LineChart};
use crate::web::draw::focus;

/// Cells per side of a neuron's tile in the network diagram.
pub const TILE_CELLS: usize = 14;

/// The network diagram: weighted edges (orange negative, blue positive, thicker is larger) and
/// a tile per neuron showing its output over the plane; the followed weight dashed, and the
/// keyboard's `cursor` (a weight) outlined, and the neurons it joins boxed.
pub fn draw_network(
    canvas: &HtmlCanvasElement,
    scratch: &HtmlCanvasElement,
    lane: &mut Lane,
    tile_grid: &[f64],
    values: &mut Vec<f64>,
    followed: Option<usize>,
    cursor: Option<usize>,
) -> Result<(), JsValue> {
    let (w, h) = (canvas.width() as f64, canvas.height() as f64);
    let ctx = context(canvas)?;
    ctx.set_fill_style_str("#ffffff");
    ctx.fill_rect(0.0, 0.0, w, h);
    let spec = lane.net().spec().clone();
    let diagram = Diagram::new(&spec, w, h);
    let params = lane.net().params();
    let largest = diagram
        .edges
        .iter()
        .map(|e| params[e.index].abs())
        .fold(1e-12, f64::max);
    let width = |e: &Edge| 0.5 + 4.5 * (params[e.index].abs() / largest).min(1.0);
    let edge = |e: &Edge| {
        let color = if params[e.index] < 0.0 {
            palette::class(0)
        } else {
            palette::class(1)
        };
        ctx.set_stroke_style_str(&color.hex());
        ctx.set_line_width(width(e));
        ctx.begin_path();
        ctx.move_to(e.from.0, e.from.1);
        ctx.line_to(e.to.0, e.to.1);
        ctx.stroke();
    };
    // Many inputs (the digits' 64 pixels) make the first layer a thicket: only its strongest
    // tenth of weights is drawn (the keyboard's ring still reaches every one).
    let cut = if spec.inputs() > 16 {
        let mut first: Vec<f64> = diagram
            .edges
            .iter()
            .filter(|e| e.layer == 0)
            .map(|e| params[e.index].abs())
            .collect();
        let k = first.len() * 9 / 10;
        crate::order::sort_by(&mut first, |a, b| a.total_cmp(b));
        first.get(k).copied().unwrap_or(0.0)
    } else {
        0.0
    };
    for e in &diagram.edges {
        if e.layer > 0 || params[e.index].abs() >= cut {
            edge(e);
        }
    }
    if let Some(e) = cursor.and_then(|c| diagram.edge_of(c)) {
        // The edge drawn again over its outline, so its colour and width still show.
        focus::segment(&ctx, e.from, e.to, width(e));
        edge(e);
    }
    if let Some(e) = followed.and_then(|f| diagram.edges.iter().find(|e| e.index == f)) {
        ctx.set_stroke_style_str("#111111");
        ctx.set_line_width(2.0);
        let _ = ctx.set_line_dash(&js_sys::Array::of2(&4.into(), &3.into()));
        ctx.begin_path();
        ctx.move_to(e.from.0, e.from.1);
        ctx.line_to(e.to.0, e.to.1);
        ctx.stroke();
        let _ = ctx.set_line_dash(&js_sys::Array::new());
    }
    let inputs = spec.inputs();
    if inputs != 2 {
        // No plane to show a neuron over (the digits' 64 pixels): plain nodes.
        ctx.set_fill_style_str("#ffffff");
        ctx.set_stroke_style_str("#555555");
        ctx.set_line_width(1.0);
        let t = diagram.tile;
        for node in &diagram.nodes {
            ctx.fill_rect(node.x - t / 2.0, node.y - t / 2.0, t, t);
            ctx.stroke_rect(node.x - t / 2.0, node.y - t / 2.0, t, t);
        }
    } else {
        // Neuron tiles: inputs show x and y themselves; the others their evaluation-mode output.
        let n = tile_grid.len() / 2;
        let neurons = lane.net().neuron_count();
        values.resize(neurons * n, 0.0);
        lane.net_mut().neuron_outputs(tile_grid, values);
        scratch.set_width(TILE_CELLS as u32);
        scratch.set_height(TILE_CELLS as u32);
        let sctx = context(scratch)?;
        let mut rgba = vec![0u8; 4 * n];
        for (k, node) in diagram.nodes.iter().enumerate() {
            let cell = |j: usize| -> f64 {
                if k < inputs {
                    tile_grid[2 * j + k]
                } else {
                    values[(k - inputs) * n + j]
                }
            };
            let scale = (0..n).map(|j| cell(j).abs()).fold(1e-12, f64::max);
            for j in 0..n {
                let v = cell(j) / scale;
                let c = if v.is_finite() {
                    let end = if v < 0.0 {
                        palette::class(0)
                    } else {
                        palette::class(1)
                    };
                    palette::UNSURE.mix(end, v.abs().min(1.0) * 0.85)
                } else {
                    palette::UNSURE
                };
                rgba[4 * j..4 * j + 4].copy_from_slice(&[c.0, c.1, c.2, 255]);
            }
            let image = ImageData::new_with_u8_clamped_array_and_sh(
                Clamped(&rgba),
                TILE_CELLS as u32,
                TILE_CELLS as u32,
            )?;
            sctx.put_image_data(&image, 0.0, 0.0)?;
            let t = diagram.tile;
            ctx.draw_image_with_html_canvas_element_and_dw_and_dh(
                scratch,
                node.x - t / 2.0,
                node.y - t / 2.0,
                t,
                t,
            )?;
            ctx.set_stroke_style_str("#555555");
            ctx.set_line_width(1.0);
            ctx.stroke_rect(node.x - t / 2.0, node.y - t / 2.0, t, t);
        }
    }
    if let Some(e) = cursor.and_then(|c| diagram.edge_of(c)) {
        // The neurons it joins boxed as well: a thin edge among many is found by its ends.
        let t = diagram.tile + 6.0;
        for (x, y) in [e.from, e.to] {
            focus::cell(&ctx, (x - t / 2.0, y - t / 2.0, t, t), t);
        }
    }
    let sizes: Vec<String> = spec.sizes.iter().map(usize::to_string).collect();
    let label = format!(
        "Network of lane {}: layers {}, {} weights; orange edges negative, blue positive.",
        lane.name(),
        sizes.join("–"),
        lane.net().param_count()
    );
    let _ = canvas.set_attribute("aria-label", &i18n::message(page_lang(), &label));
    Ok(())
}

/// The followed weight's gradient, optimizer state and step over time.
pub fn draw_trace(
    canvas: &HtmlCanvasElement,
    config: &OptimizerConfig,
    trace: &Trace,
    max_points: usize,
) -> Result<(), JsValue> {
    let lang = page_lang();
    let mut series = rule::trace_series(config, trace, max_points);
    for (name, _) in &mut series {
        *name = i18n::translate(lang, name).to_string();
    }
    let lines = chart::lines(&series);
    chart::draw_lines(
        canvas,
        &LineChart {
            title: "",
            x_label: i18n::translate(lang, "step"),
            y_label: i18n::translate(lang, "value"),
            log_y: false,
            y_range: None,
            legend: true,
            lines: &lines,
        },
    )
}
