//! The browser side: the only module that touches `wasm-bindgen`, `web-sys` and `js-sys`.
//! Everything it draws is computed by the plain-Rust core.

pub mod app;
#[cfg(feature = "bench")]
pub mod bench;
pub mod course;
pub mod dom;
pub mod draw;
pub mod edits;
pub mod events;
pub mod fetch;
pub mod keys;
pub mod model;
pub mod perf;
pub mod scorm;
pub mod views;

pub use draw::chart;

use wasm_bindgen::prelude::*;

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
            web_sys::console::error_1(&JsValue::from_str(&info.to_string()));
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
    let Some(app) = app::App::new() else {
        return Ok(());
    };
    app::install(app);
    // The listeners find the app through `with_app`, so a second start needs no second set.
    thread_local! {
        static LISTENING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }
    if !LISTENING.with(|l| l.replace(true)) {
        events::listen()?;
    }
    app::with_app(|app| app.autoplay());
    Ok(())
}

/// The crate version, for scripts that embed the page.
#[wasm_bindgen]
pub fn version() -> String {
    crate::VERSION.to_string()
}
