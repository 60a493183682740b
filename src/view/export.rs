//! What the page exports and imports, as text: the metric history and the data as CSV, the
//! configuration with every lane's weights as JSON, and the learner's own points from CSV.

use std::fmt::Write;

use super::protocol::{number, string};
use crate::data::Dataset;
use crate::playground::Playground;
use crate::race::Race;

/// The metric history, one row per recorded step and lane:
/// `step,lane,optimizer,learning_rate,train_loss,test_loss,train_accuracy,test_accuracy`.
/// Values not measured (a lane that diverged) are empty.
pub fn metrics_csv(race: &Race) -> String {
    let mut out = String::from(
        "step,lane,optimizer,learning_rate,train_loss,test_loss,train_accuracy,test_accuracy\n",
    );
    let cell = |v: f64| {
        if v.is_finite() {
            format!("{v}")
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

/// The data as `x,y,label,set` rows (`set` is `train` or `test`).
pub fn data_csv(train: &Dataset, test: &Dataset) -> String {
    let mut out = String::from("x,y,label,set\n");
    for (set, d) in [("train", train), ("test", test)] {
        for i in 0..d.len() {
            let [x, y] = d.point(i);
            let _ = writeln!(out, "{x},{y},{},{set}", d.labels[i]);
        }
    }
    out
}

/// The configuration (the page state as a URL hash) and every lane's steps and weights.
pub fn config_json(state: &Playground, race: &Race) -> String {
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
        string(&state.to_hash()),
        lanes.join(",")
    )
}

/// Points read from CSV, and the rows that were refused with their reasons.
#[derive(Clone, Debug, PartialEq)]
pub struct PointsImport {
    /// The accepted points, `(x, y, label)`.
    pub points: Vec<([f64; 2], usize)>,
    /// Classes the labels use: 2, or 3 when a label is 2.
    pub classes: usize,
    /// One message per refused row: `row 4: "abc" is not a number`.
    pub errors: Vec<String>,
}

/// Reads `x,y,label` rows (a header row of text is skipped; blank lines are ignored). Labels
/// are classes 0, 1 or 2; coordinates must be finite numbers within ±1000.
pub fn parse_points_csv(text: &str) -> PointsImport {
    let mut points = Vec::new();
    let mut errors = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let row = i + 1;
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split(',').map(str::trim).collect();
        if row == 1
            && fields.first().is_some_and(|f| f.parse::<f64>().is_err())
            && fields.len() >= 3
        {
            // A header such as `x,y,label`.
            if fields[0].eq_ignore_ascii_case("x") {
                continue;
            }
        }
        if fields.len() != 3 {
            errors.push(format!(
                "row {row}: expected 3 values (x,y,label), got {}",
                fields.len()
            ));
            continue;
        }
        let coordinate = |f: &str| -> Result<f64, String> {
            match f.parse::<f64>() {
                Ok(v) if v.is_finite() && v.abs() <= 1000.0 => Ok(v),
                Ok(_) => Err(format!("{f} is outside -1000 to 1000")),
                Err(_) => Err(format!("{f:?} is not a number")),
            }
        };
        let parsed = (|| -> Result<([f64; 2], usize), String> {
            let x = coordinate(fields[0])?;
            let y = coordinate(fields[1])?;
            let label = match fields[2].parse::<usize>() {
                Ok(l) if l <= 2 => l,
                _ => return Err(format!("label {:?} is not a class (0, 1 or 2)", fields[2])),
            };
            Ok(([x, y], label))
        })();
        match parsed {
            Ok(p) => points.push(p),
            Err(why) => errors.push(format!("row {row}: {why}")),
        }
    }
    let classes = if points.iter().any(|p| p.1 == 2) {
        3
    } else {
        2
    };
    PointsImport {
        points,
        classes,
        errors,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metrics_have_a_row_per_record_and_lane() {
        let p = Playground::default();
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
        let p = Playground::default();
        let mut race = p.race().unwrap();
        race.step_to(5);
        let json = config_json(&p, &race);
        assert!(json.starts_with(r#"{"format":"optimizer-playground","version":1,"state":"v=1&"#));
        assert_eq!(json.matches("\"weights\":[").count(), 3);
        let first = race.lanes()[0].net().params()[0];
        assert!(json.contains(&format!("\"weights\":[{first},")));
    }

    #[test]
    fn points_csv_accepts_good_rows_and_names_bad_ones() {
        let text = "x,y,label\n1,2,0\n-1.5,0.5,1\n\nabc,1,0\n1,2\n3,4,7\n5,6,2\n";
        let import = parse_points_csv(text);
        assert_eq!(
            import.points,
            vec![([1.0, 2.0], 0), ([-1.5, 0.5], 1), ([5.0, 6.0], 2)]
        );
        assert_eq!(import.classes, 3);
        assert_eq!(
            import.errors,
            [
                "row 5: \"abc\" is not a number",
                "row 6: expected 3 values (x,y,label), got 2",
                "row 7: label \"7\" is not a class (0, 1 or 2)"
            ]
        );
        let data = data_csv(&Dataset::new(2), &Dataset::new(2));
        assert_eq!(data, "x,y,label,set\n");
    }
}
