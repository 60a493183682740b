//! The `postMessage` protocol between an embedded page and its host (a course page, an LMS).
//!
//! Every message is a JSON object with `source: "optimizer-playground"` and `version` (this
//! module's [`PROTOCOL_VERSION`]). To the host: `ready`, `progress` (at most 4 a second),
//! `diverged`, `result` (a challenge checked) and `error`. From the host: `play`, `pause`, `step`, `reset` and `load` (with a
//! `state`, a URL hash). The messages are built here as JSON text, tested natively; the page
//! only posts and reads them.

pub use crate::json::{number, string};
use crate::race::Race;
use crate::state::Launch;

/// Identifies this page's messages among others a host may receive.
pub const SOURCE: &str = "optimizer-playground";
/// Bumped when a message changes shape.
pub const PROTOCOL_VERSION: u32 = 1;
/// Least milliseconds between two `progress` messages (at most 4 a second).
pub const PROGRESS_INTERVAL_MS: f64 = 250.0;

fn envelope(kind: &str, body: &str) -> String {
    let sep = if body.is_empty() { "" } else { "," };
    format!(
        "{{\"source\":{},\"version\":{PROTOCOL_VERSION},\"type\":{}{sep}{body}}}",
        string(SOURCE),
        string(kind)
    )
}

/// `ready`: the page has started; carries the state it shows.
/// `ready`: the page has started; carries the experiment it shows (a link) and how it was
/// launched.
pub fn ready(state_hash: &str, launch: &Launch) -> String {
    let list = |items: &[String]| {
        let items: Vec<String> = items.iter().map(|i| string(i)).collect();
        format!("[{}]", items.join(","))
    };
    let launch = format!(
        "{{\"embed\":{},\"show\":{},\"lock\":{},\"autoplay\":{},\"lang\":{},\"course\":{}}}",
        launch.embed,
        launch.show.as_deref().map_or("null".into(), list),
        list(&launch.lock),
        launch.autoplay,
        launch.lang.as_deref().map_or("null".into(), string),
        launch.course.as_deref().map_or("null".into(), string)
    );
    envelope(
        "ready",
        &format!("\"state\":{},\"launch\":{launch}", string(state_hash)),
    )
}

/// Figures of the page itself, for `progress`.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct PagePerf {
    pub fps: f64,
    pub steps_per_second: f64,
    pub first_heatmap_ms: f64,
}

/// `progress`: step, epoch and per lane its name, optimizer, losses, accuracy, learning rate
/// and whether it diverged; plus the page's own speed.
pub fn progress(race: &Race, perf: PagePerf) -> String {
    let epoch = race.lanes().iter().map(|l| l.epoch()).max().unwrap_or(0);
    let mut lanes = Vec::new();
    for lane in race.lanes() {
        let r = lane.latest();
        lanes.push(format!(
            "{{\"name\":{},\"optimizer\":{},\"train_loss\":{},\"test_loss\":{},\"accuracy\":{},\"lr\":{},\"diverged\":{},\"unstable\":{}}}",
            string(lane.name()),
            string(lane.config().optimizer.kind().name()),
            number(r.train_loss),
            number(r.test_loss),
            number(if r.test_accuracy.is_finite() { r.test_accuracy } else { r.train_accuracy }),
            number(lane.lr_at(lane.steps())),
            lane.diverged().is_some(),
            lane.unstable().is_some()
        ));
    }
    envelope(
        "progress",
        &format!(
            "\"step\":{},\"epoch\":{epoch},\"lanes\":[{}],\"perf\":{{\"fps\":{},\"steps_per_second\":{},\"first_heatmap_ms\":{}}}",
            race.steps(),
            lanes.join(","),
            number(perf.fps),
            number(perf.steps_per_second),
            number(perf.first_heatmap_ms)
        ),
    )
}

/// `diverged`: a lane stopped.
pub fn diverged(lane: &str, step: usize, message: &str) -> String {
    envelope(
        "diverged",
        &format!(
            "\"lane\":{},\"step\":{step},\"message\":{}",
            string(lane),
            string(message)
        ),
    )
}

/// `result`: a challenge was checked. `points` are those earned (the challenge's when passed,
/// else 0); `figures` say what the goal read, its best value and at which step; `score` is the
/// course's, over all its challenges.
pub fn result(
    challenge: &str,
    verdict: &crate::challenge::Verdict,
    goal: &crate::challenge::Goal,
    points: u32,
    score: crate::challenge::Score,
) -> String {
    envelope(
        "result",
        &format!(
            "\"challenge\":{},\"passed\":{},\"points\":{},\"step\":{},\"figures\":{{\"measure\":{},\"lane\":{},\"best\":{},\"target\":{},\"steps\":{}}},\"score\":{{\"raw\":{},\"max\":{}}}",
            string(challenge),
            verdict.passed,
            if verdict.passed { points } else { 0 },
            verdict.step,
            string(goal.measure.name()),
            goal.lane,
            number(verdict.best),
            number(goal.target),
            goal.steps,
            score.raw,
            score.max
        ),
    )
}

/// `error`: something the learner was told went wrong.
pub fn error(message: &str) -> String {
    envelope("error", &format!("\"message\":{}", string(message)))
}

/// What a host asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    Play,
    Pause,
    Step,
    Reset,
    /// Load an experiment (a link); with `launch`, also these launch settings (`key=value`
    /// pairs) in place of the page's own.
    Load {
        state: String,
        launch: Option<Vec<(String, String)>>,
    },
}

/// Reads a host message from its `source`, `version`, `type`, `state` and `launch` fields. `Ok(None)`
/// for messages meant for someone else; an error for ours that cannot be obeyed.
pub fn command(
    source: Option<&str>,
    version: Option<f64>,
    kind: Option<&str>,
    state: Option<&str>,
    launch: Option<Vec<(String, String)>>,
) -> Result<Option<Command>, String> {
    if source != Some(SOURCE) {
        return Ok(None);
    }
    if version != Some(PROTOCOL_VERSION as f64) {
        return Err(format!(
            "message of protocol version {}; this page speaks version {PROTOCOL_VERSION}",
            version.map_or("none".into(), crate::format::plain)
        ));
    }
    match kind {
        Some("play") => Ok(Some(Command::Play)),
        Some("pause") => Ok(Some(Command::Pause)),
        Some("step") => Ok(Some(Command::Step)),
        Some("reset") => Ok(Some(Command::Reset)),
        Some("load") => state
            .map(|s| {
                Some(Command::Load {
                    state: s.to_string(),
                    launch,
                })
            })
            .ok_or_else(|| "a load message needs a state".to_string()),
        Some(other) => Err(format!("unknown message type {other:?}")),
        None => Err("a message needs a type".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::Experiment;

    #[test]
    fn strings_and_numbers_are_valid_json() {
        assert_eq!(string("a \"b\"\n\\"), r#""a \"b\"\n\\""#);
        assert_eq!(number(0.5), "0.5");
        assert_eq!(number(f64::NAN), "null");
    }

    #[test]
    fn ready_carries_the_launch_settings() {
        let mut launch = Launch::default();
        launch.apply("lock", "network").unwrap();
        launch.apply("lang", "ru").unwrap();
        let text = ready("v=1&seed=2", &launch);
        let v = crate::json::parse(&text).unwrap();
        assert_eq!(v.get("state").unwrap().as_str(), Some("v=1&seed=2"));
        let l = v.get("launch").unwrap();
        assert_eq!(l.get("embed").unwrap().as_bool(), Some(false));
        assert_eq!(
            l.get("lock").unwrap().as_array().unwrap()[0].as_str(),
            Some("network")
        );
        assert_eq!(l.get("lang").unwrap().as_str(), Some("ru"));
        assert_eq!(l.get("show"), Some(&crate::json::Value::Null));
    }

    #[test]
    fn progress_carries_every_lane() {
        let mut race = Experiment::default().race().unwrap();
        race.step_to(20);
        let text = progress(&race, PagePerf::default());
        assert!(text.starts_with(r#"{"source":"optimizer-playground","version":1,"type":"progress","step":20,"epoch":1,"lanes":["#), "{text}");
        assert_eq!(text.matches("\"optimizer\":").count(), 3);
        assert!(
            text.contains(r#""name":"Momentum","optimizer":"sgd""#),
            "{text}"
        );
        assert!(text.ends_with("}}"));
    }

    #[test]
    fn a_result_says_what_was_checked() {
        use crate::challenge::{Goal, Score, Verdict};
        let goal = Goal::parse("loss of lane 1 <= 0.05 within 300 steps").unwrap();
        let verdict = Verdict {
            passed: true,
            best: 0.04,
            step: 120,
            text: String::new(),
        };
        let score = Score {
            raw: 5,
            max: 15,
            all_passed: false,
        };
        let text = result("momentum", &verdict, &goal, 5, score);
        let v = crate::json::parse(&text).unwrap();
        assert_eq!(v.get("type").unwrap().as_str(), Some("result"));
        assert_eq!(v.get("challenge").unwrap().as_str(), Some("momentum"));
        assert_eq!(v.get("points").unwrap().as_f64(), Some(5.0));
        assert_eq!(v.get("step").unwrap().as_f64(), Some(120.0));
        let figures = v.get("figures").unwrap();
        assert_eq!(figures.get("best").unwrap().as_f64(), Some(0.04));
        assert_eq!(figures.get("measure").unwrap().as_str(), Some("loss"));
        assert_eq!(
            v.get("score").unwrap().get("max").unwrap().as_f64(),
            Some(15.0)
        );
        let failed = Verdict {
            passed: false,
            best: f64::NAN,
            ..verdict
        };
        let text = result("momentum", &failed, &goal, 5, score);
        assert!(text.contains(r#""passed":false,"points":0,"#) && text.contains(r#""best":null"#));
    }

    #[test]
    fn host_commands_are_checked() {
        let ours = Some(SOURCE);
        assert_eq!(
            command(Some("other"), None, Some("play"), None, None),
            Ok(None)
        );
        assert_eq!(
            command(ours, Some(1.0), Some("pause"), None, None),
            Ok(Some(Command::Pause))
        );
        assert_eq!(
            command(ours, Some(1.0), Some("load"), Some("v=1&seed=3"), None),
            Ok(Some(Command::Load {
                state: "v=1&seed=3".into(),
                launch: None
            }))
        );
        assert_eq!(
            command(ours, Some(2.0), Some("play"), None, None).unwrap_err(),
            "message of protocol version 2; this page speaks version 1"
        );
        assert!(command(ours, Some(1.0), Some("dance"), None, None).is_err());
        assert!(command(ours, Some(1.0), Some("load"), None, None).is_err());
    }
}
