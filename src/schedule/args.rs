//! Schedules by name and keyword arguments, as the page's fields and links carry them:
//! [`Schedule::from_name_and_args`] reads and checks them, [`Schedule::args`] gives them back.

use std::fmt;

use super::{Schedule, SCHEDULE_NAMES};

/// The value of one named argument: a number, or a list (only `milestones`).
#[derive(Clone, Debug, PartialEq)]
pub enum ArgValue {
    Number(f64),
    List(Vec<f64>),
}

impl From<f64> for ArgValue {
    fn from(x: f64) -> Self {
        ArgValue::Number(x)
    }
}

impl From<Vec<f64>> for ArgValue {
    fn from(xs: Vec<f64>) -> Self {
        ArgValue::List(xs)
    }
}

impl From<&[f64]> for ArgValue {
    fn from(xs: &[f64]) -> Self {
        ArgValue::List(xs.to_vec())
    }
}

/// Why a schedule could not be built; the message is meant for the learner.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScheduleError(pub String);

impl fmt::Display for ScheduleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ScheduleError {}

impl Schedule {
    /// The arguments of this schedule under torch's keyword names, in the order
    /// [`Schedule::from_name_and_args`] documents; feeding them back rebuilds the same schedule.
    pub fn args(&self) -> Vec<(&'static str, ArgValue)> {
        let n = |x: f64| ArgValue::Number(x);
        match self {
            Schedule::Constant => vec![],
            Schedule::StepLR { step_size, gamma } => {
                vec![("step_size", n(*step_size as f64)), ("gamma", n(*gamma))]
            }
            Schedule::MultiStepLR { milestones, gamma } => vec![
                (
                    "milestones",
                    ArgValue::List(milestones.iter().map(|&m| m as f64).collect()),
                ),
                ("gamma", n(*gamma)),
            ],
            Schedule::ExponentialLR { gamma } => vec![("gamma", n(*gamma))],
            Schedule::CosineAnnealingLR { t_max, eta_min } => {
                vec![("T_max", n(*t_max as f64)), ("eta_min", n(*eta_min))]
            }
            Schedule::CosineAnnealingWarmRestarts {
                t_0,
                t_mult,
                eta_min,
            } => vec![
                ("T_0", n(*t_0 as f64)),
                ("T_mult", n(*t_mult as f64)),
                ("eta_min", n(*eta_min)),
            ],
            Schedule::LinearLR {
                start_factor,
                end_factor,
                total_iters,
            } => vec![
                ("start_factor", n(*start_factor)),
                ("end_factor", n(*end_factor)),
                ("total_iters", n(*total_iters as f64)),
            ],
            Schedule::PolynomialLR { total_iters, power } => vec![
                ("total_iters", n(*total_iters as f64)),
                ("power", n(*power)),
            ],
            Schedule::OneCycleLR {
                max_lr,
                total_steps,
                pct_start,
                div_factor,
                final_div_factor,
            } => vec![
                ("max_lr", n(*max_lr)),
                ("total_steps", n(*total_steps as f64)),
                ("pct_start", n(*pct_start)),
                ("div_factor", n(*div_factor)),
                ("final_div_factor", n(*final_div_factor)),
            ],
            Schedule::InverseTime { decay } => vec![("decay", n(*decay))],
            Schedule::Power { power } => vec![("power", n(*power))],
        }
    }

    /// Builds a schedule from its name (see [`SCHEDULE_NAMES`]; case is ignored) and named
    /// arguments under torch's keyword names. Missing optional arguments take torch's defaults:
    ///
    /// - `StepLR`: `step_size` (required), `gamma = 0.1`
    /// - `MultiStepLR`: `milestones` (required, a list), `gamma = 0.1`
    /// - `ExponentialLR`: `gamma` (required)
    /// - `CosineAnnealingLR`: `T_max` (required), `eta_min = 0`
    /// - `CosineAnnealingWarmRestarts`: `T_0` (required), `T_mult = 1`, `eta_min = 0`
    /// - `LinearLR`: `start_factor = 1/3`, `end_factor = 1`, `total_iters = 5`
    /// - `PolynomialLR`: `total_iters = 5`, `power = 1`
    /// - `OneCycleLR`: `max_lr`, `total_steps` (required), `pct_start = 0.3`, `div_factor = 25`,
    ///   `final_div_factor = 1e4`
    /// - `inverse_time`: `decay` (required); `power`: `power` (required)
    ///
    /// Unknown names, repeated or missing arguments and invalid values are errors whose message
    /// reads like `StepLR: invalid gamma = -1: must be > 0`.
    pub fn from_name_and_args(
        name: &str,
        args: &[(&str, ArgValue)],
    ) -> Result<Self, ScheduleError> {
        let Some(&canonical) = SCHEDULE_NAMES.iter().find(|n| n.eq_ignore_ascii_case(name)) else {
            return Err(ScheduleError(format!(
                "unknown schedule {name} (expected one of {})",
                SCHEDULE_NAMES.join(", ")
            )));
        };
        let mut a = Args::new(canonical, args);
        let schedule = match canonical {
            "constant" => Schedule::Constant,
            "StepLR" => Schedule::StepLR {
                step_size: a.count("step_size", None, 1)?,
                gamma: a.positive("gamma", Some(0.1))?,
            },
            "MultiStepLR" => Schedule::MultiStepLR {
                milestones: a.milestones()?,
                gamma: a.positive("gamma", Some(0.1))?,
            },
            "ExponentialLR" => Schedule::ExponentialLR {
                gamma: a.positive("gamma", None)?,
            },
            "CosineAnnealingLR" => Schedule::CosineAnnealingLR {
                t_max: a.count("T_max", None, 1)?,
                eta_min: a.non_negative("eta_min", Some(0.0))?,
            },
            "CosineAnnealingWarmRestarts" => Schedule::CosineAnnealingWarmRestarts {
                t_0: a.count("T_0", None, 1)?,
                t_mult: a.count("T_mult", Some(1.0), 1)?,
                eta_min: a.non_negative("eta_min", Some(0.0))?,
            },
            "LinearLR" => {
                let start_factor = a.number("start_factor", Some(1.0 / 3.0))?;
                let end_factor = a.number("end_factor", Some(1.0))?;
                if !(start_factor > 0.0 && start_factor <= 1.0) {
                    return Err(a.invalid("start_factor", start_factor, "must be in (0, 1]"));
                }
                if !(0.0..=1.0).contains(&end_factor) {
                    return Err(a.invalid("end_factor", end_factor, "must be in [0, 1]"));
                }
                Schedule::LinearLR {
                    start_factor,
                    end_factor,
                    total_iters: a.count("total_iters", Some(5.0), 1)?,
                }
            }
            "PolynomialLR" => Schedule::PolynomialLR {
                total_iters: a.count("total_iters", Some(5.0), 1)?,
                power: a.positive("power", Some(1.0))?,
            },
            "OneCycleLR" => {
                let max_lr = a.positive("max_lr", None)?;
                let total_steps = a.count("total_steps", None, 2)?;
                let pct_start = a.number("pct_start", Some(0.3))?;
                if !(pct_start > 0.0 && pct_start < 1.0 && pct_start * total_steps as f64 > 1.0) {
                    return Err(a.invalid(
                        "pct_start",
                        pct_start,
                        "must be in (0, 1) with pct_start * total_steps > 1",
                    ));
                }
                Schedule::OneCycleLR {
                    max_lr,
                    total_steps,
                    pct_start,
                    div_factor: a.positive("div_factor", Some(25.0))?,
                    final_div_factor: a.positive("final_div_factor", Some(1e4))?,
                }
            }
            "inverse_time" => Schedule::InverseTime {
                decay: a.non_negative("decay", None)?,
            },
            "power" => Schedule::Power {
                power: a.non_negative("power", None)?,
            },
            _ => unreachable!("every name of SCHEDULE_NAMES has a branch"),
        };
        a.reject_leftovers()?;
        Ok(schedule)
    }
}

/// The named arguments being read: each read marks its argument used, so leftovers are unknown.
struct Args<'a> {
    schedule: &'static str,
    given: &'a [(&'a str, ArgValue)],
    used: Vec<bool>,
    accepted: Vec<&'static str>,
}

impl<'a> Args<'a> {
    fn new(schedule: &'static str, given: &'a [(&'a str, ArgValue)]) -> Self {
        Self {
            schedule,
            given,
            used: vec![false; given.len()],
            accepted: Vec::new(),
        }
    }

    fn error(&self, message: String) -> ScheduleError {
        ScheduleError(format!("{}: {message}", self.schedule))
    }

    fn invalid(&self, key: &str, value: f64, rule: &str) -> ScheduleError {
        self.error(format!(
            "invalid {key} = {}: {rule}",
            crate::format::exact(value)
        ))
    }

    /// The value given for `key`, if any; an error if given twice.
    fn lookup(&mut self, key: &'static str) -> Result<Option<&'a ArgValue>, ScheduleError> {
        self.accepted.push(key);
        let mut found = None;
        for (i, (k, v)) in self.given.iter().enumerate() {
            if *k == key {
                if found.is_some() {
                    return Err(self.error(format!("argument {key} given twice")));
                }
                self.used[i] = true;
                found = Some(v);
            }
        }
        Ok(found)
    }

    /// A finite number, or `default` when absent (an error when there is no default).
    fn number(&mut self, key: &'static str, default: Option<f64>) -> Result<f64, ScheduleError> {
        let value = match (self.lookup(key)?, default) {
            (Some(ArgValue::Number(x)), _) => *x,
            (Some(ArgValue::List(_)), _) => {
                return Err(self.error(format!("{key} must be a number, not a list")))
            }
            (None, Some(d)) => d,
            (None, None) => return Err(self.error(format!("missing argument {key}"))),
        };
        if !value.is_finite() {
            return Err(self.invalid(key, value, "must be finite"));
        }
        Ok(value)
    }

    fn positive(&mut self, key: &'static str, default: Option<f64>) -> Result<f64, ScheduleError> {
        let x = self.number(key, default)?;
        if x <= 0.0 {
            return Err(self.invalid(key, x, "must be > 0"));
        }
        Ok(x)
    }

    fn non_negative(
        &mut self,
        key: &'static str,
        default: Option<f64>,
    ) -> Result<f64, ScheduleError> {
        let x = self.number(key, default)?;
        if x < 0.0 {
            return Err(self.invalid(key, x, "must be >= 0"));
        }
        Ok(x)
    }

    /// A whole number of steps, at least `min`.
    fn count(
        &mut self,
        key: &'static str,
        default: Option<f64>,
        min: usize,
    ) -> Result<usize, ScheduleError> {
        let x = self.number(key, default)?;
        to_count(x, min)
            .ok_or_else(|| self.invalid(key, x, &format!("must be a whole number >= {min}")))
    }

    fn milestones(&mut self) -> Result<Vec<usize>, ScheduleError> {
        let values: &[f64] = match self.lookup("milestones")? {
            Some(ArgValue::List(xs)) => xs,
            Some(ArgValue::Number(x)) => std::slice::from_ref(x),
            None => return Err(self.error("missing argument milestones".to_string())),
        };
        values
            .iter()
            .map(|&x| {
                to_count(x, 0)
                    .ok_or_else(|| self.invalid("milestones", x, "must be whole numbers >= 0"))
            })
            .collect()
    }

    fn reject_leftovers(&self) -> Result<(), ScheduleError> {
        for (i, (k, _)) in self.given.iter().enumerate() {
            if !self.used[i] {
                let expected = if self.accepted.is_empty() {
                    "none".to_string()
                } else {
                    self.accepted.join(", ")
                };
                return Err(self.error(format!("unknown argument {k} (expected {expected})")));
            }
        }
        Ok(())
    }
}

/// `x` as a whole number `>= min`, if it is one.
fn to_count(x: f64, min: usize) -> Option<usize> {
    (x.is_finite() && x.fract() == 0.0 && x >= min as f64 && x <= u32::MAX as f64)
        .then_some(x as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(name: &str, args: &[(&str, ArgValue)]) -> Schedule {
        Schedule::from_name_and_args(name, args).unwrap()
    }

    #[test]
    fn every_name_has_a_suggestion_that_round_trips() {
        for name in SCHEDULE_NAMES {
            let s = Schedule::suggested(name).unwrap();
            assert_eq!(s.name(), name);
            let args = s.args();
            assert_eq!(Schedule::from_name_and_args(name, &args).unwrap(), s);
            assert_ne!(Schedule::label_of(name), "Unknown schedule");
            assert!(s.lr_at(0.1, 500).is_finite());
        }
        assert_eq!(Schedule::suggested("nope"), None);
    }

    #[test]
    fn torch_defaults_fill_missing_arguments() {
        assert_eq!(
            build("LinearLR", &[]),
            Schedule::LinearLR {
                start_factor: 1.0 / 3.0,
                end_factor: 1.0,
                total_iters: 5
            }
        );
        assert_eq!(
            build("polynomiallr", &[]),
            Schedule::PolynomialLR {
                total_iters: 5,
                power: 1.0
            }
        );
    }

    #[test]
    fn names_and_args_round_trip() {
        let examples = [
            Schedule::Constant,
            Schedule::StepLR {
                step_size: 7,
                gamma: 0.3,
            },
            Schedule::MultiStepLR {
                milestones: vec![2, 9],
                gamma: 0.2,
            },
            Schedule::ExponentialLR { gamma: 0.99 },
            Schedule::CosineAnnealingLR {
                t_max: 50,
                eta_min: 0.01,
            },
            Schedule::CosineAnnealingWarmRestarts {
                t_0: 10,
                t_mult: 2,
                eta_min: 0.0,
            },
            Schedule::LinearLR {
                start_factor: 0.5,
                end_factor: 0.9,
                total_iters: 4,
            },
            Schedule::PolynomialLR {
                total_iters: 8,
                power: 0.5,
            },
            Schedule::OneCycleLR {
                max_lr: 0.3,
                total_steps: 40,
                pct_start: 0.25,
                div_factor: 10.0,
                final_div_factor: 100.0,
            },
            Schedule::InverseTime { decay: 0.01 },
            Schedule::Power { power: 0.3 },
        ];
        let names: Vec<&str> = examples.iter().map(|s| s.name()).collect();
        assert_eq!(names, SCHEDULE_NAMES);
        for s in &examples {
            let args = s.args();
            let borrowed: Vec<(&str, ArgValue)> =
                args.iter().map(|(k, v)| (*k, v.clone())).collect();
            assert_eq!(&build(s.name(), &borrowed), s);
        }
    }

    #[test]
    fn bad_input_gets_an_exact_message() {
        let err = |name: &str, args: &[(&str, ArgValue)]| {
            Schedule::from_name_and_args(name, args).unwrap_err().0
        };
        assert_eq!(
            err(
                "StepLR",
                &[("step_size", 3.0.into()), ("gamma", (-1.0).into())]
            ),
            "StepLR: invalid gamma = -1: must be > 0"
        );
        assert_eq!(
            err("StepLR", &[("gamma", 0.5.into())]),
            "StepLR: missing argument step_size"
        );
        assert_eq!(
            err("StepLR", &[("step_size", 2.5.into())]),
            "StepLR: invalid step_size = 2.5: must be a whole number >= 1"
        );
        assert_eq!(
            err(
                "ExponentialLR",
                &[("gamma", 0.9.into()), ("T_max", 3.0.into())]
            ),
            "ExponentialLR: unknown argument T_max (expected gamma)"
        );
        assert_eq!(
            err(
                "ExponentialLR",
                &[("gamma", 0.9.into()), ("gamma", 0.8.into())]
            ),
            "ExponentialLR: argument gamma given twice"
        );
        assert_eq!(
            err("MultiStepLR", &[("milestones", vec![1.0, -2.0].into())]),
            "MultiStepLR: invalid milestones = -2: must be whole numbers >= 0"
        );
        assert_eq!(
            err("OneCycleLR", &[("max_lr", 1.0.into()), ("total_steps", 10.0.into()), ("pct_start", 0.05.into())]),
            "OneCycleLR: invalid pct_start = 0.05: must be in (0, 1) with pct_start * total_steps > 1"
        );
        assert_eq!(
            err("constant", &[("gamma", 1.0.into())]),
            "constant: unknown argument gamma (expected none)"
        );
        assert!(
            err("Adam", &[]).starts_with("unknown schedule Adam (expected one of constant, StepLR")
        );
    }
}
