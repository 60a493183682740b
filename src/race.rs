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

use std::fmt;

use crate::data::{Batcher, Dataset};
use crate::nn::{Activation, Loss, Mlp, MlpSpec};
use crate::optim::{ConfigError, Optimizer, OptimizerConfig};
use crate::rng::Rng;
use crate::schedule::Schedule;

const INIT_STREAM: u64 = 1;
const BATCH_STREAM: u64 = 2;
const DROPOUT_STREAM: u64 = 3;

/// History length at which a lane starts keeping every other record (see [`History`]).
pub const HISTORY_CAP: usize = 8192;

/// One lane's set-up: a name, an optimizer with its hyperparameters, and a schedule that sets
/// the learning rate of every step from the optimizer's `lr`.
#[derive(Clone, Debug, PartialEq)]
pub struct LaneConfig {
    pub name: String,
    pub optimizer: OptimizerConfig,
    pub schedule: Schedule,
    /// This lane's own mini-batch size instead of the shared one (`None`: shared). Lets one
    /// race put full-batch, mini-batch and batch-1 gradient descent side by side.
    pub batch_size: Option<usize>,
}

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
    /// A label does not fit the network's outputs.
    Label { label: usize, classes: usize },
}

impl fmt::Display for RaceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RaceError::Network(e) => write!(f, "{e}"),
            RaceError::Optimizer { lane, error } => write!(f, "lane {lane}: {error}"),
            RaceError::NoData => write!(f, "there are no training points: draw or generate some"),
            RaceError::Label { label, classes } => write!(
                f,
                "a point has class {label}, but the network tells {classes} classes apart"
            ),
        }
    }
}

impl std::error::Error for RaceError {}

/// The figures of one lane after one step (or, for step 0, of the initial weights).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Record {
    /// Steps taken (0 = the initial weights).
    pub step: usize,
    /// Learning rate of this step (for step 0, of the next one).
    pub lr: f64,
    /// Objective on this step's mini-batch (data loss plus penalties); NaN at step 0.
    pub batch_loss: f64,
    /// Euclidean norm of this step's gradient; NaN at step 0.
    pub grad_norm: f64,
    /// Euclidean norm of the change the optimizer made to the weights; NaN at step 0.
    pub update_norm: f64,
    /// Mean data loss over the training set, evaluation mode (no dropout, running batch norm).
    pub train_loss: f64,
    /// Mean data loss over the test set; NaN without test points.
    pub test_loss: f64,
    pub train_accuracy: f64,
    pub test_accuracy: f64,
}

/// A lane's records, thinned so memory stays bounded on long runs: every `stride`-th step is
/// kept (at first the race's `eval_every`); when [`HISTORY_CAP`] records are held, every other
/// one is dropped and the stride doubles. The step a lane diverged at is always kept. The
/// latest step is always available as [`History::latest`].
#[derive(Clone, Debug, Default)]
pub struct History {
    records: Vec<Record>,
    stride: usize,
    latest: Option<Record>,
}

impl History {
    fn new(stride: usize) -> Self {
        Self {
            records: Vec::new(),
            stride: stride.max(1),
            latest: None,
        }
    }

    /// Whether step `step` will be kept (so it is worth a full evaluation).
    fn wants(&self, step: usize) -> bool {
        step.is_multiple_of(self.stride)
    }

    fn push(&mut self, record: Record, force: bool) {
        self.latest = Some(record);
        if !self.wants(record.step) && !force {
            return;
        }
        if self.records.len() >= HISTORY_CAP {
            let mut keep = 0;
            for i in 0..self.records.len() {
                if self.records[i].step.is_multiple_of(2 * self.stride) {
                    self.records[keep] = self.records[i];
                    keep += 1;
                }
            }
            self.records.truncate(keep);
            self.stride *= 2;
            if !self.wants(record.step) && !force {
                return;
            }
        }
        self.records.push(record);
    }

    /// The kept records, oldest first.
    pub fn records(&self) -> &[Record] {
        &self.records
    }

    /// Every how many steps a record is kept now.
    pub fn stride(&self) -> usize {
        self.stride
    }

    /// The latest record, kept or not.
    pub fn latest(&self) -> Option<&Record> {
        self.latest.as_ref()
    }
}

/// Why and when a lane stopped.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Divergence {
    /// The step (1-based) whose loss or weights stopped being finite.
    pub step: usize,
    pub cause: DivergenceCause,
}

/// A mini-batch loss above this counts as diverged: the networks here start near a loss of 1,
/// and a cross-entropy network whose weights explode keeps a finite (if absurd) loss for a very
/// long time, its saturated units passing no gradient that could overflow.
pub const EXPLODED_LOSS: f64 = 1e10;

/// What showed the divergence first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DivergenceCause {
    LossNan,
    LossInfinite,
    /// The loss passed [`EXPLODED_LOSS`].
    LossExploded,
    WeightsNotFinite,
}

impl DivergenceCause {
    /// What, if anything, says a run with this `loss` has diverged, checked in this order: a NaN
    /// or infinite loss, a loss past [`EXPLODED_LOSS`], weights no longer finite.
    pub fn of(loss: f64, weights_finite: bool) -> Option<DivergenceCause> {
        if loss.is_nan() {
            Some(DivergenceCause::LossNan)
        } else if loss.is_infinite() {
            Some(DivergenceCause::LossInfinite)
        } else if loss > EXPLODED_LOSS {
            Some(DivergenceCause::LossExploded)
        } else if !weights_finite {
            Some(DivergenceCause::WeightsNotFinite)
        } else {
            None
        }
    }
}

impl fmt::Display for Divergence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.cause {
            DivergenceCause::LossNan => "loss became NaN",
            DivergenceCause::LossInfinite => "loss became infinite",
            DivergenceCause::LossExploded => "loss passed 1e10",
            DivergenceCause::WeightsNotFinite => "the weights stopped being finite numbers",
        };
        write!(
            f,
            "diverged at step {}: {what}; lower the learning rate",
            self.step
        )
    }
}

/// One weight followed step by step: its value, gradient, the optimizer's state for it and the
/// change actually made.
#[derive(Clone, Debug, PartialEq)]
pub struct Trace {
    /// Index of the weight in the flat parameter vector.
    pub index: usize,
    /// Names of the optimizer's state buffers (torch's names, e.g. `exp_avg`, `exp_avg_sq`).
    pub state_names: Vec<&'static str>,
    pub points: Vec<TracePoint>,
}

/// Maximum number of optimizer state buffers a [`TracePoint`] holds.
pub const MAX_STATE: usize = 6;

/// Length of a [`Trace`]: the most recent steps are kept.
pub const TRACE_CAP: usize = 2000;

/// One step of a [`Trace`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TracePoint {
    pub step: usize,
    pub lr: f64,
    /// The weight before the step.
    pub before: f64,
    pub grad: f64,
    /// The optimizer's state for this weight after the step, in `state_names` order.
    pub state: [f64; MAX_STATE],
    /// `after - before`: the step actually taken.
    pub update: f64,
}

/// The data of a race, with targets in the form the network's loss wants.
#[derive(Clone, Debug)]
struct Data {
    train: Dataset,
    test: Dataset,
    train_targets: Vec<f64>,
    test_targets: Vec<f64>,
    train_rows: Vec<usize>,
    test_rows: Vec<usize>,
}

/// Training targets for class labels under a network's loss: class indices for softmax
/// cross-entropy, 0/1 for binary cross-entropy, and for squared error a one-hot vector (one
/// output: the label itself), with −1/+1 instead of 0/1 when the output is `tanh` (TensorFlow
/// Playground's convention).
pub fn targets_for(network: &MlpSpec, labels: &[usize]) -> Vec<f64> {
    let outputs = network.outputs();
    let (off, on) = match network.output_activation {
        Activation::Tanh => (-1.0, 1.0),
        _ => (0.0, 1.0),
    };
    match network.loss {
        Loss::SoftmaxCrossEntropy | Loss::BceWithLogits => {
            labels.iter().map(|&l| l as f64).collect()
        }
        Loss::Mse if outputs == 1 => labels
            .iter()
            .map(|&l| if l == 1 { on } else { off })
            .collect(),
        Loss::Mse => labels
            .iter()
            .flat_map(|&l| (0..outputs).map(move |k| if k == l { on } else { off }))
            .collect(),
    }
}

/// One competitor: its own copy of the network, optimizer state, batch order and history.
#[derive(Clone, Debug)]
pub struct Lane {
    config: LaneConfig,
    net: Mlp,
    grads: Vec<f64>,
    before: Vec<f64>,
    optimizer: Optimizer,
    batcher: Batcher,
    dropout: Rng,
    steps: usize,
    history: History,
    diverged: Option<Divergence>,
    trace: Option<Trace>,
}

impl Lane {
    pub fn config(&self) -> &LaneConfig {
        &self.config
    }

    pub fn name(&self) -> &str {
        &self.config.name
    }

    /// The lane's network with its current weights.
    pub fn net(&self) -> &Mlp {
        &self.net
    }

    /// The network mutably (its forward passes use scratch space), for predictions.
    pub fn net_mut(&mut self) -> &mut Mlp {
        &mut self.net
    }

    /// The gradient of the last step.
    pub fn grads(&self) -> &[f64] {
        &self.grads
    }

    /// The optimizer, for its state buffers.
    pub fn optimizer(&self) -> &Optimizer {
        &self.optimizer
    }

    /// Steps taken.
    pub fn steps(&self) -> usize {
        self.steps
    }

    /// Epochs completed (passes over the training set).
    pub fn epoch(&self) -> usize {
        self.batcher.epoch()
    }

    pub fn history(&self) -> &History {
        &self.history
    }

    /// The latest figures.
    pub fn latest(&self) -> &Record {
        self.history
            .latest()
            .expect("a lane records its initial weights")
    }

    pub fn diverged(&self) -> Option<Divergence> {
        self.diverged
    }

    /// The learning rate the schedule gives step `k` (0-based).
    pub fn lr_at(&self, k: usize) -> f64 {
        self.config.schedule.lr_at(self.config.optimizer.lr(), k)
    }

    /// The followed weight, if any.
    pub fn trace(&self) -> Option<&Trace> {
        self.trace.as_ref()
    }

    /// Follows weight `index` from the next step on (`None` stops following).
    pub fn follow(&mut self, index: Option<usize>) {
        self.trace = index
            .filter(|&i| i < self.net.param_count())
            .map(|index| Trace {
                index,
                state_names: self
                    .optimizer
                    .state()
                    .iter()
                    .map(|(name, _)| *name)
                    .take(MAX_STATE)
                    .collect(),
                points: Vec::new(),
            });
    }

    /// Records this step's figures. The full train and test evaluation (hundreds of forward
    /// passes, against a mini-batch's few) runs on the history's stride and at a divergence;
    /// between evaluations the latest record carries the last evaluated figures.
    fn record(&mut self, data: &mut Data, batch_loss: f64, grad_norm: f64, update_norm: f64) {
        let step = self.steps;
        let lr = self.lr_at(step.saturating_sub(1));
        let force = self.diverged.is_some();
        let (train, test) = if self.history.wants(step) || force {
            let train = self.net.evaluate(
                &data.train.inputs,
                &data.train_targets,
                &data.train.labels,
                &data.train_rows,
            );
            let test = self.net.evaluate(
                &data.test.inputs,
                &data.test_targets,
                &data.test.labels,
                &data.test_rows,
            );
            (train, test)
        } else {
            let last = self.history.latest().expect("step 0 is always evaluated");
            let (train, test) = (
                crate::nn::Evaluation {
                    loss: last.train_loss,
                    accuracy: last.train_accuracy,
                },
                crate::nn::Evaluation {
                    loss: last.test_loss,
                    accuracy: last.test_accuracy,
                },
            );
            (train, test)
        };
        self.history.push(
            Record {
                step,
                lr,
                batch_loss,
                grad_norm,
                update_norm,
                train_loss: train.loss,
                test_loss: test.loss,
                train_accuracy: train.accuracy,
                test_accuracy: test.accuracy,
            },
            force,
        );
    }

    /// One optimizer step on the lane's next mini-batch. Does nothing once diverged.
    fn step(&mut self, data: &mut Data) {
        if self.diverged.is_some() {
            return;
        }
        let lr = self.lr_at(self.steps);
        self.optimizer.set_lr(lr);
        let rows = self.batcher.next_batch();
        let objective = self.net.loss_and_grad(
            &data.train.inputs,
            &data.train_targets,
            rows,
            &mut self.grads,
            &mut self.dropout,
        );
        let params = self.net.params_mut();
        self.before.copy_from_slice(params);
        self.optimizer.step(params, &self.grads);
        let mut update = 0.0;
        let mut grad = 0.0;
        let mut finite = true;
        for ((p, b), g) in params.iter().zip(&self.before).zip(&self.grads) {
            update += (p - b) * (p - b);
            grad += g * g;
            finite &= p.is_finite();
        }
        self.steps += 1;
        if let Some(trace) = &mut self.trace {
            let i = trace.index;
            let mut state = [f64::NAN; MAX_STATE];
            for (slot, (_, values)) in state.iter_mut().zip(self.optimizer.state()) {
                *slot = values.get(i).copied().unwrap_or(f64::NAN);
            }
            if trace.points.len() >= TRACE_CAP {
                trace.points.remove(0);
            }
            trace.points.push(TracePoint {
                step: self.steps,
                lr,
                before: self.before[i],
                grad: self.grads[i],
                state,
                update: params[i] - self.before[i],
            });
        }
        let loss = objective.total();
        let cause = DivergenceCause::of(loss, finite);
        self.diverged = cause.map(|cause| Divergence {
            step: self.steps,
            cause,
        });
        self.record(data, loss, grad.sqrt(), update.sqrt());
    }
}

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
        let mut lane = Lane {
            config,
            net: self.initial.clone(),
            grads: vec![0.0; n],
            before: vec![0.0; n],
            optimizer,
            batcher: Batcher::new(
                self.data.train.len(),
                batch_size,
                Rng::fork(seed, BATCH_STREAM).next_u64(),
            ),
            dropout: Rng::fork(seed, DROPOUT_STREAM),
            steps: 0,
            history: History::new(self.config.eval_every),
            diverged: None,
            trace: None,
        };
        lane.record(&mut self.data, f64::NAN, f64::NAN, f64::NAN);
        Ok(lane)
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
        if lane.net.param_count() != weights.len() {
            return Err(format!(
                "lane {} has {} weights, the file {}",
                lane.config.name,
                lane.net.param_count(),
                weights.len()
            ));
        }
        lane.net.params_mut().copy_from_slice(weights);
        Ok(())
    }

    /// Renames lane `i` without restarting it.
    pub fn rename_lane(&mut self, i: usize, name: &str) {
        self.lanes[i].config.name = name.to_string();
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
            .map(|l| (l.config.clone(), l.trace.as_ref().map(|t| t.index)))
            .collect();
        self.lanes.clear();
        for (config, follow) in configs {
            let mut lane = self
                .new_lane(config)
                .expect("a configuration that built once builds again");
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
            while lane.steps < target && lane.diverged.is_none() {
                lane.step(&mut self.data);
            }
        }
    }

    /// The most steps any lane has taken.
    pub fn steps(&self) -> usize {
        self.lanes.iter().map(|l| l.steps).max().unwrap_or(0)
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
    use crate::optim::{HyperValue, OptimizerKind};

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
    fn history_thins_out_but_keeps_the_latest() {
        let mut h = History::new(1);
        for step in 0..3 * HISTORY_CAP {
            h.push(
                Record {
                    step,
                    lr: 0.0,
                    batch_loss: 0.0,
                    grad_norm: 0.0,
                    update_norm: 0.0,
                    train_loss: 0.0,
                    test_loss: 0.0,
                    train_accuracy: 0.0,
                    test_accuracy: 0.0,
                },
                false,
            );
        }
        assert!(h.records().len() <= HISTORY_CAP);
        assert_eq!(h.stride(), 4);
        assert!(h.records().iter().all(|r| r.step % 4 == 0));
        assert_eq!(h.records()[0].step, 0);
        assert_eq!(h.latest().unwrap().step, 3 * HISTORY_CAP - 1);
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
        let mut three = Dataset::new(3);
        three.push([0.0, 0.0], 2);
        let err = Race::new(config, three.clone(), three, vec![]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "a point has class 2, but the network tells 2 classes apart"
        );
    }
}
