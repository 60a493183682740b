//! Every optimizer of `torch.optim`, with PyTorch's exact update rules (float64, `foreach=False`).
//!
//! Each optimizer lives in its own file: a `XxxConfig` (torch's keyword names as public fields,
//! `Default` = torch's defaults, their only copy) implementing [`Describe`] (name, label, paper,
//! the hyperparameter specs the page shows, validation), and a state struct built by
//! [`Describe::build`], which validates the hyperparameters and allocates every buffer once;
//! [`Optim::step`] then allocates nothing. The shared arithmetic (weight decay, momentum, moment
//! estimates, bias correction) lives once in [`pieces`].
//!
//! The registry (`registry.rs`) lists the optimizers, one line each, and builds from that list
//! [`OptimizerKind`], [`OptimizerConfig`] and [`Optimizer`], which the page, the URL state and
//! the tests all read.
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
pub mod adamw;
pub mod asgd;
mod error;
pub mod nadam;
pub mod notation;
mod params;
pub mod pieces;
pub mod radam;
mod registry;
pub mod rmsprop;
pub mod rprop;
pub mod sgd;
#[cfg(test)]
mod testing;

pub use error::ConfigError;
pub use params::{HyperValue, ParamKind, ParamSpec};
pub use registry::{Optimizer, OptimizerConfig, OptimizerKind};

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

/// Everything about one optimizer but its arithmetic, implemented by its config in the
/// optimizer's own file; the registry ([`OptimizerKind`], [`OptimizerConfig`], [`Optimizer`]) is
/// built from these, one line per optimizer.
///
/// `Default` holds torch's defaults, their only copy: the page reads a default from
/// `Self::default()` under the hyperparameter's name. Every config also has a public field
/// `lr: f64`, which the registry reads directly.
pub trait Describe: Clone + Default {
    /// Torch's class name in lower case, as links and error messages write it: `"sgd"`,
    /// `"adamw"`, `"rmsprop"`, ...
    const NAME: &'static str;
    /// Torch's class name as people write it: `"SGD"`, `"AdamW"`, `"RMSprop"`, ...
    const LABEL: &'static str;
    /// The paper that introduced the method (authors, year, title).
    const PAPER: &'static str;
    /// The hyperparameters the page shows, under torch's keywords, in torch's order.
    const PARAMS: &'static [ParamSpec];
    /// How the learning rate sizes a step, so a surface can suggest one that suits.
    const STEP: StepScale;
    /// The learning rate a lane of this optimizer starts with on the classifier, where the
    /// page's own lanes use another than torch's default (`None`: torch's).
    const CLASSIFIER_LR: Option<f64>;

    /// The built optimizer, with its state.
    type State: Optim;

    /// Checks every hyperparameter; the error names the optimizer, the field and the value.
    fn validate(&self) -> Result<(), ConfigError>;

    /// Validates and allocates every buffer for `n_params` parameters.
    fn build(self, n_params: usize) -> Result<Self::State, ConfigError>;

    /// The update rule as the inspector shows it for this configuration (with momentum or
    /// without, ...): one MathML row per line, written with [`notation`].
    fn rule(&self) -> Vec<String>;

    /// What one step did, in a few English words, for the landscape's step-by-step caption;
    /// `i18n::translate` finds its Russian and Persian by this text.
    fn caption(&self) -> &'static str;

    /// Adam's bias-corrected moments `(m̂, v̂)` after step `t`, from the state buffers read by
    /// torch's names, for an optimizer whose rule shows them; `None` for the others.
    fn corrected_moments(
        &self,
        _t: u64,
        _state: &dyn Fn(&str) -> Option<f64>,
    ) -> Option<(f64, f64)> {
        None
    }
}

/// How an optimizer's learning rate sizes its step: what a good rate depends on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepScale {
    /// The step is the rate times the gradient (SGD, momentum, ASGD): a rate must stay below
    /// about 2 over the steepest curvature.
    Gradient,
    /// The step is about the rate in each coordinate, whatever the gradient's size (Adam and
    /// its family, RMSprop, Rprop).
    Normalized,
    /// Like [`StepScale::Normalized`], but the step shrinks as squared gradients pile up
    /// (Adagrad): it starts from a larger rate.
    Accumulating,
    /// Normalized once its variance estimate is trusted, a gradient step before (RAdam's first
    /// few steps): a rate must suit both.
    Rectified,
    /// The rate multiplies a step already in the weights' units (Adadelta): 1 suits all.
    Unitless,
}

/// A mutable view of one hyperparameter field.
pub(crate) enum Slot<'a> {
    Number(&'a mut f64),
    Bool(&'a mut bool),
    Pair(&'a mut (f64, f64)),
}

/// Name-based access to a config's fields, so the registry's `get`/`set` are written once.
pub(crate) trait Hyper {
    /// Every hyperparameter field under its torch keyword, in the order of
    /// [`Describe::PARAMS`].
    fn slots(&mut self) -> impl IntoIterator<Item = (&'static str, Slot<'_>)>;

    /// The field with torch keyword `name`.
    fn slot(&mut self, name: &str) -> Option<Slot<'_>> {
        let mut slots = self.slots().into_iter();
        slots.find(|(n, _)| *n == name).map(|(_, slot)| slot)
    }
}
