//! # Optimizer Playground
//!
//! Train a tiny neural network on 2-D data and watch optimizers race side by side.
//!
//! The math core (everything but `web`) is plain Rust with no web dependency and is
//! tested natively; only `src/web/` talks to the browser.

pub mod bench;
pub mod challenge;
pub mod data;
pub mod float;
pub mod format;
pub mod fuzz;
pub mod i18n;
pub mod json;
pub mod landscape;
pub mod lessons;
pub mod lms;
pub mod nn;
pub mod optim;
pub mod order;
pub mod race;
pub mod rng;
pub mod schedule;
pub mod simd;
pub mod state;
pub mod surface;
pub mod trig;
pub mod view;

#[cfg(target_arch = "wasm32")]
pub mod web;

/// The crate version, shown on the page.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
