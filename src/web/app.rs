//! The playground page: one `App` holding the [`Playground`] state and the [`Race`] built
//! from it, event delegation on the document for every control, and an animation loop that
//! trains within a time budget per frame and redraws.
//!
//! Everything the page shows is computed by the core (`playground`, `race`, `view`); this
//! module wires events to [`Playground::apply`] and paints.

use std::cell::RefCell;

use wasm_bindgen::prelude::*;
use wasm_bindgen::{Clamped, JsCast};
use web_sys::{
    Element, Event, HtmlCanvasElement, HtmlElement, ImageData, KeyboardEvent, PointerEvent,
};

use crate::data::{DatasetKind, BOX};
use crate::i18n::{self, Lang};
use crate::landscape::{Axis, HyperMap, Landscape, Walker};
use crate::lessons::LESSONS;
use crate::nn::{Activation, Init};
use crate::playground::{Change, LossChoice, Playground, ViewKind};
use crate::race::{Lane, Race};
use crate::rng::Rng;
use crate::surface::{SurfaceKind, TestFunction, View};
use crate::view::format::{figure, percent};
use crate::view::heatmap::{grid_inputs, pixels, ViewBox};
use crate::view::network::Diagram;
use crate::view::{controls, export, palette, protocol, rule};
use crate::web::chart::{self, Line, LineChart};
use crate::web::dom;
use crate::web::heatmap::{context, draw_map, MapView};
use crate::web::landscape::{draw_hypermap, draw_landscape, ContourCache, Frame};

/// Cells per side of a lane's decision-boundary heatmap.
const MAP_CELLS: usize = 50;
/// Cells per side of a neuron's tile in the network diagram.
const TILE_CELLS: usize = 14;
/// Most milliseconds of training per animation frame, so the page stays responsive.
const FRAME_BUDGET_MS: f64 = 8.0;
/// Milliseconds of training and drawing together that still leave the browser time to paint
/// within a 60 Hz frame (16.7 ms); a frame that will redraw trains less by what its last
/// redraw of the same kind cost.
const FRAME_WORK_MS: f64 = 11.0;
/// Maps redraw at most this often while playing (about 30 times a second: smooth to the eye,
/// and half the drawing cost of every frame goes back to training).
const MAP_INTERVAL_MS: f64 = 30.0;
/// Charts and the inspector redraw at most this often while playing.
const CHART_INTERVAL_MS: f64 = 250.0;
/// Most points a curve is drawn with.
const CURVE_POINTS: usize = 600;
/// A touch held this long erases instead of adding.
const LONG_PRESS_MS: f64 = 500.0;

thread_local! {
    static APP: RefCell<Option<App>> = const { RefCell::new(None) };
}

/// Runs `f` on the page's app, if it started.
fn with_app<R>(f: impl FnOnce(&mut App) -> R) -> Option<R> {
    APP.with(|cell| cell.try_borrow_mut().ok()?.as_mut().map(f))
}

/// Frames, steps and timing, for the status line.
#[derive(Default)]
struct Perf {
    first_map_ms: Option<f64>,
    window_start: f64,
    frames: u32,
    steps: usize,
    fps: f64,
    steps_per_s: f64,
    /// What the last redraw of each [`Redraw`] part cost (ms).
    draw_ms: [f64; 3],
}

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

struct App {
    state: Playground,
    /// `None` while there are no training points (the learner cleared them to draw).
    race: Option<Race>,
    playing: bool,
    view: ViewBox,
    grid: Vec<f64>,
    probs: Vec<f64>,
    rgba: Vec<u8>,
    tile_grid: Vec<f64>,
    neuron_values: Vec<f64>,
    scratch: HtmlCanvasElement,
    last_charts_ms: f64,
    /// The curves were redrawn last frame; the inspector comes next.
    inspector_due: bool,
    last_maps_ms: f64,
    perf: Perf,
    followed: Option<usize>,
    pointer_down: Option<f64>,
    land: Landscape,
    walkers: Vec<Walker>,
    /// The contour map's view after panning and zooming; `None` is the surface's own.
    zoom: Option<View>,
    contour: ContourCache,
    /// A press on the contour map: where (pixels) and the view then, for panning.
    drag: Option<(f64, f64, View, bool)>,
    map: Option<HyperMap>,
    map_started_ms: f64,
    last_land_ms: f64,
    last_progress_ms: f64,
    /// The LMS, when the page runs as a SCORM activity.
    scorm: Option<crate::web::scorm::Scorm>,
    /// The language the page is shown in.
    lang: Lang,
    /// Divergences already reported to the host, as (lane, step).
    announced: std::collections::HashSet<(String, usize)>,
    /// An imported race being replayed to its saved steps.
    replay: Option<export::Replay>,
}

/// Starts the playground on a page that has its elements (`#lanes`).
pub fn start() -> Result<(), JsValue> {
    if dom::by_id("lanes").is_none() {
        return Ok(());
    }
    let scratch: HtmlCanvasElement = dom::document().create_element("canvas")?.dyn_into()?;
    let view = ViewBox {
        min: -BOX,
        max: BOX,
    };
    let mut grid = Vec::new();
    grid_inputs(view, MAP_CELLS, &mut grid);
    let mut tile_grid = Vec::new();
    grid_inputs(view, TILE_CELLS, &mut tile_grid);
    // A link wins; without one, the last state this browser showed (a reload loses nothing).
    let hash = location_hash();
    let saved = if hash.trim_start_matches('#').is_empty() {
        load_saved().unwrap_or_default()
    } else {
        hash
    };
    let (state, ignored) = Playground::from_hash(&saved);
    let race = state.race().ok();
    let land = state.landscape();
    let mut app = App {
        state,
        race,
        playing: false,
        view,
        grid,
        probs: Vec::new(),
        rgba: Vec::new(),
        tile_grid,
        neuron_values: Vec::new(),
        scratch,
        last_charts_ms: 0.0,
        inspector_due: false,
        last_maps_ms: 0.0,
        perf: Perf::default(),
        followed: None,
        pointer_down: None,
        land,
        walkers: Vec::new(),
        zoom: None,
        contour: ContourCache::default(),
        drag: None,
        map: None,
        map_started_ms: 0.0,
        last_land_ms: 0.0,
        last_progress_ms: 0.0,
        announced: Default::default(),
        replay: None,
        scorm: crate::web::scorm::Scorm::find(),
        lang: Lang::En,
    };
    app.lang = app.chosen_language();
    app.rebuild_walkers();
    app.fill_menus();
    app.render_all();
    app.open_lesson();
    report_ignored(app.lang, &ignored);
    app.write_hash();
    let autoplay = app.state.autoplay;
    APP.with(|cell| *cell.borrow_mut() = Some(app));
    // The listeners find the app through `APP`, so a second start needs no second set.
    thread_local! {
        static LISTENING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }
    if !LISTENING.with(|l| l.replace(true)) {
        listen()?;
    }
    with_app(|app| {
        post_to_host(&protocol::ready(&app.state.to_hash()));
        if autoplay && !app.playing {
            app.action("play", None);
        }
    });
    Ok(())
}

fn listen() -> Result<(), JsValue> {
    let document = dom::document();
    let on = |kind: &str, f: Box<dyn FnMut(Event)>| -> Result<(), JsValue> {
        let closure = Closure::wrap(f);
        document.add_event_listener_with_callback(kind, closure.as_ref().unchecked_ref())?;
        // The listeners live as long as the page.
        closure.forget();
        Ok(())
    };
    on("change", Box::new(|e| on_change(&e)))?;
    on("input", Box::new(|e| on_input(&e)))?;
    on("click", Box::new(|e| on_click(&e)))?;
    on("pointermove", Box::new(|e| on_pointer_move(&e)))?;
    if let Some(w) = web_sys::window() {
        let closure = Closure::wrap(Box::new(|e: Event| on_message(&e)) as Box<dyn FnMut(Event)>);
        w.add_event_listener_with_callback("message", closure.as_ref().unchecked_ref())?;
        closure.forget();
        let closure = Closure::wrap(Box::new(|_e: Event| {
            with_app(|app| app.load_hash());
        }) as Box<dyn FnMut(Event)>);
        w.add_event_listener_with_callback("hashchange", closure.as_ref().unchecked_ref())?;
        closure.forget();
    }
    on("keydown", Box::new(|e| on_key(&e)))?;
    on("pointerdown", Box::new(|e| on_pointer(&e, true)))?;
    on("pointerup", Box::new(|e| on_pointer(&e, false)))?;
    // A touch that turns into a scroll is not a tap on the map.
    on(
        "pointercancel",
        Box::new(|_| {
            with_app(|app| app.pointer_down = None);
        }),
    )?;
    on(
        "contextmenu",
        Box::new(|e| {
            // Right-click on a map erases; keep the browser menu away from it.
            if target(&e).is_some_and(|t| t.class_list().contains("heatmap")) {
                e.prevent_default();
            }
        }),
    )?;
    Ok(())
}

fn target(e: &Event) -> Option<Element> {
    e.target()?.dyn_into::<Element>().ok()
}

fn on_change(e: &Event) {
    let Some(el) = target(e) else { return };
    match el.id().as_str() {
        "import-config" => return read_file(&el, App::import_config),
        "import-points" => return read_file(&el, App::import_points),
        id if id.starts_with("share-") => {
            with_app(|app| app.render_share());
            return;
        }
        _ => {}
    }
    if el.id() == "noise-kind" || el.id() == "noise-amount" {
        with_app(|app| app.edit_noise(&el));
        return;
    }
    let Some(field) = el.get_attribute("data-field") else {
        return;
    };
    let Some(value) = dom::control_value(&el) else {
        return;
    };
    with_app(|app| app.edit(&el, &field, &value));
}

fn on_input(e: &Event) {
    let Some(el) = target(e) else { return };
    if el.id() == "scale-slider" {
        if let Some(v) = dom::control_value(&el).and_then(|v| v.parse::<f64>().ok()) {
            // Three significant digits: readable in the field and in links.
            let scale = 10f64.powf(v);
            let digits = (2 - scale.log10().floor() as i32).max(0) as usize;
            let text = format!("{scale:.digits$}");
            with_app(|app| {
                app.edit(&el, "scale", &text);
                dom::set_value("scale", &text);
            });
        }
        return;
    }
    if el.get_attribute("data-field").as_deref() == Some("speed") {
        if let Some(value) = dom::control_value(&el) {
            with_app(|app| app.edit(&el, "speed", &value));
        }
    }
}

fn on_click(e: &Event) {
    let Some(el) = target(e) else { return };
    if el.id() == "hypermap" {
        if let Some(me) = e.dyn_ref::<web_sys::MouseEvent>() {
            let (x, y) = canvas_point(&el, me.client_x() as f64, me.client_y() as f64);
            with_app(|app| app.pick_cell(&el, x, y));
        }
        return;
    }
    if el.id() == "network" {
        if let Some(me) = e.dyn_ref::<web_sys::MouseEvent>() {
            let (x, y) = canvas_point(&el, me.client_x() as f64, me.client_y() as f64);
            with_app(|app| app.pick_weight(x, y));
        }
        return;
    }
    let Ok(Some(button)) = el.closest("[data-action]") else {
        return;
    };
    let action = button.get_attribute("data-action").unwrap_or_default();
    let lane = button
        .get_attribute("data-lane")
        .and_then(|l| l.parse::<usize>().ok());
    with_app(|app| app.action(&action, lane));
}

fn on_key(e: &Event) {
    let Some(key) = e.dyn_ref::<KeyboardEvent>() else {
        return;
    };
    if key.ctrl_key() || key.meta_key() || key.alt_key() {
        return;
    }
    // Keys typed into a field belong to the field.
    let in_control = target(e).is_some_and(|t| {
        matches!(
            t.tag_name().as_str(),
            "INPUT" | "SELECT" | "TEXTAREA" | "BUTTON" | "SUMMARY"
        )
    });
    if in_control {
        return;
    }
    match key.key().as_str() {
        " " => {
            e.prevent_default();
            with_app(|app| app.action("play", None));
        }
        "ArrowRight" => {
            e.prevent_default();
            with_app(|app| app.action("step", None));
        }
        "Escape" => {
            with_app(|app| app.cancel_replay());
        }
        _ => {}
    }
}

fn on_pointer_move(e: &Event) {
    let Some(el) = target(e) else { return };
    if el.id() != "landscape" {
        return;
    }
    if let Some(p) = e.dyn_ref::<PointerEvent>() {
        let (x, y) = canvas_point(&el, p.client_x() as f64, p.client_y() as f64);
        with_app(|app| app.pan(&el, x, y));
    }
}

fn on_pointer(e: &Event, down: bool) {
    let Some(el) = target(e) else { return };
    if el.id() == "landscape" {
        if let Some(p) = e.dyn_ref::<PointerEvent>() {
            let (x, y) = canvas_point(&el, p.client_x() as f64, p.client_y() as f64);
            with_app(|app| app.press_landscape(&el, x, y, down));
        }
        return;
    }
    if !el.class_list().contains("heatmap") {
        return;
    }
    let Some(p) = e.dyn_ref::<PointerEvent>() else {
        return;
    };
    if down {
        with_app(|app| app.pointer_down = Some(dom::now_ms()));
        return;
    }
    let (x, y) = canvas_point(&el, p.client_x() as f64, p.client_y() as f64);
    let erase = p.shift_key() || p.button() == 2;
    with_app(|app| {
        let held = app.pointer_down.take().map_or(0.0, |t| dom::now_ms() - t);
        app.draw_point(&el, x, y, erase || held >= LONG_PRESS_MS);
    });
}

/// A client position as canvas pixel coordinates (the canvas may be scaled by CSS).
fn canvas_point(el: &Element, client_x: f64, client_y: f64) -> (f64, f64) {
    let rect = el.get_bounding_client_rect();
    let (w, h) = el
        .dyn_ref::<HtmlCanvasElement>()
        .map_or((rect.width(), rect.height()), |c| {
            (c.width() as f64, c.height() as f64)
        });
    (
        (client_x - rect.left()) * w / rect.width().max(1.0),
        (client_y - rect.top()) * h / rect.height().max(1.0),
    )
}

/// The page's URL hash, `#` included (empty when there is none).
fn location_hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// Says which parts of a link could not be used.
fn report_ignored(lang: Lang, ignored: &[String]) {
    if !ignored.is_empty() {
        let parts: Vec<String> = ignored.iter().map(|m| i18n::message(lang, m)).collect();
        notice(&i18n::fill(
            i18n::t(lang, "notice.link_parts"),
            &[&parts.join("; ")],
        ));
    }
}

/// A message for the learner in the banner under the toolbar (and to an embedding host).
fn notice(message: &str) {
    dom::show_banner(message);
    post_to_host(&protocol::error(message));
}

/// Where the last state is kept between visits.
const STORAGE_KEY: &str = "optimizer-playground-state";

fn storage() -> Option<web_sys::Storage> {
    // Storage may be refused (private mode, sandboxed iframe): the page works without it.
    web_sys::window()?.local_storage().ok().flatten()
}

fn load_saved() -> Option<String> {
    storage()?.get_item(STORAGE_KEY).ok().flatten()
}

/// Posts a protocol message (JSON text) to the embedding page, if there is one.
fn post_to_host(json: &str) {
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

/// A command from the embedding page.
fn on_message(e: &Event) {
    let Some(m) = e.dyn_ref::<web_sys::MessageEvent>() else {
        return;
    };
    let data = m.data();
    let get = |key: &str| js_sys::Reflect::get(&data, &JsValue::from_str(key)).ok();
    let text = |key: &str| get(key).and_then(|v| v.as_string());
    let source = text("source");
    let kind = text("type");
    let state = text("state");
    let version = get("version").and_then(|v| v.as_f64());
    match protocol::command(
        source.as_deref(),
        version,
        kind.as_deref(),
        state.as_deref(),
    ) {
        Ok(None) => {}
        Ok(Some(command)) => {
            with_app(|app| app.obey(command));
        }
        Err(why) => post_to_host(&protocol::error(&why)),
    }
}

/// The animation-frame callback, made once and reused.
type FrameCallback = Closure<dyn FnMut(f64)>;

fn request_frame() {
    thread_local! {
        static FRAME: RefCell<Option<FrameCallback>> = const { RefCell::new(None) };
    }
    FRAME.with(|cell| {
        let mut slot = cell.borrow_mut();
        let closure = slot.get_or_insert_with(|| {
            Closure::wrap(Box::new(|_t: f64| {
                let again = with_app(|app| app.frame()).unwrap_or(false);
                if again {
                    request_frame();
                }
            }) as Box<dyn FnMut(f64)>)
        });
        if let Some(w) = web_sys::window() {
            let _ = w.request_animation_frame(closure.as_ref().unchecked_ref());
        }
    });
}

impl App {
    // ------------------------------------------------------------------ editing

    fn edit(&mut self, el: &Element, field: &str, value: &str) {
        match self.state.apply(field, value) {
            Ok(change) => {
                dom::field_message(el, None);
                self.changed(change);
            }
            Err(message) => dom::field_message(el, Some(&i18n::message(self.lang, &message))),
        }
    }

    fn changed(&mut self, change: Change) {
        self.changed_inner(change);
        self.write_hash();
        self.render_share();
    }

    fn changed_inner(&mut self, change: Change) {
        self.cancel_replay();
        match change {
            Change::Landscape => {
                self.zoom = None;
                self.rebuild_walkers();
                self.render_all();
            }
            Change::Race => {
                self.rebuild();
                self.rebuild_walkers();
                self.render_all();
            }
            Change::Lane(i) => {
                self.restart_lane(i);
                // Walkers restart together, so their paths compare step for step.
                self.rebuild_walkers();
                self.render_lane(i);
                self.render_inspect_options();
                self.draw(true);
            }
            Change::LaneName(i) => {
                if let Some(race) = &mut self.race {
                    race.rename_lane(i, &self.state.lanes[i].name);
                }
                self.render_inspect_options();
                self.draw(true);
            }
            Change::View => {
                let before = self.lang;
                self.lang = self.chosen_language();
                if before != self.lang {
                    self.fill_menus();
                    self.render_all();
                }
                self.apply_view();
                self.render_inspect_options();
                dom::set_text(
                    "speed-out",
                    &format!("{} {}", self.state.speed, self.tr("steps_per_frame")),
                );
                self.followed = self.followed.filter(|_| self.race.is_some());
                self.draw(true);
            }
        }
    }

    /// A new race from the state (step 0, same seed); the followed weight is dropped.
    fn rebuild(&mut self) {
        self.followed = None;
        match self.state.race() {
            Ok(race) => {
                self.race = Some(race);
                dom::set_hidden("error-banner", true);
            }
            Err(e) => {
                self.race = None;
                self.playing = false;
                notice(&e.to_string());
            }
        }
    }

    /// Lane `i` from the initial weights again, caught up to the others' step so curves compare.
    fn restart_lane(&mut self, i: usize) {
        let Some(race) = &mut self.race else { return };
        let steps = race.steps();
        if let Err(e) = race.replace_lane(i, self.state.lanes[i].clone()) {
            notice(&e.to_string());
            return;
        }
        if i == self.state.inspect_lane {
            race.lane_mut(i).follow(self.followed);
        }
        race.step_to(steps);
    }

    fn action(&mut self, action: &str, lane: Option<usize>) {
        let before = self.state.clone();
        self.act(action, lane);
        // Every edit is in the link and the saved state at once: a reload or a copied link
        // shows what is on screen, never the state one edit ago.
        if self.state != before {
            self.write_hash();
            self.render_share();
        }
    }

    fn act(&mut self, action: &str, lane: Option<usize>) {
        // An edit during a replay ends it: the replay's lanes are about to change.
        self.cancel_replay();
        let landscape = self.state.view == ViewKind::Landscape;
        match action {
            "step" | "epoch" if landscape => {
                self.playing = false;
                self.step_walkers(if action == "step" { 1 } else { 50 });
                self.render_play();
                self.draw(true);
            }
            "reset" if landscape => {
                self.rebuild_walkers();
                self.draw(true);
            }
            "zoom-in" => self.zoom_by(0.5),
            "zoom-out" => self.zoom_by(2.0),
            "zoom-reset" => {
                self.zoom = None;
                self.draw_land();
            }
            "map-run" => self.start_map(),
            "export-metrics" | "export-config" | "export-data" | "export-chart" | "export-png" => {
                self.export(action)
            }
            "play" => {
                self.playing = !self.playing && (landscape || self.race.is_some());
                if self.playing {
                    // A fresh window: the paused time and a half-counted window would skew it.
                    self.perf.window_start = dom::now_ms();
                    self.perf.frames = 0;
                    self.perf.steps = 0;
                    request_frame();
                } else {
                    self.close_perf_window();
                    // Playing frames redraw one part at a time: a pause shows every part at
                    // the step it stopped on.
                    self.draw(true);
                }
                self.render_play();
            }
            "step" => {
                self.playing = false;
                if let Some(race) = &mut self.race {
                    race.step();
                }
                self.render_play();
                self.draw(true);
            }
            "epoch" => {
                self.playing = false;
                if let Some(race) = &mut self.race {
                    let target = race.steps() + race.steps_per_epoch();
                    race.step_to(target);
                }
                self.render_play();
                self.draw(true);
            }
            "reset" => {
                if let Some(race) = &mut self.race {
                    race.reset();
                }
                self.draw(true);
            }
            "new-seed" | "regenerate" => {
                self.state.seed = Rng::fresh_seed() % (1 << 32);
                self.state.custom = None;
                self.rebuild();
                self.rebuild_walkers();
                self.render_all();
                self.write_hash();
            }
            "full-batch" => {
                let n = self.state.datasets().0.len().max(1);
                let _ = self.state.apply("batch_size", &n.to_string());
                self.rebuild();
                self.render_all();
            }
            "clear-points" => {
                self.state.clear_points();
                self.rebuild();
                self.render_all();
                notice(self.tr("notice.cleared"));
            }
            "add-layer" | "remove-layer" => {
                let result = if action == "add-layer" {
                    self.state.add_layer()
                } else {
                    self.state.remove_layer()
                };
                match result {
                    Ok(()) => {
                        self.rebuild();
                        self.render_all();
                    }
                    Err(e) => notice(&e),
                }
            }
            "add-lane" | "lane-duplicate" => {
                let copy = if action == "lane-duplicate" {
                    lane
                } else {
                    None
                };
                match self.state.add_lane(copy) {
                    Ok(i) => {
                        if let Some(race) = &mut self.race {
                            let steps = race.steps();
                            if let Err(e) = race.add_lane(self.state.lanes[i].clone()) {
                                notice(&e.to_string());
                            }
                            race.step_to(steps);
                        }
                        self.render_lanes();
                        self.render_inspect_options();
                        self.draw(true);
                    }
                    Err(e) => notice(&e),
                }
            }
            "lane-remove" => {
                let Some(i) = lane else { return };
                match self.state.remove_lane(i) {
                    Ok(()) => {
                        if let Some(race) = &mut self.race {
                            race.remove_lane(i);
                        }
                        self.followed = None;
                        self.render_lanes();
                        self.render_inspect_options();
                        self.draw(true);
                    }
                    Err(e) => notice(&e),
                }
            }
            _ => {}
        }
    }

    fn draw_point(&mut self, canvas: &Element, px: f64, py: f64, erase: bool) {
        let Some(c) = canvas.dyn_ref::<HtmlCanvasElement>() else {
            return;
        };
        let (w, h) = (c.width() as f64, c.height() as f64);
        let point = [
            self.view.from_pixel(px, w, false),
            self.view.from_pixel(py, h, true),
        ];
        if erase {
            if !self
                .state
                .erase_point(point, 0.04 * (self.view.max - self.view.min))
            {
                return;
            }
        } else {
            self.state.add_point(point);
        }
        let was_playing = self.playing;
        self.rebuild();
        if self.race.is_some() {
            dom::set_hidden("error-banner", true);
        }
        self.playing = was_playing && self.race.is_some();
        self.render_play();
        self.draw(true);
        self.write_hash();
        self.render_share();
    }

    fn pick_weight(&mut self, x: f64, y: f64) {
        let Some(race) = &mut self.race else { return };
        let i = self
            .state
            .inspect_lane
            .min(race.lanes().len().saturating_sub(1));
        let canvas = dom::canvas("network");
        let (w, h) = canvas.map_or((560.0, 300.0), |c| (c.width() as f64, c.height() as f64));
        let diagram = Diagram::new(&self.state.network(), w, h);
        if let Some(edge) = diagram.edge_at(x, y, 8.0) {
            self.followed = Some(edge.index);
            race.lane_mut(i).follow(self.followed);
            self.draw(true);
        }
    }

    // ------------------------------------------------------------------ the loop

    /// One animation frame: train within the budget, redraw. Returns whether to go on.
    /// Tells an embedding page how training goes: `progress` at most 4 times a second, and
    /// `diverged` once per lane that stops.
    fn report(&mut self, now: f64) {
        let Some(race) = &self.race else { return };
        if let Some(scorm) = &mut self.scorm {
            scorm.progress(race.steps());
        }
        for lane in race.lanes() {
            if let Some(d) = lane.diverged() {
                if self.announced.insert((lane.name().to_string(), d.step)) {
                    post_to_host(&protocol::diverged(lane.name(), d.step, &d.to_string()));
                }
            }
        }
        if now - self.last_progress_ms < protocol::PROGRESS_INTERVAL_MS {
            return;
        }
        self.last_progress_ms = now;
        let perf = protocol::PagePerf {
            fps: self.perf.fps,
            steps_per_second: self.perf.steps_per_s,
            first_heatmap_ms: self.perf.first_map_ms.unwrap_or(f64::NAN),
        };
        post_to_host(&protocol::progress(race, perf));
    }

    fn frame(&mut self) -> bool {
        if self.replay.is_some() {
            return self.work_on_replay(FRAME_BUDGET_MS);
        }
        let mapping = self.work_on_map(FRAME_BUDGET_MS);
        if !self.playing {
            return mapping;
        }
        if self.state.view == ViewKind::Landscape {
            // About one step per frame at the default speed: paths grow at a watchable pace.
            let moved = self.step_walkers((self.state.speed / 10).max(1));
            if !moved {
                self.playing = false;
                self.render_play();
            }
            self.draw_land();
            return self.playing || mapping;
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
        let reserve = part.map_or(0.0, |p| self.perf.draw_ms[p as usize]);
        let budget = (FRAME_WORK_MS - reserve).clamp(1.0, FRAME_BUDGET_MS);
        let mut steps = 0;
        if let Some(race) = &mut self.race {
            for _ in 0..self.state.speed {
                race.step();
                steps += 1;
                if dom::now_ms() - start > budget {
                    break;
                }
            }
            if race.lanes().iter().all(|l| l.diverged().is_some()) {
                self.playing = false;
                self.render_play();
            }
        }
        let mut now = dom::now_ms();
        self.report(now);
        if let Some(part) = part {
            match part {
                Redraw::Maps => self.draw(false),
                Redraw::Curves => {
                    self.last_charts_ms = now;
                    self.draw_charts();
                    self.inspector_due = true;
                }
                Redraw::Inspector => {
                    self.draw_inspector();
                    self.inspector_due = false;
                }
            }
            let drawn = dom::now_ms();
            self.perf.draw_ms[part as usize] = drawn - now;
            now = drawn;
        }
        self.perf.frames += 1;
        self.perf.steps += steps;
        let elapsed = now - self.perf.window_start;
        if elapsed >= 1000.0 {
            self.perf.fps = self.perf.frames as f64 * 1000.0 / elapsed;
            self.perf.steps_per_s = self.perf.steps as f64 * 1000.0 / elapsed;
            self.perf.frames = 0;
            self.perf.steps = 0;
            self.perf.window_start = now;
            self.render_perf();
        }
        self.playing || mapping
    }

    // ------------------------------------------------------------------ rendering

    fn fill_menus(&self) {
        self.fill_menu(
            "surface",
            SurfaceKind::ALL.iter().map(|k| (k.name(), k.label())),
        );
        dom::set_html("lessons", &controls::lesson_cards(LESSONS));
        self.fill_menu(
            "dataset",
            DatasetKind::ALL.iter().map(|k| (k.name(), k.label())),
        );
        self.fill_menu(
            "activation",
            Activation::ALL.iter().map(|a| (a.name(), a.label())),
        );
        self.fill_menu("init", Init::ALL.iter().map(|i| (i.name(), i.label())));
        self.fill_menu(
            "loss",
            LossChoice::ALL.iter().map(|l| (l.name(), l.label())),
        );
    }

    /// The `<select id>` of `(name, English label)` choices, each label translated under the
    /// key `id.name` where the language has one.
    fn fill_menu<'a>(&self, id: &str, choices: impl Iterator<Item = (&'a str, &'a str)>) {
        let choices = choices.map(|(name, label)| {
            let key = format!("{id}.{name}");
            (name, i18n::lookup(self.lang, &key).unwrap_or(label))
        });
        dom::set_html(id, &controls::options(choices, ""));
    }

    fn render_all(&mut self) {
        let s = &self.state;
        for (id, value) in [
            ("dataset", s.dataset.name().to_string()),
            ("points", s.points.to_string()),
            ("noise", controls::show_number(s.noise)),
            ("train_ratio", controls::show_number(s.train_ratio)),
            ("seed", s.seed.to_string()),
            ("batch_size", s.batch_size.to_string()),
            ("activation", s.activation.name().to_string()),
            ("init", s.init.name().to_string()),
            ("loss", s.loss.name().to_string()),
            ("l1", controls::show_number(s.l1)),
            ("l2", controls::show_number(s.l2)),
            ("dropout", controls::show_number(s.dropout)),
            ("batch_norm", s.batch_norm.to_string()),
            ("show_test", s.show_test.to_string()),
            ("log_scale", s.log_scale.to_string()),
            ("speed", s.speed.to_string()),
            ("surface", s.surface.name().to_string()),
            ("scale", controls::show_number(s.scale)),
            ("walk_steps", s.walk_steps.to_string()),
        ] {
            dom::set_value(id, &value);
            if let Some(el) = dom::by_id(id) {
                dom::field_message(&el, None);
            }
        }
        dom::set_text(
            "speed-out",
            &format!("{} {}", s.speed, i18n::t(self.lang, "steps_per_frame")),
        );
        let (kind, amount) = match s.gradient_noise {
            crate::surface::GradientNoise::Exact => ("exact", String::new()),
            crate::surface::GradientNoise::Gaussian { std } => {
                ("gaussian", controls::show_number(std))
            }
            crate::surface::GradientNoise::MiniBatch { batch_size } => {
                ("batch", batch_size.to_string())
            }
        };
        dom::set_value("scale-slider", &format!("{:.2}", s.scale.log10()));
        dom::set_value("noise-kind", kind);
        dom::set_value("noise-amount", &amount);
        dom::set_html(
            "layers",
            &controls::layer_inputs(&s.hidden, crate::nn::MAX_UNITS),
        );
        dom::set_html(
            "draw-classes",
            &controls::class_picker(s.classes(), s.draw_class),
        );
        self.render_lanes();
        self.render_inspect_options();
        self.render_play();
        self.apply_view();
        self.render_share();
        self.draw(true);
    }

    fn render_play(&self) {
        if let Some(play) = dom::by_id("play") {
            play.set_text_content(Some(self.tr(if self.playing { "pause" } else { "play" })));
            let _ = play.set_attribute("aria-pressed", &self.playing.to_string());
        }
        self.render_perf();
    }

    fn details_open(i: usize) -> bool {
        dom::by_id(&format!("details-{i}")).is_some_and(|d| d.has_attribute("open"))
    }

    fn render_lanes(&mut self) {
        let n = self.state.lanes.len();
        let open: Vec<bool> = (0..n).map(Self::details_open).collect();
        let html: String = self
            .state
            .lanes
            .iter()
            .enumerate()
            .map(|(i, lane)| controls::lane_card(i, lane, n, open[i]))
            .collect();
        dom::set_html("lanes", &html);
        self.apply_view();
        for i in 0..n {
            self.draw_schedule(i);
        }
        if let Some(add) = dom::by_id("add-lane") {
            if n >= crate::playground::MAX_LANES {
                let _ = add.set_attribute("disabled", "");
            } else {
                let _ = add.remove_attribute("disabled");
            }
        }
    }

    fn render_lane(&mut self, i: usize) {
        let n = self.state.lanes.len();
        let open = Self::details_open(i);
        if let Some(card) = dom::by_id(&format!("lane-{i}")) {
            card.set_outer_html(&controls::lane_card(i, &self.state.lanes[i], n, open));
        }
        self.apply_view();
        self.draw_schedule(i);
        // Focus moved with the old card; give it back to the edited lane's optimizer menu.
        if let Some(el) = dom::document()
            .query_selector(&format!("#lane-{i} select"))
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    }

    fn render_inspect_options(&mut self) {
        let names: Vec<(String, String)> = self
            .state
            .lanes
            .iter()
            .enumerate()
            .map(|(i, l)| (i.to_string(), l.name.clone()))
            .collect();
        let selected = self.state.inspect_lane.to_string();
        dom::set_html(
            "inspect-lane",
            &controls::options(
                names.iter().map(|(v, l)| (v.as_str(), l.as_str())),
                &selected,
            ),
        );
        dom::set_html(
            "focus-lane",
            &controls::options(
                names.iter().map(|(v, l)| (v.as_str(), l.as_str())),
                &selected,
            ),
        );
        if let Some(lane) = self.state.lanes.get(self.state.inspect_lane) {
            let names = crate::landscape::sweepable(&lane.optimizer);
            for (id, default) in [("map-x", "lr"), ("map-y", "momentum")] {
                let current = dom::by_id(id)
                    .and_then(|e| dom::control_value(&e))
                    .filter(|c| names.contains(c))
                    .unwrap_or_else(|| {
                        if names.iter().any(|n| n == default) {
                            default.to_string()
                        } else {
                            names
                                .get(usize::from(id == "map-y"))
                                .cloned()
                                .unwrap_or_default()
                        }
                    });
                dom::set_html(
                    id,
                    &controls::options(names.iter().map(|n| (n.as_str(), n.as_str())), &current),
                );
            }
        }
    }

    /// At a pause: the figures of the window so far, when it is long enough to mean something.
    fn close_perf_window(&mut self) {
        let elapsed = dom::now_ms() - self.perf.window_start;
        if self.perf.frames > 0 && elapsed >= 250.0 {
            self.perf.fps = self.perf.frames as f64 * 1000.0 / elapsed;
            self.perf.steps_per_s = self.perf.steps as f64 * 1000.0 / elapsed;
        }
        self.perf.frames = 0;
        self.perf.steps = 0;
    }

    fn render_perf(&self) {
        let first = self
            .perf
            .first_map_ms
            .map_or("–".to_string(), |t| format!("{t:.0} ms"));
        // Figures come once a second of play has been measured; paused, they are the last ones.
        let measured = self.perf.fps > 0.0;
        let figure = |v: f64| {
            if measured {
                format!("{v:.0}")
            } else {
                "–".to_string()
            }
        };
        let paused = if measured && !self.playing {
            format!("{} ", self.tr("perf_paused"))
        } else {
            String::new()
        };
        dom::set_text(
            "perf",
            &format!(
                "{paused}{} {} · {} {} · {} {first}",
                figure(self.perf.fps),
                self.tr("perf_fps"),
                figure(self.perf.steps_per_s),
                self.tr("perf_steps"),
                self.tr("perf_first")
            ),
        );
    }

    fn draw_schedule(&self, i: usize) {
        let Some(canvas) = dom::canvas(&format!("schedule-{i}")) else {
            return;
        };
        let lane = &self.state.lanes[i];
        let horizon = self.race.as_ref().map_or(0, |r| r.steps()).max(1000);
        let stride = (horizon / 200).max(1);
        let points: Vec<(f64, f64)> = (0..=horizon)
            .step_by(stride)
            .map(|k| (k as f64, lane.schedule.lr_at(lane.optimizer.lr(), k)))
            .collect();
        let top = points
            .iter()
            .map(|p| p.1)
            .filter(|v| v.is_finite())
            .fold(0.0, f64::max);
        let lines = [Line {
            label: "learning rate",
            color: palette::lane(i),
            points: &points,
        }];
        let _ = chart::draw_lines(
            &canvas,
            &LineChart {
                title: "",
                x_label: self.tr("axis_step"),
                y_label: self.tr("axis_lr"),
                log_y: false,
                y_range: Some((0.0, if top > 0.0 { 1.1 * top } else { 1.0 })),
                legend: false,
                lines: &lines,
            },
        );
    }

    /// Redraws maps, figures and (when `charts`) the curves and the inspector.
    fn draw(&mut self, charts: bool) {
        if let (Some(scorm), Some(race)) = (&mut self.scorm, &self.race) {
            scorm.progress(race.steps());
        }
        if self.state.view == ViewKind::Landscape {
            self.draw_land();
            return;
        }
        self.last_maps_ms = dom::now_ms();
        self.draw_maps();
        if charts {
            self.last_charts_ms = dom::now_ms();
            self.draw_charts();
            self.draw_inspector();
        }
        let (step, epoch) = self.race.as_ref().map_or((0, 0), |r| {
            (
                r.steps(),
                r.lanes().iter().map(Lane::epoch).max().unwrap_or(0),
            )
        });
        dom::set_text(
            "counter",
            &format!(
                "{} {step} · {} {epoch}",
                self.tr("counter_step"),
                self.tr("counter_epoch")
            ),
        );
    }

    fn draw_maps(&mut self) {
        let (train, test) = match &self.race {
            Some(r) => (r.train().clone(), r.test().clone()),
            None => self.state.datasets(),
        };
        let lang = self.lang;
        for i in 0..self.state.lanes.len() {
            let Some(canvas) = dom::canvas(&format!("heatmap-{i}")) else {
                continue;
            };
            let name = self.state.lanes[i].name.clone();
            let mut rgba_len = 0;
            let mut summary = format!("Lane {name}: no training points yet.");
            if let Some(lane) = self.race.as_mut().and_then(|r| r.lanes_mut().get_mut(i)) {
                let classes = lane.net().classes();
                self.probs.resize(MAP_CELLS * MAP_CELLS * classes, 0.0);
                lane.net_mut()
                    .pixel_probabilities(&self.grid, &mut self.probs);
                pixels(&self.probs, classes, &mut self.rgba);
                rgba_len = self.rgba.len();
                let r = lane.latest();
                summary = format!(
                    "Decision boundary of lane {name} at step {}: train loss {}, test loss {}, train accuracy {}, test accuracy {}.",
                    r.step,
                    figure(r.train_loss),
                    figure(r.test_loss),
                    percent(r.train_accuracy),
                    percent(r.test_accuracy)
                );
                let metrics = format!(
                    "<span>{} <b>{}</b></span><span>{} <b>{}</b></span><span>{} <b>{}</b> {} · <b>{}</b> {}</span>",
                    i18n::t(lang, "train_loss"),
                    figure(r.train_loss),
                    i18n::t(lang, "test_loss"),
                    figure(r.test_loss),
                    i18n::t(lang, "accuracy"),
                    percent(r.train_accuracy),
                    i18n::t(lang, "train"),
                    percent(r.test_accuracy),
                    i18n::t(lang, "test")
                );
                dom::set_html(&format!("metrics-{i}"), &metrics);
                let badge = format!("badge-{i}");
                match lane.diverged() {
                    Some(d) => {
                        dom::set_text(&badge, &i18n::message(lang, &d.to_string()));
                        dom::set_hidden(&badge, false);
                        summary.push(' ');
                        summary.push_str(&d.to_string());
                    }
                    None => dom::set_hidden(&badge, true),
                }
            }
            let rgba: &[u8] = if rgba_len > 0 { &self.rgba } else { &[] };
            let map = MapView {
                rgba,
                n: MAP_CELLS,
                view: self.view,
                train: &train,
                test: self.state.show_test.then_some(&test),
            };
            if draw_map(&canvas, &self.scratch, &map).is_ok()
                && rgba_len > 0
                && self.perf.first_map_ms.is_none()
            {
                // performance.now() counts from the start of navigation.
                self.perf.first_map_ms = Some(dom::now_ms());
                self.render_perf();
            }
            let _ = canvas.set_attribute("aria-label", &summary);
        }
    }

    fn draw_charts(&self) {
        let Some(race) = &self.race else { return };
        let has_test = !race.test().is_empty();
        type Pick = fn(&crate::race::Record) -> f64;
        let charts: [(&str, &str, &str, Pick, bool); 3] = [
            (
                "chart-train",
                self.tr("chart_train"),
                "loss",
                |r| r.train_loss,
                true,
            ),
            (
                "chart-test",
                self.tr("chart_test"),
                "loss",
                |r| r.test_loss,
                true,
            ),
            (
                "chart-accuracy",
                self.tr(if has_test {
                    "chart_test_accuracy"
                } else {
                    "chart_train_accuracy"
                }),
                self.tr("axis_accuracy"),
                if has_test {
                    |r| r.test_accuracy
                } else {
                    |r| r.train_accuracy
                },
                false,
            ),
        ];
        // Linear loss axes span 0 to 1.5 times the starting loss: a diverging lane leaves
        // through the top instead of squashing every other curve flat.
        let start = race
            .lanes()
            .iter()
            .filter_map(|l| l.history().records().first())
            .map(|r| r.train_loss.max(r.test_loss))
            .filter(|v| v.is_finite())
            .fold(0.0, f64::max);
        for (id, title, y_label, pick, is_loss) in charts {
            let Some(canvas) = dom::canvas(id) else {
                continue;
            };
            let series: Vec<Vec<(f64, f64)>> =
                race.lanes().iter().map(|lane| curve(lane, pick)).collect();
            let lines: Vec<Line> = race
                .lanes()
                .iter()
                .zip(&series)
                .enumerate()
                .map(|(i, (lane, points))| Line {
                    label: lane.name(),
                    color: palette::lane(i),
                    points,
                })
                .collect();
            let log_y = is_loss && self.state.log_scale;
            let y_range = if !is_loss {
                Some((0.0, 1.0))
            } else if !log_y && start > 0.0 {
                Some((0.0, 1.5 * start))
            } else {
                None
            };
            let _ = chart::draw_lines(
                &canvas,
                &LineChart {
                    title,
                    x_label: self.tr("axis_step"),
                    y_label,
                    log_y,
                    y_range,
                    legend: true,
                    lines: &lines,
                },
            );
            let text: Vec<String> = race
                .lanes()
                .iter()
                .map(|l| {
                    let v = pick(l.latest());
                    let shown = if is_loss { figure(v) } else { percent(v) };
                    format!("{} {shown}", l.name())
                })
                .collect();
            let _ = canvas.set_attribute(
                "aria-label",
                &format!("{title} per step. Now: {}.", text.join(", ")),
            );
        }
    }

    fn draw_inspector(&mut self) {
        let Some(race) = &mut self.race else {
            dom::set_html("rule", "");
            return;
        };
        let i = self
            .state
            .inspect_lane
            .min(race.lanes().len().saturating_sub(1));
        let Some(lane) = race.lanes_mut().get_mut(i) else {
            return;
        };
        if let Some(canvas) = dom::canvas("network") {
            let _ = draw_network(
                &canvas,
                &self.scratch,
                lane,
                &self.tile_grid,
                &mut self.neuron_values,
                self.followed,
            );
        }
        let config = lane.config().optimizer.clone();
        let mut html = config.rule().concat();
        let spec = lane.net().spec().clone();
        match (self.followed, lane.trace()) {
            (Some(index), Some(trace)) => {
                let role = spec.describe(index);
                dom::set_text(
                    "weight-title",
                    &format!("{} of lane {}: {role}", config.kind().label(), lane.name()),
                );
                if let Some(last) = trace.points.last() {
                    html.push_str(&rule::numbers(&config, trace, last));
                } else {
                    html.push_str("<p class=\"hint\">Take a step to see the numbers.</p>");
                }
                if let Some(canvas) = dom::canvas("weight-chart") {
                    let _ = draw_trace(&canvas, &config, trace);
                }
            }
            _ => {
                dom::set_text(
                    "weight-title",
                    &format!(
                        "{}: {}",
                        config.kind().label(),
                        i18n::t(self.lang, "click_weight")
                    ),
                );
                if let Some(canvas) = dom::canvas("weight-chart") {
                    if let Ok(ctx) = context(&canvas) {
                        ctx.clear_rect(0.0, 0.0, canvas.width() as f64, canvas.height() as f64);
                    }
                }
            }
        }
        dom::set_html("rule", &html);
    }
}

/// Values past the divergence threshold are left out of curves, so they cannot stretch an axis.
fn drawable(v: f64) -> f64 {
    if v.abs() > crate::race::EXPLODED_LOSS {
        f64::NAN
    } else {
        v
    }
}

/// Every `k`-th record of a lane's history (at most [`CURVE_POINTS`]) and the latest one.
fn curve(lane: &Lane, pick: fn(&crate::race::Record) -> f64) -> Vec<(f64, f64)> {
    let records = lane.history().records();
    let stride = records.len().div_ceil(CURVE_POINTS).max(1);
    let mut points: Vec<(f64, f64)> = records
        .iter()
        .step_by(stride)
        .map(|r| (r.step as f64, drawable(pick(r))))
        .collect();
    if let Some(last) = records.last() {
        if points.last().is_some_and(|p| p.0 != last.step as f64) {
            points.push((last.step as f64, drawable(pick(last))));
        }
    }
    // A diverged lane ends with a gap, not a clamp to the chart's edge.
    if lane.diverged().is_some() {
        points.push((lane.steps() as f64, f64::NAN));
    }
    points
}

/// The network diagram: weighted edges (orange negative, blue positive, thicker is larger) and
/// a tile per neuron showing its output over the plane.
fn draw_network(
    canvas: &HtmlCanvasElement,
    scratch: &HtmlCanvasElement,
    lane: &mut Lane,
    tile_grid: &[f64],
    values: &mut Vec<f64>,
    followed: Option<usize>,
) -> Result<(), JsValue> {
    let (w, h) = (canvas.width() as f64, canvas.height() as f64);
    let ctx = context(canvas)?;
    ctx.set_fill_style_str("#ffffff");
    ctx.fill_rect(0.0, 0.0, w, h);
    let spec = lane.net().spec().clone();
    let diagram = Diagram::new(&spec, w, h);
    let params = lane.net().params();
    let largest = diagram
        .edges
        .iter()
        .map(|e| params[e.index].abs())
        .fold(1e-12, f64::max);
    for e in &diagram.edges {
        let v = params[e.index];
        let color = if v < 0.0 {
            palette::class(0)
        } else {
            palette::class(1)
        };
        ctx.set_stroke_style_str(&color.hex());
        ctx.set_line_width(0.5 + 4.5 * (v.abs() / largest).min(1.0));
        ctx.begin_path();
        ctx.move_to(e.from.0, e.from.1);
        ctx.line_to(e.to.0, e.to.1);
        ctx.stroke();
    }
    if let Some(e) = followed.and_then(|f| diagram.edges.iter().find(|e| e.index == f)) {
        ctx.set_stroke_style_str("#111111");
        ctx.set_line_width(2.0);
        let _ = ctx.set_line_dash(&js_sys::Array::of2(&4.into(), &3.into()));
        ctx.begin_path();
        ctx.move_to(e.from.0, e.from.1);
        ctx.line_to(e.to.0, e.to.1);
        ctx.stroke();
        let _ = ctx.set_line_dash(&js_sys::Array::new());
    }
    // Neuron tiles: inputs show x and y themselves; the others their evaluation-mode output.
    let n = tile_grid.len() / 2;
    let neurons = lane.net().neuron_count();
    values.resize(neurons * n, 0.0);
    lane.net_mut().neuron_outputs(tile_grid, values);
    let inputs = spec.inputs();
    scratch.set_width(TILE_CELLS as u32);
    scratch.set_height(TILE_CELLS as u32);
    let sctx = context(scratch)?;
    let mut rgba = vec![0u8; 4 * n];
    for (k, node) in diagram.nodes.iter().enumerate() {
        let cell = |j: usize| -> f64 {
            if k < inputs {
                tile_grid[2 * j + k]
            } else {
                values[(k - inputs) * n + j]
            }
        };
        let scale = (0..n).map(|j| cell(j).abs()).fold(1e-12, f64::max);
        for j in 0..n {
            let v = cell(j) / scale;
            let c = if v.is_finite() {
                let end = if v < 0.0 {
                    palette::class(0)
                } else {
                    palette::class(1)
                };
                palette::UNSURE.mix(end, v.abs().min(1.0) * 0.85)
            } else {
                palette::UNSURE
            };
            rgba[4 * j..4 * j + 4].copy_from_slice(&[c.0, c.1, c.2, 255]);
        }
        let image = ImageData::new_with_u8_clamped_array_and_sh(
            Clamped(&rgba),
            TILE_CELLS as u32,
            TILE_CELLS as u32,
        )?;
        sctx.put_image_data(&image, 0.0, 0.0)?;
        let t = diagram.tile;
        ctx.draw_image_with_html_canvas_element_and_dw_and_dh(
            scratch,
            node.x - t / 2.0,
            node.y - t / 2.0,
            t,
            t,
        )?;
        ctx.set_stroke_style_str("#555555");
        ctx.set_line_width(1.0);
        ctx.stroke_rect(node.x - t / 2.0, node.y - t / 2.0, t, t);
    }
    let _ = canvas.set_attribute(
        "aria-label",
        &format!(
            "Network of lane {}: layers {:?}, {} weights; orange edges negative, blue positive.",
            lane.name(),
            spec.sizes,
            lane.net().param_count()
        ),
    );
    Ok(())
}

/// The followed weight's gradient, optimizer state and step over time.
fn draw_trace(
    canvas: &HtmlCanvasElement,
    config: &crate::optim::OptimizerConfig,
    trace: &crate::race::Trace,
) -> Result<(), JsValue> {
    let series = rule::trace_series(config, trace, CURVE_POINTS);
    let lines = chart::lines(&series);
    chart::draw_lines(
        canvas,
        &LineChart {
            title: "",
            x_label: "step",
            y_label: "value",
            log_y: false,
            y_range: None,
            legend: true,
            lines: &lines,
        },
    )
}

/// The landscape view, the URL hash and the hyperparameter map.
impl App {
    /// Every walker back at the start, from the state's surface and lanes.
    fn rebuild_walkers(&mut self) {
        self.land = self.state.landscape();
        self.walkers.clear();
        for lane in &self.state.lanes {
            match self.land.walker(lane) {
                Ok(w) => self.walkers.push(w),
                Err(e) => {
                    notice(&format!("lane {}: {e}", lane.name));
                    return;
                }
            }
        }
    }

    /// The contour map's current view.
    fn land_view(&self) -> View {
        self.zoom
            .unwrap_or_else(|| self.land.surface.function().view())
    }

    /// Does what the embedding page asks.
    fn obey(&mut self, command: protocol::Command) {
        use protocol::Command;
        match command {
            Command::Play => {
                if !self.playing {
                    self.action("play", None);
                }
            }
            Command::Pause => {
                if self.playing {
                    self.action("play", None);
                }
            }
            Command::Step => self.action("step", None),
            Command::Reset => self.action("reset", None),
            Command::Load(hash) => {
                self.load_state(&hash);
                self.write_hash();
            }
        }
    }

    /// Loads the state in the URL hash, unless it is the one shown.
    fn load_hash(&mut self) {
        let hash = location_hash();
        self.load_state(&hash);
    }

    /// Shows the state of a hash (with or without `#`), unless it is the one shown.
    fn load_state(&mut self, hash: &str) {
        if hash.trim_start_matches('#') == self.state.to_hash() {
            return;
        }
        self.reload_state(hash);
    }

    /// Shows the state of a hash, rebuilt from step 0 even if it is the one shown.
    fn reload_state(&mut self, hash: &str) {
        let (state, ignored) = Playground::from_hash(hash);
        self.state = state;
        self.lang = self.chosen_language();
        self.zoom = None;
        self.map = None;
        self.playing = false;
        dom::set_hidden("error-banner", true);
        self.rebuild();
        self.rebuild_walkers();
        self.render_all();
        self.open_lesson();
        report_ignored(self.lang, &ignored);
        if let Some(top) = web_sys::window() {
            top.scroll_to_with_x_and_y(0.0, 0.0);
        }
    }

    /// Unfolds the lesson whose state is on the page, so its text sits beside the run.
    fn open_lesson(&self) {
        let hash = format!("#{}", self.state.to_hash());
        for l in LESSONS {
            if let Some(card) = dom::by_id(&format!("lesson-{}", l.id)) {
                if l.link() == hash {
                    let _ = card.set_attribute("open", "");
                } else {
                    let _ = card.remove_attribute("open");
                }
            }
        }
    }

    /// Writes the state into the URL hash without adding a history entry for every edit, and
    /// keeps it for the next visit.
    fn write_hash(&self) {
        let hash = self.state.to_hash();
        if let Some(store) = storage() {
            let _ = store.set_item(STORAGE_KEY, &hash);
        }
        let Some(w) = web_sys::window() else { return };
        if let Ok(history) = w.history() {
            let _ = history.replace_state_with_url(
                &JsValue::NULL,
                "",
                Some(&format!("#{}", self.state.to_hash())),
            );
        }
    }

    /// Embedding: page chrome off, panels a teacher hid gone, panels or fields a teacher fixed
    /// read-only.
    fn apply_embed(&self) {
        let document = dom::document();
        if let Some(body) = document.body() {
            let _ = body
                .class_list()
                .toggle_with_force("embed", self.state.embed);
        }
        let Ok(panels) = document.query_selector_all("[data-panel]") else {
            return;
        };
        for k in 0..panels.length() {
            let Some(el) = panels.item(k).and_then(|n| n.dyn_into::<Element>().ok()) else {
                continue;
            };
            let name = el.get_attribute("data-panel").unwrap_or_default();
            let shown = self.state.show.as_ref().is_none_or(|s| s.contains(&name));
            let _ = el.class_list().toggle_with_force("panel-off", !shown);
            let locked = self.state.lock.contains(&name);
            if let Ok(controls) = el.query_selector_all("input, select, button") {
                for c in 0..controls.length() {
                    if let Some(control) =
                        controls.item(c).and_then(|n| n.dyn_into::<Element>().ok())
                    {
                        lock_control(&control, locked);
                    }
                }
            }
        }
        for field in &self.state.lock {
            if let Ok(list) = document.query_selector_all(&format!("[data-field='{field}']")) {
                for c in 0..list.length() {
                    if let Some(control) = list.item(c).and_then(|n| n.dyn_into::<Element>().ok()) {
                        lock_control(&control, true);
                    }
                }
            }
        }
        if let Some(layout) = document.query_selector(".layout").ok().flatten() {
            let any_setting = ["data", "network", "surface", "lessons"].iter().any(|p| {
                self.state
                    .show
                    .as_ref()
                    .is_none_or(|s| s.iter().any(|x| x == p))
            });
            let _ = layout
                .class_list()
                .toggle_with_force("no-settings", !any_setting);
        }
    }

    /// Shows only the sections of the current view.
    fn apply_view(&self) {
        self.apply_embed();
        self.apply_language();
        let Ok(list) = dom::document().query_selector_all("[data-view]") else {
            return;
        };
        let current = self.state.view.name();
        for k in 0..list.length() {
            if let Some(el) = list.item(k).and_then(|n| n.dyn_into::<HtmlElement>().ok()) {
                let show = el.get_attribute("data-view").as_deref() == Some(current);
                if el.hidden() == show {
                    el.set_hidden(!show);
                }
            }
        }
        let _ = dom::document()
            .query_selector(&format!("input[name=view][value={current}]"))
            .map(|e| e.map(|e| dom::set_element_value(&e, current)));
    }

    fn edit_noise(&mut self, el: &Element) {
        let kind = dom::by_id("noise-kind")
            .and_then(|e| dom::control_value(&e))
            .unwrap_or_default();
        let amount = dom::by_id("noise-amount")
            .and_then(|e| dom::control_value(&e))
            .unwrap_or_default();
        let value = match kind.as_str() {
            "gaussian" | "batch" => format!("{kind}:{}", amount.trim()),
            _ => "exact".to_string(),
        };
        self.edit(el, "gradient_noise", &value);
    }

    fn press_landscape(&mut self, el: &Element, x: f64, y: f64, down: bool) {
        if down {
            self.drag = Some((x, y, self.land_view(), false));
            return;
        }
        let Some((_, _, view, moved)) = self.drag.take() else {
            return;
        };
        if moved {
            return;
        }
        let Some(c) = el.dyn_ref::<HtmlCanvasElement>() else {
            return;
        };
        let frame = Frame {
            view,
            w: c.width() as f64,
            h: c.height() as f64,
        };
        let [px, py] = frame.to_plane(x, y);
        let value = format!("{},{}", round(px), round(py));
        self.edit(el, "start", &value);
    }

    fn pan(&mut self, el: &Element, x: f64, y: f64) {
        let Some((x0, y0, view, moved)) = self.drag else {
            return;
        };
        if !moved && (x - x0).abs() + (y - y0).abs() < 5.0 {
            return;
        }
        let Some(c) = el.dyn_ref::<HtmlCanvasElement>() else {
            return;
        };
        let (w, h) = (c.width() as f64, c.height() as f64);
        let dx = (x - x0) / w * (view.0[1] - view.0[0]);
        let dy = (y - y0) / h * (view.1[1] - view.1[0]);
        self.zoom = Some((
            [view.0[0] - dx, view.0[1] - dx],
            [view.1[0] + dy, view.1[1] + dy],
        ));
        self.drag = Some((x0, y0, view, true));
        self.draw_land();
    }

    fn zoom_by(&mut self, factor: f64) {
        let (vx, vy) = self.land_view();
        let (cx, cy) = ((vx[0] + vx[1]) / 2.0, (vy[0] + vy[1]) / 2.0);
        let (hx, hy) = (
            (vx[1] - vx[0]) / 2.0 * factor,
            (vy[1] - vy[0]) / 2.0 * factor,
        );
        self.zoom = Some(([cx - hx, cx + hx], [cy - hy, cy + hy]));
        self.draw_land();
    }

    /// Steps every walker that has steps left; returns whether any moved.
    fn step_walkers(&mut self, steps: usize) -> bool {
        let limit = self.state.walk_steps;
        let mut moved = false;
        for w in &mut self.walkers {
            for _ in 0..steps {
                if w.steps() >= limit || w.diverged().is_some() {
                    break;
                }
                w.step();
                moved = true;
            }
        }
        moved
    }

    fn draw_land(&mut self) {
        self.last_land_ms = dom::now_ms();
        let focus = Some(self.state.inspect_lane);
        let view = self.land_view();
        if let Some(canvas) = dom::canvas("landscape") {
            let key = format!(
                "{}|{}|{}",
                self.state.surface.name(),
                self.state.scale,
                self.state.seed
            );
            let _ = draw_landscape(
                &canvas,
                &self.scratch,
                &mut self.contour,
                &self.land.surface,
                &key,
                view,
                self.land.start,
                &self.walkers,
                focus,
            );
            let text: Vec<String> = self
                .walkers
                .iter()
                .map(|w| {
                    format!(
                        "{} at step {}, loss {}",
                        w.name,
                        w.steps(),
                        figure(w.loss())
                    )
                })
                .collect();
            let _ = canvas.set_attribute(
                "aria-label",
                &format!(
                    "Contour map of {}. {}.",
                    self.state.surface.label(),
                    text.join("; ")
                ),
            );
        }
        let least = self.land.surface.min_value();
        for (i, w) in self.walkers.iter().enumerate() {
            let mut text = format!(
                "step {} · loss {} · at ({}, {})",
                w.steps(),
                figure(w.loss()),
                figure(w.point()[0]),
                figure(w.point()[1])
            );
            if let Some((step, cause)) = w.diverged() {
                let d = crate::race::Divergence { step, cause };
                text = d.to_string();
            }
            dom::set_text(&format!("walk-{i}"), &text);
        }
        let caption = self
            .walkers
            .get(self.state.inspect_lane)
            .map(|w| w.caption_in(self.lang))
            .unwrap_or_default();
        dom::set_text("caption", &caption);
        if let Some(canvas) = dom::canvas("landscape-chart") {
            let series: Vec<(String, Vec<(f64, f64)>)> = self
                .walkers
                .iter()
                .map(|w| {
                    let stride = (w.losses.len() / CURVE_POINTS).max(1);
                    let points = w
                        .losses
                        .iter()
                        .enumerate()
                        .step_by(stride)
                        .map(|(k, l)| (k as f64, drawable(l - least)))
                        .collect();
                    (w.name.clone(), points)
                })
                .collect();
            let lines = chart::lines(&series);
            let _ = chart::draw_lines(
                &canvas,
                &LineChart {
                    title: i18n::t(self.lang, "chart_landscape"),
                    x_label: self.tr("axis_step"),
                    y_label: "loss − min",
                    log_y: true,
                    y_range: None,
                    legend: true,
                    lines: &lines,
                },
            );
        }
        let most = self.walkers.iter().map(Walker::steps).max().unwrap_or(0);
        dom::set_text(
            "counter",
            &format!(
                "{} {most} {} {}",
                self.tr("counter_step"),
                self.tr("counter_of"),
                self.state.walk_steps
            ),
        );
        dom::set_text(
            "start-text",
            &format!(
                "{}: ({}, {}).",
                self.tr("start"),
                figure(self.land.start[0]),
                figure(self.land.start[1])
            ),
        );
        self.draw_map();
    }

    /// Starts a hyperparameter map from the map panel's fields.
    fn start_map(&mut self) {
        let value = |id: &str| {
            dom::by_id(id)
                .and_then(|e| dom::control_value(&e))
                .unwrap_or_default()
        };
        let number = |id: &str| -> Result<f64, String> {
            value(id)
                .trim()
                .parse::<f64>()
                .map_err(|_| format!("{:?} is not a number", value(id)))
        };
        let axis = |name: &str, side: &str| -> Result<Axis, String> {
            Ok(Axis {
                name: value(&format!("map-{side}")),
                low: number(&format!("map-{side}-low"))?,
                high: number(&format!("map-{side}-high"))?,
                log: value(&format!("map-{side}-log")) == "true",
            })
            .map(|a: Axis| Axis {
                name: if a.name.is_empty() {
                    name.into()
                } else {
                    a.name
                },
                ..a
            })
        };
        let result = (|| -> Result<HyperMap, String> {
            let n = number("map-n")?;
            let steps = number("map-steps")?;
            if !(2.0..=256.0).contains(&n) || n.fract() != 0.0 {
                return Err("cells per side: a whole number from 2 to 256".into());
            }
            if !(1.0..=10_000.0).contains(&steps) || steps.fract() != 0.0 {
                return Err("steps per cell: a whole number from 1 to 10000".into());
            }
            let lane = self
                .state
                .lanes
                .get(self.state.inspect_lane)
                .ok_or("no lane to map")?
                .clone();
            HyperMap::new(
                self.land.clone(),
                lane,
                axis("lr", "x")?,
                axis("momentum", "y")?,
                n as usize,
                steps as usize,
            )
        })();
        match result {
            Ok(map) => {
                self.map = Some(map);
                self.map_started_ms = dom::now_ms();
                dom::set_text("map-status", "computing…");
                request_frame();
            }
            Err(e) => dom::set_text("map-status", &e),
        }
    }

    /// Runs map cells for up to `budget_ms`; returns whether the map still has work.
    fn work_on_map(&mut self, budget_ms: f64) -> bool {
        let Some(map) = &mut self.map else {
            return false;
        };
        if map.done() {
            return false;
        }
        let start = dom::now_ms();
        while !map.run(8) {
            if dom::now_ms() - start > budget_ms {
                break;
            }
        }
        let (done, cells) = (map.done(), map.n * map.n);
        let progress = map.progress();
        if done {
            let seconds = (dom::now_ms() - self.map_started_ms) / 1000.0;
            dom::set_text(
                "map-status",
                &format!("{cells} cells of {} steps in {seconds:.2} s", map.steps),
            );
        } else {
            dom::set_text(
                "map-status",
                &format!("computing… {progress} of {cells} cells"),
            );
        }
        self.draw_map();
        !done
    }

    fn draw_map(&self) {
        if let (Some(map), Some(canvas)) = (&self.map, dom::canvas("hypermap")) {
            let _ = draw_hypermap(&canvas, &self.scratch, map);
        }
    }

    /// A click on the map gives the inspected lane that cell's two values.
    fn pick_cell(&mut self, el: &Element, x: f64, y: f64) {
        let Some(map) = &self.map else { return };
        let Some(c) = el.dyn_ref::<HtmlCanvasElement>() else {
            return;
        };
        let n = map.n;
        let i = ((x / c.width() as f64) * n as f64)
            .floor()
            .clamp(0.0, (n - 1) as f64) as usize;
        let row = ((y / c.height() as f64) * n as f64)
            .floor()
            .clamp(0.0, (n - 1) as f64) as usize;
        let j = n - 1 - row;
        let lane = self.state.inspect_lane;
        let values = [
            (map.x.name.clone(), map.x.value(i, n)),
            (map.y.name.clone(), map.y.value(j, n)),
        ];
        for (name, v) in values {
            let field = format!("lane.{lane}.param.{name}");
            if let Err(e) = self.state.apply(&field, &v.to_string()) {
                dom::set_text("map-status", &e);
                return;
            }
        }
        dom::set_text(
            "map-status",
            &format!(
                "lane {} now has {} = {}, {} = {}",
                self.state.lanes[lane].name,
                map.x.name,
                figure(map.x.value(i, n)),
                map.y.name,
                figure(map.y.value(j, n))
            ),
        );
        self.changed(Change::Lane(lane));
    }
}

/// Makes a control read-only (a teacher fixed it) or editable again.
fn lock_control(control: &Element, locked: bool) {
    if locked {
        let _ = control.set_attribute("disabled", "");
        let _ = control.set_attribute("data-locked", "");
        let _ = control.set_attribute("title", "Fixed by the teacher");
    } else if control.has_attribute("data-locked") {
        let _ = control.remove_attribute("disabled");
        let _ = control.remove_attribute("data-locked");
        let _ = control.remove_attribute("title");
    }
}

/// A coordinate rounded for a readable URL.
fn round(v: f64) -> f64 {
    (v * 1000.0).round() / 1000.0
}

/// Offers `data` as a file download named `name`.
fn download_text(name: &str, mime: &str, data: &str) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(&JsValue::from_str(data));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    download_url(name, &url)?;
    web_sys::Url::revoke_object_url(&url)?;
    Ok(())
}

/// Follows a (data or object) URL as a download named `name`.
fn download_url(name: &str, url: &str) -> Result<(), JsValue> {
    let a: web_sys::HtmlAnchorElement = dom::document().create_element("a")?.dyn_into()?;
    a.set_href(url);
    a.set_download(name);
    a.click();
    Ok(())
}

/// Reads the file chosen in a file input as text, then hands it to `f` with the app.
fn read_file(input: &Element, f: fn(&mut App, String)) {
    let Some(input) = input.dyn_ref::<web_sys::HtmlInputElement>() else {
        return;
    };
    let Some(file) = input.files().and_then(|list| list.get(0)) else {
        return;
    };
    let Ok(reader) = web_sys::FileReader::new() else {
        return;
    };
    let r = reader.clone();
    let onload = Closure::once(Box::new(move |_e: Event| {
        if let Some(text) = r.result().ok().and_then(|v| v.as_string()) {
            with_app(|app| f(app, text));
        }
    }) as Box<dyn FnOnce(Event)>);
    reader.set_onload(Some(onload.as_ref().unchecked_ref()));
    onload.forget();
    let _ = reader.read_as_text(&file);
    // Choosing the same file again must fire `change` again.
    input.set_value("");
}

/// Languages.
impl App {
    fn tr(&self, key: &'static str) -> &'static str {
        i18n::t(self.lang, key)
    }

    /// The state's `lang`, else the browser's first language the page speaks, else English.
    fn chosen_language(&self) -> Lang {
        if let Some(lang) = self.state.lang.as_deref().and_then(Lang::from_code) {
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

    /// Puts every `data-i18n` text of the page in the current language, and lays the page out
    /// right to left for Persian.
    fn apply_language(&self) {
        let document = dom::document();
        if let Some(html) = document.document_element() {
            let _ = html.set_attribute("lang", self.lang.code());
            let _ = html.set_attribute("dir", self.lang.dir());
        }
        dom::set_value("lang", self.lang.code());
        let Ok(list) = document.query_selector_all("[data-i18n]") else {
            return;
        };
        for k in 0..list.length() {
            let Some(el) = list.item(k).and_then(|n| n.dyn_into::<Element>().ok()) else {
                continue;
            };
            let key = el.get_attribute("data-i18n").unwrap_or_default();
            let text = match key
                .strip_prefix("lesson.")
                .and_then(|rest| rest.rsplit_once('.'))
            {
                Some((id, part)) => LESSONS.iter().find(|l| l.id == id).map(|l| {
                    let (title, text, try_this) = l.localized(self.lang);
                    match part {
                        "title" => title,
                        "text" => text,
                        _ => try_this,
                    }
                }),
                None => Some(i18n::t(self.lang, &key)),
            };
            if let Some(text) = text {
                if el.text_content().as_deref() != Some(text) {
                    el.set_text_content(Some(text));
                }
            }
        }
    }
}

/// Sharing, exports and imports.
impl App {
    /// The page's address without its hash.
    fn page_url() -> String {
        let href = web_sys::window()
            .and_then(|w| w.location().href().ok())
            .unwrap_or_default();
        href.split('#').next().unwrap_or_default().to_string()
    }

    /// Fills the share box: the link to this state and the `<iframe>` for a course page.
    fn render_share(&self) {
        let link = format!("{}#{}", Self::page_url(), self.state.to_hash());
        dom::set_value("share-link", &link);
        let checked = |id: &str| {
            dom::by_id(id)
                .and_then(|e| dom::control_value(&e))
                .is_some_and(|v| v == "true")
        };
        // The panel check boxes are made once, all shown and none fixed.
        for (box_id, on) in [("share-show", true), ("share-lock", false)] {
            if dom::by_id(box_id).is_some_and(|b| b.child_element_count() == 0) {
                let html: String = crate::playground::PANELS
                    .iter()
                    .map(|p| {
                        format!(
                            r#"<label class="check"><input type="checkbox" id="{box_id}-{p}" value="{p}"{}> {p}</label>"#,
                            if on { " checked" } else { "" }
                        )
                    })
                    .collect();
                dom::set_html(box_id, &html);
            }
        }
        let picked = |box_id: &str| -> Vec<String> {
            crate::playground::PANELS
                .iter()
                .filter(|p| checked(&format!("{box_id}-{p}")))
                .map(|p| p.to_string())
                .collect()
        };
        let mut embed = self.state.clone();
        embed.embed = checked("share-embed");
        embed.autoplay = checked("share-autoplay");
        let shown = picked("share-show");
        embed.show = (shown.len() < crate::playground::PANELS.len()).then_some(shown);
        embed.lock = picked("share-lock");
        let lang = dom::by_id("share-lang")
            .and_then(|e| dom::control_value(&e))
            .unwrap_or_default();
        embed.lang = (!lang.is_empty()).then_some(lang);
        let snippet = format!(
            r#"<iframe src="{}#{}" width="1100" height="800" style="border:0" title="Optimizer Playground"></iframe>"#,
            Self::page_url(),
            controls::escape(&embed.to_hash())
        );
        if let Some(area) = dom::by_id("share-iframe")
            .and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
        {
            area.set_value(&snippet);
        }
    }

    fn export(&mut self, what: &str) {
        let result = match what {
            "export-metrics" => match &self.race {
                Some(race) => download_text(
                    "optimizer-playground-metrics.csv",
                    "text/csv",
                    &export::metrics_csv(race),
                ),
                None => {
                    notice(self.tr("notice.no_race"));
                    Ok(())
                }
            },
            "export-config" => match &self.race {
                Some(race) => download_text(
                    "optimizer-playground-race.json",
                    "application/json",
                    &export::config_json(&self.state, race),
                ),
                None => {
                    notice(self.tr("notice.no_race"));
                    Ok(())
                }
            },
            "export-data" => {
                let (train, test) = self.state.datasets();
                download_text(
                    "optimizer-playground-data.csv",
                    "text/csv",
                    &export::data_csv(&train, &test),
                )
            }
            "export-chart" => {
                let id = dom::by_id("png-target")
                    .and_then(|e| dom::control_value(&e))
                    .unwrap_or_else(|| "chart-train".into());
                match dom::canvas(&id) {
                    Some(c) => c.to_data_url().and_then(|url| {
                        download_url(&format!("optimizer-playground-{id}.png"), &url)
                    }),
                    None => Ok(()),
                }
            }
            "export-png" => self.comparison_png(),
            _ => Ok(()),
        };
        if let Err(e) = result {
            notice(&format!("The export failed: {e:?}"));
        }
    }

    /// Every lane's map side by side with its name and figures, in one image.
    fn comparison_png(&self) -> Result<(), JsValue> {
        let n = self.state.lanes.len();
        let (tile, pad, head) = (300.0, 16.0, 64.0);
        let canvas: HtmlCanvasElement = dom::document().create_element("canvas")?.dyn_into()?;
        canvas.set_width((pad + n as f64 * (tile + pad)) as u32);
        canvas.set_height((head + tile + pad) as u32);
        let ctx = context(&canvas)?;
        ctx.set_fill_style_str("#ffffff");
        ctx.fill_rect(0.0, 0.0, canvas.width() as f64, canvas.height() as f64);
        ctx.set_font("bold 16px sans-serif");
        ctx.set_fill_style_str("#1d2330");
        let step = self.race.as_ref().map_or(0, |r| r.steps());
        ctx.fill_text(&format!("Optimizer Playground · step {step}"), pad, 22.0)?;
        for i in 0..n {
            let x = pad + i as f64 * (tile + pad);
            let source = if self.state.view == ViewKind::Landscape {
                dom::canvas("landscape")
            } else {
                dom::canvas(&format!("heatmap-{i}"))
            };
            if let Some(src) = source {
                ctx.draw_image_with_html_canvas_element_and_dw_and_dh(&src, x, head, tile, tile)?;
            }
            ctx.set_fill_style_str(&palette::lane(i).hex());
            ctx.fill_rect(x, head - 26.0, 12.0, 12.0);
            ctx.set_font("bold 14px sans-serif");
            ctx.fill_text(&self.state.lanes[i].name, x + 18.0, head - 15.0)?;
            if let Some(lane) = self.race.as_ref().and_then(|r| r.lanes().get(i)) {
                let r = lane.latest();
                ctx.set_font("12px sans-serif");
                ctx.set_fill_style_str("#1d2330");
                ctx.fill_text(
                    &format!(
                        "train loss {} · test accuracy {}",
                        figure(r.train_loss),
                        percent(r.test_accuracy)
                    ),
                    x,
                    head - 2.0,
                )?;
            }
        }
        download_url(
            "optimizer-playground-comparison.png",
            &canvas.to_data_url()?,
        )
    }

    /// Opens an exported race: the file is read and checked in whole first (a damaged one is
    /// refused with the reason and nothing changes), then its state is loaded and the lanes are
    /// replayed to their saved steps a slice per frame (runs are exact, so the weights come
    /// back bit for bit; if they do not, the saved weights are put in).
    fn import_config(&mut self, text: String) {
        let file = match export::read_race(&text) {
            Ok(file) => file,
            Err(why) => {
                notice(&format!("{} {why}", self.tr("notice.not_race_file")));
                return;
            }
        };
        let (state, _) = Playground::from_hash(&file.state);
        let checked = state
            .race()
            .map_err(|e| e.to_string())
            .and_then(|race| export::check_race_file(&file, &race).map(|()| race));
        if let Err(why) = checked {
            notice(&format!("{} {why}", self.tr("notice.not_race_file")));
            return;
        }
        self.reload_state(&file.state);
        self.write_hash();
        self.replay = Some(export::Replay::new(file));
        self.work_on_replay(FRAME_BUDGET_MS);
        request_frame();
    }

    /// Replays an imported race for up to `budget_ms`; returns whether it has more to do.
    fn work_on_replay(&mut self, budget_ms: f64) -> bool {
        let (Some(replay), Some(race)) = (&mut self.replay, &mut self.race) else {
            self.replay = None;
            return false;
        };
        let start = dom::now_ms();
        let mut finished = false;
        while dom::now_ms() - start < budget_ms {
            if replay.run(race, 200) {
                finished = true;
                break;
            }
        }
        if finished {
            let replaced = replay.finish(race);
            self.replay = None;
            dom::set_hidden("error-banner", true);
            if replaced > 0 {
                notice(&format!(
                    "{replaced} lane(s) did not replay to the saved weights (a file from another version?): the saved weights were put in, their histories start here."
                ));
            }
        } else {
            dom::show_banner(&format!(
                "Replaying the race: {} of {} steps. Press Escape to stop.",
                replay.done(),
                replay.total()
            ));
        }
        self.draw(finished);
        !finished
    }

    /// Stops a replay where it is; the lanes keep the steps replayed so far.
    fn cancel_replay(&mut self) {
        if let Some(replay) = self.replay.take() {
            notice(&format!(
                "Replay stopped after {} of {} steps: the lanes stay where the replay left them.",
                replay.done(),
                replay.total()
            ));
            self.draw(true);
        }
    }

    /// Takes the learner's own points from CSV; refused rows are listed with their numbers.
    fn import_points(&mut self, text: String) {
        let import = export::parse_points_csv(&text);
        if import.points.is_empty() {
            notice(&i18n::fill(
                self.tr("notice.no_points"),
                &[&import.errors.join("; ")],
            ));
            return;
        }
        self.state.import_points(&import.points, import.classes);
        self.rebuild();
        self.render_all();
        self.write_hash();
        if !import.errors.is_empty() {
            notice(&i18n::fill(
                self.tr("notice.points_read"),
                &[
                    &import.points.len().to_string(),
                    &import.errors.len().to_string(),
                    &import.errors.join("; "),
                ],
            ));
        }
    }
}
