//! Small networks: a multilayer perceptron of up to six hidden layers of up to 32 units, with
//! hand-written forward and backward passes over one flat parameter vector, so every optimizer
//! steps the whole network at once. Matches `torch.nn` (checked in `tests/torch_parity.rs`) and
//! finite differences (`tests/gradient_check.rs`).
//!
//! The flat layout is torch's: for each layer `W` (outputs × inputs, row-major, as
//! `torch.nn.Linear`), then `b`, then for a batch-normalised hidden layer `γ` and `β`.

pub mod activation;
mod inference;
pub mod init;
mod kernels;
pub mod loss;
pub mod mlp;
mod pixels;
pub mod spec;

pub use activation::Activation;
pub use inference::{argmax, Evaluation};
pub use init::Init;
pub use loss::Loss;
pub use mlp::{Mlp, Objective};
pub use spec::{MlpSpec, NnError, ParamRole, MAX_HIDDEN_LAYERS, MAX_UNITS};
