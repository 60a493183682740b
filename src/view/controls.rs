//! HTML of the controls the page builds at run time (lane cards, option lists, layer inputs),
//! as strings so they are tested natively. Every control is a labelled native input carrying a
//! `data-field` (the [`Experiment::apply`](crate::state::Experiment::apply) field it edits)
//! or a `data-action` (a button the page handles).

use std::fmt::Write;

use crate::i18n::{self, Lang};
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

// A hyperparameter's or a schedule argument's label is its PyTorch name (`lr`, `betas[0]`),
// the same in every language (`translate="no"`); its tooltip says what it does, translated.
fn number_input(field: &str, label: &str, value: f64, title: &str) -> String {
    format!(
        r#"<label title="{t}"><span translate="no">{l}</span><input type="text" inputmode="decimal" data-field="{f}" value="{v}"></label>"#,
        t = escape(title),
        l = escape(label),
        f = escape(field),
        v = show_number(value)
    )
}

fn check_input(field: &str, label: &str, value: bool, title: &str) -> String {
    format!(
        r#"<label class="check" title="{t}"><input type="checkbox" data-field="{f}"{c}> <span translate="no">{l}</span></label>"#,
        t = escape(title),
        f = escape(field),
        c = if value { " checked" } else { "" },
        l = escape(label)
    )
}

/// The inputs of every hyperparameter of a lane's optimizer, their tooltips in `lang`.
pub fn hyperparameter_inputs(i: usize, lane: &LaneConfig, lang: Lang) -> String {
    let kind = lane.optimizer.kind();
    let mut out = String::new();
    for spec in kind.params() {
        let field = format!("lane.{i}.param.{}", spec.name);
        let doc = i18n::translate(lang, spec.doc);
        match lane.optimizer.get(spec.name) {
            Some(HyperValue::Number(v)) => out.push_str(&number_input(&field, spec.name, v, doc)),
            Some(HyperValue::Bool(b)) => out.push_str(&check_input(&field, spec.name, b, doc)),
            Some(HyperValue::Pair(a, b)) => {
                out.push_str(&number_input(
                    &format!("{field}.0"),
                    &format!("{}[0]", spec.name),
                    a,
                    doc,
                ));
                out.push_str(&number_input(
                    &format!("{field}.1"),
                    &format!("{}[1]", spec.name),
                    b,
                    doc,
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
                    r#"<label><span translate="no">{arg}</span><input type="text" data-field="{f}" value="{v}"></label>"#,
                    f = escape(&field),
                    v = escape(&text.join(", "))
                );
            }
        }
    }
    out
}

/// The keys of a lane's map (its keyboard paths are in `src/web/keys.rs`).
pub const MAP_KEYS: &str = "ArrowLeft ArrowRight ArrowUp ArrowDown 0 1 Enter Delete Backspace";

/// One lane's card: name, optimizer, heatmap (one tab stop, drawn on with keys at a crosshair
/// whose place the line under it says), figures, divergence badge, and (folded) every
/// hyperparameter and the schedule with its plot; its names and tooltips in `lang`.
pub fn lane_card(i: usize, lane: &LaneConfig, lanes: usize, open: bool, lang: Lang) -> String {
    let color = palette::lane(i).hex();
    let name = escape(&lane.name);
    let n = i18n::numerals(lang, &(i + 1).to_string());
    let say = |key: &str, args: &[&str]| escape(&i18n::fill(i18n::t(lang, key), args));
    let label = say("aria.lane", &[&n, &lane.name]);
    let name_label = say("aria.lane_name", &[&n]);
    let copy_label = say("aria.lane_copy", &[&lane.name]);
    let copy = escape(i18n::t(lang, "copy"));
    let map_label = say("aria.lane_map_empty", &[&lane.name]);
    let schedule_label = say("aria.schedule", &[&lane.name]);
    let batch_title = escape(i18n::t(lang, "title.lane_batch"));
    let shared = escape(i18n::t(lang, "shared"));
    let kind = lane.optimizer.kind();
    let optimizers = options(
        OptimizerKind::ALL.iter().map(|k| (k.name(), k.label())),
        kind.name(),
    );
    let remove = if lanes > 1 {
        format!(
            r#"<button type="button" class="small" data-action="lane-remove" data-lane="{i}" aria-label="{remove_label}" title="{remove_label}">✕</button>"#,
            remove_label = say("aria.lane_remove", &[&lane.name]),
        )
    } else {
        String::new()
    };
    let key = palette::key_svg(i);
    format!(
        r#"<article class="lane" id="lane-{i}" style="--lane:{color}" aria-label="{label}">
<div class="lane-head">{key}<input type="text" id="lane-name-{i}" data-field="lane.{i}.name" value="{name}" aria-label="{name_label}" maxlength="24">
<button type="button" class="small" data-action="lane-duplicate" data-lane="{i}" aria-label="{copy_label}" title="{copy_label}">{copy}</button>{remove}</div>
<label class="opt"><span data-i18n="optimizer">Optimizer</span> <select data-field="lane.{i}.optimizer">{optimizers}</select></label>
<div data-view="classifier"><canvas class="heatmap" id="heatmap-{i}" data-lane="{i}" width="300" height="300" role="application" tabindex="0" aria-keyshortcuts="{MAP_KEYS}" aria-describedby="draw-keys" aria-label="{map_label}"></canvas>
<p class="kbd-status" id="cursor-{i}"></p>
<div class="metrics" id="metrics-{i}" aria-live="off"></div>
<details class="as-table" id="points-table-{i}" data-plane><summary id="points-table-h-{i}" data-i18n="points_table">Points as a table</summary><div class="table-scroll" id="points-table-body-{i}" tabindex="0" role="region" aria-labelledby="points-table-h-{i} lane-name-{i}"></div></details></div>
<div class="walk" id="walk-{i}" data-view="landscape" hidden></div>
<div class="badge" id="badge-{i}" role="status" hidden></div>
<details id="details-{i}"{open}><summary data-i18n="hyper_schedule">Hyperparameters and schedule</summary>
<div class="lane-params">{params}<label title="{batch_title}"><span data-i18n="lane_batch">batch size</span><input type="text" inputmode="numeric" data-field="lane.{i}.batch_size" value="{batch}" placeholder="{shared}"></label></div>
<div class="lane-params">{schedule}</div>
<canvas class="schedule" id="schedule-{i}" width="260" height="120" role="img" aria-label="{schedule_label}"></canvas>
</details></article>"#,
        open = if open { " open" } else { "" },
        params = hyperparameter_inputs(i, lane, lang),
        batch = lane.batch_size.map_or(String::new(), |b| b.to_string()),
        schedule = schedule_inputs(i, &lane.schedule),
    )
}

/// The lessons list: each a folded card with its text in `lang` (English where the lesson has
/// no such part), what to try and the link to its state. A teacher's text is escaped: shown as
/// written, never run.
pub fn lesson_cards(lessons: &[crate::lessons::Lesson], lang: Lang) -> String {
    let mut out = String::new();
    let try_word = escape(i18n::t(lang, "try_this"));
    let open_word = escape(i18n::t(lang, "open_lesson"));
    for l in lessons {
        let text = l.text(lang);
        let paragraphs: String = text
            .paragraphs
            .iter()
            .map(|p| format!("<p>{}</p>", escape(p)))
            .collect();
        let tries: String = text
            .try_this
            .iter()
            .map(|t| format!(r#"<p class="try"><b>{try_word}</b> {}</p>"#, escape(t)))
            .collect();
        let id = escape(&l.id);
        let mut extra = String::new();
        if let Some(free) = &l.free {
            let names: Vec<String> = free.iter().map(|k| free_label(k, l)).collect();
            let names = if names.is_empty() {
                i18n::t(lang, "lesson.none_free").to_string()
            } else {
                names.join(", ")
            };
            let _ = write!(
                extra,
                r#"<p class="hint" id="locked-{id}" hidden>{} <button type="button" data-leave>{}</button></p>"#,
                escape(&i18n::fill(i18n::t(lang, "lesson.locked"), &[&names])),
                escape(i18n::t(lang, "lesson.leave"))
            );
        }
        let mut badge = String::new();
        if let Some(c) = &l.challenge {
            let points = i18n::numerals(
                lang,
                &i18n::fill(i18n::t(lang, "challenge.points"), &[&c.points.to_string()]),
            );
            let _ = write!(
                extra,
                r#"<div class="challenge"><p><b>{}</b> · {}: {}</p><p><button type="button" data-check="{id}">{}</button></p><p class="verdict" id="verdict-{id}" role="status"></p></div>"#,
                escape(i18n::t(lang, "challenge")),
                escape(&points),
                escape(&i18n::message(lang, &c.goal.describe())),
                escape(i18n::t(lang, "check")),
            );
            badge = format!(
                r#" <span class="passed" id="passed-{id}" hidden>✓ {}</span>"#,
                escape(i18n::t(lang, "challenge.passed"))
            );
        }
        let _ = write!(
            out,
            r#"<details id="lesson-{id}"><summary>{title}{badge}</summary>{paragraphs}{tries}{extra}<p><a href="{link}" data-lesson="{id}">{open_word}</a></p></details>"#,
            title = escape(&text.title),
            link = escape(&l.link()),
        );
    }
    out
}

/// A free field as a learner reads it: `lr (lane Momentum)` for `lane.1.param.lr`.
fn free_label(key: &str, lesson: &crate::lessons::Lesson) -> String {
    let mut parts = key.splitn(3, '.');
    match (parts.next(), parts.next(), parts.next()) {
        (Some("lane"), Some(n), Some(rest)) => {
            let state = lesson.state();
            let name = n
                .parse::<usize>()
                .ok()
                .and_then(|i| state.lanes.get(i))
                .map_or(n.to_string(), |lane| lane.name.clone());
            let field = rest.strip_prefix("param.").unwrap_or(rest);
            format!("{field} ({name})")
        }
        _ => key.to_string(),
    }
}

/// The units input of every hidden layer, its tooltip in `lang`.
pub fn layer_inputs(hidden: &[usize], max_units: usize, lang: Lang) -> String {
    if hidden.is_empty() {
        return r#"<p class="hint" data-i18n="no_hidden">No hidden layer: a linear model.</p>"#
            .into();
    }
    hidden
        .iter()
        .enumerate()
        .map(|(l, units)| {
            format!(
                r#"<label><span><span data-i18n="layer">Layer</span> {n}</span><input type="text" inputmode="numeric" data-field="layer.{l}" value="{units}" title="{title}"></label>"#,
                n = i18n::numerals(lang, &(l + 1).to_string()),
                title = escape(&i18n::numerals(
                    lang,
                    &i18n::fill(i18n::t(lang, "title.units"), &[&max_units.to_string()])
                )),
            )
        })
        .collect()
}

/// Radio buttons choosing the class a click draws.
pub fn class_picker(classes: usize, selected: usize, lang: Lang) -> String {
    (0..classes)
        .map(|c| {
            format!(
                r#"<label class="check"><input type="radio" name="draw_class" data-field="draw_class" value="{c}"{checked}><span class="swatch" style="background:{color}"></span><span data-i18n="class">Class</span> {number}</label>"#,
                number = i18n::numerals(lang, &c.to_string()),
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
            let html = hyperparameter_inputs(2, &lane, Lang::En);
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
        let html = lane_card(0, &lane, 1, false, Lang::En);
        assert!(!html.contains("<script>"));
        assert!(html.contains("&lt;script&gt;"));
        for &kind in OptimizerKind::ALL {
            assert!(html.contains(&format!(r#"value="{}""#, kind.name())));
        }
        // A single lane cannot be removed.
        assert!(!html.contains("lane-remove"));
        // Its map is a tab stop that names its keys and has a line for what they do.
        assert!(html.contains(r#"tabindex="0" aria-keyshortcuts="ArrowLeft"#));
        assert!(html.contains(r#"<p class="kbd-status" id="cursor-0"></p>"#));
        assert!(lane_card(0, &lane, 2, true, Lang::En).contains("lane-remove"));
    }

    #[test]
    fn every_lesson_gets_a_card_with_its_link_and_its_text_escaped() {
        let lesson = crate::lessons::Lesson::parse(
            "a.md",
            "id: a\nstate: v=1&view=landscape\n== en\n# <b>Bold</b>\n<script>alert(1)</script>\n> try <img src=x>\n",
        )
        .unwrap();
        let html = lesson_cards(&[lesson.clone(), lesson], Lang::En);
        assert_eq!(html.matches("<details").count(), 2);
        assert!(html.contains(r##"href="#v=1&amp;view=landscape"##));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(!html.contains("<script") && !html.contains("<img") && !html.contains("<b>Bold"));
    }
}
