//! The lanes: one card per lane with its name, optimizer, hyperparameters and schedule, and
//! (in the classifier view) its map, the decision boundary over the plane with the data, on
//! which a learner draws and erases points.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlCanvasElement, HtmlElement};

use crate::data::BOX;
use crate::format::{figure, percent};
use crate::i18n;
use crate::state::MAX_LANES;
use crate::view::controls;
use crate::view::heatmap::{grid_inputs, pixels, ViewBox};
use crate::view::palette;
use crate::web::dom;
use crate::web::draw::chart::{self, Line, LineChart};
use crate::web::draw::heatmap::{draw_map, MapView};
use crate::web::model::Model;

/// Cells per side of a lane's decision-boundary heatmap.
const MAP_CELLS: usize = 50;
/// A touch held this long erases instead of adding.
const LONG_PRESS_MS: f64 = 500.0;

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
            .map(|(i, lane)| controls::lane_card(i, lane, n, Self::details_open(i)))
            .collect();
        dom::set_html("lanes", &html);
        for i in 0..n {
            self.draw_schedule(model, i);
        }
        if let Some(add) = dom::by_id("add-lane") {
            if n >= MAX_LANES {
                let _ = add.set_attribute("disabled", "");
            } else {
                let _ = add.remove_attribute("disabled");
            }
        }
    }

    /// Lane `i`'s card anew, focus back on its optimizer menu (the edited control went with
    /// the old card).
    pub fn render_one(&mut self, model: &Model, i: usize) {
        let n = model.exp.lanes.len();
        if let Some(card) = dom::by_id(&format!("lane-{i}")) {
            card.set_outer_html(&controls::lane_card(
                i,
                &model.exp.lanes[i],
                n,
                Self::details_open(i),
            ));
        }
        self.draw_schedule(model, i);
        if let Some(el) = dom::document()
            .query_selector(&format!("#lane-{i} select"))
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<HtmlElement>().ok())
        {
            let _ = el.focus();
        }
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
            label: "learning rate",
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
        let (train, test) = match &model.race {
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
            let mut summary = format!("Lane {name}: no training points yet.");
            if let Some(lane) = model.race.as_mut().and_then(|r| r.lanes_mut().get_mut(i)) {
                let classes = lane.net().classes();
                self.probs.resize(MAP_CELLS * MAP_CELLS * classes, 0.0);
                lane.net_mut()
                    .pixel_probabilities(&self.grid, &mut self.probs);
                pixels(&self.probs, classes, &mut self.rgba);
                drawn = true;
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
                // A diverged lane has stopped; an unstable one runs on, far above its start.
                let status = match (lane.diverged(), lane.unstable()) {
                    (Some(d), _) => Some((d.to_string(), false)),
                    (None, Some(u)) => Some((u.to_string(), true)),
                    (None, None) => None,
                };
                match status {
                    Some((text, unstable)) => {
                        dom::set_text(&badge, &i18n::message(lang, &text));
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
            let _ = canvas.set_attribute("aria-label", &summary);
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
        if erase || held >= LONG_PRESS_MS {
            Ok(model
                .exp
                .erase_point(point, 0.04 * (self.view.max - self.view.min)))
        } else {
            model.exp.add_point(point, model.draw_class).map(|()| true)
        }
    }
}
