//! One competitor of a race: its own copy of the network, optimizer, schedule, batch order and
//! history.

use super::divergence::{Divergence, DivergenceCause, Instability, RunawayWatch, Weights};
use super::history::{History, Record};
use super::targets::Data;
use super::trace::{Trace, TracePoint, MAX_STATE, TRACE_CAP};
use crate::data::Batcher;
use crate::nn::Mlp;
use crate::optim::{Optimizer, OptimizerConfig};
use crate::rng::Rng;
use crate::schedule::Schedule;

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
    /// Watches the evaluated training loss for a runaway that stays finite.
    runaway: RunawayWatch,
    trace: Option<Trace>,
    /// The test set's confusion matrix at the latest evaluation (`classes²`, true class then
    /// predicted), counted as the evaluation predicts each row.
    confusion: Vec<u32>,
}

impl Lane {
    /// A lane at step 0 on `net`, the race's initial weights, with that step's figures recorded.
    pub(super) fn new(
        config: LaneConfig,
        net: Mlp,
        optimizer: Optimizer,
        batcher: Batcher,
        dropout: Rng,
        eval_every: usize,
        data: &mut Data,
    ) -> Lane {
        let n = net.param_count();
        let classes = net.classes();
        let mut lane = Lane {
            config,
            net,
            grads: vec![0.0; n],
            before: vec![0.0; n],
            optimizer,
            batcher,
            dropout,
            steps: 0,
            history: History::new(eval_every),
            diverged: None,
            runaway: RunawayWatch::default(),
            trace: None,
            confusion: vec![0; classes * classes],
        };
        lane.record(data, f64::NAN, f64::NAN, f64::NAN);
        lane
    }

    pub fn config(&self) -> &LaneConfig {
        &self.config
    }

    pub fn name(&self) -> &str {
        &self.config.name
    }

    /// A new name; the lane keeps its weights and history.
    pub(super) fn rename(&mut self, name: &str) {
        self.config.name = name.to_string();
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

    /// The test set's confusion matrix at the latest evaluation: `classes × classes`, row-major
    /// by true class, then predicted class.
    pub fn confusion(&self) -> &[u32] {
        &self.confusion
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

    /// Whether the lane runs away without blowing up: its training loss has stayed far above
    /// its start over the last few evaluations (see [`RunawayWatch`]).
    pub fn unstable(&self) -> Option<Instability> {
        self.runaway.unstable
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
            let test = self.net.evaluate_counting(
                &data.test.inputs,
                &data.test_targets,
                &data.test.labels,
                &data.test_rows,
                &mut self.confusion,
            );
            self.runaway.check(step, train.loss);
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
    pub(super) fn step(&mut self, data: &mut Data) {
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
        // Which weights failed, and how, only once some did.
        let weights = if finite {
            Weights::Finite
        } else {
            Weights::after(params, &self.before, &self.grads)
        };
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
        let cause = DivergenceCause::of(loss, weights);
        self.diverged = cause.map(|cause| Divergence {
            step: self.steps,
            cause,
        });
        self.record(data, loss, grad.sqrt(), update.sqrt());
    }
}
