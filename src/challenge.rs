//! Graded challenges: a goal over a race's figures that the engine judges, the same on every
//! machine. A lesson file states one in its header:
//!
//! ```text
//! challenge: loss of lane 1 <= 1e-6 within 100 steps
//! free: lane.1.param.lr
//! points: 10
//! ```
//!
//! The learner may change only the `free` fields; on Check, those fields of their page are put
//! over the lesson's own state, the race runs from its seed to the step budget, and the goal is
//! met if the figure reaches the target at any step the race measures up to the budget (a
//! classifier evaluates its train and test sets every few steps, as its curves show; a landscape
//! lane's loss is known at every step). [`Judge`] runs in slices, so a page never blocks a frame.

use crate::format::{exact, figure};
use crate::race::Race;
use crate::state::{Experiment, ViewKind};

/// Most steps a challenge may ask for.
pub const MAX_STEPS: usize = 100_000;
/// Most points a challenge may be worth.
pub const MAX_POINTS: u32 = 1000;

/// A figure a goal reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Measure {
    TrainLoss,
    TestLoss,
    TrainAccuracy,
    TestAccuracy,
    /// A landscape lane's loss.
    Loss,
}

impl Measure {
    const NAMES: [(&'static str, Measure); 5] = [
        ("train_loss", Measure::TrainLoss),
        ("test_loss", Measure::TestLoss),
        ("train_accuracy", Measure::TrainAccuracy),
        ("test_accuracy", Measure::TestAccuracy),
        ("loss", Measure::Loss),
    ];

    pub fn name(self) -> &'static str {
        Self::NAMES
            .iter()
            .find(|(_, m)| *m == self)
            .map_or("", |(n, _)| n)
    }

    /// The figure in words, for a learner.
    pub fn label(self) -> &'static str {
        match self {
            Measure::TrainLoss => "training loss",
            Measure::TestLoss => "test loss",
            Measure::TrainAccuracy => "training accuracy",
            Measure::TestAccuracy => "test accuracy",
            Measure::Loss => "loss",
        }
    }

    /// The view whose race has this figure.
    fn view(self) -> ViewKind {
        match self {
            Measure::Loss => ViewKind::Landscape,
            _ => ViewKind::Classifier,
        }
    }
}

/// Which way the target bounds the figure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bound {
    AtMost,
    AtLeast,
}

/// What to reach: `figure` of `lane` at most (or at least) `target`, within `steps` steps.
#[derive(Clone, Debug, PartialEq)]
pub struct Goal {
    pub measure: Measure,
    pub lane: usize,
    pub bound: Bound,
    pub target: f64,
    pub steps: usize,
}

impl Goal {
    /// Reads `FIGURE [of lane N] (<=|>=) NUMBER within STEPS steps`; lanes count from 0, as in
    /// links.
    pub fn parse(text: &str) -> Result<Goal, String> {
        let expected = "expected FIGURE [of lane N] <= or >= NUMBER within STEPS steps, \
                        FIGURE one of train_loss, test_loss, train_accuracy, test_accuracy, loss";
        let words: Vec<&str> = text.split_whitespace().collect();
        let (measure, rest) = match words.split_first() {
            Some((name, rest)) => (
                Measure::NAMES
                    .iter()
                    .find(|(n, _)| n == name)
                    .map(|(_, m)| *m)
                    .ok_or_else(|| format!("unknown figure {name:?}; {expected}"))?,
                rest,
            ),
            None => return Err(expected.into()),
        };
        let (lane, rest) = match rest {
            ["of", "lane", n, rest @ ..] => (
                n.parse::<usize>()
                    .ok()
                    .filter(|&n| n < crate::state::MAX_LANES)
                    .ok_or_else(|| format!("no lane {n:?} (lanes count from 0)"))?,
                rest,
            ),
            _ => (0, rest),
        };
        let [op, target, "within", steps, "steps" | "step"] = rest else {
            return Err(expected.into());
        };
        let bound = match *op {
            "<=" => Bound::AtMost,
            ">=" => Bound::AtLeast,
            _ => return Err(format!("{op:?} is not <= or >=")),
        };
        let target: f64 = crate::float::parse(target)
            .filter(|t| t.is_finite())
            .ok_or_else(|| format!("the target {target:?} is not a number"))?;
        let steps: usize = steps
            .parse()
            .ok()
            .filter(|s| (1..=MAX_STEPS).contains(s))
            .ok_or_else(|| {
                format!("the step budget must be a whole number from 1 to {MAX_STEPS}")
            })?;
        Ok(Goal {
            measure,
            lane,
            bound,
            target,
            steps,
        })
    }

    /// Whether the goal can be judged on `state`: its figure belongs to the state's view and
    /// its lane exists.
    pub fn fits(&self, state: &Experiment) -> Result<(), String> {
        if self.measure.view() != state.view {
            return Err(format!(
                "{} is not a figure of the {} view",
                self.measure.name(),
                state.view.name()
            ));
        }
        if self.lane >= state.lanes.len() {
            return Err(format!(
                "the state has {} lanes, no lane {}",
                state.lanes.len(),
                self.lane
            ));
        }
        Ok(())
    }

    /// The goal in words: `loss of lane 0 ≤ 0.05 within 300 steps`.
    pub fn describe(&self) -> String {
        let op = match self.bound {
            Bound::AtMost => "≤",
            Bound::AtLeast => "≥",
        };
        format!(
            "{} of lane {} {op} {} within {} steps",
            self.measure.label(),
            self.lane,
            exact(self.target),
            self.steps
        )
    }

    fn met(&self, value: f64) -> bool {
        match self.bound {
            Bound::AtMost => value <= self.target,
            Bound::AtLeast => value >= self.target,
        }
    }

    /// The better of two values for this goal (NaN never better).
    fn better(&self, a: f64, b: f64) -> bool {
        match self.bound {
            Bound::AtMost => a < b || b.is_nan() && !a.is_nan(),
            Bound::AtLeast => a > b || b.is_nan() && !a.is_nan(),
        }
    }
}

/// A challenge: its goal, the fields a learner may change (every other is the lesson's), and
/// its points.
#[derive(Clone, Debug, PartialEq)]
pub struct Challenge {
    pub goal: Goal,
    pub free: Vec<String>,
    pub points: u32,
}

impl Challenge {
    /// The state judged: `base` with the learner's values of the free fields.
    pub fn attempt(&self, base: &Experiment, learner: &Experiment) -> Experiment {
        let mut state = base.clone();
        let theirs = learner.fields();
        for key in &self.free {
            if let Some((_, value)) = theirs.iter().find(|(k, _)| k == key) {
                // A value the base refuses (a lane it lacks) leaves the base's.
                let _ = state.apply(key, value);
            }
        }
        state
    }
}

/// The judgement: met or not, the best value reached and at which step, in a sentence.
#[derive(Clone, Debug, PartialEq)]
pub struct Verdict {
    pub passed: bool,
    pub best: f64,
    pub step: usize,
    pub text: String,
}

/// A challenge being judged, a slice at a time.
pub struct Judge {
    goal: Goal,
    run: Run,
    best: f64,
    best_step: usize,
    /// The first step not yet read.
    next_step: usize,
}

enum Run {
    Race(Box<Race>),
    Walk(Vec<f64>),
    Refused(String),
}

impl Judge {
    /// Starts judging `state` (from [`Challenge::attempt`]).
    pub fn new(goal: &Goal, state: &Experiment) -> Judge {
        let run = match goal.fits(state) {
            Err(why) => Run::Refused(why),
            Ok(()) if goal.measure == Measure::Loss => {
                match state.landscape().walk(&state.lanes[goal.lane], goal.steps) {
                    Ok(w) => Run::Walk(w.losses),
                    Err(e) => Run::Refused(e.to_string()),
                }
            }
            Ok(()) => match state.race() {
                Ok(race) => Run::Race(Box::new(race)),
                Err(e) => Run::Refused(e.to_string()),
            },
        };
        Judge {
            goal: goal.clone(),
            run,
            best: f64::NAN,
            best_step: 0,
            next_step: 0,
        }
    }

    /// Steps done of the budget.
    pub fn done(&self) -> usize {
        match &self.run {
            Run::Race(r) => r.steps(),
            _ => self.goal.steps,
        }
    }

    /// Runs at most `steps` more training steps; the verdict once the budget is spent (or the
    /// goal met, or the lane diverged).
    pub fn work(&mut self, steps: usize) -> Option<Verdict> {
        let goal = self.goal.clone();
        match &mut self.run {
            Run::Refused(why) => Some(Verdict {
                passed: false,
                best: f64::NAN,
                step: 0,
                text: format!("This challenge can't be judged on this state: {why}."),
            }),
            Run::Walk(losses) => {
                for (step, &loss) in losses.iter().enumerate().take(goal.steps + 1) {
                    if goal.met(loss) {
                        (self.best, self.best_step) = (loss, step);
                        return Some(self.verdict(true));
                    }
                    if goal.better(loss, self.best) {
                        (self.best, self.best_step) = (loss, step);
                    }
                }
                Some(self.verdict(false))
            }
            Run::Race(race) => {
                let pick = |r: &crate::race::Record| match goal.measure {
                    Measure::TrainLoss => r.train_loss,
                    Measure::TestLoss => r.test_loss,
                    Measure::TrainAccuracy => r.train_accuracy,
                    Measure::TestAccuracy => r.test_accuracy,
                    Measure::Loss => f64::NAN,
                };
                // Each measured step is read as soon as it is recorded (the history thins
                // old records as it grows), so the verdict is the same however the work is
                // sliced: the first measured step that meets the goal decides.
                let target = goal.steps.min(race.steps() + steps);
                loop {
                    let lane = &race.lanes()[goal.lane];
                    if let Some(r) = lane.history().records().last() {
                        if r.step == race.steps() && r.step >= self.next_step {
                            self.next_step = r.step + 1;
                            let v = pick(r);
                            if goal.met(v) {
                                (self.best, self.best_step) = (v, r.step);
                                return Some(self.verdict(true));
                            }
                            if goal.better(v, self.best) {
                                (self.best, self.best_step) = (v, r.step);
                            }
                        }
                    }
                    if lane.diverged().is_some() || race.steps() >= goal.steps {
                        return Some(self.verdict(false));
                    }
                    if race.steps() >= target {
                        return None;
                    }
                    race.step();
                }
            }
        }
    }

    fn verdict(&self, passed: bool) -> Verdict {
        let g = &self.goal;
        let (op, word) = match g.bound {
            Bound::AtMost => ("≤", "at most"),
            Bound::AtLeast => ("≥", "at least"),
        };
        let text = if passed {
            format!(
                "Passed: {} of lane {} reached {} at step {} ({op} {}).",
                g.measure.label(),
                g.lane,
                figure(self.best),
                self.best_step,
                exact(g.target)
            )
        } else {
            format!(
                "Not yet: {} of lane {} must be {word} {} within {} steps; its best was {} at step {}.",
                g.measure.label(),
                g.lane,
                exact(g.target),
                g.steps,
                figure(self.best),
                self.best_step
            )
        };
        Verdict {
            passed,
            best: self.best,
            step: self.best_step,
            text,
        }
    }
}

/// What a learner has done with a course's challenges: the ids of those passed and of those
/// checked at least once, kept between visits (in the LMS's suspend data, or the browser's
/// storage) so a relaunch shows them and a score never falls.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Record {
    pub passed: Vec<String>,
    pub tried: Vec<String>,
}

/// A course's score: the points of the challenges passed, out of all its challenges' points.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Score {
    pub raw: u32,
    pub max: u32,
    /// Whether every challenge of the course is passed.
    pub all_passed: bool,
}

/// Most challenges a record keeps (a course lists at most this many lessons).
const MAX_RECORDED: usize = 100;

impl Record {
    /// Reads [`Record::text`]: `passed ids/tried ids`, each a comma list; what is not an id
    /// (letters, digits, `-`) is skipped, so damaged text costs only itself.
    pub fn parse(text: &str) -> Record {
        let ids = |part: &str| -> Vec<String> {
            let mut out: Vec<String> = Vec::new();
            for id in part.split(',').map(str::trim) {
                let valid = !id.is_empty()
                    && id.len() <= 64
                    && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
                if valid && !out.iter().any(|x| x == id) && out.len() < MAX_RECORDED {
                    out.push(id.to_string());
                }
            }
            out
        };
        let (passed, tried) = text.split_once('/').unwrap_or((text, ""));
        let mut record = Record {
            passed: ids(passed),
            tried: ids(tried),
        };
        for id in record.passed.clone() {
            record.try_(&id);
        }
        record
    }

    /// `passed/tried`, as [`Record::parse`] reads it.
    pub fn text(&self) -> String {
        format!("{}/{}", self.passed.join(","), self.tried.join(","))
    }

    fn try_(&mut self, id: &str) {
        if !self.tried.iter().any(|x| x == id) && self.tried.len() < MAX_RECORDED {
            self.tried.push(id.to_string());
        }
    }

    /// Records a verdict on challenge `id`; a pass is never taken back.
    pub fn record(&mut self, id: &str, passed: bool) {
        self.try_(id);
        if passed && !self.passed(id) && self.passed.len() < MAX_RECORDED {
            self.passed.push(id.to_string());
        }
    }

    pub fn passed(&self, id: &str) -> bool {
        self.passed.iter().any(|x| x == id)
    }

    pub fn tried(&self, id: &str) -> bool {
        self.tried.iter().any(|x| x == id)
    }

    /// The score over a course's challenges, given as `(id, points)`.
    pub fn score<'a>(&self, challenges: impl IntoIterator<Item = (&'a str, u32)>) -> Score {
        let mut score = Score {
            all_passed: true,
            ..Score::default()
        };
        for (id, points) in challenges {
            score.max += points;
            if self.passed(id) {
                score.raw += points;
            } else {
                score.all_passed = false;
            }
        }
        score
    }
}

/// Judges `state` to the end at once (tests, and a host that asks for a verdict).
pub fn judge(goal: &Goal, state: &Experiment) -> Verdict {
    let mut j = Judge::new(goal, state);
    loop {
        if let Some(v) = j.work(500) {
            return v;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::read_experiment;

    fn state(link: &str) -> Experiment {
        let (e, ignored) = read_experiment(link);
        assert!(ignored.is_empty(), "{ignored:?}");
        e
    }

    #[test]
    fn a_record_keeps_passes_and_reads_back() {
        let mut r = Record::default();
        r.record("bowl", false);
        r.record("momentum", true);
        r.record("momentum", false);
        assert!(r.passed("momentum") && r.tried("bowl") && !r.passed("bowl"));
        assert_eq!(r.text(), "momentum/bowl,momentum");
        assert_eq!(Record::parse(&r.text()), r);
        let s = r.score([("bowl", 10), ("momentum", 5)]);
        assert_eq!((s.raw, s.max, s.all_passed), (5, 15, false));
        r.record("bowl", true);
        assert!(r.score([("bowl", 10), ("momentum", 5)]).all_passed);
        // Damaged text keeps what it can; a pass counts as tried.
        let d = Record::parse("ok,<script>,ok,,a b/x~y,z");
        assert_eq!(d.passed, ["ok"]);
        assert_eq!(d.tried, ["z", "ok"]);
        assert_eq!(Record::parse(""), Record::default());
    }

    #[test]
    fn goals_read_and_say_what_was_expected() {
        let g = Goal::parse("test_accuracy of lane 2 >= 0.95 within 2000 steps").unwrap();
        assert_eq!(
            g,
            Goal {
                measure: Measure::TestAccuracy,
                lane: 2,
                bound: Bound::AtLeast,
                target: 0.95,
                steps: 2000
            }
        );
        assert_eq!(Goal::parse("loss <= 1e-6 within 1 step").unwrap().lane, 0);
        for (bad, says) in [
            (
                "accuracy >= 0.9 within 10 steps",
                "unknown figure \"accuracy\"",
            ),
            ("loss < 1 within 10 steps", "\"<\" is not <= or >="),
            (
                "loss <= fast within 10 steps",
                "the target \"fast\" is not a number",
            ),
            (
                "loss <= NaN within 10 steps",
                "the target \"NaN\" is not a number",
            ),
            ("loss <= 1 within 0 steps", "the step budget must be"),
            (
                "loss <= 1 within 4294967296 steps",
                "the step budget must be",
            ),
            ("loss of lane 9 <= 1 within 10 steps", "no lane \"9\""),
            ("loss <= 1", "expected FIGURE"),
            ("", "expected FIGURE"),
        ] {
            let e = Goal::parse(bad).unwrap_err();
            assert!(e.contains(says), "{bad}: {e}");
        }
    }

    #[test]
    fn a_goal_that_cannot_be_judged_on_its_state_is_refused() {
        let landscape = state("v=1&view=landscape");
        let classifier = state("v=1");
        let accuracy = Goal::parse("test_accuracy >= 0.9 within 10 steps").unwrap();
        assert_eq!(
            accuracy.fits(&landscape).unwrap_err(),
            "test_accuracy is not a figure of the landscape view"
        );
        assert!(accuracy.fits(&classifier).is_ok());
        let lane5 = Goal::parse("loss of lane 5 <= 1 within 10 steps").unwrap();
        assert!(lane5.fits(&landscape).unwrap_err().contains("no lane 5"));
        let v = judge(&accuracy, &landscape);
        assert!(!v.passed && v.text.starts_with("This challenge can't be judged"));
    }

    /// Lesson 1's bowl: lane 0 crawls at η = 0.01; the learner may change only its rate.
    #[test]
    fn a_landscape_challenge_passes_with_a_known_solution_and_fails_unchanged() {
        let base = state("v=1&view=landscape&surface=quadratic&scale=10&lanes=1&lane.0.optimizer=sgd&lane.0.param.lr=0.01");
        let challenge = Challenge {
            goal: Goal::parse("loss <= 1e-6 within 100 steps").unwrap(),
            free: vec!["lane.0.param.lr".into()],
            points: 10,
        };
        let unchanged = judge(&challenge.goal, &challenge.attempt(&base, &base));
        assert!(!unchanged.passed, "{}", unchanged.text);
        assert!(unchanged
            .text
            .starts_with("Not yet: loss of lane 0 must be at most 0.000001 within 100 steps"));
        // The learner's page: a better rate, and a change to a field that is not theirs.
        let mut learner = base.clone();
        learner.apply("lane.0.param.lr", "0.15").unwrap();
        learner.apply("scale", "1").unwrap();
        let attempt = challenge.attempt(&base, &learner);
        assert_eq!(
            attempt.scale, base.scale,
            "only free fields come from the learner"
        );
        let solved = judge(&challenge.goal, &attempt);
        assert!(solved.passed, "{}", solved.text);
        assert!(solved.step <= 100 && solved.best <= 1e-6);
        assert_eq!(
            solved,
            judge(&challenge.goal, &attempt),
            "the same verdict every time"
        );
    }

    /// The classifier: plain SGD at a tiny rate can't fit the moons in 300 steps; Adam can.
    #[test]
    fn a_classifier_challenge_passes_with_a_known_solution_and_fails_unchanged() {
        let base = state("v=1&dataset=moons&lanes=1&lane.0.optimizer=sgd&lane.0.param.lr=0.001");
        let challenge = Challenge {
            goal: Goal::parse("train_accuracy >= 0.85 within 300 steps").unwrap(),
            free: vec!["lane.0.optimizer".into(), "lane.0.param.lr".into()],
            points: 5,
        };
        let unchanged = judge(&challenge.goal, &challenge.attempt(&base, &base));
        assert!(!unchanged.passed, "{}", unchanged.text);
        let mut learner = base.clone();
        learner.apply("lane.0.optimizer", "adam").unwrap();
        learner.apply("lane.0.param.lr", "0.03").unwrap();
        let attempt = challenge.attempt(&base, &learner);
        let mut j = Judge::new(&challenge.goal, &attempt);
        // In slices, as the page runs it.
        let verdict = loop {
            if let Some(v) = j.work(7) {
                break v;
            }
        };
        assert!(verdict.passed, "{}", verdict.text);
        assert_eq!(verdict, judge(&challenge.goal, &attempt));
    }

    #[test]
    fn the_verdict_does_not_depend_on_how_the_work_is_sliced() {
        // Slices of one step, of an odd size, and all at once.
        let state = state("v=1&dataset=xor&lanes=1&lane.0.param.lr=0.0001");
        let goal = Goal::parse("test_loss <= 0.01 within 9000 steps").unwrap();
        let sliced = |size: usize| {
            let mut j = Judge::new(&goal, &state);
            loop {
                if let Some(v) = j.work(size) {
                    return v;
                }
            }
        };
        let one = sliced(1);
        assert!(!one.passed);
        assert_eq!(one, sliced(977));
        assert_eq!(one, sliced(20_000));
    }
}
