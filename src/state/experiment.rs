//! The experiment: everything a link reproduces (data, network, lanes, the landscape, how
//! the curves are drawn), the seed included, as one plain struct. The page edits it through
//! [`Experiment::apply`] (one named field and the text of its input, read by the one field
//! table in [`super::fields`]) and builds the race from it, so the same experiment always
//! gives the same run. How the page is launched (embedding, locks, language) is not part of
//! it: see [`super::Launch`].

use crate::data::digits::{self, Scaling};
use crate::data::{Dataset, DatasetKind, Regression, RegressionSpec};
use crate::landscape::Landscape;
use crate::nn::{Activation, Init, Loss, MlpSpec, MAX_HIDDEN_LAYERS};
use crate::optim::{HyperValue, OptimizerConfig, OptimizerKind};
use crate::race::{LaneConfig, Race, RaceConfig, RaceError};
use crate::rng::Rng;
use crate::schedule::Schedule;
use crate::surface::{GradientNoise, Surface, SurfaceKind, TestFunction};

use super::values::{snap, MAX_CUSTOM_POINTS};

/// Why the digits refuse a drawn or imported point.
pub const NO_DRAWN_DIGITS: &str = "the digits take no drawn points";

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
    pub const ALL: [ViewKind; 2] = [ViewKind::Classifier, ViewKind::Landscape];

    pub fn name(self) -> &'static str {
        match self {
            ViewKind::Classifier => "classifier",
            ViewKind::Landscape => "landscape",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.name() == name)
    }
}

/// What each lane shows of the handwritten digits (they have no plane to map).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DigitView {
    /// True class against predicted class over the test set.
    Confusion,
    /// A sample of test digits with the lane's guess, the wrong ones marked.
    Digits,
    /// Each first-layer unit's incoming weights as an 8×8 image.
    Units,
}

impl DigitView {
    pub const ALL: [DigitView; 3] = [DigitView::Confusion, DigitView::Digits, DigitView::Units];

    pub fn name(self) -> &'static str {
        match self {
            DigitView::Confusion => "confusion",
            DigitView::Digits => "digits",
            DigitView::Units => "units",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.name() == name)
    }
}

/// Everything a link reproduces.
#[derive(Clone, Debug, PartialEq)]
pub struct Experiment {
    /// Drives data, initial weights, dropout and batch order.
    pub seed: u64,
    pub dataset: DatasetKind,
    /// Points generated (train and test together).
    pub points: usize,
    /// Noise level in `[0, 1]`.
    pub noise: f64,
    /// Share of the points used for training, in `[0.1, 0.9]`.
    pub train_ratio: f64,
    /// Points the learner drew, erased or imported replace the generated sets: `(train, test)`.
    pub custom: Option<(Dataset, Dataset)>,
    /// How the digits' pixels reach the network (only the digits have pixels).
    pub pixels: Scaling,
    /// What each lane shows of the digits.
    pub digit_view: DigitView,
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
}

/// A lane with an optimizer at its defaults but for the given hyperparameters.
pub fn lane(name: &str, kind: OptimizerKind, settings: &[(&str, HyperValue)]) -> LaneConfig {
    let mut optimizer = OptimizerConfig::default_for(kind);
    for (key, value) in settings {
        if optimizer.set(key, *value).is_err() {
            panic!("built-in lane settings name real hyperparameters");
        }
    }
    LaneConfig {
        name: name.to_string(),
        optimizer,
        schedule: Schedule::Constant,
        batch_size: None,
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

impl Default for Experiment {
    /// Two-class spiral, 2 → 8 → 8 → 1 tanh network, batch 10, three lanes: SGD (lr 0.03),
    /// SGD with momentum 0.9 and Adam (lr 0.01).
    fn default() -> Self {
        use HyperValue::Number;
        Experiment {
            seed: 1,
            dataset: DatasetKind::Spiral,
            points: 400,
            noise: 0.0,
            train_ratio: 0.5,
            custom: None,
            pixels: Scaling::Unit,
            digit_view: DigitView::Confusion,
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
            view: ViewKind::Classifier,
            surface: SurfaceKind::Rosenbrock,
            scale: default_scale(SurfaceKind::Rosenbrock),
            start: None,
            gradient_noise: GradientNoise::Exact,
            walk_steps: 500,
        }
    }
}

impl Experiment {
    /// Classes of the current data.
    pub fn classes(&self) -> usize {
        match &self.custom {
            Some((train, _)) if self.dataset != DatasetKind::Digits => train.classes,
            _ => self.dataset.classes(),
        }
    }

    /// The train and test sets this experiment describes.
    pub fn datasets(&self) -> (Dataset, Dataset) {
        if self.dataset == DatasetKind::Digits {
            // The fixed split of the digits the page fetched; none yet, no race yet.
            return match digits::installed() {
                Some(d) => d.datasets(1.0 - self.train_ratio, self.seed, self.pixels),
                None => {
                    let empty = Dataset::with_dim(digits::CLASSES, digits::PIXELS);
                    (empty.clone(), empty)
                }
            };
        }
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
        let mut sizes = vec![self.dataset.dim()];
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

    /// The landscape view this experiment describes.
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

    /// The learning rate this experiment gives a lane of `kind` whose rate the learner did not
    /// choose: the classifier's own, or in the landscape view one that walks its surface to a
    /// minimum ([`crate::landscape::suggested_lr`]).
    pub fn suggested_lr(&self, kind: OptimizerKind) -> f64 {
        match self.view {
            ViewKind::Classifier => kind.classifier_lr(),
            ViewKind::Landscape => crate::landscape::suggested_lr(&self.landscape().surface, kind),
        }
    }

    /// The rate each lane would be suggested now.
    pub fn suggestions(&self) -> Vec<f64> {
        self.lanes
            .iter()
            .map(|l| self.suggested_lr(l.optimizer.kind()))
            .collect()
    }

    /// After a change of view, surface or scale: a lane still at the rate suggested `before`
    /// (the learner did not set one) takes the rate suggested now; a chosen rate stays.
    pub fn follow_suggestions(&mut self, before: &[f64]) {
        let now = self.suggestions();
        for ((lane, old), new) in self.lanes.iter_mut().zip(before).zip(now) {
            if lane.optimizer.lr() == *old {
                let _ = lane.optimizer.set("lr", HyperValue::Number(new));
            }
        }
    }

    /// Builds the race this experiment describes.
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

    /// Whether [`Experiment::race`] would accept this experiment, found without building the
    /// race (no data generated, no network evaluated), so a link of hundreds of fields is
    /// checked field by field in microseconds. No training points is not an error here: the
    /// page shows the empty plane and waits for points.
    pub fn check(&self) -> Result<(), String> {
        self.network().validate().map_err(|e| e.to_string())?;
        for lane in &self.lanes {
            if let Err(error) = lane.optimizer.validate() {
                let lane = lane.name.clone();
                return Err(RaceError::Optimizer { lane, error }.to_string());
            }
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
}

/// Editing lanes, layers and points.
impl Experiment {
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
            .expect("at most six lanes take names")
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

    /// Adds a drawn training point of `class`, snapped to a thousandth; the data becomes
    /// custom.
    pub fn add_point(&mut self, point: [f64; 2], class: usize) -> Result<(), String> {
        if self.dataset == DatasetKind::Digits {
            return Err(NO_DRAWN_DIGITS.into());
        }
        if class >= self.classes() {
            return Err(format!("there is no class {class}"));
        }
        let (train, test) = self.custom_sets();
        if train.len() + test.len() >= MAX_CUSTOM_POINTS {
            return Err(format!(
                "at most {MAX_CUSTOM_POINTS} points: erase some before drawing more"
            ));
        }
        train.push([snap(point[0]), snap(point[1])], class);
        Ok(())
    }

    /// Erases the point nearest to `point` (within `radius`) from either set.
    pub fn erase_point(&mut self, point: [f64; 2], radius: f64) -> bool {
        if self.dataset == DatasetKind::Digits {
            return false;
        }
        let (train, test) = self.custom_sets();
        train.remove_nearest(point, radius).is_some()
            || test.remove_nearest(point, radius).is_some()
    }

    /// Replaces the data by imported points (`classes` 2 or 3): the train and test sets as
    /// given, or with `test` `None`, `train` split by the train share with this experiment's
    /// seed.
    pub fn import_points(
        &mut self,
        train: &[([f64; 2], usize)],
        test: Option<&[([f64; 2], usize)]>,
        classes: usize,
    ) {
        if self.dataset == DatasetKind::Digits {
            return;
        }
        let set = |points: &[([f64; 2], usize)]| {
            let mut d = Dataset::new(classes);
            for &(p, label) in points {
                d.push(p, label);
            }
            d
        };
        self.custom = Some(match test {
            Some(test) => (set(train), set(test)),
            None => set(train).split(self.train_ratio, &mut Rng::fork(self.seed, 0)),
        });
    }

    /// Removes every point, for a learner who wants to draw a data set from scratch.
    pub fn clear_points(&mut self) {
        if self.dataset == DatasetKind::Digits {
            return;
        }
        let classes = self.classes();
        self.custom = Some((Dataset::new(classes), Dataset::new(classes)));
    }

    /// The custom sets, made from the generated ones (snapped to a thousandth, so a link
    /// carries them exactly and briefly) at the first edit.
    fn custom_sets(&mut self) -> (&mut Dataset, &mut Dataset) {
        if self.custom.is_none() {
            let (mut train, mut test) = self.datasets();
            for v in train.inputs.iter_mut().chain(test.inputs.iter_mut()) {
                *v = snap(*v);
            }
            self.custom = Some((train, test));
        }
        let (train, test) = self.custom.as_mut().expect("made just above");
        (train, test)
    }
}
