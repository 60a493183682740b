//! The loss landscape: every lane walks a 2-D surface from one start, drawn over its contour
//! map; the learner pans, zooms and clicks a new start (or moves it with the arrow keys), and
//! the caption says what the chosen lane's optimizer did at its last step.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlCanvasElement};

use crate::format::{figure, plain};
use crate::i18n;
use crate::landscape::{Landscape, Walker};
use crate::race::Divergence;
use crate::surface::{TestFunction, View};
use crate::view::controls;
use crate::view::cursor::{follow, shift, thousandth, Keyed, Move};
use crate::web::dom;
use crate::web::draw::chart::{self, drawable, LineChart, CURVE_POINTS};
use crate::web::draw::contour::{draw_landscape, ContourCache, Frame};
use crate::web::draw::focus;
use crate::web::model::Model;

/// A press on the contour map: where (pixels), the view then, and whether it has moved (a
/// drag pans; a click sets the start).
struct Drag {
    x: f64,
    y: f64,
    view: View,
    moved: bool,
}

/// The landscape view's state.
pub struct LandscapeView {
    pub land: Landscape,
    pub walkers: Vec<Walker>,
    /// The contour map's view after panning and zooming; `None` is the surface's own.
    zoom: Option<View>,
    /// The surface (and scale) the zoom was made on.
    zoomed_on: String,
    contour: ContourCache,
    drag: Option<Drag>,
    scratch: HtmlCanvasElement,
    /// Whether the start shows the keyboard's ring (the map has the keyboard's focus).
    ring: bool,
}

/// The line under the map that says where the start is.
const STATUS: &str = "landscape-cursor";

/// A start as the `start` field reads it, to a thousandth: a click's and an arrow key's alike.
fn start_field(p: [f64; 2]) -> String {
    format!("{},{}", plain(thousandth(p[0])), plain(thousandth(p[1])))
}

/// Which surface a view belongs to.
fn surface_key(model: &Model) -> String {
    format!("{}|{}", model.exp.surface.name(), model.exp.scale.to_bits())
}

impl LandscapeView {
    pub fn new(model: &Model) -> Option<LandscapeView> {
        let mut view = LandscapeView {
            land: model.exp.landscape(),
            walkers: Vec::new(),
            zoom: None,
            zoomed_on: surface_key(model),
            contour: ContourCache::default(),
            drag: None,
            scratch: dom::new_canvas().ok()?,
            ring: false,
        };
        let _ = view.restart(model);
        Some(view)
    }

    /// Every walker back at the start, from the experiment's surface and lanes. On error (a
    /// lane's optimizer the surface cannot build) the message names the lane.
    pub fn restart(&mut self, model: &Model) -> Result<(), String> {
        self.land = model.exp.landscape();
        self.walkers.clear();
        for lane in &model.exp.lanes {
            let walker = self
                .land
                .walker(lane)
                .map_err(|e| format!("lane {}: {e}", lane.name))?;
            self.walkers.push(walker);
        }
        Ok(())
    }

    /// The surface may have changed: a fresh view of a new one (a new start, a new noise or a
    /// new number of steps keeps the learner's zoom), and every walker at the start.
    pub fn reset_view(&mut self, model: &Model) -> Result<(), String> {
        let key = surface_key(model);
        if key != self.zoomed_on {
            self.zoom = None;
            self.zoomed_on = key;
        }
        self.restart(model)
    }

    /// The menu of the lane whose arrows and caption are shown.
    pub fn render(&self, model: &Model) {
        dom::set_html(
            "focus-lane",
            &controls::lane_options(&model.exp.lanes, model.exp.inspect_lane),
        );
    }

    /// The contour map's current view.
    fn view(&self) -> View {
        self.zoom
            .unwrap_or_else(|| self.land.surface.function().view())
    }

    /// Steps every walker that has steps left; returns whether any moved.
    pub fn step(&mut self, model: &Model, steps: usize) -> bool {
        let limit = model.exp.walk_steps;
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

    pub fn zoom_by(&mut self, model: &Model, factor: f64) {
        let (vx, vy) = self.view();
        let (cx, cy) = ((vx[0] + vx[1]) / 2.0, (vy[0] + vy[1]) / 2.0);
        let (hx, hy) = (
            (vx[1] - vx[0]) / 2.0 * factor,
            (vy[1] - vy[0]) / 2.0 * factor,
        );
        self.zoom = Some(([cx - hx, cx + hx], [cy - hy, cy + hy]));
        self.draw(model);
    }

    pub fn zoom_reset(&mut self, model: &Model) {
        self.zoom = None;
        self.draw(model);
    }

    /// A press on the map begins (`down`) or ends. A press that ends where it began is a click:
    /// it returns the new start as the `start` field's text.
    pub fn press(&mut self, el: &Element, x: f64, y: f64, down: bool) -> Option<String> {
        if down {
            self.drag = Some(Drag {
                x,
                y,
                view: self.view(),
                moved: false,
            });
            return None;
        }
        let drag = self.drag.take()?;
        if drag.moved {
            return None;
        }
        let c = el.dyn_ref::<HtmlCanvasElement>()?;
        let frame = Frame {
            view: drag.view,
            w: c.width() as f64,
            h: c.height() as f64,
        };
        Some(start_field(frame.to_plane(x, y)))
    }

    /// The map took (`on`) or lost the focus; `shown` when from the keyboard: the start gets
    /// its ring and is said.
    pub fn focus(&mut self, model: &Model, on: bool, shown: bool) {
        if on && !shown {
            return;
        }
        self.ring = on;
        if on {
            // A start panned or zoomed out of sight comes into it with the focus.
            self.show(follow(self.view(), self.land.start));
            self.say(model);
        } else {
            dom::set_text(STATUS, "");
        }
        self.draw(model);
    }

    /// An arrow key on the map moves the start by a fiftieth of the view (`coarse`, with Shift:
    /// five times as far), the view panning after it; the new start is the `start` field's
    /// text, for the page to apply as it does a click's.
    pub fn key(&mut self, model: &Model, key: &str, coarse: bool) -> Keyed<String> {
        let Some(mv @ (Move::Left | Move::Right | Move::Up | Move::Down)) = Move::from_key(key)
        else {
            return Keyed::Ignored;
        };
        self.ring = true;
        let view = self.view();
        let p = shift(self.land.start, view, mv, coarse, 0.001);
        // The `start` field's own bounds, whatever the zoom.
        let p = p.map(|v| v.clamp(-1e3, 1e3));
        // The start may leave what is seen: the view pans after it, as a drag would, so the
        // ring stays in sight and the next press moves it as far.
        self.show(follow(view, p));
        let text = start_field(p);
        if text == start_field(self.land.start) {
            // At the `start` field's bounds: nothing to restart.
            self.say(model);
            self.draw(model);
            return Keyed::Moved;
        }
        Keyed::Chosen(text)
    }

    /// The map shows `seen` from now on: the surface's own view stays `None` while unmoved.
    fn show(&mut self, seen: View) {
        if seen != self.view() {
            self.zoom = Some(seen);
        }
    }

    /// Says where the start is.
    pub fn say(&self, model: &Model) {
        let [x, y] = self.land.start;
        let text = i18n::fill(model.tr("kbd.start"), &[&figure(x), &figure(y)]);
        dom::announce(STATUS, &i18n::numerals(model.lang, &text));
    }

    /// The pointer moved over the map: a press that moved far enough pans.
    pub fn pan(&mut self, model: &Model, el: &Element, x: f64, y: f64) {
        let Some(drag) = &mut self.drag else { return };
        if !drag.moved && (x - drag.x).abs() + (y - drag.y).abs() < 5.0 {
            return;
        }
        let Some(c) = el.dyn_ref::<HtmlCanvasElement>() else {
            return;
        };
        let (w, h) = (c.width() as f64, c.height() as f64);
        let view = drag.view;
        let dx = (x - drag.x) / w * (view.0[1] - view.0[0]);
        let dy = (y - drag.y) / h * (view.1[1] - view.1[0]);
        drag.moved = true;
        self.zoom = Some((
            [view.0[0] - dx, view.0[1] - dx],
            [view.1[0] + dy, view.1[1] + dy],
        ));
        self.draw(model);
    }

    /// The contour map with the paths onto `canvas` (an export's own, of the map's size).
    pub fn paint(&mut self, model: &Model, canvas: &HtmlCanvasElement) {
        let exp = &model.exp;
        let key = format!(
            "{}|{}|{}",
            exp.surface.name(),
            exp.scale.to_bits(),
            exp.seed
        );
        let view = self.view();
        let _ = draw_landscape(
            canvas,
            &self.scratch,
            &mut self.contour,
            &self.land.surface,
            &key,
            view,
            self.land.start,
            &self.walkers,
            Some(exp.inspect_lane),
        );
    }

    /// The contour map with the paths, each lane's figures, the caption and the loss chart.
    pub fn draw(&mut self, model: &Model) {
        let exp = &model.exp;
        if let Some(canvas) = dom::canvas("landscape") {
            self.paint(model, &canvas);
            let lang = model.lang;
            if self.ring && dom::has_focus("landscape") {
                let frame = Frame {
                    view: self.view(),
                    w: canvas.width() as f64,
                    h: canvas.height() as f64,
                };
                let (x, y) = frame.to_px(self.land.start);
                if let Ok(ctx) = dom::context(&canvas) {
                    focus::ring(&ctx, x, y, 11.0);
                }
            }
            let text: Vec<String> = self
                .walkers
                .iter()
                .map(|w| {
                    let (step, loss) = (w.steps().to_string(), figure(w.loss()));
                    i18n::fill(i18n::t(lang, "aria.walker"), &[&w.name, &step, &loss])
                })
                .collect();
            let surface = i18n::lookup(lang, &format!("surface.{}", exp.surface.name()))
                .unwrap_or(exp.surface.label());
            let label = i18n::fill(
                i18n::t(lang, "aria.landscape"),
                &[surface, &text.join("; ")],
            );
            let _ = canvas.set_attribute("aria-label", &i18n::numerals(lang, &label));
        }
        let least = self.land.surface.min_value();
        for (i, w) in self.walkers.iter().enumerate() {
            let text = match (w.diverged(), w.unstable()) {
                (Some((step, cause)), _) => Divergence { step, cause }.to_string(),
                (None, Some(u)) => u.to_string(),
                (None, None) => format!(
                    "step {} · loss {} · at ({}, {})",
                    w.steps(),
                    figure(w.loss()),
                    figure(w.point()[0]),
                    figure(w.point()[1])
                ),
            };
            dom::set_text(&format!("walk-{i}"), &i18n::message(model.lang, &text));
        }
        let caption = self
            .walkers
            .get(exp.inspect_lane)
            .map(|w| w.caption_in(model.lang))
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
                    title: i18n::t(model.lang, "chart_landscape"),
                    x_label: model.tr("axis_step"),
                    y_label: model.tr("axis_loss_min"),
                    log_y: true,
                    y_range: None,
                    legend: true,
                    lines: &lines,
                },
            );
        }
        let most = self.walkers.iter().map(Walker::steps).max().unwrap_or(0);
        let counter = format!(
            "{} {most} {} {}",
            model.tr("counter_step"),
            model.tr("counter_of"),
            exp.walk_steps
        );
        dom::set_text("counter", &i18n::numerals(model.lang, &counter));
        let start = format!(
            "{}: ({}, {}).",
            model.tr("start"),
            figure(self.land.start[0]),
            figure(self.land.start[1])
        );
        dom::set_text("start-text", &i18n::numerals(model.lang, &start));
    }
}
