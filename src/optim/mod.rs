//! Every optimizer of `torch.optim`, with PyTorch's exact update rules (float64, `foreach=False`).
//!
//! Each optimizer lives in its own file as a `XxxConfig` (torch's keyword names as public fields,
//! `Default` = torch's defaults) and a state struct built by `XxxConfig::build(n_params)`, which
//! validates the hyperparameters and allocates every buffer once; [`Optim::step`] then allocates
//! nothing. The shared arithmetic (weight decay, momentum, moment estimates, bias correction)
//! lives once in [`pieces`].
//!
//! The registry ([`OptimizerKind`], [`OptimizerConfig`], [`Optimizer`], [`ParamSpec`]) is the one
//! list the page, the URL state and the tests all read.
//!
//! ```
//! use optimizer_playground::optim::{OptimizerConfig, OptimizerKind, HyperValue};
//! let mut config = OptimizerConfig::default_for(OptimizerKind::Adam);
//! config.set("lr", HyperValue::Number(0.1)).unwrap();
//! let mut opt = config.build(2).unwrap();
//! let mut x = [1.0, -1.0];
//! opt.step(&mut x, &[1.0, -1.0]); // the gradient of 0.5·|x|²
//! assert!((x[0] - 0.9).abs() < 1e-6 && (x[1] + 0.9).abs() < 1e-6);
//! ```

/// The accessors every state struct shares: its `config.lr` and its step count `t`.
macro_rules! common_accessors {
    () => {
        fn lr(&self) -> f64 {
            self.config.lr
        }

        fn set_lr(&mut self, lr: f64) {
            self.config.lr = lr;
        }

        fn steps_taken(&self) -> u64 {
            self.t
        }
    };
}

pub mod adadelta;
pub mod adagrad;
pub mod adam;
pub mod adamax;
pub mod asgd;
mod error;
pub mod nadam;
pub mod pieces;
pub mod radam;
mod registry;
pub mod rmsprop;
pub mod rprop;
pub mod sgd;
#[cfg(test)]
mod testing;

pub use adadelta::{Adadelta, AdadeltaConfig};
pub use adagrad::{Adagrad, AdagradConfig};
pub use adam::{Adam, AdamConfig, AdamWConfig};
pub use adamax::{Adamax, AdamaxConfig};
pub use asgd::{Asgd, AsgdConfig};
pub use error::ConfigError;
pub use nadam::{NAdam, NAdamConfig};
pub use radam::{RAdam, RAdamConfig};
pub use registry::{HyperValue, Optimizer, OptimizerConfig, OptimizerKind, ParamKind, ParamSpec};
pub use rmsprop::{RmsProp, RmsPropConfig};
pub use rprop::{Rprop, RpropConfig};
pub use sgd::{Sgd, SgdConfig};

/// What every built optimizer can do; [`Optimizer`] forwards to it.
pub trait Optim {
    /// One update of `params` from `grads` (same length as at build; panics otherwise).
    /// Allocates nothing.
    fn step(&mut self, params: &mut [f64], grads: &[f64]);

    /// The learning rate the next step uses.
    fn lr(&self) -> f64;

    /// Sets the learning rate for the following steps, as a scheduler writes torch's
    /// `param_group["lr"]`. Not validated: schedules only produce finite non-negative rates.
    fn set_lr(&mut self, lr: f64);

    /// How many steps have been taken since build or [`Optim::reset`].
    fn steps_taken(&self) -> u64;

    /// Back to the state right after build (same configuration, current `lr`).
    fn reset(&mut self);

    /// The named per-parameter state buffers (torch's state keys), so a page can show one
    /// weight's optimizer state. Buffers an option switched off are not listed.
    fn state(&self) -> Vec<(&'static str, &[f64])>;
}

/// A mutable view of one hyperparameter field, found by its torch keyword.
pub(crate) enum Slot<'a> {
    Number(&'a mut f64),
    Bool(&'a mut bool),
    Pair(&'a mut (f64, f64)),
}

/// Name-based access to a config's fields, so the registry's `get`/`set` are written once.
pub(crate) trait Hyper {
    fn slot(&mut self, name: &str) -> Option<Slot<'_>>;
}
