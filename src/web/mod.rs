//! The browser side: the only module that touches `wasm-bindgen`, `web-sys`, `js-sys` and
//! `plotters-canvas`. Everything it draws is computed by the plain-Rust core.

pub mod chart;

use wasm_bindgen::prelude::*;

use crate::demo;

/// Entry point, run once when the module is instantiated.
///
/// Pages without the playground's elements (for example the `wasm-bindgen-test` harness)
/// are left alone, so the module can be loaded anywhere.
#[wasm_bindgen(start)]
pub fn start() -> Result<(), JsValue> {
    // Any unexpected panic shows up in the console with its message instead of `unreachable`.
    console_error_panic_hook::set_once();
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return Ok(());
    };
    if let Some(version) = document.get_element_by_id("version") {
        version.set_text_content(Some(&format!("v{}", crate::VERSION)));
    }
    if let Some(canvas) = document.get_element_by_id("chart") {
        let canvas: web_sys::HtmlCanvasElement = canvas.dyn_into()?;
        draw_demo(&canvas)?;
    }
    Ok(())
}

/// The crate version, for scripts that embed the page.
#[wasm_bindgen]
pub fn version() -> String {
    crate::VERSION.to_string()
}

/// Draws gradient descent on `x² / 2` for the three learning rates of [`demo::LEARNING_RATES`].
pub fn draw_demo(canvas: &web_sys::HtmlCanvasElement) -> Result<(), JsValue> {
    const STEPS: usize = 25;
    let series: Vec<chart::Series> = demo::LEARNING_RATES
        .iter()
        .map(|&lr| chart::Series {
            label: format!("lr = {lr}"),
            values: demo::gd_quadratic_losses(lr, 1.0, STEPS),
        })
        .collect();
    chart::draw_loss_curves(canvas, "Gradient descent on x²/2", &series)?;
    canvas.set_attribute("aria-label", &chart::describe(&series))?;
    Ok(())
}
