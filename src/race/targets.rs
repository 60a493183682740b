//! A race's data, with the targets its network's loss wants.

use crate::data::Dataset;
use crate::nn::{Activation, Loss, MlpSpec};

/// The data of a race, with targets in the form the network's loss wants.
#[derive(Clone, Debug)]
pub(super) struct Data {
    pub(super) train: Dataset,
    pub(super) test: Dataset,
    pub(super) train_targets: Vec<f64>,
    pub(super) test_targets: Vec<f64>,
    pub(super) train_rows: Vec<usize>,
    pub(super) test_rows: Vec<usize>,
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
