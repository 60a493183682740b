//! The pictures as tables, for a learner who can't see them or wants the numbers: the curves
//! (a value per lane at steps spread over the race) and a lane's map (every point with its
//! class and the lane's prediction). HTML with a caption and header cells, so a screen reader
//! reads each number with its row and column.

use crate::format::{figure, percent};
use crate::view::controls::escape;

/// Most rows a curve table shows: the first record, the last, and the rest evenly between.
pub const CURVE_ROWS: usize = 21;

/// Indices of at most `max` records out of `n`, evenly spread, first and last included.
pub fn spread(n: usize, max: usize) -> Vec<usize> {
    if n <= max {
        return (0..n).collect();
    }
    if max < 2 {
        return (0..max).collect();
    }
    let mut out: Vec<usize> = (0..max).map(|k| k * (n - 1) / (max - 1)).collect();
    out.dedup();
    out
}

/// What a curve table shows of each record: a loss (a figure) or an accuracy (a percentage).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Measure {
    Loss,
    Accuracy,
}

/// One lane's column: its name and its `(step, value)` points, in step order.
pub struct Column<'a> {
    pub name: &'a str,
    pub points: &'a [(usize, f64)],
}

/// A table of `columns` over steps: a row for each step of the longest column, sampled to
/// [`CURVE_ROWS`]; a lane without a value at a step shows a dash. `words` are the caption and
/// the first header ("step"), already in the learner's language.
pub fn curve_table(caption: &str, step_word: &str, measure: Measure, columns: &[Column]) -> String {
    let longest = columns
        .iter()
        .max_by_key(|c| c.points.len())
        .map_or(&[][..], |c| c.points);
    let mut html = format!(
        "<table><caption>{}</caption><thead><tr><th scope=\"col\">{}</th>",
        escape(caption),
        escape(step_word)
    );
    for c in columns {
        html.push_str(&format!("<th scope=\"col\">{}</th>", escape(c.name)));
    }
    html.push_str("</tr></thead><tbody>");
    for k in spread(longest.len(), CURVE_ROWS) {
        let step = longest[k].0;
        html.push_str(&format!("<tr><th scope=\"row\">{step}</th>"));
        for c in columns {
            let value = c
                .points
                .binary_search_by_key(&step, |p| p.0)
                .ok()
                .map(|i| c.points[i].1);
            let text = match (value, measure) {
                (None, _) => "–".to_string(),
                (Some(v), Measure::Loss) => figure(v),
                (Some(v), Measure::Accuracy) => percent(v),
            };
            html.push_str(&format!("<td>{text}</td>"));
        }
        html.push_str("</tr>");
    }
    html.push_str("</tbody></table>");
    html
}

/// One point of a lane's map: where, its class, whether it is a test point, and the class the
/// lane predicts there (if it has trained).
pub struct PointRow {
    pub x: f64,
    pub y: f64,
    pub class: usize,
    pub test: bool,
    pub predicted: Option<usize>,
}

/// The headers of a points table, in the learner's language: caption, x, y, class, set,
/// prediction, and the words for a train and a test point.
pub struct PointWords<'a> {
    pub caption: &'a str,
    pub class: &'a str,
    pub set: &'a str,
    pub predicted: &'a str,
    pub train: &'a str,
    pub test: &'a str,
    pub wrong: &'a str,
}

/// Every point as a row; a wrong prediction is said so in words, not only by colour.
pub fn points_table(words: &PointWords, rows: &[PointRow]) -> String {
    let mut html = format!(
        "<table><caption>{}</caption><thead><tr><th scope=\"col\">x</th><th scope=\"col\">y</th>\
         <th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
        escape(words.caption),
        escape(words.class),
        escape(words.set),
        escape(words.predicted)
    );
    for r in rows {
        let predicted = match r.predicted {
            None => "–".to_string(),
            Some(p) if p == r.class => p.to_string(),
            Some(p) => format!("{p} ({})", escape(words.wrong)),
        };
        html.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{predicted}</td></tr>",
            figure(r.x),
            figure(r.y),
            r.class,
            escape(if r.test { words.test } else { words.train }),
        ));
    }
    html.push_str("</tbody></table>");
    html
}

/// The class with the highest probability in each row of `probs` (`classes` per row).
pub fn argmax_rows(probs: &[f64], classes: usize) -> Vec<usize> {
    probs
        .chunks(classes.max(1))
        .map(|row| {
            row.iter()
                .enumerate()
                .fold((0, f64::NEG_INFINITY), |best, (k, &p)| {
                    if p > best.1 {
                        (k, p)
                    } else {
                        best
                    }
                })
                .0
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spread_keeps_first_and_last_and_never_repeats() {
        assert_eq!(spread(0, 21), Vec::<usize>::new());
        assert_eq!(spread(5, 21), [0, 1, 2, 3, 4]);
        let s = spread(1000, 21);
        assert_eq!(s.len(), 21);
        assert_eq!((s[0], s[20]), (0, 999));
        assert!(s.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(spread(3, 2), [0, 2]);
    }

    #[test]
    fn a_curve_table_has_a_row_per_sampled_step_and_a_dash_where_a_lane_has_none() {
        let a = [(0, 0.69), (10, 0.5), (20, 0.25)];
        let b = [(0, 0.69), (10, 0.4)];
        let html = curve_table(
            "Train loss",
            "step",
            Measure::Loss,
            &[
                Column {
                    name: "SGD",
                    points: &a,
                },
                Column {
                    name: "<Adam>",
                    points: &b,
                },
            ],
        );
        assert!(html.starts_with("<table><caption>Train loss</caption>"));
        assert!(
            html.contains("<th scope=\"col\">&lt;Adam&gt;</th>"),
            "{html}"
        );
        assert_eq!(html.matches("<tr><th scope=\"row\">").count(), 3);
        assert!(
            html.contains("<tr><th scope=\"row\">20</th><td>0.25</td><td>–</td></tr>"),
            "{html}"
        );
        let acc = curve_table(
            "Test accuracy",
            "step",
            Measure::Accuracy,
            &[Column {
                name: "SGD",
                points: &[(0, 0.5)],
            }],
        );
        assert!(acc.contains("<td>50%</td>"), "{acc}");
    }

    #[test]
    fn a_points_table_says_a_wrong_prediction_in_words() {
        let words = PointWords {
            caption: "Points of lane SGD",
            class: "class",
            set: "set",
            predicted: "predicted",
            train: "train",
            test: "test",
            wrong: "wrong",
        };
        let rows = [
            PointRow {
                x: 0.5,
                y: -0.25,
                class: 1,
                test: false,
                predicted: Some(1),
            },
            PointRow {
                x: 1.0,
                y: 2.0,
                class: 0,
                test: true,
                predicted: Some(1),
            },
            PointRow {
                x: 0.0,
                y: 0.0,
                class: 0,
                test: false,
                predicted: None,
            },
        ];
        let html = points_table(&words, &rows);
        assert!(
            html.contains("<tr><td>0.5</td><td>-0.25</td><td>1</td><td>train</td><td>1</td></tr>"),
            "{html}"
        );
        assert!(html.contains("<td>test</td><td>1 (wrong)</td>"), "{html}");
        assert!(html.contains("<td>–</td></tr>"));
        assert_eq!(argmax_rows(&[0.2, 0.8, 0.9, 0.1, 0.3, 0.3], 2), [1, 0, 0]);
    }
}
