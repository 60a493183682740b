//! The curves: train loss, test loss and accuracy of every lane per step.

use crate::format::{figure, percent};
use crate::i18n;
use crate::race::{Lane, Record};
use crate::view::palette;
use crate::view::table::{self, Column, Measure};
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
    fill_table(model);
}

/// The charts, by the ids of their canvases.
pub const CHARTS: [&str; 3] = ["chart-train", "chart-test", "chart-accuracy"];

/// What one chart shows: its canvas id, title and y axis name (in the learner's language),
/// the value it takes of a record, and whether that value is a loss.
struct Chart {
    id: &'static str,
    title: &'static str,
    y_label: &'static str,
    pick: fn(&Record) -> f64,
    is_loss: bool,
}

/// The three charts, in the page's order.
fn charts(model: &Model, has_test: bool) -> [Chart; 3] {
    [
        Chart {
            id: "chart-train",
            title: model.tr("chart_train"),
            y_label: model.tr("axis_loss"),
            pick: |r| r.train_loss,
            is_loss: true,
        },
        Chart {
            id: "chart-test",
            title: model.tr("chart_test"),
            y_label: model.tr("axis_loss"),
            pick: |r| r.test_loss,
            is_loss: true,
        },
        Chart {
            id: "chart-accuracy",
            title: model.tr(if has_test {
                "chart_test_accuracy"
            } else {
                "chart_train_accuracy"
            }),
            y_label: model.tr("axis_accuracy"),
            pick: if has_test {
                |r| r.test_accuracy
            } else {
                |r| r.train_accuracy
            },
            is_loss: false,
        },
    ]
}

/// The curves as tables (a value per lane at steps spread over the race), into the
/// "show as table" panel if a learner opened it. Rows are the evaluated steps the history
/// keeps (the figures between them are carried, not measured).
pub fn fill_table(model: &Model) {
    if !dom::is_open("curves-table") {
        return;
    }
    let Some(race) = &model.race else {
        dom::set_html("curves-table-body", "");
        return;
    };
    let mut html = String::new();
    for chart in charts(model, !race.test().is_empty()) {
        let points: Vec<Vec<(usize, f64)>> = race
            .lanes()
            .iter()
            .map(|l| {
                let records = l.history().records().iter();
                records.map(|r| (r.step, (chart.pick)(r))).collect()
            })
            .collect();
        let columns: Vec<Column> = race
            .lanes()
            .iter()
            .zip(&points)
            .map(|(l, points)| Column {
                name: l.name(),
                points,
            })
            .collect();
        let measure = if chart.is_loss {
            Measure::Loss
        } else {
            Measure::Accuracy
        };
        html.push_str(&table::curve_table(
            chart.title,
            model.tr("step"),
            measure,
            &columns,
        ));
    }
    dom::set_html("curves-table-body", &i18n::numerals(model.lang, &html));
}

/// Draws the chart `id` (one of [`CHARTS`]) onto `canvas`: its own, or one made for an export.
pub fn paint(model: &Model, id: &str, canvas: &web_sys::HtmlCanvasElement) {
    let Some(race) = &model.race else { return };
    let has_test = !race.test().is_empty();
    // Linear loss axes span 0 to 1.5 times the starting loss: a diverging lane leaves through
    // the top instead of squashing every other curve flat.
    let start = race
        .lanes()
        .iter()
        .filter_map(|l| l.history().records().first())
        .map(|r| r.train_loss.max(r.test_loss))
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max);
    for Chart {
        id: chart,
        title,
        y_label,
        pick,
        is_loss,
    } in charts(model, has_test)
    {
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
        let lang = model.lang;
        let label = i18n::fill(i18n::t(lang, "aria.chart"), &[title, &text.join(", ")]);
        let _ = canvas.set_attribute("aria-label", &i18n::numerals(lang, &label));
    }
}
