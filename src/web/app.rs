//! The page's shell: it owns the [`Model`] and one value per view, applies edits to the
//! experiment and tells each view what changed, runs the animation loop within its time
//! budget, keeps the link and the saved state in step with the screen, and picks the
//! language. Events reach it through [`super::events`]; the views draw.

use std::cell::{Cell, UnsafeCell};

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::data::digits::{self, Digits};
use crate::data::DatasetKind;
use crate::i18n::{self, Lang};
use crate::lessons::Lesson;
use crate::state::{link, Launch, ViewKind};
use crate::view::protocol;
use crate::web::course::{self, Course};
use crate::web::dom;
use crate::web::fetch;
use crate::web::model::Model;
use crate::web::perf::Perf;
use crate::web::views::announce::Announcer;
use crate::web::views::challenges::Challenges;
use crate::web::views::digits::PadView;
use crate::web::views::{curves, settings};
use crate::web::views::{
    hypermap::HyperMapView, inspector::Inspector, landscape::LandscapeView, lanes::Lanes,
    share::Share,
};

/// Most milliseconds of training per animation frame, so the page stays responsive.
const FRAME_BUDGET_MS: f64 = 8.0;
/// Milliseconds of training and drawing together that still leave the browser time to paint
/// within a 60 Hz frame (16.7 ms); a frame that will redraw trains less by what its last
/// redraw of the same part cost.
const FRAME_WORK_MS: f64 = 11.0;
/// Maps redraw at most this often while playing (about 30 times a second: smooth to the eye,
/// and half the drawing cost of every frame goes back to training).
const MAP_INTERVAL_MS: f64 = 30.0;
/// Charts and the inspector redraw at most this often while playing.
const CHART_INTERVAL_MS: f64 = 250.0;
/// Where the last experiment is kept between visits.
const STORAGE_KEY: &str = "optimizer-playground-state";

/// The parts of the page a playing frame redraws, one per frame, so no frame carries all the
/// drawing (the curves and the inspector together cost two to three times the maps).
#[derive(Clone, Copy, PartialEq)]
enum Redraw {
    /// The lanes' heatmaps and the step counter, about 30 times a second.
    Maps,
    /// The loss and accuracy curves, 4 times a second.
    Curves,
    /// The network diagram and the followed weight, in the frame after the curves.
    Inspector,
}

/// The page.
pub struct App {
    pub model: Model,
    pub lanes: Lanes,
    pub inspector: Inspector,
    pub land: LandscapeView,
    pub hypermap: HyperMapView,
    pub share: Share,
    /// The digits' drawing pad.
    pub pad: PadView,
    /// A race file on the digits, opened once they have come.
    pub(crate) import_after_digits: Option<String>,
    pub(crate) course: Course,
    pub(crate) challenges: Challenges,
    /// The last dataset of the plane shown: where a failed fetch of the digits goes back to.
    pub(crate) previous_dataset: DatasetKind,
    pub(crate) perf: Perf,
    /// What the last redraw of each [`Redraw`] part cost (ms).
    draw_ms: [f64; 3],
    last_maps_ms: f64,
    last_charts_ms: f64,
    /// The curves were redrawn last frame; the inspector comes next.
    inspector_due: bool,
    /// Progress and divergence, said to a screen reader.
    announce: Announcer,
    /// The parts start-up left for the frames after it, one part a frame so no task is long:
    /// 4 the lanes' maps (drawn before the first paint of the cards), 3 the menus of lanes and
    /// the share panel, 2 the curves, 1 the inspector; then the page is ready (`data-ready`).
    rest_due: u8,
    /// When the Wasm's start began (ms after navigation).
    started_ms: f64,
}

/// The one app of the page, with a flag for a call under way. A JavaScript exception thrown
/// through a Rust frame (a panic that traps, say) skips every destructor: a `RefCell` would
/// stay borrowed and every later event would find the page dead. Here the flag is cleared by a
/// microtask queued at each outermost call, so the next event works again and the page says
/// it recovered.
struct Slot {
    app: UnsafeCell<Option<App>>,
    busy: Cell<bool>,
}

thread_local! {
    static SLOT: Slot = const { Slot { app: UnsafeCell::new(None), busy: Cell::new(false) } };
    static RECOVER: Closure<dyn FnMut()> = Closure::new(|| {
        SLOT.with(|slot| {
            if slot.busy.replace(false) {
                notice("Something went wrong inside the page and it recovered; the last action may be incomplete. Please report this.");
            }
        })
    });
}

/// Runs `f` on the page's app, if it started and is not already running (an event that the
/// app's own work fires synchronously is left alone).
pub fn with_app<R>(f: impl FnOnce(&mut App) -> R) -> Option<R> {
    SLOT.with(|slot| {
        if slot.busy.replace(true) {
            return None;
        }
        RECOVER.with(|r| {
            if let Some(w) = web_sys::window() {
                w.queue_microtask(r.as_ref().unchecked_ref());
            }
        });
        // Safety: `busy` guarantees no other reference to the app is live: calls are never
        // nested, and one that threw left no frame behind.
        let app = unsafe { &mut *slot.app.get() }.as_mut();
        let out = app.map(f);
        slot.busy.set(false);
        out
    })
}

/// Installs the page's app.
pub fn install(app: App) {
    SLOT.with(|slot| {
        if !slot.busy.get() {
            // Safety: not busy, so nothing borrows the app.
            unsafe { *slot.app.get() = Some(app) };
        }
    })
}

pub use crate::web::course::notice;

/// The launch address's part: `hash()` or `search()` of the location, empty without one.
fn location(part: fn(&web_sys::Location) -> Result<String, JsValue>) -> String {
    web_sys::window()
        .and_then(|w| part(&w.location()).ok())
        .unwrap_or_default()
}

/// Asks for an animation frame that runs [`App::frame`]; the callback is made once.
pub fn request_frame() {
    thread_local! {
        static FRAME: Closure<dyn FnMut(f64)> = Closure::new(|_t: f64| {
            if with_app(|app| app.frame()).unwrap_or(false) {
                request_frame();
            }
        });
    }
    FRAME.with(|f| {
        if let Some(w) = web_sys::window() {
            let _ = w.request_animation_frame(f.as_ref().unchecked_ref());
        }
    });
}

impl App {
    /// The page from its launch address; `None` on a page without the playground's elements.
    pub fn new() -> Option<App> {
        dom::by_id("lanes")?;
        let started = dom::now_ms();
        if let Some(body) = dom::document().body() {
            let _ = body.remove_attribute("data-ready");
        }
        // The launch address (query string and hash) says how the page is launched and may
        // carry an experiment; without one, the last experiment this browser showed.
        let address = link::read_address(
            &location(web_sys::Location::search),
            &location(web_sys::Location::hash),
        );
        let mut ignored = address.ignored;
        let course = Course::default();
        let launched = address.experiment.clone();
        let mut exp = address.experiment.unwrap_or_else(|| {
            let saved = dom::storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten());
            let (exp, lost) = link::read_experiment(&saved.unwrap_or_default());
            ignored.extend(lost);
            exp
        });
        // An LMS that kept the learner's last attempt wins: the learner resumes where they
        // left, but for what the teacher locked.
        let mut resume_step = 0;
        match course.resumed() {
            Some(Ok(resumed)) => {
                let (mut saved, lost) = link::read_experiment(&resumed.link);
                ignored.extend(lost);
                let base = launched.unwrap_or_default();
                address.launch.keep_locked(&base, &mut saved);
                exp = saved;
                resume_step = resumed.step;
            }
            Some(Err(why)) => ignored.push(format!("{why}; the page starts afresh")),
            None => {}
        }
        let mut model = Model::new(exp, address.launch);
        model.lang = chosen_language(&model.launch);
        // The challenges passed: the LMS's record where there is an LMS, else this browser's.
        let mut challenges = Challenges::default();
        let lms_record = course.scorm.as_ref().map(|s| s.record.clone());
        challenges.load(&model, lms_record.as_deref());
        fetch_catalog(model.lang);
        // The lessons come beside the page, after the first view (nothing there needs them).
        fetch_lessons(model.launch.course.as_deref());
        if model.exp.dataset == DatasetKind::Digits {
            fetch_digits();
        }
        let mut app = App {
            lanes: Lanes::new()?,
            inspector: Inspector::new()?,
            land: LandscapeView::new(&model)?,
            hypermap: HyperMapView::new()?,
            share: Share::default(),
            pad: PadView::default(),
            import_after_digits: None,
            course,
            challenges,
            previous_dataset: match model.exp.dataset {
                DatasetKind::Digits => DatasetKind::Spiral,
                plane => plane,
            },
            perf: Perf::default(),
            draw_ms: [0.0; 3],
            last_maps_ms: 0.0,
            last_charts_ms: 0.0,
            inspector_due: false,
            announce: Announcer::default(),
            rest_due: 0,
            started_ms: 0.0,
            model,
        };
        if resume_step > 0 {
            app.share.resume(&app.model, resume_step);
            request_frame();
        }
        settings::fill_menus(&app.model);
        // The first view: the lanes and their maps now; the curves, the inspector and the
        // share panel in the next frame, so start-up is two short tasks, not one long one.
        app.started_ms = started;
        // A link to the digits: their clock runs from the start, the fetch included.
        app.perf
            .dataset_shown(app.model.exp.dataset == DatasetKind::Digits);
        app.render_first();
        settings::open_lesson(&app.model);
        app.report_ignored(&ignored);
        app.write_hash();
        course::post(&protocol::ready(&app.model.exp.link(), &app.model.launch));
        Some(app)
    }

    /// A language's catalog arrived: if the page speaks it, every word anew.
    pub fn words_arrived(&mut self, lang: Lang) {
        if self.model.lang == lang {
            settings::fill_menus(&self.model);
            self.challenges.render(&self.model);
            self.render_all();
            dom::translate_banner();
        }
    }

    /// The course's lessons arrived: their cards, the one on the page unfolded.
    pub fn lessons_arrived(&mut self, lessons: Vec<Lesson>) {
        self.model.lessons = lessons;
        let graded = self.model.lessons.iter().any(|l| l.challenge.is_some());
        if let Some(scorm) = &mut self.course.scorm {
            scorm.graded = graded;
        }
        Challenges::follow(&mut self.model);
        settings::fill_lessons(&self.model);
        settings::apply(&self.model);
        self.challenges.render(&self.model);
        Challenges::reveal(&self.model);
        settings::open_lesson(&self.model);
    }

    /// The learner leaves or hides the page: the LMS session ends.
    pub fn leave(&mut self) {
        self.course.finish(&self.model);
    }

    /// Starts playing if the launch asks for it, unless the learner's system asks for reduced
    /// motion: a course's `autoplay` is the teacher's wish, not the learner's, so the page stays
    /// still and says why until the learner presses Play (a host's `play` message, sent when
    /// someone asks, still plays).
    pub fn autoplay(&mut self) {
        if !self.model.launch.autoplay || self.model.playing {
            return;
        }
        if dom::reduced_motion() {
            dom::set_hidden("motion-notice", false);
        } else {
            self.action("play", None);
        }
    }

    /// Says which parts of a link could not be used.
    pub(crate) fn report_ignored(&self, ignored: &[String]) {
        if !ignored.is_empty() {
            let lang = self.model.lang;
            let parts: Vec<String> = ignored.iter().map(|m| i18n::message(lang, m)).collect();
            notice(&i18n::fill(
                i18n::t(lang, "notice.link_parts"),
                &[&parts.join("; ")],
            ));
        }
    }

    /// Starts or pauses the animation loop.
    pub fn play(&mut self, on: bool) {
        let landscape = self.model.exp.view == ViewKind::Landscape;
        self.model.playing = on && (landscape || self.model.race.is_some());
        if self.model.playing {
            self.perf.open_window();
            request_frame();
        } else {
            self.perf.close_window();
            // Playing frames redraw one part at a time: a pause shows every part at the step
            // it stopped on.
            self.draw(true);
        }
        self.render_play();
    }

    /// Writes the link into the address bar (without a history entry per edit) and keeps the
    /// experiment for the next visit.
    pub(crate) fn write_hash(&self) {
        if let Some(store) = dom::storage() {
            let _ = store.set_item(STORAGE_KEY, &self.model.exp.link());
        }
        let Some(w) = web_sys::window() else { return };
        if let Ok(history) = w.history() {
            let hash = format!("#{}", link::hash(&self.model.exp, &self.model.launch));
            let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&hash));
        }
    }

    // ------------------------------------------------------------------ drawing

    /// The controls and the lane cards; their drawing comes in the frames after
    /// (`rest_due`).
    fn render_first(&mut self) {
        settings::render(&self.model);
        self.lanes.render(&self.model);
        self.render_play();
        settings::apply(&self.model);
        self.rest_due = 4;
        request_frame();
    }

    pub(crate) fn render_all(&mut self) {
        settings::render(&self.model);
        self.lanes.render(&self.model);
        self.render_menus();
        self.render_play();
        settings::apply(&self.model);
        self.share.render(&self.model);
        self.draw(true);
    }

    /// The menus that list the lanes or the inspected lane's hyperparameters.
    pub(crate) fn render_menus(&self) {
        self.inspector.render(&self.model);
        self.land.render(&self.model);
        self.hypermap.render(&self.model);
    }

    pub(crate) fn render_play(&self) {
        if let Some(play) = dom::by_id("play") {
            play.set_text_content(Some(self.model.tr(if self.model.playing {
                "pause"
            } else {
                "play"
            })));
            let _ = play.set_attribute("aria-pressed", &self.model.playing.to_string());
        }
        if self.model.playing {
            dom::set_hidden("motion-notice", true);
        }
        self.perf.render(&self.model);
    }

    /// Redraws the maps and the figures and, with `all`, the curves and the inspector.
    pub fn draw(&mut self, all: bool) {
        self.course.progress(&self.model);
        if self.model.exp.view == ViewKind::Landscape {
            self.land.draw(&self.model);
            self.hypermap.draw();
            return;
        }
        self.last_maps_ms = dom::now_ms();
        self.draw_maps();
        if all {
            self.last_charts_ms = dom::now_ms();
            self.draw_curves();
            self.inspector.draw(&mut self.model);
        }
    }

    /// The curves, and the tables of them and of the lanes' points a learner opened.
    pub(crate) fn draw_curves(&mut self) {
        curves::draw(&self.model);
        self.lanes.fill_tables(&mut self.model);
        // The lanes' guesses of the drawn digit follow the training at the curves' pace (a
        // stroke or a key redraws them at once).
        self.pad.draw(&mut self.model);
    }

    pub(crate) fn draw_maps(&mut self) {
        self.lanes.draw(&mut self.model);
        if let Some(at) = self.lanes.digits_drawn_ms.take() {
            self.perf.digits_drawn(at, &self.model);
        }
        if self.perf.first_map_ms.is_none() && self.lanes.first_map_ms.is_some() {
            self.perf.first_map_ms = self.lanes.first_map_ms;
            self.perf.render(&self.model);
        }
        let (step, epoch) = self.model.step_and_epoch();
        let counter = format!(
            "{} {step} · {} {epoch}",
            self.model.tr("counter_step"),
            self.model.tr("counter_epoch")
        );
        dom::set_text("counter", &i18n::numerals(self.model.lang, &counter));
        self.announce.hear(&self.model, dom::now_ms());
    }

    // ------------------------------------------------------------------ the loop

    /// One animation frame: a replay, a hyperparameter map, or training within the budget;
    /// then at most one part redrawn. Returns whether to go on.
    fn frame(&mut self) -> bool {
        // Start-up's later parts, one a frame; then the folded schedule charts, one a frame.
        let mut later = true;
        match self.rest_due {
            4 => {
                self.draw(false);
                // The page's own figure: from the Wasm's start to every lane drawn (a long link
                // is read whole and its race built once).
                dom::set_body_attribute(
                    "data-startup-ms",
                    &crate::format::fixed(dom::now_ms() - self.started_ms, 0),
                );
            }
            3 => {
                self.render_menus();
                self.share.render(&self.model);
            }
            2 if self.model.exp.view == ViewKind::Landscape => self.draw(true),
            2 => {
                self.course.progress(&self.model);
                self.last_charts_ms = dom::now_ms();
                self.draw_curves();
            }
            1 if self.model.exp.view == ViewKind::Landscape => {}
            1 => self.inspector.draw(&mut self.model),
            _ => later = self.lanes.draw_due_schedule(&self.model),
        }
        if self.rest_due == 1 {
            dom::set_body_attribute("data-ready", "");
        }
        self.rest_due = self.rest_due.saturating_sub(1);
        let later = later || self.rest_due > 0;
        if self.challenges.checking() {
            if let Some((id, verdict)) = self.challenges.work(&self.model, FRAME_BUDGET_MS) {
                self.checked(&id, &verdict);
            }
            return true;
        }
        if self.share.replaying() {
            let (more, message) = self.share.work(&mut self.model, FRAME_BUDGET_MS);
            if let Some(m) = message {
                notice(&m);
            }
            self.draw(!more);
            return more || later;
        }
        let mapping = self.hypermap.work(FRAME_BUDGET_MS);
        if !self.model.playing {
            return mapping || later;
        }
        if self.model.exp.view == ViewKind::Landscape {
            // About one step per frame at the default speed: paths grow at a watchable pace.
            if !self
                .land
                .step(&self.model, (self.model.exp.speed / 10).max(1))
            {
                self.model.playing = false;
                self.render_play();
            }
            self.land.draw(&self.model);
            self.hypermap.draw();
            return self.model.playing || mapping || later;
        }
        let start = dom::now_ms();
        let part = if self.inspector_due {
            Some(Redraw::Inspector)
        } else if start - self.last_charts_ms >= CHART_INTERVAL_MS {
            Some(Redraw::Curves)
        } else if start - self.last_maps_ms >= MAP_INTERVAL_MS {
            Some(Redraw::Maps)
        } else {
            None
        };
        let reserve = part.map_or(0.0, |p| self.draw_ms[p as usize]);
        let budget = (FRAME_WORK_MS - reserve).clamp(1.0, FRAME_BUDGET_MS);
        let mut steps = 0;
        if let Some(race) = &mut self.model.race {
            for _ in 0..self.model.exp.speed {
                race.step();
                steps += 1;
                if dom::now_ms() - start > budget {
                    break;
                }
            }
            if race.lanes().iter().all(|l| l.diverged().is_some()) {
                self.model.playing = false;
                self.render_play();
            }
        }
        let mut now = dom::now_ms();
        self.course.report(&self.model, self.perf.figures(), now);
        if let Some(part) = part {
            match part {
                Redraw::Maps => self.draw(false),
                Redraw::Curves => {
                    self.last_charts_ms = now;
                    self.draw_curves();
                    self.inspector_due = true;
                }
                Redraw::Inspector => {
                    self.inspector.draw(&mut self.model);
                    self.inspector_due = false;
                }
            }
            let drawn = dom::now_ms();
            self.draw_ms[part as usize] = drawn - now;
            now = drawn;
        }
        if self.perf.count(steps, now) {
            self.perf.render(&self.model);
        }
        self.model.playing || mapping || later
    }
}

/// Fetches `lang`'s catalog (beside the page: `i18n/ru.json`) unless it is in already; once
/// it arrives every word of the page is written anew in it. Until then, and if it cannot be
/// had, the page speaks English and says so.
pub fn fetch_catalog(lang: Lang) {
    if i18n::ready(lang) {
        return;
    }
    let failed = move |why: String| {
        notice(&format!(
            "The {} words could not be loaded (i18n/{}.json: {why}); the page stays in English.",
            lang.native_name(),
            lang.code()
        ));
    };
    fetch::text(
        &format!("i18n/{}.json", lang.code()),
        move |text| match i18n::Catalog::parse(&text) {
            Ok(catalog) => {
                i18n::install(lang, catalog);
                with_app(|app| app.words_arrived(lang));
            }
            Err(why) => failed(why),
        },
        failed,
    );
}

/// Fetches the handwritten digits beside the page (`data/digits.bin`), once at a time; they are
/// installed and the race starts, or the page says why not and goes back.
pub fn fetch_digits() {
    thread_local! {
        static LOADING: Cell<bool> = const { Cell::new(false) };
    }
    if LOADING.with(|l| l.replace(true)) {
        return;
    }
    let failed = |why: String| {
        LOADING.with(|l| l.set(false));
        with_app(|app| app.digits_failed(&why));
    };
    fetch::bytes(
        "data/digits.bin",
        move |bytes| {
            LOADING.with(|l| l.set(false));
            match Digits::decode(&bytes) {
                Ok(d) => {
                    digits::install(d);
                    with_app(|app| app.digits_arrived());
                }
                Err(why) => {
                    with_app(|app| app.digits_failed(&why));
                }
            }
        },
        failed,
    );
}

/// Fetches a course's lessons (`None`: the built-in course) and shows them when all have
/// come; a file missing or damaged is named in a notice, and the rest show.
pub fn fetch_lessons(course: Option<&str>) {
    fetch::lessons(course, |lessons, refused| {
        match (lessons.is_empty(), refused.as_slice()) {
            (_, []) => {}
            (true, [why]) => notice(&format!("The lessons could not be loaded ({why}).")),
            _ => notice(&format!(
                "Some lessons could not be loaded (the others are shown): {}.",
                refused.join("; ")
            )),
        }
        with_app(|app| app.lessons_arrived(lessons));
    });
}

/// The launch's `lang`, else the browser's first language the page speaks, else English.
pub(crate) fn chosen_language(launch: &Launch) -> Lang {
    if let Some(lang) = launch.lang.as_deref().and_then(Lang::from_code) {
        return lang;
    }
    let languages: Vec<String> = web_sys::window()
        .map(|w| {
            w.navigator()
                .languages()
                .iter()
                .filter_map(|l| l.as_string())
                .collect()
        })
        .unwrap_or_default();
    Lang::from_browser(languages.iter().map(String::as_str))
}
