//! The course side: messages to and from a host page that embeds the playground (see
//! [`crate::view::protocol`]) and the LMS session when the page runs as a SCORM activity.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::MessageEvent;

use crate::challenge::Score;
use crate::lms::{Suspended, Version};
use crate::view::protocol::{self, Command, PagePerf};
use crate::web::dom;
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
    // `launch: {embed: true, lock: ["network"], ...}`: each value as a link writes it.
    let launch = get("launch").filter(|v| v.is_object()).map(|launch| {
        js_sys::Object::entries(&launch.unchecked_into())
            .iter()
            .filter_map(|entry| {
                let pair: js_sys::Array = entry.dyn_into().ok()?;
                let key = pair.get(0).as_string()?;
                let value = pair.get(1);
                let text = if let Some(s) = value.as_string() {
                    s
                } else if let Some(b) = value.as_bool() {
                    b.to_string()
                } else if let Some(x) = value.as_f64() {
                    crate::format::plain(x)
                } else if js_sys::Array::is_array(&value) {
                    let items: js_sys::Array = value.unchecked_into();
                    let items: Vec<String> = items.iter().filter_map(|i| i.as_string()).collect();
                    items.join(",")
                } else {
                    String::new()
                };
                Some((key, text))
            })
            .collect()
    });
    protocol::command(
        source.as_deref(),
        version,
        kind.as_deref(),
        state.as_deref(),
        launch,
    )
    .transpose()
}

/// What the page tells its host and its LMS.
pub struct Course {
    pub scorm: Option<Scorm>,
    /// Divergences already reported to the host, as (lane, step).
    announced: Vec<(String, usize)>,
    last_progress_ms: f64,
}

impl Default for Course {
    /// Finds the LMS, if the page runs inside one.
    fn default() -> Course {
        Course {
            scorm: Scorm::find(),
            announced: Vec::new(),
            last_progress_ms: 0.0,
        }
    }
}

impl Course {
    /// What the learner's last attempt left in the LMS, if anything (or why it cannot be read).
    pub fn resumed(&self) -> Option<Result<Suspended, String>> {
        self.scorm.as_ref()?.resumed.clone()
    }

    /// Tells the LMS where the race is (it counts as completed after enough steps) and shows
    /// what the LMS refused, if anything.
    pub fn progress(&mut self, model: &Model) {
        let Some(scorm) = &mut self.scorm else { return };
        let step = model.race.as_ref().map_or(0, |r| r.steps());
        scorm.progress(step, &model.exp.link(), model.exp.view.name());
        let problems = scorm.take_problems();
        let status = format!(
            "LMS ({}): {}",
            match scorm.version {
                Version::Scorm12 => "SCORM 1.2",
                Version::Scorm2004 => "SCORM 2004",
            },
            crate::i18n::message(model.lang, scorm.status.text())
        );
        dom::set_text("lms-status", &status);
        for p in problems {
            notice(&p);
        }
    }

    /// A challenge was checked: the course's score, each challenge as an objective and the
    /// record go to the LMS at once; what it refused is shown.
    pub fn grade(
        &mut self,
        model: &Model,
        score: Score,
        objectives: &[(String, bool, bool, u32)],
        record: &str,
    ) {
        let Some(scorm) = &mut self.scorm else { return };
        let step = model.race.as_ref().map_or(0, |r| r.steps());
        let link = model.exp.link();
        scorm.grade(
            (step, &link, model.exp.view.name()),
            score,
            objectives,
            record,
        );
        self.progress(model);
    }

    /// The learner leaves the page (or hides it): the LMS session ends, once.
    pub fn finish(&mut self, model: &Model) {
        let Some(scorm) = &mut self.scorm else { return };
        let step = model.race.as_ref().map_or(0, |r| r.steps());
        scorm.finish(step, &model.exp.link(), model.exp.view.name());
        for p in scorm.take_problems() {
            notice(&p);
        }
    }

    /// Tells an embedding page how training goes: `progress` at most 4 times a second, and
    /// `diverged` once per lane that stops.
    pub fn report(&mut self, model: &Model, perf: PagePerf, now: f64) {
        self.progress(model);
        let Some(race) = &model.race else { return };
        for lane in race.lanes() {
            if let Some(d) = lane.diverged() {
                let said = (lane.name().to_string(), d.step);
                if !self.announced.contains(&said) {
                    self.announced.push(said);
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

/// A message for the learner in the banner under the toolbar, and to an embedding host.
pub fn notice(message: &str) {
    dom::show_banner(message);
    post(&protocol::error(message));
}
