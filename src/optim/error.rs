//! The one error type of the optimizers: a hyperparameter that torch (or common sense) rejects.
//!
//! Messages name the optimizer, the field and the value, for example
//! `adam: invalid betas[0] = 1.5: must be in [0, 1)`, so a learner who types a bad value in the
//! page sees exactly which knob is wrong.

use std::fmt;

/// A rejected hyperparameter, found when a configuration is validated or built.
#[derive(Clone, Debug, PartialEq)]
pub enum ConfigError {
    /// A known hyperparameter has a value outside its allowed range.
    Invalid {
        /// Torch's lower-case class name, e.g. `"adam"`.
        optimizer: &'static str,
        /// Torch's keyword, with an index for pairs, e.g. `"betas[0]"`.
        field: String,
        /// The rejected value as written, e.g. `"1.5"` or `"true"`.
        value: String,
        /// The rule it broke, e.g. `"must be in [0, 1)"`.
        rule: String,
    },
    /// No hyperparameter of this optimizer has this name.
    Unknown {
        /// Torch's lower-case class name.
        optimizer: &'static str,
        /// The name that was asked for.
        name: String,
    },
    /// The hyperparameter exists but takes another kind of value (a number, a bool or a pair).
    WrongType {
        /// Torch's lower-case class name.
        optimizer: &'static str,
        /// Torch's keyword.
        name: String,
        /// What it takes: `"a number"`, `"a bool"` or `"a pair"`.
        expected: &'static str,
    },
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Invalid {
                optimizer,
                field,
                value,
                rule,
            } => write!(f, "{optimizer}: invalid {field} = {value}: {rule}"),
            Self::Unknown { optimizer, name } => {
                write!(f, "{optimizer}: unknown hyperparameter \"{name}\"")
            }
            Self::WrongType {
                optimizer,
                name,
                expected,
            } => write!(f, "{optimizer}: hyperparameter \"{name}\" takes {expected}"),
        }
    }
}

impl std::error::Error for ConfigError {}

/// Checks the hyperparameters of one optimizer, naming it in every error.
///
/// Every check first rejects NaN and infinities, then applies its own range rule.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Check(pub &'static str);

impl Check {
    /// An [`ConfigError::Invalid`] for `field = value` breaking `rule`.
    pub fn invalid(self, field: &str, value: impl fmt::Display, rule: &str) -> ConfigError {
        ConfigError::Invalid {
            optimizer: self.0,
            field: field.to_string(),
            value: value.to_string(),
            rule: rule.to_string(),
        }
    }

    /// Passes when `ok(value)` holds for a finite `value`.
    fn rule(self, field: &str, value: f64, ok: bool, rule: &str) -> Result<(), ConfigError> {
        // The value as a link writes it: `1e-308`, not three hundred zeros.
        let text = crate::format::exact(value);
        if !value.is_finite() {
            Err(self.invalid(field, text, "must be finite"))
        } else if !ok {
            Err(self.invalid(field, text, rule))
        } else {
            Ok(())
        }
    }

    /// `value >= 0` (learning rates, eps, weight decay, momentum, ...).
    pub fn non_negative(self, field: &str, value: f64) -> Result<(), ConfigError> {
        self.rule(field, value, value >= 0.0, "must be >= 0")
    }

    /// `0 <= value <= 1` (Adadelta's rho, RMSprop's alpha, dampening).
    pub fn unit_closed(self, field: &str, value: f64) -> Result<(), ConfigError> {
        self.rule(
            field,
            value,
            (0.0..=1.0).contains(&value),
            "must be in [0, 1]",
        )
    }

    /// `0 <= value < 1` (the betas of the Adam family: `beta = 1` would never forget).
    pub fn unit_half_open(self, field: &str, value: f64) -> Result<(), ConfigError> {
        self.rule(
            field,
            value,
            (0.0..1.0).contains(&value),
            "must be in [0, 1)",
        )
    }

    /// Both betas of an Adam-family optimizer, reported as `betas[0]` and `betas[1]`.
    pub fn betas(self, betas: (f64, f64)) -> Result<(), ConfigError> {
        self.unit_half_open("betas[0]", betas.0)?;
        self.unit_half_open("betas[1]", betas.1)
    }

    /// A condition on a value already known to be finite, with its own rule text.
    pub fn that(self, field: &str, value: f64, ok: bool, rule: &str) -> Result<(), ConfigError> {
        self.rule(field, value, ok, rule)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_optimizer_field_and_value() {
        let c = Check("sgd");
        assert_eq!(
            c.non_negative("lr", -0.1).unwrap_err().to_string(),
            "sgd: invalid lr = -0.1: must be >= 0"
        );
        assert_eq!(
            Check("adam").betas((1.5, 0.9)).unwrap_err().to_string(),
            "adam: invalid betas[0] = 1.5: must be in [0, 1)"
        );
        assert_eq!(
            Check("adam").betas((0.9, 1.0)).unwrap_err().to_string(),
            "adam: invalid betas[1] = 1: must be in [0, 1)"
        );
        assert_eq!(
            c.non_negative("lr", f64::NAN).unwrap_err().to_string(),
            "sgd: invalid lr = NaN: must be finite"
        );
        assert_eq!(
            c.unit_closed("dampening", f64::INFINITY)
                .unwrap_err()
                .to_string(),
            "sgd: invalid dampening = inf: must be finite"
        );
        assert!(c.non_negative("lr", 0.0).is_ok());
        assert!(c.unit_closed("rho", 1.0).is_ok());
    }

    #[test]
    fn unknown_and_wrong_type_messages() {
        let unknown = ConfigError::Unknown {
            optimizer: "adam",
            name: "foo".into(),
        };
        assert_eq!(unknown.to_string(), "adam: unknown hyperparameter \"foo\"");
        let wrong = ConfigError::WrongType {
            optimizer: "sgd",
            name: "nesterov".into(),
            expected: "a bool",
        };
        assert_eq!(
            wrong.to_string(),
            "sgd: hyperparameter \"nesterov\" takes a bool"
        );
    }
}
