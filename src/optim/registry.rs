//! The one list of optimizers: kinds, their hyperparameter descriptors, and enums wrapping
//! every config and every built optimizer, for the page, the URL state and the tests.

use std::fmt;

use super::{
    Adadelta, AdadeltaConfig, Adagrad, AdagradConfig, Adam, AdamConfig, AdamWConfig, Adamax,
    AdamaxConfig, Asgd, AsgdConfig, ConfigError, Hyper, NAdam, NAdamConfig, Optim, RAdam,
    RAdamConfig, RmsProp, RmsPropConfig, Rprop, RpropConfig, Sgd, SgdConfig, Slot,
};

/// The eleven optimizers of `torch.optim`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OptimizerKind {
    /// `torch.optim.SGD`, see [`Sgd`].
    Sgd,
    /// `torch.optim.Adagrad`, see [`Adagrad`].
    Adagrad,
    /// `torch.optim.RMSprop`, see [`RmsProp`].
    RmsProp,
    /// `torch.optim.Adadelta`, see [`Adadelta`].
    Adadelta,
    /// `torch.optim.Adam`, see [`Adam`].
    Adam,
    /// `torch.optim.AdamW`, see [`Adam`] and [`AdamWConfig`].
    AdamW,
    /// `torch.optim.Adamax`, see [`Adamax`].
    Adamax,
    /// `torch.optim.NAdam`, see [`NAdam`].
    NAdam,
    /// `torch.optim.RAdam`, see [`RAdam`].
    RAdam,
    /// `torch.optim.Rprop`, see [`Rprop`].
    Rprop,
    /// `torch.optim.ASGD`, see [`Asgd`].
    Asgd,
}

impl OptimizerKind {
    /// Every kind, in the order the lectures meet them.
    pub const ALL: &'static [Self] = &[
        Self::Sgd,
        Self::Adagrad,
        Self::RmsProp,
        Self::Adadelta,
        Self::Adam,
        Self::AdamW,
        Self::Adamax,
        Self::NAdam,
        Self::RAdam,
        Self::Rprop,
        Self::Asgd,
    ];

    /// Torch's class name in lower case: `"sgd"`, `"adamw"`, `"rmsprop"`, ...
    pub fn name(self) -> &'static str {
        self.info().0
    }

    /// The inverse of [`OptimizerKind::name`].
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|k| k.name() == name)
    }

    /// Torch's class name as people write it: `"SGD"`, `"AdamW"`, `"RMSprop"`, ...
    pub fn label(self) -> &'static str {
        self.info().1
    }

    /// The paper that introduced the method (authors, year, title).
    pub fn paper(self) -> &'static str {
        self.info().2
    }

    /// The hyperparameters, with torch's keywords and defaults, in torch's order.
    pub fn params(self) -> &'static [ParamSpec] {
        match self {
            Self::Sgd => SGD,
            Self::Adagrad => ADAGRAD,
            Self::RmsProp => RMSPROP,
            Self::Adadelta => ADADELTA,
            Self::Adam => ADAM,
            Self::AdamW => ADAMW,
            Self::Adamax => ADAMAX,
            Self::NAdam => NADAM,
            Self::RAdam => RADAM,
            Self::Rprop => RPROP,
            Self::Asgd => ASGD,
        }
    }

    fn info(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Self::Sgd => ("sgd", "SGD", "Robbins & Monro (1951), \"A Stochastic Approximation Method\"; momentum: Polyak (1964); Nesterov (1983), as in Sutskever et al. (2013)"),
            Self::Adagrad => ("adagrad", "Adagrad", "Duchi, Hazan & Singer (2011), \"Adaptive Subgradient Methods for Online Learning and Stochastic Optimization\""),
            Self::RmsProp => ("rmsprop", "RMSprop", "Hinton, Srivastava & Swersky (2012), Coursera lecture 6e; centered: Graves (2013)"),
            Self::Adadelta => ("adadelta", "Adadelta", "Zeiler (2012), \"ADADELTA: An Adaptive Learning Rate Method\""),
            Self::Adam => ("adam", "Adam", "Kingma & Ba (2015), \"Adam: A Method for Stochastic Optimization\"; AMSGrad: Reddi, Kale & Kumar (2018)"),
            Self::AdamW => ("adamw", "AdamW", "Loshchilov & Hutter (2019), \"Decoupled Weight Decay Regularization\""),
            Self::Adamax => ("adamax", "Adamax", "Kingma & Ba (2015), \"Adam: A Method for Stochastic Optimization\", section 7.1"),
            Self::NAdam => ("nadam", "NAdam", "Dozat (2016), \"Incorporating Nesterov Momentum into Adam\""),
            Self::RAdam => ("radam", "RAdam", "Liu et al. (2020), \"On the Variance of the Adaptive Learning Rate and Beyond\""),
            Self::Rprop => ("rprop", "Rprop", "Riedmiller & Braun (1993), \"A Direct Adaptive Method for Faster Backpropagation Learning: The RPROP Algorithm\""),
            Self::Asgd => ("asgd", "ASGD", "Polyak & Juditsky (1992), \"Acceleration of Stochastic Approximation by Averaging\""),
        }
    }
}

impl fmt::Display for OptimizerKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// The value of one hyperparameter.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum HyperValue {
    /// A real number, like `lr`.
    Number(f64),
    /// A switch, like `nesterov`.
    Bool(bool),
    /// A pair, like `betas`.
    Pair(f64, f64),
}

impl fmt::Display for HyperValue {
    /// `0.1`, `true`, `(0.9, 0.999)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Number(x) => write!(f, "{x}"),
            Self::Bool(b) => write!(f, "{b}"),
            Self::Pair(a, b) => write!(f, "({a}, {b})"),
        }
    }
}

/// What a hyperparameter takes, with a suggested slider range for the page
/// (the allowed range is what [`OptimizerConfig::validate`] accepts, often wider).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ParamKind {
    /// A number in `[min, max]`, on a log scale if `log` (then `min > 0`; 0 is still allowed).
    Number {
        /// Slider start.
        min: f64,
        /// Slider end.
        max: f64,
        /// Log-scaled slider.
        log: bool,
    },
    /// A switch.
    Bool,
    /// Two numbers, each with its own slider range `min.i ..= max.i`.
    Pair {
        /// Slider starts of both numbers.
        min: (f64, f64),
        /// Slider ends of both numbers.
        max: (f64, f64),
        /// Log-scaled sliders.
        log: bool,
    },
}

/// One hyperparameter of one optimizer.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ParamSpec {
    /// Torch's keyword, e.g. `"weight_decay"`.
    pub name: &'static str,
    /// One line for a tooltip.
    pub doc: &'static str,
    /// Number, switch or pair, with slider ranges.
    pub kind: ParamKind,
    /// Torch's default.
    pub default: HyperValue,
}

const fn number(
    name: &'static str,
    doc: &'static str,
    (min, max, log): (f64, f64, bool),
    default: f64,
) -> ParamSpec {
    ParamSpec {
        name,
        doc,
        kind: ParamKind::Number { min, max, log },
        default: HyperValue::Number(default),
    }
}

const fn switch(name: &'static str, doc: &'static str, default: bool) -> ParamSpec {
    ParamSpec {
        name,
        doc,
        kind: ParamKind::Bool,
        default: HyperValue::Bool(default),
    }
}

const fn pair(
    name: &'static str,
    doc: &'static str,
    (min, max, log): ((f64, f64), (f64, f64), bool),
    default: (f64, f64),
) -> ParamSpec {
    ParamSpec {
        name,
        doc,
        kind: ParamKind::Pair { min, max, log },
        default: HyperValue::Pair(default.0, default.1),
    }
}

const RATE: (f64, f64, bool) = (1e-4, 10.0, true);
const SMALL: (f64, f64, bool) = (1e-12, 1e-1, true);
const UNIT: (f64, f64, bool) = (0.0, 0.999, false);

const fn lr(default: f64) -> ParamSpec {
    number("lr", "learning rate", RATE, default)
}

const fn eps(default: f64) -> ParamSpec {
    number(
        "eps",
        "added to the denominator for stability",
        SMALL,
        default,
    )
}

const fn weight_decay(default: f64) -> ParamSpec {
    number(
        "weight_decay",
        "L2 penalty added to the gradient",
        (1e-5, 1.0, true),
        default,
    )
}

const DECOUPLED_WEIGHT_DECAY: ParamSpec = switch(
    "decoupled_weight_decay",
    "shrink the weights directly (as AdamW) instead of adding an L2 gradient",
    false,
);
const BETAS: ParamSpec = pair(
    "betas",
    "decays of the running averages of the gradient and of its square",
    ((0.0, 0.9), (0.9, 0.9999), false),
    (0.9, 0.999),
);
const MAXIMIZE: ParamSpec = switch("maximize", "ascend the function instead", false);
const MOMENTUM: ParamSpec = number("momentum", "momentum factor", UNIT, 0.0);

const SGD: &[ParamSpec] = &[
    lr(1e-3),
    MOMENTUM,
    number(
        "dampening",
        "share of the new gradient held back from the buffer",
        (0.0, 1.0, false),
        0.0,
    ),
    weight_decay(0.0),
    switch(
        "nesterov",
        "look ahead along the momentum (needs momentum > 0, dampening = 0)",
        false,
    ),
    MAXIMIZE,
];
const ADAGRAD: &[ParamSpec] = &[
    lr(1e-2),
    number("lr_decay", "learning-rate decay per step", SMALL, 0.0),
    weight_decay(0.0),
    number(
        "initial_accumulator_value",
        "starting value of the squared-gradient sum",
        (0.0, 1.0, false),
        0.0,
    ),
    eps(1e-10),
    MAXIMIZE,
];
const RMSPROP: &[ParamSpec] = &[
    lr(1e-2),
    number("alpha", "decay of the squared-gradient average", UNIT, 0.99),
    eps(1e-8),
    weight_decay(0.0),
    MOMENTUM,
    switch(
        "centered",
        "divide by the gradient's variance rather than its mean square",
        false,
    ),
    MAXIMIZE,
];
const ADADELTA: &[ParamSpec] = &[
    lr(1.0),
    number("rho", "decay of both running averages", UNIT, 0.9),
    eps(1e-6),
    weight_decay(0.0),
    MAXIMIZE,
];
const ADAM: &[ParamSpec] = &[
    lr(1e-3),
    BETAS,
    eps(1e-8),
    weight_decay(0.0),
    DECOUPLED_WEIGHT_DECAY,
    switch(
        "amsgrad",
        "divide by the largest second moment seen so far (AMSGrad)",
        false,
    ),
    MAXIMIZE,
    switch(
        "bias_correction",
        "undo the zero start of the averages (not a torch option: switch off to see why)",
        true,
    ),
];
const ADAMW: &[ParamSpec] = &[
    lr(1e-3),
    BETAS,
    eps(1e-8),
    number(
        "weight_decay",
        "decoupled weight decay: shrink the weights by lr*weight_decay each step",
        (1e-5, 1.0, true),
        1e-2,
    ),
    ADAM[5],
    MAXIMIZE,
    ADAM[7],
];
const ADAMAX: &[ParamSpec] = &[lr(2e-3), BETAS, eps(1e-8), weight_decay(0.0), MAXIMIZE];
const NADAM: &[ParamSpec] = &[
    lr(2e-3),
    BETAS,
    eps(1e-8),
    weight_decay(0.0),
    number(
        "momentum_decay",
        "how fast the momentum schedule warms up",
        (1e-4, 1e-1, true),
        4e-3,
    ),
    DECOUPLED_WEIGHT_DECAY,
    MAXIMIZE,
];
const RADAM: &[ParamSpec] = &[
    lr(1e-3),
    BETAS,
    eps(1e-8),
    weight_decay(0.0),
    DECOUPLED_WEIGHT_DECAY,
    MAXIMIZE,
];
const RPROP: &[ParamSpec] = &[
    lr(1e-2),
    pair(
        "etas",
        "step-size factors after a sign change and after a kept sign",
        ((0.1, 1.01), (0.99, 2.0), false),
        (0.5, 1.2),
    ),
    pair(
        "step_sizes",
        "smallest and largest allowed step size",
        ((1e-8, 1e-2), (1e-2, 100.0), true),
        (1e-6, 50.0),
    ),
    MAXIMIZE,
];
const ASGD: &[ParamSpec] = &[
    lr(1e-2),
    number("lambd", "decay term", SMALL, 1e-4),
    number(
        "alpha",
        "power of the step-size decay",
        (0.0, 1.0, false),
        0.75,
    ),
    number(
        "t0",
        "step at which averaging starts",
        (1.0, 1e6, true),
        1e6,
    ),
    weight_decay(0.0),
    MAXIMIZE,
];

/// The configuration of any one optimizer.
#[derive(Clone, Debug, PartialEq)]
pub enum OptimizerConfig {
    /// See [`SgdConfig`].
    Sgd(SgdConfig),
    /// See [`AdagradConfig`].
    Adagrad(AdagradConfig),
    /// See [`RmsPropConfig`].
    RmsProp(RmsPropConfig),
    /// See [`AdadeltaConfig`].
    Adadelta(AdadeltaConfig),
    /// See [`AdamConfig`].
    Adam(AdamConfig),
    /// See [`AdamWConfig`].
    AdamW(AdamWConfig),
    /// See [`AdamaxConfig`].
    Adamax(AdamaxConfig),
    /// See [`NAdamConfig`].
    NAdam(NAdamConfig),
    /// See [`RAdamConfig`].
    RAdam(RAdamConfig),
    /// See [`RpropConfig`].
    Rprop(RpropConfig),
    /// See [`AsgdConfig`].
    Asgd(AsgdConfig),
}

/// Runs `$body` with `$c` bound to the config inside any [`OptimizerConfig`] variant.
macro_rules! each_config {
    ($value:expr, $c:ident => $body:expr) => {
        match $value {
            OptimizerConfig::Sgd($c) => $body,
            OptimizerConfig::Adagrad($c) => $body,
            OptimizerConfig::RmsProp($c) => $body,
            OptimizerConfig::Adadelta($c) => $body,
            OptimizerConfig::Adam($c) => $body,
            OptimizerConfig::AdamW($c) => $body,
            OptimizerConfig::Adamax($c) => $body,
            OptimizerConfig::NAdam($c) => $body,
            OptimizerConfig::RAdam($c) => $body,
            OptimizerConfig::Rprop($c) => $body,
            OptimizerConfig::Asgd($c) => $body,
        }
    };
}

impl OptimizerConfig {
    /// Torch's defaults for `kind`.
    pub fn default_for(kind: OptimizerKind) -> Self {
        match kind {
            OptimizerKind::Sgd => Self::Sgd(Default::default()),
            OptimizerKind::Adagrad => Self::Adagrad(Default::default()),
            OptimizerKind::RmsProp => Self::RmsProp(Default::default()),
            OptimizerKind::Adadelta => Self::Adadelta(Default::default()),
            OptimizerKind::Adam => Self::Adam(Default::default()),
            OptimizerKind::AdamW => Self::AdamW(Default::default()),
            OptimizerKind::Adamax => Self::Adamax(Default::default()),
            OptimizerKind::NAdam => Self::NAdam(Default::default()),
            OptimizerKind::RAdam => Self::RAdam(Default::default()),
            OptimizerKind::Rprop => Self::Rprop(Default::default()),
            OptimizerKind::Asgd => Self::Asgd(Default::default()),
        }
    }

    /// Which optimizer this configures.
    pub fn kind(&self) -> OptimizerKind {
        match self {
            Self::Sgd(_) => OptimizerKind::Sgd,
            Self::Adagrad(_) => OptimizerKind::Adagrad,
            Self::RmsProp(_) => OptimizerKind::RmsProp,
            Self::Adadelta(_) => OptimizerKind::Adadelta,
            Self::Adam(_) => OptimizerKind::Adam,
            Self::AdamW(_) => OptimizerKind::AdamW,
            Self::Adamax(_) => OptimizerKind::Adamax,
            Self::NAdam(_) => OptimizerKind::NAdam,
            Self::RAdam(_) => OptimizerKind::RAdam,
            Self::Rprop(_) => OptimizerKind::Rprop,
            Self::Asgd(_) => OptimizerKind::Asgd,
        }
    }

    /// The learning rate.
    pub fn lr(&self) -> f64 {
        each_config!(self, c => c.lr)
    }

    fn slot(&mut self, name: &str) -> Option<Slot<'_>> {
        each_config!(self, c => c.slot(name))
    }

    /// The value of the hyperparameter with torch keyword `name`, if this optimizer has one.
    pub fn get(&self, name: &str) -> Option<HyperValue> {
        self.clone().slot(name).map(|slot| match slot {
            Slot::Number(x) => HyperValue::Number(*x),
            Slot::Bool(b) => HyperValue::Bool(*b),
            Slot::Pair(p) => HyperValue::Pair(p.0, p.1),
        })
    }

    /// Sets the hyperparameter `name`. Fails on an unknown name or a value of the wrong kind;
    /// ranges are checked by [`OptimizerConfig::validate`] and [`OptimizerConfig::build`], so
    /// related fields (like `momentum` and `nesterov`) can be set in any order.
    pub fn set(&mut self, name: &str, value: HyperValue) -> Result<(), ConfigError> {
        let optimizer = self.kind().name();
        let slot = self.slot(name).ok_or_else(|| ConfigError::Unknown {
            optimizer,
            name: name.to_string(),
        })?;
        let expected = match (slot, value) {
            (Slot::Number(x), HyperValue::Number(v)) => {
                *x = v;
                return Ok(());
            }
            (Slot::Bool(x), HyperValue::Bool(v)) => {
                *x = v;
                return Ok(());
            }
            (Slot::Pair(x), HyperValue::Pair(a, b)) => {
                *x = (a, b);
                return Ok(());
            }
            (Slot::Number(_), _) => "a number",
            (Slot::Bool(_), _) => "a bool",
            (Slot::Pair(_), _) => "a pair",
        };
        Err(ConfigError::WrongType {
            optimizer,
            name: name.to_string(),
            expected,
        })
    }

    /// Checks every hyperparameter (see each config's `validate`).
    pub fn validate(&self) -> Result<(), ConfigError> {
        each_config!(self, c => c.validate())
    }

    /// Validates and builds the optimizer for `n_params` parameters.
    pub fn build(&self, n_params: usize) -> Result<Optimizer, ConfigError> {
        let c = self.clone();
        Ok(match c {
            Self::Sgd(c) => Optimizer::Sgd(c.build(n_params)?),
            Self::Adagrad(c) => Optimizer::Adagrad(c.build(n_params)?),
            Self::RmsProp(c) => Optimizer::RmsProp(c.build(n_params)?),
            Self::Adadelta(c) => Optimizer::Adadelta(c.build(n_params)?),
            Self::Adam(c) => Optimizer::Adam(c.build(n_params)?),
            Self::AdamW(c) => Optimizer::AdamW(c.build(n_params)?),
            Self::Adamax(c) => Optimizer::Adamax(c.build(n_params)?),
            Self::NAdam(c) => Optimizer::NAdam(c.build(n_params)?),
            Self::RAdam(c) => Optimizer::RAdam(c.build(n_params)?),
            Self::Rprop(c) => Optimizer::Rprop(c.build(n_params)?),
            Self::Asgd(c) => Optimizer::Asgd(c.build(n_params)?),
        })
    }
}

/// Any one built optimizer, with its state.
#[derive(Clone, Debug)]
pub enum Optimizer {
    /// See [`Sgd`].
    Sgd(Sgd),
    /// See [`Adagrad`].
    Adagrad(Adagrad),
    /// See [`RmsProp`].
    RmsProp(RmsProp),
    /// See [`Adadelta`].
    Adadelta(Adadelta),
    /// See [`Adam`].
    Adam(Adam),
    /// See [`Adam`]; built from an [`AdamWConfig`].
    AdamW(Adam),
    /// See [`Adamax`].
    Adamax(Adamax),
    /// See [`NAdam`].
    NAdam(NAdam),
    /// See [`RAdam`].
    RAdam(RAdam),
    /// See [`Rprop`].
    Rprop(Rprop),
    /// See [`Asgd`].
    Asgd(Asgd),
}

/// Runs `$body` with `$o` bound to the optimizer inside any [`Optimizer`] variant.
macro_rules! each_optimizer {
    ($value:expr, $o:ident => $body:expr) => {
        match $value {
            Optimizer::Sgd($o) => $body,
            Optimizer::Adagrad($o) => $body,
            Optimizer::RmsProp($o) => $body,
            Optimizer::Adadelta($o) => $body,
            Optimizer::Adam($o) | Optimizer::AdamW($o) => $body,
            Optimizer::Adamax($o) => $body,
            Optimizer::NAdam($o) => $body,
            Optimizer::RAdam($o) => $body,
            Optimizer::Rprop($o) => $body,
            Optimizer::Asgd($o) => $body,
        }
    };
}

impl Optimizer {
    /// Which optimizer this is.
    pub fn kind(&self) -> OptimizerKind {
        match self {
            Self::Sgd(_) => OptimizerKind::Sgd,
            Self::Adagrad(_) => OptimizerKind::Adagrad,
            Self::RmsProp(_) => OptimizerKind::RmsProp,
            Self::Adadelta(_) => OptimizerKind::Adadelta,
            Self::Adam(_) => OptimizerKind::Adam,
            Self::AdamW(_) => OptimizerKind::AdamW,
            Self::Adamax(_) => OptimizerKind::Adamax,
            Self::NAdam(_) => OptimizerKind::NAdam,
            Self::RAdam(_) => OptimizerKind::RAdam,
            Self::Rprop(_) => OptimizerKind::Rprop,
            Self::Asgd(_) => OptimizerKind::Asgd,
        }
    }

    /// One update; see [`Optim::step`]. The match happens once per step, not per weight.
    pub fn step(&mut self, params: &mut [f64], grads: &[f64]) {
        each_optimizer!(self, o => o.step(params, grads))
    }

    /// See [`Optim::lr`].
    pub fn lr(&self) -> f64 {
        each_optimizer!(self, o => o.lr())
    }

    /// See [`Optim::set_lr`].
    pub fn set_lr(&mut self, lr: f64) {
        each_optimizer!(self, o => o.set_lr(lr))
    }

    /// See [`Optim::steps_taken`].
    pub fn steps_taken(&self) -> u64 {
        each_optimizer!(self, o => o.steps_taken())
    }

    /// See [`Optim::reset`].
    pub fn reset(&mut self) {
        each_optimizer!(self, o => o.reset())
    }

    /// See [`Optim::state`].
    pub fn state(&self) -> Vec<(&'static str, &[f64])> {
        each_optimizer!(self, o => o.state())
    }
}

impl Optim for Optimizer {
    fn step(&mut self, params: &mut [f64], grads: &[f64]) {
        Optimizer::step(self, params, grads)
    }

    fn lr(&self) -> f64 {
        Optimizer::lr(self)
    }

    fn set_lr(&mut self, lr: f64) {
        Optimizer::set_lr(self, lr)
    }

    fn steps_taken(&self) -> u64 {
        Optimizer::steps_taken(self)
    }

    fn reset(&mut self) {
        Optimizer::reset(self)
    }

    fn state(&self) -> Vec<(&'static str, &[f64])> {
        Optimizer::state(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_unique() {
        assert_eq!(OptimizerKind::ALL.len(), 11);
        for &kind in OptimizerKind::ALL {
            assert_eq!(OptimizerKind::from_name(kind.name()), Some(kind));
            assert_eq!(kind.name(), kind.label().to_lowercase());
            assert!(kind.paper().contains('('));
        }
        assert_eq!(
            OptimizerKind::from_name("adamw"),
            Some(OptimizerKind::AdamW)
        );
        assert_eq!(OptimizerKind::RmsProp.label(), "RMSprop");
        assert_eq!(OptimizerKind::from_name("Adam"), None);
    }

    #[test]
    fn specs_match_the_configs() {
        for &kind in OptimizerKind::ALL {
            let mut config = OptimizerConfig::default_for(kind);
            assert_eq!(config.kind(), kind);
            assert_eq!(HyperValue::Number(config.lr()), kind.params()[0].default);
            for spec in kind.params() {
                assert_eq!(
                    config.get(spec.name),
                    Some(spec.default),
                    "{kind:?} {}",
                    spec.name
                );
                let fits = matches!(
                    (spec.kind, spec.default),
                    (ParamKind::Number { .. }, HyperValue::Number(_))
                        | (ParamKind::Bool, HyperValue::Bool(_))
                        | (ParamKind::Pair { .. }, HyperValue::Pair(..))
                );
                assert!(fits, "{kind:?} {}", spec.name);
                config.set(spec.name, spec.default).unwrap();
            }
            // Every optimizer of torch has `maximize`.
            assert!(kind.params().iter().any(|s| s.name == "maximize"));
            assert!(config.validate().is_ok());
            let mut opt = config.build(3).unwrap();
            assert_eq!(
                (opt.kind(), opt.steps_taken(), opt.lr()),
                (kind, 0, config.lr())
            );
            opt.step(&mut [1.0, 2.0, 3.0], &[0.1, 0.2, 0.3]);
            assert_eq!(opt.steps_taken(), 1);
        }
    }

    #[test]
    fn set_reports_unknown_names_and_wrong_kinds() {
        let mut adam = OptimizerConfig::default_for(OptimizerKind::Adam);
        assert_eq!(
            adam.set("foo", HyperValue::Number(1.0))
                .unwrap_err()
                .to_string(),
            "adam: unknown hyperparameter \"foo\""
        );
        assert_eq!(
            adam.set("betas", HyperValue::Number(0.9))
                .unwrap_err()
                .to_string(),
            "adam: hyperparameter \"betas\" takes a pair"
        );
        let mut adamw = OptimizerConfig::default_for(OptimizerKind::AdamW);
        assert!(adamw
            .set("decoupled_weight_decay", HyperValue::Bool(false))
            .is_err());
        adam.set("betas", HyperValue::Pair(1.5, 0.9)).unwrap();
        assert_eq!(
            adam.build(2).unwrap_err().to_string(),
            "adam: invalid betas[0] = 1.5: must be in [0, 1)"
        );
    }

    #[test]
    fn nesterov_can_be_set_before_momentum() {
        let mut sgd = OptimizerConfig::default_for(OptimizerKind::Sgd);
        sgd.set("nesterov", HyperValue::Bool(true)).unwrap();
        assert_eq!(
            sgd.validate().unwrap_err().to_string(),
            "sgd: invalid nesterov = true: needs momentum > 0 and dampening = 0"
        );
        sgd.set("momentum", HyperValue::Number(0.9)).unwrap();
        assert!(sgd.build(1).is_ok());
    }

    #[test]
    fn state_set_lr_and_reset() {
        let mut config = OptimizerConfig::default_for(OptimizerKind::Adam);
        config.set("amsgrad", HyperValue::Bool(true)).unwrap();
        let mut opt = config.build(2).unwrap();
        let names: Vec<_> = opt.state().iter().map(|s| s.0).collect();
        assert_eq!(names, ["exp_avg", "exp_avg_sq", "max_exp_avg_sq"]);
        let mut x = [1.0, 1.0];
        opt.set_lr(0.5);
        opt.step(&mut x, &[1.0, -1.0]);
        assert!((x[0] - 0.5).abs() < 1e-6 && (x[1] - 1.5).abs() < 1e-6);
        opt.reset();
        assert_eq!(opt.steps_taken(), 0);
        assert_eq!(opt.lr(), 0.5);
        assert!(opt.state().iter().all(|(_, b)| b.iter().all(|&v| v == 0.0)));
        let sgd = OptimizerConfig::default_for(OptimizerKind::Sgd)
            .build(2)
            .unwrap();
        assert!(sgd.state().is_empty());
    }

    #[test]
    fn adamw_differs_from_adam_by_decoupled_decay() {
        let mut adam = OptimizerConfig::default_for(OptimizerKind::Adam);
        adam.set("weight_decay", HyperValue::Number(1e-2)).unwrap();
        adam.set("decoupled_weight_decay", HyperValue::Bool(true))
            .unwrap();
        let mut a = adam.build(2).unwrap();
        let mut w = OptimizerConfig::default_for(OptimizerKind::AdamW)
            .build(2)
            .unwrap();
        let (mut xa, mut xw) = ([1.0, -2.0], [1.0, -2.0]);
        for _ in 0..5 {
            let (ga, gw) = ([xa[0], 3.0 * xa[1]], [xw[0], 3.0 * xw[1]]);
            a.step(&mut xa, &ga);
            w.step(&mut xw, &gw);
        }
        assert_eq!(xa, xw);
        assert_eq!(w.kind(), OptimizerKind::AdamW);
    }
}
