//! The hyperparameter map: for the chosen lane, a grid over two of its hyperparameters, each
//! cell run from the landscape's start and coloured by its final loss, computed a slice per
//! frame; a click gives the lane that cell's values, and so does Enter on the cell under the
//! keyboard's cursor.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlCanvasElement};

use crate::format::{figure, fixed};
use crate::i18n;
use crate::landscape::{sweepable, Axis, HyperMap, Landscape};
use crate::view::controls;
use crate::view::cursor::{Cell, Keyed, Move};
use crate::web::dom;
use crate::web::draw::contour::draw_hypermap;
use crate::web::draw::focus;
use crate::web::model::Model;

/// The map panel's state.
pub struct HyperMapView {
    map: Option<HyperMap>,
    started_ms: f64,
    scratch: HtmlCanvasElement,
    /// The keyboard's cell, and whether it shows (the map has the keyboard's focus).
    cursor: Cell,
    ring: bool,
}

/// The line under the map that says what the cursor's cell holds.
const STATUS: &str = "hypermap-cursor";

/// The two hyperparameters' names and a cell's values.
pub type CellValues = [(String, f64); 2];

/// The text of a field of the map panel.
fn value(id: &str) -> String {
    dom::by_id(id)
        .and_then(|e| dom::control_value(&e))
        .unwrap_or_default()
}

impl HyperMapView {
    pub fn new() -> Option<HyperMapView> {
        Some(HyperMapView {
            map: None,
            started_ms: 0.0,
            scratch: dom::new_canvas().ok()?,
            cursor: Cell::centre(0),
            ring: false,
        })
    }

    /// A new experiment: the old map is gone.
    pub fn clear(&mut self) {
        self.map = None;
    }

    /// The menus of the two hyperparameters, keeping a choice the lane still has.
    pub fn render(&self, model: &Model) {
        let Some(lane) = model.exp.lanes.get(model.exp.inspect_lane) else {
            return;
        };
        let names = sweepable(&lane.optimizer);
        for (id, default) in [("map-x", "lr"), ("map-y", "momentum")] {
            let current = Some(value(id))
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

    /// Starts a map from the panel's fields; returns whether it started (else the panel says
    /// why).
    pub fn start(&mut self, model: &Model, land: &Landscape) -> bool {
        let number = |id: &str| -> Result<f64, String> {
            crate::float::parse(value(id).trim())
                .ok_or_else(|| format!("{:?} is not a number", value(id)))
        };
        let axis = |fallback: &str, side: &str| -> Result<Axis, String> {
            let name = value(&format!("map-{side}"));
            Ok(Axis {
                name: if name.is_empty() {
                    fallback.into()
                } else {
                    name
                },
                low: number(&format!("map-{side}-low"))?,
                high: number(&format!("map-{side}-high"))?,
                log: value(&format!("map-{side}-log")) == "true",
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
            let lane = model
                .exp
                .lanes
                .get(model.exp.inspect_lane)
                .ok_or("no lane to map")?
                .clone();
            HyperMap::new(
                land.clone(),
                lane,
                axis("lr", "x")?,
                axis("momentum", "y")?,
                n as usize,
                steps as usize,
            )
        })();
        match result {
            Ok(map) => {
                if self.map.as_ref().is_none_or(|m| m.n != map.n) {
                    self.cursor = Cell::centre(map.n);
                }
                self.map = Some(map);
                self.started_ms = dom::now_ms();
                status("computing…");
                true
            }
            Err(e) => {
                status(&e);
                false
            }
        }
    }

    /// Runs cells for up to `budget_ms`; returns whether the map still has work.
    pub fn work(&mut self, budget_ms: f64) -> bool {
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
        if done {
            let seconds = (dom::now_ms() - self.started_ms) / 1000.0;
            status(&format!(
                "{cells} cells of {} steps in {} s",
                map.steps,
                fixed(seconds, 2)
            ));
        } else {
            status(&format!("computing… {} of {cells} cells", map.progress()));
        }
        self.draw();
        !done
    }

    /// The map, and the keyboard's cell on it while the map has the keyboard's focus.
    pub fn draw(&self) {
        let Some(canvas) = dom::canvas("hypermap") else {
            return;
        };
        if !self.paint(&canvas) {
            return;
        }
        if let (Some(map), true) = (&self.map, self.ring && dom::has_focus("hypermap")) {
            let (w, h) = (canvas.width() as f64, canvas.height() as f64);
            if let Ok(ctx) = dom::context(&canvas) {
                focus::cell(&ctx, self.cursor.within(map.n).rect(map.n, w, h), 10.0);
            }
        }
    }

    /// The map onto `canvas` (its own, or an export's); whether there is a map to draw.
    pub fn paint(&self, canvas: &HtmlCanvasElement) -> bool {
        let Some(map) = &self.map else { return false };
        draw_hypermap(canvas, &self.scratch, map).is_ok()
    }

    /// A click on the map at canvas pixel `(x, y)`: the inspected lane's two fields and the
    /// cell's values, for the page to apply. The keyboard's cursor goes there too.
    pub fn pick(&mut self, el: &Element, x: f64, y: f64) -> Option<CellValues> {
        let map = self.map.as_ref()?;
        let c = el.dyn_ref::<HtmlCanvasElement>()?;
        self.cursor = Cell::at_pixel(map.n, x, y, c.width() as f64, c.height() as f64);
        self.values(self.cursor)
    }

    /// The two hyperparameters at `cell`.
    fn values(&self, cell: Cell) -> Option<CellValues> {
        let map = self.map.as_ref()?;
        let Cell { i, j } = cell.within(map.n);
        Some([
            (map.x.name.clone(), map.x.value(i, map.n)),
            (map.y.name.clone(), map.y.value(j, map.n)),
        ])
    }

    /// The map took (`on`) or lost the focus; `shown` when from the keyboard: the cursor's
    /// cell is drawn and said.
    pub fn focus(&mut self, model: &Model, on: bool, shown: bool) {
        if on && !shown {
            return;
        }
        self.ring = on;
        if on {
            self.say(model);
        } else {
            dom::set_text(STATUS, "");
        }
        self.draw();
    }

    /// A key on the map: the arrows, Home, End, Page Up and Page Down move the cursor (see
    /// [`Cell::moved`]); Enter chooses its cell's values, for the page to apply as a click's.
    pub fn key(&mut self, model: &Model, key: &str) -> Keyed<CellValues> {
        let mv = Move::from_key(key);
        if mv.is_none() && key != "Enter" {
            return Keyed::Ignored;
        }
        self.ring = true;
        let Some(n) = self.map.as_ref().map(|m| m.n) else {
            dom::announce(STATUS, model.tr("kbd.no_map"));
            return Keyed::Moved;
        };
        match mv {
            Some(mv) => {
                self.cursor = self.cursor.moved(n, mv);
                self.say(model);
                self.draw();
                Keyed::Moved
            }
            None => self.values(self.cursor).map_or(Keyed::Moved, Keyed::Chosen),
        }
    }

    /// Says the cursor's cell: its two values and its final loss.
    fn say(&self, model: &Model) {
        let (Some(map), Some([(x, vx), (y, vy)])) = (&self.map, self.values(self.cursor)) else {
            dom::announce(STATUS, model.tr("kbd.no_map"));
            return;
        };
        let Cell { i, j } = self.cursor.within(map.n);
        let k = j * map.n + i;
        let loss = map.losses.get(k).copied().unwrap_or(f64::NAN);
        let outcome = if k >= map.progress() {
            model.tr("kbd.pending").to_string()
        } else if loss.is_finite() {
            i18n::fill(model.tr("kbd.final_loss"), &[&figure(loss)])
        } else {
            model.tr("kbd.diverged").to_string()
        };
        let text = i18n::fill(
            model.tr("kbd.cell"),
            &[&x, &figure(vx), &y, &figure(vy), &outcome],
        );
        dom::announce(STATUS, &i18n::numerals(model.lang, &text));
    }

    /// Says which values a lane took from the map.
    pub fn picked(lane: &str, values: &CellValues) {
        status(&format!(
            "lane {lane} now has {} = {}, {} = {}",
            values[0].0,
            figure(values[0].1),
            values[1].0,
            figure(values[1].1)
        ));
    }
}

/// The map's status line, in the page's language.
fn status(text: &str) {
    dom::set_text("map-status", &i18n::message(dom::page_lang(), text));
}
