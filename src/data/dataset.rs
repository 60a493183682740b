//! A labelled set of points (of the plane, or of any width: the digits' 64 pixels), stored flat
//! so a network can read a batch without copying.

use crate::rng::Rng;

/// Labelled points.
///
/// `inputs` is flat and row-major: point `i` is `inputs[dim·i .. dim·(i + 1)]` (on the plane,
/// `(inputs[2i], inputs[2i + 1])`), with label `labels[i]` in `0..classes`.
#[derive(Clone, Debug, PartialEq)]
pub struct Dataset {
    /// The coordinates, `n × dim`, row-major.
    pub inputs: Vec<f64>,
    /// The class of each point, in `0..classes`.
    pub labels: Vec<usize>,
    /// How many classes the labels range over.
    pub classes: usize,
    /// Values per point: 2 on the plane, 64 for the digits' pixels.
    pub dim: usize,
}

impl Dataset {
    /// An empty set of points of the plane over `classes` classes, for a learner to draw on.
    pub fn new(classes: usize) -> Self {
        Self::with_dim(classes, 2)
    }

    /// An empty set of points of `dim` values each over `classes` classes.
    pub fn with_dim(classes: usize, dim: usize) -> Self {
        Self {
            inputs: Vec::new(),
            labels: Vec::new(),
            classes,
            dim,
        }
    }

    /// The number of points.
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// Whether there are no points.
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// The coordinates of point `i` of the plane.
    pub fn point(&self, i: usize) -> [f64; 2] {
        debug_assert_eq!(self.dim, 2, "a point of the plane");
        [self.inputs[2 * i], self.inputs[2 * i + 1]]
    }

    /// Point `i`'s values.
    pub fn row(&self, i: usize) -> &[f64] {
        &self.inputs[i * self.dim..(i + 1) * self.dim]
    }

    /// Appends a point of the plane of class `label`.
    pub fn push(&mut self, point: [f64; 2], label: usize) {
        self.push_row(&point, label);
    }

    /// Appends a point of `dim` values of class `label`.
    pub fn push_row(&mut self, row: &[f64], label: usize) {
        debug_assert!(label < self.classes, "label {label} out of range");
        debug_assert_eq!(row.len(), self.dim, "a row of the set's width");
        self.inputs.extend_from_slice(row);
        self.labels.push(label);
    }

    /// Removes the point nearest to `point` if it lies within `radius` (the eraser of the
    /// drawing tool) and returns it with its label. Later points keep their order.
    pub fn remove_nearest(&mut self, point: [f64; 2], radius: f64) -> Option<([f64; 2], usize)> {
        let squared_distance = |q: [f64; 2]| (q[0] - point[0]).powi(2) + (q[1] - point[1]).powi(2);
        let nearest = (0..self.len())
            .map(|i| (i, squared_distance(self.point(i))))
            .filter(|&(_, d2)| d2 <= radius * radius)
            .min_by(|a, b| a.1.total_cmp(&b.1))?
            .0;
        let removed = (self.point(nearest), self.labels[nearest]);
        self.inputs.drain(2 * nearest..2 * nearest + 2);
        self.labels.remove(nearest);
        Some(removed)
    }

    /// The points at `indices`, in that order.
    pub fn subset(&self, indices: &[usize]) -> Dataset {
        let mut part = Dataset::with_dim(self.classes, self.dim);
        for &i in indices {
            part.push_row(self.row(i), self.labels[i]);
        }
        part
    }

    /// How many points each class has.
    pub fn class_counts(&self) -> Vec<usize> {
        let mut counts = vec![0; self.classes];
        for &label in &self.labels {
            counts[label] += 1;
        }
        counts
    }

    /// Shuffles the points with `rng` and cuts them into a training part of
    /// `round(train_ratio · n)` points and a test part of the rest. When `n ≥ 2` both parts
    /// keep at least one point, so a test loss always exists.
    pub fn split(&self, train_ratio: f64, rng: &mut Rng) -> (Dataset, Dataset) {
        let n = self.len();
        let mut order: Vec<usize> = (0..n).collect();
        rng.shuffle(&mut order);
        let mut n_train = (train_ratio.clamp(0.0, 1.0) * n as f64).round() as usize;
        if n >= 2 {
            n_train = n_train.clamp(1, n - 1);
        }
        (
            self.subset(&order[..n_train]),
            self.subset(&order[n_train..]),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square() -> Dataset {
        let mut d = Dataset::new(2);
        d.push([0.0, 0.0], 0);
        d.push([1.0, 0.0], 1);
        d.push([0.0, 1.0], 1);
        d.push([1.0, 1.0], 0);
        d
    }

    #[test]
    fn push_and_point_agree_with_the_flat_layout() {
        let d = square();
        assert_eq!(d.len(), 4);
        assert_eq!(d.inputs, vec![0.0, 0.0, 1.0, 0.0, 0.0, 1.0, 1.0, 1.0]);
        assert_eq!(d.point(2), [0.0, 1.0]);
        assert_eq!(d.class_counts(), vec![2, 2]);
    }

    #[test]
    fn remove_nearest_takes_the_closest_point_within_the_radius() {
        let mut d = square();
        assert_eq!(d.remove_nearest([0.9, 0.2], 0.1), None);
        assert_eq!(d.remove_nearest([0.9, 0.2], 0.5), Some(([1.0, 0.0], 1)));
        assert_eq!(d.len(), 3);
        assert_eq!(d.point(1), [0.0, 1.0]);
        assert_eq!(d.labels, vec![0, 1, 0]);
    }

    #[test]
    fn split_sizes_and_contents() {
        let mut d = Dataset::new(2);
        for i in 0..10 {
            d.push([i as f64, 0.0], i % 2);
        }
        let (train, test) = d.split(0.7, &mut Rng::new(1));
        assert_eq!((train.len(), test.len()), (7, 3));
        let mut xs: Vec<f64> = (0..7).map(|i| train.point(i)[0]).collect();
        xs.extend((0..3).map(|i| test.point(i)[0]));
        assert_ne!(
            xs,
            (0..10).map(|i| i as f64).collect::<Vec<_>>(),
            "shuffled"
        );
        xs.sort_by(f64::total_cmp);
        assert_eq!(xs, (0..10).map(|i| i as f64).collect::<Vec<_>>());
        // Each point keeps its own label.
        for part in [&train, &test] {
            for i in 0..part.len() {
                assert_eq!(part.labels[i], part.point(i)[0] as usize % 2);
            }
        }
        // Same seed, same split.
        assert_eq!(d.split(0.7, &mut Rng::new(1)), (train, test));
    }

    #[test]
    fn split_keeps_a_point_on_each_side() {
        let d = square();
        for ratio in [0.0, 0.01, 0.99, 1.0] {
            let (train, test) = d.split(ratio, &mut Rng::new(5));
            assert!(!train.is_empty() && !test.is_empty(), "ratio {ratio}");
            assert_eq!(train.len() + test.len(), 4);
        }
        let mut one = Dataset::new(2);
        one.push([0.0, 0.0], 1);
        let (train, test) = one.split(1.0, &mut Rng::new(5));
        assert_eq!((train.len(), test.len()), (1, 0));
    }
}
