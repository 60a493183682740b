//! A lane's records: the figures of every kept step, thinned as a run grows.

/// History length at which a lane starts keeping every other record (see [`History`]).
pub const HISTORY_CAP: usize = 8192;

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
    pub(super) fn new(stride: usize) -> Self {
        Self {
            records: Vec::new(),
            stride: stride.max(1),
            latest: None,
        }
    }

    /// Whether step `step` will be kept (so it is worth a full evaluation).
    pub(super) fn wants(&self, step: usize) -> bool {
        step.is_multiple_of(self.stride)
    }

    pub(super) fn push(&mut self, record: Record, force: bool) {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
