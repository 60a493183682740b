//! The curves: train loss, test loss and accuracy of every lane per step.

use crate::format::{figure, percent};
use crate::race::{Lane, Record};
use crate::view::palette;
use crate::web::dom;
use crate::web::draw::chart::{self, drawable, Line, LineChart, CURVE_POINTS};
use crate::web::model::Model;

/// Every `k`-th record of a lane's history (at most [`CURVE_POINTS`]) and the latest one.
fn curve(lane: &Lane, pick: fn(&Record) -> f64) -> Vec<(f64, f64)> {
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

/// Draws the three charts of the race, if there is one.
pub fn draw(model: &Model) {
    for id in CHARTS {
        if let Some(canvas) = dom::canvas(id) {
            paint(model, id, &canvas);
        }
    }
}

/// The charts, by the ids of their canvases.
pub const CHARTS: [&str; 3] = ["chart-train", "chart-test", "chart-accuracy"];

/// Draws the chart `id` (one of [`CHARTS`]) onto `canvas`: its own, or one made for an export.
pub fn paint(model: &Model, id: &str, canvas: &web_sys::HtmlCanvasElement) {
    let Some(race) = &model.race else { return };
    let has_test = !race.test().is_empty();
    type Pick = fn(&Record) -> f64;
    let charts: [(&str, &str, &str, Pick, bool); 3] = [
        (
            "chart-train",
            model.tr("chart_train"),
            "loss",
            |r| r.train_loss,
            true,
        ),
        (
            "chart-test",
            model.tr("chart_test"),
            "loss",
            |r| r.test_loss,
            true,
        ),
        (
            "chart-accuracy",
            model.tr(if has_test {
                "chart_test_accuracy"
            } else {
                "chart_train_accuracy"
            }),
            model.tr("axis_accuracy"),
            if has_test {
                |r| r.test_accuracy
            } else {
                |r| r.train_accuracy
            },
            false,
        ),
    ];
    // Linear loss axes span 0 to 1.5 times the starting loss: a diverging lane leaves through
    // the top instead of squashing every other curve flat.
    let start = race
        .lanes()
        .iter()
        .filter_map(|l| l.history().records().first())
        .map(|r| r.train_loss.max(r.test_loss))
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max);
    for (chart, title, y_label, pick, is_loss) in charts {
        if chart != id {
            continue;
        }
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
                dash: palette::dash(i),
                points,
            })
            .collect();
        let log_y = is_loss && model.exp.log_scale;
        let y_range = if !is_loss {
            Some((0.0, 1.0))
        } else if !log_y && start > 0.0 {
            Some((0.0, 1.5 * start))
        } else {
            None
        };
        let _ = chart::draw_lines(
            canvas,
            &LineChart {
                title,
                x_label: model.tr("axis_step"),
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
