//! Inside the optimizer: the chosen lane's network (each neuron a tile of its output over the
//! plane) and, for a weight the learner follows, its gradient, the optimizer's state for it
//! and the step taken, beside the update rule with the latest numbers.

use web_sys::HtmlCanvasElement;

use crate::data::BOX;
use crate::i18n;
use crate::view::controls;
use crate::view::heatmap::{grid_inputs, ViewBox};
use crate::view::network::Diagram;
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
}

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
        })
    }

    /// The menu of lanes to inspect.
    pub fn render(&self, model: &Model) {
        dom::set_html(
            "inspect-lane",
            &controls::lane_options(&model.exp.lanes, model.exp.inspect_lane),
        );
    }

    /// A click on the network diagram at canvas pixel `(x, y)` follows the weight of the edge
    /// there, if any.
    pub fn pick(&mut self, model: &mut Model, x: f64, y: f64) -> bool {
        let i = model.inspected();
        let network = model.exp.network();
        let Some(race) = &mut model.race else {
            return false;
        };
        let (w, h) = dom::canvas("network")
            .map_or((560.0, 300.0), |c| (c.width() as f64, c.height() as f64));
        let diagram = Diagram::new(&network, w, h);
        let Some(edge) = diagram.edge_at(x, y, 8.0) else {
            return false;
        };
        model.followed = Some(edge.index);
        race.lane_mut(i).follow(model.followed);
        true
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
        )
        .is_ok()
    }

    /// The diagram, the rule and the followed weight's history.
    pub fn draw(&mut self, model: &mut Model) {
        let i = model.inspected();
        let followed = model.followed;
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
