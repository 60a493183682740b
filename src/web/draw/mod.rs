//! Drawing onto canvases: line charts, a lane's map, the contour map with its paths and the
//! hyperparameter map, the network diagram, and the keyboard's cursors on them. Each function
//! paints what it is given and keeps no state between calls (but caches a view hands it).

pub mod chart;
pub mod confusion;
pub mod contour;
pub mod digits;
pub mod focus;
pub mod heatmap;
pub mod network;

use wasm_bindgen::JsValue;
use web_sys::CanvasRenderingContext2d;

use crate::view::palette::Marker;

/// Starts a path outlining marker `m` of radius `r` around `(x, y)`; the caller fills or
/// strokes it.
pub fn marker_path(
    ctx: &CanvasRenderingContext2d,
    m: Marker,
    (x, y): (f64, f64),
    r: f64,
) -> Result<(), JsValue> {
    ctx.begin_path();
    let outline = m.outline(r);
    if outline.is_empty() {
        return ctx.arc(x, y, r, 0.0, std::f64::consts::TAU);
    }
    for (k, (dx, dy)) in outline.into_iter().enumerate() {
        if k == 0 {
            ctx.move_to(x + dx, y + dy);
        } else {
            ctx.line_to(x + dx, y + dy);
        }
    }
    ctx.close_path();
    Ok(())
}
