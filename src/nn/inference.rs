//! Evaluation mode, torch's `model.eval()`: forward passes without dropout and with batch norm's
//! running statistics, for class probabilities, predictions, the loss and accuracy over a data
//! set and every neuron's output.

use super::activation::{sigmoid, Activation};
use super::kernels::{affine, transpose};
use super::loss::Loss;
use super::mlp::{Mlp, BN_EPS};
use super::spec::MAX_UNITS;

/// Loss and accuracy in evaluation mode.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Evaluation {
    pub loss: f64,
    pub accuracy: f64,
}

/// Rows evaluated together by [`Mlp::forward_block`]: enough to amortise the per-layer set-up,
/// small enough to stay in cache.
const BLOCK: usize = 64;

impl Mlp {
    /// Evaluation-mode forward pass of one example into `scratch.row` (first `outputs()`
    /// values); calls `visit(layer, units)` with each layer's output.
    fn forward_row(&mut self, x: &[f64], mut visit: impl FnMut(usize, &[f64])) {
        let s = &mut self.scratch;
        s.row[..x.len()].copy_from_slice(x);
        for (l, lay) in self.layout.iter().enumerate() {
            let (ins, outs) = (lay.ins, lay.outs);
            let f = lay.f;
            for j in 0..outs {
                let row = &self.params[lay.w + j * ins..lay.w + (j + 1) * ins];
                let mut u = self.params[lay.b + j];
                for (wi, xi) in row.iter().zip(&s.row[..ins]) {
                    u += wi * xi;
                }
                if let Some(g) = lay.bn {
                    let xh =
                        (u - self.running_mean[l][j]) / (self.running_var[l][j] + BN_EPS).sqrt();
                    u = self.params[g + j] * xh + self.params[g + outs + j];
                }
                s.row_next[j] = f.apply(u);
            }
            std::mem::swap(&mut s.row, &mut s.row_next);
            visit(l, &s.row[..outs]);
        }
    }

    /// Evaluation-mode forward pass of up to [`BLOCK`] rows at once, layer by layer; leaves the
    /// outputs in `scratch.block` (`rows × outputs`). Each unit's sum runs in the same order as
    /// [`Mlp::forward_row`], so results are identical, only the loop overhead is shared.
    #[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
    fn forward_block(&mut self, x: &[f64], rows: usize) {
        let s = &mut self.scratch;
        s.block.clear();
        s.block.extend_from_slice(&x[..rows * self.spec.inputs()]);
        for (l, lay) in self.layout.iter().enumerate() {
            let (ins, outs) = (lay.ins, lay.outs);
            let f = lay.f;
            s.block_next.resize(rows * outs, 0.0);
            let bias = &self.params[lay.b..lay.b + outs];
            transpose(&self.params[lay.w..lay.b], ins, outs, &mut s.wt);
            for r in 0..rows {
                let yr = &mut s.block_next[r * outs..(r + 1) * outs];
                affine(
                    &s.wt[..ins * outs],
                    bias,
                    &s.block[r * ins..(r + 1) * ins],
                    yr,
                );
                if let Some(g) = lay.bn {
                    for (j, y) in yr.iter_mut().enumerate() {
                        let xh = (*y - self.running_mean[l][j])
                            / (self.running_var[l][j] + BN_EPS).sqrt();
                        *y = self.params[g + j] * xh + self.params[g + outs + j];
                    }
                }
            }
            f.apply_in_place(&mut s.block_next[..rows * outs]);
            std::mem::swap(&mut s.block, &mut s.block_next);
        }
    }

    /// Writes one example's class probabilities (see [`Mlp::probabilities`]) into `out`.
    pub(super) fn row_probabilities(&self, y: &[f64], out: &mut [f64]) {
        match self.spec.loss {
            Loss::BceWithLogits => {
                let p = sigmoid(y[0]);
                out[0] = 1.0 - p;
                out[1] = p;
            }
            Loss::SoftmaxCrossEntropy => {
                let lse = super::loss::log_sum_exp(y);
                for (o, &z) in out.iter_mut().zip(y) {
                    *o = (z - lse).exp();
                }
            }
            Loss::Mse => {
                let (lo, hi) = match self.spec.output_activation {
                    Activation::Tanh => (-1.0, 1.0),
                    _ => (0.0, 1.0),
                };
                let unit = |v: f64| ((v - lo) / (hi - lo)).clamp(0.0, 1.0);
                if y.len() == 1 {
                    let p = unit(y[0]);
                    out[0] = 1.0 - p;
                    out[1] = p;
                } else {
                    let mut sum = 0.0;
                    for (o, &v) in out.iter_mut().zip(y) {
                        *o = unit(v);
                        sum += *o;
                    }
                    let k = y.len() as f64;
                    for o in out.iter_mut() {
                        *o = if sum > 0.0 { *o / sum } else { 1.0 / k };
                    }
                }
            }
        }
    }

    /// Class probabilities in evaluation mode, [`Mlp::classes`] values per input row into `out`:
    /// binary cross-entropy `[1 - σ(z), σ(z)]`, softmax for K classes, and for squared error the
    /// outputs mapped to `[0, 1]` (from `[-1, 1]` for a tanh output) and normalised.
    pub fn probabilities(&mut self, inputs: &[f64], out: &mut [f64]) {
        let (n_in, k) = (self.spec.inputs(), self.classes());
        let n = inputs.len() / n_in;
        assert_eq!(out.len(), n * k, "probabilities: output length");
        let outs = self.spec.outputs();
        let mut start = 0;
        while start < n {
            let rows = BLOCK.min(n - start);
            self.forward_block(&inputs[start * n_in..], rows);
            for r in 0..rows {
                let row = start + r;
                self.row_probabilities(
                    &self.scratch.block[r * outs..(r + 1) * outs],
                    &mut out[row * k..(row + 1) * k],
                );
            }
            start += rows;
        }
    }

    /// The predicted class of an output vector.
    fn predict(&self, y: &[f64]) -> usize {
        match self.spec.loss {
            Loss::BceWithLogits => usize::from(y[0] > 0.0),
            Loss::SoftmaxCrossEntropy => argmax(y),
            Loss::Mse => {
                let mut p = [0.0; MAX_UNITS];
                let k = self.classes();
                self.row_probabilities(y, &mut p[..k]);
                argmax(&p[..k])
            }
        }
    }

    /// Evaluation mode (no dropout, running batch-norm statistics) over `rows`: mean data loss
    /// and the share of rows whose predicted class is their `labels` entry. NaN for no rows.
    pub fn evaluate(
        &mut self,
        inputs: &[f64],
        targets: &[f64],
        labels: &[usize],
        rows: &[usize],
    ) -> Evaluation {
        self.evaluate_counting(inputs, targets, labels, rows, &mut [])
    }

    /// [`Mlp::evaluate`], also counting each row's prediction into `confusion` (unless it is
    /// empty): `classes × classes`, row-major by true class, then predicted; zeroed first.
    pub fn evaluate_counting(
        &mut self,
        inputs: &[f64],
        targets: &[f64],
        labels: &[usize],
        rows: &[usize],
        confusion: &mut [u32],
    ) -> Evaluation {
        confusion.fill(0);
        let classes = self.classes();
        let counting = confusion.len() == classes * classes;
        if rows.is_empty() {
            return Evaluation {
                loss: f64::NAN,
                accuracy: f64::NAN,
            };
        }
        let (n_in, tw, outs) = (
            self.spec.inputs(),
            self.spec.target_width(),
            self.spec.outputs(),
        );
        let (mut loss, mut correct) = (0.0, 0usize);
        // Rows are gathered a block at a time and evaluated together (same sums as row by row).
        // Taken out while `forward_block` reads it (it is scratch space of `self`).
        let mut gathered = std::mem::take(&mut self.scratch.input);
        for chunk in rows.chunks(BLOCK) {
            gathered.clear();
            for &r in chunk {
                gathered.extend_from_slice(&inputs[r * n_in..(r + 1) * n_in]);
            }
            self.forward_block(&gathered, chunk.len());
            for (k, &r) in chunk.iter().enumerate() {
                let y = &self.scratch.block[k * outs..(k + 1) * outs];
                loss += self.spec.loss.value(y, &targets[r * tw..(r + 1) * tw]);
                let predicted = self.predict(y);
                correct += usize::from(predicted == labels[r]);
                if counting && labels[r] < classes {
                    confusion[labels[r] * classes + predicted] += 1;
                }
            }
        }
        self.scratch.input = gathered;
        let n = rows.len() as f64;
        Evaluation {
            loss: loss / n,
            accuracy: correct as f64 / n,
        }
    }

    /// Evaluation-mode outputs of every neuron (hidden layers after their activation, then the
    /// output layer after the output activation) for each input row: `out[neuron * n + row]`,
    /// neurons numbered layer by layer.
    pub fn neuron_outputs(&mut self, inputs: &[f64], out: &mut [f64]) {
        let n_in = self.spec.inputs();
        let n = inputs.len() / n_in;
        assert_eq!(out.len(), n * self.neuron_count(), "neuron_outputs: length");
        let starts: Vec<usize> = self.spec.sizes[1..]
            .iter()
            .scan(0, |acc, &units| {
                let s = *acc;
                *acc += units;
                Some(s)
            })
            .collect();
        for r in 0..n {
            self.forward_row(&inputs[r * n_in..(r + 1) * n_in], |l, units| {
                for (j, &v) in units.iter().enumerate() {
                    out[(starts[l] + j) * n + r] = v;
                }
            });
        }
    }
}

/// The index of the largest value (the first of equals; 0 for none, or where the first is
/// not a number): the predicted class of a row of outputs or probabilities.
pub fn argmax(v: &[f64]) -> usize {
    let mut best = 0;
    for (i, x) in v.iter().enumerate() {
        if *x > v[best] {
            best = i;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::MlpSpec;
    use crate::rng::Rng;

    fn spec(sizes: &[usize], loss: Loss) -> MlpSpec {
        MlpSpec::new(sizes, loss)
    }

    #[test]
    fn probabilities_sum_to_one_and_match_evaluation() {
        for (sizes, loss, out_f) in [
            (vec![2, 5, 1], Loss::BceWithLogits, Activation::Linear),
            (vec![2, 5, 3], Loss::SoftmaxCrossEntropy, Activation::Linear),
            (vec![2, 5, 1], Loss::Mse, Activation::Tanh),
            (vec![2, 5, 3], Loss::Mse, Activation::Linear),
        ] {
            let mut s = spec(&sizes, loss);
            s.output_activation = out_f;
            let mut net = Mlp::new(s, &mut Rng::new(4)).unwrap();
            let inputs = [0.5, -1.0, 2.0, 0.3, -0.7, -0.7];
            let k = net.classes();
            let mut p = vec![0.0; 3 * k];
            net.probabilities(&inputs, &mut p);
            for row in p.chunks(k) {
                assert!((row.iter().sum::<f64>() - 1.0).abs() < 1e-12, "{row:?}");
            }
            let mut values = vec![0.0; 3 * net.neuron_count()];
            net.neuron_outputs(&inputs, &mut values);
            assert!(values.iter().all(|v| v.is_finite()));
        }
    }

    #[test]
    fn block_and_row_forward_passes_agree_exactly() {
        let mut s = spec(&[2, 7, 5, 3], Loss::SoftmaxCrossEntropy);
        s.batch_norm = true;
        let mut net = Mlp::new(s, &mut Rng::new(9)).unwrap();
        let inputs: Vec<f64> = (0..2 * 150)
            .map(|i| ((i * 37) as f64 * 0.01).sin() * 3.0)
            .collect();
        let mut batched = vec![0.0; 150 * 3];
        net.probabilities(&inputs, &mut batched);
        for r in 0..150 {
            net.forward_row(&inputs[2 * r..2 * r + 2], |_, _| {});
            let y = net.scratch.row[..3].to_vec();
            let mut p = [0.0; 3];
            net.row_probabilities(&y, &mut p);
            assert_eq!(&batched[3 * r..3 * r + 3], &p[..], "row {r}");
        }
    }
}
