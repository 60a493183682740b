//! HTML of the controls the page builds at run time (lane cards, option lists, layer inputs),
//! as strings so they are tested natively. Every control is a labelled native input carrying a
//! `data-field` (the [`Experiment::apply`](crate::state::Experiment::apply) field it edits)
//! or a `data-action` (a button the page handles).

use std::fmt::Write;

use crate::optim::{HyperValue, OptimizerKind};
use crate::race::LaneConfig;
use crate::schedule::{ArgValue, Schedule, SCHEDULE_NAMES};
use crate::view::palette;

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `<option>`s from `(value, label)` pairs, `selected` marked.
pub fn options<'a>(items: impl IntoIterator<Item = (&'a str, &'a str)>, selected: &str) -> String {
    let mut out = String::new();
    for (value, label) in items {
        let sel = if value == selected { " selected" } else { "" };
        let _ = write!(
            out,
            r#"<option value="{}"{sel}>{}</option>"#,
            escape(value),
            escape(label)
        );
    }
    out
}

/// `<option>`s naming every lane, `selected` marked: the menus that pick a lane.
pub fn lane_options(lanes: &[LaneConfig], selected: usize) -> String {
    let values: Vec<String> = (0..lanes.len()).map(|i| i.to_string()).collect();
    options(
        values
            .iter()
            .map(String::as_str)
            .zip(lanes.iter().map(|l| l.name.as_str())),
        &selected.to_string(),
    )
}

pub use crate::format::exact as show_number;

fn number_input(field: &str, label: &str, value: f64, title: &str) -> String {
    format!(
        r#"<label title="{t}">{l}<input type="text" inputmode="decimal" data-field="{f}" value="{v}"></label>"#,
        t = escape(title),
        l = escape(label),
        f = escape(field),
        v = show_number(value)
    )
}

fn check_input(field: &str, label: &str, value: bool, title: &str) -> String {
    format!(
        r#"<label class="check" title="{t}"><input type="checkbox" data-field="{f}"{c}> {l}</label>"#,
        t = escape(title),
        f = escape(field),
        c = if value { " checked" } else { "" },
        l = escape(label)
    )
}

/// The inputs of every hyperparameter of a lane's optimizer.
pub fn hyperparameter_inputs(i: usize, lane: &LaneConfig) -> String {
    let kind = lane.optimizer.kind();
    let mut out = String::new();
    for spec in kind.params() {
        let field = format!("lane.{i}.param.{}", spec.name);
        match lane.optimizer.get(spec.name) {
            Some(HyperValue::Number(v)) => {
                out.push_str(&number_input(&field, spec.name, v, spec.doc))
            }
            Some(HyperValue::Bool(b)) => out.push_str(&check_input(&field, spec.name, b, spec.doc)),
            Some(HyperValue::Pair(a, b)) => {
                out.push_str(&number_input(
                    &format!("{field}.0"),
                    &format!("{}[0]", spec.name),
                    a,
                    spec.doc,
                ));
                out.push_str(&number_input(
                    &format!("{field}.1"),
                    &format!("{}[1]", spec.name),
                    b,
                    spec.doc,
                ));
            }
            None => {}
        }
    }
    out
}

/// The schedule picker and its arguments (a list such as `milestones` as comma-separated text).
pub fn schedule_inputs(i: usize, schedule: &Schedule) -> String {
    // Each option names its translation, which the page fills in.
    let mut picker = String::new();
    for &n in SCHEDULE_NAMES.iter() {
        let sel = if n == schedule.name() {
            " selected"
        } else {
            ""
        };
        let _ = write!(
            picker,
            r#"<option value="{n}" data-i18n="schedule.{n}"{sel}>{}</option>"#,
            escape(Schedule::label_of(n))
        );
    }
    let mut out = format!(
        r#"<label class="wide"><span data-i18n="schedule">Learning-rate schedule</span><select data-field="lane.{i}.schedule">{picker}</select></label>"#
    );
    for (arg, value) in schedule.args() {
        let field = format!("lane.{i}.schedule.{arg}");
        match value {
            ArgValue::Number(v) => out.push_str(&number_input(&field, arg, v, "")),
            ArgValue::List(list) => {
                let text: Vec<String> = list.iter().map(|&v| show_number(v)).collect();
                let _ = write!(
                    out,
                    r#"<label>{arg}<input type="text" data-field="{f}" value="{v}"></label>"#,
                    f = escape(&field),
                    v = escape(&text.join(", "))
                );
            }
        }
    }
    out
}

/// One lane's card: name, optimizer, heatmap, figures, divergence badge, and (folded) every
/// hyperparameter and the schedule with its plot.
pub fn lane_card(i: usize, lane: &LaneConfig, lanes: usize, open: bool) -> String {
    let color = palette::lane(i).hex();
    let name = escape(&lane.name);
    let kind = lane.optimizer.kind();
    let optimizers = options(
        OptimizerKind::ALL.iter().map(|k| (k.name(), k.label())),
        kind.name(),
    );
    let remove = if lanes > 1 {
        format!(
            r#"<button type="button" class="small" data-action="lane-remove" data-lane="{i}" aria-label="Remove lane {name}" title="Remove">✕</button>"#
        )
    } else {
        String::new()
    };
    let key = palette::key_svg(i);
    format!(
        r#"<article class="lane" id="lane-{i}" style="--lane:{color}" aria-label="Lane {n}: {name}">
<div class="lane-head">{key}<input type="text" data-field="lane.{i}.name" value="{name}" aria-label="Name of lane {n}" maxlength="24">
<button type="button" class="small" data-action="lane-duplicate" data-lane="{i}" title="Duplicate"><span data-i18n="copy">Copy</span><span class="visually-hidden"> <span data-i18n="a11y.of_lane">lane</span> {name}</span></button>{remove}</div>
<label class="opt"><span data-i18n="optimizer">Optimizer</span> <select data-field="lane.{i}.optimizer">{optimizers}</select></label>
<div data-view="classifier"><canvas class="heatmap" id="heatmap-{i}" data-lane="{i}" width="300" height="300" role="img" aria-label="Decision boundary of lane {name}"></canvas>
<div class="metrics" id="metrics-{i}" aria-live="off"></div></div>
<div class="walk" id="walk-{i}" data-view="landscape" hidden></div>
<div class="badge" id="badge-{i}" role="status" hidden></div>
<details id="details-{i}"{open}><summary data-i18n="hyper_schedule">Hyperparameters and schedule</summary>
<div class="lane-params">{params}<label title="Blank: the shared batch size"><span data-i18n="lane_batch">batch size</span><input type="text" inputmode="numeric" data-field="lane.{i}.batch_size" value="{batch}" placeholder="shared"></label></div>
<div class="lane-params">{schedule}</div>
<canvas class="schedule" id="schedule-{i}" width="260" height="120" role="img" aria-label="Learning rate of lane {name} per step"></canvas>
</details></article>"#,
        n = i + 1,
        open = if open { " open" } else { "" },
        params = hyperparameter_inputs(i, lane),
        batch = lane.batch_size.map_or(String::new(), |b| b.to_string()),
        schedule = schedule_inputs(i, &lane.schedule),
    )
}

/// The lessons list: each a folded card with its text, a suggestion and the link to its state.
pub fn lesson_cards(lessons: &[crate::lessons::Lesson]) -> String {
    let mut out = String::new();
    for l in lessons {
        let _ = write!(
            out,
            r#"<details id="lesson-{id}"><summary data-i18n="lesson.{id}.title">{title}</summary><p data-i18n="lesson.{id}.text">{text}</p><p class="try"><b data-i18n="try_this">Try this:</b> <span data-i18n="lesson.{id}.try">{try_this}</span></p><p><a href="{link}" data-lesson="{id}" data-i18n="open_lesson">Open this lesson</a></p></details>"#,
            id = escape(l.id),
            title = escape(l.title),
            text = escape(l.text),
            try_this = escape(l.try_this),
            link = escape(&l.link()),
        );
    }
    out
}

/// The units input of every hidden layer.
pub fn layer_inputs(hidden: &[usize], max_units: usize) -> String {
    if hidden.is_empty() {
        return r#"<p class="hint" data-i18n="no_hidden">No hidden layer: a linear model.</p>"#
            .into();
    }
    hidden
        .iter()
        .enumerate()
        .map(|(l, units)| {
            format!(
                r#"<label><span><span data-i18n="layer">Layer</span> {n}</span><input type="text" inputmode="numeric" data-field="layer.{l}" value="{units}" title="1 to {max_units} units"></label>"#,
                n = l + 1
            )
        })
        .collect()
}

/// Radio buttons choosing the class a click draws.
pub fn class_picker(classes: usize, selected: usize) -> String {
    (0..classes)
        .map(|c| {
            format!(
                r#"<label class="check"><input type="radio" name="draw_class" data-field="draw_class" value="{c}"{checked}><span class="swatch" style="background:{color}"></span><span data-i18n="class">Class</span> {c}</label>"#,
                checked = if c == selected { " checked" } else { "" },
                color = palette::class(c).hex()
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::Experiment;

    #[test]
    fn escaping_defuses_markup() {
        assert_eq!(
            escape(r#"<b a="x">&'"#),
            "&lt;b a=&quot;x&quot;&gt;&amp;&#39;"
        );
    }

    #[test]
    fn every_hyperparameter_gets_a_labelled_input_with_its_field() {
        let p = Experiment::default();
        for &kind in OptimizerKind::ALL {
            let mut lane = p.lanes[0].clone();
            lane.optimizer = crate::optim::OptimizerConfig::default_for(kind);
            let html = hyperparameter_inputs(2, &lane);
            for spec in kind.params() {
                assert!(
                    html.contains(&format!(r#"data-field="lane.2.param.{}"#, spec.name)),
                    "{kind:?} {}",
                    spec.name
                );
            }
            assert_eq!(
                html.matches("<label").count(),
                html.matches("</label>").count()
            );
        }
    }

    #[test]
    fn lane_card_escapes_the_name_and_offers_every_optimizer() {
        let mut lane = Experiment::default().lanes[0].clone();
        lane.name = "<script>".into();
        let html = lane_card(0, &lane, 1, false);
        assert!(!html.contains("<script>"));
        assert!(html.contains("&lt;script&gt;"));
        for &kind in OptimizerKind::ALL {
            assert!(html.contains(&format!(r#"value="{}""#, kind.name())));
        }
        // A single lane cannot be removed.
        assert!(!html.contains("lane-remove"));
        assert!(lane_card(0, &lane, 2, true).contains("lane-remove"));
    }

    #[test]
    fn every_lesson_gets_a_card_with_its_link() {
        let html = lesson_cards(crate::lessons::LESSONS);
        assert_eq!(
            html.matches("<details").count(),
            crate::lessons::LESSONS.len()
        );
        assert!(html.contains(r##"href="#v=1&amp;view=landscape"##));
    }
}
