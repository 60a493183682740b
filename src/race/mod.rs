//! A race: N lanes trained side by side, fairly.
//!
//! Every lane starts from the same initial weights, sees the same training data in the same
//! mini-batch order and, with dropout, the same dropout masks; only its optimizer and its
//! learning-rate schedule differ. All randomness derives from one seed: [`Rng::fork`] gives the
//! initial weights, the batch order and the dropout masks their own streams, so changing one
//! never shifts another. Each lane owns its own batch order and dropout generator, replayed from
//! the same seed, so a lane added, edited or restarted later still sees exactly the batches the
//! others saw at the same step.
//!
//! Each recorded step holds, per lane, the learning rate, the mini-batch objective, the gradient
//! and update norms and the full train and test loss and accuracy. A lane whose loss or weights
//! stop being finite is marked diverged at that step and stops; the others go on.

mod divergence;
mod history;
mod lane;
mod targets;
mod trace;

pub use divergence::{
    Divergence, DivergenceCause, Instability, RunawayWatch, Weights, EXPLODED_LOSS,
};
pub use history::{History, Record, HISTORY_CAP};
pub use lane::{Lane, LaneConfig};
pub use targets::targets_for;
pub use trace::{Trace, TracePoint, MAX_STATE, TRACE_CAP};

use std::fmt;

use crate::data::{Batcher, Dataset};
use crate::nn::{Mlp, MlpSpec};
use crate::optim::ConfigError;
use crate::rng::Rng;
use targets::Data;

const INIT_STREAM: u64 = 1;
const BATCH_STREAM: u64 = 2;
const DROPOUT_STREAM: u64 = 3;

/// What every lane shares.
#[derive(Clone, Debug, PartialEq)]
pub struct RaceConfig {
    /// The one seed behind initial weights, batch order and dropout masks.
    pub seed: u64,
    pub network: MlpSpec,
    /// Mini-batch size; the training-set size (or more) is full-batch gradient descent, 1 is
    /// classic stochastic gradient descent.
    pub batch_size: usize,
    /// Full train and test evaluation every this many steps (1 = every step); the mini-batch
    /// loss, norms and learning rate are measured at every step.
    pub eval_every: usize,
}

/// Why a race or a lane could not be set up. The message is meant for the learner.
#[derive(Clone, Debug, PartialEq)]
pub enum RaceError {
    /// The network specification is invalid.
    Network(String),
    /// A lane's optimizer configuration is invalid.
    Optimizer { lane: String, error: ConfigError },
    /// There is no training data.
    NoData,
    /// The training points are all of one class: nothing to tell apart yet.
    OneClass,
    /// A label does not fit the network's outputs.
    Label { label: usize, classes: usize },
}

impl fmt::Display for RaceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RaceError::Network(e) => write!(f, "{e}"),
            RaceError::Optimizer { lane, error } => write!(f, "lane {lane}: {error}"),
            RaceError::NoData => write!(f, "there are no training points: draw or generate some"),
            RaceError::OneClass => write!(
                f,
                "the training points are all of one class: the race starts once another class has a point"
            ),
            RaceError::Label { label, classes } => write!(
                f,
                "a point has class {label}, but the network tells {classes} classes apart"
            ),
        }
    }
}

impl std::error::Error for RaceError {}

/// The whole race: shared data and initial weights, and the lanes.
#[derive(Clone, Debug)]
pub struct Race {
    config: RaceConfig,
    data: Data,
    initial: Mlp,
    lanes: Vec<Lane>,
}

impl Race {
    /// Sets up a race on the given train and test sets; every lane starts at step 0.
    pub fn new(
        config: RaceConfig,
        train: Dataset,
        test: Dataset,
        lanes: Vec<LaneConfig>,
    ) -> Result<Race, RaceError> {
        if train.is_empty() {
            return Err(RaceError::NoData);
        }

        let initial = Mlp::new(
            config.network.clone(),
            &mut Rng::fork(config.seed, INIT_STREAM),
        )
        .map_err(|e| RaceError::Network(e.to_string()))?;
        let classes = initial.classes();
        if let Some(&label) = train
            .labels
            .iter()
            .chain(&test.labels)
            .find(|&&l| l >= classes)
        {
            return Err(RaceError::Label { label, classes });
        }
        if train.labels.iter().all(|&l| l == train.labels[0]) {
            return Err(RaceError::OneClass);
        }
        let data = Data {
            train_targets: targets_for(&config.network, &train.labels),
            test_targets: targets_for(&config.network, &test.labels),
            train_rows: (0..train.len()).collect(),
            test_rows: (0..test.len()).collect(),
            train,
            test,
        };
        let mut race = Race {
            config,
            data,
            initial,
            lanes: Vec::new(),
        };
        for lane in lanes {
            race.add_lane(lane)?;
        }
        Ok(race)
    }

    fn new_lane(&mut self, config: LaneConfig) -> Result<Lane, RaceError> {
        let n = self.initial.param_count();
        let optimizer = config
            .optimizer
            .build(n)
            .map_err(|error| RaceError::Optimizer {
                lane: config.name.clone(),
                error,
            })?;
        let seed = self.config.seed;
        let batch_size = config.batch_size.unwrap_or(self.config.batch_size).max(1);
        let batcher = Batcher::new(
            self.data.train.len(),
            batch_size,
            Rng::fork(seed, BATCH_STREAM).next_u64(),
        );
        Ok(Lane::new(
            config,
            self.initial.clone(),
            optimizer,
            batcher,
            Rng::fork(seed, DROPOUT_STREAM),
            self.config.eval_every,
            &mut self.data,
        ))
    }

    /// Adds a lane that starts from the initial weights at step 0.
    pub fn add_lane(&mut self, config: LaneConfig) -> Result<(), RaceError> {
        let lane = self.new_lane(config)?;
        self.lanes.push(lane);
        Ok(())
    }

    /// Replaces lane `i` by a fresh one with a new configuration (back to step 0); on error the
    /// old lane stays.
    pub fn replace_lane(&mut self, i: usize, config: LaneConfig) -> Result<(), RaceError> {
        let lane = self.new_lane(config)?;
        self.lanes[i] = lane;
        Ok(())
    }

    /// Puts `weights` into lane `i` (an imported race whose replay did not reproduce them).
    pub fn set_weights(&mut self, i: usize, weights: &[f64]) -> Result<(), String> {
        let lane = &mut self.lanes[i];
        if lane.net().param_count() != weights.len() {
            return Err(format!(
                "lane {} has {} weights, the file {}",
                lane.name(),
                lane.net().param_count(),
                weights.len()
            ));
        }
        lane.net_mut().params_mut().copy_from_slice(weights);
        Ok(())
    }

    /// Renames lane `i` without restarting it.
    pub fn rename_lane(&mut self, i: usize, name: &str) {
        self.lanes[i].rename(name);
    }

    pub fn remove_lane(&mut self, i: usize) -> Lane {
        self.lanes.remove(i)
    }

    /// Every lane back to the initial weights and step 0, keeping the lanes' configurations
    /// and the weights they follow.
    pub fn reset(&mut self) {
        let configs: Vec<(LaneConfig, Option<usize>)> = self
            .lanes
            .iter()
            .map(|l| (l.config().clone(), l.trace().map(|t| t.index)))
            .collect();
        self.lanes.clear();
        for (config, follow) in configs {
            // No `expect`: it would print the error with `Debug`, whose string escaping costs the
            // Wasm more than this message.
            let Ok(mut lane) = self.new_lane(config) else {
                panic!("a configuration that built once builds again");
            };
            lane.follow(follow);
            self.lanes.push(lane);
        }
    }

    /// One step of every lane that has not diverged.
    pub fn step(&mut self) {
        for lane in &mut self.lanes {
            lane.step(&mut self.data);
        }
    }

    /// One step of lane `i` alone.
    pub fn step_lane(&mut self, i: usize) {
        self.lanes[i].step(&mut self.data);
    }

    /// Steps every lane until each has taken `target` steps (lanes added late catch up).
    pub fn step_to(&mut self, target: usize) {
        for lane in &mut self.lanes {
            while lane.steps() < target && lane.diverged().is_none() {
                lane.step(&mut self.data);
            }
        }
    }

    /// The most steps any lane has taken.
    pub fn steps(&self) -> usize {
        self.lanes.iter().map(|l| l.steps()).max().unwrap_or(0)
    }

    /// Steps per epoch for the shared batch size.
    pub fn steps_per_epoch(&self) -> usize {
        self.data
            .train
            .len()
            .div_ceil(self.config.batch_size.max(1))
    }

    pub fn config(&self) -> &RaceConfig {
        &self.config
    }

    pub fn lanes(&self) -> &[Lane] {
        &self.lanes
    }

    pub fn lanes_mut(&mut self) -> &mut [Lane] {
        &mut self.lanes
    }

    pub fn lane_mut(&mut self, i: usize) -> &mut Lane {
        &mut self.lanes[i]
    }

    /// The initial network every lane started from.
    pub fn initial(&self) -> &Mlp {
        &self.initial
    }

    pub fn train(&self) -> &Dataset {
        &self.data.train
    }

    pub fn test(&self) -> &Dataset {
        &self.data.test
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::DatasetKind;
    use crate::nn::{Activation, Loss};
    use crate::optim::{HyperValue, OptimizerConfig, OptimizerKind};
    use crate::schedule::Schedule;

    fn network() -> MlpSpec {
        MlpSpec::new(&[2, 8, 8, 1], Loss::BceWithLogits)
    }

    fn lane(name: &str, kind: OptimizerKind, lr: f64) -> LaneConfig {
        let mut optimizer = OptimizerConfig::default_for(kind);
        optimizer.set("lr", HyperValue::Number(lr)).unwrap();
        LaneConfig {
            name: name.into(),
            optimizer,
            schedule: Schedule::Constant,
            batch_size: None,
        }
    }

    fn race(lanes: Vec<LaneConfig>) -> Race {
        race_with(network(), lanes)
    }

    fn race_with(network: MlpSpec, lanes: Vec<LaneConfig>) -> Race {
        let mut rng = Rng::new(7);
        let data = Dataset::generate(DatasetKind::Circle, 200, 0.0, &mut rng);
        let (train, test) = data.split(0.5, &mut rng);
        let config = RaceConfig {
            seed: 1,
            network,
            batch_size: 10,
            eval_every: 1,
        };
        Race::new(config, train, test, lanes).unwrap()
    }

    #[test]
    fn lanes_start_equal_and_same_optimizer_stays_equal() {
        let mut r = race(vec![
            lane("a", OptimizerKind::Sgd, 0.1),
            lane("b", OptimizerKind::Sgd, 0.1),
            lane("c", OptimizerKind::Adam, 0.01),
        ]);
        let first: Vec<f64> = r.lanes().iter().map(|l| l.latest().train_loss).collect();
        assert_eq!(first[0], first[1]);
        assert_eq!(first[0], first[2]);
        for _ in 0..50 {
            r.step();
        }
        assert_eq!(r.lanes()[0].net().params(), r.lanes()[1].net().params());
        assert_ne!(r.lanes()[0].net().params(), r.lanes()[2].net().params());
        assert_eq!(r.steps(), 50);
        assert_eq!(r.lanes()[0].history().records().len(), 51);
    }

    #[test]
    fn training_lowers_the_loss() {
        let mut r = race(vec![lane("adam", OptimizerKind::Adam, 0.02)]);
        let start = r.lanes()[0].latest().train_loss;
        r.step_to(600);
        let end = r.lanes()[0].latest();
        assert!(
            end.train_loss < 0.5 * start,
            "{start} -> {}",
            end.train_loss
        );
        assert!(end.train_accuracy > 0.9, "{}", end.train_accuracy);
    }

    #[test]
    fn a_late_lane_sees_the_same_batches() {
        let mut r = race(vec![lane("a", OptimizerKind::Sgd, 0.1)]);
        r.step_to(30);
        r.add_lane(lane("b", OptimizerKind::Sgd, 0.1)).unwrap();
        r.step_to(30);
        assert_eq!(r.lanes()[0].net().params(), r.lanes()[1].net().params());
    }

    #[test]
    fn reset_replays_exactly() {
        let mut r = race(vec![lane("m", OptimizerKind::Sgd, 0.1)]);
        r.step_to(40);
        let once = r.lanes()[0].net().params().to_vec();
        r.reset();
        assert_eq!(r.steps(), 0);
        assert_eq!(r.lanes()[0].net().params(), r.initial().params());
        r.step_to(40);
        assert_eq!(r.lanes()[0].net().params(), once.as_slice());
    }

    #[test]
    fn a_diverging_lane_stops_and_the_others_go_on() {
        let mut r = race(vec![
            lane("wild", OptimizerKind::Sgd, 1e200),
            lane("calm", OptimizerKind::Sgd, 0.1),
        ]);
        r.step_to(200);
        let d = r.lanes()[0].diverged().expect("lr 1e200 diverges");
        assert_eq!(d.cause, DivergenceCause::LossExploded);
        assert_eq!(r.lanes()[0].steps(), d.step);
        let text = d.to_string();
        assert!(
            text.starts_with(&format!("diverged at step {}: ", d.step)),
            "{text}"
        );
        assert!(text.ends_with("; lower the learning rate"), "{text}");
        assert!(r.lanes()[1].diverged().is_none());
        assert_eq!(r.lanes()[1].steps(), 200);
    }

    #[test]
    fn squared_error_on_linear_outputs_overflows_to_nan() {
        let mut linear = network();
        linear.loss = Loss::Mse;
        linear.hidden_activation = Activation::Linear;
        let mut r = race_with(linear, vec![lane("wild", OptimizerKind::Sgd, 10.0)]);
        r.step_to(2000);
        let d = r.lanes()[0]
            .diverged()
            .expect("lr 10 on a linear model diverges");
        assert!(
            matches!(
                d.cause,
                DivergenceCause::LossNan
                    | DivergenceCause::LossInfinite
                    | DivergenceCause::LossExploded
            ),
            "{d:?}"
        );
        assert_eq!(r.lanes()[0].history().latest().unwrap().step, d.step);
    }

    #[test]
    fn schedule_sets_each_steps_learning_rate() {
        let mut config = lane("decay", OptimizerKind::Sgd, 0.1);
        config.schedule = Schedule::StepLR {
            step_size: 5,
            gamma: 0.5,
        };
        let mut r = race(vec![config]);
        r.step_to(12);
        let lrs: Vec<f64> = r.lanes()[0]
            .history()
            .records()
            .iter()
            .skip(1)
            .map(|rec| rec.lr)
            .collect();
        assert_eq!(lrs[0], 0.1);
        assert_eq!(lrs[4], 0.1);
        assert_eq!(lrs[5], 0.05);
        assert_eq!(lrs[11], 0.025);
    }

    #[test]
    fn evaluations_follow_eval_every_and_figures_carry_over() {
        let mut r = race(vec![lane("sgd", OptimizerKind::Sgd, 0.1)]);
        r.config.eval_every = 10;
        r.reset();
        r.step_to(25);
        let steps: Vec<usize> = r.lanes()[0]
            .history()
            .records()
            .iter()
            .map(|rec| rec.step)
            .collect();
        assert_eq!(steps, [0, 10, 20]);
        let latest = r.lanes()[0].latest();
        assert_eq!(latest.step, 25);
        assert_eq!(
            latest.train_loss,
            r.lanes()[0].history().records()[2].train_loss
        );
        assert!(latest.batch_loss.is_finite());
    }

    #[test]
    fn a_followed_weight_records_its_optimizer_state() {
        let mut r = race(vec![lane("adam", OptimizerKind::Adam, 0.01)]);
        r.lane_mut(0).follow(Some(3));
        r.step_to(5);
        let trace = r.lanes()[0].trace().unwrap();
        assert_eq!(trace.points.len(), 5);
        assert!(trace.state_names.contains(&"exp_avg"));
        let p = trace.points[0];
        assert!(
            (p.update.abs() - 0.01).abs() < 1e-6,
            "Adam's first step is lr: {p:?}"
        );
    }

    #[test]
    fn bad_labels_and_empty_data_are_errors() {
        let config = RaceConfig {
            seed: 1,
            network: network(),
            batch_size: 10,
            eval_every: 1,
        };
        let empty = Dataset::new(2);
        let err = Race::new(config.clone(), empty.clone(), empty, vec![]).unwrap_err();
        assert_eq!(err, RaceError::NoData);
        let mut one = Dataset::new(2);
        one.push([0.0, 0.0], 1);
        one.push([1.0, 0.0], 1);
        let err = Race::new(config.clone(), one, Dataset::new(2), vec![]).unwrap_err();
        assert_eq!(err, RaceError::OneClass);
        let mut three = Dataset::new(3);
        three.push([0.0, 0.0], 2);
        let err = Race::new(config, three.clone(), three, vec![]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "a point has class 2, but the network tells 2 classes apart"
        );
    }
}
