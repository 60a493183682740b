//! The hidden layer's view of the plane, under the inspector (folded until opened): for the
//! inspected lane, a hidden layer and two of its units, the input grid and the data carried
//! there (ConvNetJS's classify2d), redrawn with the inspector while the race trains.

use crate::i18n;
use crate::view::hidden::{hidden_space, HiddenSpace};
use crate::view::palette;
use crate::web::dom::{self, context};
use crate::web::model::Model;

/// The chosen layer (1 is the first hidden one) and units (0-based).
pub struct HiddenView {
    layer: usize,
    units: (usize, usize),
}

impl Default for HiddenView {
    fn default() -> Self {
        HiddenView {
            layer: 1,
            units: (0, 1),
        }
    }
}

/// `<option>`s numbered from 1 to `n`, `chosen` (0-based) selected.
fn numbered(n: usize, chosen: usize, lang: i18n::Lang) -> String {
    (0..n)
        .map(|k| {
            let selected = if k == chosen { " selected" } else { "" };
            let shown = i18n::numerals(lang, &(k + 1).to_string());
            format!(r#"<option value="{k}"{selected}>{shown}</option>"#)
        })
        .collect()
}

impl HiddenView {
    /// A choice made in one of the view's menus (`hidden-layer`, `hidden-x`, `hidden-y`).
    pub fn choose(&mut self, model: &Model, id: &str, value: &str) {
        let Ok(v) = value.parse::<usize>() else {
            return;
        };
        match id {
            "hidden-layer" => self.layer = v + 1,
            "hidden-x" => self.units.0 = v,
            "hidden-y" => self.units.1 = v,
            _ => return,
        }
        self.draw(model);
    }

    /// The menus, fitted to the inspected lane's network, and the picture (when open).
    pub fn draw(&mut self, model: &Model) {
        if !dom::is_open("hidden-space") {
            return;
        }
        let lang = model.lang;
        let sizes = model.exp.network().sizes;
        let hidden = sizes.len().saturating_sub(2);
        self.layer = self.layer.clamp(1, hidden.max(1));
        let width = sizes.get(self.layer).copied().unwrap_or(0);
        dom::set_html("hidden-layer", &numbered(hidden, self.layer - 1, lang));
        dom::set_html("hidden-x", &numbered(width, self.units.0, lang));
        dom::set_html("hidden-y", &numbered(width, self.units.1, lang));
        let Some(canvas) = dom::canvas("hidden-canvas") else {
            return;
        };
        let i = model.inspected();
        // Its own copy of the network: reading the units does not touch the race's.
        let found = model
            .race
            .as_ref()
            .and_then(|r| Some((r.lanes().get(i)?, r.train())));
        let result = match found {
            None => Err("there is no race yet".to_string()),
            Some((lane, train)) => {
                let mut net = lane.net().clone();
                hidden_space(&mut net, self.layer, self.units, train)
                    .map(|s| (s, lane.name().to_string(), lane.latest().step))
            }
        };
        let words = match result {
            Ok((space, name, step)) => {
                let _ = paint(&canvas, &space);
                format!(
                    "Lane {name} at step {step}: the plane's grid and the training points as units {} and {} of hidden layer {} see them.",
                    self.units.0 + 1,
                    self.units.1 + 1,
                    self.layer
                )
            }
            Err(why) => {
                if let Ok(ctx) = context(&canvas) {
                    ctx.clear_rect(0.0, 0.0, canvas.width() as f64, canvas.height() as f64);
                }
                format!("The hidden space cannot be drawn: {why}.")
            }
        };
        let words = i18n::message(lang, &words);
        dom::set_text("hidden-status", &words);
        let _ = canvas.set_attribute("aria-label", &words);
    }
}

/// The grid's lines in grey, the points in their classes' colours, fitted to the canvas.
fn paint(
    canvas: &web_sys::HtmlCanvasElement,
    space: &HiddenSpace,
) -> Result<(), wasm_bindgen::JsValue> {
    let (w, h) = (canvas.width() as f64, canvas.height() as f64);
    let ctx = context(canvas)?;
    ctx.set_fill_style_str("#ffffff");
    ctx.fill_rect(0.0, 0.0, w, h);
    let (x0, x1, y0, y1) = space.bounds;
    let px = |x: f64| (x - x0) / (x1 - x0) * w;
    let py = |y: f64| h - (y - y0) / (y1 - y0) * h;
    ctx.set_stroke_style_str("#9a9a9a");
    ctx.set_line_width(1.0);
    ctx.begin_path();
    for line in &space.lines {
        let mut pen_up = true;
        for &(x, y) in line {
            if !(x.is_finite() && y.is_finite()) {
                pen_up = true;
                continue;
            }
            if pen_up {
                ctx.move_to(px(x), py(y));
            } else {
                ctx.line_to(px(x), py(y));
            }
            pen_up = false;
        }
    }
    ctx.stroke();
    ctx.set_stroke_style_str("#ffffff");
    for &(x, y, class) in &space.points {
        if !(x.is_finite() && y.is_finite()) {
            continue;
        }
        ctx.set_fill_style_str(&palette::class(class).hex());
        ctx.begin_path();
        ctx.arc(px(x), py(y), 3.5, 0.0, std::f64::consts::TAU)?;
        ctx.fill();
        ctx.stroke();
    }
    Ok(())
}
