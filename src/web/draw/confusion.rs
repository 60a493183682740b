//! A lane's confusion matrix on its map's canvas (the handwritten digits, which have no plane
//! to draw): rows the true class, columns the predicted one, each cell tinted by its share of
//! its row in the lane's colour, with its count.

use wasm_bindgen::JsValue;
use web_sys::HtmlCanvasElement;

use crate::i18n;
use crate::view::palette::{self, Rgb};
use crate::web::dom::{context, page_lang};

/// Draws `counts` (`k × k`, row-major: true class, then predicted) over the whole canvas.
pub fn draw_confusion(
    canvas: &HtmlCanvasElement,
    counts: &[u32],
    k: usize,
    color: Rgb,
) -> Result<(), JsValue> {
    let (w, h) = (canvas.width() as f64, canvas.height() as f64);
    let ctx = context(canvas)?;
    ctx.set_fill_style_str("#ffffff");
    ctx.fill_rect(0.0, 0.0, w, h);
    if k == 0 || counts.len() != k * k {
        return Ok(());
    }
    let margin = 0.08 * w.min(h);
    let cell = (w.min(h) - margin) / k as f64;
    let lang = page_lang();
    let number = |n: usize| i18n::numerals(lang, &n.to_string());
    ctx.set_font(&format!(
        "{}px sans-serif",
        (cell * 0.36).round().max(8.0) as u32
    ));
    ctx.set_text_align("center");
    ctx.set_text_baseline("middle");
    for truth in 0..k {
        let row = &counts[truth * k..(truth + 1) * k];
        let total = row.iter().sum::<u32>().max(1) as f64;
        for (predicted, &n) in row.iter().enumerate() {
            let share = n as f64 / total;
            let (x, y) = (
                margin + predicted as f64 * cell,
                margin + truth as f64 * cell,
            );
            ctx.set_fill_style_str(&palette::UNSURE.mix(color, 0.9 * share).hex());
            ctx.fill_rect(x, y, cell - 1.0, cell - 1.0);
            if n > 0 {
                ctx.set_fill_style_str(if share > 0.5 { "#ffffff" } else { "#222222" });
                ctx.fill_text(&number(n as usize), x + cell / 2.0, y + cell / 2.0)?;
            }
        }
    }
    // The classes along both edges: predicted across the top, true down the side.
    ctx.set_fill_style_str("#555555");
    for c in 0..k {
        let at = margin + (c as f64 + 0.5) * cell;
        ctx.fill_text(&number(c), at, margin / 2.0)?;
        ctx.fill_text(&number(c), margin / 2.0, at)?;
    }
    Ok(())
}
