//! The browser side: the only module that touches `wasm-bindgen`, `web-sys`, `js-sys` and
//! `plotters-canvas`. Everything it draws is computed by the plain-Rust core.

pub mod app;
pub mod bench;
pub mod chart;
pub mod dom;
pub mod heatmap;
pub mod landscape;
pub mod scorm;

use wasm_bindgen::prelude::*;

use crate::demo;

/// Entry point, run once when the module is instantiated.
///
/// Pages without the playground's elements (for example the `wasm-bindgen-test` harness)
/// are left alone, so the module can be loaded anywhere.
#[wasm_bindgen(start)]
pub fn start() -> Result<(), JsValue> {
    // Any unexpected panic shows up in the console with its message instead of `unreachable`.
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            console_error_panic_hook::hook(info);
            dom::show_banner(&format!(
                "Something went wrong inside the page ({info}). Reload to start again; please report this."
            ));
        }))
    });
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
    app::start()
}

/// The crate version, for scripts that embed the page.
#[wasm_bindgen]
pub fn version() -> String {
    crate::VERSION.to_string()
}

/// Draws gradient descent on `x² / 2` for the three learning rates of [`demo::LEARNING_RATES`].
pub fn draw_demo(canvas: &web_sys::HtmlCanvasElement) -> Result<(), JsValue> {
    const STEPS: usize = 25;
    let curves: Vec<(String, Vec<(f64, f64)>)> = demo::LEARNING_RATES
        .iter()
        .map(|&lr| {
            let losses = demo::gd_quadratic_losses(lr, 1.0, STEPS);
            let points = losses
                .iter()
                .enumerate()
                .map(|(k, &l)| (k as f64, l))
                .collect();
            (format!("lr = {lr}"), points)
        })
        .collect();
    let lines = chart::lines(&curves);
    chart::draw_lines(
        canvas,
        &chart::LineChart {
            title: "Gradient descent on x²/2",
            x_label: "step",
            y_label: "loss (log scale)",
            log_y: true,
            y_range: None,
            legend: true,
            lines: &lines,
        },
    )?;
    let summary: Vec<String> = curves
        .iter()
        .map(|(label, p)| format!("{label}: loss {:.3e} after {STEPS} steps", p[STEPS].1))
        .collect();
    canvas.set_attribute(
        "aria-label",
        &format!("Loss per step. {}.", summary.join("; ")),
    )?;
    Ok(())
}
