//! Valid random values for every field, drawn for the round-trip tests and the fuzzers
//! (native and Wasm). A field whose [`Domain`] is a range is drawn from it; the others have a
//! sampler here, by key. Nothing on the page calls this module, so the Wasm file leaves it out.

use crate::data::digits::Scaling;
use crate::data::DatasetKind;
use crate::format::exact;
use crate::nn::{Activation, Init, MAX_HIDDEN_LAYERS, MAX_UNITS};
use crate::optim::{OptimizerKind, ParamKind};
use crate::rng::Rng;
use crate::schedule::{ArgValue, SCHEDULE_NAMES};
use crate::surface::{GradientNoise, SurfaceKind};

use super::experiment::{DigitView, Experiment, LossChoice, ViewKind, MAX_LANES};
use super::launch::{Launch, LANGUAGES, PANELS};
use super::table::{Domain, Field};
use super::values::{gradient_noise_text, POINT_RANGE};

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
        rng.uniform_in(min.ln(), max.ln()).exp()
    } else {
        rng.uniform_in(min, max)
    }
}

/// A value from a field's declared range, if it has one.
fn from_domain<T>(field: &Field<T>, rng: &mut Rng) -> Option<String> {
    Some(match field.domain {
        Domain::Number(lo, hi) => exact(rng.uniform_in(lo, hi)),
        // In 64 bits: `hi - lo + 1` overflows a 32-bit `usize` for the seed's range.
        Domain::Whole(lo, hi) => {
            let span = u64::from(hi) - u64::from(lo) + 1;
            (u64::from(lo) + rng.next_u64() % span).to_string()
        }
        Domain::Flag => ["true", "false", "1", "0", "yes", "no"][rng.below(6)].to_string(),
        Domain::Other => return None,
    })
}

/// Valid `key=value` pairs for `field` of `e`, drawn at random (none where the field does not
/// apply, such as a pair's half for an optimizer without pairs).
pub fn experiment(field: &Field<Experiment>, e: &Experiment, rng: &mut Rng) -> Pairs {
    if let Some(v) = from_domain(field, rng) {
        return one(field.key, v);
    }
    let name = |rng: &mut Rng, names: &[&str]| one(field.key, pick(rng, names).to_string());
    match field.key {
        "view" => name(rng, &ViewKind::ALL.map(|k| k.name())),
        "dataset" => name(rng, &DatasetKind::ALL.map(|k| k.name())),
        "pixels" => name(rng, &Scaling::ALL.map(|s| s.name())),
        "digit_view" => name(rng, &DigitView::ALL.map(|s| s.name())),
        "activation" => name(rng, &Activation::ALL.map(|k| k.name())),
        "init" => name(rng, &Init::ALL.map(|k| k.name())),
        "loss" => name(rng, &LossChoice::ALL.map(|k| k.name())),
        "surface" => name(rng, &SurfaceKind::ALL.map(|k| k.name())),
        "layers" => {
            let n = rng.below(MAX_HIDDEN_LAYERS + 1);
            let units: Vec<String> = (0..n)
                .map(|_| (1 + rng.below(MAX_UNITS)).to_string())
                .collect();
            one("layers", units.join(","))
        }
        "layer.#" => {
            if e.hidden.is_empty() {
                return Vec::new();
            }
            let l = rng.below(e.hidden.len());
            one(
                &format!("layer.{l}"),
                (1 + rng.below(MAX_UNITS)).to_string(),
            )
        }
        "custom" => {
            let classes = e.dataset.classes();
            let point = |rng: &mut Rng| {
                let mut c = || exact(rng.uniform_in(-POINT_RANGE, POINT_RANGE));
                let (x, y) = (c(), c());
                format!("{x},{y},{}", rng.below(classes))
            };
            let train: Vec<String> = (0..4).map(|_| point(rng)).collect();
            let test: Vec<String> = (0..2).map(|_| point(rng)).collect();
            one("custom", format!("{}!{}", train.join(";"), test.join(";")))
        }
        "start" => one(
            "start",
            format!(
                "{},{}",
                exact(rng.uniform_in(-5.0, 5.0)),
                exact(rng.uniform_in(-5.0, 5.0))
            ),
        ),
        "gradient_noise" => {
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
        }
        "lanes" => one("lanes", (1 + rng.below(MAX_LANES)).to_string()),
        "lane.#.name" => {
            let words = ["Heavy ball", "η = 0.1", "Адам", "آدام", "A&B <c>", "lane"];
            let i = rng.below(e.lanes.len());
            one(&format!("lane.{i}.name"), pick(rng, &words).into())
        }
        "lane.#.optimizer" => {
            let i = rng.below(e.lanes.len());
            one(
                &format!("lane.{i}.optimizer"),
                pick(rng, OptimizerKind::ALL).name().into(),
            )
        }
        "lane.#.param.*" => {
            let i = rng.below(e.lanes.len());
            let specs = e.lanes[i].optimizer.kind().params();
            let spec = specs[rng.below(specs.len())];
            let value = match spec.kind {
                ParamKind::Number { min, max, log } => exact(draw(rng, min, max, log)),
                ParamKind::Bool => (rng.below(2) == 1).to_string(),
                ParamKind::Pair { .. } => return Vec::new(),
            };
            one(&format!("lane.{i}.param.{}", spec.name), value)
        }
        "lane.#.param.*.#" => {
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
        }
        "lane.#.schedule" => {
            let i = rng.below(e.lanes.len());
            one(
                &format!("lane.{i}.schedule"),
                pick(rng, &SCHEDULE_NAMES).into(),
            )
        }
        "lane.#.schedule.*" => {
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
        }
        "lane.#.batch_size" => {
            let i = rng.below(e.lanes.len());
            let value = if rng.below(4) == 0 {
                "shared".to_string()
            } else {
                (1 + rng.below(2000)).to_string()
            };
            one(&format!("lane.{i}.batch_size"), value)
        }
        "inspect_lane" => one("inspect_lane", rng.below(e.lanes.len()).to_string()),
        other => panic!("no sampler for the field {other}"),
    }
}

/// Valid `key=value` pairs for a launch field.
pub fn launch(field: &Field<Launch>, rng: &mut Rng) -> Pairs {
    if let Some(v) = from_domain(field, rng) {
        return one(field.key, v);
    }
    let mut panels: Vec<String> = PANELS
        .iter()
        .filter(|_| rng.below(2) == 1)
        .map(|p| p.to_string())
        .collect();
    match field.key {
        "show" => one("show", panels.join(",")),
        "lock" => {
            panels.push("lane.0.param.lr".into());
            one("lock", panels.join(","))
        }
        "lang" => one("lang", pick(rng, &LANGUAGES).into()),
        "course" => one("course", format!("courses/week_{}/", rng.below(20))),
        other => panic!("no sampler for the launch field {other}"),
    }
}

/// A random experiment: every field once, in a random order, each with a valid random value
/// that the experiment accepts (a value that breaks a rule tying two fields is drawn again).
pub fn random_experiment(rng: &mut Rng) -> Experiment {
    let mut e = Experiment::default();
    let mut order: Vec<usize> = (0..super::fields::FIELDS.len()).collect();
    rng.shuffle(&mut order);
    for i in order {
        let field = &super::fields::FIELDS[i];
        for _ in 0..20 {
            let pairs = experiment(field, &e, rng);
            let mut next = e.clone();
            if pairs.iter().all(|(k, v)| next.apply(k, v).is_ok()) {
                e = next;
                break;
            }
        }
    }
    e
}

/// A random launch: each launch field with a valid random value, or left out.
pub fn random_launch(rng: &mut Rng) -> Launch {
    let mut l = Launch::default();
    for field in super::launch::LAUNCH_FIELDS {
        if rng.below(2) == 0 {
            for (k, v) in launch(field, rng) {
                let _ = l.apply(&k, &v);
            }
        }
    }
    l
}
