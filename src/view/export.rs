//! What the page exports and imports, as text: the metric history and the data as CSV, the
//! configuration with every lane's weights as JSON, and the learner's own points from CSV.

use std::fmt::Write;

use super::protocol::{number, string};
use crate::data::Dataset;
use crate::race::Race;
use crate::state::Experiment;

/// The metric history, one row per recorded step and lane:
/// `step,lane,optimizer,learning_rate,train_loss,test_loss,train_accuracy,test_accuracy`.
/// Values not measured (a lane that diverged) are empty.
pub fn metrics_csv(race: &Race) -> String {
    let mut out = String::from(
        "step,lane,optimizer,learning_rate,train_loss,test_loss,train_accuracy,test_accuracy\n",
    );
    let cell = |v: f64| {
        if v.is_finite() {
            crate::format::plain(v)
        } else {
            String::new()
        }
    };
    for lane in race.lanes() {
        for r in lane.history().records() {
            let _ = writeln!(
                out,
                "{},{},{},{},{},{},{},{}",
                r.step,
                csv_text(lane.name()),
                lane.config().optimizer.kind().name(),
                cell(r.lr),
                cell(r.train_loss),
                cell(r.test_loss),
                cell(r.train_accuracy),
                cell(r.test_accuracy)
            );
        }
    }
    out
}

/// A CSV field, quoted when it holds a comma, a quote or a line break.
fn csv_text(text: &str) -> String {
    if text.contains([',', '"', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// The data as `x,y,label,set` rows (`set` is `train` or `test`); points of more values (the
/// digits' pixels, as the network reads them) as `p0,...,p63,label,set`.
pub fn data_csv(train: &Dataset, test: &Dataset) -> String {
    let mut out = if train.dim == 2 {
        String::from("x,y")
    } else {
        (0..train.dim)
            .map(|p| format!("p{p}"))
            .collect::<Vec<_>>()
            .join(",")
    };
    out.push_str(",label,set\n");
    for (set, d) in [("train", train), ("test", test)] {
        for i in 0..d.len() {
            for &v in d.row(i) {
                out.push_str(&crate::format::plain(v));
                out.push(',');
            }
            let _ = writeln!(out, "{},{set}", d.labels[i]);
        }
    }
    out
}

/// The configuration (the page state as a URL hash) and every lane's steps and weights.
pub fn config_json(state: &Experiment, race: &Race) -> String {
    let lanes: Vec<String> = race
        .lanes()
        .iter()
        .map(|lane| {
            let weights: Vec<String> = lane.net().params().iter().map(|&w| number(w)).collect();
            format!(
                "{{\"name\":{},\"optimizer\":{},\"steps\":{},\"weights\":[{}]}}",
                string(lane.name()),
                string(lane.config().optimizer.kind().name()),
                lane.steps(),
                weights.join(",")
            )
        })
        .collect();
    format!(
        "{{\"format\":\"optimizer-playground\",\"version\":1,\"state\":{},\"lanes\":[{}]}}",
        string(&state.link()),
        lanes.join(",")
    )
}

/// Most steps a lane of an imported race may claim: the page replays them (runs are exact), in
/// slices between frames, so a file cannot keep it busy for long.
pub const MAX_REPLAY_STEPS: u64 = 1_000_000;

/// Biggest race file the page reads (six lanes of the largest network are about 2 MB).
pub const MAX_RACE_FILE_BYTES: usize = 8 << 20;

/// One lane of an exported race.
#[derive(Clone, Debug, PartialEq)]
pub struct SavedLane {
    pub name: String,
    pub optimizer: String,
    pub steps: usize,
    pub weights: Vec<f64>,
}

/// An exported race, read and checked: the state (a link hash) and each lane's steps and
/// weights, every weight a finite number.
#[derive(Clone, Debug, PartialEq)]
pub struct RaceFile {
    pub state: String,
    pub lanes: Vec<SavedLane>,
}

/// Reads a race file written by [`config_json`]. Anything damaged refuses the whole file with
/// the reason (`lane 2: weight 14 is null`), so nothing changes on the page.
pub fn read_race(text: &str) -> Result<RaceFile, String> {
    if text.len() > MAX_RACE_FILE_BYTES {
        return Err(format!(
            "the file has {} bytes; a race file has at most {MAX_RACE_FILE_BYTES}",
            text.len()
        ));
    }
    let root = crate::json::parse(text).map_err(|e| format!("not JSON: {e}"))?;
    if root.get("format").and_then(|f| f.as_str()) != Some("optimizer-playground") {
        return Err(
            "not a race exported from this page (no \"format\": \"optimizer-playground\")".into(),
        );
    }
    match root.get("version").and_then(|v| v.as_f64()) {
        Some(v) if v.to_bits() == 1f64.to_bits() => {}
        other => {
            return Err(format!(
                "a race file of version {}; this page reads version 1",
                other.map_or("none".into(), crate::format::plain)
            ))
        }
    }
    let state = root
        .get("state")
        .and_then(|s| s.as_str())
        .ok_or("the file has no state (a link)")?
        .to_string();
    let lanes = root
        .get("lanes")
        .and_then(|l| l.as_array())
        .ok_or("the file has no list of lanes")?;
    if lanes.is_empty() || lanes.len() > crate::state::MAX_LANES {
        return Err(format!(
            "the file has {} lanes; a race has 1 to {}",
            lanes.len(),
            crate::state::MAX_LANES
        ));
    }
    let mut out = Vec::with_capacity(lanes.len());
    for (i, lane) in lanes.iter().enumerate() {
        let n = i + 1;
        let text = |key: &str| -> Result<String, String> {
            lane.get(key)
                .and_then(|v| v.as_str())
                .map(str::to_string)
                .ok_or_else(|| format!("lane {n} has no {key}"))
        };
        let steps = lane
            .get("steps")
            .and_then(|s| s.as_count(MAX_REPLAY_STEPS))
            .ok_or_else(|| {
                format!("lane {n}: steps must be a whole number from 0 to {MAX_REPLAY_STEPS}")
            })? as usize;
        let weights = lane
            .get("weights")
            .and_then(|w| w.as_array())
            .ok_or_else(|| format!("lane {n} has no list of weights"))?;
        let weights = weights
            .iter()
            .enumerate()
            .map(|(k, w)| match w.as_f64() {
                Some(x) if x.is_finite() => Ok(x),
                _ => Err(format!(
                    "lane {n}: weight {} is {}, not a finite number",
                    k + 1,
                    w.kind()
                )),
            })
            .collect::<Result<Vec<f64>, String>>()?;
        out.push(SavedLane {
            name: text("name")?,
            optimizer: text("optimizer")?,
            steps,
            weights,
        });
    }
    Ok(RaceFile { state, lanes: out })
}

/// Checks a race file against the race its state builds: as many lanes, the same optimizers,
/// as many weights each.
pub fn check_race_file(file: &RaceFile, race: &Race) -> Result<(), String> {
    if file.lanes.len() != race.lanes().len() {
        return Err(format!(
            "the file lists {} lanes but its state has {}",
            file.lanes.len(),
            race.lanes().len()
        ));
    }
    for (i, (saved, lane)) in file.lanes.iter().zip(race.lanes()).enumerate() {
        let kind = lane.config().optimizer.kind().name();
        if saved.optimizer != kind {
            return Err(format!(
                "lane {}: the file says {}, its state {kind}",
                i + 1,
                saved.optimizer
            ));
        }
        if saved.weights.len() != lane.net().param_count() {
            return Err(format!(
                "lane {}: the file has {} weights, the network {}",
                i + 1,
                saved.weights.len(),
                lane.net().param_count()
            ));
        }
    }
    Ok(())
}

/// Replaying an imported race to its saved steps, a slice at a time.
#[derive(Clone, Debug)]
pub struct Replay {
    file: RaceFile,
    /// Lane steps replayed so far.
    done: usize,
}

impl Replay {
    /// A replay of `file` on the race its state built (see [`check_race_file`]).
    pub fn new(file: RaceFile) -> Self {
        Replay { file, done: 0 }
    }

    /// Lane steps to replay in all.
    pub fn total(&self) -> usize {
        self.file.lanes.iter().map(|l| l.steps).sum()
    }

    /// Lane steps replayed so far.
    pub fn done(&self) -> usize {
        self.done
    }

    /// Replays up to `budget` lane steps; returns whether every lane reached its saved step (or
    /// diverged on the way).
    pub fn run(&mut self, race: &mut Race, mut budget: usize) -> bool {
        for (i, saved) in self.file.lanes.iter().enumerate() {
            loop {
                let Some(lane) = race.lanes().get(i) else {
                    return true;
                };
                if lane.steps() >= saved.steps || lane.diverged().is_some() {
                    break;
                }
                if budget == 0 {
                    return false;
                }
                race.step_lane(i);
                self.done += 1;
                budget -= 1;
            }
        }
        true
    }

    /// Once replayed: lanes whose weights are not the saved ones bit for bit (a file from
    /// another version) get the saved weights; returns how many did.
    pub fn finish(&self, race: &mut Race) -> usize {
        let mut replaced = 0;
        for (i, saved) in self.file.lanes.iter().enumerate() {
            // A replay without saved weights (a resumed attempt) has nothing to compare.
            if saved.weights.is_empty() {
                continue;
            }
            let same = race
                .lanes()
                .get(i)
                .map(|l| l.net().params() == saved.weights.as_slice());
            if same == Some(false) && race.set_weights(i, &saved.weights).is_ok() {
                replaced += 1;
            }
        }
        replaced
    }
}

/// Most data rows a points CSV may have: as many points as a link carries exactly.
pub const MAX_CSV_ROWS: usize = crate::state::values::MAX_CUSTOM_POINTS;

/// Refused rows a notice names before it only counts the rest.
const NAMED_ERRORS: usize = 5;

/// Points read from CSV, and the rows that were refused with their reasons.
#[derive(Clone, Debug, PartialEq)]
pub struct PointsImport {
    /// The accepted points, `(x, y, label)`, in the training set or (with a `set` column) as
    /// the file says.
    pub train: Vec<([f64; 2], usize)>,
    /// Test points, when the file says which are (a `set` column: `train` or `test`).
    pub test: Vec<([f64; 2], usize)>,
    /// Whether the file gave the split (the page exports its data that way).
    pub split_given: bool,
    /// Classes the labels use: 2, or 3 when a label is 2.
    pub classes: usize,
    /// One message per refused row: `row 4: "abc" is not a number`.
    pub errors: Vec<String>,
}

impl PointsImport {
    /// Every accepted point.
    pub fn len(&self) -> usize {
        self.train.len() + self.test.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The refused rows for a notice: the first few by number, then how many more.
    pub fn refusals(&self) -> String {
        self.refusals_in(|sentence| sentence.to_string())
    }

    /// [`PointsImport::refusals`] with each sentence put by `say` (into the learner's
    /// language) before they are joined: a refused value may itself hold a `;`.
    pub fn refusals_in(&self, say: impl Fn(&str) -> String) -> String {
        let mut parts: Vec<String> = self
            .errors
            .iter()
            .take(NAMED_ERRORS)
            .map(|e| say(e))
            .collect();
        if self.errors.len() > NAMED_ERRORS {
            parts.push(say(&format!(
                "and {} more rows",
                self.errors.len() - NAMED_ERRORS
            )));
        }
        parts.join("; ")
    }
}

/// Reads `x,y,label` rows, or `x,y,label,set` rows as [`data_csv`] writes them (a header row
/// of text is skipped; blank lines are ignored). Labels are exactly `0`, `1` or `2`;
/// coordinates finite numbers within ±1000; `set` is `train` or `test`. A file of more than
/// [`MAX_CSV_ROWS`] rows is refused whole.
pub fn parse_points_csv(text: &str) -> PointsImport {
    let mut import = PointsImport {
        train: Vec::new(),
        test: Vec::new(),
        split_given: false,
        classes: 2,
        errors: Vec::new(),
    };
    let rows: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim().trim_start_matches('\u{feff}')))
        .filter(|(_, l)| !l.is_empty())
        .collect();
    let header = rows.first().is_some_and(|(_, l)| {
        l.split(',')
            .next()
            .is_some_and(|f| f.trim().eq_ignore_ascii_case("x"))
    });
    let data = &rows[usize::from(header)..];
    if data.len() > MAX_CSV_ROWS {
        import.errors.push(format!(
            "the file has {} rows; a points file has at most {MAX_CSV_ROWS}",
            data.len()
        ));
        return import;
    }
    // The file's first row says whether it carries the split.
    import.split_given = data.first().is_some_and(|(_, l)| l.split(',').count() == 4);
    let columns = if import.split_given { 4 } else { 3 };
    let names = if import.split_given {
        "x,y,label,set"
    } else {
        "x,y,label"
    };
    for &(row, line) in data {
        let fields: Vec<&str> = line.split(',').map(str::trim).collect();
        if fields.len() != columns {
            import.errors.push(format!(
                "row {row}: expected {columns} values ({names}), got {}",
                fields.len()
            ));
            continue;
        }
        let coordinate = |f: &str| -> Result<f64, String> {
            match crate::float::parse(f) {
                Some(v) if v.is_finite() && v.abs() <= 1000.0 => Ok(v),
                Some(_) => Err(format!("{f} is outside -1000 to 1000")),
                None => Err(format!("{f:?} is not a number")),
            }
        };
        let parsed = (|| -> Result<([f64; 2], usize, bool), String> {
            let x = coordinate(fields[0])?;
            let y = coordinate(fields[1])?;
            let label = match fields[2] {
                "0" => 0,
                "1" => 1,
                "2" => 2,
                other => return Err(format!("label {other:?} is not a class (0, 1 or 2)")),
            };
            let test = match fields.get(3) {
                None | Some(&"train") => false,
                Some(&"test") => true,
                Some(other) => return Err(format!("set {other:?} is not train or test")),
            };
            Ok(([x, y], label, test))
        })();
        match parsed {
            Ok((p, label, true)) => import.test.push((p, label)),
            Ok((p, label, false)) => import.train.push((p, label)),
            Err(why) => import.errors.push(format!("row {row}: {why}")),
        }
    }
    if import.train.iter().chain(&import.test).any(|p| p.1 == 2) {
        import.classes = 3;
    }
    import
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metrics_have_a_row_per_record_and_lane() {
        let p = Experiment::default();
        let mut race = p.race().unwrap();
        race.step_to(30);
        let csv = metrics_csv(&race);
        let rows: Vec<&str> = csv.lines().collect();
        assert_eq!(
            rows[0],
            "step,lane,optimizer,learning_rate,train_loss,test_loss,train_accuracy,test_accuracy"
        );
        assert_eq!(rows.len(), 1 + 3 * 4, "steps 0, 10, 20, 30 for three lanes");
        assert!(rows[1].starts_with("0,SGD,sgd,0.03,"), "{}", rows[1]);
        assert!(rows.iter().skip(1).all(|r| r.split(',').count() == 8));
    }

    #[test]
    fn the_config_carries_the_state_and_the_weights() {
        let p = Experiment::default();
        let mut race = p.race().unwrap();
        race.step_to(5);
        let json = config_json(&p, &race);
        assert!(json.starts_with(r#"{"format":"optimizer-playground","version":1,"state":"v=1&"#));
        assert_eq!(json.matches("\"weights\":[").count(), 3);
        let first = race.lanes()[0].net().params()[0];
        assert!(json.contains(&format!("\"weights\":[{first},")));
    }

    #[test]
    fn an_exported_race_reads_back_and_checks_against_its_state() {
        let p = Experiment::default();
        let mut race = p.race().unwrap();
        race.step_to(25);
        let file = read_race(&config_json(&p, &race)).unwrap();
        assert_eq!(file.state, p.link());
        assert_eq!(file.lanes.len(), 3);
        assert_eq!(file.lanes[2].steps, 25);
        assert_eq!(file.lanes[2].weights, race.lanes()[2].net().params());
        check_race_file(&file, &race).unwrap();
    }

    #[test]
    fn a_replay_in_slices_reproduces_the_weights_bit_for_bit() {
        let p = Experiment::default();
        let mut race = p.race().unwrap();
        race.step_to(40);
        let file = read_race(&config_json(&p, &race)).unwrap();
        let mut fresh = p.race().unwrap();
        let mut replay = Replay::new(file);
        assert_eq!(replay.total(), 120);
        let mut slices = 0;
        while !replay.run(&mut fresh, 7) {
            slices += 1;
        }
        assert_eq!(slices, 120 / 7);
        assert_eq!(replay.done(), 120);
        assert_eq!(replay.finish(&mut fresh), 0);
        for (a, b) in race.lanes().iter().zip(fresh.lanes()) {
            assert_eq!(a.net().params(), b.net().params());
        }
    }

    #[test]
    fn damaged_race_files_are_refused_whole_with_a_reason() {
        let p = Experiment::default();
        let race = p.race().unwrap();
        let good = config_json(&p, &race);
        let cases = [
            ("[1,", "not JSON: line 1, column 4"),
            ("{}", "not a race exported from this page"),
            (&good.replace("\"version\":1", "\"version\":7"), "version 7"),
            (
                &good.replace("\"lanes\":[", "\"lanes\":null,\"x\":["),
                "no list of lanes",
            ),
            (
                &good.replace("\"steps\":0", "\"steps\":1e12"),
                "steps must be a whole number",
            ),
            (
                &good.replace("\"steps\":0", "\"steps\":-1"),
                "steps must be a whole number",
            ),
            (
                &good.replacen("\"weights\":[", "\"weights\":[null,", 1),
                "lane 1: weight 1 is null",
            ),
            (
                &good.replacen("\"weights\":[", "\"weights\":null,\"w\":[", 1),
                "lane 1 has no list of weights",
            ),
            (&good.replacen("\"state\":", "\"s\":", 1), "no state"),
        ];
        for (text, reason) in cases {
            let e = read_race(text).unwrap_err();
            assert!(e.contains(reason), "{text:.80}: {e}");
        }
        let mut file = read_race(&good).unwrap();
        file.lanes[1].weights.pop();
        assert!(check_race_file(&file, &race)
            .unwrap_err()
            .contains("lane 2: the file has"));
        file.lanes.pop();
        assert!(check_race_file(&file, &race)
            .unwrap_err()
            .contains("lists 2 lanes"));
    }

    #[test]
    fn points_csv_accepts_good_rows_and_names_bad_ones() {
        let text = "x,y,label\n1,2,0\n-1.5,0.5,1\n\nabc,1,0\n1,2\n3,4,7\n5,6,2\n7,8,01\n9,9,+1\n";
        let import = parse_points_csv(text);
        assert_eq!(
            import.train,
            vec![([1.0, 2.0], 0), ([-1.5, 0.5], 1), ([5.0, 6.0], 2)]
        );
        assert!(!import.split_given && import.test.is_empty());
        assert_eq!(import.classes, 3);
        assert_eq!(
            import.errors,
            [
                "row 5: \"abc\" is not a number",
                "row 6: expected 3 values (x,y,label), got 2",
                "row 7: label \"7\" is not a class (0, 1 or 2)",
                "row 9: label \"01\" is not a class (0, 1 or 2)",
                "row 10: label \"+1\" is not a class (0, 1 or 2)",
            ]
        );
        let data = data_csv(&Dataset::new(2), &Dataset::new(2));
        assert_eq!(data, "x,y,label,set\n");
    }

    #[test]
    fn the_data_csv_the_page_exports_imports_back_exactly() {
        let (train, test) = Experiment::default().datasets();
        let import = parse_points_csv(&data_csv(&train, &test));
        assert!(import.errors.is_empty() && import.split_given);
        let back = |points: &[([f64; 2], usize)]| {
            let mut d = Dataset::new(2);
            for &(p, l) in points {
                d.push(p, l);
            }
            d
        };
        assert_eq!((back(&import.train), back(&import.test)), (train, test));
    }

    #[test]
    fn a_long_or_bad_file_is_refused_in_a_few_words() {
        let rows = "1,2,0\n".repeat(MAX_CSV_ROWS + 1);
        let import = parse_points_csv(&rows);
        assert!(import.is_empty());
        assert_eq!(
            import.errors,
            ["the file has 2001 rows; a points file has at most 2000"]
        );
        let bad = parse_points_csv(&"1,2,9\n".repeat(300));
        assert_eq!(bad.errors.len(), 300);
        let notice = bad.refusals();
        assert!(
            notice.ends_with("; and 295 more rows") && notice.len() < 300,
            "{notice}"
        );
        assert!(
            parse_points_csv("x,y,label,set\n1,2,0,validation\n").errors[0]
                .contains("set \"validation\"")
        );
    }
}
