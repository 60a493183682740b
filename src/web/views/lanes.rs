//! The lanes: one card per lane with its name, optimizer, hyperparameters and schedule, and
//! (in the classifier view) its map, the decision boundary over the plane with the data, on
//! which a learner draws and erases points with a pointer or, at a crosshair, with keys.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlCanvasElement, HtmlElement};

use crate::data::{Dataset, BOX};
use crate::format::{figure, percent};
use crate::i18n;
use crate::state::{DigitView, MAX_LANES};
use crate::view::controls;
use crate::view::cursor::{digit, nudge, Keyed, Move};
use crate::view::heatmap::{grid_inputs, pixels, ViewBox};
use crate::view::palette;
use crate::view::table::{self, PointRow, PointWords};
use crate::web::dom;
use crate::web::draw::chart::{self, Line, LineChart};
use crate::web::draw::confusion::draw_confusion;
use crate::web::draw::focus;
use crate::web::draw::heatmap::{draw_map, MapView};
use crate::web::model::Model;
use crate::web::views::digits::Sample;

/// Cells per side of a lane's decision-boundary heatmap.
const MAP_CELLS: usize = 50;
/// A touch held this long erases instead of adding.
const LONG_PRESS_MS: f64 = 500.0;
/// An erase takes the nearest point within this share of the map's side.
const ERASE_REACH: f64 = 0.04;

/// What a press or a key does to the data at a point.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PointEdit {
    /// Adds a point of this class.
    Add(usize),
    /// Erases the nearest point, if one is near enough.
    Erase,
}

/// The lanes' cards and maps.
pub struct Lanes {
    view: ViewBox,
    /// The map's grid points, `2 · MAP_CELLS²` coordinates.
    grid: Vec<f64>,
    probs: Vec<f64>,
    rgba: Vec<u8>,
    scratch: HtmlCanvasElement,
    /// When the current press on a map began (a long press erases).
    pressed_at: Option<f64>,
    /// When the first map with a trained network was drawn (ms after navigation).
    pub first_map_ms: Option<f64>,
    /// When the digits' view was last drawn with a race (for the page's figure).
    pub digits_drawn_ms: Option<f64>,
    /// The test digits the lanes' grids show.
    sample: Sample,
    /// The keyboard's crosshair on the plane (one for every map), and the lane whose map shows
    /// it (the map with the keyboard's focus).
    cursor: [f64; 2],
    ring: Option<usize>,
    /// Lanes whose schedule chart (in folded details) is not drawn yet: drawn one per frame
    /// after the first view, so start-up carries none of them.
    schedules_due: Vec<usize>,
}

/// The line under lane `i`'s map that says where the crosshair is and what a key did.
fn status(i: usize) -> String {
    format!("cursor-{i}")
}

impl Lanes {
    pub fn new() -> Option<Lanes> {
        let view = ViewBox {
            min: -BOX,
            max: BOX,
        };
        let mut grid = Vec::new();
        grid_inputs(view, MAP_CELLS, &mut grid);
        Some(Lanes {
            view,
            grid,
            probs: Vec::new(),
            rgba: Vec::new(),
            scratch: dom::new_canvas().ok()?,
            pressed_at: None,
            first_map_ms: None,
            digits_drawn_ms: None,
            sample: Sample::default(),
            cursor: [0.0, 0.0],
            ring: None,
            schedules_due: Vec::new(),
        })
    }

    fn details_open(i: usize) -> bool {
        dom::by_id(&format!("details-{i}")).is_some_and(|d| d.has_attribute("open"))
    }

    /// Every lane's card, anew (a card's folded details stay as they were).
    pub fn render(&mut self, model: &Model) {
        let lanes = &model.exp.lanes;
        let n = lanes.len();
        let html: String = lanes
            .iter()
            .enumerate()
            .map(|(i, lane)| controls::lane_card(i, lane, n, Self::details_open(i), model.lang))
            .collect();
        dom::set_html("lanes", &html);
        self.schedules_due.clear();
        for i in 0..n {
            if Self::details_open(i) {
                self.draw_schedule(model, i);
            } else {
                self.schedules_due.push(i);
            }
        }
        if let Some(add) = dom::by_id("add-lane") {
            if n >= MAX_LANES {
                let _ = add.set_attribute("disabled", "");
            } else {
                let _ = add.remove_attribute("disabled");
            }
        }
    }

    /// Lane `i`'s card anew, focus back on its optimizer menu if it was in the card (the
    /// edited control went with the old card); focus elsewhere (a map that gave the lane its
    /// values) stays where it is.
    pub fn render_one(&mut self, model: &Model, i: usize) {
        let n = model.exp.lanes.len();
        let mut focused = false;
        if let Some(card) = dom::by_id(&format!("lane-{i}")) {
            focused = dom::document()
                .active_element()
                .is_some_and(|a| card.contains(Some(&a)));
            card.set_outer_html(&controls::lane_card(
                i,
                &model.exp.lanes[i],
                n,
                Self::details_open(i),
                model.lang,
            ));
        }
        self.schedules_due.retain(|&d| d != i);
        self.draw_schedule(model, i);
        if !focused {
            return;
        }
        if let Some(el) = dom::document()
            .query_selector(&format!("#lane-{i} select"))
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    }

    /// Draws one schedule chart still due; returns whether more are.
    pub fn draw_due_schedule(&mut self, model: &Model) -> bool {
        if let Some(i) = self.schedules_due.pop() {
            if i < model.exp.lanes.len() {
                self.draw_schedule(model, i);
            }
        }
        !self.schedules_due.is_empty()
    }

    /// The learning rate of lane `i` per step, over the race so far (at least 1000 steps).
    fn draw_schedule(&self, model: &Model, i: usize) {
        let Some(canvas) = dom::canvas(&format!("schedule-{i}")) else {
            return;
        };
        let lane = &model.exp.lanes[i];
        let horizon = model.race.as_ref().map_or(0, |r| r.steps()).max(1000);
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
            label: "lr",
            color: palette::lane(i),
            dash: palette::dash(i),
            points: &points,
        }];
        let _ = chart::draw_lines(
            &canvas,
            &LineChart {
                title: "",
                x_label: model.tr("axis_step"),
                y_label: model.tr("axis_lr"),
                log_y: false,
                y_range: Some((0.0, if top > 0.0 { 1.1 * top } else { 1.0 })),
                legend: false,
                lines: &lines,
            },
        );
    }

    /// Every lane's map, figures and divergence badge.
    pub fn draw(&mut self, model: &mut Model) {
        // Points with no plane (the digits): each lane's confusion matrix instead of its map.
        let digits = model.exp.dataset.dim() != 2;
        let (train, test) = match &model.race {
            _ if digits => (Dataset::new(2), Dataset::new(2)),
            Some(r) => (r.train().clone(), r.test().clone()),
            None => model.exp.datasets(),
        };
        let lang = model.lang;
        for i in 0..model.exp.lanes.len() {
            let Some(canvas) = dom::canvas(&format!("heatmap-{i}")) else {
                continue;
            };
            let name = model.exp.lanes[i].name.clone();
            let mut drawn = false;
            let mut counts: Option<Vec<u32>> = None;
            let mut summary = if digits {
                i18n::message(lang, &format!("Lane {name}: the digits are loading."))
            } else {
                i18n::message(lang, &format!("Lane {name}: no training points yet."))
            };
            if let Some(lane) = model.race.as_mut().and_then(|r| r.lanes_mut().get_mut(i)) {
                if digits {
                    // Counted by the lane's own test evaluation, as its accuracy is.
                    counts = Some(lane.confusion().to_vec());
                }
                let r = *lane.latest();
                if digits {
                    summary = i18n::message(lang, &format!(
                        "Confusion matrix of lane {name} at step {}: rows are the true digits, columns the predicted ones; test accuracy {}.",
                        r.step,
                        percent(r.test_accuracy)
                    ));
                } else {
                    let classes = lane.net().classes();
                    self.probs.resize(MAP_CELLS * MAP_CELLS * classes, 0.0);
                    lane.net_mut()
                        .pixel_probabilities(&self.grid, &mut self.probs);
                    pixels(&self.probs, classes, &mut self.rgba);
                    drawn = true;
                    summary = i18n::message(lang, &format!(
                        "Decision boundary of lane {name} at step {}: train loss {}, test loss {}, train accuracy {}, test accuracy {}.",
                        r.step,
                        figure(r.train_loss),
                        figure(r.test_loss),
                        percent(r.train_accuracy),
                        percent(r.test_accuracy)
                    ));
                }
                let metrics = i18n::numerals(lang, &format!(
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
                ));
                dom::set_html(&format!("metrics-{i}"), &metrics);
                let badge = format!("badge-{i}");
                // A diverged lane has stopped; an unstable one runs on, far above its start.
                let status = match (lane.diverged(), lane.unstable()) {
                    (Some(d), _) => Some((d.to_string(), false)),
                    (None, Some(u)) => Some((u.to_string(), true)),
                    (None, None) => None,
                };
                match status {
                    Some((text, unstable)) => {
                        let text = i18n::message(lang, &text);
                        dom::set_text(&badge, &text);
                        if let Some(el) = dom::by_id(&badge) {
                            let _ = el.class_list().toggle_with_force("unstable", unstable);
                        }
                        dom::set_hidden(&badge, false);
                        summary.push(' ');
                        summary.push_str(&text);
                    }
                    None => dom::set_hidden(&badge, true),
                }
            }
            if digits {
                let k = model.exp.classes();
                let shown = counts.as_deref().unwrap_or(&[]);
                let pictured = match model.exp.digit_view {
                    DigitView::Confusion => None,
                    _ => self.sample.draw_lane(&canvas, &self.scratch, model, i),
                };
                let drawn = match pictured {
                    Some(words) => {
                        summary = words;
                        true
                    }
                    None => draw_confusion(&canvas, shown, k, palette::lane(i)).is_ok(),
                };
                if drawn && counts.is_some() {
                    let now = dom::now_ms();
                    self.first_map_ms.get_or_insert(now);
                    self.digits_drawn_ms = Some(now);
                }
                let _ = canvas.set_attribute("aria-label", &summary);
                // The examples counted (the held-out set's size), for the page tests.
                let total: u32 = shown.iter().sum();
                let _ = canvas.set_attribute("data-total", &total.to_string());
                continue;
            }
            let rgba: &[u8] = if drawn { &self.rgba } else { &[] };
            let map = MapView {
                rgba,
                n: MAP_CELLS,
                view: self.view,
                train: &train,
                test: model.exp.show_test.then_some(&test),
            };
            if draw_map(&canvas, &self.scratch, &map).is_ok()
                && drawn
                && self.first_map_ms.is_none()
            {
                // performance.now() counts from the start of navigation.
                self.first_map_ms = Some(dom::now_ms());
            }
            if self.ring == Some(i) && dom::has_focus(&canvas.id()) {
                self.draw_crosshair(&canvas);
            }
            let _ = canvas.set_attribute("aria-label", &summary);
        }
    }

    /// Every lane's points as a table, into each "points as a table" panel a learner opened:
    /// where each point is, its class and set, and the class the lane predicts there.
    pub fn fill_tables(&mut self, model: &mut Model) {
        if model.exp.dataset.dim() != 2 {
            return;
        }
        let lang = model.lang;
        for i in 0..model.exp.lanes.len() {
            if dom::is_open(&format!("points-table-{i}")) {
                let html = points_html(model, i);
                dom::set_html(
                    &format!("points-table-body-{i}"),
                    &i18n::numerals(lang, &html),
                );
            }
        }
    }

    /// A press on a map begins (a long one erases).
    pub fn press(&mut self) {
        self.pressed_at = Some(dom::now_ms());
    }

    /// A press that turned into a scroll is not a tap.
    pub fn cancel_press(&mut self) {
        self.pressed_at = None;
    }

    /// A press on a map ends at canvas pixel `(px, py)`: adds a point of the chosen class, or
    /// with `erase` (or a long press) erases the nearest one. Returns whether the data changed,
    /// or why nothing could be drawn.
    pub fn release(
        &mut self,
        model: &mut Model,
        canvas: &Element,
        (px, py): (f64, f64),
        erase: bool,
    ) -> Result<bool, String> {
        let held = self.pressed_at.take().map_or(0.0, |t| dom::now_ms() - t);
        let Some(c) = canvas.dyn_ref::<HtmlCanvasElement>() else {
            return Ok(false);
        };
        let (w, h) = (c.width() as f64, c.height() as f64);
        let point = [
            self.view.from_pixel(px, w, false),
            self.view.from_pixel(py, h, true),
        ];
        // The keyboard's crosshair goes where the pointer drew.
        self.cursor = point;
        let edit = if erase || held >= LONG_PRESS_MS {
            PointEdit::Erase
        } else {
            PointEdit::Add(model.draw_class)
        };
        self.edit_point(model, point, edit)
    }

    /// Adds or erases a point at `point`, for a press and a key alike. Returns whether the
    /// data changed, or why nothing could be drawn.
    pub fn edit_point(
        &self,
        model: &mut Model,
        point: [f64; 2],
        edit: PointEdit,
    ) -> Result<bool, String> {
        match edit {
            PointEdit::Erase => Ok(model
                .exp
                .erase_point(point, ERASE_REACH * (self.view.max - self.view.min))),
            PointEdit::Add(class) => model.exp.add_point(point, class).map(|()| true),
        }
    }

    /// The crosshair on `canvas`, a ring as wide as an erase reaches.
    fn draw_crosshair(&self, canvas: &HtmlCanvasElement) {
        let (w, h) = (canvas.width() as f64, canvas.height() as f64);
        let (x, y) = (
            self.view.to_pixel(self.cursor[0], w, false),
            self.view.to_pixel(self.cursor[1], h, true),
        );
        if let Ok(ctx) = dom::context(canvas) {
            focus::crosshair(&ctx, x, y, ERASE_REACH * w);
        }
    }

    /// The keyboard's crosshair.
    pub fn cursor(&self) -> [f64; 2] {
        self.cursor
    }

    /// Lane `i`'s map took (`on`) or lost the focus; `shown` when from the keyboard: the
    /// crosshair appears, and the line under the map says where it is and which keys draw.
    pub fn focus(&mut self, model: &mut Model, i: usize, on: bool, shown: bool) {
        if on && !shown {
            return;
        }
        self.ring = on.then_some(i);
        if on {
            self.say(model, i, "kbd.crosshair", None);
            // Beside the map, the keys too (a screen reader has them as the map's description).
            let line = format!(
                "{} {}",
                dom::by_id(&status(i))
                    .and_then(|e| e.text_content())
                    .unwrap_or_default(),
                model.tr("keys.draw")
            );
            dom::set_text(&status(i), &line);
        } else {
            dom::set_text(&status(i), "");
        }
        self.draw(model);
    }

    /// A key on lane `i`'s map: the arrows move the crosshair by a fiftieth of the map (`coarse`,
    /// with Shift: five times as far); a digit adds a point of that class, Enter one of the
    /// chosen class, Delete and Backspace erase the nearest point, for the page to apply as it
    /// does a press.
    pub fn key(
        &mut self,
        model: &mut Model,
        i: usize,
        key: &str,
        coarse: bool,
    ) -> Keyed<PointEdit> {
        let classes = model.exp.classes();
        let done = match (Move::from_key(key), digit(key)) {
            (Some(mv @ (Move::Left | Move::Right | Move::Up | Move::Down)), _) => {
                let span = [self.view.min, self.view.max];
                self.cursor = nudge(self.cursor, (span, span), mv, coarse, 0.001);
                self.say(model, i, "kbd.crosshair", None);
                Keyed::Moved
            }
            (_, Some(c)) if c < classes => Keyed::Chosen(PointEdit::Add(c)),
            (_, Some(c)) => {
                let text = i18n::fill(
                    model.tr("kbd.no_class"),
                    &[&c.to_string(), &classes.to_string()],
                );
                dom::announce(&status(i), &i18n::numerals(model.lang, &text));
                Keyed::Moved
            }
            _ => match key {
                "Enter" => Keyed::Chosen(PointEdit::Add(model.draw_class)),
                "Delete" | "Backspace" => Keyed::Chosen(PointEdit::Erase),
                _ => return Keyed::Ignored,
            },
        };
        if self.ring != Some(i) || done == Keyed::Moved {
            self.ring = Some(i);
            self.draw(model);
        }
        done
    }

    /// Says, under lane `i`'s map, a sentence of `template` about the crosshair: `{0}` and
    /// `{1}` its coordinates, or with a `class`, `{0}` the class and `{1}`, `{2}` the
    /// coordinates.
    pub fn say(&self, model: &Model, i: usize, template: &'static str, class: Option<usize>) {
        let [x, y] = self.cursor.map(figure);
        let class = class.map(|c| c.to_string());
        let mut args: Vec<&str> = class.iter().map(String::as_str).collect();
        args.extend([x.as_str(), y.as_str()]);
        let text = i18n::fill(model.tr(template), &args);
        dom::announce(&status(i), &i18n::numerals(model.lang, &text));
    }
}

/// Lane `i`'s points as a table, with the lane's prediction once it has a network.
fn points_html(model: &mut Model, i: usize) -> String {
    let lang = model.lang;
    let (train, test) = match &model.race {
        Some(r) => (r.train().clone(), r.test().clone()),
        None => model.exp.datasets(),
    };
    let name = model.exp.lanes[i].name.clone();
    let predict = |lane: &mut crate::race::Lane, set: &crate::data::Dataset| {
        let k = lane.net().classes();
        let mut probs = vec![0.0; set.labels.len() * k];
        lane.net_mut().probabilities(&set.inputs, &mut probs);
        table::argmax_rows(&probs, k)
    };
    let (train_p, test_p) = match model.race.as_mut().and_then(|r| r.lanes_mut().get_mut(i)) {
        Some(lane) => (Some(predict(lane, &train)), Some(predict(lane, &test))),
        None => (None, None),
    };
    let rows = |set: &crate::data::Dataset, predicted: &Option<Vec<usize>>, test: bool| {
        (0..set.labels.len())
            .map(|j| PointRow {
                x: set.inputs[2 * j],
                y: set.inputs[2 * j + 1],
                class: set.labels[j],
                test,
                predicted: predicted.as_ref().map(|p| p[j]),
            })
            .collect::<Vec<_>>()
    };
    let mut all = rows(&train, &train_p, false);
    if model.exp.show_test {
        all.extend(rows(&test, &test_p, true));
    }
    let caption = i18n::fill(i18n::t(lang, "table.points_caption"), &[&name]);
    let words = PointWords {
        caption: &caption,
        class: i18n::t(lang, "class"),
        set: i18n::t(lang, "table.set"),
        predicted: i18n::t(lang, "table.predicted"),
        train: i18n::t(lang, "train"),
        test: i18n::t(lang, "test"),
        wrong: i18n::t(lang, "table.wrong"),
    };
    table::points_table(&words, &all)
}
