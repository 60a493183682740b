//! A lane's map: the decision-boundary heatmap (pixels written into `ImageData`, then scaled
//! smoothly onto the canvas) with the data points on top.

use wasm_bindgen::{Clamped, JsValue};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};

use crate::web::dom::context;

use crate::data::Dataset;
use crate::view::heatmap::ViewBox;
use crate::view::palette;

/// What one map shows.
pub struct MapView<'a> {
    /// `4 n²` RGBA bytes from [`crate::view::heatmap::pixels`].
    pub rgba: &'a [u8],
    pub n: usize,
    pub view: ViewBox,
    pub train: &'a Dataset,
    /// Test points, drawn hollow, when shown.
    pub test: Option<&'a Dataset>,
}

/// Draws the map on `canvas`, using `scratch` (any canvas) for the `n x n` pixels.
pub fn draw_map(
    canvas: &HtmlCanvasElement,
    scratch: &HtmlCanvasElement,
    map: &MapView,
) -> Result<(), JsValue> {
    let (w, h) = (canvas.width() as f64, canvas.height() as f64);
    let ctx = context(canvas)?;
    if map.rgba.len() == 4 * map.n * map.n && map.n > 0 {
        if scratch.width() != map.n as u32 {
            scratch.set_width(map.n as u32);
            scratch.set_height(map.n as u32);
        }
        let image = ImageData::new_with_u8_clamped_array_and_sh(
            Clamped(map.rgba),
            map.n as u32,
            map.n as u32,
        )?;
        context(scratch)?.put_image_data(&image, 0.0, 0.0)?;
        ctx.set_image_smoothing_enabled(true);
        ctx.draw_image_with_html_canvas_element_and_dw_and_dh(scratch, 0.0, 0.0, w, h)?;
    } else {
        ctx.set_fill_style_str(&palette::UNSURE.hex());
        ctx.fill_rect(0.0, 0.0, w, h);
    }
    // Axes through the origin, faint, so learners can read coordinates.
    ctx.set_stroke_style_str("rgba(0,0,0,0.12)");
    ctx.set_line_width(1.0);
    let (ox, oy) = (
        map.view.to_pixel(0.0, w, false),
        map.view.to_pixel(0.0, h, true),
    );
    ctx.begin_path();
    ctx.move_to(ox, 0.0);
    ctx.line_to(ox, h);
    ctx.move_to(0.0, oy);
    ctx.line_to(w, oy);
    ctx.stroke();

    let r = (w / 300.0 * 3.2).max(2.0);
    draw_points(&ctx, map.train, map.view, w, h, r, false)?;
    if let Some(test) = map.test {
        draw_points(&ctx, test, map.view, w, h, r, true)?;
    }
    Ok(())
}

fn draw_points(
    ctx: &CanvasRenderingContext2d,
    data: &Dataset,
    view: ViewBox,
    w: f64,
    h: f64,
    r: f64,
    hollow: bool,
) -> Result<(), JsValue> {
    for i in 0..data.len() {
        let [x, y] = data.point(i);
        let (px, py) = (view.to_pixel(x, w, false), view.to_pixel(y, h, true));
        let color = palette::class(data.labels[i]).hex();
        ctx.begin_path();
        ctx.arc(px, py, r, 0.0, std::f64::consts::TAU)?;
        if hollow {
            // Test points: white inside, a thick ring of the class colour.
            ctx.set_fill_style_str("#ffffff");
            ctx.fill();
            ctx.set_stroke_style_str(&color);
            ctx.set_line_width(2.0);
        } else {
            ctx.set_fill_style_str(&color);
            ctx.fill();
            ctx.set_stroke_style_str("#ffffff");
            ctx.set_line_width(1.0);
        }
        ctx.stroke();
    }
    Ok(())
}
