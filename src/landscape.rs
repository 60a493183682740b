//! The loss-landscape view's engine: every lane walks a 2-D test surface from the same start
//! with its own optimizer and schedule, and a hyperparameter map runs one lane's optimizer from
//! that start for every cell of a grid of two hyperparameters.
//!
//! Same fairness as the classifier race: every walker starts at the same point and, with
//! stochastic gradients, draws the same noise (the same seed) and the same mini-batches.

use crate::optim::{ConfigError, HyperValue, Optimizer, OptimizerConfig, OptimizerKind, StepScale};
use crate::race::{DivergenceCause, Instability, LaneConfig, RunawayWatch, Weights};
use crate::rng::Rng;
use crate::surface::{GradientNoise, Surface, TestFunction};

/// A point the walker reached and what moved it there.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct WalkStep {
    /// Position after the step.
    pub point: [f64; 2],
    /// Loss (exact) at `point`.
    pub loss: f64,
    /// The (possibly noisy) gradient the optimizer saw at the previous point.
    pub grad: [f64; 2],
    /// The change the optimizer made.
    pub update: [f64; 2],
    /// The optimizer's velocity (`momentum_buffer`) or first moment (`exp_avg`) after the
    /// step, when it keeps one.
    pub velocity: Option<[f64; 2]>,
    /// Learning rate of the step.
    pub lr: f64,
}

/// One lane on the surface.
#[derive(Clone, Debug)]
pub struct Walker {
    pub name: String,
    config: LaneConfig,
    optimizer: Optimizer,
    surface: Surface,
    rng: Rng,
    point: [f64; 2],
    /// The start and every point since.
    pub path: Vec<[f64; 2]>,
    /// Loss at every point of `path`.
    pub losses: Vec<f64>,
    last: Option<WalkStep>,
    diverged: Option<(usize, DivergenceCause)>,
    /// Watches the loss for a runaway that stays finite.
    runaway: RunawayWatch,
}

/// How the landscape view is set up: the surface with its noise, the start and the seed.
#[derive(Clone, Debug)]
pub struct Landscape {
    pub surface: Surface,
    pub start: [f64; 2],
    /// Seeds the gradient noise and the mini-batch order, the same for every walker.
    pub seed: u64,
}

impl Landscape {
    /// A walker for `lane` at the start. `batch_size` overrides the surface's mini-batch size
    /// for this lane (the regression surface's batch, mini-batch and batch-1 lanes).
    pub fn walker(&self, lane: &LaneConfig) -> Result<Walker, ConfigError> {
        let optimizer = lane.optimizer.build(2)?;
        let mut surface = self.surface.clone();
        let noise = match (surface.noise(), lane.batch_size) {
            (GradientNoise::MiniBatch { .. }, Some(batch_size)) => {
                GradientNoise::MiniBatch { batch_size }
            }
            (noise, _) => noise,
        };
        surface.set_noise(noise, self.seed);
        let loss = surface.value(self.start);
        Ok(Walker {
            name: lane.name.clone(),
            config: lane.clone(),
            optimizer,
            surface,
            rng: Rng::fork(self.seed, 4),
            point: self.start,
            path: vec![self.start],
            losses: vec![loss],
            last: None,
            diverged: None,
            runaway: {
                let mut watch = RunawayWatch::default();
                watch.check(0, loss);
                watch
            },
        })
    }

    /// Walks `lane` for `steps` steps (fewer if it diverges).
    pub fn walk(&self, lane: &LaneConfig, steps: usize) -> Result<Walker, ConfigError> {
        let mut w = self.walker(lane)?;
        for _ in 0..steps {
            w.step();
        }
        Ok(w)
    }
}

impl Walker {
    /// One step: gradient (exact or noisy), learning rate from the schedule, optimizer update.
    /// Does nothing once diverged.
    pub fn step(&mut self) {
        if self.diverged.is_some() {
            return;
        }
        let k = self.path.len() - 1;
        let lr = self.config.schedule.lr_at(self.config.optimizer.lr(), k);
        self.optimizer.set_lr(lr);
        let g = self.surface.stochastic_gradient(self.point, &mut self.rng);
        let before = self.point;
        let mut p = self.point;
        self.optimizer.step(&mut p, &g);
        let loss = self.surface.value(p);
        // Only momentum-like buffers are velocities (Adagrad's first buffer is a sum of squares).
        let velocity = self
            .optimizer
            .state()
            .into_iter()
            .find(|(name, v)| matches!(*name, "momentum_buffer" | "exp_avg") && v.len() == 2)
            .map(|(_, v)| [v[0], v[1]]);
        self.point = p;
        self.path.push(p);
        self.losses.push(loss);
        self.last = Some(WalkStep {
            point: p,
            loss,
            grad: g,
            update: [p[0] - before[0], p[1] - before[1]],
            velocity,
            lr,
        });
        self.runaway.check(self.path.len() - 1, loss);
        let cause = DivergenceCause::of(loss, Weights::after(&p, &before, &g));
        if let Some(cause) = cause {
            self.diverged = Some((self.path.len() - 1, cause));
        }
    }

    pub fn point(&self) -> [f64; 2] {
        self.point
    }

    pub fn steps(&self) -> usize {
        self.path.len() - 1
    }

    pub fn loss(&self) -> f64 {
        *self.losses.last().expect("a walker has its start")
    }

    pub fn last_step(&self) -> Option<&WalkStep> {
        self.last.as_ref()
    }

    pub fn diverged(&self) -> Option<(usize, DivergenceCause)> {
        self.diverged
    }

    /// Whether the walker runs away without (yet) blowing up: its loss has stayed far above
    /// its start for the last few steps.
    pub fn unstable(&self) -> Option<Instability> {
        self.runaway.unstable
    }

    pub fn optimizer(&self) -> &Optimizer {
        &self.optimizer
    }

    pub fn config(&self) -> &LaneConfig {
        &self.config
    }

    /// Length of the path walked, the sum of its steps.
    pub fn path_length(&self) -> f64 {
        self.path.windows(2).map(|w| distance(w[0], w[1])).sum()
    }

    /// Straight-line distance from the start to the current point.
    pub fn displacement(&self) -> f64 {
        distance(self.path[0], self.point)
    }

    /// What the last step did, in words and numbers, for the step-by-step mode.
    pub fn caption(&self) -> String {
        self.caption_in(crate::i18n::Lang::En)
    }

    /// [`Walker::caption`] in `lang`.
    pub fn caption_in(&self, lang: crate::i18n::Lang) -> String {
        use crate::i18n::{fill, t, translate};
        let Some(s) = self.last else {
            return fill(t(lang, "cap.waits"), &[&self.name]);
        };
        let what = translate(lang, self.config.optimizer.caption());
        let mut text = fill(
            t(lang, "cap.step"),
            &[
                &self.steps().to_string(),
                what,
                &short(s.grad[0]),
                &short(s.grad[1]),
                &short(s.update[0]),
                &short(s.update[1]),
                &short(s.loss),
            ],
        );
        if let Some((name, values)) = self.optimizer.state().first().filter(|(_, v)| v.len() == 2) {
            text.push_str(&format!(
                " {name} = ({}, {}).",
                short(values[0]),
                short(values[1])
            ));
        }
        text
    }
}

fn short(v: f64) -> String {
    crate::format::figure(v)
}

fn distance(a: [f64; 2], b: [f64; 2]) -> f64 {
    ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)).sqrt()
}

/// A learning rate at which an optimizer of `kind` walks `surface` from its default start to a
/// minimum (a local one on Rastrigin) within a few hundred steps: what the landscape view
/// gives a lane whose rate the learner did not choose. By how the rate sizes a step
/// ([`StepScale`]): a gradient step needs the surface's own [`TestFunction::gradient_lr`];
/// a normalized step of 0.05 per coordinate suits every surface here (their minima lie a few
/// units from the start); Adagrad's shrinking step starts four times larger; RAdam's first
/// gradient steps must also stay safe; Adadelta's unit-free step takes its torch default, 1.
pub fn suggested_lr(surface: &Surface, kind: OptimizerKind) -> f64 {
    const NORMALIZED: f64 = 0.05;
    match kind.step_scale() {
        StepScale::Gradient => surface.gradient_lr(),
        StepScale::Normalized => NORMALIZED,
        StepScale::Accumulating => 4.0 * NORMALIZED,
        StepScale::Rectified => NORMALIZED.min(5.0 * surface.gradient_lr()),
        StepScale::Unitless => 1.0,
    }
}

/// One axis of a hyperparameter map: a numeric hyperparameter (or one number of a pair, as
/// `betas.0`) from `low` to `high`, evenly or logarithmically spaced.
#[derive(Clone, Debug, PartialEq)]
pub struct Axis {
    pub name: String,
    pub low: f64,
    pub high: f64,
    pub log: bool,
}

impl Axis {
    /// The value of cell `i` of `n` (cell centres).
    pub fn value(&self, i: usize, n: usize) -> f64 {
        let t = (i as f64 + 0.5) / n as f64;
        if self.log {
            self.low * (self.high / self.low).powf(t)
        } else {
            self.low + (self.high - self.low) * t
        }
    }

    /// Whether `config` has this hyperparameter as a number.
    fn check(&self, config: &OptimizerConfig) -> Result<(), String> {
        if self.log && !(self.low > 0.0 && self.high > 0.0) {
            return Err(format!(
                "a log axis needs positive bounds for {}",
                self.name
            ));
        }
        if !(self.low.is_finite() && self.high.is_finite() && self.low < self.high) {
            return Err(format!(
                "{}: the low bound must be below the high one",
                self.name
            ));
        }
        let mut probe = config.clone();
        set(&mut probe, &self.name, self.low)
    }
}

/// Sets a numeric hyperparameter, or one number (`name.0` / `name.1`) of a pair.
pub fn set(config: &mut OptimizerConfig, name: &str, value: f64) -> Result<(), String> {
    let (base, which) = match name.split_once('.') {
        Some((b, w)) => (b, Some(w)),
        None => (name, None),
    };
    let new = match (config.get(base), which) {
        (Some(HyperValue::Number(_)), None) => HyperValue::Number(value),
        (Some(HyperValue::Pair(_, b)), Some("0")) => HyperValue::Pair(value, b),
        (Some(HyperValue::Pair(a, _)), Some("1")) => HyperValue::Pair(a, value),
        _ => {
            return Err(format!(
                "{} has no numeric hyperparameter {name}",
                config.kind().label()
            ))
        }
    };
    config.set(base, new).map_err(|e| e.to_string())
}

/// Most walker steps a hyperparameter map may take in all (cells × steps per cell): a few
/// seconds of one core, spread over frames.
pub const MAX_MAP_WORK: u64 = 20_000_000;

/// A grid of final losses over two hyperparameters, filled cell by cell so the page can spread
/// the work over animation frames.
#[derive(Clone, Debug)]
pub struct HyperMap {
    pub x: Axis,
    pub y: Axis,
    /// Cells per side.
    pub n: usize,
    /// Steps run per cell.
    pub steps: usize,
    landscape: Landscape,
    lane: LaneConfig,
    /// Final loss per cell, row-major from the bottom (`y` low) row; NaN = diverged or invalid.
    pub losses: Vec<f64>,
    next: usize,
}

impl HyperMap {
    /// A map of `n × n` cells of `steps` steps each for `lane` from the landscape's start.
    pub fn new(
        landscape: Landscape,
        lane: LaneConfig,
        x: Axis,
        y: Axis,
        n: usize,
        steps: usize,
    ) -> Result<HyperMap, String> {
        if x.name == y.name {
            return Err("pick two different hyperparameters".into());
        }
        let work = (n as u64)
            .saturating_mul(n as u64)
            .saturating_mul(steps as u64);
        if work > MAX_MAP_WORK {
            return Err(format!(
                "{n} × {n} cells of {steps} steps is {work} steps in all; a map takes at most {MAX_MAP_WORK} (for example 256 × 256 cells of 300 steps)"
            ));
        }
        x.check(&lane.optimizer)?;
        y.check(&lane.optimizer)?;
        Ok(HyperMap {
            x,
            y,
            n: n.max(1),
            steps,
            landscape,
            lane,
            losses: Vec::with_capacity(n * n),
            next: 0,
        })
    }

    /// The lane's configuration at cell `(i, j)` (column `i` along `x`, row `j` along `y`).
    pub fn config_at(&self, i: usize, j: usize) -> Result<LaneConfig, String> {
        let mut lane = self.lane.clone();
        set(&mut lane.optimizer, &self.x.name, self.x.value(i, self.n))?;
        set(&mut lane.optimizer, &self.y.name, self.y.value(j, self.n))?;
        lane.optimizer.validate().map_err(|e| e.to_string())?;
        Ok(lane)
    }

    /// Runs up to `cells` more cells; returns whether the map is complete.
    pub fn run(&mut self, cells: usize) -> bool {
        for _ in 0..cells {
            if self.done() {
                break;
            }
            let (i, j) = (self.next % self.n, self.next / self.n);
            let loss = match self.config_at(i, j) {
                Ok(lane) => match self.landscape.walk(&lane, self.steps) {
                    Ok(w) if w.diverged().is_none() => w.loss(),
                    _ => f64::NAN,
                },
                Err(_) => f64::NAN,
            };
            self.losses.push(loss);
            self.next += 1;
        }
        self.done()
    }

    pub fn done(&self) -> bool {
        self.next >= self.n * self.n
    }

    /// Cells computed so far.
    pub fn progress(&self) -> usize {
        self.next
    }
}

/// The numeric hyperparameters of an optimizer a map can sweep (pairs as `name.0`, `name.1`).
pub fn sweepable(config: &OptimizerConfig) -> Vec<String> {
    let mut names = Vec::new();
    for spec in config.kind().params() {
        match config.get(spec.name) {
            Some(HyperValue::Number(_)) => names.push(spec.name.to_string()),
            Some(HyperValue::Pair(..)) => {
                names.push(format!("{}.0", spec.name));
                names.push(format!("{}.1", spec.name));
            }
            _ => {}
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{translate, Lang};
    use crate::optim::OptimizerKind;
    use crate::schedule::Schedule;
    use crate::surface::SurfaceKind;

    fn lane(kind: OptimizerKind, settings: &[(&str, f64)]) -> LaneConfig {
        let mut optimizer = OptimizerConfig::default_for(kind);
        for (k, v) in settings {
            set(&mut optimizer, k, *v).unwrap();
        }
        LaneConfig {
            name: kind.label().into(),
            optimizer,
            schedule: Schedule::Constant,
            batch_size: None,
        }
    }

    fn bowl() -> Landscape {
        Landscape {
            surface: Surface::quadratic(25.0),
            start: [2.0, 1.0],
            seed: 1,
        }
    }

    #[test]
    fn gradient_descent_walks_to_the_minimum() {
        let w = bowl()
            .walk(&lane(OptimizerKind::Sgd, &[("lr", 0.07)]), 300)
            .unwrap();
        assert!(w.loss() < 1e-6, "{}", w.loss());
        assert_eq!(w.path.len(), 301);
        assert!(w.caption().contains("step against the gradient"));
        assert_eq!(w.last_step().unwrap().velocity, None);
        let ada = bowl().walk(&lane(OptimizerKind::Adagrad, &[]), 3).unwrap();
        assert_eq!(
            ada.last_step().unwrap().velocity,
            None,
            "a sum of squares is no velocity"
        );
        let heavy = bowl()
            .walk(
                &lane(OptimizerKind::Sgd, &[("lr", 0.01), ("momentum", 0.9)]),
                3,
            )
            .unwrap();
        assert!(heavy.last_step().unwrap().velocity.is_some());
    }

    #[test]
    fn a_too_large_step_diverges_and_stops() {
        let w = bowl()
            .walk(&lane(OptimizerKind::Sgd, &[("lr", 0.5)]), 2000)
            .unwrap();
        let (step, _) = w.diverged().expect("lr 0.5 > 2/25 diverges");
        assert_eq!(w.steps(), step);
    }

    #[test]
    fn walkers_share_noise_and_batches() {
        let mut l = Landscape {
            surface: Surface::new(SurfaceKind::Regression),
            start: [0.0, 0.0],
            seed: 3,
        };
        l.surface
            .set_noise(GradientNoise::MiniBatch { batch_size: 4 }, 3);
        let a = l
            .walk(&lane(OptimizerKind::Sgd, &[("lr", 0.01)]), 50)
            .unwrap();
        let b = l
            .walk(&lane(OptimizerKind::Sgd, &[("lr", 0.01)]), 50)
            .unwrap();
        assert_eq!(a.path, b.path);
        let mut one = lane(OptimizerKind::Sgd, &[("lr", 0.01)]);
        one.batch_size = Some(1);
        let c = l.walk(&one, 50).unwrap();
        assert_ne!(a.path, c.path);
    }

    #[test]
    fn a_hyperparameter_map_fills_its_grid_and_marks_divergence() {
        let lane = lane(OptimizerKind::Sgd, &[("lr", 0.01), ("momentum", 0.5)]);
        let x = Axis {
            name: "lr".into(),
            low: 1e-3,
            high: 1.0,
            log: true,
        };
        let y = Axis {
            name: "momentum".into(),
            low: 0.0,
            high: 0.99,
            log: false,
        };
        let mut map = HyperMap::new(bowl(), lane, x, y, 8, 100).unwrap();
        assert!(!map.run(10));
        assert_eq!(map.progress(), 10);
        while !map.run(10) {}
        assert_eq!(map.losses.len(), 64);
        assert!(map.losses[7].is_nan(), "lr near 1 diverges on the bowl");
        assert!(map.losses.iter().any(|l| l.is_finite() && *l < 1e-3));
        let c = map.config_at(0, 7).unwrap();
        assert!(c.optimizer.lr() < 2e-3);
        assert!(HyperMap::new(
            bowl(),
            map.lane.clone(),
            map.x.clone(),
            map.x.clone(),
            8,
            10
        )
        .is_err());
    }

    /// Every caption an optimizer writes, in any setting, has its Russian and Persian in the
    /// catalogs beside the page.
    #[test]
    fn every_caption_is_translated() {
        crate::i18n::install_both();
        for &kind in OptimizerKind::ALL {
            let default = OptimizerConfig::default_for(kind);
            let mut captions = vec![default.caption()];
            for spec in kind.params() {
                let mut config = default.clone();
                let changed = match config.get(spec.name) {
                    Some(HyperValue::Number(_)) => HyperValue::Number(0.5),
                    Some(HyperValue::Bool(b)) => HyperValue::Bool(!b),
                    _ => continue,
                };
                config.set(spec.name, changed).unwrap();
                captions.push(config.caption());
            }
            for caption in captions {
                for lang in [Lang::Ru, Lang::Fa] {
                    assert_ne!(
                        translate(lang, caption),
                        caption,
                        "{caption:?} has no {lang:?}"
                    );
                }
            }
        }
        let momentum = lane(OptimizerKind::Sgd, &[("momentum", 0.9)]);
        let caption = translate(Lang::Ru, momentum.optimizer.caption());
        assert!(caption.contains("скорости"), "{caption}");
    }

    #[test]
    fn sweepable_lists_numbers_and_pair_halves() {
        let adam = OptimizerConfig::default_for(OptimizerKind::Adam);
        let names = sweepable(&adam);
        assert!(names.contains(&"lr".to_string()));
        assert!(names.contains(&"betas.0".to_string()));
        assert!(!names.contains(&"amsgrad".to_string()));
    }
    /// Every surface suggests every optimizer a rate that walks from the default start down
    /// to a minimum (a local one on Rastrigin): at least half the way in loss within 500
    /// steps, never diverging or running away; SGD with momentum 0.9 too.
    #[test]
    fn every_suggested_rate_walks_to_a_minimum() {
        for kind in crate::surface::SurfaceKind::ALL {
            let mut surface = if kind == crate::surface::SurfaceKind::Regression {
                Surface::regression(crate::data::Regression::generate(
                    crate::data::RegressionSpec::default(),
                    &mut Rng::fork(1, 5),
                ))
            } else {
                Surface::new(kind)
            };
            surface.set_noise(GradientNoise::Exact, 1);
            let land = Landscape {
                start: surface.default_start(),
                surface,
                seed: 1,
            };
            let (start, least) = (land.surface.value(land.start), land.surface.min_value());
            for &opt in OptimizerKind::ALL {
                let lr = suggested_lr(&land.surface, opt);
                let momenta: &[f64] = if opt == OptimizerKind::Sgd {
                    &[0.0, 0.9]
                } else {
                    &[0.0]
                };
                for &momentum in momenta {
                    let mut l = lane(opt, &[("lr", lr)]);
                    if momentum > 0.0 {
                        l.optimizer
                            .set("momentum", HyperValue::Number(momentum))
                            .unwrap();
                    }
                    let w = land.walk(&l, 500).unwrap();
                    let gap = (w.loss() - least) / (start - least);
                    let what = format!(
                        "{} {} lr {lr} momentum {momentum}: gap {gap}",
                        kind.name(),
                        opt.name()
                    );
                    assert!(w.diverged().is_none() && w.unstable().is_none(), "{what}");
                    assert!(gap < 0.5, "{what}");
                }
            }
        }
    }
    #[test]
    fn a_map_too_large_is_refused_with_the_limit() {
        let lane = lane(OptimizerKind::Sgd, &[("lr", 0.01)]);
        let axis = |name: &str, low, high| Axis {
            name: name.into(),
            low,
            high,
            log: false,
        };
        let map = |n, steps| {
            HyperMap::new(
                bowl(),
                lane.clone(),
                axis("lr", 0.001, 0.1),
                axis("momentum", 0.0, 0.9),
                n,
                steps,
            )
        };
        assert!(map(256, 300).is_ok());
        let e = map(256, 10_000).unwrap_err();
        assert!(
            e.contains("655360000 steps in all; a map takes at most 20000000"),
            "{e}"
        );
        assert!(map(usize::MAX, usize::MAX).is_err(), "no overflow");
    }
}
