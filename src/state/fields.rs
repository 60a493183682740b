//! The one table of the experiment's fields: every key of a link and of the page's inputs,
//! declared once with how it is read and checked, how it is written, and what a change of it
//! restarts. Reading a link, writing it and editing an input all go through [`FIELDS`]; the
//! tests walk it, so a key cannot be read but not written, or written but not read.
//!
//! The table's order is the order a link is written and read in: the lane count before the
//! lanes' fields, a lane's optimizer before its hyperparameters, the dataset before drawn
//! points.

use crate::data::DatasetKind;
use crate::format::exact;
use crate::nn::{Activation, Init, MAX_HIDDEN_LAYERS, MAX_UNITS};
use crate::optim::{HyperValue, OptimizerConfig, OptimizerKind, ParamKind};
use crate::rng::Rng;
use crate::schedule::{ArgValue, Schedule, SCHEDULE_NAMES};
use crate::surface::{GradientNoise, SurfaceKind};

use super::experiment::{default_scale, Experiment, LossChoice, ViewKind, MAX_LANES};
use super::table::{Field, Key, Restart};
use super::values::{
    flag, gradient_noise, gradient_noise_text, in_range, number, points, points_text, whole,
    POINT_RANGE,
};

type Pairs = Vec<(String, String)>;

fn one(key: &str, value: String) -> Pairs {
    vec![(key.to_string(), value)]
}

fn pick<T: Copy>(rng: &mut Rng, items: &[T]) -> T {
    items[rng.below(items.len())]
}

/// A number drawn from a slider range, log-uniform when the slider is logarithmic.
fn draw(rng: &mut Rng, min: f64, max: f64, log: bool) -> f64 {
    if log && min > 0.0 {
        (rng.uniform_in(min.ln(), max.ln())).exp()
    } else {
        rng.uniform_in(min, max)
    }
}

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
    ($key:literal, $restarts:ident, $field:ident, $lo:expr, $hi:expr $(, $also:expr)?) => {
        Field {
            key: $key,
            restarts: Restart::$restarts,
            read: |e, _, v| {
                e.$field = in_range(v, $lo, $hi)?;
                $( ($also)(e); )?
                Ok(())
            },
            write: Some(|e, out| out.push(($key.into(), exact(e.$field)))),
            sample: |_, rng| one($key, exact(rng.uniform_in($lo, $hi))),
        }
    };
}

/// A field whose value is a whole number.
macro_rules! whole_field {
    ($key:literal, $restarts:ident, $field:ident, $lo:expr, $hi:expr $(, $also:expr)?) => {
        Field {
            key: $key,
            restarts: Restart::$restarts,
            read: |e, _, v| {
                e.$field = whole(v, $lo, $hi)? as _;
                $( ($also)(e); )?
                Ok(())
            },
            write: Some(|e, out| out.push(($key.into(), e.$field.to_string()))),
            // In 64 bits: `hi - lo + 1` overflows a 32-bit `usize` for the seed's range.
            sample: |_, rng| {
                let (lo, hi): (u32, u32) = ($lo, $hi);
                let span = u64::from(hi) - u64::from(lo) + 1;
                one($key, (u64::from(lo) + rng.next_u64() % span).to_string())
            },
        }
    };
}

/// A field whose value is a switch.
macro_rules! flag_field {
    ($key:literal, $restarts:ident, $field:ident) => {
        Field {
            key: $key,
            restarts: Restart::$restarts,
            read: |e, _, v| {
                e.$field = flag(v)?;
                Ok(())
            },
            write: Some(|e, out| out.push(($key.into(), e.$field.to_string()))),
            sample: |_, rng| one($key, (rng.below(2) == 1).to_string()),
        }
    };
}

/// A field whose value is one name of a list (`$kind::ALL`, `name`, `from_name`).
macro_rules! choice_field {
    ($key:literal, $restarts:ident, $field:ident, $kind:ty, $what:literal $(, $also:expr)?) => {
        Field {
            key: $key,
            restarts: Restart::$restarts,
            read: |e, _, v| {
                e.$field = <$kind>::from_name(v).ok_or_else(|| format!(concat!("unknown ", $what, " {:?}"), v))?;
                $( ($also)(e); )?
                Ok(())
            },
            write: Some(|e, out| out.push(($key.into(), e.$field.name().into()))),
            sample: |_, rng| one($key, pick(rng, &<$kind>::ALL).name().into()),
        }
    };
}

/// Generated data changed: points drawn on the old data are gone.
fn new_data(e: &mut Experiment) {
    e.custom = None;
}

/// Every field of the experiment, in link order.
pub const FIELDS: &[Field<Experiment>] = &[
    choice_field!("view", View, view, ViewKind, "view"),
    whole_field!("seed", Race, seed, 0, u32::MAX, new_data),
    choice_field!("dataset", Race, dataset, DatasetKind, "dataset", new_data),
    whole_field!("points", Race, points, 10, 2000, new_data),
    number_field!("noise", Race, noise, 0.0, 1.0, new_data),
    number_field!("train_ratio", Race, train_ratio, 0.1, 0.9, new_data),
    whole_field!("batch_size", Race, batch_size, 1, 2000),
    Field {
        key: "layers",
        restarts: Restart::Race,
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
        sample: |_, rng| {
            let n = rng.below(MAX_HIDDEN_LAYERS + 1);
            let units: Vec<String> = (0..n)
                .map(|_| (1 + rng.below(MAX_UNITS)).to_string())
                .collect();
            one("layers", units.join(","))
        },
    },
    Field {
        key: "layer.#",
        restarts: Restart::Race,
        read: |e, key, v| {
            let units = whole(v, 1, MAX_UNITS as u32)?;
            *e.hidden.get_mut(key.number(0)).ok_or("no such layer")? = units;
            Ok(())
        },
        // The page's input of one layer; the link carries all of them as `layers`.
        write: None,
        sample: |e, rng| {
            if e.hidden.is_empty() {
                return Vec::new();
            }
            let l = rng.below(e.hidden.len());
            one(
                &format!("layer.{l}"),
                (1 + rng.below(MAX_UNITS)).to_string(),
            )
        },
    },
    choice_field!("activation", Race, activation, Activation, "activation"),
    choice_field!("init", Race, init, Init, "initialisation"),
    choice_field!("loss", Race, loss, LossChoice, "loss"),
    number_field!("l1", Race, l1, 0.0, 1.0),
    number_field!("l2", Race, l2, 0.0, 1.0),
    number_field!("dropout", Race, dropout, 0.0, 0.9),
    flag_field!("batch_norm", Race, batch_norm),
    choice_field!(
        "surface",
        Landscape,
        surface,
        SurfaceKind,
        "surface",
        |e: &mut Experiment| {
            e.scale = default_scale(e.surface);
            e.start = None;
        }
    ),
    number_field!("scale", Landscape, scale, 0.1, 1000.0),
    Field {
        key: "custom",
        restarts: Restart::Race,
        read: |e, _, v| {
            e.custom = Some(points(v, e.dataset.classes())?);
            Ok(())
        },
        write: Some(|e, out| {
            if let Some((train, test)) = &e.custom {
                out.push(("custom".into(), points_text(train, test)));
            }
        }),
        sample: |e, rng| {
            let classes = e.dataset.classes();
            let point = |rng: &mut Rng| {
                let mut c = || exact(rng.uniform_in(-POINT_RANGE, POINT_RANGE));
                let (x, y) = (c(), c());
                format!("{x},{y},{}", rng.below(classes))
            };
            let train: Vec<String> = (0..4).map(|_| point(rng)).collect();
            let test: Vec<String> = (0..2).map(|_| point(rng)).collect();
            one("custom", format!("{}!{}", train.join(";"), test.join(";")))
        },
    },
    Field {
        key: "start",
        restarts: Restart::Landscape,
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
        sample: |_, rng| {
            one(
                "start",
                format!(
                    "{},{}",
                    exact(rng.uniform_in(-5.0, 5.0)),
                    exact(rng.uniform_in(-5.0, 5.0))
                ),
            )
        },
    },
    Field {
        key: "gradient_noise",
        restarts: Restart::Landscape,
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
        sample: |_, rng| {
            let noise = match rng.below(3) {
                0 => GradientNoise::Exact,
                1 => GradientNoise::Gaussian {
                    std: rng.uniform_in(0.0, 3.0),
                },
                _ => GradientNoise::MiniBatch {
                    batch_size: 1 + rng.below(100),
                },
            };
            one("gradient_noise", gradient_noise_text(noise))
        },
    },
    whole_field!("walk_steps", Landscape, walk_steps, 1, 100_000),
    Field {
        key: "lanes",
        restarts: Restart::Race,
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
        sample: |_, rng| one("lanes", (1 + rng.below(MAX_LANES)).to_string()),
    },
    Field {
        key: "lane.#.name",
        restarts: Restart::LaneName,
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
        sample: |e, rng| {
            let words = ["Heavy ball", "η = 0.1", "Адам", "آدام", "A&B <c>", "lane"];
            let i = rng.below(e.lanes.len());
            one(&format!("lane.{i}.name"), pick(rng, &words).into())
        },
    },
    Field {
        key: "lane.#.optimizer",
        restarts: Restart::Lane,
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
        sample: |e, rng| {
            let i = rng.below(e.lanes.len());
            one(
                &format!("lane.{i}.optimizer"),
                pick(rng, OptimizerKind::ALL).name().into(),
            )
        },
    },
    Field {
        key: "lane.#.param.*",
        restarts: Restart::Lane,
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
        sample: |e, rng| {
            let i = rng.below(e.lanes.len());
            let specs = e.lanes[i].optimizer.kind().params();
            let spec = specs[rng.below(specs.len())];
            let value = match spec.kind {
                ParamKind::Number { min, max, log } => exact(draw(rng, min, max, log)),
                ParamKind::Bool => (rng.below(2) == 1).to_string(),
                ParamKind::Pair { .. } => return Vec::new(),
            };
            one(&format!("lane.{i}.param.{}", spec.name), value)
        },
    },
    Field {
        key: "lane.#.param.*.#",
        restarts: Restart::Lane,
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
        sample: |e, rng| {
            let i = rng.below(e.lanes.len());
            let pairs: Vec<_> = e.lanes[i]
                .optimizer
                .kind()
                .params()
                .iter()
                .filter_map(|s| match s.kind {
                    ParamKind::Pair { min, max, log } => Some((s.name, min, max, log)),
                    _ => None,
                })
                .collect();
            if pairs.is_empty() {
                return Vec::new();
            }
            let (name, min, max, log) = pairs[rng.below(pairs.len())];
            let half = rng.below(2);
            let (lo, hi) = if half == 0 {
                (min.0, max.0)
            } else {
                (min.1, max.1)
            };
            one(
                &format!("lane.{i}.param.{name}.{half}"),
                exact(draw(rng, lo, hi, log)),
            )
        },
    },
    Field {
        key: "lane.#.schedule",
        restarts: Restart::Lane,
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
        sample: |e, rng| {
            let i = rng.below(e.lanes.len());
            one(
                &format!("lane.{i}.schedule"),
                pick(rng, &SCHEDULE_NAMES).into(),
            )
        },
    },
    Field {
        key: "lane.#.schedule.*",
        restarts: Restart::Lane,
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
        sample: |e, rng| {
            let i = rng.below(e.lanes.len());
            let args = e.lanes[i].schedule.args();
            if args.is_empty() {
                return Vec::new();
            }
            let (arg, value) = &args[rng.below(args.len())];
            let text = match value {
                // Around the current value: a whole number stays whole.
                ArgValue::Number(v) => {
                    let x = v * rng.uniform_in(0.5, 2.0);
                    exact(if v.fract() == 0.0 {
                        x.round().max(1.0)
                    } else {
                        x
                    })
                }
                ArgValue::List(_) => {
                    let mut at = 0;
                    let list: Vec<String> = (0..1 + rng.below(3))
                        .map(|_| {
                            at += 1 + rng.below(500);
                            at.to_string()
                        })
                        .collect();
                    list.join(",")
                }
            };
            one(&format!("lane.{i}.schedule.{arg}"), text)
        },
    },
    Field {
        key: "lane.#.batch_size",
        restarts: Restart::Lane,
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
        sample: |e, rng| {
            let i = rng.below(e.lanes.len());
            let value = if rng.below(4) == 0 {
                "shared".to_string()
            } else {
                (1 + rng.below(2000)).to_string()
            };
            one(&format!("lane.{i}.batch_size"), value)
        },
    },
    whole_field!("speed", View, speed, 1, 1000),
    flag_field!("show_test", View, show_test),
    flag_field!("log_scale", View, log_scale),
    Field {
        key: "inspect_lane",
        restarts: Restart::View,
        read: |e, _, v| {
            e.inspect_lane = whole(v, 0, e.lanes.len() as u32 - 1)?;
            Ok(())
        },
        write: Some(|e, out| out.push(("inspect_lane".into(), e.inspect_lane.to_string()))),
        sample: |e, rng| one("inspect_lane", rng.below(e.lanes.len()).to_string()),
    },
];

/// Sets a hyperparameter and keeps the change only if the whole configuration is still valid.
fn set_checked(config: &mut OptimizerConfig, name: &str, value: HyperValue) -> Result<(), String> {
    let mut next = config.clone();
    next.set(name, value).map_err(|e| e.to_string())?;
    next.validate().map_err(|e| e.to_string())?;
    *config = next;
    Ok(())
}
