//! The playground's whole state as one plain struct, in the spirit of TensorFlow Playground's
//! `State`: data, network, lanes and view settings, the seed included. The page edits it through
//! [`Playground::apply`] (one named field and the text of its input) and builds the race from
//! it, so the same state always gives the same run.

use crate::data::{Dataset, DatasetKind, Regression, RegressionSpec};
use crate::landscape::Landscape;
use crate::nn::{Activation, Init, Loss, MlpSpec, MAX_HIDDEN_LAYERS, MAX_UNITS};
use crate::optim::{HyperValue, OptimizerConfig, OptimizerKind};
use crate::race::{LaneConfig, Race, RaceConfig, RaceError};
use crate::rng::Rng;
use crate::schedule::{ArgValue, Schedule};
use crate::surface::{GradientNoise, Surface, SurfaceKind, TestFunction};

/// The page evaluates every lane on the whole train and test sets every this many steps: an
/// evaluation costs hundreds of forward passes, a default step ten.
pub const EVAL_EVERY: usize = 10;

/// Most lanes a race shows side by side.
pub const MAX_LANES: usize = 6;

/// The loss a learner chooses; the network's output layer follows from it and the classes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LossChoice {
    /// Binary cross-entropy on a logit for two classes, softmax cross-entropy for three.
    CrossEntropy,
    /// Squared error: on a `tanh` output with targets ±1 for two classes (as TensorFlow
    /// Playground), on linear outputs with one-hot targets for three.
    SquaredError,
}

impl LossChoice {
    pub const ALL: [LossChoice; 2] = [LossChoice::CrossEntropy, LossChoice::SquaredError];

    pub fn name(self) -> &'static str {
        match self {
            LossChoice::CrossEntropy => "cross_entropy",
            LossChoice::SquaredError => "squared_error",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            LossChoice::CrossEntropy => "Cross-entropy",
            LossChoice::SquaredError => "Squared error",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.name() == name)
    }
}

/// Which of the two views the page shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ViewKind {
    /// Lanes train a classifier on 2-D data.
    Classifier,
    /// Lanes walk a 2-D test surface from one start point.
    Landscape,
}

impl ViewKind {
    pub fn name(self) -> &'static str {
        match self {
            ViewKind::Classifier => "classifier",
            ViewKind::Landscape => "landscape",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        [ViewKind::Classifier, ViewKind::Landscape]
            .into_iter()
            .find(|v| v.name() == name)
    }
}

/// The version of the URL-hash format [`Playground::to_hash`] writes.
pub const HASH_VERSION: u32 = 1;

/// What an edit changed, so the page redoes only what it must.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// The landscape view's surface, start, noise or length: restart the walkers.
    Landscape,
    /// Data or network: rebuild the whole race (same seed).
    Race,
    /// One lane's optimizer or schedule: restart that lane from the initial weights.
    Lane(usize),
    /// A lane's name: nothing to recompute.
    LaneName(usize),
    /// Only how things are drawn.
    View,
}

/// The whole state of the playground page.
#[derive(Clone, Debug, PartialEq)]
pub struct Playground {
    /// Drives data, initial weights, dropout and batch order.
    pub seed: u64,
    pub dataset: DatasetKind,
    /// Points generated (train and test together).
    pub points: usize,
    /// Noise level in `[0, 1]`.
    pub noise: f64,
    /// Share of the points used for training, in `[0.1, 0.9]`.
    pub train_ratio: f64,
    /// Points the learner drew or erased replace the generated sets: `(train, test)`.
    pub custom: Option<(Dataset, Dataset)>,
    /// Units of each hidden layer.
    pub hidden: Vec<usize>,
    pub activation: Activation,
    pub init: Init,
    pub loss: LossChoice,
    pub l1: f64,
    pub l2: f64,
    pub dropout: f64,
    pub batch_norm: bool,
    /// Shared by every lane: all training points is plain gradient descent, 1 is pure SGD.
    pub batch_size: usize,
    pub lanes: Vec<LaneConfig>,
    /// Training steps per animation frame while playing.
    pub speed: usize,
    pub show_test: bool,
    pub log_scale: bool,
    /// The lane whose network and optimizer state the inspector shows.
    pub inspect_lane: usize,
    /// The class a click on a map adds.
    pub draw_class: usize,
    pub view: ViewKind,
    /// The landscape view's surface.
    pub surface: SurfaceKind,
    /// The quadratic's condition number, or the regression feature's scale (which stretches
    /// its level lines); unused by the other surfaces.
    pub scale: f64,
    /// Where every walker starts; `None` is the surface's own start.
    pub start: Option<[f64; 2]>,
    pub gradient_noise: GradientNoise,
    /// Steps each walker takes.
    pub walk_steps: usize,
    /// Course embedding: a compact layout without page chrome.
    pub embed: bool,
    /// Panels shown ([`PANELS`]); `None` shows all.
    pub show: Option<Vec<String>>,
    /// Panels (or single fields) a teacher fixed: shown, read-only.
    pub lock: Vec<String>,
    /// Start training as soon as the page opens.
    pub autoplay: bool,
    /// The page's language (`en`, `ru`, `fa`); `None` follows the browser.
    pub lang: Option<String>,
}

/// The panels `show` and `lock` name.
pub const PANELS: [&str; 9] = [
    "share",
    "data",
    "network",
    "surface",
    "lessons",
    "lanes",
    "charts",
    "inspector",
    "landscape",
];

/// The languages the page speaks.
pub const LANGUAGES: [&str; 3] = ["en", "ru", "fa"];

/// A lane with an optimizer at its defaults but for `lr` (and extra hyperparameters).
pub fn lane(name: &str, kind: OptimizerKind, settings: &[(&str, HyperValue)]) -> LaneConfig {
    let mut optimizer = OptimizerConfig::default_for(kind);
    for (key, value) in settings {
        optimizer
            .set(key, *value)
            .expect("built-in lane settings name real hyperparameters");
    }
    LaneConfig {
        name: name.to_string(),
        optimizer,
        schedule: Schedule::Constant,
        batch_size: None,
    }
}

impl Default for Playground {
    /// Two-class spiral, 2 → 8 → 8 → 1 tanh network, batch 10, three lanes: SGD (lr 0.03),
    /// SGD with momentum 0.9 and Adam (lr 0.01).
    fn default() -> Self {
        use HyperValue::Number;
        Playground {
            seed: 1,
            dataset: DatasetKind::Spiral,
            points: 400,
            noise: 0.0,
            train_ratio: 0.5,
            custom: None,
            hidden: vec![8, 8],
            activation: Activation::Tanh,
            init: Init::XavierUniform,
            loss: LossChoice::CrossEntropy,
            l1: 0.0,
            l2: 0.0,
            dropout: 0.0,
            batch_norm: false,
            batch_size: 10,
            lanes: vec![
                lane("SGD", OptimizerKind::Sgd, &[("lr", Number(0.03))]),
                lane(
                    "Momentum",
                    OptimizerKind::Sgd,
                    &[("lr", Number(0.03)), ("momentum", Number(0.9))],
                ),
                lane("Adam", OptimizerKind::Adam, &[("lr", Number(0.01))]),
            ],
            speed: 10,
            show_test: false,
            log_scale: false,
            inspect_lane: 0,
            draw_class: 1,
            view: ViewKind::Classifier,
            surface: SurfaceKind::Rosenbrock,
            scale: default_scale(SurfaceKind::Rosenbrock),
            start: None,
            gradient_noise: GradientNoise::Exact,
            walk_steps: 500,
            embed: false,
            show: None,
            lock: Vec::new(),
            autoplay: false,
            lang: None,
        }
    }
}

/// Parses a number field, with the message a learner sees when it is not one.
fn number(value: &str) -> Result<f64, String> {
    if value.trim().is_empty() {
        return Err("enter a number".into());
    }
    match value.trim().parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ => Err(format!("{:?} is not a number", value.trim())),
    }
}

fn in_range(value: &str, lo: f64, hi: f64) -> Result<f64, String> {
    let v = number(value)?;
    if (lo..=hi).contains(&v) {
        Ok(v)
    } else {
        Err(format!("must be between {lo} and {hi}"))
    }
}

fn whole(value: &str, lo: usize, hi: usize) -> Result<usize, String> {
    let v = number(value)?;
    if v.fract() != 0.0 || v < lo as f64 || v > hi as f64 {
        return Err(format!("must be a whole number from {lo} to {hi}"));
    }
    Ok(v as usize)
}

fn flag(value: &str) -> Result<bool, String> {
    match value {
        "true" | "on" | "1" => Ok(true),
        "false" | "off" | "0" | "" => Ok(false),
        other => Err(format!("{other:?} is not on or off")),
    }
}

impl Playground {
    /// Classes of the current data.
    pub fn classes(&self) -> usize {
        match &self.custom {
            Some((train, _)) => train.classes,
            None => self.dataset.classes(),
        }
    }

    /// The train and test sets this state describes.
    pub fn datasets(&self) -> (Dataset, Dataset) {
        if let Some((train, test)) = &self.custom {
            return (train.clone(), test.clone());
        }
        let mut rng = Rng::fork(self.seed, 0);
        let all = Dataset::generate(self.dataset, self.points, self.noise, &mut rng);
        all.split(self.train_ratio, &mut rng)
    }

    /// The network: 2 inputs, the hidden layers, and an output layer fit for the loss.
    pub fn network(&self) -> MlpSpec {
        let classes = self.classes();
        let (outputs, loss, output_activation) = match (self.loss, classes) {
            (LossChoice::CrossEntropy, 2) => (1, Loss::BceWithLogits, Activation::Linear),
            (LossChoice::CrossEntropy, k) => (k, Loss::SoftmaxCrossEntropy, Activation::Linear),
            (LossChoice::SquaredError, 2) => (1, Loss::Mse, Activation::Tanh),
            (LossChoice::SquaredError, k) => (k, Loss::Mse, Activation::Linear),
        };
        let mut sizes = vec![2];
        sizes.extend(&self.hidden);
        sizes.push(outputs);
        MlpSpec {
            sizes,
            hidden_activation: self.activation,
            output_activation,
            loss,
            init: self.init,
            l1: self.l1,
            l2: self.l2,
            dropout: self.dropout,
            batch_norm: self.batch_norm,
        }
    }

    /// Builds the race this state describes.
    /// The landscape view this state describes.
    pub fn landscape(&self) -> Landscape {
        let mut surface = match self.surface {
            SurfaceKind::Quadratic => Surface::quadratic(self.scale),
            SurfaceKind::Regression => {
                let spec = RegressionSpec {
                    x_scale: self.scale,
                    ..RegressionSpec::default()
                };
                Surface::regression(Regression::generate(spec, &mut Rng::fork(self.seed, 5)))
            }
            kind => Surface::new(kind),
        };
        surface.set_noise(self.gradient_noise, self.seed);
        let start = self.start.unwrap_or_else(|| surface.default_start());
        Landscape {
            surface,
            start,
            seed: self.seed,
        }
    }

    pub fn race(&self) -> Result<Race, RaceError> {
        let (train, test) = self.datasets();
        let config = RaceConfig {
            seed: self.seed,
            network: self.network(),
            batch_size: self.batch_size,
            eval_every: EVAL_EVERY,
        };
        Race::new(config, train, test, self.lanes.clone())
    }
}

impl Playground {
    /// Applies the text of one input to the field it names and says what must be redone.
    /// On error the state is unchanged and the message says why, for the page to show next
    /// to the field.
    ///
    /// Field names: `seed`, `dataset`, `points`, `noise`, `train_ratio`, `batch_size`,
    /// `layer.I` (units of hidden layer I), `activation`, `init`, `loss`, `l1`, `l2`,
    /// `dropout`, `batch_norm`, `speed`, `show_test`, `log_scale`, `inspect_lane`,
    /// `draw_class`, and per lane `lane.I.name`, `lane.I.optimizer`, `lane.I.param.NAME`
    /// (`lane.I.param.NAME.0` / `.1` for the two numbers of a pair such as `betas`),
    /// `lane.I.schedule` and `lane.I.schedule.ARG`.
    pub fn apply(&mut self, field: &str, value: &str) -> Result<Change, String> {
        let mut next = self.clone();
        let change = next.apply_unchecked(field, value)?;
        if change == Change::Race {
            // Refuse a network or data the engine would reject, with its message.
            next.check()?;
        }
        *self = next;
        Ok(change)
    }

    /// Whether [`Playground::race`] would accept this state, found without building the race
    /// (no data generated, no network evaluated): a link of hundreds of fields is checked field
    /// by field in microseconds. No training points is not an error here: the page shows the
    /// empty plane and waits for points.
    pub fn check(&self) -> Result<(), String> {
        self.network().validate().map_err(|e| e.to_string())?;
        for lane in &self.lanes {
            lane.optimizer
                .validate()
                .map_err(|error| RaceError::Optimizer {
                    lane: lane.name.clone(),
                    error,
                })
                .map_err(|e| e.to_string())?;
        }
        if let Some((train, test)) = &self.custom {
            let classes = self.network().classes();
            if let Some(&label) = train
                .labels
                .iter()
                .chain(&test.labels)
                .find(|&&l| l >= classes)
            {
                return Err(RaceError::Label { label, classes }.to_string());
            }
        }
        Ok(())
    }

    fn apply_unchecked(&mut self, field: &str, value: &str) -> Result<Change, String> {
        let parts: Vec<&str> = field.split('.').collect();
        match parts.as_slice() {
            ["seed"] => {
                self.seed = whole(value, 0, u32::MAX as usize)? as u64;
                self.custom = None;
            }
            ["dataset"] => {
                self.dataset = DatasetKind::from_name(value)
                    .ok_or_else(|| format!("unknown dataset {value:?}"))?;
                self.custom = None;
                self.draw_class = self.draw_class.min(self.dataset.classes() - 1);
            }
            ["points"] => {
                self.points = whole(value, 10, 2000)?;
                self.custom = None;
            }
            ["noise"] => {
                self.noise = in_range(value, 0.0, 1.0)?;
                self.custom = None;
            }
            ["train_ratio"] => {
                self.train_ratio = in_range(value, 0.1, 0.9)?;
                self.custom = None;
            }
            ["batch_size"] => self.batch_size = whole(value, 1, 2000)?,
            ["layer", i] => {
                let i: usize = i.parse().map_err(|_| "no such layer".to_string())?;
                let units = whole(value, 1, MAX_UNITS)?;
                *self.hidden.get_mut(i).ok_or("no such layer")? = units;
            }
            ["activation"] => {
                self.activation = Activation::from_name(value)
                    .ok_or_else(|| format!("unknown activation {value:?}"))?
            }
            ["init"] => {
                self.init = Init::from_name(value)
                    .ok_or_else(|| format!("unknown initialisation {value:?}"))?
            }
            ["loss"] => {
                self.loss =
                    LossChoice::from_name(value).ok_or_else(|| format!("unknown loss {value:?}"))?
            }
            ["l1"] => self.l1 = in_range(value, 0.0, 1.0)?,
            ["l2"] => self.l2 = in_range(value, 0.0, 1.0)?,
            ["dropout"] => self.dropout = in_range(value, 0.0, 0.9)?,
            ["batch_norm"] => self.batch_norm = flag(value)?,
            ["speed"] => {
                self.speed = whole(value, 1, 1000)?;
                return Ok(Change::View);
            }
            ["show_test"] => {
                self.show_test = flag(value)?;
                return Ok(Change::View);
            }
            ["log_scale"] => {
                self.log_scale = flag(value)?;
                return Ok(Change::View);
            }
            ["inspect_lane"] => {
                self.inspect_lane = whole(value, 0, self.lanes.len().saturating_sub(1))?;
                return Ok(Change::View);
            }
            ["embed"] => {
                self.embed = flag(value)?;
                return Ok(Change::View);
            }
            ["autoplay"] => {
                self.autoplay = flag(value)?;
                return Ok(Change::View);
            }
            ["show"] => {
                self.show = Some(panel_list(value, false)?);
                return Ok(Change::View);
            }
            ["lock"] => {
                self.lock = panel_list(value, true)?;
                return Ok(Change::View);
            }
            ["lang"] => {
                if !LANGUAGES.contains(&value) {
                    return Err(format!("unknown language {value:?} (en, ru or fa)"));
                }
                self.lang = Some(value.to_string());
                return Ok(Change::View);
            }
            ["view"] => {
                self.view =
                    ViewKind::from_name(value).ok_or_else(|| format!("unknown view {value:?}"))?;
                return Ok(Change::View);
            }
            ["surface"] => {
                self.surface = SurfaceKind::from_name(value)
                    .ok_or_else(|| format!("unknown surface {value:?}"))?;
                self.scale = default_scale(self.surface);
                self.start = None;
                return Ok(Change::Landscape);
            }
            ["scale"] => {
                self.scale = in_range(value, 0.1, 1000.0)?;
                return Ok(Change::Landscape);
            }
            ["start"] => {
                let parts: Vec<&str> = value.split(',').collect();
                let [x, y] = parts.as_slice() else {
                    return Err("a start is two numbers: x,y".into());
                };
                self.start = Some([in_range(x, -1e3, 1e3)?, in_range(y, -1e3, 1e3)?]);
                return Ok(Change::Landscape);
            }
            ["gradient_noise"] => {
                self.gradient_noise = parse_noise(value)?;
                return Ok(Change::Landscape);
            }
            ["walk_steps"] => {
                self.walk_steps = whole(value, 1, 100_000)?;
                return Ok(Change::Landscape);
            }
            ["custom"] => {
                let classes = self.dataset.classes();
                let parse = |part: &str| -> Result<Dataset, String> {
                    let mut d = Dataset::new(classes);
                    for p in part.split(';').filter(|p| !p.is_empty()) {
                        let v: Vec<&str> = p.split(',').collect();
                        let [x, y, c] = v.as_slice() else {
                            return Err(format!("{p:?} is not x,y,class"));
                        };
                        let c = whole(c, 0, classes - 1)?;
                        d.push([in_range(x, -1e3, 1e3)?, in_range(y, -1e3, 1e3)?], c);
                    }
                    Ok(d)
                };
                let (train, test) = value.split_once('!').unwrap_or((value, ""));
                self.custom = Some((parse(train)?, parse(test)?));
            }
            ["layers"] => {
                let hidden: Result<Vec<usize>, String> = value
                    .split(',')
                    .filter(|s| !s.trim().is_empty())
                    .map(|u| whole(u, 1, MAX_UNITS))
                    .collect();
                let hidden = hidden?;
                if hidden.len() > MAX_HIDDEN_LAYERS {
                    return Err(format!("at most {MAX_HIDDEN_LAYERS} hidden layers"));
                }
                self.hidden = hidden;
            }
            ["lanes"] => {
                let n = whole(value, 1, MAX_LANES)?;
                while self.lanes.len() > n {
                    self.lanes.pop();
                }
                while self.lanes.len() < n {
                    self.add_lane(None)?;
                }
                self.inspect_lane = self.inspect_lane.min(n - 1);
            }
            ["draw_class"] => {
                self.draw_class = whole(value, 0, self.classes() - 1)?;
                return Ok(Change::View);
            }
            ["lane", i, rest @ ..] => {
                let i: usize = i.parse().map_err(|_| "no such lane".to_string())?;
                if i >= self.lanes.len() {
                    return Err("no such lane".into());
                }
                return self.apply_lane(i, rest, value);
            }
            _ => return Err(format!("unknown field {field:?}")),
        }
        Ok(Change::Race)
    }

    fn apply_lane(&mut self, i: usize, field: &[&str], value: &str) -> Result<Change, String> {
        let lane = &mut self.lanes[i];
        match field {
            ["name"] => {
                let name = value.trim();
                if name.is_empty() || name.chars().count() > 24 {
                    return Err("a name has 1 to 24 characters".into());
                }
                lane.name = name.to_string();
                return Ok(Change::LaneName(i));
            }
            ["optimizer"] => {
                let kind = OptimizerKind::from_name(value)
                    .ok_or_else(|| format!("unknown optimizer {value:?}"))?;
                // Keep the learning rate the learner chose when switching optimizer.
                let lr = lane.optimizer.lr();
                lane.optimizer = OptimizerConfig::default_for(kind);
                let _ = lane.optimizer.set("lr", HyperValue::Number(lr));
            }
            ["param", name] => {
                let current = lane
                    .optimizer
                    .get(name)
                    .ok_or_else(|| format!("unknown hyperparameter {name:?}"))?;
                let new = match current {
                    HyperValue::Bool(_) => HyperValue::Bool(flag(value)?),
                    HyperValue::Number(_) => HyperValue::Number(number(value)?),
                    HyperValue::Pair(..) => return Err(format!("{name} takes two numbers")),
                };
                set_checked(&mut lane.optimizer, name, new)?;
            }
            ["param", name, which @ ("0" | "1")] => {
                let Some(HyperValue::Pair(a, b)) = lane.optimizer.get(name) else {
                    return Err(format!("{name} is not a pair"));
                };
                let v = number(value)?;
                let new = if *which == "0" {
                    HyperValue::Pair(v, b)
                } else {
                    HyperValue::Pair(a, v)
                };
                set_checked(&mut lane.optimizer, name, new)?;
            }
            ["batch_size"] => {
                lane.batch_size = match value.trim() {
                    "" | "shared" => None,
                    v => Some(whole(v, 1, 2000)?),
                };
            }
            ["schedule"] => {
                lane.schedule = Schedule::suggested(value)
                    .ok_or_else(|| format!("unknown schedule {value:?}"))?
            }
            ["schedule", arg] => {
                let new = if arg == &"milestones" {
                    let list: Result<Vec<f64>, String> = value
                        .split([',', ' '])
                        .filter(|s| !s.is_empty())
                        .map(number)
                        .collect();
                    ArgValue::List(list?)
                } else {
                    ArgValue::Number(number(value)?)
                };
                let mut args = lane.schedule.args();
                let slot = args
                    .iter_mut()
                    .find(|(name, _)| name == arg)
                    .ok_or_else(|| format!("{} has no argument {arg}", lane.schedule.name()))?;
                slot.1 = new;
                lane.schedule = Schedule::from_name_and_args(lane.schedule.name(), &args)
                    .map_err(|e| e.to_string())?;
            }
            _ => return Err(format!("unknown lane field {:?}", field.join("."))),
        }
        Ok(Change::Lane(i))
    }
}

fn round3(v: f64) -> f64 {
    (v * 1000.0).round() / 1000.0
}

fn encode(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~,:".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = text.get(i + 1..i + 3)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

impl Playground {
    /// The `field=value` pairs that rebuild this state through [`Playground::apply`], in an
    /// order that works (lane count before lane fields, optimizer before its settings).
    pub fn fields(&self) -> Vec<(String, String)> {
        let n = |v: f64| crate::view::controls::show_number(v);
        let mut out: Vec<(String, String)> = vec![
            ("view".into(), self.view.name().into()),
            ("seed".into(), self.seed.to_string()),
            ("dataset".into(), self.dataset.name().into()),
            ("points".into(), self.points.to_string()),
            ("noise".into(), n(self.noise)),
            ("train_ratio".into(), n(self.train_ratio)),
            ("batch_size".into(), self.batch_size.to_string()),
            (
                "layers".into(),
                self.hidden
                    .iter()
                    .map(|u| u.to_string())
                    .collect::<Vec<_>>()
                    .join(","),
            ),
            ("activation".into(), self.activation.name().into()),
            ("init".into(), self.init.name().into()),
            ("loss".into(), self.loss.name().into()),
            ("l1".into(), n(self.l1)),
            ("l2".into(), n(self.l2)),
            ("dropout".into(), n(self.dropout)),
            ("batch_norm".into(), self.batch_norm.to_string()),
            ("surface".into(), self.surface.name().into()),
            ("scale".into(), n(self.scale)),
        ];
        if let Some((train, test)) = &self.custom {
            let list = |d: &Dataset| {
                (0..d.len())
                    .map(|i| {
                        let [x, y] = d.point(i);
                        format!("{},{},{}", n(round3(x)), n(round3(y)), d.labels[i])
                    })
                    .collect::<Vec<_>>()
                    .join(";")
            };
            out.push(("custom".into(), format!("{}!{}", list(train), list(test))));
        }
        if let Some([x, y]) = self.start {
            out.push(("start".into(), format!("{},{}", n(x), n(y))));
        }
        out.push(("gradient_noise".into(), noise_text(self.gradient_noise)));
        out.push(("walk_steps".into(), self.walk_steps.to_string()));
        out.push(("lanes".into(), self.lanes.len().to_string()));
        for (i, lane) in self.lanes.iter().enumerate() {
            let key = |k: &str| format!("lane.{i}.{k}");
            out.push((key("name"), lane.name.clone()));
            out.push((key("optimizer"), lane.optimizer.kind().name().into()));
            for spec in lane.optimizer.kind().params() {
                match lane.optimizer.get(spec.name) {
                    Some(HyperValue::Number(v)) => {
                        out.push((key(&format!("param.{}", spec.name)), n(v)))
                    }
                    Some(HyperValue::Bool(b)) => {
                        out.push((key(&format!("param.{}", spec.name)), b.to_string()))
                    }
                    Some(HyperValue::Pair(a, b)) => {
                        out.push((key(&format!("param.{}.0", spec.name)), n(a)));
                        out.push((key(&format!("param.{}.1", spec.name)), n(b)));
                    }
                    None => {}
                }
            }
            out.push((key("schedule"), lane.schedule.name().into()));
            for (arg, value) in lane.schedule.args() {
                let text = match value {
                    ArgValue::Number(v) => n(v),
                    ArgValue::List(list) => {
                        list.iter().map(|&v| n(v)).collect::<Vec<_>>().join(",")
                    }
                };
                out.push((key(&format!("schedule.{arg}")), text));
            }
            if let Some(b) = lane.batch_size {
                out.push((key("batch_size"), b.to_string()));
            }
        }
        if self.embed {
            out.push(("embed".into(), "true".into()));
        }
        if let Some(show) = &self.show {
            out.push(("show".into(), show.join(",")));
        }
        if !self.lock.is_empty() {
            out.push(("lock".into(), self.lock.join(",")));
        }
        if self.autoplay {
            out.push(("autoplay".into(), "true".into()));
        }
        if let Some(lang) = &self.lang {
            out.push(("lang".into(), lang.clone()));
        }
        out.extend([
            ("speed".into(), self.speed.to_string()),
            ("show_test".into(), self.show_test.to_string()),
            ("log_scale".into(), self.log_scale.to_string()),
            ("inspect_lane".into(), self.inspect_lane.to_string()),
        ]);
        out
    }

    /// The state as a URL hash (without the `#`): `v=1&view=classifier&seed=1&...`.
    pub fn to_hash(&self) -> String {
        let mut parts = vec![format!("v={HASH_VERSION}")];
        for (k, v) in self.fields() {
            parts.push(format!("{}={}", encode(&k), encode(&v)));
        }
        parts.join("&")
    }

    /// Reads a URL hash (with or without `#`). Fields that are damaged, unknown or out of
    /// range are ignored and listed, the rest applied over the defaults: a broken link still
    /// opens a working page and says what it could not use.
    pub fn from_hash(hash: &str) -> (Playground, Vec<String>) {
        let mut state = Playground::default();
        let mut ignored = Vec::new();
        let hash = hash.trim_start_matches('#');
        for pair in hash.split('&').filter(|p| !p.is_empty()) {
            let Some((key, value)) = pair.split_once('=') else {
                ignored.push(format!("{pair}: not a field=value pair"));
                continue;
            };
            let (Some(key), Some(value)) = (decode(key), decode(value)) else {
                ignored.push(format!("{pair}: damaged encoding"));
                continue;
            };
            if key == "v" {
                if value != HASH_VERSION.to_string() {
                    ignored.push(format!(
                        "the link is of format version {value}; this page reads version {HASH_VERSION}"
                    ));
                }
                continue;
            }
            if let Err(why) = state.apply(&key, &value) {
                ignored.push(format!("{key}={value}: {why}"));
            }
        }
        (state, ignored)
    }
}

/// The `scale` a surface starts with: condition 25 for the quadratic, feature scale 1 for the
/// regression.
pub fn default_scale(kind: SurfaceKind) -> f64 {
    match kind {
        SurfaceKind::Quadratic => 25.0,
        SurfaceKind::Regression => RegressionSpec::default().x_scale,
        _ => 1.0,
    }
}

/// A comma-separated list of panel names (with `fields`, also `data-field` names).
fn panel_list(value: &str, fields: bool) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    for name in value.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        if PANELS.contains(&name)
            || (fields
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "._".contains(c)))
        {
            out.push(name.to_string());
        } else {
            return Err(format!(
                "unknown panel {name:?} (one of {})",
                PANELS.join(", ")
            ));
        }
    }
    Ok(out)
}

/// `exact`, `gaussian:STD` or `batch:SIZE`.
fn parse_noise(value: &str) -> Result<GradientNoise, String> {
    let (kind, arg) = value.split_once(':').unwrap_or((value, ""));
    match kind {
        "exact" => Ok(GradientNoise::Exact),
        "gaussian" => Ok(GradientNoise::Gaussian {
            std: in_range(arg, 0.0, 100.0)?,
        }),
        "batch" => Ok(GradientNoise::MiniBatch {
            batch_size: whole(arg, 1, 2000)?,
        }),
        _ => Err(format!(
            "unknown gradient noise {value:?} (exact, gaussian:STD or batch:SIZE)"
        )),
    }
}

fn noise_text(noise: GradientNoise) -> String {
    match noise {
        GradientNoise::Exact => "exact".into(),
        GradientNoise::Gaussian { std } => format!("gaussian:{std}"),
        GradientNoise::MiniBatch { batch_size } => format!("batch:{batch_size}"),
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

impl Playground {
    /// Adds a lane (Adam at lr 0.01, unless it is a copy) and returns its index.
    pub fn add_lane(&mut self, copy_of: Option<usize>) -> Result<usize, String> {
        if self.lanes.len() >= MAX_LANES {
            return Err(format!("at most {MAX_LANES} lanes"));
        }
        let lane = match copy_of.and_then(|i| self.lanes.get(i)) {
            Some(l) => LaneConfig {
                name: self.unique_name(&format!("{} copy", l.name)),
                ..l.clone()
            },
            None => {
                let mut l = lane("", OptimizerKind::Adam, &[("lr", HyperValue::Number(0.01))]);
                l.name = self.unique_name("Adam");
                l
            }
        };
        self.lanes.push(lane);
        Ok(self.lanes.len() - 1)
    }

    /// Removes a lane; the last one stays.
    pub fn remove_lane(&mut self, i: usize) -> Result<(), String> {
        if self.lanes.len() <= 1 {
            return Err("a race needs at least one lane".into());
        }
        if i >= self.lanes.len() {
            return Err("no such lane".into());
        }
        self.lanes.remove(i);
        self.inspect_lane = self.inspect_lane.min(self.lanes.len() - 1);
        Ok(())
    }

    fn unique_name(&self, base: &str) -> String {
        let base: String = base.chars().take(20).collect();
        let taken = |n: &str| self.lanes.iter().any(|l| l.name == n);
        if !taken(&base) {
            return base;
        }
        (2..)
            .map(|k| format!("{base} {k}"))
            .find(|n| !taken(n))
            .unwrap()
    }

    /// Adds a hidden layer (a copy of the last one's width).
    pub fn add_layer(&mut self) -> Result<(), String> {
        if self.hidden.len() >= MAX_HIDDEN_LAYERS {
            return Err(format!("at most {MAX_HIDDEN_LAYERS} hidden layers"));
        }
        self.hidden.push(*self.hidden.last().unwrap_or(&4));
        Ok(())
    }

    /// Removes the last hidden layer (none left is a linear model).
    pub fn remove_layer(&mut self) -> Result<(), String> {
        self.hidden
            .pop()
            .map(|_| ())
            .ok_or_else(|| "there is no hidden layer left".into())
    }

    /// Adds a drawn training point of class `draw_class`; the data becomes custom.
    pub fn add_point(&mut self, point: [f64; 2]) {
        let class = self.draw_class;
        let (train, _) = self.custom_sets();
        train.push(point, class);
    }

    /// Erases the point nearest to `point` (within `radius`) from either set.
    pub fn erase_point(&mut self, point: [f64; 2], radius: f64) -> bool {
        let (train, test) = self.custom_sets();
        train.remove_nearest(point, radius).is_some()
            || test.remove_nearest(point, radius).is_some()
    }

    /// Replaces the data by imported points (`classes` 2 or 3), split into train and test by
    /// the train share with this state's seed.
    pub fn import_points(&mut self, points: &[([f64; 2], usize)], classes: usize) {
        let mut all = Dataset::new(classes);
        for &(p, label) in points {
            all.push(p, label);
        }
        let mut rng = Rng::fork(self.seed, 0);
        self.custom = Some(all.split(self.train_ratio, &mut rng));
        self.draw_class = self.draw_class.min(classes - 1);
    }

    /// Removes every point, for a learner who wants to draw a data set from scratch.
    pub fn clear_points(&mut self) {
        let classes = self.classes();
        self.custom = Some((Dataset::new(classes), Dataset::new(classes)));
    }

    fn custom_sets(&mut self) -> (&mut Dataset, &mut Dataset) {
        if self.custom.is_none() {
            self.custom = Some(self.datasets());
        }
        let (train, test) = self.custom.as_mut().unwrap();
        (train, test)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_is_the_issues_opening_race() {
        let p = Playground::default();
        assert_eq!(p.network().sizes, vec![2, 8, 8, 1]);
        assert_eq!(p.batch_size, 10);
        let names: Vec<&str> = p.lanes.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names, ["SGD", "Momentum", "Adam"]);
        assert_eq!(
            p.lanes[1].optimizer.get("momentum"),
            Some(HyperValue::Number(0.9))
        );
        assert_eq!(p.lanes[2].optimizer.lr(), 0.01);
        let race = p.race().unwrap();
        assert_eq!(race.lanes().len(), 3);
        assert_eq!(race.train().len() + race.test().len(), 400);
    }

    #[test]
    fn the_same_state_gives_the_same_data() {
        let p = Playground::default();
        assert_eq!(p.datasets(), p.datasets());
        let mut q = p.clone();
        q.apply("seed", "2").unwrap();
        assert_ne!(p.datasets().0.inputs, q.datasets().0.inputs);
    }

    #[test]
    fn bad_input_leaves_the_state_unchanged_and_says_why() {
        let mut p = Playground::default();
        let before = p.clone();
        assert_eq!(
            p.apply("noise", "abc").unwrap_err(),
            "\"abc\" is not a number"
        );
        assert_eq!(
            p.apply("noise", "3").unwrap_err(),
            "must be between 0 and 1"
        );
        assert_eq!(
            p.apply("layer.0", "40").unwrap_err(),
            "must be a whole number from 1 to 32"
        );
        assert_eq!(
            p.apply("lane.2.param.betas.0", "1.5").unwrap_err(),
            "adam: invalid betas[0] = 1.5: must be in [0, 1)"
        );
        assert_eq!(p.apply("lane.9.name", "x").unwrap_err(), "no such lane");
        assert_eq!(
            p.apply("bogus", "1").unwrap_err(),
            "unknown field \"bogus\""
        );
        assert_eq!(p, before);
    }

    #[test]
    fn edits_say_what_to_redo() {
        let mut p = Playground::default();
        assert_eq!(p.apply("noise", "0.2"), Ok(Change::Race));
        assert_eq!(p.apply("lane.0.param.lr", "0.1"), Ok(Change::Lane(0)));
        assert_eq!(p.lanes[0].optimizer.lr(), 0.1);
        assert_eq!(
            p.apply("lane.1.name", "Heavy ball"),
            Ok(Change::LaneName(1))
        );
        assert_eq!(p.apply("log_scale", "true"), Ok(Change::View));
        assert_eq!(p.apply("lane.0.optimizer", "rmsprop"), Ok(Change::Lane(0)));
        assert_eq!(
            p.lanes[0].optimizer.lr(),
            0.1,
            "the learning rate survives a switch"
        );
        assert_eq!(p.apply("lane.2.param.betas.1", "0.99"), Ok(Change::Lane(2)));
        assert_eq!(
            p.lanes[2].optimizer.get("betas"),
            Some(HyperValue::Pair(0.9, 0.99))
        );
    }

    #[test]
    fn schedules_are_picked_and_tuned() {
        let mut p = Playground::default();
        p.apply("lane.0.schedule", "StepLR").unwrap();
        p.apply("lane.0.schedule.gamma", "0.25").unwrap();
        assert!(matches!(p.lanes[0].schedule, Schedule::StepLR { gamma, .. } if gamma == 0.25));
        p.apply("lane.0.schedule", "MultiStepLR").unwrap();
        p.apply("lane.0.schedule.milestones", "10, 20").unwrap();
        assert!(
            matches!(&p.lanes[0].schedule, Schedule::MultiStepLR { milestones, .. } if milestones == &[10, 20])
        );
        assert!(p.apply("lane.0.schedule.gamma", "-1").is_err());
        for name in crate::schedule::SCHEDULE_NAMES {
            p.apply("lane.0.schedule", name).unwrap();
            assert_eq!(p.lanes[0].schedule.name(), name);
        }
    }

    #[test]
    fn three_classes_get_softmax_or_one_hot_outputs() {
        let mut p = Playground::default();
        p.apply("dataset", "spiral3").unwrap();
        let net = p.network();
        assert_eq!(net.outputs(), 3);
        assert_eq!(net.loss, Loss::SoftmaxCrossEntropy);
        p.apply("loss", "squared_error").unwrap();
        assert_eq!(p.network().loss, Loss::Mse);
        assert_eq!(p.network().output_activation, Activation::Linear);
        p.race().unwrap();
    }

    #[test]
    fn lanes_and_layers_have_limits() {
        let mut p = Playground::default();
        while p.lanes.len() < MAX_LANES {
            p.add_lane(Some(0)).unwrap();
        }
        assert_eq!(p.add_lane(None).unwrap_err(), "at most 6 lanes");
        assert_eq!(p.lanes[3].name, "SGD copy");
        assert_eq!(p.lanes[4].name, "SGD copy 2");
        for _ in 0..5 {
            p.remove_lane(0).unwrap();
        }
        assert_eq!(
            p.remove_lane(0).unwrap_err(),
            "a race needs at least one lane"
        );
        while p.hidden.len() < MAX_HIDDEN_LAYERS {
            p.add_layer().unwrap();
        }
        assert!(p.add_layer().is_err());
        while !p.hidden.is_empty() {
            p.remove_layer().unwrap();
        }
        assert_eq!(p.network().sizes, vec![2, 1]);
        p.race().unwrap();
    }

    #[test]
    fn the_url_hash_round_trips_the_state() {
        let mut p = Playground::default();
        for (field, value) in [
            ("view", "landscape"),
            ("surface", "quadratic"),
            ("scale", "50"),
            ("start", "1.5,-0.5"),
            ("gradient_noise", "gaussian:0.3"),
            ("seed", "42"),
            ("layers", "6,4,3"),
            ("lane.1.name", "Heavy ball & co"),
            ("lane.2.param.betas.1", "0.99"),
            ("lane.0.schedule", "MultiStepLR"),
            ("lane.0.schedule.milestones", "5, 9"),
            ("lane.0.batch_size", "1"),
        ] {
            p.apply(field, value).unwrap();
        }
        p.add_lane(Some(1)).unwrap();
        let hash = p.to_hash();
        assert!(hash.starts_with("v=1&view=landscape&"), "{hash}");
        let (q, ignored) = Playground::from_hash(&format!("#{hash}"));
        assert_eq!(ignored, Vec::<String>::new());
        assert_eq!(q, p);
        // Drawn points travel in the link too.
        p.clear_points();
        p.draw_class = 0;
        p.add_point([1.25, -0.5]);
        p.draw_class = 1;
        p.add_point([-2.0, 3.0]);
        let (q, ignored) = Playground::from_hash(&p.to_hash());
        assert!(ignored.is_empty(), "{ignored:?}");
        assert_eq!(q.datasets(), p.datasets());
        assert_eq!(Playground::from_hash("").0, Playground::default());
    }

    #[test]
    fn embed_keys_round_trip_and_are_checked() {
        let mut p = Playground::default();
        for (f, v) in [
            ("embed", "true"),
            ("show", "lanes,charts"),
            ("lock", "network,lane.0.param.lr"),
            ("autoplay", "1"),
            ("lang", "fa"),
        ] {
            p.apply(f, v).unwrap();
        }
        let (q, ignored) = Playground::from_hash(&p.to_hash());
        assert!(ignored.is_empty(), "{ignored:?}");
        assert_eq!(q, p);
        assert_eq!(
            q.show.as_deref(),
            Some(&["lanes".to_string(), "charts".to_string()][..])
        );
        assert!(p
            .apply("show", "lanes,popups")
            .unwrap_err()
            .starts_with("unknown panel \"popups\""));
        assert_eq!(
            p.apply("lang", "de").unwrap_err(),
            "unknown language \"de\" (en, ru or fa)"
        );
    }

    #[test]
    fn a_damaged_hash_keeps_what_it_can_and_says_what_it_ignored() {
        let (p, ignored) = Playground::from_hash(
            "v=2&seed=7&noise=lots&bogus=1&lane.0.param.lr=%ZZ&dataset=moons&junk",
        );
        assert_eq!(p.seed, 7);
        assert_eq!(p.dataset, DatasetKind::Moons);
        assert_eq!(p.noise, 0.0);
        assert_eq!(ignored.len(), 5, "{ignored:?}");
        assert!(ignored[0].contains("version 2"));
        assert_eq!(ignored[1], "noise=lots: \"lots\" is not a number");
        assert_eq!(ignored[2], "bogus=1: unknown field \"bogus\"");
    }

    /// `check` accepts exactly the states `race` builds (or that only lack points).
    #[test]
    fn the_cheap_check_agrees_with_building_the_race() {
        let mut p = Playground::default();
        assert_eq!(p.check(), Ok(()));
        p.race().unwrap();
        p.hidden = vec![40];
        assert_eq!(p.check().unwrap_err(), p.race().unwrap_err().to_string());
        p.hidden = vec![4];
        p.lanes[0]
            .optimizer
            .set("lr", HyperValue::Number(-1.0))
            .unwrap();
        assert_eq!(p.check().unwrap_err(), p.race().unwrap_err().to_string());
        let mut p = Playground::default();
        p.clear_points();
        assert_eq!(p.check(), Ok(()), "an empty plane waits for points");
        p.draw_class = 0;
        p.add_point([0.0, 0.0]);
        p.custom.as_mut().unwrap().0.labels[0] = 5;
        assert_eq!(p.check().unwrap_err(), p.race().unwrap_err().to_string());
    }

    /// A long link is read field by field with the cheap check, not a race per field (the
    /// page's speed test times it: a 4 KB link shows its lanes within 300 ms).
    #[test]
    fn long_links_are_read_whole() {
        let mut link = String::from("v=1&points=2000&layers=32,32,32,32,32,32&lanes=6");
        for _ in 0..400 {
            link.push_str("&noise=0");
        }
        let (p, ignored) = Playground::from_hash(&link);
        assert!(ignored.is_empty(), "{ignored:?}");
        assert_eq!((p.points, p.lanes.len(), p.hidden.len()), (2000, 6, 6));
    }

    #[test]
    fn the_landscape_follows_surface_scale_start_and_noise() {
        let mut p = Playground::default();
        p.apply("surface", "quadratic").unwrap();
        assert_eq!(p.scale, 25.0);
        let l = p.landscape();
        assert_eq!(l.start, [2.0, 1.0]);
        p.apply("start", "0.5,0.5").unwrap();
        p.apply("scale", "100").unwrap();
        let l = p.landscape();
        assert_eq!(l.start, [0.5, 0.5]);
        assert_eq!(l.surface.gradient([1.0, 1.0]), [1.0, 100.0]);
        assert_eq!(
            p.apply("gradient_noise", "loud").unwrap_err(),
            "unknown gradient noise \"loud\" (exact, gaussian:STD or batch:SIZE)"
        );
        assert_eq!(p.apply("surface", "regression"), Ok(Change::Landscape));
        assert_eq!(p.start, None);
    }

    #[test]
    fn drawn_points_replace_the_generated_sets() {
        let mut p = Playground::default();
        p.clear_points();
        assert!(p.race().is_err(), "no points, no race");
        p.draw_class = 0;
        p.add_point([1.0, 1.0]);
        p.draw_class = 1;
        p.add_point([-1.0, -1.0]);
        let (train, _) = p.datasets();
        assert_eq!(train.labels, vec![0, 1]);
        assert!(p.erase_point([0.9, 1.1], 0.5));
        assert_eq!(p.datasets().0.len(), 1);
        assert!(!p.erase_point([5.0, 5.0], 0.5));
    }
}
