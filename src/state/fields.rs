//! The one table of the experiment's fields: every key of a link and of the page's inputs,
//! declared once with how it is read and checked, how it is written, and what a change of it
//! restarts. Reading a link, writing it and editing an input all go through [`FIELDS`]; the
//! tests walk it, so a key cannot be read but not written, or written but not read.
//!
//! The table's order is the order a link is written and read in: the lane count before the
//! lanes' fields, a lane's optimizer before its hyperparameters, the dataset before drawn
//! points.

use crate::data::digits::Scaling;
use crate::data::DatasetKind;
use crate::format::exact;
use crate::nn::{Activation, Init, MAX_HIDDEN_LAYERS, MAX_UNITS};
use crate::optim::{HyperValue, OptimizerConfig, OptimizerKind};
use crate::schedule::{ArgValue, Schedule};
use crate::surface::SurfaceKind;

use super::experiment::{default_scale, DigitView, Experiment, LossChoice, ViewKind, MAX_LANES};
use super::table::{self, Change, Domain, Field, Key, Restart};
use super::values::{
    flag, gradient_noise, gradient_noise_text, in_range, number, points, points_text, whole,
};

type Pairs = Vec<(String, String)>;

/// The lane a key's first `#` names.
fn lane_of(e: &Experiment, key: &Key) -> Result<usize, String> {
    let i = key.number(0);
    if i < e.lanes.len() {
        Ok(i)
    } else {
        Err("no such lane".into())
    }
}

/// The keys `lane.I.NAME` of every lane with the text `value` gives.
fn per_lane(e: &Experiment, out: &mut Pairs, name: &str, value: impl Fn(usize) -> Option<String>) {
    for i in 0..e.lanes.len() {
        if let Some(v) = value(i) {
            out.push((format!("lane.{i}.{name}"), v));
        }
    }
}

/// A field whose value is one number, written exactly.
macro_rules! number_field {
    ($key:literal, $restarts:ident, $panel:expr, $field:ident, $lo:expr, $hi:expr $(, $also:expr)?) => {
        Field {
            key: $key,
            restarts: Restart::$restarts,
            panel: $panel,
            read: |e, _, v| {
                e.$field = in_range(v, $lo, $hi)?;
                $( ($also)(e); )?
                Ok(())
            },
            write: Some(|e, out| out.push(($key.into(), exact(e.$field)))),
            domain: Domain::Number($lo, $hi),
        }
    };
}

/// A field whose value is a whole number.
macro_rules! whole_field {
    ($key:literal, $restarts:ident, $panel:expr, $field:ident, $lo:expr, $hi:expr $(, $also:expr)?) => {
        Field {
            key: $key,
            restarts: Restart::$restarts,
            panel: $panel,
            read: |e, _, v| {
                e.$field = whole(v, $lo, $hi)? as _;
                $( ($also)(e); )?
                Ok(())
            },
            write: Some(|e, out| out.push(($key.into(), e.$field.to_string()))),
            domain: Domain::Whole($lo, $hi),
        }
    };
}

/// A field whose value is a switch.
macro_rules! flag_field {
    ($key:literal, $restarts:ident, $panel:expr, $field:ident) => {
        Field {
            key: $key,
            restarts: Restart::$restarts,
            panel: $panel,
            read: |e, _, v| {
                e.$field = flag(v)?;
                Ok(())
            },
            write: Some(|e, out| out.push(($key.into(), e.$field.to_string()))),
            domain: Domain::Flag,
        }
    };
}

/// A field whose value is one name of a list (`$kind::ALL`, `name`, `from_name`).
macro_rules! choice_field {
    ($key:literal, $restarts:ident, $panel:expr, $field:ident, $kind:ty, $what:literal $(, $also:expr)?) => {
        Field {
            key: $key,
            restarts: Restart::$restarts,
            panel: $panel,
            read: |e, _, v| {
                e.$field = <$kind>::from_name(v).ok_or_else(|| format!(concat!("unknown ", $what, " {:?}"), v))?;
                $( ($also)(e); )?
                Ok(())
            },
            write: Some(|e, out| out.push(($key.into(), e.$field.name().into()))),
            domain: Domain::Other,
        }
    };
}

/// Generated data changed: points drawn on the old data are gone.
fn new_data(e: &mut Experiment) {
    e.custom = None;
}

/// Another dataset: no drawn points, and the digits' pixels as they start (a link names
/// `pixels` after `dataset`).
fn new_dataset(e: &mut Experiment) {
    e.custom = None;
    e.pixels = Scaling::Unit;
    e.digit_view = DigitView::Confusion;
}

/// Every field of the experiment, in link order.
pub const FIELDS: &[Field<Experiment>] = &[
    Field {
        key: "view",
        restarts: Restart::View,
        panel: None,
        read: |e, _, v| {
            let before = e.suggestions();
            e.view = ViewKind::from_name(v).ok_or_else(|| format!("unknown view {v:?}"))?;
            e.follow_suggestions(&before);
            Ok(())
        },
        write: Some(|e, out| out.push(("view".into(), e.view.name().into()))),
        domain: Domain::Other,
    },
    whole_field!("seed", Race, Some("data"), seed, 0, u32::MAX, new_data),
    choice_field!(
        "dataset",
        Race,
        Some("data"),
        dataset,
        DatasetKind,
        "dataset",
        new_dataset
    ),
    Field {
        key: "pixels",
        restarts: Restart::Race,
        panel: Some("data"),
        read: |e, _, v| {
            if e.dataset != DatasetKind::Digits {
                return Err("only the digits have pixels to scale".into());
            }
            e.pixels = Scaling::from_name(v)
                .ok_or_else(|| format!("unknown pixel scaling {v:?} (raw, unit or standard)"))?;
            Ok(())
        },
        // Only the digits have pixels: other links stay as they were.
        write: Some(|e, out| {
            if e.dataset == DatasetKind::Digits {
                out.push(("pixels".into(), e.pixels.name().into()));
            }
        }),
        domain: Domain::Other,
    },
    whole_field!("points", Race, Some("data"), points, 10, 2000, new_data),
    number_field!("noise", Race, Some("data"), noise, 0.0, 1.0, new_data),
    number_field!(
        "train_ratio",
        Race,
        Some("data"),
        train_ratio,
        0.1,
        0.9,
        new_data
    ),
    whole_field!("batch_size", Race, Some("data"), batch_size, 1, 2000),
    Field {
        key: "layers",
        restarts: Restart::Race,
        panel: Some("network"),
        read: |e, _, v| {
            let hidden = v
                .split(',')
                .filter(|s| !s.trim().is_empty())
                .map(|u| whole(u, 1, MAX_UNITS as u32))
                .collect::<Result<Vec<usize>, String>>()?;
            if hidden.len() > MAX_HIDDEN_LAYERS {
                return Err(format!("at most {MAX_HIDDEN_LAYERS} hidden layers"));
            }
            e.hidden = hidden;
            Ok(())
        },
        write: Some(|e, out| {
            let units: Vec<String> = e.hidden.iter().map(|u| u.to_string()).collect();
            out.push(("layers".into(), units.join(",")));
        }),
        domain: Domain::Other,
    },
    Field {
        key: "layer.#",
        restarts: Restart::Race,
        panel: Some("network"),
        read: |e, key, v| {
            let units = whole(v, 1, MAX_UNITS as u32)?;
            *e.hidden.get_mut(key.number(0)).ok_or("no such layer")? = units;
            Ok(())
        },
        // The page's input of one layer; the link carries all of them as `layers`.
        write: None,
        domain: Domain::Other,
    },
    choice_field!(
        "activation",
        Race,
        Some("network"),
        activation,
        Activation,
        "activation"
    ),
    choice_field!("init", Race, Some("network"), init, Init, "initialisation"),
    choice_field!("loss", Race, Some("network"), loss, LossChoice, "loss"),
    number_field!("l1", Race, Some("network"), l1, 0.0, 1.0),
    number_field!("l2", Race, Some("network"), l2, 0.0, 1.0),
    number_field!("dropout", Race, Some("network"), dropout, 0.0, 0.9),
    flag_field!("batch_norm", Race, Some("network"), batch_norm),
    Field {
        key: "surface",
        restarts: Restart::Landscape,
        panel: Some("surface"),
        read: |e, _, v| {
            let before = e.suggestions();
            e.surface =
                SurfaceKind::from_name(v).ok_or_else(|| format!("unknown surface {v:?}"))?;
            e.scale = default_scale(e.surface);
            e.start = None;
            e.follow_suggestions(&before);
            Ok(())
        },
        write: Some(|e, out| out.push(("surface".into(), e.surface.name().into()))),
        domain: Domain::Other,
    },
    Field {
        key: "scale",
        restarts: Restart::Landscape,
        panel: Some("surface"),
        read: |e, _, v| {
            let before = e.suggestions();
            e.scale = in_range(v, 0.1, 1000.0)?;
            e.follow_suggestions(&before);
            Ok(())
        },
        write: Some(|e, out| out.push(("scale".into(), exact(e.scale)))),
        domain: Domain::Number(0.1, 1000.0),
    },
    Field {
        key: "custom",
        restarts: Restart::Race,
        panel: Some("data"),
        read: |e, _, v| {
            if e.dataset == DatasetKind::Digits {
                return Err(super::experiment::NO_DRAWN_DIGITS.into());
            }
            e.custom = Some(points(v, e.dataset.classes())?);
            Ok(())
        },
        write: Some(|e, out| {
            if let Some((train, test)) = e
                .custom
                .as_ref()
                .filter(|_| e.dataset != DatasetKind::Digits)
            {
                out.push((
                    "custom".into(),
                    points_text(train, test, e.dataset.classes()),
                ));
            }
        }),
        domain: Domain::Other,
    },
    Field {
        key: "start",
        restarts: Restart::Landscape,
        panel: Some("surface"),
        read: |e, _, v| {
            let parts: Vec<&str> = v.split(',').collect();
            let [x, y] = parts.as_slice() else {
                return Err("a start is two numbers: x,y".into());
            };
            e.start = Some([in_range(x, -1e3, 1e3)?, in_range(y, -1e3, 1e3)?]);
            Ok(())
        },
        write: Some(|e, out| {
            if let Some([x, y]) = e.start {
                out.push(("start".into(), format!("{},{}", exact(x), exact(y))));
            }
        }),
        domain: Domain::Other,
    },
    Field {
        key: "gradient_noise",
        restarts: Restart::Landscape,
        panel: Some("surface"),
        read: |e, _, v| {
            e.gradient_noise = gradient_noise(v)?;
            Ok(())
        },
        write: Some(|e, out| {
            out.push((
                "gradient_noise".into(),
                gradient_noise_text(e.gradient_noise),
            ))
        }),
        domain: Domain::Other,
    },
    whole_field!(
        "walk_steps",
        Landscape,
        Some("surface"),
        walk_steps,
        1,
        100_000
    ),
    Field {
        key: "lanes",
        restarts: Restart::Race,
        panel: Some("lanes"),
        read: |e, _, v| {
            let n = whole(v, 1, MAX_LANES as u32)?;
            e.lanes.truncate(n);
            while e.lanes.len() < n {
                e.add_lane(None)?;
            }
            e.inspect_lane = e.inspect_lane.min(n - 1);
            Ok(())
        },
        write: Some(|e, out| out.push(("lanes".into(), e.lanes.len().to_string()))),
        domain: Domain::Other,
    },
    Field {
        key: "lane.#.name",
        restarts: Restart::LaneName,
        panel: Some("lanes"),
        read: |e, key, v| {
            let i = lane_of(e, key)?;
            let name = v.trim();
            if name.is_empty() || name.chars().count() > 24 || name.chars().any(char::is_control) {
                return Err("a name has 1 to 24 characters".into());
            }
            e.lanes[i].name = name.to_string();
            Ok(())
        },
        write: Some(|e, out| per_lane(e, out, "name", |i| Some(e.lanes[i].name.clone()))),
        domain: Domain::Other,
    },
    Field {
        key: "lane.#.optimizer",
        restarts: Restart::Lane,
        panel: Some("lanes"),
        read: |e, key, v| {
            let i = lane_of(e, key)?;
            let kind =
                OptimizerKind::from_name(v).ok_or_else(|| format!("unknown optimizer {v:?}"))?;
            let lane = &mut e.lanes[i];
            // Keep the learning rate the learner chose when switching optimizer.
            let lr = lane.optimizer.lr();
            lane.optimizer = OptimizerConfig::default_for(kind);
            let _ = lane.optimizer.set("lr", HyperValue::Number(lr));
            Ok(())
        },
        write: Some(|e, out| {
            per_lane(e, out, "optimizer", |i| {
                Some(e.lanes[i].optimizer.kind().name().into())
            })
        }),
        domain: Domain::Other,
    },
    Field {
        key: "lane.#.param.*",
        restarts: Restart::Lane,
        panel: Some("lanes"),
        read: |e, key, v| {
            let (i, name) = (lane_of(e, key)?, key.name(1));
            let optimizer = &mut e.lanes[i].optimizer;
            let new = match optimizer.get(name) {
                None => return Err(format!("unknown hyperparameter {name:?}")),
                Some(HyperValue::Bool(_)) => HyperValue::Bool(flag(v)?),
                Some(HyperValue::Number(_)) => HyperValue::Number(number(v)?),
                Some(HyperValue::Pair(..)) => return Err(format!("{name} takes two numbers")),
            };
            set_checked(optimizer, name, new)
        },
        write: Some(|e, out| {
            for (i, lane) in e.lanes.iter().enumerate() {
                for spec in lane.optimizer.kind().params() {
                    let key = |suffix: &str| format!("lane.{i}.param.{}{suffix}", spec.name);
                    match lane.optimizer.get(spec.name) {
                        Some(HyperValue::Number(v)) => out.push((key(""), exact(v))),
                        Some(HyperValue::Bool(b)) => out.push((key(""), b.to_string())),
                        Some(HyperValue::Pair(a, b)) => {
                            out.push((key(".0"), exact(a)));
                            out.push((key(".1"), exact(b)));
                        }
                        None => {}
                    }
                }
            }
        }),
        domain: Domain::Other,
    },
    Field {
        key: "lane.#.param.*.#",
        restarts: Restart::Lane,
        panel: Some("lanes"),
        read: |e, key, v| {
            let (i, name, half) = (lane_of(e, key)?, key.name(1), key.name(2));
            let optimizer = &mut e.lanes[i].optimizer;
            let Some(HyperValue::Pair(a, b)) = optimizer.get(name) else {
                return Err(format!("{name} is not a pair"));
            };
            let x = number(v)?;
            let new = match half {
                "0" => HyperValue::Pair(x, b),
                "1" => HyperValue::Pair(a, x),
                _ => return Err(format!("{name} has two numbers: .0 and .1")),
            };
            set_checked(optimizer, name, new)
        },
        // Written with the other hyperparameters, in their order.
        write: None,
        domain: Domain::Other,
    },
    Field {
        key: "lane.#.schedule",
        restarts: Restart::Lane,
        panel: Some("lanes"),
        read: |e, key, v| {
            let i = lane_of(e, key)?;
            e.lanes[i].schedule =
                Schedule::suggested(v).ok_or_else(|| format!("unknown schedule {v:?}"))?;
            Ok(())
        },
        write: Some(|e, out| {
            per_lane(e, out, "schedule", |i| {
                Some(e.lanes[i].schedule.name().into())
            })
        }),
        domain: Domain::Other,
    },
    Field {
        key: "lane.#.schedule.*",
        restarts: Restart::Lane,
        panel: Some("lanes"),
        read: |e, key, v| {
            let (i, arg) = (lane_of(e, key)?, key.name(1));
            let schedule = &mut e.lanes[i].schedule;
            let new = if arg == "milestones" {
                let list = v
                    .split([',', ' '])
                    .filter(|s| !s.is_empty())
                    .map(number)
                    .collect::<Result<Vec<f64>, String>>()?;
                ArgValue::List(list)
            } else {
                ArgValue::Number(number(v)?)
            };
            let mut args = schedule.args();
            let slot = args
                .iter_mut()
                .find(|(name, _)| *name == arg)
                .ok_or_else(|| format!("{} has no argument {arg}", schedule.name()))?;
            slot.1 = new;
            *schedule =
                Schedule::from_name_and_args(schedule.name(), &args).map_err(|e| e.to_string())?;
            Ok(())
        },
        write: Some(|e, out| {
            for (i, lane) in e.lanes.iter().enumerate() {
                for (arg, value) in lane.schedule.args() {
                    let text = match value {
                        ArgValue::Number(v) => exact(v),
                        ArgValue::List(list) => {
                            list.iter().map(|&v| exact(v)).collect::<Vec<_>>().join(",")
                        }
                    };
                    out.push((format!("lane.{i}.schedule.{arg}"), text));
                }
            }
        }),
        domain: Domain::Other,
    },
    Field {
        key: "lane.#.batch_size",
        restarts: Restart::Lane,
        panel: Some("lanes"),
        read: |e, key, v| {
            let i = lane_of(e, key)?;
            e.lanes[i].batch_size = match v.trim() {
                "" | "shared" => None,
                v => Some(whole(v, 1, 2000)?),
            };
            Ok(())
        },
        write: Some(|e, out| {
            per_lane(e, out, "batch_size", |i| {
                e.lanes[i].batch_size.map(|b| b.to_string())
            })
        }),
        domain: Domain::Other,
    },
    whole_field!("speed", View, None, speed, 1, 1000),
    flag_field!("show_test", View, Some("data"), show_test),
    flag_field!("log_scale", View, Some("charts"), log_scale),
    Field {
        key: "digit_view",
        restarts: Restart::View,
        panel: Some("lanes"),
        read: |e, _, v| {
            if e.dataset != DatasetKind::Digits {
                return Err("only the digits have a digits view".into());
            }
            e.digit_view = DigitView::from_name(v)
                .ok_or_else(|| format!("unknown digits view {v:?} (confusion, digits or units)"))?;
            Ok(())
        },
        write: Some(|e, out| {
            if e.dataset == DatasetKind::Digits {
                out.push(("digit_view".into(), e.digit_view.name().into()));
            }
        }),
        domain: Domain::Other,
    },
    Field {
        key: "inspect_lane",
        restarts: Restart::View,
        panel: Some("inspector"),
        read: |e, _, v| {
            e.inspect_lane = whole(v, 0, e.lanes.len() as u32 - 1)?;
            Ok(())
        },
        write: Some(|e, out| out.push(("inspect_lane".into(), e.inspect_lane.to_string()))),
        domain: Domain::Other,
    },
];

/// Editing the experiment through the table.
impl Experiment {
    /// Applies the text of one input to the field it names (see [`FIELDS`])
    /// and says what must be redone. On error the experiment is unchanged and the message says
    /// why, for the page to show next to the field.
    pub fn apply(&mut self, field: &str, value: &str) -> Result<Change, String> {
        table::apply(FIELDS, self, field, value, |next, change| {
            if change == Change::Race {
                next.check()?;
            }
            Ok(())
        })
    }

    /// The `key=value` pairs that rebuild this experiment through [`Experiment::apply`].
    pub fn fields(&self) -> Vec<(String, String)> {
        table::write(FIELDS, self)
    }
}

/// Sets a hyperparameter and keeps the change only if the whole configuration is still valid.
fn set_checked(config: &mut OptimizerConfig, name: &str, value: HyperValue) -> Result<(), String> {
    let mut next = config.clone();
    next.set(name, value).map_err(|e| e.to_string())?;
    next.validate().map_err(|e| e.to_string())?;
    *config = next;
    Ok(())
}
