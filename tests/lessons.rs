//! Every built-in lesson read from its file beside the page (`www/lessons/`), as the page
//! fetches it, and its claim checked by running its state through the engine: a lesson whose
//! claim fails is wrong, not the test. Also the README's example lesson and the sample course.

use optimizer_playground::i18n::Lang;
use optimizer_playground::landscape::Walker;
use optimizer_playground::lessons::{parse_index, Lesson};
use optimizer_playground::nn::Init;
use optimizer_playground::optim::HyperValue;
use optimizer_playground::surface::TestFunction;

/// The built-in course, read from its files as the page fetches them.
fn course() -> Vec<Lesson> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/www/lessons");
    let read = |f: &str| std::fs::read_to_string(format!("{dir}/{f}")).unwrap();
    parse_index("index.txt", &read("index.txt"))
        .unwrap()
        .iter()
        .map(|f| Lesson::parse(f, &read(f)).unwrap_or_else(|e| panic!("{e}")))
        .collect()
}

fn lesson(id: &str) -> Lesson {
    course().into_iter().find(|l| l.id == id).unwrap()
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
    let lessons = course();
    assert!(lessons.len() >= 12);
    for l in &lessons {
        let en = l.text(Lang::En);
        let sentences = en.paragraphs.concat().matches(". ").count() + 1;
        assert!(
            (3..=6).contains(&sentences),
            "{}: {sentences} sentences",
            l.id
        );
        assert!(!en.try_this.is_empty());
        assert_eq!(l.file, format!("{}.md", l.id));
        let (state, ignored) = optimizer_playground::state::read_experiment(&l.link());
        assert!(ignored.is_empty(), "{}: {ignored:?}", l.id);
        assert_eq!(state, l.state(), "{}", l.id);
    }
}

#[test]
fn every_lesson_is_in_english_russian_and_persian() {
    for l in course() {
        assert_eq!(
            l.languages().collect::<Vec<_>>(),
            [Lang::En, Lang::Ru, Lang::Fa],
            "{}",
            l.id
        );
        for lang in [Lang::Ru, Lang::Fa] {
            let (t, en) = (l.text(lang), l.text(Lang::En));
            assert_ne!(t.title, en.title, "{} {lang:?}", l.id);
            assert_ne!(t.paragraphs, en.paragraphs, "{} {lang:?}", l.id);
            assert_ne!(t.try_this, en.try_this, "{} {lang:?}", l.id);
        }
    }
}

#[test]
fn the_readmes_example_lesson_reads() {
    let readme = include_str!("../README.md");
    let section = &readme[readme.find("## Write your own lesson").unwrap()..];
    let start = section.find("```text\n").unwrap() + 8;
    let example = &section[start..start + section[start..].find("```").unwrap()];
    let l = Lesson::parse("my-first.md", example).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(l.languages().collect::<Vec<_>>(), [Lang::En, Lang::Ru]);
    assert_eq!(l.text(Lang::En).paragraphs.len(), 2);
    assert_eq!(l.state().lanes.len(), 2);
    // Its challenge: SGD as it starts falls short; with momentum it gets there.
    let c = l.challenge.as_ref().expect("a challenge");
    let base = l.state();
    assert!(!optimizer_playground::challenge::judge(&c.goal, &c.attempt(&base, &base)).passed);
    let mut learner = base.clone();
    learner.apply("lane.0.param.momentum", "0.9").unwrap();
    let solved = optimizer_playground::challenge::judge(&c.goal, &c.attempt(&base, &learner));
    assert!(solved.passed, "{}", solved.text);
}

#[test]
fn the_sample_course_reads_in_english_and_russian() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/course");
    let read = |f: &str| std::fs::read_to_string(format!("{dir}/{f}")).unwrap();
    let files = parse_index("tests/course/index.txt", &read("index.txt")).unwrap();
    assert_eq!(files, ["step-size.md", "momentum.md"]);
    for f in files {
        let l = Lesson::parse(&f, &read(&f)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(l.languages().collect::<Vec<_>>(), [Lang::En, Lang::Ru]);
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

/// The built-in challenges: a known solution passes, the lesson's own state fails.
#[test]
fn every_built_in_challenge_is_solvable_and_not_solved_as_it_starts() {
    use optimizer_playground::challenge::judge;
    let solutions: &[(&str, &[(&str, &str)])] = &[
        ("learning-rate", &[("lane.0.param.lr", "0.15")]),
        // Standardise the feature, then a step six times larger is stable.
        (
            "feature-scale",
            &[("scale", "1"), ("lane.0.param.lr", "0.5")],
        ),
        (
            "rprop",
            &[("lane.1.optimizer", "rprop"), ("lane.1.param.lr", "0.01")],
        ),
        (
            "momentum-nesterov",
            &[
                ("lane.0.param.momentum", "0.9"),
                ("lane.0.param.nesterov", "true"),
            ],
        ),
        (
            "adagrad-rmsprop",
            &[("lane.0.optimizer", "rmsprop"), ("lane.0.param.lr", "0.05")],
        ),
        ("network-basics", &[("init", "xavier_uniform")]),
        (
            "decaying-step",
            &[
                ("lane.0.schedule", "power"),
                ("lane.0.schedule.power", "0.3"),
            ],
        ),
        ("batch-size", &[("lane.2.batch_size", "100")]),
        (
            "adadelta",
            &[("lane.0.optimizer", "adam"), ("lane.0.param.lr", "0.1")],
        ),
    ];
    let lessons = course();
    assert!(lessons.iter().filter(|l| l.challenge.is_some()).count() >= 9);
    for l in &lessons {
        let Some(c) = &l.challenge else { continue };
        let (_, solution) = solutions
            .iter()
            .find(|(id, _)| *id == l.id)
            .unwrap_or_else(|| panic!("{}: a challenge without a known solution", l.id));
        let base = l.state();
        let unchanged = judge(&c.goal, &c.attempt(&base, &base));
        assert!(
            !unchanged.passed,
            "{}: solved as it starts: {}",
            l.id, unchanged.text
        );
        let mut learner = base.clone();
        for (k, v) in solution.iter() {
            learner.apply(k, v).unwrap();
        }
        let solved = judge(&c.goal, &c.attempt(&base, &learner));
        assert!(solved.passed, "{}: {}", l.id, solved.text);
        assert!(
            solution.iter().all(|(k, _)| c.free.iter().any(|f| f == k)),
            "{}: the solution changes only free fields",
            l.id
        );
    }
}

/// The sample course's two challenges: a known solution passes, the starting state fails.
#[test]
fn the_sample_courses_challenges_are_solvable_and_not_solved_as_they_start() {
    use optimizer_playground::challenge::judge;
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/course");
    for (file, key, value) in [
        ("step-size.md", "lane.0.param.lr", "0.15"),
        ("momentum.md", "lane.0.param.momentum", "0.9"),
    ] {
        let text = std::fs::read_to_string(format!("{dir}/{file}")).unwrap();
        let l = Lesson::parse(file, &text).unwrap();
        let c = l.challenge.as_ref().expect("a challenge");
        let base = l.state();
        let unchanged = judge(&c.goal, &c.attempt(&base, &base));
        assert!(!unchanged.passed, "{file}: {}", unchanged.text);
        let mut learner = base.clone();
        learner.apply(key, value).unwrap();
        let solved = judge(&c.goal, &c.attempt(&base, &learner));
        assert!(solved.passed, "{file}: {}", solved.text);
    }
}

/// Lesson 14's claims on the handwritten digits: at the same steps momentum and Adam reach a
/// lower training loss than plain SGD; Adagrad's steps shrink as its sum of squared gradients
/// grows; Adadelta barely starts; raw pixels throw momentum off and speed plain SGD up, and
/// standardised ones help most lanes.
#[test]
fn lesson_14_momentum_and_adam_outrun_sgd_on_the_digits_and_adagrad_fades() {
    use optimizer_playground::data::digits::{install, Digits};
    let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/www/data/digits.bin"));
    install(Digits::decode(&bytes.unwrap()).unwrap());
    let state = lesson("digits-trainers").state();
    let mut race = state.race().unwrap();
    let names: Vec<&str> = race.lanes().iter().map(|l| l.name()).collect();
    assert_eq!(
        names,
        ["SGD", "Momentum", "Nesterov", "Adagrad", "Adadelta", "Adam"]
    );
    // Adagrad's effective rate, lr / √(mean accumulated square), early and late.
    let rate = |race: &optimizer_playground::race::Race| {
        let lane = &race.lanes()[3];
        let sum = lane
            .optimizer()
            .state()
            .into_iter()
            .find(|(n, _)| *n == "sum")
            .unwrap()
            .1;
        0.01 / (sum.iter().sum::<f64>() / sum.len() as f64).sqrt()
    };
    race.step_to(50);
    let early = rate(&race);
    race.step_to(600);
    let late = rate(&race);
    assert!(late < 0.5 * early, "Adagrad's rate {early} then {late}");
    let loss = |i: usize| race.lanes()[i].latest().train_loss;
    assert!(
        loss(1) < 0.8 * loss(0),
        "SGD {}, momentum {}",
        loss(0),
        loss(1)
    );
    assert!(loss(5) < 0.8 * loss(0), "SGD {}, Adam {}", loss(0), loss(5));
    // Adadelta, with no learning rate, has hardly left chance (10%).
    assert!(race.lanes()[4].latest().test_accuracy < 0.3);
    // The raw pixels (16 times larger): momentum at the same rate runs away, plain SGD speeds
    // up; standardised, most lanes do better than either.
    let run = |pixels: &str| {
        let mut s = state.clone();
        s.apply("pixels", pixels).unwrap();
        let mut race = s.race().unwrap();
        race.step_to(600);
        race
    };
    let raw = run("raw");
    let momentum = &raw.lanes()[1];
    assert!(
        momentum.diverged().is_some() || momentum.latest().train_loss > 5.0 * loss(1),
        "momentum on raw pixels: {}",
        momentum.latest().train_loss
    );
    assert!(raw.lanes()[0].latest().train_loss < loss(0));
    let standard = run("standard");
    let better = [0, 1, 2, 3, 5]
        .into_iter()
        .filter(|&i| standard.lanes()[i].latest().train_loss < loss(i))
        .count();
    assert_eq!(
        better, 5,
        "standardised pixels help SGD, momentum, Nesterov, Adagrad and Adam"
    );
}
