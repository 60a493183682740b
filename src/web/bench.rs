//! The Wasm side of `make bench`, for node: thin exports over [`crate::bench`], so the harness
//! times the same public-API code the native runner times.

use wasm_bindgen::prelude::*;

use crate::bench::{ceiling, w1_data, w3_examples, Grid, Trainer};
use crate::data::digits::Digits;
use crate::data::{Dataset, DatasetKind};
use crate::rng::Rng;

/// One training set-up (W1, or one W2 lane) and its grid (H1).
#[wasm_bindgen]
pub struct BenchTrainer {
    trainer: Trainer,
    grid: Grid,
}

#[wasm_bindgen]
impl BenchTrainer {
    /// W1: the spiral, 2 → 8 → 8 → 1, batch 10, `optimizer` (`sgd` or `adam`) at `lr`.
    #[wasm_bindgen(constructor)]
    pub fn new(optimizer: &str, lr: f64) -> Result<BenchTrainer, JsValue> {
        Self::with(&w1_data(), &[2, 8, 8, 1], optimizer, lr)
    }

    /// A W2 lane: 2,000 spiral points, `depth` hidden layers of `width` units, Adam.
    pub fn w2(width: usize, depth: usize) -> Result<BenchTrainer, JsValue> {
        let data = Dataset::generate(DatasetKind::Spiral, 2000, 0.0, &mut Rng::new(7));
        let mut sizes = vec![2];
        sizes.extend(std::iter::repeat_n(width, depth));
        sizes.push(1);
        Self::with(&data, &sizes, "adam", 0.01)
    }

    /// W3: the digits (the bytes of `www/data/digits.bin`), `momentum` or `adam`.
    pub fn w3(digits: &[u8], optimizer: &str) -> Result<BenchTrainer, JsValue> {
        let digits = Digits::decode(digits).map_err(|e| JsValue::from_str(&e))?;
        Ok(BenchTrainer {
            trainer: Trainer::digits(&digits, optimizer).map_err(|e| JsValue::from_str(&e))?,
            grid: Grid::new(1),
        })
    }

    fn with(
        data: &Dataset,
        sizes: &[usize],
        optimizer: &str,
        lr: f64,
    ) -> Result<BenchTrainer, JsValue> {
        Ok(BenchTrainer {
            trainer: Trainer::new(data, sizes, optimizer, lr, 10)
                .map_err(|e| JsValue::from_str(&e))?,
            grid: Grid::new(100),
        })
    }

    /// `steps` mini-batch steps; returns the examples trained on.
    pub fn train(&mut self, steps: usize) -> usize {
        self.trainer.train(steps).0
    }

    /// One 100 × 100 grid of forward passes; returns a checksum.
    pub fn grid_pass(&mut self) -> f64 {
        self.grid.pass(self.trainer.net_mut())
    }
}

/// The W1 points as `x, y, label` triples, for the other engines.
#[wasm_bindgen]
pub fn bench_w1_points() -> Vec<f64> {
    let d = w1_data();
    (0..d.len())
        .flat_map(|i| {
            let [x, y] = d.point(i);
            [x, y, d.labels[i] as f64]
        })
        .collect()
}

/// W3's examples for the other engines: 65 values each, the 64 pixels / 16 and the class.
#[wasm_bindgen]
pub fn bench_w3_examples(digits: &[u8]) -> Result<Vec<f64>, JsValue> {
    let digits = Digits::decode(digits).map_err(|e| JsValue::from_str(&e))?;
    let (inputs, labels) = w3_examples(&digits);
    Ok(inputs
        .chunks(64)
        .zip(labels)
        .flat_map(|(row, label)| row.iter().copied().chain([label as f64]))
        .collect())
}

/// FLOPs done by `iters` rounds of the scalar-ceiling kernel (the caller times it).
#[wasm_bindgen]
pub fn bench_ceiling(iters: usize) -> f64 {
    let (flops, check) = ceiling(iters);
    if check.is_nan() {
        0.0
    } else {
        flops
    }
}
