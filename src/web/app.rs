//! The playground page: one [`App`] holding the [`Playground`] state and the [`Race`] built
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
use crate::nn::{Activation, Init};
use crate::playground::{Change, LossChoice, Playground};
use crate::race::{Lane, Race};
use crate::rng::Rng;
use crate::view::format::{figure, percent};
use crate::view::heatmap::{grid_inputs, pixels, ViewBox};
use crate::view::network::Diagram;
use crate::view::{controls, palette, rule};
use crate::web::chart::{self, Line, LineChart};
use crate::web::dom;
use crate::web::heatmap::{context, draw_map, MapView};

/// Cells per side of a lane's decision-boundary heatmap.
const MAP_CELLS: usize = 50;
/// Cells per side of a neuron's tile in the network diagram.
const TILE_CELLS: usize = 14;
/// Most milliseconds of training per animation frame, so the page stays responsive.
const FRAME_BUDGET_MS: f64 = 8.0;
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
    last_maps_ms: f64,
    perf: Perf,
    followed: Option<usize>,
    pointer_down: Option<f64>,
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
    let state = Playground::default();
    let race = state.race().ok();
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
        last_maps_ms: 0.0,
        perf: Perf::default(),
        followed: None,
        pointer_down: None,
    };
    app.fill_menus();
    app.render_all();
    APP.with(|cell| *cell.borrow_mut() = Some(app));
    // The listeners find the app through `APP`, so a second start needs no second set.
    thread_local! {
        static LISTENING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }
    if !LISTENING.with(|l| l.replace(true)) {
        listen()?;
    }
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
    if el.get_attribute("data-field").as_deref() == Some("speed") {
        if let Some(value) = dom::control_value(&el) {
            with_app(|app| app.edit(&el, "speed", &value));
        }
    }
}

fn on_click(e: &Event) {
    let Some(el) = target(e) else { return };
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
        _ => {}
    }
}

fn on_pointer(e: &Event, down: bool) {
    let Some(el) = target(e) else { return };
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

/// A message for the learner in the banner under the toolbar.
fn notice(message: &str) {
    dom::show_banner(message);
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
            Err(message) => dom::field_message(el, Some(&message)),
        }
    }

    fn changed(&mut self, change: Change) {
        match change {
            Change::Race => {
                self.rebuild();
                self.render_all();
            }
            Change::Lane(i) => {
                self.restart_lane(i);
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
                dom::set_text("speed-out", &format!("{} steps/frame", self.state.speed));
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
        match action {
            "play" => {
                self.playing = !self.playing && self.race.is_some();
                if self.playing {
                    self.perf.window_start = dom::now_ms();
                    request_frame();
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
                self.render_all();
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
                notice("All points removed: click on a map to draw points of the chosen class; the race starts once both classes have points.");
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
    fn frame(&mut self) -> bool {
        if !self.playing {
            return false;
        }
        let start = dom::now_ms();
        let mut steps = 0;
        if let Some(race) = &mut self.race {
            for _ in 0..self.state.speed {
                race.step();
                steps += 1;
                if dom::now_ms() - start > FRAME_BUDGET_MS {
                    break;
                }
            }
            if race.lanes().iter().all(|l| l.diverged().is_some()) {
                self.playing = false;
                self.render_play();
            }
        }
        let now = dom::now_ms();
        let charts = now - self.last_charts_ms >= CHART_INTERVAL_MS;
        if charts || now - self.last_maps_ms >= MAP_INTERVAL_MS {
            self.draw(charts);
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
        self.playing
    }

    // ------------------------------------------------------------------ rendering

    fn fill_menus(&self) {
        dom::set_html(
            "dataset",
            &controls::options(DatasetKind::ALL.iter().map(|k| (k.name(), k.label())), ""),
        );
        dom::set_html(
            "activation",
            &controls::options(Activation::ALL.iter().map(|a| (a.name(), a.label())), ""),
        );
        dom::set_html(
            "init",
            &controls::options(Init::ALL.iter().map(|i| (i.name(), i.label())), ""),
        );
        dom::set_html(
            "loss",
            &controls::options(LossChoice::ALL.iter().map(|l| (l.name(), l.label())), ""),
        );
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
        ] {
            dom::set_value(id, &value);
            if let Some(el) = dom::by_id(id) {
                dom::field_message(&el, None);
            }
        }
        dom::set_text("speed-out", &format!("{} steps/frame", s.speed));
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
        self.draw(true);
    }

    fn render_play(&self) {
        if let Some(play) = dom::by_id("play") {
            play.set_text_content(Some(if self.playing { "Pause" } else { "Play" }));
            let _ = play.set_attribute("aria-pressed", &self.playing.to_string());
        }
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
    }

    fn render_perf(&self) {
        let first = self
            .perf
            .first_map_ms
            .map_or("–".to_string(), |t| format!("{t:.0} ms"));
        dom::set_text(
            "perf",
            &format!(
                "{:.0} fps · {:.0} training steps/s per lane · first heatmap after {first}",
                self.perf.fps, self.perf.steps_per_s
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
                x_label: "step",
                y_label: "lr",
                log_y: false,
                y_range: Some((0.0, if top > 0.0 { 1.1 * top } else { 1.0 })),
                legend: false,
                lines: &lines,
            },
        );
    }

    /// Redraws maps, figures and (when `charts`) the curves and the inspector.
    fn draw(&mut self, charts: bool) {
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
        dom::set_text("counter", &format!("step {step} · epoch {epoch}"));
    }

    fn draw_maps(&mut self) {
        let (train, test) = match &self.race {
            Some(r) => (r.train().clone(), r.test().clone()),
            None => self.state.datasets(),
        };
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
                lane.net_mut().probabilities(&self.grid, &mut self.probs);
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
                    "<span>train loss <b>{}</b></span><span>test loss <b>{}</b></span><span>accuracy <b>{}</b> train · <b>{}</b> test</span>",
                    figure(r.train_loss),
                    figure(r.test_loss),
                    percent(r.train_accuracy),
                    percent(r.test_accuracy)
                );
                dom::set_html(&format!("metrics-{i}"), &metrics);
                let badge = format!("badge-{i}");
                match lane.diverged() {
                    Some(d) => {
                        dom::set_text(&badge, &d.to_string());
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
            ("chart-train", "Train loss", "loss", |r| r.train_loss, true),
            ("chart-test", "Test loss", "loss", |r| r.test_loss, true),
            (
                "chart-accuracy",
                if has_test {
                    "Test accuracy"
                } else {
                    "Train accuracy"
                },
                "accuracy",
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
                    x_label: "step",
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
        let mut html = rule::symbolic(&config).concat();
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
                        "{}: click a weight in the diagram to follow it",
                        config.kind().label()
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
