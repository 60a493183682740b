//! Losses of one example, with their gradient with respect to the network's outputs. The
//! network averages them over the mini-batch.

use super::activation::sigmoid;

/// The data loss.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Loss {
    /// Binary cross-entropy on one logit `z` with target `t ∈ {0, 1}`:
    /// `max(z, 0) - z t + ln(1 + e^{-|z|})`, which is `-t ln σ(z) - (1 - t) ln(1 - σ(z))`
    /// written so it never overflows (torch's `BCEWithLogitsLoss`); `∂/∂z = σ(z) - t`.
    BceWithLogits,
    /// Softmax cross-entropy on K logits with a class index `c`: `ln Σ_k e^{z_k} - z_c`
    /// (torch's `CrossEntropyLoss`); `∂/∂z_k = softmax(z)_k - [k = c]`.
    SoftmaxCrossEntropy,
    /// Mean squared error over the outputs, `(1/K) Σ_k (y_k - t_k)²` (torch's `MSELoss`, which
    /// averages over batch and outputs alike); `∂/∂y_k = 2 (y_k - t_k) / K`.
    Mse,
}

impl Loss {
    pub const ALL: [Loss; 3] = [Loss::BceWithLogits, Loss::SoftmaxCrossEntropy, Loss::Mse];

    pub fn name(self) -> &'static str {
        match self {
            Loss::BceWithLogits => "bce_with_logits",
            Loss::SoftmaxCrossEntropy => "softmax_cross_entropy",
            Loss::Mse => "mse",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        let name = name.to_ascii_lowercase();
        Self::ALL.into_iter().find(|l| l.name() == name)
    }

    pub fn label(self) -> &'static str {
        match self {
            Loss::BceWithLogits => "Binary cross-entropy",
            Loss::SoftmaxCrossEntropy => "Softmax cross-entropy",
            Loss::Mse => "Mean squared error",
        }
    }

    /// Values of the target of one example: 1 (a class or 0/1) or one per output.
    pub fn target_width(self, outputs: usize) -> usize {
        match self {
            Loss::BceWithLogits | Loss::SoftmaxCrossEntropy => 1,
            Loss::Mse => outputs,
        }
    }

    /// The loss of one example with outputs `y` and target `t`; writes `∂loss/∂y` into `dy`.
    pub fn value_and_gradient(self, y: &[f64], t: &[f64], dy: &mut [f64]) -> f64 {
        match self {
            Loss::BceWithLogits => {
                let (z, t) = (y[0], t[0]);
                dy[0] = sigmoid(z) - t;
                z.max(0.0) - z * t + (-z.abs()).exp().ln_1p()
            }
            Loss::SoftmaxCrossEntropy => {
                let c = class_index(t[0], y.len());
                let lse = log_sum_exp(y);
                for (d, &z) in dy.iter_mut().zip(y) {
                    *d = (z - lse).exp();
                }
                dy[c] -= 1.0;
                lse - y[c]
            }
            Loss::Mse => {
                let k = y.len() as f64;
                let mut loss = 0.0;
                for ((d, &yi), &ti) in dy.iter_mut().zip(y).zip(t) {
                    let e = yi - ti;
                    loss += e * e;
                    *d = 2.0 * e / k;
                }
                loss / k
            }
        }
    }

    /// The loss of one example, without its gradient.
    pub fn value(self, y: &[f64], t: &[f64]) -> f64 {
        match self {
            Loss::BceWithLogits => {
                let (z, t) = (y[0], t[0]);
                z.max(0.0) - z * t + (-z.abs()).exp().ln_1p()
            }
            Loss::SoftmaxCrossEntropy => log_sum_exp(y) - y[class_index(t[0], y.len())],
            Loss::Mse => {
                y.iter().zip(t).map(|(a, b)| (a - b) * (a - b)).sum::<f64>() / y.len() as f64
            }
        }
    }
}

fn class_index(t: f64, classes: usize) -> usize {
    let c = t as usize;
    assert!(
        t >= 0.0 && t.fract() == 0.0 && c < classes,
        "class target {} for {classes} outputs",
        crate::format::plain(t)
    );
    c
}

/// `ln Σ e^{z_k}`, shifted by the largest logit so nothing overflows.
pub fn log_sum_exp(z: &[f64]) -> f64 {
    let m = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if !m.is_finite() {
        return m;
    }
    m + z.iter().map(|&v| (v - m).exp()).sum::<f64>().ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gradients_match_finite_differences() {
        let cases: [(Loss, Vec<f64>, Vec<f64>); 4] = [
            (Loss::BceWithLogits, vec![0.7], vec![1.0]),
            (Loss::BceWithLogits, vec![-2.1], vec![1.0]),
            (Loss::SoftmaxCrossEntropy, vec![0.3, -1.2, 2.0], vec![1.0]),
            (Loss::Mse, vec![0.3, -1.2], vec![1.0, 0.0]),
        ];
        for (loss, y, t) in cases {
            let mut dy = vec![0.0; y.len()];
            let v = loss.value_and_gradient(&y, &t, &mut dy);
            assert_eq!(v, loss.value(&y, &t));
            for k in 0..y.len() {
                let h = 1e-6;
                let (mut up, mut down) = (y.clone(), y.clone());
                up[k] += h;
                down[k] -= h;
                let numeric = (loss.value(&up, &t) - loss.value(&down, &t)) / (2.0 * h);
                assert!(
                    (numeric - dy[k]).abs() < 1e-7,
                    "{loss:?} {k}: {numeric} vs {}",
                    dy[k]
                );
            }
        }
    }

    #[test]
    fn extreme_logits_do_not_overflow() {
        let mut dy = [0.0; 2];
        let v = Loss::BceWithLogits.value_and_gradient(&[1000.0], &[0.0], &mut dy[..1]);
        assert_eq!(v, 1000.0);
        let v = Loss::SoftmaxCrossEntropy.value_and_gradient(&[1000.0, -1000.0], &[1.0], &mut dy);
        assert_eq!(v, 2000.0);
        assert_eq!(dy, [1.0, -1.0]);
    }

    #[test]
    fn binary_cross_entropy_of_a_zero_logit_is_ln_2() {
        assert!((Loss::BceWithLogits.value(&[0.0], &[1.0]) - 2f64.ln()).abs() < 1e-15);
    }
}
