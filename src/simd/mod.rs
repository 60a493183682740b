//! Two doubles or four floats at a time, and the `tanh` computed on them: WebAssembly SIMD
//! (`f64x2`, `f32x4`) in the browser, SSE2 natively, plain arrays elsewhere. Each lane does
//! exactly what the scalar code does, in the same order and without fused multiply-adds, so the
//! vector loops built on these types (the network's layer kernels, the optimizers' updates) give
//! bit for bit the results of their scalar loops, and torch parity holds unchanged.
//!
//! Every operation is always inlined, and in WebAssembly every function that calls them carries
//! `#[target_feature(enable = "simd128")]` (elsewhere the SIMD instructions would stay behind
//! calls). So the module needs an engine with SIMD: every browser since 2021–2023 (Chrome 91,
//! Firefox 89, Safari 16.4).
//!
//! The module uses nothing else of the crate, so `nn` and `optim` both build on it without
//! depending on each other.

mod f32x4;
mod f64x2;
mod tanh;

pub use f32x4::F32x4;
pub use f64x2::F64x2;
pub use tanh::{tanh, tanh2, tanh4};
