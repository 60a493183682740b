//! The page's own figures: frames per second and training steps per second over one-second
//! windows of play, the time to the first heatmap, and the status line that shows them.

use crate::format::fixed;
use crate::view::protocol::PagePerf;
use crate::web::dom;
use crate::web::model::Model;

/// Frames, steps and timing, for the status line.
#[derive(Default)]
pub struct Perf {
    pub first_map_ms: Option<f64>,
    /// The digits are the dataset; since when (ms after navigation), until their view is drawn.
    digits: bool,
    digits_asked_ms: Option<f64>,
    /// From picking the digits to their view drawn (fetch and decode included).
    digits_ms: Option<f64>,
    window_start: f64,
    frames: u32,
    steps: usize,
    fps: f64,
    steps_per_s: f64,
}

impl Perf {
    /// A fresh window as play starts: the paused time and a half-counted window would skew it.
    pub fn open_window(&mut self) {
        self.window_start = dom::now_ms();
        self.frames = 0;
        self.steps = 0;
    }

    /// At a pause: the figures of the window so far, when it is long enough to mean something.
    pub fn close_window(&mut self) {
        let elapsed = dom::now_ms() - self.window_start;
        if self.frames > 0 && elapsed >= 250.0 {
            self.fps = self.frames as f64 * 1000.0 / elapsed;
            self.steps_per_s = self.steps as f64 * 1000.0 / elapsed;
        }
        self.frames = 0;
        self.steps = 0;
    }

    /// Counts a frame that trained `steps` steps; returns whether a window just closed (and
    /// the figures changed).
    pub fn count(&mut self, steps: usize, now: f64) -> bool {
        self.frames += 1;
        self.steps += steps;
        let elapsed = now - self.window_start;
        if elapsed < 1000.0 {
            return false;
        }
        self.fps = self.frames as f64 * 1000.0 / elapsed;
        self.steps_per_s = self.steps as f64 * 1000.0 / elapsed;
        self.frames = 0;
        self.steps = 0;
        self.window_start = now;
        true
    }

    /// The race is rebuilt, on the digits or not: a switch to the digits starts their clock.
    pub fn dataset_shown(&mut self, digits: bool) {
        if digits && !self.digits {
            self.digits_asked_ms = Some(dom::now_ms());
        }
        self.digits = digits;
    }

    /// The lanes drew the digits' view at `at` (ms after navigation): the first time since
    /// they were picked, the time it took is the page's figure (`data-digits-ms`).
    pub fn digits_drawn(&mut self, at: f64, model: &Model) {
        if let Some(asked) = self.digits_asked_ms.take() {
            let ms = (at - asked).max(0.0);
            self.digits_ms = Some(ms);
            dom::set_body_attribute("data-digits-ms", &fixed(ms, 0));
            self.render(model);
        }
    }

    /// The figures as the protocol sends them.
    pub fn figures(&self) -> PagePerf {
        PagePerf {
            fps: self.fps,
            steps_per_second: self.steps_per_s,
            first_heatmap_ms: self.first_map_ms.unwrap_or(f64::NAN),
        }
    }

    /// The status line: dashes until a second of play has been measured; paused, the last
    /// figures, marked as such.
    pub fn render(&self, model: &Model) {
        let first = self
            .first_map_ms
            .map_or("–".to_string(), |t| format!("{} ms", fixed(t, 0)));
        let measured = self.fps > 0.0;
        let figure = |v: f64| {
            if measured {
                fixed(v, 0)
            } else {
                "–".to_string()
            }
        };
        let paused = if measured && !model.playing {
            format!("{} ", model.tr("perf_paused"))
        } else {
            String::new()
        };
        let text = format!(
            "{paused}{} {} · {} {} · {} {first}",
            figure(self.fps),
            model.tr("perf_fps"),
            figure(self.steps_per_s),
            model.tr("perf_steps"),
            model.tr("perf_first")
        );
        let text = match self.digits_ms {
            Some(ms) if self.digits => {
                format!("{text} · {} {} ms", model.tr("perf_digits"), fixed(ms, 0))
            }
            _ => text,
        };
        dom::set_text("perf", &crate::i18n::numerals(model.lang, &text));
    }
}
