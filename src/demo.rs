//! The first picture of the course: plain gradient descent on the 1-D quadratic
//! `f(x) = x² / 2`, whose gradient is `x`.
//!
//! One step is `x ← x − lr·x = (1 − lr)·x`, so the loss shrinks by `(1 − lr)²` a step:
//! slowly for a small learning rate, fastest at `lr = 1`, and it grows once `lr > 2`.

/// The learning rates the first page compares: too small, about right, too large.
pub const LEARNING_RATES: [f64; 3] = [0.05, 0.5, 2.1];

/// Loss `x² / 2` before each of `steps + 1` points of gradient descent from `x0`.
pub fn gd_quadratic_losses(lr: f64, x0: f64, steps: usize) -> Vec<f64> {
    let mut x = x0;
    let mut losses = Vec::with_capacity(steps + 1);
    for _ in 0..=steps {
        losses.push(0.5 * x * x);
        let grad = x;
        x -= lr * grad;
    }
    losses
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loss_follows_the_closed_form() {
        let losses = gd_quadratic_losses(0.5, 2.0, 10);
        assert_eq!(losses.len(), 11);
        for (k, l) in losses.iter().enumerate() {
            let expected = 0.5 * (2.0 * 0.5f64.powi(k as i32)).powi(2);
            assert!((l - expected).abs() < 1e-15);
        }
    }

    #[test]
    fn too_large_a_step_diverges() {
        let small = gd_quadratic_losses(LEARNING_RATES[0], 1.0, 30);
        let good = gd_quadratic_losses(LEARNING_RATES[1], 1.0, 30);
        let large = gd_quadratic_losses(LEARNING_RATES[2], 1.0, 30);
        assert!(good[30] < small[30]);
        assert!(small[30] < small[0]);
        assert!(large[30] > large[0]);
    }
}
