//! The lectures' lessons as one-click presets: a title, a short explanation with the update
//! rule, something to try, and the exact page state (so a link reproduces the run). Every
//! lesson's claim is checked by a test at the bottom of this file that runs its preset through
//! the engine: a lesson whose claim fails its test is wrong, not the test.

use crate::state::Experiment;

/// One lesson.
#[derive(Clone, Debug)]
pub struct Lesson {
    /// Short name used in links (`#lesson=ID` is not needed: the link carries the whole state).
    pub id: &'static str,
    pub title: &'static str,
    /// Three to six sentences with the update rule.
    pub text: &'static str,
    pub try_this: &'static str,
    /// The fields applied over the defaults to build the preset.
    pub fields: &'static [(&'static str, &'static str)],
}

impl Lesson {
    /// Title, text and suggestion in `lang` (English when a translation is missing).
    pub fn localized(&self, lang: crate::i18n::Lang) -> (&'static str, &'static str, &'static str) {
        use crate::i18n::Lang;
        let table = match lang {
            Lang::En => return (self.title, self.text, self.try_this),
            Lang::Ru => crate::lessons_i18n::RU,
            Lang::Fa => crate::lessons_i18n::FA,
        };
        table
            .iter()
            .find(|(id, ..)| *id == self.id)
            .map_or((self.title, self.text, self.try_this), |(_, t, x, y)| {
                (*t, *x, *y)
            })
    }

    /// The page state of this lesson.
    pub fn state(&self) -> Experiment {
        let mut p = Experiment::default();
        for (field, value) in self.fields {
            if let Err(e) = p.apply(field, value) {
                panic!("lesson {}: {field}={value}: {e}", self.id);
            }
        }
        p
    }

    /// The link (a URL hash) that opens the page in this lesson's state.
    pub fn link(&self) -> String {
        format!("#{}", self.state().link())
    }
}

const LANDSCAPE: (&str, &str) = ("view", "landscape");

/// Every lesson, in teaching order.
pub const LESSONS: &[Lesson] = &[
    Lesson {
        id: "learning-rate",
        title: "1. Learning rate: too small, about right, too large",
        text: "Gradient descent moves against the gradient: w ← w − η·∇f(w). On a bowl whose steepest curvature is κ = 10, each step multiplies the distance along the steep direction by (1 − η·κ). With η = 0.01 that factor is 0.9 and progress crawls; with η = 0.15 it is −0.5 and the walker converges in a few zig-zags; with η = 0.25 it is −1.5 and every step overshoots further than the last, until the loss explodes.",
        try_this: "Find the largest learning rate that still converges: theory says η < 2/κ = 0.2.",
        fields: &[
            LANDSCAPE,
            ("surface", "quadratic"),
            ("scale", "10"),
            ("walk_steps", "100"),
            ("lanes", "3"),
            ("lane.0.optimizer", "sgd"),
            ("lane.0.name", "η = 0.01 (too small)"),
            ("lane.0.param.lr", "0.01"),
            ("lane.1.optimizer", "sgd"),
            ("lane.1.name", "η = 0.15 (about right)"),
            ("lane.1.param.lr", "0.15"),
            ("lane.2.optimizer", "sgd"),
            ("lane.2.name", "η = 0.25 (too large)"),
            ("lane.2.param.lr", "0.25"),
        ],
    },
    Lesson {
        id: "feature-scale",
        title: "2. Feature scale stretches the level lines",
        text: "The loss of linear regression over (w, b) is a bowl whose curvature along w grows with the square of the feature's scale. With the feature 5 times larger than the bias's, the level lines become a long narrow valley. Gradient descent, w ← w − η·g, must keep η below 2 divided by the steep direction's curvature, so it zig-zags across the valley and crawls along it. Momentum averages the zig-zag away, and Adam divides each coordinate's step by its own gradient size, so both walk down the valley.",
        try_this: "Set the scale to 1 (standardised feature): the level lines turn round and plain gradient descent walks straight.",
        fields: &[
            LANDSCAPE,
            ("surface", "regression"),
            ("scale", "5"),
            ("walk_steps", "200"),
            ("lanes", "3"),
            ("lane.0.optimizer", "sgd"),
            ("lane.0.name", "Gradient descent"),
            ("lane.0.param.lr", "0.078"),
            ("lane.1.optimizer", "sgd"),
            ("lane.1.name", "Momentum 0.8"),
            ("lane.1.param.lr", "0.004"),
            ("lane.1.param.momentum", "0.8"),
            ("lane.2.optimizer", "adam"),
            ("lane.2.name", "Adam"),
            ("lane.2.param.lr", "0.1"),
        ],
    },
    Lesson {
        id: "saddle",
        title: "3. Saddle points: where gradient descent stalls",
        text: "At a saddle point the gradient is zero but it is no minimum: the surface rises one way and falls the other; at a local minimum it rises every way, though a lower valley lies elsewhere. Started almost on the ridge, gradient descent slides into the saddle and sits there, because its step η·g is as small as the gradient. Momentum, v ← μ·v + g and w ← w − η·v, keeps the speed it gathered and rolls over the flat part; it leaves the saddle many steps sooner.",
        try_this: "Move the start exactly onto the ridge (y = 0): gradient descent never leaves, since nothing pushes it sideways. Then pick Rastrigin and start at (1.9, 0.2): with small steps both lanes stop in the nearest local minimum; raise the learning rate and momentum to watch the ball hop between basins, and sometimes fly off.",
        fields: &[
            LANDSCAPE,
            ("surface", "saddle"),
            ("walk_steps", "300"),
            ("lanes", "2"),
            ("lane.0.optimizer", "sgd"),
            ("lane.0.name", "Gradient descent"),
            ("lane.0.param.lr", "0.05"),
            ("lane.1.optimizer", "sgd"),
            ("lane.1.name", "Momentum 0.9"),
            ("lane.1.param.lr", "0.05"),
            ("lane.1.param.momentum", "0.9"),
        ],
    },
    Lesson {
        id: "batch-size",
        title: "4. Batch, mini-batch and batch-1 gradient descent",
        text: "Batch gradient descent averages the gradient over all 100 points: exact, but each step costs 100 gradient evaluations. Mini-batch SGD uses 10 points per step and batch-1 SGD one, so a step is 10 or 100 times cheaper, but its gradient is a noisy estimate of the true one. The noise shows as a wandering path that never quite settles: the smaller the batch, the larger the wandering around the minimum.",
        try_this: "Count cost, not steps: 100 steps of batch 1 cost as much as one full-batch step.",
        fields: &[
            LANDSCAPE,
            ("surface", "regression"),
            ("gradient_noise", "batch:10"),
            ("walk_steps", "400"),
            ("lanes", "3"),
            ("lane.0.optimizer", "sgd"),
            ("lane.0.name", "Full batch (100)"),
            ("lane.0.param.lr", "0.1"),
            ("lane.0.batch_size", "100"),
            ("lane.1.optimizer", "sgd"),
            ("lane.1.name", "Mini-batch 10"),
            ("lane.1.param.lr", "0.1"),
            ("lane.1.batch_size", "10"),
            ("lane.2.optimizer", "sgd"),
            ("lane.2.name", "Batch 1"),
            ("lane.2.param.lr", "0.1"),
            ("lane.2.batch_size", "1"),
        ],
    },
    Lesson {
        id: "decaying-step",
        title: "5. SGD needs a decaying step",
        text: "With noisy gradients, a constant step η keeps kicking the weights around the minimum: the noise never averages out. Shrinking the step, η_t = η₀ / t^0.3 as in the lecture, lets the later steps average many gradients, so the walker settles closer to the minimum. The decay must be slow enough that the steps still add up to an infinite distance (Σ η_t = ∞), or it would stop before arriving.",
        try_this: "Try the power 0.9: the steps shrink so fast that the walker stops short.",
        fields: &[
            LANDSCAPE,
            ("surface", "regression"),
            ("gradient_noise", "batch:1"),
            ("walk_steps", "2000"),
            ("lanes", "2"),
            ("lane.0.optimizer", "sgd"),
            ("lane.0.name", "Constant 0.1"),
            ("lane.0.param.lr", "0.1"),
            ("lane.1.optimizer", "sgd"),
            ("lane.1.name", "0.1 / t^0.3"),
            ("lane.1.param.lr", "0.1"),
            ("lane.1.schedule", "power"),
            ("lane.1.schedule.power", "0.3"),
        ],
    },
    Lesson {
        id: "momentum-nesterov",
        title: "6. Momentum as a heavy ball; Nesterov's look-ahead",
        text: "Classical momentum keeps a velocity: v ← μ·v + g, w ← w − η·v. Like a heavy ball, it speeds up along a consistent slope and carries past the bottom before it turns. Nesterov's version steps with the gradient at the point the velocity is about to reach, w ← w − η·(g + μ·v), so it brakes earlier and overshoots less. Both reach the bottom of a narrow valley far sooner than plain gradient descent.",
        try_this: "Raise the momentum to 0.99 and watch the heavy ball orbit.",
        fields: &[
            LANDSCAPE,
            ("surface", "quadratic"),
            ("scale", "25"),
            ("walk_steps", "200"),
            ("lanes", "3"),
            ("lane.0.optimizer", "sgd"),
            ("lane.0.name", "Gradient descent"),
            ("lane.0.param.lr", "0.02"),
            ("lane.1.optimizer", "sgd"),
            ("lane.1.name", "Heavy ball 0.9"),
            ("lane.1.param.lr", "0.02"),
            ("lane.1.param.momentum", "0.9"),
            ("lane.2.optimizer", "sgd"),
            ("lane.2.name", "Nesterov 0.9"),
            ("lane.2.param.lr", "0.02"),
            ("lane.2.param.momentum", "0.9"),
            ("lane.2.param.nesterov", "true"),
        ],
    },
    Lesson {
        id: "adagrad-rmsprop",
        title: "7. Adagrad's steps shrink too fast; RMSprop's average fixes it",
        text: "Adagrad divides each step by the root of the sum of all past squared gradients: G ← G + g², w ← w − η·g / (√G + ε). The sum only grows, so the effective step η / √G shrinks for ever, even where the surface is flat and big steps are needed. RMSprop keeps a running average instead, v ← α·v + (1 − α)·g², which remembers only about the last 1 / (1 − α) steps (10 steps for α = 0.9), so its effective step recovers.",
        try_this: "Set RMSprop's alpha to 0.999: the average now spans about 1000 steps and behaves more like Adagrad's sum.",
        fields: &[
            LANDSCAPE,
            ("surface", "quadratic"),
            ("scale", "25"),
            ("walk_steps", "200"),
            ("lanes", "2"),
            ("lane.0.optimizer", "adagrad"),
            ("lane.0.name", "Adagrad"),
            ("lane.0.param.lr", "0.05"),
            ("lane.1.optimizer", "rmsprop"),
            ("lane.1.name", "RMSprop (α = 0.9)"),
            ("lane.1.param.lr", "0.05"),
            ("lane.1.param.alpha", "0.9"),
        ],
    },
    Lesson {
        id: "adadelta",
        title: "8. Adadelta needs no learning rate",
        text: "Adadelta replaces the learning rate by a ratio of two running averages: Δ = √(u + ε) / √(v + ε) · g, where v averages squared gradients and u averages squared past steps, and then w ← w − Δ (torch keeps a factor lr = 1). The ratio has the units of the weights, so the same settings work whatever the scale of the problem. It starts slowly, since u begins at zero, and then speeds up by itself.",
        try_this: "Change the surface or its scale and keep Adadelta's settings: it still makes progress.",
        fields: &[
            LANDSCAPE,
            ("surface", "quadratic"),
            ("scale", "25"),
            ("walk_steps", "500"),
            ("lanes", "1"),
            ("lane.0.optimizer", "adadelta"),
            ("lane.0.name", "Adadelta (defaults)"),
            ("lane.0.param.lr", "1"),
        ],
    },
    Lesson {
        id: "adam-bias-correction",
        title: "9. Adam = momentum + RMSprop, and its bias correction",
        text: "Adam keeps a momentum-like average of gradients, m ← β₁·m + (1 − β₁)·g, and an RMSprop-like average of their squares, v ← β₂·v + (1 − β₂)·g², then steps w ← w − η·m̂ / (√v̂ + ε). Both averages start at zero, so early on they are too small; dividing by 1 − βᵗ (m̂ = m / (1 − β₁ᵗ), v̂ = v / (1 − β₂ᵗ)) undoes that. Without the correction the first step is (1 − β₁) / √(1 − β₂) ≈ 3.2 times the learning rate instead of about η.",
        try_this: "Take single steps and compare the two lanes' first moves.",
        fields: &[
            LANDSCAPE,
            ("surface", "quadratic"),
            ("scale", "25"),
            ("walk_steps", "200"),
            ("lanes", "2"),
            ("lane.0.optimizer", "adam"),
            ("lane.0.name", "Adam"),
            ("lane.0.param.lr", "0.1"),
            ("lane.1.optimizer", "adam"),
            ("lane.1.name", "Adam, no bias correction"),
            ("lane.1.param.lr", "0.1"),
            ("lane.1.param.bias_correction", "false"),
        ],
    },
    Lesson {
        id: "adam-large-lr",
        title: "10. Adam with a very large learning rate circles the minimum",
        text: "Adam's step m̂ / (√v̂ + ε) has a size of about 1 per coordinate whatever the gradient, so each step moves about η. Near the minimum the gradient shrinks but the step does not, and with a large η the walker keeps overshooting: it circles the bottom of the Rosenbrock valley at a distance of the order of η instead of settling. A smaller η or a decaying schedule lets it land.",
        try_this: "Give the lane a CosineAnnealingLR schedule: the circles tighten as the rate falls.",
        fields: &[
            LANDSCAPE,
            ("surface", "rosenbrock"),
            ("walk_steps", "500"),
            ("lanes", "2"),
            ("lane.0.optimizer", "adam"),
            ("lane.0.name", "Adam η = 0.5"),
            ("lane.0.param.lr", "0.5"),
            ("lane.1.optimizer", "adam"),
            ("lane.1.name", "Adam η = 0.05"),
            ("lane.1.param.lr", "0.05"),
        ],
    },
    Lesson {
        id: "adamw",
        title: "11. L2 in Adam versus decoupled weight decay (AdamW)",
        text: "Adding L2 to the loss adds λ·w to the gradient, and Adam then divides it by √v̂ like the rest: the pull toward zero is weak where gradients are large. AdamW decouples it (Loshchilov and Hutter, 2019): w ← w − η·λ·w, then the Adam step on the loss alone, so every weight decays at the same rate. The two settle at different points, AdamW nearer to the origin here.",
        try_this: "Set weight_decay to 0 in both lanes: they become the same optimizer.",
        fields: &[
            LANDSCAPE,
            ("surface", "rosenbrock"),
            ("walk_steps", "2000"),
            ("lanes", "2"),
            ("lane.0.optimizer", "adam"),
            ("lane.0.name", "Adam + L2 (λ = 0.5)"),
            ("lane.0.param.lr", "0.02"),
            ("lane.0.param.weight_decay", "0.5"),
            ("lane.1.optimizer", "adamw"),
            ("lane.1.name", "AdamW (λ = 0.5)"),
            ("lane.1.param.lr", "0.02"),
            ("lane.1.param.weight_decay", "0.5"),
        ],
    },
    Lesson {
        id: "rprop",
        title: "12. Rprop: only the sign of the gradient matters",
        text: "Rprop ignores the size of the gradient. Each weight has its own step s: it grows by η₊ = 1.2 while the gradient keeps its sign and shrinks by η₋ = 0.5 when the sign flips (the last step overshot); then w ← w − s·sign(g). Multiply the loss by 10 or by 0.1 and Rprop takes exactly the same path, where gradient descent's steps would grow or shrink tenfold.",
        try_this: "Change the scale of the bowl: Rprop's path keeps its rhythm of growing steps and halvings.",
        fields: &[
            LANDSCAPE,
            ("surface", "quadratic"),
            ("scale", "25"),
            ("walk_steps", "100"),
            ("lanes", "2"),
            ("lane.0.optimizer", "rprop"),
            ("lane.0.name", "Rprop"),
            ("lane.0.param.lr", "0.01"),
            ("lane.1.optimizer", "sgd"),
            ("lane.1.name", "Gradient descent"),
            ("lane.1.param.lr", "0.02"),
        ],
    },
    Lesson {
        id: "network-basics",
        title: "13. Inside the network: initialisation, activations, batch norm, dropout",
        text: "With every weight starting at zero, all units of a layer compute the same thing and receive the same gradient, so they stay identical for ever: the network cannot use its width. Random initialisation (Xavier: variance 2 / (fan_in + fan_out)) breaks the symmetry. Sigmoid units saturate (σ′ ≤ 0.25, near 0 for large inputs), which slows learning in deep stacks; ReLU units that never fire get no gradient and stay dead. Batch normalisation rescales each layer's inputs during training, and dropout switches random units off, so the network cannot lean on any single one.",
        try_this: "Switch the initialisation to Xavier, then try sigmoid and ReLU, then batch normalisation and dropout, and compare the curves.",
        fields: &[
            ("view", "classifier"),
            ("dataset", "circle"),
            ("init", "zeros"),
            ("lanes", "2"),
            ("lane.0.optimizer", "sgd"),
            ("lane.0.name", "SGD"),
            ("lane.0.param.lr", "0.1"),
            ("lane.1.optimizer", "adam"),
            ("lane.1.name", "Adam"),
            ("lane.1.param.lr", "0.01"),
        ],
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::landscape::Walker;
    use crate::nn::Init;
    use crate::optim::HyperValue;
    use crate::surface::TestFunction;

    fn lesson(id: &str) -> &'static Lesson {
        LESSONS.iter().find(|l| l.id == id).unwrap()
    }

    /// Every walker of a landscape lesson after its `walk_steps`.
    fn walk(id: &str) -> Vec<Walker> {
        let state = lesson(id).state();
        let land = state.landscape();
        state
            .lanes
            .iter()
            .map(|lane| land.walk(lane, state.walk_steps).unwrap())
            .collect()
    }

    fn first_step_below(w: &Walker, level: f64) -> usize {
        w.losses
            .iter()
            .position(|&l| l < level)
            .unwrap_or(usize::MAX)
    }

    fn mean(xs: &[f64]) -> f64 {
        xs.iter().sum::<f64>() / xs.len() as f64
    }

    #[test]
    fn every_lesson_is_complete_and_its_link_reopens_it() {
        assert!(LESSONS.len() >= 12);
        for l in LESSONS {
            let sentences = l.text.matches(". ").count() + 1;
            assert!(
                (3..=6).contains(&sentences),
                "{}: {sentences} sentences",
                l.id
            );
            assert!(!l.try_this.is_empty());
            let (state, ignored) = crate::state::read_experiment(&l.link());
            assert!(ignored.is_empty(), "{}: {ignored:?}", l.id);
            assert_eq!(state, l.state(), "{}", l.id);
        }
    }

    #[test]
    fn every_lesson_is_translated_into_russian_and_persian() {
        use crate::i18n::Lang;
        for l in LESSONS {
            for lang in [Lang::Ru, Lang::Fa] {
                let (title, text, try_this) = l.localized(lang);
                assert_ne!(title, l.title, "{} {lang:?}", l.id);
                assert_ne!(text, l.text, "{} {lang:?}", l.id);
                assert_ne!(try_this, l.try_this, "{} {lang:?}", l.id);
            }
        }
    }

    #[test]
    fn lesson_1_too_small_crawls_and_too_large_diverges() {
        let w = walk("learning-rate");
        assert!(
            w[0].loss() > 10.0 * w[1].loss(),
            "{} vs {}",
            w[0].loss(),
            w[1].loss()
        );
        assert!(w[1].loss() < 1e-6, "{}", w[1].loss());
        assert!(w[0].diverged().is_none() && w[1].diverged().is_none());
        assert!(w[2].diverged().is_some(), "η = 0.25 > 2/κ diverges");
        // Before it blows up, the runaway is called one: the badge says unstable first.
        let state = lesson("learning-rate").state();
        let mut too_large = state.landscape().walker(&state.lanes[2]).unwrap();
        let mut unstable_at = None;
        while too_large.diverged().is_none() {
            too_large.step();
            if too_large.unstable().is_some() && unstable_at.is_none() {
                unstable_at = Some(too_large.steps());
            }
        }
        let (diverged_at, _) = too_large.diverged().unwrap();
        assert!(
            unstable_at.is_some_and(|u| u + 10 < diverged_at),
            "{unstable_at:?} vs {diverged_at}"
        );
        assert!(w[0].unstable().is_none() && w[1].unstable().is_none());
    }

    #[test]
    fn lesson_2_gradient_descent_zig_zags_and_adam_does_not() {
        let w = walk("feature-scale");
        let ratio = |w: &Walker| w.path_length() / w.displacement();
        assert!(ratio(&w[0]) >= 3.0, "GD path/displacement {}", ratio(&w[0]));
        assert!(
            ratio(&w[2]) < 3.0,
            "Adam path/displacement {}",
            ratio(&w[2])
        );
        assert!(ratio(&w[1]) < ratio(&w[0]), "momentum {}", ratio(&w[1]));
    }

    #[test]
    fn lesson_3_momentum_leaves_the_saddle_sooner() {
        let w = walk("saddle");
        let (gd, heavy) = (first_step_below(&w[0], -2.0), first_step_below(&w[1], -2.0));
        assert!(heavy < usize::MAX, "momentum reaches a minimum");
        assert!(
            heavy * 2 <= gd,
            "momentum {heavy} steps, gradient descent {gd}"
        );
        // The try-this: on Rastrigin, small steps leave both in the local minimum near (2, 0).
        let mut state = lesson("saddle").state();
        for (f, v) in [
            ("surface", "rastrigin"),
            ("start", "1.9,0.2"),
            ("lane.0.param.lr", "0.005"),
            ("lane.1.param.lr", "0.005"),
        ] {
            state.apply(f, v).unwrap();
        }
        let land = state.landscape();
        for lane in &state.lanes {
            let w = land.walk(lane, 500).unwrap();
            assert!(
                (w.point()[0] - 1.99).abs() < 0.01 && w.point()[1].abs() < 0.01,
                "{:?}",
                w.point()
            );
            assert!(
                w.loss() > 3.9,
                "a local minimum, above the global 0: {}",
                w.loss()
            );
        }
    }

    #[test]
    fn lesson_4_smaller_batches_wander_more() {
        let w = walk("batch-size");
        let spread = |w: &Walker| {
            let tail = &w.losses[w.losses.len() - 200..];
            let m = mean(tail);
            (tail.iter().map(|l| (l - m).powi(2)).sum::<f64>() / tail.len() as f64).sqrt()
        };
        let (full, mini, one) = (spread(&w[0]), spread(&w[1]), spread(&w[2]));
        assert!(full < mini && mini < one, "{full} {mini} {one}");
        assert!(full < 1e-9, "full batch settles exactly: {full}");
    }

    #[test]
    fn lesson_5_a_decaying_step_settles_closer() {
        let state = lesson("decaying-step").state();
        let land = state.landscape();
        let least = land.surface.min_value();
        let w = walk("decaying-step");
        let excess = |w: &Walker| mean(&w.losses[w.losses.len() - 500..]) - least;
        assert!(
            excess(&w[1]) < 0.7 * excess(&w[0]),
            "decaying {} vs constant {}",
            excess(&w[1]),
            excess(&w[0])
        );
    }

    #[test]
    fn lesson_6_momentum_beats_gradient_descent_and_nesterov_overshoots_less() {
        let w = walk("momentum-nesterov");
        let reach = |w: &Walker| first_step_below(w, 1e-4);
        assert!(
            reach(&w[1]) * 2 < reach(&w[0]),
            "{} {}",
            reach(&w[1]),
            reach(&w[0])
        );
        assert!(
            reach(&w[2]) * 2 < reach(&w[0]),
            "{} {}",
            reach(&w[2]),
            reach(&w[0])
        );
        // Overshoot along the flat direction x (the start is x = 2): how far past 0 it swings.
        let overshoot = |w: &Walker| w.path.iter().map(|p| -p[0]).fold(0.0, f64::max);
        assert!(
            overshoot(&w[2]) < overshoot(&w[1]),
            "Nesterov {} vs heavy ball {}",
            overshoot(&w[2]),
            overshoot(&w[1])
        );
    }

    #[test]
    fn lesson_7_adagrads_effective_step_collapses_rmsprops_does_not() {
        let w = walk("adagrad-rmsprop");
        let effective = |w: &Walker, buffer: &str| {
            let lr = w.config().optimizer.lr();
            let state = w.optimizer().state();
            let (_, values) = state.iter().find(|(n, _)| *n == buffer).unwrap();
            mean(
                &values
                    .iter()
                    .map(|s| lr / (s.sqrt() + 1e-10))
                    .collect::<Vec<_>>(),
            )
        };
        let (ada, rms) = (effective(&w[0], "sum"), effective(&w[1], "square_avg"));
        assert!(ada < 0.1 * rms, "Adagrad {ada} vs RMSprop {rms}");
    }

    #[test]
    fn lesson_8_adadelta_makes_progress_with_its_defaults_at_any_scale() {
        let w = walk("adadelta");
        assert!(
            w[0].loss() < 0.1 * w[0].losses[0],
            "{} -> {}",
            w[0].losses[0],
            w[0].loss()
        );
        assert_eq!(w[0].config().optimizer.lr(), 1.0);
        // The same settings on a round bowl and on one 40 times steeper still make progress.
        for scale in ["1", "1000"] {
            let mut other = lesson("adadelta").state();
            other.apply("scale", scale).unwrap();
            let land = other.landscape();
            let s = land.walk(&other.lanes[0], other.walk_steps).unwrap();
            assert!(
                s.loss() < 0.1 * s.losses[0],
                "scale {scale}: {} -> {}",
                s.losses[0],
                s.loss()
            );
        }
    }

    #[test]
    fn lesson_9_without_bias_correction_the_first_step_is_3_times_too_long() {
        let state = lesson("adam-bias-correction").state();
        let land = state.landscape();
        let first = |i: usize| {
            land.walk(&state.lanes[i], 1)
                .unwrap()
                .last_step()
                .unwrap()
                .update
        };
        let (with, without) = (first(0), first(1));
        for k in 0..2 {
            assert!((with[k].abs() - 0.1).abs() < 1e-3, "{with:?}");
            let ratio = without[k].abs() / with[k].abs();
            assert!((ratio - 0.1 / 0.001f64.sqrt()).abs() < 0.01, "{ratio}");
        }
    }

    #[test]
    fn lesson_10_a_large_adam_step_circles_without_settling() {
        let w = walk("adam-large-lr");
        let tail = &w[0].path[w[0].path.len() - 100..];
        // Distance to Rosenbrock's minimum (1, 1).
        let dist: Vec<f64> = tail
            .iter()
            .map(|p| ((p[0] - 1.0).powi(2) + (p[1] - 1.0).powi(2)).sqrt())
            .collect();
        assert!(w[0].diverged().is_none());
        assert!(
            dist.iter().all(|&d| d < 0.5),
            "stays within η of the minimum: {dist:?}"
        );
        assert!(mean(&dist) > 0.05, "but does not settle: {}", mean(&dist));
    }

    #[test]
    fn lesson_11_adam_l2_and_adamw_settle_at_different_points() {
        let w = walk("adamw");
        let (a, b) = (w[0].point(), w[1].point());
        let gap = ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)).sqrt();
        assert!(gap > 0.05, "{a:?} vs {b:?}");
        let norm = |p: [f64; 2]| (p[0] * p[0] + p[1] * p[1]).sqrt();
        assert!(
            norm(b) < norm(a),
            "AdamW {b:?} nearer the origin than Adam+L2 {a:?}"
        );
    }

    #[test]
    fn lesson_12_rprop_ignores_the_gradients_size() {
        let state = lesson("rprop").state();
        let land = state.landscape();
        let path = |lane: usize, factor: f64| {
            let mut opt = state.lanes[lane].optimizer.build(2).unwrap();
            let mut p = land.start;
            let mut out = Vec::new();
            for _ in 0..state.walk_steps {
                let g = land.surface.gradient(p);
                opt.step(&mut p, &[factor * g[0], factor * g[1]]);
                out.push(p);
            }
            out
        };
        assert_eq!(path(0, 1.0), path(0, 10.0), "Rprop: same path on 10 f");
        assert_eq!(path(0, 1.0), path(0, 0.1), "Rprop: same path on f / 10");
        assert_ne!(path(1, 1.0), path(1, 10.0), "gradient descent changes");
    }

    #[test]
    fn lesson_13_zero_initialisation_keeps_units_identical() {
        let state = lesson("network-basics").state();
        let mut race = state.race().unwrap();
        race.step_to(300);
        let spec = state.network();
        let params = race.lanes()[1].net().params();
        let rows: Vec<Vec<f64>> = (0..spec.sizes[1])
            .map(|to| {
                (0..2)
                    .map(|from| params[spec.weight_index(0, to, from)])
                    .collect()
            })
            .collect();
        assert!(rows.windows(2).all(|r| r[0] == r[1]), "{rows:?}");
        // Random initialisation breaks the symmetry and the network learns the circle.
        let mut xavier = state.clone();
        xavier.init = Init::XavierUniform;
        let mut race = xavier.race().unwrap();
        race.step_to(3000);
        let lane = &race.lanes()[1];
        assert!(
            lane.latest().train_accuracy > 0.9,
            "{}",
            lane.latest().train_accuracy
        );
        assert_eq!(
            state.lanes[1].optimizer.get("lr"),
            Some(HyperValue::Number(0.01))
        );
    }
}
