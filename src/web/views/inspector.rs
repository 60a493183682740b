//! Inside the optimizer: the chosen lane's network (each neuron a tile of its output over the
//! plane) and, for a weight the learner follows, its gradient, the optimizer's state for it
//! and the step taken, beside the update rule with the latest numbers. A weight is followed by
//! a click on its edge, or from the keyboard: a ring moves from edge to edge and Enter follows
//! the weight under it.

use web_sys::HtmlCanvasElement;

use crate::data::BOX;
use crate::format::figure;
use crate::i18n;
use crate::view::controls;
use crate::view::cursor::{Keyed, Move};
use crate::view::heatmap::{grid_inputs, ViewBox};
use crate::view::network::{edge_words, Diagram};
use crate::view::rule;
use crate::web::dom::{self, context};
use crate::web::draw::chart::CURVE_POINTS;
use crate::web::draw::network::{draw_network, draw_trace, TILE_CELLS};
use crate::web::model::Model;

/// The inspector's drawing state.
pub struct Inspector {
    /// The tiles' grid points.
    tile_grid: Vec<f64>,
    neuron_values: Vec<f64>,
    scratch: HtmlCanvasElement,
    /// The weight the keyboard's ring is on, and whether the ring shows (the diagram has the
    /// keyboard's focus).
    cursor: Option<usize>,
    ring: bool,
}

/// The line under the diagram that says what the ring is on.
const STATUS: &str = "network-cursor";

impl Inspector {
    pub fn new() -> Option<Inspector> {
        let mut tile_grid = Vec::new();
        let view = ViewBox {
            min: -BOX,
            max: BOX,
        };
        grid_inputs(view, TILE_CELLS, &mut tile_grid);
        Some(Inspector {
            tile_grid,
            neuron_values: Vec::new(),
            scratch: dom::new_canvas().ok()?,
            cursor: None,
            ring: false,
        })
    }

    /// The menu of lanes to inspect.
    pub fn render(&self, model: &Model) {
        dom::set_html(
            "inspect-lane",
            &controls::lane_options(&model.exp.lanes, model.exp.inspect_lane),
        );
    }

    /// The diagram as drawn on the page's canvas.
    fn diagram(model: &Model) -> Diagram {
        let (w, h) = dom::canvas("network")
            .map_or((560.0, 300.0), |c| (c.width() as f64, c.height() as f64));
        Diagram::new(&model.exp.network(), w, h)
    }

    /// A click on the network diagram at canvas pixel `(x, y)` follows the weight of the edge
    /// there, if any (and the keyboard's ring goes there too).
    pub fn pick(&mut self, model: &mut Model, x: f64, y: f64) -> bool {
        let Some(index) = Self::diagram(model).edge_at(x, y, 8.0).map(|e| e.index) else {
            return false;
        };
        self.cursor = Some(index);
        self.follow(model, index)
    }

    /// Follows weight `index` of the inspected lane: its optimizer state is traced from now on.
    pub fn follow(&mut self, model: &mut Model, index: usize) -> bool {
        let i = model.inspected();
        let Some(race) = &mut model.race else {
            return false;
        };
        model.followed = Some(index);
        race.lane_mut(i).follow(model.followed);
        true
    }

    /// The diagram took (`on`) or lost the focus; `shown` when from the keyboard: the ring
    /// appears on the followed weight (else the first) and says what it is on.
    pub fn focus(&mut self, model: &mut Model, on: bool, shown: bool) {
        if on && !shown {
            return;
        }
        self.ring = on;
        if on {
            let diagram = Self::diagram(model);
            self.cursor = self
                .cursor
                .or(model.followed)
                .filter(|&c| diagram.edge_of(c).is_some())
                .or_else(|| diagram.next_edge(None, Move::Home));
            self.say(model, &diagram, None);
        } else {
            dom::set_text(STATUS, "");
        }
        self.draw(model);
    }

    /// A key on the diagram: the arrows, Home, End, Page Up and Page Down move the ring (see
    /// [`Diagram::next_edge`]); Enter and Space choose the weight under it, which the page
    /// follows as it does a clicked one.
    pub fn key(&mut self, model: &mut Model, key: &str) -> Keyed<usize> {
        let mv = Move::from_key(key);
        if mv.is_none() && !matches!(key, "Enter" | " ") {
            return Keyed::Ignored;
        }
        if model.race.is_none() {
            dom::announce(STATUS, model.tr("kbd.no_network"));
            return Keyed::Moved;
        }
        let diagram = Self::diagram(model);
        let at = self.cursor.filter(|&c| diagram.edge_of(c).is_some());
        self.ring = true;
        match mv {
            Some(mv) => {
                self.cursor = diagram.next_edge(at, mv);
                self.say(model, &diagram, None);
                self.draw(model);
                Keyed::Moved
            }
            None => match at.or_else(|| diagram.next_edge(None, Move::Home)) {
                Some(index) => {
                    self.cursor = Some(index);
                    self.say(model, &diagram, Some("kbd.following"));
                    Keyed::Chosen(index)
                }
                None => Keyed::Moved,
            },
        }
    }

    /// Says which weight the ring is on and its value, or (`template`) puts that in a sentence.
    fn say(&self, model: &Model, diagram: &Diagram, template: Option<&'static str>) {
        let Some(e) = self.cursor.and_then(|c| diagram.edge_of(c)) else {
            return;
        };
        let lang = model.lang;
        let words = edge_words(lang, e, diagram.columns());
        let text = match template {
            Some(key) => i18n::fill(model.tr(key), &[&words]),
            None => {
                let value = model
                    .race
                    .as_ref()
                    .and_then(|r| r.lanes().get(model.inspected()))
                    .and_then(|l| l.net().params().get(e.index).copied());
                let value = value.map_or(String::new(), |v| format!(": {}", figure(v)));
                capitalised(&i18n::numerals(lang, &format!("{words}{value}")))
            }
        };
        dom::announce(STATUS, &text);
    }

    /// The inspected lane's network diagram onto `canvas` (an export's own); whether there was
    /// a lane to draw.
    pub fn paint(&mut self, model: &mut Model, canvas: &HtmlCanvasElement) -> bool {
        let i = model.inspected();
        let followed = model.followed;
        let Some(lane) = model.race.as_mut().and_then(|r| r.lanes_mut().get_mut(i)) else {
            return false;
        };
        draw_network(
            canvas,
            &self.scratch,
            lane,
            &self.tile_grid,
            &mut self.neuron_values,
            followed,
            None,
        )
        .is_ok()
    }

    /// The diagram, the rule and the followed weight's history.
    pub fn draw(&mut self, model: &mut Model) {
        let i = model.inspected();
        let followed = model.followed;
        let cursor = self
            .cursor
            .filter(|_| self.ring && dom::has_focus("network"));
        let click_weight = model.tr("click_weight");
        let lang = model.lang;
        let Some(lane) = model.race.as_mut().and_then(|r| r.lanes_mut().get_mut(i)) else {
            dom::set_html("rule", "");
            return;
        };
        if let Some(canvas) = dom::canvas("network") {
            let _ = draw_network(
                &canvas,
                &self.scratch,
                lane,
                &self.tile_grid,
                &mut self.neuron_values,
                followed,
                cursor,
            );
        }
        let config = lane.config().optimizer.clone();
        let mut html = config.rule().concat();
        match (followed, lane.trace()) {
            (Some(index), Some(trace)) => {
                let role = lane.net().spec().describe(index).to_string();
                let title = format!("{} of lane {}: {role}", config.kind().label(), lane.name());
                dom::set_text("weight-title", &i18n::message(lang, &title));
                if let Some(last) = trace.points.last() {
                    html.push_str(&rule::numbers(&config, trace, last));
                } else {
                    let hint = i18n::t(lang, "take_step");
                    html.push_str(&format!("<p class=\"hint\">{hint}</p>"));
                }
                if let Some(canvas) = dom::canvas("weight-chart") {
                    let _ = draw_trace(&canvas, &config, trace, CURVE_POINTS);
                }
            }
            _ => {
                dom::set_text(
                    "weight-title",
                    &format!("{}: {click_weight}", config.kind().label()),
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

/// `text` with its first letter a capital (a sentence that begins with a word of a template).
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or(String::new(), |c| {
        // Latin and Cyrillic are the page's cased scripts (Persian has no case); `to_uppercase`
        // would bring Unicode's whole case table, 19 KB of the page's Wasm.
        let upper = match c {
            'a'..='z' => c.to_ascii_uppercase(),
            'а'..='я' => char::from_u32(c as u32 - 0x20).unwrap_or(c),
            'ё' => 'Ё',
            _ => c,
        };
        std::iter::once(upper).chain(chars).collect::<String>()
    })
}
