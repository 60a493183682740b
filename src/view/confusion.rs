//! A confusion matrix: how often each true class is predicted as each class, the view of a
//! lane on data with no plane to draw (the handwritten digits).

use crate::data::Dataset;
use crate::nn::Mlp;

/// `counts[true · k + predicted]` over `data` for `net`'s evaluation-mode predictions, `k` its
/// classes; `probs` is scratch space.
pub fn confusion(net: &mut Mlp, data: &Dataset, probs: &mut Vec<f64>) -> Vec<u32> {
    let k = net.classes();
    let mut counts = vec![0; k * k];
    probs.resize(data.len() * k, 0.0);
    net.probabilities(&data.inputs, probs);
    for (row, &truth) in probs.chunks_exact(k).zip(&data.labels) {
        let predicted = (0..k).fold(0, |best, c| if row[c] > row[best] { c } else { best });
        counts[truth.min(k - 1) * k + predicted] += 1;
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::{Loss, MlpSpec};
    use crate::rng::Rng;

    #[test]
    fn every_point_is_counted_once_in_its_true_row() {
        let mut net = Mlp::new(
            MlpSpec::new(&[3, 4, 3], Loss::SoftmaxCrossEntropy),
            &mut Rng::new(1),
        )
        .unwrap();
        let mut data = Dataset::with_dim(3, 3);
        for i in 0..30 {
            let x = i as f64 * 0.1;
            data.push_row(&[x, -x, 1.0 - x], i % 3);
        }
        let counts = confusion(&mut net, &data, &mut Vec::new());
        assert_eq!(counts.len(), 9);
        assert_eq!(counts.iter().sum::<u32>(), 30);
        for truth in 0..3 {
            assert_eq!(counts[truth * 3..truth * 3 + 3].iter().sum::<u32>(), 10);
        }
    }
}
