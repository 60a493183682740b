//! The digits' pictures on a canvas: a grid of 8×8 tiles (test digits with a lane's guess in
//! a corner, the wrong ones framed in red; or first-layer units' weights), and the drawing pad.

use wasm_bindgen::{Clamped, JsValue};
use web_sys::{HtmlCanvasElement, ImageData};

use crate::i18n::{self, Lang};
use crate::view::digits::{self, Pad, SIDE};
use crate::web::dom::context;

/// A wrong guess's colour (and the frame around its digit).
const WRONG: &str = "#c0001a";

/// Draws `k` tiles of [`digits::tiles`] (`w × h` RGBA pixels) as large as the canvas holds,
/// centred, sharp-edged; with `guesses` (the class guessed, and whether it is right) written
/// in each tile's corner.
pub fn draw_tiles(
    canvas: &HtmlCanvasElement,
    scratch: &HtmlCanvasElement,
    k: usize,
    (w, h, rgba): &(usize, usize, Vec<u8>),
    guesses: &[(usize, bool)],
    lang: Lang,
) -> Result<(), JsValue> {
    let (cw, ch) = (canvas.width() as f64, canvas.height() as f64);
    let ctx = context(canvas)?;
    ctx.set_fill_style_str("#ffffff");
    ctx.fill_rect(0.0, 0.0, cw, ch);
    if k == 0 {
        return Ok(());
    }
    scratch.set_width(*w as u32);
    scratch.set_height(*h as u32);
    let image = ImageData::new_with_u8_clamped_array_and_sh(Clamped(rgba), *w as u32, *h as u32)?;
    context(scratch)?.put_image_data(&image, 0.0, 0.0)?;
    let scale = (cw / *w as f64).min(ch / *h as f64);
    let (x0, y0) = (
        (cw - scale * *w as f64) / 2.0,
        (ch - scale * *h as f64) / 2.0,
    );
    ctx.set_image_smoothing_enabled(false);
    ctx.draw_image_with_html_canvas_element_and_dw_and_dh(
        scratch,
        x0,
        y0,
        scale * *w as f64,
        scale * *h as f64,
    )?;
    let (cols, _) = digits::grid(k);
    let (tile, side) = (scale * (SIDE + 1) as f64, scale * SIDE as f64);
    let size = (0.36 * side).round().max(9.0);
    ctx.set_font(&format!("bold {}px sans-serif", size as u32));
    ctx.set_text_align("center");
    ctx.set_text_baseline("middle");
    for (t, &(class, right)) in guesses.iter().enumerate().take(k) {
        let (x, y) = (x0 + (t % cols) as f64 * tile, y0 + (t / cols) as f64 * tile);
        // The guess in the bottom-right corner, on a chip so it reads over ink.
        let chip = size * 1.25;
        let (cx, cy) = (x + side - chip, y + side - chip);
        ctx.set_fill_style_str(if right { "#ffffff" } else { WRONG });
        ctx.fill_rect(cx, cy, chip, chip);
        if !right {
            ctx.set_stroke_style_str(WRONG);
            ctx.set_line_width(2.0);
            ctx.stroke_rect(x + 1.0, y + 1.0, side - 2.0, side - 2.0);
        }
        ctx.set_fill_style_str(if right { "#222222" } else { "#ffffff" });
        let text = i18n::numerals(lang, &class.to_string());
        ctx.fill_text(&text, cx + chip / 2.0, cy + chip / 2.0)?;
    }
    Ok(())
}

/// The drawing pad: its cells' ink, a faint grid, and the keyboard's cursor when `cursor`.
pub fn draw_pad(canvas: &HtmlCanvasElement, pad: &Pad, cursor: bool) -> Result<(), JsValue> {
    let (w, h) = (canvas.width() as f64, canvas.height() as f64);
    let ctx = context(canvas)?;
    let (cw, ch) = (w / SIDE as f64, h / SIDE as f64);
    for (p, &v) in pad.cells.iter().enumerate() {
        ctx.set_fill_style_str(&digits::ink(v).hex());
        ctx.fill_rect((p % SIDE) as f64 * cw, (p / SIDE) as f64 * ch, cw, ch);
    }
    ctx.set_stroke_style_str("rgba(0,0,0,0.15)");
    ctx.set_line_width(1.0);
    ctx.begin_path();
    for i in 1..SIDE {
        ctx.move_to(i as f64 * cw, 0.0);
        ctx.line_to(i as f64 * cw, h);
        ctx.move_to(0.0, i as f64 * ch);
        ctx.line_to(w, i as f64 * ch);
    }
    ctx.stroke();
    if cursor {
        let (x, y) = (
            (pad.cursor % SIDE) as f64 * cw,
            (pad.cursor / SIDE) as f64 * ch,
        );
        // Dark and light rings: visible on white and on full ink.
        ctx.set_line_width(3.0);
        ctx.set_stroke_style_str("#d55e00");
        ctx.stroke_rect(x + 2.0, y + 2.0, cw - 4.0, ch - 4.0);
        ctx.set_line_width(1.0);
        ctx.set_stroke_style_str("#ffffff");
        ctx.stroke_rect(x + 4.0, y + 4.0, cw - 8.0, ch - 8.0);
    }
    Ok(())
}
