//! The course side: messages to and from a host page that embeds the playground (see
//! [`crate::view::protocol`]) and the LMS session when the page runs as a SCORM activity.

use std::collections::HashSet;

use wasm_bindgen::JsValue;
use web_sys::MessageEvent;

use crate::view::protocol::{self, Command, PagePerf};
use crate::web::model::Model;
use crate::web::scorm::Scorm;

/// Posts a protocol message (JSON text) to the embedding page, if there is one.
pub fn post(json: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(Some(parent)) = window.parent() else {
        return;
    };
    if parent == window {
        return;
    }
    if let Ok(value) = js_sys::JSON::parse(json) {
        let _ = parent.post_message(&value, "*");
    }
}

/// Reads a host's message: `None` for messages meant for someone else, else the command or
/// why it cannot be obeyed. Every value is read defensively: a host's message never throws.
pub fn read_message(m: &MessageEvent) -> Option<Result<Command, String>> {
    let data = m.data();
    let get = |key: &str| js_sys::Reflect::get(&data, &JsValue::from_str(key)).ok();
    let text = |key: &str| get(key).and_then(|v| v.as_string());
    let version = get("version").and_then(|v| v.as_f64());
    let (source, kind, state) = (text("source"), text("type"), text("state"));
    protocol::command(
        source.as_deref(),
        version,
        kind.as_deref(),
        state.as_deref(),
    )
    .transpose()
}

/// What the page tells its host and its LMS.
pub struct Course {
    scorm: Option<Scorm>,
    /// Divergences already reported to the host, as (lane, step).
    announced: HashSet<(String, usize)>,
    last_progress_ms: f64,
}

impl Default for Course {
    /// Finds the LMS, if the page runs inside one.
    fn default() -> Course {
        Course {
            scorm: Scorm::find(),
            announced: HashSet::new(),
            last_progress_ms: 0.0,
        }
    }
}

impl Course {
    /// Tells the LMS how far the race has run (it counts as completed after enough steps).
    pub fn progress(&mut self, model: &Model) {
        if let (Some(scorm), Some(race)) = (&mut self.scorm, &model.race) {
            scorm.progress(race.steps());
        }
    }

    /// Tells an embedding page how training goes: `progress` at most 4 times a second, and
    /// `diverged` once per lane that stops.
    pub fn report(&mut self, model: &Model, perf: PagePerf, now: f64) {
        self.progress(model);
        let Some(race) = &model.race else { return };
        for lane in race.lanes() {
            if let Some(d) = lane.diverged() {
                if self.announced.insert((lane.name().to_string(), d.step)) {
                    post(&protocol::diverged(lane.name(), d.step, &d.to_string()));
                }
            }
        }
        if now - self.last_progress_ms < protocol::PROGRESS_INTERVAL_MS {
            return;
        }
        self.last_progress_ms = now;
        post(&protocol::progress(race, perf));
    }
}
