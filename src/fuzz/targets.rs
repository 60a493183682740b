//! The five things the page takes in, each with how its cases are drawn and what they must
//! keep: links, hyperparameters, points CSV files, race files and host messages.

use super::{Clock, Failure, Target};
use crate::format::exact;
use crate::optim::{OptimizerKind, ParamKind};
use crate::race::Race;
use crate::rng::Rng;
use crate::state::link::{hash, read_address, read_experiment};
use crate::state::samples::{random_experiment, random_launch};
use crate::state::{Experiment, Launch};
use crate::view::export::{
    check_race_file, config_json, data_csv, parse_points_csv, read_race, Replay,
};
use crate::view::protocol::{self, Command};

/// Training steps a case runs: 20, or fewer when lanes of large batches would make them a
/// page's worth of frames (the page trains in slices; a case stands for what it does at once).
fn steps(exp: &Experiment) -> usize {
    const EXAMPLES: usize = 20_000;
    let lanes = exp.lanes.len().max(1);
    let batch = exp.batch_size.max(1);
    (EXAMPLES / (lanes * batch)).clamp(2, 20)
}
/// Lane steps a case replays of a race file.
const REPLAY_BUDGET: usize = 5000;

/// Every target, in the order `make fuzz` runs them.
pub const TARGETS: &[Target] = &[
    Target {
        name: "links",
        draw: draw_link,
        separator: "&",
        check: check_link,
    },
    Target {
        name: "hyperparameters",
        draw: draw_hyperparameters,
        separator: "&",
        check: check_hyperparameters,
    },
    Target {
        name: "points-csv",
        draw: draw_csv,
        separator: "\n",
        check: check_csv,
    },
    Target {
        name: "race-json",
        draw: draw_race_file,
        separator: ",",
        check: check_race,
    },
    Target {
        name: "host-messages",
        draw: draw_message,
        separator: "\n",
        check: check_message,
    },
];

/// Values that have broken pages: empty, signs, overflowing and wrapping integers, non-numbers,
/// damaged escapes, markup, control characters, right-to-left digits.
const JUNK: &[&str] = &[
    "",
    "-1",
    "-0",
    "0",
    "1e999",
    "NaN",
    "inf",
    "0x10",
    "١٢",
    "99999999999999999999999",
    "4294967295",
    "4294967296",
    "2147483648",
    "65536",
    "18446744073709551616",
    "1e-320",
    "%",
    "%ZZ",
    "%C3%28",
    "a=b",
    "🙂",
    "\u{0}",
    "1,2,3",
    "true",
    " 5 ",
    "<b>x</b>",
    "1.5e3",
];

fn junk(rng: &mut Rng) -> String {
    if rng.below(4) == 0 {
        let n = 1 + rng.below(60);
        (0..n)
            .map(|_| char::from(b' ' + rng.below(95) as u8))
            .collect()
    } else {
        JUNK[rng.below(JUNK.len())].to_string()
    }
}

/// Trains `exp`'s race a few steps and holds it to the invariants: finite weights unless a
/// lane diverged, and every lane exactly as it trains alone.
fn train(exp: &Experiment) -> Result<(), Failure> {
    let Ok(mut race) = exp.race() else {
        return Ok(());
    };
    let steps = steps(exp);
    race.step_to(steps);
    finite_or_diverged(&race)?;
    if race.lanes().len() < 2 {
        return Ok(());
    }
    // One lane per case, chosen by the race's own figures (so the same case checks the same
    // lane): beside the others it trains exactly as alone.
    let pick = race.lanes()[0].net().params().len() % race.lanes().len();
    for (i, lane) in race.lanes().iter().enumerate().filter(|(i, _)| *i == pick) {
        let mut solo = exp.clone();
        solo.lanes = vec![exp.lanes[i].clone()];
        let mut alone = solo
            .race()
            .map_err(|e| Failure::new("a lane alone does not build", e.to_string()))?;
        alone.step_to(steps);
        let bits = |p: &[f64]| p.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        if bits(lane.net().params()) != bits(alone.lanes()[0].net().params()) {
            return Err(Failure::new(
                "a lane trains differently beside others",
                format!("lane {i} ({})", lane.name()),
            ));
        }
    }
    // The landscape's walkers, on the same lanes.
    let land = exp.landscape();
    for lane in &exp.lanes {
        if let Ok(mut w) = land.walker(lane) {
            for _ in 0..steps {
                w.step();
            }
            if w.diverged().is_none() && !w.point().iter().all(|v| v.is_finite()) {
                return Err(Failure::new(
                    "a walker left the plane undiverged",
                    lane.name.clone(),
                ));
            }
        }
    }
    Ok(())
}

fn finite_or_diverged(race: &Race) -> Result<(), Failure> {
    for lane in race.lanes() {
        if lane.diverged().is_none() && !lane.net().params().iter().all(|w| w.is_finite()) {
            return Err(Failure::new(
                "weights not finite, lane not diverged",
                lane.name().to_string(),
            ));
        }
    }
    Ok(())
}

/// A state that loads writes back to a link that reads back to it, unchanged.
fn round_trip(exp: &Experiment, launch: &Launch) -> Result<(), Failure> {
    let written = hash(exp, launch);
    let again = read_address("", &format!("#{written}"));
    if !again.ignored.is_empty() {
        return Err(Failure::new(
            "the page refuses its own link",
            again.ignored.join("; "),
        ));
    }
    if again.experiment.as_ref() != Some(exp) || &again.launch != launch {
        return Err(Failure::new("a link reads back to another state", written));
    }
    if hash(exp, launch) != hash(again.experiment.as_ref().unwrap_or(exp), &again.launch) {
        return Err(Failure::new("a link writes back differently", written));
    }
    Ok(())
}

/// A random experiment, 24 times in 25 a small one (300 points at most, up to three hidden
/// layers of up to 8 units) so a hundred thousand cases run in minutes; the 25th keeps whatever
/// size it drew, up to the largest the page allows (six lanes of 6 × 32 on 2,000 points).
fn experiment(rng: &mut Rng) -> Experiment {
    let mut e = random_experiment(rng);
    if rng.below(25) > 0 {
        if e.points > 300 {
            let _ = e.apply("points", &(10 + rng.below(291)).to_string());
        }
        let layers: Vec<String> = e
            .hidden
            .iter()
            .take(3)
            .map(|u| u.min(&8).to_string())
            .collect();
        let _ = e.apply("layers", &layers.join(","));
    }
    e
}

fn draw_link(rng: &mut Rng, _: usize) -> Vec<String> {
    let exp = experiment(rng);
    let launch = random_launch(rng);
    let mut pairs: Vec<String> = hash(&exp, &launch).split('&').map(String::from).collect();
    for _ in 0..rng.below(6) {
        let i = rng.below(pairs.len());
        match rng.below(5) {
            0 => {
                pairs.remove(i);
            }
            1 => {
                let key = pairs[i].split('=').next().unwrap_or("").to_string();
                pairs[i] = format!("{key}={}", junk(rng));
            }
            2 => {
                let copy = pairs[i].clone();
                pairs.push(copy);
            }
            3 => {
                let keys = [
                    "lane.999999999.name",
                    "lane.0.param.lr.0",
                    "layer.7",
                    "lanes",
                    "custom",
                    "seed",
                ];
                pairs.insert(i, format!("{}={}", keys[rng.below(keys.len())], junk(rng)));
            }
            _ => {
                let j = rng.below(pairs.len());
                pairs.swap(i, j);
            }
        }
    }
    pairs
}

fn check_link(text: &str, clock: &Clock) -> Result<(), Failure> {
    let address = clock.timed("reading a link", 300.0, || {
        read_address("", &format!("#{text}"))
    })?;
    let exp = address.experiment.unwrap_or_default();
    round_trip(&exp, &address.launch)?;
    clock.timed("a link's race and walkers", 1000.0, || train(&exp))?
}

fn draw_hyperparameters(rng: &mut Rng, case: usize) -> Vec<String> {
    let kind = OptimizerKind::ALL[case % OptimizerKind::ALL.len()];
    let mut parts = vec![
        "v=1".to_string(),
        "lanes=2".to_string(),
        "lane.1.optimizer=sgd".to_string(),
        "lane.1.param.lr=0.03".to_string(),
        format!("lane.0.optimizer={}", kind.name()),
    ];
    for spec in kind.params() {
        let key = format!("lane.0.param.{}", spec.name);
        let mut value = |min: f64, max: f64, log: bool| match rng.below(4) {
            0 => junk(rng),
            1 => exact([0.0, 1.0, -1.0, 1e308, 1e-308, 1e6, 0.999_999][rng.below(7)]),
            _ if log && min > 0.0 => exact(rng.uniform_in(min.ln(), max.ln()).exp()),
            _ => exact(rng.uniform_in(min, max)),
        };
        match spec.kind {
            ParamKind::Number { min, max, log } => {
                parts.push(format!("{key}={}", value(min, max, log)))
            }
            ParamKind::Bool => parts.push(format!(
                "{key}={}",
                ["true", "false", "1", "maybe"][rng.below(4)]
            )),
            ParamKind::Pair { min, max, log } => {
                parts.push(format!("{key}.0={}", value(min.0, max.0, log)));
                parts.push(format!("{key}.1={}", value(min.1, max.1, log)));
            }
        }
    }
    parts
}

fn check_hyperparameters(text: &str, clock: &Clock) -> Result<(), Failure> {
    let (exp, ignored) = read_experiment(text);
    if let Some(bad) = ignored.iter().find(|m| !m.contains(": ") || m.len() > 400) {
        return Err(Failure::new("a refusal without its reason", bad.clone()));
    }
    round_trip(&exp, &Launch::default())?;
    clock.timed("training a lane beside a reference", 1000.0, || train(&exp))?
}

fn draw_csv(rng: &mut Rng, _: usize) -> Vec<String> {
    let four = rng.below(2) == 0;
    let mut rows = Vec::new();
    if rng.below(2) == 0 {
        rows.push(if four { "x,y,label,set" } else { "x,y,label" }.to_string());
    }
    let n = if rng.below(20) == 0 {
        1990 + rng.below(30)
    } else {
        rng.below(40)
    };
    for _ in 0..n {
        let mut row = format!(
            "{},{},{}",
            exact(rng.uniform_in(-8.0, 8.0)),
            exact(rng.uniform_in(-8.0, 8.0)),
            rng.below(3)
        );
        if four {
            row.push_str([",train", ",test"][rng.below(2)]);
        }
        if rng.below(8) == 0 {
            let mut fields: Vec<String> = row.split(',').map(String::from).collect();
            let i = rng.below(fields.len());
            fields[i] = junk(rng).replace(['\n', '\r'], "");
            if rng.below(3) == 0 {
                fields.truncate(i);
            }
            row = fields.join(",");
        }
        rows.push(row);
    }
    rows
}

fn check_csv(text: &str, clock: &Clock) -> Result<(), Failure> {
    let import = clock.timed("reading a points file", 1000.0, || parse_points_csv(text))?;
    if import.refusals().chars().count() > 1000 {
        return Err(Failure::new(
            "a refusal notice of a page of text",
            import.refusals(),
        ));
    }
    let rows = text.lines().filter(|l| !l.trim().is_empty()).count();
    if rows > crate::view::export::MAX_CSV_ROWS + 1 && !import.is_empty() {
        return Err(Failure::new(
            "a file over the row limit was read",
            format!("{rows} rows"),
        ));
    }
    if import.is_empty() {
        return Ok(());
    }
    let mut exp = Experiment::default();
    let test = import.split_given.then_some(import.test.as_slice());
    exp.import_points(&import.train, test, import.classes);
    // What the page exports imports back exactly, split and all.
    let (train, test) = exp.datasets();
    let again = parse_points_csv(&data_csv(&train, &test));
    let mut back = Experiment::default();
    back.import_points(&again.train, Some(&again.test), again.classes);
    if back.datasets() != (train, test) || !again.errors.is_empty() {
        return Err(Failure::new(
            "the exported data does not import back",
            again.refusals(),
        ));
    }
    // A reload gives the same data.
    round_trip(&exp, &Launch::default())?;
    clock.timed("training on imported points", 1000.0, || train_race(&exp))?
}

fn train_race(exp: &Experiment) -> Result<(), Failure> {
    if let Ok(mut race) = exp.race() {
        race.step_to(steps(exp));
        finite_or_diverged(&race)?;
    }
    Ok(())
}

fn draw_race_file(rng: &mut Rng, _: usize) -> Vec<String> {
    let exp = experiment(rng);
    let text = match exp.race() {
        Ok(mut race) => {
            race.step_to(rng.below(30));
            config_json(&exp, &race)
        }
        Err(_) => format!(
            "{{\"format\":\"optimizer-playground\",\"version\":1,\"state\":\"{}\",\"lanes\":[]}}",
            exp.link()
        ),
    };
    let mut parts: Vec<String> = text.split(',').map(String::from).collect();
    for _ in 0..rng.below(4) {
        if parts.is_empty() {
            break;
        }
        let i = rng.below(parts.len());
        let replacements = [
            "null",
            "\"x\"",
            "1e999",
            "-1",
            "[]",
            "{}",
            "true",
            "1e12",
            "4294967297",
        ];
        match rng.below(4) {
            0 => {
                // A value replaced, keeping its key.
                if let Some((key, _)) = parts[i].split_once(':') {
                    parts[i] = format!("{key}:{}", replacements[rng.below(replacements.len())]);
                } else {
                    parts[i] = replacements[rng.below(replacements.len())].to_string();
                }
            }
            1 => {
                parts.remove(i);
            }
            2 => parts.truncate(i.max(1)),
            _ => {
                let copy = parts[i].clone();
                parts.insert(i, copy);
            }
        }
    }
    parts
}

fn check_race(text: &str, clock: &Clock) -> Result<(), Failure> {
    let Ok(file) = clock.timed("reading a race file", 1000.0, || read_race(text))? else {
        return Ok(());
    };
    let (exp, _) = read_experiment(&file.state);
    let Ok(mut race) = exp.race() else {
        return Ok(());
    };
    if check_race_file(&file, &race).is_err() {
        return Ok(());
    }
    let mut replay = Replay::new(file);
    clock.timed("replaying a race file", 1000.0, || {
        let done = replay.run(&mut race, REPLAY_BUDGET);
        if done {
            replay.finish(&mut race);
        }
    })?;
    finite_or_diverged(&race)
}

fn draw_message(rng: &mut Rng, _: usize) -> Vec<String> {
    let mut parts = vec![
        format!(
            "source={}",
            ["optimizer-playground", "other", ""][rng.below(3)]
        ),
        format!("version={}", ["1", "2", "NaN", ""][rng.below(4)]),
        format!(
            "type={}",
            ["play", "pause", "step", "reset", "load", "load", "dance", ""][rng.below(8)]
        ),
    ];
    if rng.below(4) > 0 {
        let state = if rng.below(3) == 0 {
            junk(rng)
        } else {
            draw_link(rng, 0).join("&")
        };
        parts.push(format!("state={state}"));
    }
    for _ in 0..rng.below(4) {
        let keys = ["embed", "lock", "show", "lang", "autoplay", "dataset"];
        parts.push(format!(
            "launch.{}={}",
            keys[rng.below(keys.len())],
            junk(rng)
        ));
    }
    parts
}

fn check_message(text: &str, clock: &Clock) -> Result<(), Failure> {
    let field = |name: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(name).and_then(|rest| rest.strip_prefix('=')))
    };
    let launch: Vec<(String, String)> = text
        .lines()
        .filter_map(|l| l.strip_prefix("launch.")?.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let version = field("version").and_then(crate::float::parse);
    let command = protocol::command(
        field("source"),
        version,
        field("type"),
        field("state"),
        (!launch.is_empty()).then_some(launch),
    );
    if let Ok(Some(Command::Load { state, launch })) = command {
        let (exp, _) = clock.timed("reading a host's state", 300.0, || read_experiment(&state))?;
        let mut l = Launch::default();
        for (k, v) in launch.unwrap_or_default() {
            let _ = l.apply(&k, &v);
        }
        round_trip(&exp, &l)?;
    }
    Ok(())
}
