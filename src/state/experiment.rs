//! The experiment: everything a link reproduces (data, network, lanes, the landscape, how
//! the curves are drawn), the seed included, as one plain struct. The page edits it through
//! [`Experiment::apply`] (one named field and the text of its input, read by the one field
//! table in [`super::fields`]) and builds the race from it, so the same experiment always
//! gives the same run. How the page is launched (embedding, locks, language) is not part of
//! it: see [`super::Launch`].

use crate::data::{Dataset, DatasetKind, Regression, RegressionSpec};
use crate::landscape::Landscape;
use crate::nn::{Activation, Init, Loss, MlpSpec, MAX_HIDDEN_LAYERS};
use crate::optim::{HyperValue, OptimizerConfig, OptimizerKind};
use crate::race::{LaneConfig, Race, RaceConfig, RaceError};
use crate::rng::Rng;
use crate::schedule::Schedule;
use crate::surface::{GradientNoise, Surface, SurfaceKind, TestFunction};

use super::table::{self, Change};
use super::values::{snap, MAX_CUSTOM_POINTS};

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
            Some((train, _)) => train.classes,
            None => self.dataset.classes(),
        }
    }

    /// The train and test sets this experiment describes.
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

    /// Applies the text of one input to the field it names (see [`super::fields::FIELDS`])
    /// and says what must be redone. On error the experiment is unchanged and the message says
    /// why, for the page to show next to the field.
    pub fn apply(&mut self, field: &str, value: &str) -> Result<Change, String> {
        table::apply(super::fields::FIELDS, self, field, value, |next, change| {
            if change == Change::Race {
                next.check()?;
            }
            Ok(())
        })
    }

    /// The `key=value` pairs that rebuild this experiment through [`Experiment::apply`].
    pub fn fields(&self) -> Vec<(String, String)> {
        table::write(super::fields::FIELDS, self)
    }

    /// This experiment's own link (a URL hash without `#`, no launch settings): what a
    /// lesson opens, a race file stores and a host's `load` message carries.
    pub fn link(&self) -> String {
        super::link::join(&self.fields())
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
        let (train, test) = self.custom_sets();
        train.remove_nearest(point, radius).is_some()
            || test.remove_nearest(point, radius).is_some()
    }

    /// Replaces the data by imported points (`classes` 2 or 3), split into train and test by
    /// the train share with this experiment's seed.
    pub fn import_points(&mut self, points: &[([f64; 2], usize)], classes: usize) {
        let mut all = Dataset::new(classes);
        for &(p, label) in points {
            all.push(p, label);
        }
        let mut rng = Rng::fork(self.seed, 0);
        self.custom = Some(all.split(self.train_ratio, &mut rng));
    }

    /// Removes every point, for a learner who wants to draw a data set from scratch.
    pub fn clear_points(&mut self) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::link::{hash, read_experiment};
    use crate::state::Launch;

    #[test]
    fn the_default_is_the_opening_race() {
        let p = Experiment::default();
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
    fn the_same_experiment_gives_the_same_data() {
        let p = Experiment::default();
        assert_eq!(p.datasets(), p.datasets());
        let mut q = p.clone();
        q.apply("seed", "2").unwrap();
        assert_ne!(p.datasets().0.inputs, q.datasets().0.inputs);
    }

    #[test]
    fn bad_input_leaves_the_experiment_unchanged_and_says_why() {
        let mut p = Experiment::default();
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
        assert_eq!(
            p.apply("embed", "1").unwrap_err(),
            "unknown field \"embed\""
        );
        assert_eq!(p, before);
    }

    #[test]
    fn edits_say_what_to_redo() {
        let mut p = Experiment::default();
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
        assert_eq!(p.apply("surface", "regression"), Ok(Change::Landscape));
    }

    #[test]
    fn schedules_are_picked_and_tuned() {
        let mut p = Experiment::default();
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
        let mut p = Experiment::default();
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
        let mut p = Experiment::default();
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
    fn the_landscape_follows_surface_scale_start_and_noise() {
        let mut p = Experiment::default();
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
        p.apply("surface", "regression").unwrap();
        assert_eq!(p.start, None);
    }

    #[test]
    fn drawn_points_replace_the_generated_sets_and_travel_exactly() {
        let mut p = Experiment::default();
        p.clear_points();
        assert!(p.race().is_err(), "no points, no race");
        p.add_point([1.0, 1.0], 0).unwrap();
        p.add_point([-1.23456, -1.0], 1).unwrap();
        assert_eq!(
            p.add_point([0.0, 0.0], 2).unwrap_err(),
            "there is no class 2"
        );
        let (train, _) = p.datasets();
        assert_eq!(train.labels, vec![0, 1]);
        assert_eq!(train.point(1), [-1.235, -1.0], "snapped to a thousandth");
        let (q, ignored) = read_experiment(&hash(&p, &Launch::default()));
        assert!(ignored.is_empty(), "{ignored:?}");
        assert_eq!(q, p);
        assert!(p.erase_point([0.9, 1.1], 0.5));
        assert_eq!(p.datasets().0.len(), 1);
        assert!(!p.erase_point([5.0, 5.0], 0.5));
        // Drawing on generated data keeps every point, snapped, and the link carries them all.
        let mut g = Experiment::default();
        g.add_point([0.5, 0.5], 1).unwrap();
        assert_eq!(g.datasets().0.len(), 201);
        let (h, _) = read_experiment(&hash(&g, &Launch::default()));
        assert_eq!(h.datasets(), g.datasets());
    }

    /// `check` accepts exactly the experiments `race` builds (or that only lack points).
    #[test]
    fn the_cheap_check_agrees_with_building_the_race() {
        let mut p = Experiment::default();
        assert_eq!(p.check(), Ok(()));
        p.hidden = vec![40];
        assert_eq!(p.check().unwrap_err(), p.race().unwrap_err().to_string());
        p.hidden = vec![4];
        p.lanes[0]
            .optimizer
            .set("lr", HyperValue::Number(-1.0))
            .unwrap();
        assert_eq!(p.check().unwrap_err(), p.race().unwrap_err().to_string());
        let mut p = Experiment::default();
        p.clear_points();
        assert_eq!(p.check(), Ok(()), "an empty plane waits for points");
        p.add_point([0.0, 0.0], 0).unwrap();
        p.custom.as_mut().unwrap().0.labels[0] = 5;
        assert_eq!(p.check().unwrap_err(), p.race().unwrap_err().to_string());
    }
}
