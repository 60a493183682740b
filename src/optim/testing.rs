//! Test helpers: the golden file's test functions with hand-written gradients, and a check that
//! an optimizer reproduces a torch trajectory's first and last points.

use super::Optim;

/// The test functions of `torch_reference.json` (its `functions` key), 2-D.
#[derive(Clone, Copy, Debug)]
pub enum Function {
    /// `100·(y − x²)² + (1 − x)²`.
    Rosenbrock,
    /// `0.5·(x² + 25·y²)`.
    Quadratic,
    /// `(1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²`.
    Beale,
    /// `(x² + y − 11)² + (x + y² − 7)²`.
    Himmelblau,
}

impl Function {
    pub fn grad(self, p: &[f64], g: &mut [f64]) {
        let (x, y) = (p[0], p[1]);
        let (gx, gy) = match self {
            Self::Rosenbrock => (
                -400.0 * x * (y - x * x) - 2.0 * (1.0 - x),
                200.0 * (y - x * x),
            ),
            Self::Quadratic => (x, 25.0 * y),
            Self::Beale => {
                let a = 1.5 - x + x * y;
                let b = 2.25 - x + x * y * y;
                let c = 2.625 - x + x * y * y * y;
                (
                    2.0 * a * (y - 1.0) + 2.0 * b * (y * y - 1.0) + 2.0 * c * (y * y * y - 1.0),
                    2.0 * a * x + 2.0 * b * 2.0 * x * y + 2.0 * c * 3.0 * x * y * y,
                )
            }
            Self::Himmelblau => {
                let a = x * x + y - 11.0;
                let b = x + y * y - 7.0;
                (4.0 * a * x + 2.0 * b, 2.0 * a + 4.0 * b * y)
            }
        };
        g[0] = gx;
        g[1] = gy;
    }
}

fn assert_close(got: &[f64], want: &[f64], what: &str) {
    for (g, w) in got.iter().zip(want) {
        let rel = (g - w).abs() / w.abs().max(1e-300);
        assert!(
            rel <= 1e-9 || (g - w).abs() <= 1e-15,
            "{what}: got {got:?}, torch {want:?}"
        );
    }
}

/// Runs `steps` steps of `opt` on `f` from `x0` and compares the first and last points with
/// torch's (relative error at most 1e-9).
pub fn assert_golden(
    mut opt: impl Optim,
    f: Function,
    x0: &[f64],
    steps: usize,
    first: &[f64],
    last: &[f64],
) {
    let mut x = x0.to_vec();
    let mut g = vec![0.0; x.len()];
    for k in 0..steps {
        f.grad(&x, &mut g);
        opt.step(&mut x, &g);
        if k == 0 {
            assert_close(&x, first, "first step");
        }
    }
    assert_close(&x, last, "last step");
}

/// `maximize` on `f` must retrace minimizing `−f` exactly (the sign flip is exact), and climb.
pub fn assert_maximize_mirrors<O: Optim>(build: impl Fn(bool) -> O) {
    let (mut up, mut down) = (build(true), build(false));
    let (mut x_up, mut x_down) = ([1.0, -0.5], [1.0, -0.5]);
    let (mut g, mut g_down) = ([0.0; 2], [0.0; 2]);
    for _ in 0..5 {
        Function::Quadratic.grad(&x_up, &mut g);
        up.step(&mut x_up, &g);
        Function::Quadratic.grad(&x_down, &mut g_down);
        down.step(&mut x_down, &[-g_down[0], -g_down[1]]);
        assert_eq!(x_up, x_down);
    }
    assert!(x_up[0] > 1.0 && x_up[1] < -0.5, "did not climb: {x_up:?}");
}
