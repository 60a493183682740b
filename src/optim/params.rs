//! Hyperparameters as the page shows them: a value ([`HyperValue`]) and a descriptor
//! ([`ParamSpec`]: torch's keyword, a tooltip, slider ranges), with the descriptors several
//! optimizers share. Defaults are not here: each config's `Default` is their only copy.

use std::fmt;

use crate::format::plain;

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
            Self::Number(x) => f.write_str(&plain(*x)),
            Self::Bool(b) => write!(f, "{b}"),
            Self::Pair(a, b) => write!(f, "({}, {})", plain(*a), plain(*b)),
        }
    }
}

/// What a hyperparameter takes, with a suggested slider range for the page
/// (the allowed range is what the config's `validate` accepts, often wider).
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

impl ParamKind {
    /// Whether `value` is of this kind (a number for a number, ...).
    pub fn fits(self, value: HyperValue) -> bool {
        matches!(
            (self, value),
            (Self::Number { .. }, HyperValue::Number(_))
                | (Self::Bool, HyperValue::Bool(_))
                | (Self::Pair { .. }, HyperValue::Pair(..))
        )
    }
}

/// One hyperparameter of one optimizer, as the page shows it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ParamSpec {
    /// Torch's keyword, e.g. `"weight_decay"`.
    pub name: &'static str,
    /// One line for a tooltip.
    pub doc: &'static str,
    /// Number, switch or pair, with slider ranges.
    pub kind: ParamKind,
}

/// Slider range of a learning rate: `(min, max, log)`.
pub const RATE: (f64, f64, bool) = (1e-4, 10.0, true);
/// Slider range of a small positive constant.
pub const SMALL: (f64, f64, bool) = (1e-12, 1e-1, true);
/// Slider range of a decay factor in `[0, 1)`.
pub const UNIT: (f64, f64, bool) = (0.0, 0.999, false);

impl ParamSpec {
    /// A number with slider range `(min, max, log)`.
    pub const fn number(
        name: &'static str,
        doc: &'static str,
        (min, max, log): (f64, f64, bool),
    ) -> Self {
        let kind = ParamKind::Number { min, max, log };
        Self { name, doc, kind }
    }

    /// A switch.
    pub const fn switch(name: &'static str, doc: &'static str) -> Self {
        let kind = ParamKind::Bool;
        Self { name, doc, kind }
    }

    /// A pair with slider ranges `((min₀, min₁), (max₀, max₁), log)`.
    pub const fn pair(
        name: &'static str,
        doc: &'static str,
        (min, max, log): ((f64, f64), (f64, f64), bool),
    ) -> Self {
        let kind = ParamKind::Pair { min, max, log };
        Self { name, doc, kind }
    }

    /// `lr`, every optimizer's first hyperparameter.
    pub const LR: Self = Self::number("lr", "learning rate", RATE);
    /// `eps` of a denominator.
    pub const EPS: Self = Self::number("eps", "added to the denominator for stability", SMALL);
    /// `weight_decay` as an L2 term on the gradient.
    pub const WEIGHT_DECAY: Self = Self::number(
        "weight_decay",
        "L2 penalty added to the gradient",
        (1e-5, 1.0, true),
    );
    /// `decoupled_weight_decay`, the switch that makes Adam AdamW.
    pub const DECOUPLED_WEIGHT_DECAY: Self = Self::switch(
        "decoupled_weight_decay",
        "shrink the weights directly (as AdamW) instead of adding an L2 gradient",
    );
    /// `betas` of Adam and its family.
    pub const BETAS: Self = Self::pair(
        "betas",
        "decays of the running averages of the gradient and of its square",
        ((0.0, 0.9), (0.9, 0.9999), false),
    );
    /// `maximize`, which every torch optimizer has.
    pub const MAXIMIZE: Self = Self::switch("maximize", "ascend the function instead");
    /// `momentum` of SGD and RMSprop.
    pub const MOMENTUM: Self = Self::number("momentum", "momentum factor", UNIT);
}
