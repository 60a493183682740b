//! The order in which mini-batches visit the data.

use crate::rng::Rng;

/// Yields the indices of each mini-batch, epoch after epoch, like PyTorch's
/// `DataLoader(shuffle=True, drop_last=False)`: every epoch is a fresh random permutation of
/// `0..n` cut into batches of `batch_size`, the last one shorter when `batch_size` does not
/// divide `n`.
///
/// `batch_size ≥ n` is full-batch gradient descent (then the order stays `0..n`, so a
/// batch gradient sums in the same order as the full gradient); `batch_size = 1` is pure
/// stochastic gradient descent (Robbins and Monro, 1951). The order depends only on the seed,
/// so lanes of a race built with one seed see the same batches. Nothing is allocated after
/// [`Batcher::new`].
#[derive(Clone, Debug)]
pub struct Batcher {
    order: Vec<usize>,
    batch_size: usize,
    position: usize,
    epoch: usize,
    rng: Rng,
}

impl Batcher {
    /// Batches of `batch_size` (at least 1) over `n` points, shuffled from `seed`.
    pub fn new(n: usize, batch_size: usize, seed: u64) -> Self {
        let mut batcher = Self {
            order: (0..n).collect(),
            batch_size: batch_size.max(1),
            position: 0,
            epoch: 0,
            rng: Rng::new(seed),
        };
        batcher.shuffle();
        batcher
    }

    fn shuffle(&mut self) {
        if self.batch_size < self.order.len() {
            self.rng.shuffle(&mut self.order);
        }
        self.position = 0;
    }

    /// The indices of the next mini-batch; a new epoch starts with a new permutation. Empty
    /// only when there are no points.
    pub fn next_batch(&mut self) -> &[usize] {
        let n = self.order.len();
        if self.position == n {
            self.shuffle();
        }
        let start = self.position;
        let end = (start + self.batch_size).min(n);
        self.position = end;
        if end == n && n > 0 {
            self.epoch += 1;
        }
        &self.order[start..end]
    }

    /// How many epochs are complete (an epoch completes with its last batch).
    pub fn epoch(&self) -> usize {
        self.epoch
    }

    /// Batches per epoch, `⌈n / batch_size⌉`.
    pub fn steps_per_epoch(&self) -> usize {
        self.order.len().div_ceil(self.batch_size)
    }

    /// The batch size (the last batch of an epoch may be shorter).
    pub fn batch_size(&self) -> usize {
        self.batch_size
    }

    /// The number of points batched over.
    pub fn len(&self) -> usize {
        self.order.len()
    }

    /// Whether there are no points.
    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The batches of one epoch, concatenated, and their sizes.
    fn one_epoch(b: &mut Batcher) -> (Vec<usize>, Vec<usize>) {
        let (mut seen, mut sizes) = (Vec::new(), Vec::new());
        for _ in 0..b.steps_per_epoch() {
            let batch = b.next_batch();
            sizes.push(batch.len());
            seen.extend_from_slice(batch);
        }
        (seen, sizes)
    }

    #[test]
    fn every_index_once_per_epoch_and_a_new_order_each_epoch() {
        let mut b = Batcher::new(10, 4, 7);
        assert_eq!(b.steps_per_epoch(), 3);
        let mut previous = Vec::new();
        for epoch in 0..5 {
            assert_eq!(b.epoch(), epoch);
            let (seen, sizes) = one_epoch(&mut b);
            assert_eq!(sizes, vec![4, 4, 2], "last partial batch kept");
            assert_eq!(b.epoch(), epoch + 1);
            let mut sorted = seen.clone();
            sorted.sort();
            assert_eq!(sorted, (0..10).collect::<Vec<_>>());
            assert_ne!(seen, previous, "reshuffled");
            previous = seen;
        }
    }

    #[test]
    fn same_seed_same_batches() {
        let mut a = Batcher::new(50, 8, 3);
        let mut b = Batcher::new(50, 8, 3);
        let mut c = Batcher::new(50, 8, 4);
        let mut differs = false;
        for _ in 0..40 {
            let (x, y, z) = (a.next_batch().to_vec(), b.next_batch(), c.next_batch());
            assert_eq!(x, y);
            differs |= x != z;
        }
        assert!(differs);
    }

    #[test]
    fn full_batch_and_pure_sgd() {
        let mut full = Batcher::new(6, 100, 1);
        assert_eq!(full.steps_per_epoch(), 1);
        for epoch in 1..4 {
            assert_eq!(full.next_batch(), &[0, 1, 2, 3, 4, 5]);
            assert_eq!(full.epoch(), epoch);
        }
        let mut sgd = Batcher::new(6, 1, 1);
        assert_eq!(sgd.steps_per_epoch(), 6);
        let (seen, sizes) = one_epoch(&mut sgd);
        assert_eq!(sizes, vec![1; 6]);
        assert_eq!(seen.len(), 6);
    }

    #[test]
    fn no_points_no_batches() {
        let mut b = Batcher::new(0, 4, 1);
        assert!(b.next_batch().is_empty());
        assert_eq!((b.steps_per_epoch(), b.epoch()), (0, 0));
        assert_eq!(Batcher::new(5, 0, 1).batch_size(), 1);
    }
}
