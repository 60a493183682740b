//! SCORM 1.2: when the page runs as an LMS activity, it finds the LMS's `API` object in a
//! parent window and reports the activity completed once the learner has run a race for
//! [`COMPLETION_STEPS`] steps. Without an LMS (or across origins) it does nothing.

use wasm_bindgen::{JsCast, JsValue};

/// Steps of a race after which the activity counts as completed.
pub const COMPLETION_STEPS: usize = 100;

/// The LMS connection.
pub struct Scorm {
    api: JsValue,
    completed: bool,
}

fn get(target: &JsValue, key: &str) -> Option<JsValue> {
    // A parent from another origin throws on access: treat it as absent.
    js_sys::Reflect::get(target, &JsValue::from_str(key))
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
}

fn call(api: &JsValue, method: &str, args: &[&str]) -> Option<JsValue> {
    let f: js_sys::Function = get(api, method)?.dyn_into().ok()?;
    let args: js_sys::Array = args.iter().map(|a| JsValue::from_str(a)).collect();
    f.apply(api, &args).ok()
}

impl Scorm {
    /// Looks for `API` in this window and up to seven parents (SCORM 1.2's search), and
    /// starts the session.
    pub fn find() -> Option<Scorm> {
        let mut window: JsValue = web_sys::window()?.into();
        for _ in 0..8 {
            if let Some(api) = get(&window, "API") {
                if get(&api, "LMSInitialize").is_some() {
                    call(&api, "LMSInitialize", &[""]);
                    call(
                        &api,
                        "LMSSetValue",
                        &["cmi.core.lesson_status", "incomplete"],
                    );
                    return Some(Scorm {
                        api,
                        completed: false,
                    });
                }
            }
            let parent = get(&window, "parent")?;
            if js_sys::Object::is(&parent, &window) {
                return None;
            }
            window = parent;
        }
        None
    }

    /// Reports completion once, when a race has run long enough.
    pub fn progress(&mut self, steps: usize) {
        if self.completed || steps < COMPLETION_STEPS {
            return;
        }
        self.completed = true;
        call(
            &self.api,
            "LMSSetValue",
            &["cmi.core.lesson_status", "completed"],
        );
        call(&self.api, "LMSCommit", &[""]);
    }
}
